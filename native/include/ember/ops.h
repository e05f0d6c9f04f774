// Op front ends: each validates its arguments, works out the result's dtype
// and shape, allocates it and calls a kernel. Kernels never see bad input.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

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
// As copy_; between devices, non_blocking returns before a copy from or to pinned memory ends.
void copy_(const Tensor& dst, const Tensor& src, bool non_blocking);
// self on `device` (self when already there and !copy); "cuda" means the current CUDA device.
Tensor to_device(const Tensor& self, Device device, bool non_blocking = false, bool copy = false);
Tensor clone(const Tensor& self);       // a contiguous copy
Tensor contiguous(const Tensor& self);  // self when already contiguous
Tensor to_dtype(const Tensor& self, DType dtype, bool copy = false);

// Views (share self's storage)
Tensor as_strided(const Tensor& self, IntArrayRef sizes, IntArrayRef strides, std::optional<int64_t> offset);
Tensor narrow(const Tensor& self, int64_t dim, int64_t start, int64_t length);
Tensor slice(const Tensor& self, int64_t dim, int64_t start, int64_t stop, int64_t step);
Tensor select(const Tensor& self, int64_t dim, int64_t index);
Tensor unsqueeze(const Tensor& self, int64_t dim);
Tensor transpose(const Tensor& self, int64_t dim0, int64_t dim1);
Tensor t(const Tensor& self);                 // transpose of <= 2-D
Tensor reverse_dims(const Tensor& self);      // .T
Tensor matrix_transpose(const Tensor& self);  // .mT: swaps the last two dims
// view/reshape take one -1 to infer; reshape copies when no view can express the shape.
Tensor view(const Tensor& self, IntArrayRef shape);
Tensor view_dtype(const Tensor& self, DType dtype);  // reinterprets the bytes
Tensor reshape(const Tensor& self, IntArrayRef shape);
Tensor flatten(const Tensor& self, int64_t start_dim = 0, int64_t end_dim = -1);
Tensor unflatten(const Tensor& self, int64_t dim, IntArrayRef sizes);
Tensor squeeze(const Tensor& self);                    // every size-1 dim
Tensor squeeze(const Tensor& self, IntArrayRef dims);  // those of dims that have size 1
Tensor permute(const Tensor& self, IntArrayRef dims);
Tensor movedim(const Tensor& self, IntArrayRef source, IntArrayRef destination);
Tensor expand(const Tensor& self, IntArrayRef sizes);  // -1 keeps a size
Tensor broadcast_to(const Tensor& self, IntArrayRef sizes);
DimVector broadcast_shapes(std::span<const DimVector> shapes, const char* op);
std::vector<Tensor> broadcast_tensors(std::span<const Tensor> tensors);
Tensor unfold(const Tensor& self, int64_t dim, int64_t size, int64_t step);
Tensor diagonal(const Tensor& self, int64_t offset = 0, int64_t dim1 = 0, int64_t dim2 = 1);
Tensor real(const Tensor& self);  // self when not complex
Tensor imag(const Tensor& self);
Tensor view_as_real(const Tensor& self);     // complex (...) -> float (..., 2)
Tensor view_as_complex(const Tensor& self);  // float (..., 2) -> complex (...)

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
enum class Comparison : uint8_t { Eq, Ne, Lt, Le, Gt, Ge, LogicalAnd, LogicalOr, LogicalXor, IsClose, Count };
Tensor compare(Comparison op, const Operand& a, const Operand& b, const Tensor& out = {});
// |a - b| <= atol + rtol * |b| (or a == b, or both NaN with equal_nan); a and b of one dtype.
Tensor isclose(const Tensor& a, const Tensor& b, double rtol = 1e-05, double atol = 1e-08, bool equal_nan = false);
bool allclose(const Tensor& a, const Tensor& b, double rtol = 1e-05, double atol = 1e-08, bool equal_nan = false);
// Same shape and equal values (after promotion); NaN is never equal.
bool equal(const Tensor& a, const Tensor& b);

// Clamps into [min, max] (either bound may be absent, not both); bounds are
// numbers or tensors and take part in type promotion. NaN propagates.
Tensor clamp(const Tensor& a, const std::optional<Operand>& min, const std::optional<Operand>& max,
             const Tensor& out = {});
