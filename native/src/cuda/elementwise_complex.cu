// complex64 and complex128 on the device: the ops the CPU's table has for
// complex (cpu/elementwise_kernels.inl) with its formulas, in libcu++'s
// complex math (which may differ from glibc's by a few ulp).
#include "device_loop.cuh"
#include "kernels.h"

namespace ember::cuda {
namespace {

template <class T>
using Real = typename T::value_type;

// A complex parameter (add's alpha, addcmul's value): real and imaginary parts.
template <class T>
T complex_param(const KernelParams& p, int i) {
  return T(Real<T>(p.f[i]), Real<T>(p.f_imag[i]));
}

template <class T>
__device__ __forceinline__ bool is_zero(T x) {
  return x.real() == 0 && x.imag() == 0;
}

template <class T>
struct AddFn {  // a + alpha * b; an alpha of 1 adds exactly (infinite parts stay so)
  T alpha;
  bool one;
  explicit AddFn(const KernelParams& p) : alpha(complex_param<T>(p, 0)), one(p.f[0] == 1 && p.f_imag[0] == 0) {}
  __device__ __forceinline__ T operator()(T a, T b) const { return one ? a + b : a + alpha * b; }
};

#define EMBER_COMPLEX_BINARY_FN(NAME, EXPR)                                  \
  template <class T>                                                         \
  struct NAME {                                                              \
    explicit NAME(const KernelParams&) {}                                    \
    __device__ __forceinline__ T operator()(T a, T b) const { return EXPR; } \
  };
EMBER_COMPLEX_BINARY_FN(MulFn, a* b)
EMBER_COMPLEX_BINARY_FN(DivFn, a / b)
EMBER_COMPLEX_BINARY_FN(PowFn, ::cuda::std::pow(a, b))
#undef EMBER_COMPLEX_BINARY_FN

#define EMBER_COMPLEX_COMPARE_FN(NAME, EXPR)                                    \
  template <class T>                                                            \
  struct NAME {                                                                 \
    explicit NAME(const KernelParams&) {}                                       \
    __device__ __forceinline__ bool operator()(T a, T b) const { return EXPR; } \
  };
EMBER_COMPLEX_COMPARE_FN(EqFn, a == b)
EMBER_COMPLEX_COMPARE_FN(NeFn, a != b)
EMBER_COMPLEX_COMPARE_FN(LogicalAndFn, !is_zero(a) && !is_zero(b))
EMBER_COMPLEX_COMPARE_FN(LogicalOrFn, !is_zero(a) || !is_zero(b))
EMBER_COMPLEX_COMPARE_FN(LogicalXorFn, !is_zero(a) != !is_zero(b))
#undef EMBER_COMPLEX_COMPARE_FN

// isclose as the CPU's is_close: equal, both NaN when equal_nan, or a finite
// |a - b| <= atol + rtol * |b|.
template <class T>
struct IsCloseFn {
  double rtol, atol;
  bool equal_nan;
  explicit IsCloseFn(const KernelParams& p) : rtol(p.f[0]), atol(p.f[1]), equal_nan(p.f[2] != 0) {}
  __device__ __forceinline__ bool operator()(T a, T b) const {
    using R = Real<T>;
    if (a == b) return true;
    if (a != a || b != b) return equal_nan && a != a && b != b;
    const R diff = ::cuda::std::abs(a - b);
    return isfinite(diff) && diff <= R(atol) + R(rtol) * ::cuda::std::abs(b);
  }
};

// A functor computing EXPR from x (with R its real type).
#define EMBER_COMPLEX_UNARY_FN(NAME, EXPR)               \
  template <class T>                                     \
  struct NAME {                                          \
    using R = Real<T>;                                   \
    explicit NAME(const KernelParams&) {}                \
    __device__ __forceinline__ T operator()(T x) const { \
      using namespace ::cuda::std;                       \
      return EXPR;                                       \
    }                                                    \
  };
EMBER_COMPLEX_UNARY_FN(NegFn, -x)
EMBER_COMPLEX_UNARY_FN(SquareFn, x* x)
EMBER_COMPLEX_UNARY_FN(ExpFn, exp(x))
EMBER_COMPLEX_UNARY_FN(LogFn, log(x))
EMBER_COMPLEX_UNARY_FN(Log10Fn, log10(x))
EMBER_COMPLEX_UNARY_FN(SqrtFn, sqrt(x))
EMBER_COMPLEX_UNARY_FN(ReciprocalFn, T(1) / x)
EMBER_COMPLEX_UNARY_FN(SinFn, sin(x))
EMBER_COMPLEX_UNARY_FN(CosFn, cos(x))
EMBER_COMPLEX_UNARY_FN(TanFn, tan(x))
EMBER_COMPLEX_UNARY_FN(AsinFn, asin(x))
EMBER_COMPLEX_UNARY_FN(AcosFn, acos(x))
EMBER_COMPLEX_UNARY_FN(AtanFn, atan(x))
EMBER_COMPLEX_UNARY_FN(SinhFn, sinh(x))
EMBER_COMPLEX_UNARY_FN(CoshFn, cosh(x))
EMBER_COMPLEX_UNARY_FN(TanhFn, tanh(x))
EMBER_COMPLEX_UNARY_FN(AsinhFn, asinh(x))
EMBER_COMPLEX_UNARY_FN(AcoshFn, acosh(x))
EMBER_COMPLEX_UNARY_FN(AtanhFn, atanh(x))
EMBER_COMPLEX_UNARY_FN(SigmoidFn, T(1) / (T(1) + exp(-x)))
EMBER_COMPLEX_UNARY_FN(SiluFn, x / (T(1) + exp(-x)))
EMBER_COMPLEX_UNARY_FN(Exp2Fn, exp(x* R(0.69314718055994530942)))
EMBER_COMPLEX_UNARY_FN(Expm1Fn, exp(x) - T(1))
EMBER_COMPLEX_UNARY_FN(Log2Fn, log(x) / R(0.69314718055994530942))
EMBER_COMPLEX_UNARY_FN(Log1pFn, log(T(R(1) + x.real(), x.imag())))  // keeps -0.0 in imag: the side of the branch cut
EMBER_COMPLEX_UNARY_FN(RsqrtFn, T(1) / sqrt(x))
EMBER_COMPLEX_UNARY_FN(SgnFn, is_zero(x) ? T(0) : x / T(abs(x)))
#undef EMBER_COMPLEX_UNARY_FN

// NaN, +inf and -inf replaced in the real and imaginary parts alike.
template <class T>
struct NanToNumFn {
  using R = Real<T>;
  R nan, posinf, neginf;
  explicit NanToNumFn(const KernelParams& p) : nan(R(p.f[0])), posinf(R(p.f[1])), neginf(R(p.f[2])) {}
  __device__ __forceinline__ R fix(R v) const {
    return v != v ? nan : (v == R(INFINITY) ? posinf : (v == R(-INFINITY) ? neginf : v));
  }
  __device__ __forceinline__ T operator()(T x) const { return T(fix(x.real()), fix(x.imag())); }
};

template <class T>
struct AbsFn {  // |z| is real: the front end's output is float32/float64
  explicit AbsFn(const KernelParams&) {}
  __device__ __forceinline__ Real<T> operator()(T x) const { return ::cuda::std::abs(x); }
};

#define EMBER_COMPLEX_PREDICATE_FN(NAME, EXPR)                             \
  template <class T>                                                       \
  struct NAME {                                                            \
    explicit NAME(const KernelParams&) {}                                  \
    __device__ __forceinline__ bool operator()(T x) const { return EXPR; } \
  };
EMBER_COMPLEX_PREDICATE_FN(LogicalNotFn, is_zero(x))
EMBER_COMPLEX_PREDICATE_FN(IsNanFn, x != x)
EMBER_COMPLEX_PREDICATE_FN(IsInfFn, isinf(x.real()) || isinf(x.imag()))
EMBER_COMPLEX_PREDICATE_FN(IsFiniteFn, isfinite(x.real()) && isfinite(x.imag()))
#undef EMBER_COMPLEX_PREDICATE_FN

template <class T>
struct WhereFn {
  explicit WhereFn(const KernelParams&) {}
  __device__ __forceinline__ T operator()(bool c, T a, T b) const { return c ? a : b; }
};
template <class T>
struct LerpFn {  // two formulas meet at |weight| 0.5 so both ends are exact
  explicit LerpFn(const KernelParams&) {}
  __device__ __forceinline__ T operator()(T a, T b, T w) const {
    return ::cuda::std::abs(w) < Real<T>(0.5) ? a + w * (b - a) : b - (b - a) * (T(1) - w);
  }
};
template <class T>
struct AddcdivFn {
  T v;
  explicit AddcdivFn(const KernelParams& p) : v(complex_param<T>(p, 0)) {}
  __device__ __forceinline__ T operator()(T x, T y, T z) const { return x + (v * y) / z; }
};
template <class T>
struct AddcmulFn {
  T v;
  explicit AddcmulFn(const KernelParams& p) : v(complex_param<T>(p, 0)) {}
  __device__ __forceinline__ T operator()(T x, T y, T z) const { return x + v * y * z; }
};

template <class T, template <class> class Op>
void binary_entry(const LaunchLayout& l, const KernelParams& p) {
  launch<Op<T>, T, T, T>(l, Op<T>(p));
}
template <class T, template <class> class Op>
void compare_entry(const LaunchLayout& l, const KernelParams& p) {
  launch<Op<T>, bool, T, T>(l, Op<T>(p));
}
template <class T, template <class> class Op>
void unary_entry(const LaunchLayout& l, const KernelParams& p) {
  launch<Op<T>, T, T>(l, Op<T>(p));
}
template <class T>
void abs_entry(const LaunchLayout& l, const KernelParams& p) {
  launch<AbsFn<T>, Real<T>, T>(l, AbsFn<T>(p));
}
template <class T, template <class> class Op>
void predicate_entry(const LaunchLayout& l, const KernelParams& p) {
  launch<Op<T>, bool, T>(l, Op<T>(p));
}
template <class T, template <class> class Op>
void ternary_entry(const LaunchLayout& l, const KernelParams& p) {
  launch<Op<T>, T, T, T, T>(l, Op<T>(p));
}
template <class T>
void where_entry(const LaunchLayout& l, const KernelParams& p) {
  launch<WhereFn<T>, T, bool, T, T>(l, WhereFn<T>(p));
}

template <class T>
void fill_dtype(ElementwiseTable& t) {
  const int dt = static_cast<int>(dtype_of<T>());
  t.add[dt] = &binary_entry<T, AddFn>;
  t.binary[static_cast<int>(BinaryMath::Mul)][dt] = &binary_entry<T, MulFn>;
  t.binary[static_cast<int>(BinaryMath::Div)][dt] = &binary_entry<T, DivFn>;
  t.binary[static_cast<int>(BinaryMath::Pow)][dt] = &binary_entry<T, PowFn>;

  auto cmp = [&](Comparison op, DeviceLoop loop) { t.compare[static_cast<int>(op)][dt] = loop; };
  cmp(Comparison::Eq, &compare_entry<T, EqFn>);
  cmp(Comparison::Ne, &compare_entry<T, NeFn>);
  cmp(Comparison::LogicalAnd, &compare_entry<T, LogicalAndFn>);
  cmp(Comparison::LogicalOr, &compare_entry<T, LogicalOrFn>);
  cmp(Comparison::LogicalXor, &compare_entry<T, LogicalXorFn>);
  cmp(Comparison::IsClose, &compare_entry<T, IsCloseFn>);

  auto set = [&](UnaryMath op, DeviceLoop loop) { t.unary[static_cast<int>(op)][dt] = loop; };
#define EMBER_SET(OP) set(UnaryMath::OP, &unary_entry<T, OP##Fn>)
  EMBER_SET(Neg);
  EMBER_SET(Square);
  EMBER_SET(Exp);
  EMBER_SET(Log);
  EMBER_SET(Log10);
  EMBER_SET(Sqrt);
  EMBER_SET(Reciprocal);
  EMBER_SET(Sin);
  EMBER_SET(Cos);
  EMBER_SET(Tan);
  EMBER_SET(Asin);
  EMBER_SET(Acos);
  EMBER_SET(Atan);
  EMBER_SET(Sinh);
  EMBER_SET(Cosh);
  EMBER_SET(Tanh);
  EMBER_SET(Asinh);
  EMBER_SET(Acosh);
  EMBER_SET(Atanh);
  EMBER_SET(Sigmoid);
  EMBER_SET(Silu);
  EMBER_SET(Exp2);
  EMBER_SET(Expm1);
  EMBER_SET(Log2);
  EMBER_SET(Log1p);
  EMBER_SET(Rsqrt);
  EMBER_SET(Sgn);
  EMBER_SET(NanToNum);
#undef EMBER_SET
  set(UnaryMath::Abs, &abs_entry<T>);

  auto pred = [&](Predicate op, DeviceLoop loop) { t.predicate[static_cast<int>(op)][dt] = loop; };
  pred(Predicate::LogicalNot, &predicate_entry<T, LogicalNotFn>);
  pred(Predicate::IsNan, &predicate_entry<T, IsNanFn>);
  pred(Predicate::IsInf, &predicate_entry<T, IsInfFn>);
  pred(Predicate::IsFinite, &predicate_entry<T, IsFiniteFn>);

  auto tern = [&](cpu::TernaryOp op, DeviceLoop loop) { t.ternary[static_cast<int>(op)][dt] = loop; };
  tern(cpu::TernaryOp::Where, &where_entry<T>);
  tern(cpu::TernaryOp::Lerp, &ternary_entry<T, LerpFn>);
  tern(cpu::TernaryOp::Addcdiv, &ternary_entry<T, AddcdivFn>);
  tern(cpu::TernaryOp::Addcmul, &ternary_entry<T, AddcmulFn>);
}

}  // namespace

void fill_complex_table(ElementwiseTable& table) {
  fill_dtype<Complex<float>>(table);
  fill_dtype<Complex<double>>(table);
}

}  // namespace ember::cuda
