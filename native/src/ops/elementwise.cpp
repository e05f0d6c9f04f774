// Front ends of the elementwise ops: promote, broadcast, check the output,
// convert operands to the compute dtype, then run one kernel loop.
#include <algorithm>
#include <array>
#include <complex>
#include <vector>

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
const char* kCompareNames[] = {"eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or", "logical_xor"};
#define EMBER_NAME(op, name, float_valued) #name,
const char* kUnaryNames[] = {EMBER_UNARY_OPS(EMBER_NAME)};
#undef EMBER_NAME
#define EMBER_FLOAT_VALUED(op, name, float_valued) float_valued,
const bool kUnaryFloatValued[] = {EMBER_UNARY_OPS(EMBER_FLOAT_VALUED)};
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
Tensor as_compute_tensor(const Operand& o, DType dtype, const char* op) {
  if (o.is_number()) {  // wraps like a cast (uint8_tensor + 300), as PyTorch; no overflow check
    Tensor t = empty({}, dtype);
    cpu::fill(t, o.number);
    return t;
  }
  require_cpu(o.tensor, op);
  return to_dtype(o.tensor, dtype);
}

// Checks `out` can receive a result of `shape` and `dtype` (PyTorch's rules
// for in-place and out= forms).
void check_output(const Tensor& out, IntArrayRef shape, DType dtype, const char* op) {
  require_cpu(out, op);
  EMBER_CHECK(same_dims(out.sizes(), shape), Runtime, op, ": output with shape ", shape_str(out.sizes()),
              " doesn't match the broadcast shape ", shape_str(shape));
  EMBER_CHECK(can_cast(dtype, out.dtype()), Runtime, op, ": result type ", name(dtype),
              " can't be cast to the desired output type ", name(out.dtype()));
  for (int64_t d = 0; d < out.dim() && out.numel() > 0; ++d)
    EMBER_CHECK(out.stride(d) != 0 || out.size(d) <= 1, Runtime, op,
                ": unsupported operation: more than one element of the written-to tensor (shape ",
                shape_str(out.sizes()), ", strides ", shape_str(out.strides()),
                ") refers to a single memory location; clone() it first");
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

// Runs `loop` over (out, inputs...) broadcast to `shape`, with the result in
// `compute` dtype; writes into `out` (converting) when one is given.
template <size_t N>
Tensor run(cpu::Loop loop, const Scalar& arg, IntArrayRef shape, DType result_dtype,
           const std::array<Tensor, N>& inputs, const Tensor& out, const char* op) {
  Tensor target = out;
  if (out.defined()) {
    check_output(out, shape, result_dtype, op);
    for (const Tensor& input : inputs) check_no_partial_overlap(out, input, op);
    if (out.dtype() != result_dtype) target = Tensor();
  }
  if (!target.defined()) target = empty(shape, result_dtype);
  std::array<Tensor, N + 1> operands;
  std::array<DimVector, N + 1> strides;
  operands[0] = target;
  strides[0] = DimVector(target.strides());
  for (size_t i = 0; i < N; ++i) {
    operands[i + 1] = inputs[i];
    strides[i + 1] = broadcast_strides(inputs[i], shape);
  }
  ElementwiseLoop it(shape, operands, strides);
  it.run([&](char** data, const int64_t* s, int64_t n) { loop(data, s, n, arg); });
  if (out.defined()) {
    if (target.impl() != out.impl()) copy_(out, target);
    out.impl()->storage()->bump_version();
    return out;
  }
  return target;
}

// Promotes, broadcasts and runs a loop taking (out, a, b) in one dtype.
Tensor run_binary(cpu::Loop loop, const char* op, DType dtype, const Operand& a, const Operand& b, const Scalar& arg,
                  const Tensor& out) {
  const auto shape = broadcast_shapes(shape_of(a), shape_of(b), op);
  EMBER_CHECK(loop != nullptr, NotImplemented, op, ": not implemented for dtype ", name(dtype));
  const std::array<Tensor, 2> inputs{as_compute_tensor(a, dtype, op), as_compute_tensor(b, dtype, op)};
  return run(loop, arg, shape, dtype, inputs, out, op);
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
  require_cpu(a, "abs");
  const DType real = a.dtype() == DType::Complex64 ? DType::Float32 : DType::Float64;
  const std::array<Tensor, 1> inputs{a};
  cpu::Loop loop = real == DType::Float32
                       ? static_cast<cpu::Loop>([](char** d, const int64_t* s, int64_t n, const Scalar&) {
                           for (int64_t i = 0; i < n; ++i)
                             *reinterpret_cast<float*>(d[0] + i * s[0]) =
                                 std::abs(*reinterpret_cast<const std::complex<float>*>(d[1] + i * s[1]));
                         })
                       : [](char** d, const int64_t* s, int64_t n, const Scalar&) {
                           for (int64_t i = 0; i < n; ++i)
                             *reinterpret_cast<double*>(d[0] + i * s[0]) =
                                 std::abs(*reinterpret_cast<const std::complex<double>*>(d[1] + i * s[1]));
                         };
  return run(loop, {}, a.sizes(), real, inputs, out, "abs");
}

}  // namespace