Tensor clamp_min(const Tensor& a, const Operand& min, const Tensor& out = {});
Tensor clamp_max(const Tensor& a, const Operand& max, const Tensor& out = {});

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
  X(BitwiseNot, bitwise_not, false) \
  X(Sgn, sgn, false) \
  X(Digamma, digamma, true) \
  X(Erfinv, erfinv, true)

// Unary ops with scalar parameters; each has its own front end below.
#define EMBER_PARAMETRIC_UNARY_OPS(X) \
  X(LeakyRelu, leaky_relu, false) \
  X(Elu, elu, false) \
  X(Softplus, softplus, false) \
  X(Hardtanh, hardtanh, false) \
  X(Logit, logit, true) \
  X(RoundDecimals, round, false) \
  X(NanToNum, nan_to_num, false)
// clang-format on

#define EMBER_ENUM_ENTRY(op, name, float_valued) op,
enum class UnaryMath : uint8_t { EMBER_UNARY_OPS(EMBER_ENUM_ENTRY) EMBER_PARAMETRIC_UNARY_OPS(EMBER_ENUM_ENTRY) Count };
#undef EMBER_ENUM_ENTRY
Tensor unary(UnaryMath op, const Tensor& a, const Tensor& out = {});

// Parametric activations and math, with PyTorch's defaults.
Tensor leaky_relu(const Tensor& a, const Scalar& negative_slope = Scalar(0.01), const Tensor& out = {});
// scale * (x > 0 ? x : alpha * (exp(x * input_scale) - 1))
Tensor elu(const Tensor& a, const Scalar& alpha = Scalar(1.0), const Scalar& scale = Scalar(1.0),
           const Scalar& input_scale = Scalar(1.0), const Tensor& out = {});
Tensor celu(const Tensor& a, const Scalar& alpha = Scalar(1.0), const Tensor& out = {});
// x where beta * x > threshold, else log(1 + exp(beta * x)) / beta
Tensor softplus(const Tensor& a, const Scalar& beta = Scalar(1.0), const Scalar& threshold = Scalar(20.0),
                const Tensor& out = {});
Tensor hardtanh(const Tensor& a, const Scalar& min_val = Scalar(-1.0), const Scalar& max_val = Scalar(1.0),
                const Tensor& out = {});
// log(z / (1 - z)), z = x clamped to [eps, 1 - eps] when eps is given
Tensor logit(const Tensor& a, std::optional<double> eps = std::nullopt, const Tensor& out = {});
// Rounds half to even at 10^-decimals (floats only, as PyTorch's round with decimals).
Tensor round(const Tensor& a, int64_t decimals, const Tensor& out = {});
// NaN, +inf, -inf replaced (the infinities by the dtype's largest finite values unless given).
Tensor nan_to_num(const Tensor& a, std::optional<double> nan = std::nullopt,
                  std::optional<double> posinf = std::nullopt, std::optional<double> neginf = std::nullopt,
                  const Tensor& out = {});

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

// Linear algebra: products (native/src/ops/matmul.cpp). Operands share one
// dtype (float16/bfloat16 multiply in float32, integers without the BLAS);
// `out`, when defined, receives the result (same shape and dtype). The add*
// forms return beta * input + alpha * product, input expanded to the
// product's shape; beta == 0 ignores input, NaN included.
Tensor matmul(const Tensor& a, const Tensor& b, const Tensor& out = {});
Tensor mm(const Tensor& a, const Tensor& b, const Tensor& out = {});
Tensor bmm(const Tensor& a, const Tensor& b, const Tensor& out = {});
Tensor mv(const Tensor& a, const Tensor& v, const Tensor& out = {});
Tensor dot(const Tensor& a, const Tensor& b, const Tensor& out = {});
Tensor vdot(const Tensor& a, const Tensor& b, const Tensor& out = {});  // conjugates a
Tensor outer(const Tensor& a, const Tensor& b, const Tensor& out = {});
Tensor addmm(const Tensor& input, const Tensor& m1, const Tensor& m2, const Scalar& beta, const Scalar& alpha,
             const Tensor& out = {});
