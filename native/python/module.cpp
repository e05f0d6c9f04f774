// ember._C: the thin binding over the native core. Logic lives in the core;
// each file here binds one area.
#include "casters.h"

PYBIND11_MODULE(_C, m) {
  using namespace ember::python;
  m.doc() = "ember's native core";
  bind_errors(m);
  bind_dtypes(m);
  bind_tensor(m);
  bind_creation(m);
  bind_from_python(m);
  bind_numpy(m);
  bind_linalg(m);
  bind_elementwise(m);
  bind_views(m);
  bind_registry(m);
  bind_dlpack(m);
  bind_reduce(m);
}
