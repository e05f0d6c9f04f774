// Elementwise ops: module functions, Tensor methods, in-place forms and
// operators. Operators return NotImplemented for operands they don't know,
// so Python can try the other side.
#include <array>
#include <cstring>
#include <functional>
#include <span>
#include <utility>

#include "casters.h"
#include "ember/ops.h"
#include "ember/promotion.h"
#include "operator_fn.h"

namespace ember::python {
namespace {

// A NumPy array as a tensor (sharing its memory, or a copy where from_numpy
// can't share: read-only arrays, negative strides); false for anything else,
// including arrays of dtypes ember lacks.
bool try_numpy_array(py::handle h, Tensor* out) {
  py::object numpy = py::module_::import("sys").attr("modules").attr("get")("numpy");
  if (numpy.is_none() || !py::isinstance(h, numpy.attr("ndarray"))) return false;
  py::object arr = py::reinterpret_borrow<py::object>(h);
  const std::string kind = py::str(arr.attr("dtype").attr("kind"));
  const int64_t item = arr.attr("dtype").attr("itemsize").cast<int64_t>();
  const bool known = kind == "b" || (kind == "u" && item == 1) || kind == "i" || (kind == "f" && item <= 8) ||
                     (kind == "c" && item <= 16);  // not float128
  if (!known) return false;
  bool shareable = arr.attr("flags").attr("writeable").cast<bool>();
  for (py::handle stride : arr.attr("strides")) shareable = shareable && stride.cast<int64_t>() >= 0;
  if (!shareable) arr = arr.attr("copy")();
  *out = py::module_::import("ember._C").attr("from_numpy")(arr).cast<Tensor>();
  return true;
}

}  // namespace

bool try_operand(py::handle h, Operand* out) {
  if (is_tensor(h.ptr())) {
    *out = Operand(h.cast<Tensor>());
    return true;
  }
  PyObject* o = h.ptr();
  DType numpy_dtype;
  if (PyBool_Check(o) || PyLong_Check(o) || PyFloat_Check(o) || PyComplex_Check(o) ||
      numpy_scalar_dtype(o, &numpy_dtype)) {
    *out = Operand(to_scalar(h, "operator"));
    return true;
  }
  Tensor array;
  if (try_numpy_array(h, &array)) {
    *out = Operand(array);
    return true;
  }
  return false;
}

namespace {

Operand operand(py::handle h, const char* op) {
  Operand o{Scalar()};
  EMBER_CHECK(try_operand(h, &o), Type, op, ": expected a tensor or a number, got ", Py_TYPE(h.ptr())->tp_name);
  return o;
}

Tensor out_arg(py::handle out) { return out.is_none() ? Tensor() : out.cast<Tensor>(); }

std::optional<double> optional_double(py::handle h, const char* op) {
  if (h.is_none()) return std::nullopt;
  return to_scalar(h, op).to_double();
}

std::optional<Operand> optional_operand(py::handle h, const char* op) {
  if (h.is_none()) return std::nullopt;
  return operand(h, op);
}

// A unary op with N scalar parameters: fn(input, params, out).
using ParametricFn = std::function<Tensor(const Tensor&, std::span<const py::handle>, const Tensor&)>;
template <size_t>
using Handle = py::handle;

// name(input, params..., *, out=None) on the module (when given), and the
// methods input.name(params...) and input.name_(params...).
template <size_t... I, class... Arg>
void def_parametric_impl(py::module_* m, py::object& cls, const char* name, const ParametricFn& fn,
                         std::index_sequence<I...>, const Arg&... params) {
  if (m != nullptr)
    m->def(
        name,
        [fn](const Tensor& a, Handle<I>... p, py::handle out) {
          const std::array<py::handle, sizeof...(I)> ps{p...};
          return fn(a, ps, out_arg(out));
        },
        py::arg("input"), params..., py::kw_only(), py::arg("out") = py::none());
  cls.attr(name) = py::cpp_function(
      [fn](const Tensor& self, Handle<I>... p) {
        const std::array<py::handle, sizeof...(I)> ps{p...};
        return fn(self, ps, {});
      },
      py::is_method(cls), py::name(name), params...);
  const std::string inplace = std::string(name) + "_";
  cls.attr(inplace.c_str()) = py::cpp_function(
      [fn](const Tensor& self, Handle<I>... p) {
        const std::array<py::handle, sizeof...(I)> ps{p...};
        return fn(self, ps, self);
      },
      py::is_method(cls), py::name(inplace.c_str()), params...);
}

template <class... Arg>
void def_parametric(py::module_* m, py::object& cls, const char* name, const ParametricFn& fn, const Arg&... params) {
  def_parametric_impl(m, cls, name, fn, std::index_sequence_for<Arg...>(), params...);
}

// Where PyTorch's signatures of a binary function take a Python number.
enum class Numbers {
  Anywhere,   // add(2, 3)
  NotBoth,    // remainder(2, t), not remainder(2, 3)
  OtherOnly,  // eq(t, 2), not eq(2, t)
  None        // maximum(t, u) only
};

// TypeError where PyTorch has no signature for these operands.
void check_numbers(const char* op, Numbers numbers, const Operand& a, const Operand& b) {
  auto what = [](const Operand& o) { return o.is_number() ? "a number" : "a tensor"; };
  const bool ok = numbers == Numbers::Anywhere || (numbers == Numbers::NotBoth && !(a.is_number() && b.is_number())) ||
                  (numbers == Numbers::OtherOnly && !a.is_number()) || (!a.is_number() && !b.is_number());
  EMBER_CHECK(ok, Type, op, ": no signature takes (", what(a), ", ", what(b), "); expected ",
              numbers == Numbers::None        ? "two tensors"
              : numbers == Numbers::OtherOnly ? "`input` to be a tensor"
                                              : "at least one tensor");
}

// f(input, other, *, out=None) on the module, input.f(other) and input.f_(other),
// taking numbers where `numbers` says.
void def_binary(py::module_& m, py::object& cls, const char* name, Numbers numbers, BinaryFn fn) {
  auto call = [fn, name, numbers](const Operand& a, const Operand& b, const Tensor& out) {
    check_numbers(name, numbers, a, b);
    return fn(a, b, out);
  };
  m.def(
      name,
      [call, name](py::handle a, py::handle b, py::handle out) {
        return call(operand(a, name), operand(b, name), out_arg(out));
      },
      py::arg("input"), py::arg("other"), py::kw_only(), py::arg("out") = py::none());
  cls.attr(name) =
      py::cpp_function([call, name](const Tensor& self, py::handle b) { return call(self, operand(b, name), {}); },
                       py::is_method(cls), py::name(name), py::arg("other"));
  const std::string inplace = std::string(name) + "_";
  cls.attr(inplace.c_str()) =
      py::cpp_function([call, name](const Tensor& self, py::handle b) { return call(self, operand(b, name), self); },
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

// PyTorch's signatures of the binary math functions (checked against torch 2.13).
Numbers numbers_of(BinaryMath op) {
  switch (op) {
    case BinaryMath::Mul:
    case BinaryMath::Div:
    case BinaryMath::DivTrunc:
    case BinaryMath::FloorDivide: return Numbers::Anywhere;
    case BinaryMath::Remainder:
    case BinaryMath::Pow:
    case BinaryMath::BitwiseAnd:
    case BinaryMath::BitwiseOr:
    case BinaryMath::BitwiseXor:
    case BinaryMath::LeftShift:
    case BinaryMath::RightShift: return Numbers::NotBoth;
    case BinaryMath::Fmod:
    case BinaryMath::Copysign: return Numbers::OtherOnly;
    default: return Numbers::None;  // maximum, minimum, fmax, fmin, atan2, hypot
  }
}

BinaryMath div_mode(py::handle rounding_mode) {
  if (rounding_mode.is_none()) return BinaryMath::Div;
  const std::string mode = rounding_mode.cast<std::string>();
  if (mode == "trunc") return BinaryMath::DivTrunc;
  if (mode == "floor") return BinaryMath::FloorDivide;
  EMBER_FAIL(Runtime, "div: expected rounding_mode to be one of None, 'trunc', or 'floor' but found '", mode, "'");
}

UnaryMath gelu_mode(py::handle approximate) {
  const std::string mode = approximate.cast<std::string>();
  if (mode == "none") return UnaryMath::Gelu;
  if (mode == "tanh") return UnaryMath::GeluTanh;
  EMBER_FAIL(Runtime, "gelu: approximate argument must be either 'none' or 'tanh', got '", mode, "'");
}

// round(input, *, decimals=None): without decimals, integers round to themselves
// (PyTorch's round with decimals, even 0, takes floats only).
Tensor round_with(const Tensor& a, py::handle decimals, const Tensor& out) {
  if (decimals.is_none()) return unary(UnaryMath::Round, a, out);
  return round(a, to_scalar(decimals, "round").to_int(), out);
}

// Ops with arguments beyond their tensors: activations with parameters, logit,
// nan_to_num, round(decimals=), clamp, isclose, allclose, equal.
void bind_parametric(py::module_& m, py::object& cls) {
  auto sc = [](py::handle h, const char* op) { return to_scalar(h, op); };
  // torch.nn.functional's: ember._C only (ember.nn.functional wraps them)
  def_parametric(
      &m, cls, "leaky_relu",
      [sc](const Tensor& a, auto p, const Tensor& out) { return leaky_relu(a, sc(p[0], "leaky_relu"), out); },
      py::arg("negative_slope") = 0.01);
  def_parametric(
      &m, cls, "elu",
      [sc](const Tensor& a, auto p, const Tensor& out) {
        return elu(a, sc(p[0], "elu"), sc(p[1], "elu"), sc(p[2], "elu"), out);
      },
      py::arg("alpha") = 1.0, py::arg("scale") = 1.0, py::arg("input_scale") = 1.0);
  def_parametric(
      &m, cls, "celu", [sc](const Tensor& a, auto p, const Tensor& out) { return celu(a, sc(p[0], "celu"), out); },
      py::arg("alpha") = 1.0);
  def_parametric(
      &m, cls, "softplus",
      [sc](const Tensor& a, auto p, const Tensor& out) {
        return softplus(a, sc(p[0], "softplus"), sc(p[1], "softplus"), out);
      },
      py::arg("beta") = 1.0, py::arg("threshold") = 20.0);
  def_parametric(
      &m, cls, "hardtanh",
      [sc](const Tensor& a, auto p, const Tensor& out) {
        return hardtanh(a, sc(p[0], "hardtanh"), sc(p[1], "hardtanh"), out);
      },
      py::arg("min_val") = -1.0, py::arg("max_val") = 1.0);
  def_parametric(
      &m, cls, "gelu", [](const Tensor& a, auto p, const Tensor& out) { return unary(gelu_mode(p[0]), a, out); },
      py::arg("approximate") = "none");
  // torch.<name>
  def_parametric(
      &m, cls, "logit",
      [](const Tensor& a, auto p, const Tensor& out) { return logit(a, optional_double(p[0], "logit"), out); },
      py::arg("eps") = py::none());
  def_parametric(
      &m, cls, "nan_to_num",
      [](const Tensor& a, auto p, const Tensor& out) {
        return nan_to_num(a, optional_double(p[0], "nan_to_num"), optional_double(p[1], "nan_to_num"),
                          optional_double(p[2], "nan_to_num"), out);
      },
      py::arg("nan") = 0.0, py::arg("posinf") = py::none(), py::arg("neginf") = py::none());

  m.def(
      "round",
      [](const Tensor& a, py::handle decimals, py::handle out) { return round_with(a, decimals, out_arg(out)); },
      py::arg("input"), py::kw_only(), py::arg("decimals") = py::none(), py::arg("out") = py::none());
  cls.attr("round") =
      py::cpp_function([](const Tensor& self, py::handle decimals) { return round_with(self, decimals, {}); },
                       py::is_method(cls), py::name("round"), py::kw_only(), py::arg("decimals") = py::none());
  cls.attr("round_") =
      py::cpp_function([](const Tensor& self, py::handle decimals) { return round_with(self, decimals, self); },
                       py::is_method(cls), py::name("round_"), py::kw_only(), py::arg("decimals") = py::none());

  // clamp(input, min=None, max=None) and its alias clip; clamp_min, clamp_max
  for (const char* name : {"clamp", "clip"}) {
    def_parametric(
        &m, cls, name,
        [](const Tensor& a, auto p, const Tensor& out) {
          return clamp(a, optional_operand(p[0], "clamp"), optional_operand(p[1], "clamp"), out);
        },
        py::arg("min") = py::none(), py::arg("max") = py::none());
  }
  def_parametric(
      &m, cls, "clamp_min",
      [](const Tensor& a, auto p, const Tensor& out) { return clamp_min(a, operand(p[0], "clamp_min"), out); },
      py::arg("min"));
  def_parametric(
      &m, cls, "clamp_max",
      [](const Tensor& a, auto p, const Tensor& out) { return clamp_max(a, operand(p[0], "clamp_max"), out); },
      py::arg("max"));

  auto tolerance = [](py::handle h, const char* what) { return to_scalar(h, what).to_double(); };
  m.def(
      "isclose",
      [tolerance](const Tensor& a, const Tensor& b, py::handle rtol, py::handle atol, bool equal_nan) {
        return isclose(a, b, tolerance(rtol, "isclose"), tolerance(atol, "isclose"), equal_nan);
      },
      py::arg("input"), py::arg("other"), py::arg("rtol") = 1e-05, py::arg("atol") = 1e-08,
      py::arg("equal_nan") = false);
  m.def(
      "allclose",
      [tolerance](const Tensor& a, const Tensor& b, py::handle rtol, py::handle atol, bool equal_nan) {
        return allclose(a, b, tolerance(rtol, "allclose"), tolerance(atol, "allclose"), equal_nan);
      },
      py::arg("input"), py::arg("other"), py::arg("rtol") = 1e-05, py::arg("atol") = 1e-08,
      py::arg("equal_nan") = false);
  m.def("equal", &equal, py::arg("input"), py::arg("other"));
  cls.attr("isclose") = py::cpp_function(
      [tolerance](const Tensor& self, const Tensor& other, py::handle rtol, py::handle atol, bool equal_nan) {
        return isclose(self, other, tolerance(rtol, "isclose"), tolerance(atol, "isclose"), equal_nan);
      },
      py::is_method(cls), py::name("isclose"), py::arg("other"), py::arg("rtol") = 1e-05, py::arg("atol") = 1e-08,
      py::arg("equal_nan") = false);
  cls.attr("allclose") = py::cpp_function(
      [tolerance](const Tensor& self, const Tensor& other, py::handle rtol, py::handle atol, bool equal_nan) {
        return allclose(self, other, tolerance(rtol, "allclose"), tolerance(atol, "allclose"), equal_nan);
      },
      py::is_method(cls), py::name("allclose"), py::arg("other"), py::arg("rtol") = 1e-05, py::arg("atol") = 1e-08,
      py::arg("equal_nan") = false);
  cls.attr("equal") = py::cpp_function(&equal, py::is_method(cls), py::name("equal"), py::arg("other"));
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

#define EMBER_BIND(op, name, float_valued)                                          \
  {                                                                                 \
    const BinaryFn fn = [](const Operand& a, const Operand& b, const Tensor& out) { \
      return binary(BinaryMath::op, a, b, out);                                     \
    };                                                                              \
    if (std::strcmp(#name, "div") != 0 && std::strcmp(#name, "div_trunc") != 0)     \
      def_binary(m, cls, #name, numbers_of(BinaryMath::op), fn);                    \
    for (const auto& names : kOperators)                                            \
      if (std::strcmp(names.function, #name) == 0) {                                \
        def_operator(cls, names.forward, fn, Form::Forward);                        \
        def_operator(cls, names.reflected, fn, Form::Reflected);                    \
        def_operator(cls, names.inplace, fn, Form::InPlace);                        \
      }                                                                             \
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
  def_binary(m, cls, "true_divide", Numbers::Anywhere,
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
    const BinaryFn fn = [op](const Operand& a, const Operand& b, const Tensor& out) { return compare(op, a, b, out); };
    // PyTorch's comparisons take a number as `other`; its logical ops take two tensors.
    def_binary(m, cls, name, op <= Comparison::Ge ? Numbers::OtherOnly : Numbers::None, fn);
    if (op <= Comparison::Ge) def_operator(cls, ("__" + std::string(name) + "__").c_str(), fn, Form::Forward);
  }
  // Defining __eq__ drops the inherited hash; tensors hash by identity, as in PyTorch.
  cls.attr("__hash__") = py::cpp_function([](py::handle self) { return reinterpret_cast<intptr_t>(self.ptr()); },
                                          py::is_method(cls), py::name("__hash__"));

#define EMBER_PAIR(op, name, float_valued) std::pair{#name, UnaryMath::op},
  const std::pair<const char*, UnaryMath> unaries[] = {EMBER_UNARY_OPS(EMBER_PAIR)};
#undef EMBER_PAIR
  for (auto [name, op] : unaries) {
    if (op == UnaryMath::Gelu || op == UnaryMath::Round) continue;  // take arguments: below
    m.def(
        name, [op](const Tensor& a, py::handle out) { return unary(op, a, out_arg(out)); }, py::arg("input"),
        py::kw_only(), py::arg("out") = py::none());
    cls.attr(name) =
        py::cpp_function([op](const Tensor& self) { return unary(op, self, {}); }, py::is_method(cls), py::name(name));
    const std::string inplace = std::string(name) + "_";
    cls.attr(inplace.c_str()) = py::cpp_function(
        [op](const Tensor& self) {
          // abs(z, out=z) is allowed but z.abs_() is not, as PyTorch
          EMBER_CHECK(op != UnaryMath::Abs || !is_complex(self.dtype()), Runtime,
                      "abs_: in-place abs is not supported for complex tensors (got ", ember::name(self.dtype()), ")");
          return unary(op, self, self);
        },
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

  bind_parametric(m, cls);

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