Tensor addmv(const Tensor& input, const Tensor& mat, const Tensor& vec, const Scalar& beta, const Scalar& alpha,
             const Tensor& out = {});
Tensor addbmm(const Tensor& input, const Tensor& b1, const Tensor& b2, const Scalar& beta, const Scalar& alpha,
              const Tensor& out = {});
Tensor baddbmm(const Tensor& input, const Tensor& b1, const Tensor& b2, const Scalar& beta, const Scalar& alpha,
               const Tensor& out = {});
Tensor addr(const Tensor& input, const Tensor& v1, const Tensor& v2, const Scalar& beta, const Scalar& alpha,
            const Tensor& out = {});
// The complex conjugate as a new tensor (self when not complex).
Tensor conj_physical(const Tensor& self);

// ember.linalg's LAPACK primitives (native/src/ops/linalg.cpp), batched over
// leading dims, float32/float64/complex64/complex128. Matrices come back
// column-major (PyTorch's layout too). `info` is LAPACK's per matrix (int32,
// the batch shape; 0: success); -1 means the input was not finite and the
// outputs are NaN (LAPACK's iterative routines are not called on it). The
// raising forms and the composites are in packages/core/src/ember/linalg.py.
struct LuFactorResult {
  Tensor LU, pivots, info;  // pivots: int32, 1-based, as LAPACK's getrf
};
LuFactorResult lu_factor_ex(const Tensor& A);
std::pair<Tensor, Tensor> cholesky_ex(const Tensor& A, bool upper);  // (L, info)
// X with A X = B from lu_factor's output (adjoint: A^H X = B); B (..., n, k), batch dims broadcast.
Tensor lu_solve(const Tensor& LU, const Tensor& pivots, const Tensor& B, bool adjoint);
std::pair<Tensor, Tensor> solve_ex(const Tensor& A, const Tensor& B);  // B (..., n, k): (X, info)
// op(A) X = B (left) or X A = B for triangular A; only A's triangle is read.
Tensor solve_triangular(const Tensor& A, const Tensor& B, bool upper, bool left, bool unitriangular);
std::pair<Tensor, Tensor> geqrf(const Tensor& A);  // (Householder vectors under R, tau), LAPACK's form
Tensor householder_product(const Tensor& A, const Tensor& tau);
struct EighResult {
  Tensor eigenvalues, eigenvectors, info;  // eigenvectors undefined unless asked for
};
EighResult eigh_ex(const Tensor& A, bool upper, bool vectors);
struct SvdResult {
  Tensor U, S, Vh, info;  // U and Vh undefined unless compute_uv
};
SvdResult svd_ex(const Tensor& A, bool full_matrices, bool compute_uv);
struct EigResult {
  Tensor eigenvalues, eigenvectors, info;  // complex
};
EigResult eig_ex(const Tensor& A, bool vectors);
struct LstsqResult {
  Tensor solution, rank, singular_values, info;  // solution: (..., max(m, n), k), the answer in its top n rows
};
// Minimum-norm least squares through the SVD (LAPACK's gelsd); rcond < 0: machine precision.
LstsqResult lstsq_ex(const Tensor& A, const Tensor& B, double rcond);

// Intra-op threads (also the BLAS's thread count).
void set_num_threads(int n);
int get_num_threads();

