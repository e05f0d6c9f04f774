// Shared by the nn binding files (bind_nn*.cpp): argument readers and the
// ember._C._nn submodule.
#pragma once

#include "casters.h"
#include "ember/nn_ops.h"
#include "ember/ops.h"

namespace ember::python {
namespace nn_bind {

bool is_int(py::handle h);
// An int or a sequence of ints (PyTorch's int[] arguments); `what` names it in errors.
DimVector ints(py::handle h, const char* what, const char* op);
DimVector opt_ints(py::handle h, const char* what, const char* op);  // None: empty
Tensor opt_tensor(py::handle h);                                     // None: undefined
Mask3 mask(py::handle h, const char* op);                            // output_mask: 3 bools
// ember._C._nn, made by whichever binding asks first.
py::module_ nn_module(py::module_& m);
// A tuple of three tensors, undefined ones as None.
py::object tensors(const Tensor3& t);

}  // namespace nn_bind

void bind_nn_pool(py::module_& m, py::module_& nn);
void bind_nn_norm(py::module_& m, py::module_& nn);
void bind_nn_upsample(py::module_& nn);

}  // namespace ember::python
