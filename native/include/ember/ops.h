// Op front ends: each validates its arguments, works out the result's dtype
// and shape, allocates it and calls a kernel. Kernels never see bad input.
#pragma once

#include <cstdint>
#include <optional>

#include "ember/scalar.h"
#include "ember/tensor.h"

namespace ember {

// Creation
Tensor full(IntArrayRef sizes, const Scalar& value, DType dtype, Device device = {});
Tensor zeros(IntArrayRef sizes, DType dtype, Device device = {});
Tensor ones(IntArrayRef sizes, DType dtype, Device device = {});
Tensor arange(const Scalar& start, const Scalar& end, const Scalar& step, DType dtype, Device device = {});

// Raises RuntimeError if `value` can't be stored as `dtype` without overflow
// (PyTorch's rule: unsigned types also take negatives that fit when negated).
// `check_float_range`: also reject finite values beyond a float dtype's range.
void check_value_fits(const Scalar& value, DType dtype, bool check_float_range, const char* op);

// An uninitialised tensor shaped like self whose strides keep self's order of
// dims (PyTorch's preserve_format): the same strides when self is dense.
Tensor empty_like(const Tensor& self, DType dtype);
// `steps` values from start to end inclusive, evenly spaced (linspace) or
// their powers of `base` (logspace), computed as PyTorch does.
Tensor linspace(const Scalar& start, const Scalar& end, int64_t steps, DType dtype, Device device = {});
Tensor logspace(const Scalar& start, const Scalar& end, int64_t steps, double base, DType dtype, Device device = {});
// n x m with ones on the diagonal.
Tensor eye(int64_t n, int64_t m, DType dtype, Device device = {});
// Writes value into every element of self, in place. A number must fit the
// dtype; a 0-d tensor converts like a copy.
void fill_(const Tensor& self, const Scalar& value, const char* op = "fill_");  // op: for errors
void fill_(const Tensor& self, const Tensor& value);

// Copies and conversions
void copy_(const Tensor& dst, const Tensor& src);  // dst's shape must equal src's; casts
Tensor clone(const Tensor& self);                  // a contiguous copy
Tensor contiguous(const Tensor& self);             // self when already contiguous
Tensor to_dtype(const Tensor& self, DType dtype, bool copy = false);

// Views (share self's storage)
Tensor as_strided(const Tensor& self, IntArrayRef sizes, IntArrayRef strides, std::optional<int64_t> offset);
Tensor narrow(const Tensor& self, int64_t dim, int64_t start, int64_t length);
Tensor slice(const Tensor& self, int64_t dim, int64_t start, int64_t stop, int64_t step);
Tensor select(const Tensor& self, int64_t dim, int64_t index);
Tensor unsqueeze(const Tensor& self, int64_t dim);
Tensor transpose(const Tensor& self, int64_t dim0, int64_t dim1);

// Elementwise ops. An operand is a tensor or a Python number; numbers take
// part in type promotion weakly (see promotion.h). `out`, when defined, gets
// the result (it may be an input: that is the in-place form).
struct Operand {
  Operand(Tensor t) : tensor(std::move(t)) {}  // NOLINT: implicit by design
  Operand(Scalar s) : number(s) {}             // NOLINT
  Tensor tensor;                               // undefined for a number
  Scalar number;
  bool is_number() const { return !tensor.defined(); }
};

Tensor add(const Operand& a, const Operand& b, const Scalar& alpha = Scalar(int64_t{1}), const Tensor& out = {});
Tensor sub(const Operand& a, const Operand& b, const Scalar& alpha = Scalar(int64_t{1}), const Tensor& out = {});

// Binary math: X(Op, python_name, int_inputs_compute_in_float)
// clang-format off
#define EMBER_BINARY_OPS(X) \
  X(Mul, mul, false) \
  X(Div, div, true) \
  X(DivTrunc, div_trunc, false) \
  X(FloorDivide, floor_divide, false) \
  X(Remainder, remainder, false) \
  X(Fmod, fmod, false) \
  X(Pow, pow, false) \
  X(Maximum, maximum, false) \
  X(Minimum, minimum, false) \
  X(Fmax, fmax, false) \
  X(Fmin, fmin, false) \
  X(Atan2, atan2, true) \
  X(Hypot, hypot, false) \
  X(Copysign, copysign, true) \
  X(BitwiseAnd, bitwise_and, false) \
  X(BitwiseOr, bitwise_or, false) \
  X(BitwiseXor, bitwise_xor, false) \
  X(LeftShift, bitwise_left_shift, false) \
  X(RightShift, bitwise_right_shift, false)
// clang-format on

#define EMBER_ENUM_ENTRY(op, name, float_valued) op,
enum class BinaryMath : uint8_t { EMBER_BINARY_OPS(EMBER_ENUM_ENTRY) Count };
#undef EMBER_ENUM_ENTRY
Tensor binary(BinaryMath op, const Operand& a, const Operand& b, const Tensor& out = {});

// Binary ops with a bool result, computed in the promoted dtype.
enum class Comparison : uint8_t { Eq, Ne, Lt, Le, Gt, Ge, LogicalAnd, LogicalOr, LogicalXor, Count };
Tensor compare(Comparison op, const Operand& a, const Operand& b, const Tensor& out = {});

// Unary math. The float-valued ones (exp, log, ...) compute integer and bool
// inputs in the default dtype, as PyTorch does; the rest keep the dtype.
// X(Op, python_name, float_valued)
// clang-format off
#define EMBER_UNARY_OPS(X) \
  X(Neg, neg, false) \
  X(Abs, abs, false) \
  X(Sign, sign, false) \
  X(Square, square, false) \
  X(Floor, floor, false) \
  X(Ceil, ceil, false) \
  X(Trunc, trunc, false) \
  X(Round, round, false) \
  X(Frac, frac, false) \
  X(Relu, relu, false) \
  X(Relu6, relu6, false) \
  X(Exp, exp, true) \
  X(Exp2, exp2, true) \
  X(Expm1, expm1, true) \
  X(Log, log, true) \
  X(Log2, log2, true) \
  X(Log10, log10, true) \
  X(Log1p, log1p, true) \
  X(Sqrt, sqrt, true) \
  X(Rsqrt, rsqrt, true) \
  X(Reciprocal, reciprocal, true) \
  X(Sin, sin, true) \
  X(Cos, cos, true) \
  X(Tan, tan, true) \
  X(Asin, asin, true) \
  X(Acos, acos, true) \
  X(Atan, atan, true) \
  X(Sinh, sinh, true) \
  X(Cosh, cosh, true) \
  X(Tanh, tanh, true) \
  X(Asinh, asinh, true) \
  X(Acosh, acosh, true) \
  X(Atanh, atanh, true) \
  X(Erf, erf, true) \
  X(Erfc, erfc, true) \
  X(Lgamma, lgamma, true) \
  X(Sigmoid, sigmoid, true) \
  X(Silu, silu, true) \
  X(Gelu, gelu, true) \
  X(GeluTanh, gelu_tanh, true) \
  X(Mish, mish, true) \
  X(Selu, selu, true) \
  X(Hardsigmoid, hardsigmoid, true) \
  X(Hardswish, hardswish, true) \
  X(BitwiseNot, bitwise_not, false)
// clang-format on

#define EMBER_ENUM_ENTRY(op, name, float_valued) op,
enum class UnaryMath : uint8_t { EMBER_UNARY_OPS(EMBER_ENUM_ENTRY) Count };
#undef EMBER_ENUM_ENTRY
Tensor unary(UnaryMath op, const Tensor& a, const Tensor& out = {});

// Tests with a bool result: isnan(x) etc.
enum class Predicate : uint8_t { IsNan, IsInf, IsFinite, IsPosInf, IsNegInf, Signbit, LogicalNot, Count };
Tensor predicate(Predicate op, const Tensor& a, const Tensor& out = {});

// where(cond, a, b): a where cond is true, else b; cond must be bool.
Tensor where(const Tensor& cond, const Operand& a, const Operand& b, const Tensor& out = {});
// start + weight * (end - start)
Tensor lerp(const Tensor& start, const Tensor& end, const Operand& weight, const Tensor& out = {});
// input + value * t1 * t2, and input + value * t1 / t2
Tensor addcmul(const Tensor& input, const Tensor& t1, const Tensor& t2, const Scalar& value, const Tensor& out = {});
Tensor addcdiv(const Tensor& input, const Tensor& t1, const Tensor& t2, const Scalar& value, const Tensor& out = {});

// The dtype an elementwise op on these operands computes in.
DType result_type(const Operand& a, const Operand& b);

// Linear algebra
Tensor matmul(const Tensor& a, const Tensor& b);

// Intra-op threads (also the BLAS's thread count).
void set_num_threads(int n);
int get_num_threads();

// Wraps a possibly negative dim into [0, ndim); raises IndexError naming op.
int64_t wrap_dim(int64_t dim, int64_t ndim, const char* op);

}  // namespace ember
