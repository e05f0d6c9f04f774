// ember._C: the thin binding over the native core. Logic lives in the core;
// each file here binds one area.
#include <atomic>

#include "casters.h"
#include "ember/interpreter_lock.h"
#include "native_recorder.h"

namespace {

// How often kernels gave up the GIL: lets tests check that they do.
std::atomic<uint64_t> g_gil_releases{0};

// Kernels run without the GIL when the calling thread holds it (a kernel
// called from one already released, e.g. inside matmul, leaves it alone).
void* release_gil() {
  if (!PyGILState_Check()) return nullptr;
  g_gil_releases.fetch_add(1, std::memory_order_relaxed);
  return PyEval_SaveThread();
}
void reacquire_gil(void* state) { PyEval_RestoreThread(static_cast<PyThreadState*>(state)); }

}  // namespace

PYBIND11_MODULE(_C, m) {
  using namespace ember::python;
  m.doc() = "ember's native core";
  ember::set_interpreter_lock_hooks({&release_gil, &reacquire_gil});
  m.def("_gil_releases", [] { return g_gil_releases.load(std::memory_order_relaxed); });
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
  bind_shape(m);
  bind_random(m);
  bind_indexing(m);
  bind_reduce(m);
  bind_sort(m);
  bind_nn(m);
  bind_autograd(m);
  bind_native_recorder(m);
  bind_cuda(m);
}