DType result_type(const Operand& a, const Operand& b) {
  const std::array<PromotionOperand, 2> ops{promotion_operand(a), promotion_operand(b)};
  return ember::result_type(ops);
}

Tensor add(const Operand& a, const Operand& b, const Scalar& alpha, const Tensor& out) {
  check_alpha(a, b, alpha, "add");
  const DType dtype = result_type(a, b);
  return run_binary(cpu::elementwise_kernels().add[static_cast<int>(dtype)], "add", dtype, a, b, alpha, out);
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
  return run_binary(cpu::elementwise_kernels().add[static_cast<int>(dtype)], "sub", dtype, a, b, negated, out);
}

Tensor binary(BinaryMath op, const Operand& a, const Operand& b, const Tensor& out) {
  const char* name_ = kBinaryNames[static_cast<int>(op)];
  DType dtype = result_type(a, b);
  if (kBinaryFloatValued[static_cast<int>(op)] && is_integral(dtype, true)) dtype = default_dtype();
  if (op == BinaryMath::Pow && b.is_number() && b.number.kind() == Scalar::Kind::Int && b.number.to_int() < 0)
    EMBER_CHECK(!is_integral(dtype, true), Runtime, "pow: integers to negative integer powers are not allowed");
  if (op == BinaryMath::Pow && dtype == DType::Bool)  // only bool_tensor ** Python bool is defined
    EMBER_CHECK(!a.is_number() && b.is_number(), NotImplemented, "pow: not implemented for two bool operands");
  cpu::Loop loop = cpu::elementwise_kernels().binary[static_cast<int>(op)][static_cast<int>(dtype)];
  return run_binary(loop, name_, dtype, a, b, {}, out);
}

Tensor compare(Comparison op, const Operand& a, const Operand& b, const Tensor& out) {
  const char* name_ = kCompareNames[static_cast<int>(op)];
  const DType dtype = result_type(a, b);
  const auto shape = broadcast_shapes(shape_of(a), shape_of(b), name_);
  cpu::Loop loop = cpu::elementwise_kernels().compare[static_cast<int>(op)][static_cast<int>(dtype)];
  EMBER_CHECK(loop != nullptr, NotImplemented, name_, ": not implemented for dtype ", name(dtype));
  const std::array<Tensor, 2> inputs{as_compute_tensor(a, dtype, name_), as_compute_tensor(b, dtype, name_)};
  return run(loop, {}, shape, DType::Bool, inputs, out, name_);
}

