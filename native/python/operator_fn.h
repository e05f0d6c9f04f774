// Tensor operators (__add__, __radd__, __iadd__, __eq__, ...) as C-level
// callables: `a + b` is the most frequent call there is, and pybind11's
// overload dispatch was a third of its cost on small tensors.
#pragma once

#include <functional>

#include "casters.h"
#include "ember/ops.h"

namespace ember::python {

using BinaryFn = std::function<Tensor(const Operand&, const Operand&, const Tensor&)>;

// Operator forms: self OP other, other OP self (reflected), self OP= other.
enum class Form { Forward, Reflected, InPlace };

// Tensors, Python numbers, NumPy scalars (as numbers) and NumPy arrays (as tensors); false otherwise.
bool try_operand(py::handle h, Operand* out);

// Sets cls.<dunder> to an operator computing fn in `form`; it returns
// NotImplemented for an operand it does not know, so Python tries the other side.
void def_operator(py::object& cls, const char* dunder, BinaryFn fn, Form form);

}  // namespace ember::python
