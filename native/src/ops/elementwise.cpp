// Front ends of the elementwise ops: promote, broadcast, check the output,
// convert operands to the compute dtype, then run one kernel loop.
#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <limits>
#include <vector>

#include "../core/cuda_backend.h"
#include "../core/elementwise_loop.h"
#include "../cpu/elementwise_kernels.h"
#include "../cpu/kernels.h"
#include "device_check.h"
#include "ember/ops.h"
#include "ember/promotion.h"

namespace ember {
namespace {

#define EMBER_NAME(op, name, float_valued) #name,
const char* kBinaryNames[] = {EMBER_BINARY_OPS(EMBER_NAME)};
#undef EMBER_NAME
#define EMBER_FLOAT_VALUED(op, name, float_valued) float_valued,
const bool kBinaryFloatValued[] = {EMBER_BINARY_OPS(EMBER_FLOAT_VALUED)};
#undef EMBER_FLOAT_VALUED
const char* kCompareNames[] = {"eq", "ne",          "lt",         "le",          "gt",
                               "ge", "logical_and", "logical_or", "logical_xor", "isclose"};
#define EMBER_NAME(op, name, float_valued) #name,
const char* kUnaryNames[] = {EMBER_UNARY_OPS(EMBER_NAME) EMBER_PARAMETRIC_UNARY_OPS(EMBER_NAME)};
#undef EMBER_NAME
#define EMBER_FLOAT_VALUED(op, name, float_valued) float_valued,
const bool kUnaryFloatValued[] = {EMBER_UNARY_OPS(EMBER_FLOAT_VALUED) EMBER_PARAMETRIC_UNARY_OPS(EMBER_FLOAT_VALUED)};
#undef EMBER_FLOAT_VALUED

PromotionOperand promotion_operand(const Operand& o) {
  if (!o.is_number())
    return {o.tensor.dtype(),
            o.tensor.dim() == 0 ? PromotionOperand::Rank::ZeroDim : PromotionOperand::Rank::Dimensioned};
  switch (o.number.kind()) {
    case Scalar::Kind::Bool: return {DType::Bool, PromotionOperand::Rank::Number};
    case Scalar::Kind::Int: return {DType::Int64, PromotionOperand::Rank::Number};
    case Scalar::Kind::Float: return {DType::Float64, PromotionOperand::Rank::Number};
    default: return {DType::Complex128, PromotionOperand::Rank::Number};
  }
}

IntArrayRef shape_of(const Operand& o) { return o.is_number() ? IntArrayRef{} : o.tensor.sizes(); }

// o as a tensor of `dtype` (numbers become 0-d tensors).
Tensor as_compute_tensor(const Operand& o, DType dtype) {
  if (o.is_number()) {  // wraps like a cast (uint8_tensor + 300), as PyTorch; no overflow check
    Tensor t = empty({}, dtype);
    cpu::fill(t, o.number);
    return t;
  }
  return to_dtype(o.tensor, dtype);
}

// Checks `out` can receive a result of `shape` and `dtype` (PyTorch's rules
// for in-place and out= forms).
void check_output(const Tensor& out, IntArrayRef shape, DType dtype, const char* op) {
  EMBER_CHECK(same_dims(out.sizes(), shape), Runtime, op, ": output with shape ", shape_str(out.sizes()),
              " doesn't match the broadcast shape ", shape_str(shape));
  EMBER_CHECK(can_cast(dtype, out.dtype()), Runtime, op, ": result type ", name(dtype),
              " can't be cast to the desired output type ", name(out.dtype()));
  for (int64_t d = 0; d < out.dim() && out.numel() > 0; ++d)
    EMBER_CHECK(out.stride(d) != 0 || out.size(d) <= 1, Runtime, op,
                ": unsupported operation: more than one element of the written-to tensor (shape ",
                shape_str(out.sizes()), ", strides ", shape_str(out.strides()),
                ") refers to a single memory location. Please clone() the tensor before performing the operation.");
}

// Whether t's elements fill a block of memory exactly once, in some order of
// dims (contiguous or permuted-contiguous).
bool non_overlapping_and_dense(const Tensor& t) {
  DimVector order(t.dim());
  for (int64_t d = 0; d < t.dim(); ++d) order[d] = d;
  std::sort(order.begin(), order.end(), [&](int64_t x, int64_t y) { return t.stride(x) < t.stride(y); });
  int64_t expected = 1;
  for (int64_t d : order) {
    if (t.size(d) == 1) continue;
    if (t.stride(d) != expected) return false;
    expected *= t.size(d);
  }
  return true;
}

// An input that shares memory with the output must be the very same view;
// partly overlapping ones would read elements already overwritten.
void check_no_partial_overlap(const Tensor& out, const Tensor& input, const char* op) {
  if (out.impl()->storage().get() != input.impl()->storage().get() || out.numel() == 0 || input.numel() == 0) return;
  if (out.data_ptr() == input.data_ptr() && same_dims(out.sizes(), input.sizes()) &&
      same_dims(out.strides(), input.strides()))
    return;
  if (!non_overlapping_and_dense(out) || !non_overlapping_and_dense(input)) return;  // too hard to tell: allow
  const int64_t item_out = itemsize(out.dtype()), item_in = itemsize(input.dtype());
  const auto* out_lo = static_cast<const char*>(out.data_ptr());
  const auto* in_lo = static_cast<const char*>(input.data_ptr());
  const char* out_hi = out_lo + out.numel() * item_out;
  const char* in_hi = in_lo + input.numel() * item_in;
  EMBER_CHECK(out_hi <= in_lo || in_hi <= out_lo, Runtime, op,
              ": unsupported operation: some elements of the input tensor and the written-to tensor refer to a "
              "single memory location; clone() the input first");
}

// Which kernel an elementwise front end runs, for devices other than the CPU
// (whose loop the front end picks itself): the CUDA table's key.
struct DeviceKey {
  cuda::Family family;
  int op;
};

cuda::KernelParams kernel_params(const cpu::Params& params) {
  cuda::KernelParams k;
  for (int i = 0; i < cpu::kMaxParams; ++i) {
    if (params[i].kind() == Scalar::Kind::Complex) {
      k.f[i] = params[i].to_complex().real();
      k.f_imag[i] = params[i].to_complex().imag();
      continue;
    }
    k.f[i] = params[i].to_double();
    k.i[i] = params[i].kind() == Scalar::Kind::Float ? static_cast<int64_t>(k.f[i]) : params[i].to_int();
  }
  return k;
}

// Runs `loop` over (out, inputs...) broadcast to `shape`, with the result in
// `compute` dtype; writes into `out` (converting) when one is given. On a
// CUDA device the kernel comes from the backend's table under `key`.
template <size_t N>
Tensor run(cpu::Loop loop, DeviceKey key, const cpu::Params& params, IntArrayRef shape, DType result_dtype,
           const std::array<Tensor, N>& inputs, const Tensor& out, const char* op) {
  OpDevice on(op);
  on.add(out);
  for (const Tensor& input : inputs) on.add(input);
  const Device device = on.device();
  Tensor target = out;
  if (out.defined()) {
    check_output(out, shape, result_dtype, op);
    EMBER_CHECK(out.device() == device, Runtime, op, ": expected the output on ", device.str(), ", got it on ",
                out.device().str());
    for (const Tensor& input : inputs) check_no_partial_overlap(out, input, op);
    if (out.dtype() != result_dtype) target = Tensor();
  }
  if (!target.defined()) target = empty(shape, result_dtype, device);
  std::array<Tensor, N + 1> operands;
  std::array<DimVector, N + 1> strides;
  operands[0] = target;
  strides[0] = DimVector(target.strides());
  for (size_t i = 0; i < N; ++i) {
    operands[i + 1] = inputs[i];
    strides[i + 1] = broadcast_strides(inputs[i], shape);
  }
  ElementwiseLoop it(shape, operands, strides);
  try {
    if (!device.is_cpu()) {
      const DType kernel_dtype = inputs[N - 1].dtype();  // the compute dtype (where's last two, not its bool)
      const cuda::DeviceLoop device_loop = cuda::backend().elementwise(key.family, key.op, kernel_dtype);
      EMBER_CHECK(device_loop != nullptr, NotImplemented, op, ": no CUDA kernel for dtype ", name(kernel_dtype),
                  " in this build");
      if (it.numel() > 0) device_loop(cuda::launch_layout(it, operands, op), kernel_params(params));
    } else {
      it.run([&](char** data, const int64_t* s, int64_t n) { loop(data, s, n, params); });
    }
  } catch (const Error& e) {  // kernels don't know the op (integer division by zero)
    detail::raise(e.kind(), op, ": ", e.what(), " (operands of dtype ", name(result_dtype), ", shape ",
                  shape_str(shape), ")");
  }
  if (out.defined()) {
    if (target.impl() != out.impl()) copy_(out, target);
    out.impl()->storage()->bump_version();
    return out;
  }
  return target;
}

// Promotes, broadcasts and runs a loop taking (out, a, b) in one dtype.
Tensor run_binary(cpu::Loop loop, DeviceKey key, const char* op, DType dtype, const Operand& a, const Operand& b,
                  const cpu::Params& params, const Tensor& out) {
  const auto shape = broadcast_shapes(shape_of(a), shape_of(b), op);
  if (out.defined())
    check_output(out, shape, dtype, op);  // before the dtype check, as PyTorch: int.bitwise_and_(float)
  EMBER_CHECK(loop != nullptr, NotImplemented, op, ": not implemented for dtype ", name(dtype));
  const std::array<Tensor, 2> inputs{as_compute_tensor(a, dtype), as_compute_tensor(b, dtype)};
  return run(loop, key, params, shape, dtype, inputs, out, op);
}

void check_alpha(const Operand& a, const Operand& b, const Scalar& alpha, const char* op) {
  const DType dtype = result_type(a, b);
  EMBER_CHECK(!is_integral(dtype, true) || alpha.kind() == Scalar::Kind::Int || alpha.kind() == Scalar::Kind::Bool,
              Runtime, op, ": for integral input tensors, argument alpha must not be a floating point number");
  EMBER_CHECK(dtype == DType::Bool || alpha.kind() != Scalar::Kind::Bool, Runtime, op,
              ": boolean alpha only supported for boolean results, got ", name(dtype));
  EMBER_CHECK(is_complex(dtype) || alpha.kind() != Scalar::Kind::Complex, Runtime, op,
              ": complex alpha needs a complex result, got ", name(dtype));
}

// |z| of a complex tensor is real: complex64 -> float32, complex128 -> float64.
Tensor complex_abs(const Tensor& a, const Tensor& out) {
  const DType real = a.dtype() == DType::Complex64 ? DType::Float32 : DType::Float64;
  const std::array<Tensor, 1> inputs{a};
  cpu::Loop loop = real == DType::Float32
                       ? static_cast<cpu::Loop>([](char** d, const int64_t* s, int64_t n, const cpu::Params&) {
                           for (int64_t i = 0; i < n; ++i)
                             *reinterpret_cast<float*>(d[0] + i * s[0]) =
                                 std::abs(*reinterpret_cast<const std::complex<float>*>(d[1] + i * s[1]));
                         })
                       : [](char** d, const int64_t* s, int64_t n, const cpu::Params&) {
                           for (int64_t i = 0; i < n; ++i)
                             *reinterpret_cast<double*>(d[0] + i * s[0]) =
                                 std::abs(*reinterpret_cast<const std::complex<double>*>(d[1] + i * s[1]));
                         };
  return run(loop, {cuda::Family::Unary, static_cast<int>(UnaryMath::Abs)}, {}, a.sizes(), real, inputs, out, "abs");
}

// Whether every element of a bool tensor is true.
bool all_true(const Tensor& t) {
  const Tensor c = contiguous(to_device(t, Device{}));
  const bool* p = c.data<bool>();
  return std::all_of(p, p + c.numel(), [](bool v) { return v; });
}

// a and b as (out, a, b) compare operands, computed in `dtype`.
Tensor run_compare(Comparison op, DType dtype, const Operand& a, const Operand& b, const cpu::Params& params,
                   const Tensor& out) {
  const char* name_ = kCompareNames[static_cast<int>(op)];
  const auto shape = broadcast_shapes(shape_of(a), shape_of(b), name_);
  cpu::Loop loop = cpu::elementwise_kernels().compare[static_cast<int>(op)][static_cast<int>(dtype)];
  EMBER_CHECK(loop != nullptr, NotImplemented, name_, ": not implemented for dtype ", name(dtype));
  const std::array<Tensor, 2> inputs{as_compute_tensor(a, dtype), as_compute_tensor(b, dtype)};
  return run(loop, {cuda::Family::Compare, static_cast<int>(op)}, params, shape, DType::Bool, inputs, out, name_);
}

// activations and round(decimals=): PyTorch has no integer forms
bool float_only(UnaryMath op) {
  switch (op) {
    case UnaryMath::Silu:
    case UnaryMath::Gelu:
    case UnaryMath::GeluTanh:
    case UnaryMath::Mish:
    case UnaryMath::Selu:
    case UnaryMath::Hardsigmoid:
    case UnaryMath::Hardswish:
    case UnaryMath::LeakyRelu:
    case UnaryMath::Elu:
    case UnaryMath::Softplus:
    case UnaryMath::RoundDecimals: return true;
    default: return false;
  }
}

Tensor run_unary(UnaryMath op, const Tensor& a, const cpu::Params& params, const Tensor& out) {
  const char* name_ = kUnaryNames[static_cast<int>(op)];
  DType dtype = a.dtype();
  EMBER_CHECK(!(float_only(op) && is_integral(dtype, true)), NotImplemented, name_, ": not implemented for dtype ",
              name(dtype));
  if (op == UnaryMath::Abs && is_complex(dtype)) return complex_abs(a, out);
  if (kUnaryFloatValued[static_cast<int>(op)] && is_integral(dtype, true)) dtype = default_dtype();
  if (op == UnaryMath::Square && dtype == DType::Bool) dtype = DType::Int64;  // as PyTorch
  EMBER_CHECK(!((op == UnaryMath::Relu || op == UnaryMath::Relu6) && dtype == DType::Bool), Runtime, name_,
              ": bool inputs are not supported");
  EMBER_CHECK(!(op == UnaryMath::Neg && dtype == DType::Bool), Runtime,
              "neg: negation, the `-` operator, on a bool tensor is not supported; use the `~` or logical_not() "
              "operator instead");
  cpu::Loop loop = cpu::elementwise_kernels().unary[static_cast<int>(op)][static_cast<int>(dtype)];
  EMBER_CHECK(loop != nullptr, NotImplemented, name_, ": not implemented for dtype ", name(dtype));
  const std::array<Tensor, 1> inputs{to_dtype(a, dtype)};
  return run(loop, {cuda::Family::Unary, static_cast<int>(op)}, params, a.sizes(), dtype, inputs, out, name_);
}

// The dtype a parametric op on `a` computes in, for checking its parameters.
DType unary_dtype(UnaryMath op, const Tensor& a) {
  return kUnaryFloatValued[static_cast<int>(op)] && is_integral(a.dtype(), true) ? default_dtype() : a.dtype();
}

}  // namespace

DType result_type(const Operand& a, const Operand& b) {
  const std::array<PromotionOperand, 2> ops{promotion_operand(a), promotion_operand(b)};
  return ember::result_type(ops);
}

Tensor add(const Operand& a, const Operand& b, const Scalar& alpha, const Tensor& out) {
  check_alpha(a, b, alpha, "add");
  const DType dtype = result_type(a, b);
  return run_binary(cpu::elementwise_kernels().add[static_cast<int>(dtype)], {cuda::Family::Add, 0}, "add", dtype, a, b,
                    {alpha}, out);
}

Tensor sub(const Operand& a, const Operand& b, const Scalar& alpha, const Tensor& out) {
  auto is_bool = [](const Operand& o) {
    return o.is_number() ? o.number.kind() == Scalar::Kind::Bool : o.tensor.dtype() == DType::Bool;
  };
  EMBER_CHECK(!is_bool(a) && !is_bool(b), Runtime,
              "sub: subtraction, the `-` operator, with two bool tensors is not supported; use the `^` or "
              "logical_xor() operator instead");
  check_alpha(a, b, alpha, "sub");
  Scalar negated;
  switch (alpha.kind()) {
    case Scalar::Kind::Complex: negated = Scalar(-alpha.to_complex()); break;
    case Scalar::Kind::Float: negated = Scalar(-alpha.to_double()); break;
    default: negated = Scalar(-alpha.to_int());
  }
  const DType dtype = result_type(a, b);
  return run_binary(cpu::elementwise_kernels().add[static_cast<int>(dtype)], {cuda::Family::Add, 0}, "sub", dtype, a, b,
                    {negated}, out);
}

Tensor binary(BinaryMath op, const Operand& a, const Operand& b, const Tensor& out) {
  const char* name_ = kBinaryNames[static_cast<int>(op)];
  DType dtype = result_type(a, b);
  EMBER_CHECK(!(is_complex(dtype) && (op == BinaryMath::Maximum || op == BinaryMath::Minimum ||
                                      op == BinaryMath::Fmax || op == BinaryMath::Fmin)),
              Runtime, name_, ": not implemented for complex tensors (got ", name(dtype), ")");
  if (kBinaryFloatValued[static_cast<int>(op)] && is_integral(dtype, true)) dtype = default_dtype();
  if (op == BinaryMath::Pow && b.is_number() && b.number.kind() == Scalar::Kind::Int && b.number.to_int() < 0)
    EMBER_CHECK(!is_integral(dtype, true), Runtime, "pow: integers to negative integer powers are not allowed");
  if (op == BinaryMath::Pow && dtype == DType::Bool)  // only bool_tensor ** Python bool is defined
    EMBER_CHECK(!a.is_number() && b.is_number(), NotImplemented, "pow: not implemented for two bool operands");
  cpu::Loop loop = cpu::elementwise_kernels().binary[static_cast<int>(op)][static_cast<int>(dtype)];
  return run_binary(loop, {cuda::Family::Binary, static_cast<int>(op)}, name_, dtype, a, b, {}, out);
}

Tensor compare(Comparison op, const Operand& a, const Operand& b, const Tensor& out) {
  EMBER_CHECK(op != Comparison::IsClose, Runtime, "compare: isclose takes tolerances: call isclose()");
  return run_compare(op, result_type(a, b), a, b, {}, out);
}

Tensor unary(UnaryMath op, const Tensor& a, const Tensor& out) { return run_unary(op, a, {}, out); }

Tensor leaky_relu(const Tensor& a, const Scalar& negative_slope, const Tensor& out) {
  return run_unary(UnaryMath::LeakyRelu, a, {negative_slope}, out);
}

Tensor elu(const Tensor& a, const Scalar& alpha, const Scalar& scale, const Scalar& input_scale, const Tensor& out) {
  return run_unary(UnaryMath::Elu, a, {alpha, scale, input_scale}, out);
}

Tensor celu(const Tensor& a, const Scalar& alpha, const Tensor& out) {
  EMBER_CHECK(alpha.to_complex() != std::complex<double>(0, 0), Runtime,
              "celu: ZeroDivisionError: alpha cannot be 0 for CELU");
  return run_unary(UnaryMath::Elu, a, {alpha, Scalar(1.0), Scalar(1.0 / alpha.to_double())}, out);
}

Tensor softplus(const Tensor& a, const Scalar& beta, const Scalar& threshold, const Tensor& out) {
  return run_unary(UnaryMath::Softplus, a, {beta, threshold}, out);
}

Tensor hardtanh(const Tensor& a, const Scalar& min_val, const Scalar& max_val, const Tensor& out) {
  EMBER_CHECK(a.dtype() != DType::Bool, Runtime, "hardtanh: bool inputs are not supported");
  EMBER_CHECK(min_val.to_double() <= max_val.to_double(), Value,
              "hardtanh: min_val cannot be greater than max_val (got ", min_val.to_double(), " and ",
              max_val.to_double(), ")");
  EMBER_CHECK(a.dtype() != DType::UInt8 || (min_val.to_double() >= 0 && max_val.to_double() >= 0), Runtime,
              "hardtanh: cannot do hardtanh on an unsigned type (uint8) with negative limits (", min_val.to_double(),
              ", ", max_val.to_double(), ")");
  if (!is_complex(a.dtype()) && a.dtype() != DType::Bool)
    for (const Scalar& v : {min_val, max_val}) check_value_fits(v, a.dtype(), true, "hardtanh");
  return run_unary(UnaryMath::Hardtanh, a, {min_val, max_val}, out);
}

Tensor logit(const Tensor& a, std::optional<double> eps, const Tensor& out) {
  return run_unary(UnaryMath::Logit, a, {Scalar(eps.value_or(-1.0))}, out);  // eps < 0 clamps nothing, as PyTorch
}

Tensor round(const Tensor& a, int64_t decimals, const Tensor& out) {
  const double ten_pow = std::pow(10.0, static_cast<double>(decimals < 0 ? -decimals : decimals));
  return run_unary(UnaryMath::RoundDecimals, a, {Scalar(ten_pow), Scalar(int64_t{decimals > 0})}, out);
}

Tensor nan_to_num(const Tensor& a, std::optional<double> nan, std::optional<double> posinf,
                  std::optional<double> neginf, const Tensor& out) {
  // The largest finite value of the (real part's) dtype stands for the infinities.
  double largest = 0;
  switch (unary_dtype(UnaryMath::NanToNum, a)) {
    case DType::Float16: largest = 65504.0; break;
    case DType::BFloat16: largest = 3.38953138925153547590470800371487866880e38; break;
    case DType::Float32:
    case DType::Complex64: largest = std::numeric_limits<float>::max(); break;
    default: largest = std::numeric_limits<double>::max();
  }
  return run_unary(UnaryMath::NanToNum, a,
                   {Scalar(nan.value_or(0.0)), Scalar(posinf.value_or(largest)), Scalar(neginf.value_or(-largest))},
                   out);
}

// Predicates and ternary ops.
namespace {

const char* kPredicateNames[] = {"isnan", "isinf", "isfinite", "isposinf", "isneginf", "signbit", "logical_not"};

DType promote_all(std::initializer_list<Operand> operands) {
  std::vector<PromotionOperand> ops;
  for (const auto& o : operands) ops.push_back(promotion_operand(o));
  return ember::result_type(ops);
}

DimVector broadcast_all(std::initializer_list<IntArrayRef> shapes, const char* op) {
  DimVector shape;
  for (IntArrayRef s : shapes) shape = broadcast_shapes(shape, s, op);
  return shape;
}

Tensor run_ternary(cpu::TernaryOp op, const char* name_, DType dtype, const Tensor& x, const Operand& y,
                   const Operand& z, const cpu::Params& params, const Tensor& out) {
  const auto shape = broadcast_all({x.sizes(), shape_of(y), shape_of(z)}, name_);
  cpu::Loop loop = cpu::elementwise_kernels().ternary[static_cast<int>(op)][static_cast<int>(dtype)];
  EMBER_CHECK(loop != nullptr, NotImplemented, name_, ": not implemented for dtype ", name(dtype));
  const DType x_dtype = op == cpu::TernaryOp::Where ? DType::Bool : dtype;
  const std::array<Tensor, 3> inputs{to_dtype(x, x_dtype), as_compute_tensor(y, dtype), as_compute_tensor(z, dtype)};
  return run(loop, {cuda::Family::Ternary, static_cast<int>(op)}, params, shape, dtype, inputs, out, name_);
}

// clamp's work once its bounds are known: promotes them with `a`, then runs
// the ternary clamp, or maximum / minimum when one bound is absent.
Tensor clamp_impl(const Tensor& a, const std::optional<Operand>& min, const std::optional<Operand>& max,
                  const Tensor& out, const char* op) {
  EMBER_CHECK(min || max, Runtime, op, ": at least one of 'min' or 'max' must not be None");
  EMBER_CHECK(!is_complex(a.dtype()), NotImplemented, op, ": not supported for complex types (got ", name(a.dtype()),
              ")");
  std::vector<PromotionOperand> ops{promotion_operand(a)};
  bool numbers_only = true;
  for (const auto* bound : {&min, &max}) {
    if (!*bound) continue;
    ops.push_back(promotion_operand(**bound));
    numbers_only = numbers_only && (*bound)->is_number();
  }
  const DType dtype = ember::result_type(ops);
  if (numbers_only) {  // PyTorch's clamp(Tensor, Scalar?, Scalar?) rules
    EMBER_CHECK(dtype != DType::Bool, NotImplemented, op, ": not implemented for dtype bool with number bounds");
    for (const auto* bound : {&min, &max})
      if (*bound) check_value_fits((*bound)->number, dtype, true, op);
  }
  const auto& kernels = cpu::elementwise_kernels();
  if (min && max) return run_ternary(cpu::TernaryOp::Clamp, op, dtype, a, *min, *max, {}, out);
  const BinaryMath which = min ? BinaryMath::Maximum : BinaryMath::Minimum;
  return run_binary(kernels.binary[static_cast<int>(which)][static_cast<int>(dtype)],
                    {cuda::Family::Binary, static_cast<int>(which)}, op, dtype, a, min ? *min : *max, {}, out);
}

}  // namespace

Tensor predicate(Predicate op, const Tensor& a, const Tensor& out) {
  const char* name_ = kPredicateNames[static_cast<int>(op)];
  EMBER_CHECK(!(is_complex(a.dtype()) && (op == Predicate::IsPosInf || op == Predicate::IsNegInf)), Runtime, name_,
              ": complex inputs are not supported (got ", name(a.dtype()), ")");
  cpu::Loop loop = cpu::elementwise_kernels().predicate[static_cast<int>(op)][static_cast<int>(a.dtype())];
  EMBER_CHECK(loop != nullptr, NotImplemented, name_, ": not implemented for dtype ", name(a.dtype()));
  const std::array<Tensor, 1> inputs{a};
  return run(loop, {cuda::Family::Predicate, static_cast<int>(op)}, {}, a.sizes(), DType::Bool, inputs, out, name_);
}

Tensor where(const Tensor& cond, const Operand& a, const Operand& b, const Tensor& out) {
  EMBER_CHECK(cond.dtype() == DType::Bool, Runtime,
              "where: expected condition to be a boolean tensor, but got a tensor with dtype ", name(cond.dtype()));
  const DType dtype = result_type(a, b);
  for (const Operand* o : {&a, &b})
    if (o->is_number()) check_value_fits(o->number, dtype, false, "where");
  return run_ternary(cpu::TernaryOp::Where, "where", dtype, cond, a, b, {}, out);
}

Tensor lerp(const Tensor& start, const Tensor& end, const Operand& weight_in, const Tensor& out) {
  EMBER_CHECK(start.dtype() == end.dtype(), Runtime, "lerp: expected dtype ", name(start.dtype()),
              " for `end`, but got dtype ", name(end.dtype()));
  Operand weight = weight_in;
  if (!weight.is_number() && weight.tensor.dim() == 0 && weight.tensor.dtype() != start.dtype())
    weight = Operand(Scalar(
        to_device(to_dtype(weight.tensor, DType::Float64), Device{}).data<double>()[0]));  // a 0-d weight is a number
  EMBER_CHECK(weight.is_number() || weight.tensor.dtype() == start.dtype(), Runtime, "lerp: expected dtype ",
              name(start.dtype()), " for `weight`, but got dtype ", name(weight.tensor.dtype()));
  if (weight.is_number()) check_value_fits(weight.number, start.dtype(), false, "lerp");
  const bool half = start.dtype() == DType::Float16 || start.dtype() == DType::BFloat16;
  if (half && weight.is_number()) {  // a number weight keeps float precision, as PyTorch
    Tensor result = run_ternary(cpu::TernaryOp::Lerp, "lerp", DType::Float32, to_dtype(start, DType::Float32),
                                to_dtype(end, DType::Float32), weight, {}, {});
    if (!out.defined()) return to_dtype(result, start.dtype());
    check_output(out, result.sizes(), start.dtype(), "lerp");
    copy_(out, result);
    return out;
  }
  return run_ternary(cpu::TernaryOp::Lerp, "lerp", start.dtype(), start, end, weight, {}, out);
}

Tensor isclose(const Tensor& a, const Tensor& b, double rtol, double atol, bool equal_nan) {
  EMBER_CHECK(a.dtype() == b.dtype(), Runtime, "isclose: expected both tensors to have the same dtype, got ",
              name(a.dtype()), " and ", name(b.dtype()));
  EMBER_CHECK(rtol >= 0, Runtime, "isclose: rtol must be greater than or equal to zero, but got ", rtol);
  EMBER_CHECK(atol >= 0, Runtime, "isclose: atol must be greater than or equal to zero, but got ", atol);
  return run_compare(Comparison::IsClose, a.dtype(), a, b, {Scalar(rtol), Scalar(atol), Scalar(equal_nan)}, {});
}

bool allclose(const Tensor& a, const Tensor& b, double rtol, double atol, bool equal_nan) {
  return all_true(isclose(a, b, rtol, atol, equal_nan));
}

bool equal(const Tensor& a, const Tensor& b) {
  op_device({a, b}, "equal");
  if (!same_dims(a.sizes(), b.sizes())) return false;
  return all_true(compare(Comparison::Eq, a, b));
}

Tensor clamp(const Tensor& a, const std::optional<Operand>& min, const std::optional<Operand>& max, const Tensor& out) {
  return clamp_impl(a, min, max, out, "clamp");
}
Tensor clamp_min(const Tensor& a, const Operand& min, const Tensor& out) {
  return clamp_impl(a, min, std::nullopt, out, "clamp_min");
}
Tensor clamp_max(const Tensor& a, const Operand& max, const Tensor& out) {
  return clamp_impl(a, std::nullopt, max, out, "clamp_max");
}

Tensor addcmul(const Tensor& input, const Tensor& t1, const Tensor& t2, const Scalar& value, const Tensor& out) {
  const DType dtype = promote_all({input, t1, t2});
  check_value_fits(value, dtype, false, "addcmul");
  return run_ternary(cpu::TernaryOp::Addcmul, "addcmul", dtype, input, t1, t2, {value}, out);
}

Tensor addcdiv(const Tensor& input, const Tensor& t1, const Tensor& t2, const Scalar& value, const Tensor& out) {
  EMBER_CHECK(!is_integral(t1.dtype(), true) || !is_integral(t2.dtype(), true), Runtime,
              "addcdiv: integer division with addcdiv is not supported; use addcmul(input, tensor1, 1 / tensor2)");
  const DType dtype = promote_all({input, t1, t2});
  check_value_fits(value, dtype, false, "addcdiv");
  return run_ternary(cpu::TernaryOp::Addcdiv, "addcdiv", dtype, input, t1, t2, {value}, out);
}

}  // namespace ember