// Reductions (native/src/ops/reduce*.cpp). `dims`: nullopt or empty reduces
// every dim; negative dims wrap; keepdim leaves reduced dims as size 1.
// Integer and bool sums and products (and cumsum/cumprod) give int64 unless
// `dtype` says otherwise; `dtype` casts the input first, as PyTorch does.
// Results are the same bit for bit at any thread count.
using OptDims = std::optional<DimVector>;
Tensor sum(const Tensor& self, const OptDims& dims = {}, bool keepdim = false, std::optional<DType> dtype = {});
Tensor nansum(const Tensor& self, const OptDims& dims = {}, bool keepdim = false, std::optional<DType> dtype = {});
Tensor prod(const Tensor& self, const OptDims& dims = {}, bool keepdim = false, std::optional<DType> dtype = {});
Tensor mean(const Tensor& self, const OptDims& dims = {}, bool keepdim = false, std::optional<DType> dtype = {});
Tensor nanmean(const Tensor& self, const OptDims& dims = {}, bool keepdim = false, std::optional<DType> dtype = {});
// Largest/smallest values; NaN wins. Raise on empty reductions, as PyTorch.
Tensor amax(const Tensor& self, const OptDims& dims = {}, bool keepdim = false);
Tensor amin(const Tensor& self, const OptDims& dims = {}, bool keepdim = false);
Tensor max(const Tensor& self);  // over everything, a 0-d tensor
Tensor min(const Tensor& self);
struct ValuesIndices {
  Tensor values, indices;
};
// Along one dim: the values and the first index holding each.
ValuesIndices max(const Tensor& self, int64_t dim, bool keepdim = false);
ValuesIndices min(const Tensor& self, int64_t dim, bool keepdim = false);
// nullopt flattens (keepdim then keeps every dim as size 1).
Tensor argmax(const Tensor& self, std::optional<int64_t> dim = {}, bool keepdim = false);
Tensor argmin(const Tensor& self, std::optional<int64_t> dim = {}, bool keepdim = false);
std::pair<Tensor, Tensor> aminmax(const Tensor& self, std::optional<int64_t> dim = {}, bool keepdim = false);
// bool results (uint8 for uint8 input, as PyTorch).
Tensor all(const Tensor& self, const OptDims& dims = {}, bool keepdim = false);
Tensor any(const Tensor& self, const OptDims& dims = {}, bool keepdim = false);
Tensor count_nonzero(const Tensor& self, const OptDims& dims = {});
// Variance with `correction` (1: Bessel's), its root, and either with the mean.
Tensor var(const Tensor& self, const OptDims& dims = {}, double correction = 1, bool keepdim = false);
Tensor std(const Tensor& self, const OptDims& dims = {}, double correction = 1, bool keepdim = false);
std::pair<Tensor, Tensor> var_mean(const Tensor& self, const OptDims& dims = {}, double correction = 1,
                                   bool keepdim = false);
std::pair<Tensor, Tensor> std_mean(const Tensor& self, const OptDims& dims = {}, double correction = 1,
                                   bool keepdim = false);
// log(sum(exp(x))), computed stably (integers in the default float dtype).
Tensor logsumexp(const Tensor& self, const OptDims& dims, bool keepdim = false);
// (sum |x|^ord)^(1/ord); ord 0 counts non-zeros, +-inf take max/min |x|.
Tensor vector_norm(const Tensor& self, double ord = 2, const OptDims& dims = {}, bool keepdim = false,
                   std::optional<DType> dtype = {}, const char* op = "linalg.vector_norm");
// Along one dim: softmax, log_softmax, running sums/products/logsumexp.
Tensor softmax(const Tensor& self, int64_t dim, std::optional<DType> dtype = {}, bool log = false);
Tensor cumsum(const Tensor& self, int64_t dim, std::optional<DType> dtype = {});
Tensor cumprod(const Tensor& self, int64_t dim, std::optional<DType> dtype = {});
Tensor logcumsumexp(const Tensor& self, int64_t dim);
// Running max/min and where each was last reached.
ValuesIndices cummax(const Tensor& self, int64_t dim);
ValuesIndices cummin(const Tensor& self, int64_t dim);
// n-th forward difference along dim, with prepend/append (when defined) joined on first.
Tensor diff(const Tensor& self, int64_t n = 1, int64_t dim = -1, const Tensor& prepend = {}, const Tensor& append = {});

// Wraps a possibly negative dim into [0, ndim); raises IndexError naming op.
int64_t wrap_dim(int64_t dim, int64_t ndim, const char* op);

