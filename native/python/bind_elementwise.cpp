// Elementwise ops: module functions, Tensor methods, in-place forms and
// operators. Operators return NotImplemented for operands they don't know,
// so Python can try the other side.
#include "casters.h"
#include "ember/ops.h"
#include "ember/promotion.h"

namespace ember::python {
namespace {

bool try_operand(py::handle h, Operand* out) {
  if (py::isinstance<TensorImpl>(h)) {
    *out = Operand(h.cast<Tensor>());
    return true;
  }
  PyObject* o = h.ptr();
  if (PyBool_Check(o) || PyLong_Check(o) || PyFloat_Check(o) || PyComplex_Check(o)) {
    *out = Operand(to_scalar(h, "operator"));
    return true;
  }
  return false;
}

Operand operand(py::handle h, const char* op) {
  Operand o{Scalar()};
  EMBER_CHECK(try_operand(h, &o), Type, op, ": expected a tensor or a number, got ", Py_TYPE(h.ptr())->tp_name);
  return o;
}

Tensor out_arg(py::handle out) { return out.is_none() ? Tensor() : out.cast<Tensor>(); }

using BinaryFn = Tensor (*)(const Operand&, const Operand&, const Tensor&);

// Defines f(input, other, *, out=None) on the module, input.f(other),
// input.f_(other) and the operator pair (__op__, __rop__, __iop__).
void def_binary(py::module_& m, py::object& cls, const char* name, BinaryFn fn, const char* dunder, const char* rdunder,
                const char* idunder) {
  m.def(
      name,
      [fn, name](py::handle a, py::handle b, py::handle out) {
        return fn(operand(a, name), operand(b, name), out_arg(out));
      },
      py::arg("input"), py::arg("other"), py::kw_only(), py::arg("out") = py::none());
  cls.attr(name) =
      py::cpp_function([fn, name](const Tensor& self, py::handle b) { return fn(self, operand(b, name), {}); },
                       py::is_method(cls), py::name(name), py::arg("other"));
  const std::string inplace = std::string(name) + "_";
  cls.attr(inplace.c_str()) =
      py::cpp_function([fn, name](const Tensor& self, py::handle b) { return fn(self, operand(b, name), self); },
                       py::is_method(cls), py::name(inplace.c_str()), py::arg("other"));
  if (dunder) {
    cls.attr(dunder) = py::cpp_function(
        [fn](const Tensor& self, py::handle b) -> py::object {
          Operand o{Scalar()};
          if (!try_operand(b, &o)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
          return py::cast(fn(self, o, {}));
        },
        py::is_method(cls), py::name(dunder));
  }
  if (rdunder) {
    cls.attr(rdunder) = py::cpp_function(
        [fn](const Tensor& self, py::handle b) -> py::object {
          Operand o{Scalar()};
          if (!try_operand(b, &o)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
          return py::cast(fn(o, self, {}));
        },
        py::is_method(cls), py::name(rdunder));
  }
  if (idunder) {
    cls.attr(idunder) = py::cpp_function(
        [fn](const Tensor& self, py::handle b) -> py::object {
          Operand o{Scalar()};
          if (!try_operand(b, &o)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
          return py::cast(fn(self, o, self));
        },
        py::is_method(cls), py::name(idunder));
  }
}

template <Comparison C>
Tensor compare_fn(const Operand& a, const Operand& b, const Tensor& out) {
  return compare(C, a, b, out);
}

}  // namespace

void bind_elementwise(py::module_& m) {
  py::object cls = m.attr("Tensor");

  // add and sub take alpha: other * alpha is added (subtracted).
  for (auto [name, is_sub] : {std::pair{"add", false}, std::pair{"sub", true}}) {
    auto fn = is_sub ? &sub : &add;
    m.def(
        name,
        [fn, name](py::handle a, py::handle b, py::handle alpha, py::handle out) {
          return fn(operand(a, name), operand(b, name), to_scalar(alpha, name), out_arg(out));
        },
        py::arg("input"), py::arg("other"), py::kw_only(), py::arg("alpha") = 1, py::arg("out") = py::none());
    cls.attr(name) = py::cpp_function(
        [fn, name](const Tensor& self, py::handle b, py::handle alpha) {
          return fn(self, operand(b, name), to_scalar(alpha, name), {});
        },
        py::is_method(cls), py::name(name), py::arg("other"), py::kw_only(), py::arg("alpha") = 1);
    const std::string inplace = std::string(name) + "_";
    cls.attr(inplace.c_str()) = py::cpp_function(
        [fn, name](const Tensor& self, py::handle b, py::handle alpha) {
          return fn(self, operand(b, name), to_scalar(alpha, name), self);
        },
        py::is_method(cls), py::name(inplace.c_str()), py::arg("other"), py::kw_only(), py::arg("alpha") = 1);
  }
  auto add_fn = [](const Operand& a, const Operand& b, const Tensor& out) {
    return add(a, b, Scalar(int64_t{1}), out);
  };
  auto sub_fn = [](const Operand& a, const Operand& b, const Tensor& out) {
    return sub(a, b, Scalar(int64_t{1}), out);
  };
  for (auto [d, r, i, fn] : {std::tuple{"__add__", "__radd__", "__iadd__", +add_fn},
                             std::tuple{"__sub__", "__rsub__", "__isub__", +sub_fn}}) {
    cls.attr(d) = py::cpp_function(
        [fn](const Tensor& self, py::handle b) -> py::object {
          Operand o{Scalar()};
          if (!try_operand(b, &o)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
          return py::cast(fn(self, o, {}));
        },
        py::is_method(cls), py::name(d));
    cls.attr(r) = py::cpp_function(
        [fn](const Tensor& self, py::handle b) -> py::object {
          Operand o{Scalar()};
          if (!try_operand(b, &o)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
          return py::cast(fn(o, self, {}));
        },
        py::is_method(cls), py::name(r));
    cls.attr(i) = py::cpp_function(
        [fn](const Tensor& self, py::handle b) -> py::object {
          Operand o{Scalar()};
          if (!try_operand(b, &o)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
          return py::cast(fn(self, o, self));
        },
        py::is_method(cls), py::name(i));
  }

  def_binary(m, cls, "mul", &mul, "__mul__", "__rmul__", "__imul__");
  def_binary(m, cls, "div", &div, "__truediv__", "__rtruediv__", "__itruediv__");
  def_binary(m, cls, "true_divide", &div, nullptr, nullptr, nullptr);
  def_binary(
      m, cls, "maximum",
      [](const Operand& a, const Operand& b, const Tensor& out) {
        EMBER_CHECK(!a.is_number() && !b.is_number(), Type, "maximum: expected two tensors");
        return maximum(a.tensor, b.tensor, out);
      },
      nullptr, nullptr, nullptr);
  def_binary(
      m, cls, "minimum",
      [](const Operand& a, const Operand& b, const Tensor& out) {
        EMBER_CHECK(!a.is_number() && !b.is_number(), Type, "minimum: expected two tensors");
        return minimum(a.tensor, b.tensor, out);
      },
      nullptr, nullptr, nullptr);
  def_binary(m, cls, "eq", &compare_fn<Comparison::Eq>, "__eq__", nullptr, nullptr);
  def_binary(m, cls, "ne", &compare_fn<Comparison::Ne>, "__ne__", nullptr, nullptr);
  def_binary(m, cls, "lt", &compare_fn<Comparison::Lt>, "__lt__", nullptr, nullptr);
  def_binary(m, cls, "le", &compare_fn<Comparison::Le>, "__le__", nullptr, nullptr);
  def_binary(m, cls, "gt", &compare_fn<Comparison::Gt>, "__gt__", nullptr, nullptr);
  def_binary(m, cls, "ge", &compare_fn<Comparison::Ge>, "__ge__", nullptr, nullptr);
  // Defining __eq__ drops the inherited hash; tensors hash by identity, as in PyTorch.
  cls.attr("__hash__") = py::cpp_function([](py::handle self) { return reinterpret_cast<intptr_t>(self.ptr()); },
                                          py::is_method(cls), py::name("__hash__"));

#define EMBER_PAIR(op, name, float_valued) std::pair{#name, UnaryMath::op},
  const std::pair<const char*, UnaryMath> unaries[] = {EMBER_UNARY_OPS(EMBER_PAIR)};
#undef EMBER_PAIR
  for (auto [name, op] : unaries) {
    m.def(
        name, [op](const Tensor& a, py::handle out) { return unary(op, a, out_arg(out)); }, py::arg("input"),
        py::kw_only(), py::arg("out") = py::none());
    cls.attr(name) =
        py::cpp_function([op](const Tensor& self) { return unary(op, self, {}); }, py::is_method(cls), py::name(name));
    const std::string inplace = std::string(name) + "_";
    cls.attr(inplace.c_str()) = py::cpp_function([op](const Tensor& self) { return unary(op, self, self); },
                                                 py::is_method(cls), py::name(inplace.c_str()));
  }
  cls.attr("__neg__") = cls.attr("neg");
  cls.attr("__abs__") = cls.attr("abs");

  m.def(
      "result_type",
      [](py::handle a, py::handle b) { return result_type(operand(a, "result_type"), operand(b, "result_type")); },
      py::arg("tensor1"), py::arg("tensor2"));
  m.def("promote_types", &promote_types, py::arg("type1"), py::arg("type2"));
  m.def("can_cast", &can_cast, py::arg("from_"), py::arg("to"));
}

}  // namespace ember::python
