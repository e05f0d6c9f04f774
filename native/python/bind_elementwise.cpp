// Elementwise ops: module functions, Tensor methods, in-place forms and
// operators. Operators return NotImplemented for operands they don't know,
// so Python can try the other side.
#include <cstring>
#include <functional>

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

using BinaryFn = std::function<Tensor(const Operand&, const Operand&, const Tensor&)>;

// Operator forms: self OP other, other OP self (reflected), self OP= other.
enum class Form { Forward, Reflected, InPlace };

void def_operator(py::object& cls, const char* dunder, BinaryFn fn, Form form) {
  cls.attr(dunder) = py::cpp_function(
      [fn, form](const Tensor& self, py::handle other) -> py::object {
        Operand o{Scalar()};
        if (!try_operand(other, &o)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
        switch (form) {
          case Form::Forward: return py::cast(fn(self, o, {}));
          case Form::Reflected: return py::cast(fn(o, self, {}));
          default: return py::cast(fn(self, o, self));
        }
      },
      py::is_method(cls), py::name(dunder));
}

// f(input, other, *, out=None) on the module, input.f(other) and input.f_(other).
void def_binary(py::module_& m, py::object& cls, const char* name, BinaryFn fn) {
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
}

struct OperatorNames {
  const char *function, *forward, *reflected, *inplace;
};
constexpr OperatorNames kOperators[] = {
    {"mul", "__mul__", "__rmul__", "__imul__"},
    {"div", "__truediv__", "__rtruediv__", "__itruediv__"},
    {"floor_divide", "__floordiv__", "__rfloordiv__", "__ifloordiv__"},
    {"remainder", "__mod__", "__rmod__", "__imod__"},
    {"pow", "__pow__", "__rpow__", "__ipow__"},
    {"bitwise_and", "__and__", "__rand__", "__iand__"},
    {"bitwise_or", "__or__", "__ror__", "__ior__"},
    {"bitwise_xor", "__xor__", "__rxor__", "__ixor__"},
    {"bitwise_left_shift", "__lshift__", "__rlshift__", "__ilshift__"},
    {"bitwise_right_shift", "__rshift__", "__rrshift__", "__irshift__"},
};

// PyTorch's signatures for these take two tensors, no Python numbers.
bool tensors_only(BinaryMath op) {
  return op == BinaryMath::Maximum || op == BinaryMath::Minimum || op == BinaryMath::Fmax || op == BinaryMath::Fmin ||
         op == BinaryMath::Atan2 || op == BinaryMath::Hypot;
}

BinaryMath div_mode(py::handle rounding_mode) {
  if (rounding_mode.is_none()) return BinaryMath::Div;
  const std::string mode = rounding_mode.cast<std::string>();
  if (mode == "trunc") return BinaryMath::DivTrunc;
  if (mode == "floor") return BinaryMath::FloorDivide;
  EMBER_FAIL(Runtime, "div: expected rounding_mode to be one of None, 'trunc', or 'floor' but found '", mode, "'");
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
    const BinaryFn plain = [fn](const Operand& a, const Operand& b, const Tensor& out) {
      return fn(a, b, Scalar(int64_t{1}), out);
    };
    const std::string dunder = is_sub ? "sub__" : "add__";
    def_operator(cls, ("__" + dunder).c_str(), plain, Form::Forward);
    def_operator(cls, ("__r" + dunder).c_str(), plain, Form::Reflected);
    def_operator(cls, ("__i" + dunder).c_str(), plain, Form::InPlace);
  }

#define EMBER_BIND(op, name, float_valued)                                                                     \
  {                                                                                                            \
    const BinaryFn fn = [](const Operand& a, const Operand& b, const Tensor& out) {                            \
      EMBER_CHECK(!tensors_only(BinaryMath::op) || (!a.is_number() && !b.is_number()), Type, #name,            \
                  ": expected both operands to be tensors");                                                   \
      return binary(BinaryMath::op, a, b, out);                                                                \
    };                                                                                                         \
    if (std::strcmp(#name, "div") != 0 && std::strcmp(#name, "div_trunc") != 0) def_binary(m, cls, #name, fn); \
    for (const auto& names : kOperators)                                                                       \
      if (std::strcmp(names.function, #name) == 0) {                                                           \
        def_operator(cls, names.forward, fn, Form::Forward);                                                   \
        def_operator(cls, names.reflected, fn, Form::Reflected);                                               \
        def_operator(cls, names.inplace, fn, Form::InPlace);                                                   \
      }                                                                                                        \
  }
  EMBER_BINARY_OPS(EMBER_BIND)
#undef EMBER_BIND

  // div(input, other, *, rounding_mode=None, out=None); true_divide is div without a mode.
  m.def(
      "div",
      [](py::handle a, py::handle b, py::handle mode, py::handle out) {
        return binary(div_mode(mode), operand(a, "div"), operand(b, "div"), out_arg(out));
      },
      py::arg("input"), py::arg("other"), py::kw_only(), py::arg("rounding_mode") = py::none(),
      py::arg("out") = py::none());
  cls.attr("div") = py::cpp_function(
      [](const Tensor& self, py::handle b, py::handle mode) {
        return binary(div_mode(mode), self, operand(b, "div"), {});
      },
      py::is_method(cls), py::name("div"), py::arg("other"), py::kw_only(), py::arg("rounding_mode") = py::none());
  cls.attr("div_") = py::cpp_function(
      [](const Tensor& self, py::handle b, py::handle mode) {
        return binary(div_mode(mode), self, operand(b, "div"), self);
      },
      py::is_method(cls), py::name("div_"), py::arg("other"), py::kw_only(), py::arg("rounding_mode") = py::none());
  def_binary(m, cls, "true_divide",
             [](const Operand& a, const Operand& b, const Tensor& out) { return binary(BinaryMath::Div, a, b, out); });

  const std::pair<const char*, Comparison> comparisons[] = {
      {"eq", Comparison::Eq},
      {"ne", Comparison::Ne},
      {"lt", Comparison::Lt},
      {"le", Comparison::Le},
      {"gt", Comparison::Gt},
      {"ge", Comparison::Ge},
      {"logical_and", Comparison::LogicalAnd},
      {"logical_or", Comparison::LogicalOr},
      {"logical_xor", Comparison::LogicalXor},
  };
  for (auto [name, op] : comparisons) {
    const BinaryFn fn = [op, name](const Operand& a, const Operand& b, const Tensor& out) {
      // PyTorch's logical ops take two tensors; comparisons take numbers too.
      EMBER_CHECK(op <= Comparison::Ge || (!a.is_number() && !b.is_number()), Type, name,
                  ": expected both operands to be tensors");
      return compare(op, a, b, out);
    };
    def_binary(m, cls, name, fn);
    if (op <= Comparison::Ge) def_operator(cls, ("__" + std::string(name) + "__").c_str(), fn, Form::Forward);
  }
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
  const std::pair<const char*, Predicate> predicates[] = {
      {"isnan", Predicate::IsNan},
      {"isinf", Predicate::IsInf},
      {"isfinite", Predicate::IsFinite},
      {"isposinf", Predicate::IsPosInf},
      {"isneginf", Predicate::IsNegInf},
      {"signbit", Predicate::Signbit},
      {"logical_not", Predicate::LogicalNot},
  };
  for (auto [name, op] : predicates) {
    m.def(
        name, [op](const Tensor& a, py::handle out) { return predicate(op, a, out_arg(out)); }, py::arg("input"),
        py::kw_only(), py::arg("out") = py::none());
    cls.attr(name) = py::cpp_function([op](const Tensor& self) { return predicate(op, self, {}); }, py::is_method(cls),
                                      py::name(name));
  }
  cls.attr("logical_not_") =
      py::cpp_function([](const Tensor& self) { return predicate(Predicate::LogicalNot, self, self); },
                       py::is_method(cls), py::name("logical_not_"));
  cls.attr("__invert__") = py::cpp_function(
      [](const Tensor& self) {
        EMBER_CHECK(is_integral(self.dtype(), true), Type,
                    "~ (bitwise_not) is only defined for integer and bool "
                    "tensors, got ",
                    name(self.dtype()));
        return unary(UnaryMath::BitwiseNot, self, {});
      },
      py::is_method(cls), py::name("__invert__"));

  m.def(
      "where",
      [](const Tensor& cond, py::handle a, py::handle b, py::handle out) {
        return where(cond, operand(a, "where"), operand(b, "where"), out_arg(out));
      },
      py::arg("condition"), py::arg("input"), py::arg("other"), py::kw_only(), py::arg("out") = py::none());
  cls.attr("where") = py::cpp_function([](const Tensor& self, const Tensor& cond,
                                          py::handle other) { return where(cond, self, operand(other, "where"), {}); },
                                       py::is_method(cls), py::name("where"), py::arg("condition"), py::arg("other"));
  m.def(
      "lerp",
      [](const Tensor& start, const Tensor& end, py::handle weight, py::handle out) {
        return lerp(start, end, operand(weight, "lerp"), out_arg(out));
      },
      py::arg("input"), py::arg("end"), py::arg("weight"), py::kw_only(), py::arg("out") = py::none());
  cls.attr("lerp") = py::cpp_function([](const Tensor& self, const Tensor& end,
                                         py::handle weight) { return lerp(self, end, operand(weight, "lerp"), {}); },
                                      py::is_method(cls), py::name("lerp"), py::arg("end"), py::arg("weight"));
  cls.attr("lerp_") = py::cpp_function([](const Tensor& self, const Tensor& end,
                                          py::handle weight) { return lerp(self, end, operand(weight, "lerp"), self); },
                                       py::is_method(cls), py::name("lerp_"), py::arg("end"), py::arg("weight"));
  for (auto [name, fn] : {std::pair{"addcmul", &addcmul}, std::pair{"addcdiv", &addcdiv}}) {
    m.def(
        name,
        [fn, name](const Tensor& input, const Tensor& t1, const Tensor& t2, py::handle value, py::handle out) {
          return fn(input, t1, t2, to_scalar(value, name), out_arg(out));
        },
        py::arg("input"), py::arg("tensor1"), py::arg("tensor2"), py::kw_only(), py::arg("value") = 1,
        py::arg("out") = py::none());
    cls.attr(name) =
        py::cpp_function([fn, name](const Tensor& self, const Tensor& t1, const Tensor& t2,
                                    py::handle value) { return fn(self, t1, t2, to_scalar(value, name), {}); },
                         py::is_method(cls), py::name(name), py::arg("tensor1"), py::arg("tensor2"), py::kw_only(),
                         py::arg("value") = 1);
    const std::string inplace = std::string(name) + "_";
    cls.attr(inplace.c_str()) =
        py::cpp_function([fn, name](const Tensor& self, const Tensor& t1, const Tensor& t2,
                                    py::handle value) { return fn(self, t1, t2, to_scalar(value, name), self); },
                         py::is_method(cls), py::name(inplace.c_str()), py::arg("tensor1"), py::arg("tensor2"),
                         py::kw_only(), py::arg("value") = 1);
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