// ---- Shape ops (Tensor core II): join, split, flip, repeat, triangles, pad.
// They copy into new memory, except the split family, atleast_*d and
// meshgrid, which return views as PyTorch does. `op` names the caller in errors.
Tensor cat(std::span<const Tensor> tensors, int64_t dim = 0, const char* op = "cat");
Tensor stack(std::span<const Tensor> tensors, int64_t dim = 0);
Tensor hstack(std::span<const Tensor> tensors);
Tensor vstack(std::span<const Tensor> tensors);
Tensor dstack(std::span<const Tensor> tensors);
Tensor column_stack(std::span<const Tensor> tensors);
Tensor atleast_1d(const Tensor& self);
Tensor atleast_2d(const Tensor& self);
Tensor atleast_3d(const Tensor& self);
std::vector<Tensor> split(const Tensor& self, int64_t split_size, int64_t dim = 0);
std::vector<Tensor> split_with_sizes(const Tensor& self, IntArrayRef split_sizes, int64_t dim = 0);
std::vector<Tensor> chunk(const Tensor& self, int64_t chunks, int64_t dim = 0);
std::vector<Tensor> tensor_split(const Tensor& self, int64_t sections, int64_t dim = 0);
std::vector<Tensor> tensor_split_indices(const Tensor& self, IntArrayRef indices, int64_t dim = 0);
// A 0-d int64 tensor is a number of sections, a 1-D one indices.
std::vector<Tensor> tensor_split(const Tensor& self, const Tensor& indices_or_sections, int64_t dim = 0);
// hsplit/vsplit/dsplit: `sections` must divide the split dim.
enum class SplitAxis : uint8_t { H, V, D };
std::vector<Tensor> axis_split(const Tensor& self, SplitAxis axis, int64_t sections);
std::vector<Tensor> axis_split(const Tensor& self, SplitAxis axis, IntArrayRef indices);
Tensor flip(const Tensor& self, IntArrayRef dims);
Tensor fliplr(const Tensor& self);
Tensor flipud(const Tensor& self);
Tensor roll(const Tensor& self, IntArrayRef shifts, IntArrayRef dims);  // no dims: over the flattened tensor
Tensor rot90(const Tensor& self, int64_t k, IntArrayRef dims);
Tensor repeat(const Tensor& self, IntArrayRef repeats);
Tensor tile(const Tensor& self, IntArrayRef reps);
// No dim: over the flattened tensor. output_size, when given, must be right.
Tensor repeat_interleave(const Tensor& self, int64_t repeats, std::optional<int64_t> dim = std::nullopt,
                         std::optional<int64_t> output_size = std::nullopt);
Tensor repeat_interleave(const Tensor& self, const Tensor& repeats, std::optional<int64_t> dim = std::nullopt,
                         std::optional<int64_t> output_size = std::nullopt);
// repeat_interleave(repeats): index i repeated repeats[i] times.
Tensor repeat_interleave(const Tensor& repeats, std::optional<int64_t> output_size = std::nullopt);
Tensor tril(const Tensor& self, int64_t diagonal = 0);
Tensor triu(const Tensor& self, int64_t diagonal = 0);
void tril_(const Tensor& self, int64_t diagonal = 0);
void triu_(const Tensor& self, int64_t diagonal = 0);
// 2 x N (row, column) coordinates of a row x col matrix's lower/upper triangle.
Tensor tril_indices(int64_t row, int64_t col, int64_t offset, DType dtype, Device device = {});
Tensor triu_indices(int64_t row, int64_t col, int64_t offset, DType dtype, Device device = {});
Tensor diag(const Tensor& self, int64_t diagonal = 0);  // 1-D -> 2-D matrix, 2-D -> its diagonal
Tensor diag_embed(const Tensor& self, int64_t offset = 0, int64_t dim1 = -2, int64_t dim2 = -1);
Tensor diagflat(const Tensor& self, int64_t offset = 0);
Tensor block_diag(std::span<const Tensor> tensors);
std::vector<Tensor> meshgrid(std::span<const Tensor> tensors, std::string_view indexing);  // "ij" or "xy"
Tensor cartesian_prod(std::span<const Tensor> tensors);
Tensor kron(const Tensor& a, const Tensor& b);
// PyTorch's pad: `pad` holds (before, after) pairs from the last dim backwards;
// negative pads crop. value only for constant mode (default 0).
enum class PadMode : uint8_t { Constant, Reflect, Replicate, Circular };
Tensor pad(const Tensor& self, IntArrayRef pad, PadMode mode = PadMode::Constant,
           std::optional<Scalar> value = std::nullopt);