Tensor unary(UnaryMath op, const Tensor& a, const Tensor& out) {
  const char* name_ = kUnaryNames[static_cast<int>(op)];
  DType dtype = a.dtype();
  const bool float_only = op == UnaryMath::Silu || op == UnaryMath::Gelu || op == UnaryMath::GeluTanh ||
                          op == UnaryMath::Mish || op == UnaryMath::Selu || op == UnaryMath::Hardsigmoid ||
                          op == UnaryMath::Hardswish;  // activations: PyTorch has no integer forms
  EMBER_CHECK(!(float_only && is_integral(dtype, true)), NotImplemented, name_, ": not implemented for dtype ",
              name(dtype));
  if (op == UnaryMath::Abs && is_complex(dtype)) return complex_abs(a, out);
  if (kUnaryFloatValued[static_cast<int>(op)] && is_integral(dtype, true)) dtype = default_dtype();
  if (op == UnaryMath::Square && dtype == DType::Bool) dtype = DType::Int64;  // as PyTorch
  EMBER_CHECK(!(op == UnaryMath::Neg && dtype == DType::Bool), Runtime,
              "neg: negation, the `-` operator, on a bool tensor is not supported; use the `~` or logical_not() "
              "operator instead");
  cpu::Loop loop = cpu::elementwise_kernels().unary[static_cast<int>(op)][static_cast<int>(dtype)];
  EMBER_CHECK(loop != nullptr, NotImplemented, name_, ": not implemented for dtype ", name(dtype));
  require_cpu(a, name_);
  const std::array<Tensor, 1> inputs{to_dtype(a, dtype)};
  return run(loop, {}, a.sizes(), dtype, inputs, out, name_);
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
                   const Operand& z, const Scalar& arg, const Tensor& out) {
  const auto shape = broadcast_all({x.sizes(), shape_of(y), shape_of(z)}, name_);
  cpu::Loop loop = cpu::elementwise_kernels().ternary[static_cast<int>(op)][static_cast<int>(dtype)];
  EMBER_CHECK(loop != nullptr, NotImplemented, name_, ": not implemented for dtype ", name(dtype));
  require_cpu(x, name_);
  const DType x_dtype = op == cpu::TernaryOp::Where ? DType::Bool : dtype;
  const std::array<Tensor, 3> inputs{to_dtype(x, x_dtype), as_compute_tensor(y, dtype, name_),
                                     as_compute_tensor(z, dtype, name_)};
  return run(loop, arg, shape, dtype, inputs, out, name_);
}

}  // namespace

Tensor predicate(Predicate op, const Tensor& a, const Tensor& out) {
  const char* name_ = kPredicateNames[static_cast<int>(op)];
  cpu::Loop loop = cpu::elementwise_kernels().predicate[static_cast<int>(op)][static_cast<int>(a.dtype())];
  EMBER_CHECK(loop != nullptr, NotImplemented, name_, ": not implemented for dtype ", name(a.dtype()));
  require_cpu(a, name_);
  const std::array<Tensor, 1> inputs{a};
  return run(loop, {}, a.sizes(), DType::Bool, inputs, out, name_);
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
    weight = Operand(Scalar(to_dtype(weight.tensor, DType::Float64).data<double>()[0]));  // a 0-d weight is a number
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

Tensor addcmul(const Tensor& input, const Tensor& t1, const Tensor& t2, const Scalar& value, const Tensor& out) {
  const DType dtype = promote_all({input, t1, t2});
  check_value_fits(value, dtype, false, "addcmul");
  return run_ternary(cpu::TernaryOp::Addcmul, "addcmul", dtype, input, t1, t2, value, out);
}

Tensor addcdiv(const Tensor& input, const Tensor& t1, const Tensor& t2, const Scalar& value, const Tensor& out) {
  EMBER_CHECK(!is_integral(t1.dtype(), true) || !is_integral(t2.dtype(), true), Runtime,
              "addcdiv: integer division with addcdiv is not supported; use addcmul(input, tensor1, 1 / tensor2)");
  const DType dtype = promote_all({input, t1, t2});
  check_value_fits(value, dtype, false, "addcdiv");
  return run_ternary(cpu::TernaryOp::Addcdiv, "addcdiv", dtype, input, t1, t2, value, out);
}

}  // namespace ember
