// Unary math on the device: one functor per op, the CPU kernels' formulas
// (cpu/elementwise_kernels.inl) in CUDA's math library.
#include "device_loop.cuh"
#include "kernels.h"

namespace ember::cuda {
namespace {

template <class A>
__device__ __forceinline__ A relu6_of(A x) {
  return below_zero(x) ? A(0) : (x > A(6) ? A(6) : x);  // NaN passes through
}
template <class A>
__device__ __forceinline__ A sigmoid_of(A x) {
  return A(1) / (A(1) + exp(-x));
}
template <class A>
__device__ __forceinline__ A softplus_of(A x) {
  return x > A(20) ? x : log1p(exp(x));
}
template <class A>
__device__ __forceinline__ A logit_of(A x, A eps) {
  const A z = eps < A(0) ? x : (x < eps ? eps : (x > A(1) - eps ? A(1) - eps : x));
  return log(z / (A(1) - z));
}
template <class A>
__device__ __forceinline__ A sign_of(A x) {
  return A((A(0) < x) - below_zero(x));
}
// digamma in double, cpu/elementwise_kernels.inl's digamma_of step for step:
// psi(0) is -inf (+inf at -0.0), negative integers are poles (NaN), negative x
// by reflection (x less its nearest integer keeps tan's digits near a pole),
// small x stepped up by psi(x) = psi(x + 1) - 1 / x, then the asymptotic series.
__device__ __forceinline__ double digamma_of(double x) {
  constexpr double kPi = 3.14159265358979323846;
  if (x == 0) return signbit(x) ? INFINITY : -INFINITY;
  if (x != x || x == INFINITY) return x;
  double result = 0;
  if (x < 0) {
    if (x == floor(x)) return NAN;
    result = -kPi / tan(kPi * (x - rint(x)));
    x = 1 - x;
  }
  for (; x < 10; x += 1) result -= 1 / x;
  const double r = 1 / (x * x);
  const double series =
      r * (1.0 / 12 - r * (1.0 / 120 - r * (1.0 / 252 - r * (1.0 / 240 - r * (1.0 / 132 - r * (691.0 / 32760))))));
  return result + log(x) - 0.5 / x - series;
}

// A functor computing EXPR from x (the element in its math type) and the
// op's parameters p0..p2.
#define EMBER_UNARY_FN(NAME, EXPR)                                                                       \
  template <class T>                                                                                     \
  struct NAME {                                                                                          \
    using A = Acc<T>;                                                                                    \
    A p0, p1, p2;                                                                                        \
    explicit NAME(const KernelParams& p) : p0(param<A>(p, 0)), p1(param<A>(p, 1)), p2(param<A>(p, 2)) {} \
    __device__ __forceinline__ T operator()(T v) const {                                                 \
      [[maybe_unused]] const A x = A(v);                                                                 \
      return T(EXPR);                                                                                    \
    }                                                                                                    \
  };

EMBER_UNARY_FN(NegFn, -x)
EMBER_UNARY_FN(SquareFn, x* x)
EMBER_UNARY_FN(IntAbsFn, below_zero(x) ? A(0) - x : x)
EMBER_UNARY_FN(SignFn, sign_of(x))
EMBER_UNARY_FN(IdentityFn, x)
EMBER_UNARY_FN(ReluFn, below_zero(x) ? A(0) : x)  // keeps NaN and -0.0, as PyTorch
EMBER_UNARY_FN(Relu6Fn, relu6_of(x))
EMBER_UNARY_FN(HardtanhFn, x < p0 ? p0 : (x > p1 ? p1 : x))
EMBER_UNARY_FN(BoolNotFn, !x)
EMBER_UNARY_FN(IntNotFn, ~x)
EMBER_UNARY_FN(AbsFn, fabs(x))
EMBER_UNARY_FN(FloorFn, floor(x))
EMBER_UNARY_FN(CeilFn, ceil(x))
EMBER_UNARY_FN(TruncFn, trunc(x))
EMBER_UNARY_FN(RoundFn, rint(x))  // halves to even
EMBER_UNARY_FN(FracFn, x - trunc(x))
EMBER_UNARY_FN(ExpFn, exp(x))
EMBER_UNARY_FN(Exp2Fn, exp2(x))
EMBER_UNARY_FN(Expm1Fn, expm1(x))
EMBER_UNARY_FN(LogFn, log(x))
EMBER_UNARY_FN(Log2Fn, log2(x))
EMBER_UNARY_FN(Log10Fn, log10(x))
EMBER_UNARY_FN(Log1pFn, log1p(x))
EMBER_UNARY_FN(SqrtFn, sqrt(x))
EMBER_UNARY_FN(RsqrtFn, A(1) / sqrt(x))
EMBER_UNARY_FN(ReciprocalFn, A(1) / x)
EMBER_UNARY_FN(SinFn, sin(x))
EMBER_UNARY_FN(CosFn, cos(x))
EMBER_UNARY_FN(TanFn, tan(x))
EMBER_UNARY_FN(AsinFn, asin(x))
EMBER_UNARY_FN(AcosFn, acos(x))
EMBER_UNARY_FN(AtanFn, atan(x))
EMBER_UNARY_FN(SinhFn, sinh(x))
EMBER_UNARY_FN(CoshFn, cosh(x))
EMBER_UNARY_FN(TanhFn, tanh(x))
EMBER_UNARY_FN(AsinhFn, asinh(x))
EMBER_UNARY_FN(AcoshFn, acosh(x))
EMBER_UNARY_FN(AtanhFn, atanh(x))
EMBER_UNARY_FN(ErfFn, erf(x))
EMBER_UNARY_FN(ErfcFn, erfc(x))
EMBER_UNARY_FN(ErfinvFn, erfinv(x))
EMBER_UNARY_FN(LgammaFn, lgamma(x))
EMBER_UNARY_FN(DigammaFn, A(digamma_of(double(x))))
EMBER_UNARY_FN(SigmoidFn, sigmoid_of(x))
EMBER_UNARY_FN(SiluFn, x* sigmoid_of(x))
EMBER_UNARY_FN(GeluFn, A(0.5) * x * (A(1) + erf(x * A(0.70710678118654752440))))
EMBER_UNARY_FN(GeluTanhFn, A(0.5) * x * (A(1) + tanh(A(0.79788456080286535588) * (x + A(0.044715) * x * x * x))))
EMBER_UNARY_FN(MishFn, x* tanh(softplus_of(x)))
EMBER_UNARY_FN(SeluFn, A(1.0507009873554804934) * (x > A(0) ? x : A(1.6732632423543772848) * expm1(x)))
EMBER_UNARY_FN(HardsigmoidFn, relu6_of(x + A(3)) / A(6))
EMBER_UNARY_FN(HardswishFn, x* relu6_of(x + A(3)) / A(6))
EMBER_UNARY_FN(LeakyReluFn, x > A(0) ? x : x * p0)
EMBER_UNARY_FN(EluFn, x > A(0) ? x * p1 : expm1(x * p2) * (p0 * p1))  // alpha, scale, input_scale
EMBER_UNARY_FN(SoftplusFn, x* p0 > p1 ? x : log1p(exp(x * p0)) / p0)  // beta, threshold
EMBER_UNARY_FN(LogitFn, logit_of(x, p0))
EMBER_UNARY_FN(RoundDecimalsFn, p1 != A(0) ? rint(x * p0) / p0 : rint(x / p0) * p0)
EMBER_UNARY_FN(NanToNumFn, x != x ? p0 : (x == A(INFINITY) ? p1 : (x == A(-INFINITY) ? p2 : x)))
#undef EMBER_UNARY_FN

template <class T, template <class> class Op>
void entry(const LaunchLayout& l, const KernelParams& p) {
  launch<Op<T>, T, T>(l, Op<T>(p));
}

template <class T>
void fill_dtype(ElementwiseTable& t) {
  const int dt = static_cast<int>(dtype_of<T>());
  auto set = [&](UnaryMath op, DeviceLoop loop) { t.unary[static_cast<int>(op)][dt] = loop; };
  constexpr bool kBool = std::is_same_v<T, bool>;
  constexpr bool kInt = std::is_integral_v<T> && !kBool;
  if constexpr (kBool) {
    set(UnaryMath::Sign, &entry<T, IdentityFn>);
    set(UnaryMath::Sgn, &entry<T, IdentityFn>);
    set(UnaryMath::NanToNum, &entry<T, IdentityFn>);
    set(UnaryMath::BitwiseNot, &entry<T, BoolNotFn>);
  } else if constexpr (kInt) {
    set(UnaryMath::Neg, &entry<T, NegFn>);
    set(UnaryMath::Square, &entry<T, SquareFn>);
    set(UnaryMath::Abs, std::is_signed_v<T> ? &entry<T, IntAbsFn> : &entry<T, IdentityFn>);
    set(UnaryMath::Sign, &entry<T, SignFn>);
    set(UnaryMath::Sgn, &entry<T, SignFn>);
    for (UnaryMath op : {UnaryMath::Floor, UnaryMath::Ceil, UnaryMath::Trunc, UnaryMath::Round, UnaryMath::NanToNum})
      set(op, &entry<T, IdentityFn>);
    set(UnaryMath::Relu, &entry<T, ReluFn>);
    set(UnaryMath::Relu6, &entry<T, Relu6Fn>);
    set(UnaryMath::Hardtanh, &entry<T, HardtanhFn>);
    set(UnaryMath::BitwiseNot, &entry<T, IntNotFn>);
  } else {
#define EMBER_SET(OP) set(UnaryMath::OP, &entry<T, OP##Fn>)
    EMBER_SET(Neg);
    EMBER_SET(Square);
    EMBER_SET(Abs);
    EMBER_SET(Sign);
    EMBER_SET(Floor);
    EMBER_SET(Ceil);
    EMBER_SET(Trunc);
    EMBER_SET(Round);
    EMBER_SET(Frac);
    EMBER_SET(Relu);
    EMBER_SET(Relu6);
    EMBER_SET(Exp);
    EMBER_SET(Exp2);
    EMBER_SET(Expm1);
    EMBER_SET(Log);
    EMBER_SET(Log2);
    EMBER_SET(Log10);
    EMBER_SET(Log1p);
    EMBER_SET(Sqrt);
    EMBER_SET(Rsqrt);
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
    EMBER_SET(Erf);
    EMBER_SET(Erfc);
    EMBER_SET(Erfinv);
    EMBER_SET(Lgamma);
    EMBER_SET(Digamma);
    EMBER_SET(Sigmoid);
    EMBER_SET(Silu);
    EMBER_SET(Gelu);
    EMBER_SET(GeluTanh);
    EMBER_SET(Mish);
    EMBER_SET(Selu);
    EMBER_SET(Hardsigmoid);
    EMBER_SET(Hardswish);
    EMBER_SET(LeakyRelu);
    EMBER_SET(Elu);
    EMBER_SET(Softplus);
    EMBER_SET(Hardtanh);
    EMBER_SET(Logit);
    EMBER_SET(RoundDecimals);
    EMBER_SET(NanToNum);
#undef EMBER_SET
    set(UnaryMath::Sgn, &entry<T, SignFn>);
  }
}

}  // namespace

void fill_unary_table(ElementwiseTable& table) {
  for (int i = 0; i < kNumDTypes; ++i)
    visit_device_dtype(static_cast<DType>(i), [&](auto tag) { fill_dtype<typename decltype(tag)::type>(table); });
}

}  // namespace ember::cuda