// Random numbers (Tensor core II). Each draws from `gen`, or the default
// generator when null; ember/generator.h fixes which counters each element
// uses. In-place forms fill self whatever its layout; `op` names errors.
class GeneratorImpl;
void uniform_(const Tensor& self, double from, double to, GeneratorImpl* gen, const char* op = "uniform_");
void normal_(const Tensor& self, double mean, double std, GeneratorImpl* gen, const char* op = "normal_");
void log_normal_(const Tensor& self, double mean, double std, GeneratorImpl* gen);
void exponential_(const Tensor& self, double lambd, GeneratorImpl* gen);
void cauchy_(const Tensor& self, double median, double sigma, GeneratorImpl* gen);
void geometric_(const Tensor& self, double p, GeneratorImpl* gen);
void bernoulli_(const Tensor& self, double p, GeneratorImpl* gen);
void bernoulli_(const Tensor& self, const Tensor& p, GeneratorImpl* gen);  // p broadcasts to self
// Integers in [from, to); without `to`, up to the dtype's largest (2^digits for floats).
void random_(const Tensor& self, int64_t from, std::optional<int64_t> to, GeneratorImpl* gen,
             const char* op = "random_");
// New tensors (or `out`, which must have the result's shape and dtype).
Tensor rand(IntArrayRef sizes, DType dtype, GeneratorImpl* gen, const Tensor& out = {});
Tensor randn(IntArrayRef sizes, DType dtype, GeneratorImpl* gen, const Tensor& out = {});
Tensor randint(int64_t low, int64_t high, IntArrayRef sizes, DType dtype, GeneratorImpl* gen, const Tensor& out = {});
Tensor randperm(int64_t n, DType dtype, GeneratorImpl* gen, const Tensor& out = {});
// mean + std * N(0, 1), broadcast; at least one of mean and std is a tensor,
// whose dtype (mean's first) the result takes.
Tensor normal(const Operand& mean, const Operand& std, GeneratorImpl* gen, const Tensor& out = {});
// 0/1 draws with probabilities `probs` (or p for every element), in probs' dtype.
Tensor bernoulli(const Tensor& probs, std::optional<double> p, GeneratorImpl* gen);
// Category indices (int64) drawn by the weights in each row of a 1-D or 2-D tensor.
Tensor multinomial(const Tensor& probs, int64_t num_samples, bool replacement, GeneratorImpl* gen,
                   const Tensor& out = {});
Tensor poisson(const Tensor& rates, GeneratorImpl* gen);
// ---- Indexing (Tensor core II) ----
// Index tensors are int64 or int32 (take/put: int64); an index out of
// [-size, size) raises IndexError naming it, its dim and the dim's size.
//
// PyTorch's index / index_put_: indices[k] indexes dim k of self (undefined:
// all of it); bool or uint8 masks stand for their nonzero() coordinates over
// as many dims as they have. Adjacent indexed dims keep their place in the
// result, separated ones move to the front (NumPy's rule).
Tensor index(const Tensor& self, std::span<const Tensor> indices);
void index_put_(const Tensor& self, std::span<const Tensor> indices, const Tensor& values, bool accumulate);
Tensor index_select(const Tensor& self, int64_t dim, const Tensor& index);
Tensor gather(const Tensor& self, int64_t dim, const Tensor& index);
// scatter_/scatter_add_/scatter_reduce_ in one: src must have self's dtype
// (a number arrives as a 0-d tensor, broadcast). Mean divides by the count
// (flooring for integers); include_self = false leaves self's old value out.
enum class ScatterReduce : uint8_t { None, Sum, Prod, Mean, Amax, Amin };
void scatter_(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src, ScatterReduce reduce,
              bool include_self, const char* op);
Tensor take(const Tensor& self, const Tensor& index);
Tensor take_along_dim(const Tensor& self, const Tensor& indices, std::optional<int64_t> dim);
void put_(const Tensor& self, const Tensor& index, const Tensor& source, bool accumulate);
void index_add_(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source, const Scalar& alpha);
void index_copy_(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source);
void index_fill_(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& value);  // value: 0-d
void masked_fill_(const Tensor& self, const Tensor& mask, const Tensor& value);               // value: 0-d
Tensor masked_select(const Tensor& self, const Tensor& mask);
void masked_scatter_(const Tensor& self, const Tensor& mask, const Tensor& source);
Tensor nonzero(const Tensor& self);  // (count, ndim) int64 coordinates, row-major order
// A 0-d tensor of `dtype` holding value (converted as a copy converts).
Tensor scalar_tensor(const Scalar& value, DType dtype);
// ---- end indexing ----

// ---- Sorting and search (Tensor core II: sorting) ----
// Orders follow PyTorch: NaN is the largest value, -0.0 equals +0.0, ties keep
// input order (every sort here is stable; `stable` is accepted for the API).
// Complex inputs raise. Results are fresh contiguous tensors.
ValuesIndices sort(const Tensor& self, int64_t dim = -1, bool descending = false, bool stable = false);
Tensor argsort(const Tensor& self, int64_t dim = -1, bool descending = false, bool stable = false);
Tensor msort(const Tensor& self);  // sort along dim 0, values only
// The k largest (or smallest) along dim, always in sorted order.
ValuesIndices topk(const Tensor& self, int64_t k, int64_t dim = -1, bool largest = true, bool sorted = true);
ValuesIndices kthvalue(const Tensor& self, int64_t k, int64_t dim = -1, bool keepdim = false);  // k from 1
// Lower medians; median gives NaN where a line has one, nanmedian skips them.
Tensor median(const Tensor& self);
Tensor nanmedian(const Tensor& self);
ValuesIndices median(const Tensor& self, int64_t dim, bool keepdim = false);
ValuesIndices nanmedian(const Tensor& self, int64_t dim, bool keepdim = false);
// The most frequent value along dim (smallest of ties) and its last index.
ValuesIndices mode(const Tensor& self, int64_t dim = -1, bool keepdim = false);
// Insertion points of values in the last dim of sorted_sequence (1-D, or
// rows matching values' leading dims): first position >= value, or > with
// `right`; sorter (int64, sorted_sequence's shape) orders an unsorted one.
Tensor searchsorted(const Tensor& sorted_sequence, const Tensor& values, bool out_int32 = false, bool right = false,
                    const Tensor& sorter = {});
Tensor bucketize(const Tensor& input, const Tensor& boundaries, bool out_int32 = false, bool right = false);
// Whether each element occurs in test_elements (after promotion); bool result.
Tensor isin(const Tensor& elements, const Tensor& test_elements, bool assume_unique = false, bool invert = false);
// The q-quantiles (q 0-d or 1-D, of self's dtype: float32 or float64) over
// dim (all elements when nullopt); 1-D q puts its dim first. NaN in a line
// gives NaN unless ignore_nan (nanquantile), which leaves them out.
enum class QuantileInterpolation : uint8_t { Linear, Lower, Higher, Midpoint, Nearest };
Tensor quantile(const Tensor& self, const Tensor& q, std::optional<int64_t> dim = std::nullopt, bool keepdim = false,
                QuantileInterpolation interp = QuantileInterpolation::Linear, bool ignore_nan = false);
// unique (sorted) and unique_consecutive (runs as they come), over all
// elements or of the slices along dim: the values, the run of each input
// element (inverse, self's shape or (size(dim),)) and each run's length.
struct UniqueResult {
  Tensor values, inverse, counts;
};
UniqueResult unique(const Tensor& self, std::optional<int64_t> dim = std::nullopt);
UniqueResult unique_consecutive(const Tensor& self, std::optional<int64_t> dim = std::nullopt);
// Counts of each value 0..max of a 1-D non-negative integer tensor (or sums
// of weights: float32 weights in float32, others in float64).
Tensor bincount(const Tensor& self, const Tensor& weights = {}, int64_t minlength = 0);
// Counts in `bins` equal bins over [min, max] (the data's range when min == max).
Tensor histc(const Tensor& self, int64_t bins = 100, double min = 0, double max = 0);
// Sum of a matrix's diagonal (integers sum to int64).
Tensor trace(const Tensor& self);
// p-norm distance between each row of x1 (..., P, M) and of x2 (..., R, M):
// (..., P, R). p = 2 uses a matrix product when either has over 25 rows
// (Auto, PyTorch's default), always (MatMul) or never (Direct).
enum class CdistMode : uint8_t { Auto, MatMul, Direct };
Tensor cdist(const Tensor& x1, const Tensor& x2, double p = 2, CdistMode mode = CdistMode::Auto);
// ---- end sorting ----

}  // namespace ember
