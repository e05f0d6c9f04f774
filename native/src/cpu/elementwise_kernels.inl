// Elementwise inner loops, written once and compiled per instruction set:
// each isa/*.cpp defines EMBER_ISA and includes this file. The loops are
// plain C++ that the compiler vectorises for that file's -m flags; the
// contiguous and scalar-broadcast cases get their own loops so they do.
#include <algorithm>
#include <bit>
#include <cmath>
#include <complex>
#include <limits>
#include <type_traits>

#include "cast.h"
#include "elementwise_kernels.h"
#include "ember/error.h"

namespace ember::cpu::EMBER_ISA {
namespace {

// 16-bit floats compute in float.
template <class T>
using Acc = std::conditional_t<std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>, float, T>;

template <class T, class F>
inline void binary_loop(char** d, const int64_t* s, int64_t n, F f) {
  constexpr int64_t z = sizeof(T);
  auto* out = reinterpret_cast<T*>(d[0]);
  const auto* a = reinterpret_cast<const T*>(d[1]);
  const auto* b = reinterpret_cast<const T*>(d[2]);
  // Unrolled: two vectors in flight per iteration keep a streaming loop's
  // loads ahead (NumPy's add does the same); one left add 5% behind it.
  if (s[0] == z && s[1] == z && s[2] == z) {
#pragma GCC unroll 2
    for (int64_t i = 0; i < n; ++i) out[i] = f(a[i], b[i]);
  } else if (s[0] == z && s[1] == z && s[2] == 0) {
    const T bv = *b;
#pragma GCC unroll 2
    for (int64_t i = 0; i < n; ++i) out[i] = f(a[i], bv);
  } else if (s[0] == z && s[1] == 0 && s[2] == z) {
    const T av = *a;
#pragma GCC unroll 2
    for (int64_t i = 0; i < n; ++i) out[i] = f(av, b[i]);
  } else {
    for (int64_t i = 0; i < n; ++i)
      *reinterpret_cast<T*>(d[0] + i * s[0]) =
          f(*reinterpret_cast<const T*>(d[1] + i * s[1]), *reinterpret_cast<const T*>(d[2] + i * s[2]));
  }
}

template <class T, class F>
inline void unary_loop(char** d, const int64_t* s, int64_t n, F f) {
  constexpr int64_t z = sizeof(T);
  if (s[0] == z && s[1] == z) {
    auto* out = reinterpret_cast<T*>(d[0]);
    const auto* a = reinterpret_cast<const T*>(d[1]);
    for (int64_t i = 0; i < n; ++i) out[i] = f(a[i]);
  } else {
    for (int64_t i = 0; i < n; ++i)
      *reinterpret_cast<T*>(d[0] + i * s[0]) = f(*reinterpret_cast<const T*>(d[1] + i * s[1]));
  }
}

// For float math with long dependency chains (exp, tanh, erf): four vectors'
// worth of results at a time into a local block, independent vectors the
// scheduler can interleave. One vector per iteration left the loop latency
// bound on cores with small FP schedulers (Zen 1: exp 1.2x slower); two
// AVX-512 vectors (a block of 32) left Zen 4 ~5% slower than four. Cheap ops
// keep unary_loop: for them the extra copy costs more than it hides.
#ifdef __AVX512F__
constexpr int64_t kMathBlock = 64;
#else
constexpr int64_t kMathBlock = 32;
#endif
template <class T, class F>
inline void unary_loop_blocked(char** d, const int64_t* s, int64_t n, F f) {
  constexpr int64_t z = sizeof(T), kBlock = kMathBlock;
  if constexpr (std::is_same_v<T, float>) {
    if (s[0] == z && s[1] == z) {
      auto* out = reinterpret_cast<T*>(d[0]);
      const auto* a = reinterpret_cast<const T*>(d[1]);
      int64_t i = 0;
      for (; i + kBlock <= n; i += kBlock) {
        T block[kBlock];
        for (int64_t j = 0; j < kBlock; ++j) block[j] = f(a[i + j]);
        for (int64_t j = 0; j < kBlock; ++j) out[i + j] = block[j];
      }
      for (; i < n; ++i) out[i] = f(a[i]);
      return;
    }
  }
  unary_loop<T>(d, s, n, f);
}

template <class T>
void add_loop(char** d, const int64_t* s, int64_t n, const Params& p) {
  using A = Acc<T>;
  const Scalar& alpha = p[0];
  if constexpr (std::is_same_v<T, bool>) {
    if (alpha.to<bool>()) {
      binary_loop<T>(d, s, n, [](bool a, bool b) { return a || b; });
    } else {  // a + 0 * b
      binary_loop<T>(d, s, n, [](bool a, bool) { return a; });
    }
  } else if (alpha.kind() == Scalar::Kind::Int && alpha.to_int() == 1) {
    binary_loop<T>(d, s, n, [](T a, T b) { return T(A(a) + A(b)); });
  } else {
    const A w = alpha.to<A>();
    binary_loop<T>(d, s, n, [w](T a, T b) { return T(A(a) + w * A(b)); });
  }
}

[[noreturn]] inline void zero_division() { throw Error(ErrorKind::Runtime, "ZeroDivisionError"); }

// Python's floor division and modulo for integers (C's truncate).
template <class T>
inline T int_floor_div(T a, T b) {
  if (b == 0) zero_division();
  if constexpr (std::is_signed_v<T>) {
    if (b == -1) return static_cast<T>(-static_cast<std::make_unsigned_t<T>>(a));  // no overflow trap at min
    const T q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? T(q - 1) : q;
  }
  return a / b;
}
template <class T>
inline T int_remainder(T a, T b) {
  if (b == 0) zero_division();
  if constexpr (std::is_signed_v<T>) {
    if (b == -1) return 0;
    const T r = a % b;
    return (r != 0 && ((r < 0) != (b < 0))) ? T(r + b) : r;
  }
  return a % b;
}
template <class T>
inline T int_pow(T base, T exp) {
  if constexpr (std::is_signed_v<T>) {
    if (exp < 0) return base == 1 ? T(1) : base == -1 ? T(exp % 2 == 0 ? 1 : -1) : T(0);
  }
  T result = 1;
  while (exp) {  // wraps on overflow, as integer arithmetic does
    if (exp & 1) result = static_cast<T>(result * base);
    base = static_cast<T>(base * base);
    exp = static_cast<T>(exp >> 1);
  }
  return result;
}
// Floats: floor(a / b) computed from fmod so it is exact, as PyTorch does.
template <class R>
inline R float_floor_div(R a, R b) {
  if (b == R(0)) return a / b;
  const R mod = std::fmod(a, b);
  R div = (a - mod) / b;
  if (mod != R(0) && ((b < R(0)) != (mod < R(0)))) div -= R(1);
  if (div == R(0)) return std::copysign(R(0), a / b);
  R floor_div = std::floor(div);
  if (div - floor_div > R(0.5)) floor_div += R(1);
  return floor_div;
}
template <class R>
inline R float_remainder(R a, R b) {
  R r = std::fmod(a, b);
  if (r != R(0) && ((r < R(0)) != (b < R(0)))) r += b;
  return r;
}
template <class T>
inline T shift_left(T a, T b) {
  using U = std::make_unsigned_t<T>;
  if (b < 0 || b >= T(sizeof(T) * 8)) return 0;
  return static_cast<T>(static_cast<U>(a) << b);
}
template <class T>
inline T shift_right(T a, T b) {
  if (b < 0 || b >= T(sizeof(T) * 8)) return (std::is_signed_v<T> && a < 0) ? T(-1) : T(0);
  return static_cast<T>(a >> b);
}

#define EMBER_BINARY(OP, EXPR)                                                                                \
  t.binary[static_cast<int>(BinaryMath::OP)][dt] = [](char** d, const int64_t* s, int64_t n, const Params&) { \
    binary_loop<T>(d, s, n, [](T va, T vb) {                                                                  \
      const A a = A(va), b = A(vb);                                                                           \
      return T(EXPR);                                                                                         \
    });                                                                                                       \
  };

template <class T>
void fill_binary(ElementwiseKernels& t, int dt) {
  using A = Acc<T>;
  constexpr bool kBool = std::is_same_v<T, bool>;
  constexpr bool kInt = std::is_integral_v<T> && !kBool;
  constexpr bool kReal = std::is_floating_point_v<A>;
  constexpr bool kComplex = is_complex_t<T>::value;
  t.add[dt] = &add_loop<T>;
  if constexpr (kBool) {
    EMBER_BINARY(Mul, a && b)
    EMBER_BINARY(Maximum, a || b)
    EMBER_BINARY(Minimum, a && b)
    EMBER_BINARY(BitwiseAnd, a && b)
    EMBER_BINARY(BitwiseOr, a || b)
    EMBER_BINARY(BitwiseXor, a != b)
    EMBER_BINARY(Fmax, a || b)
    EMBER_BINARY(Fmin, a && b)
    EMBER_BINARY(Pow, a || !b)  // x ** True is x, x ** False is True
  }
  if constexpr (kInt) {
    EMBER_BINARY(Mul, a * b)
    EMBER_BINARY(DivTrunc, (b == 0 ? (zero_division(), a) : (std::is_signed_v<T> && b == A(-1) ? A(0) - a : a / b)))
    EMBER_BINARY(FloorDivide, int_floor_div<T>(a, b))
    EMBER_BINARY(Remainder, int_remainder<T>(a, b))
    EMBER_BINARY(Fmod, (b == 0 ? (zero_division(), a) : (std::is_signed_v<T> && b == A(-1) ? A(0) : a % b)))
    EMBER_BINARY(Pow, int_pow<T>(a, b))
    EMBER_BINARY(Maximum, a > b ? a : b)
    EMBER_BINARY(Minimum, a < b ? a : b)
    EMBER_BINARY(Fmax, a > b ? a : b)
    EMBER_BINARY(Fmin, a < b ? a : b)
    EMBER_BINARY(BitwiseAnd, a & b)
    EMBER_BINARY(BitwiseOr, a | b)
    EMBER_BINARY(BitwiseXor, a ^ b)
    EMBER_BINARY(LeftShift, shift_left<T>(a, b))
    EMBER_BINARY(RightShift, shift_right<T>(a, b))
  }
  if constexpr (kReal) {
    EMBER_BINARY(Mul, a * b)
    EMBER_BINARY(Div, a / b)
    EMBER_BINARY(DivTrunc, std::trunc(a / b))
    EMBER_BINARY(FloorDivide, float_floor_div(a, b))
    EMBER_BINARY(Remainder, float_remainder(a, b))
    EMBER_BINARY(Fmod, std::fmod(a, b))
    EMBER_BINARY(Pow, std::pow(a, b))
    EMBER_BINARY(Maximum, (a != a || b != b) ? a + b : (a > b ? a : b))  // NaN propagates
    EMBER_BINARY(Minimum, (a != a || b != b) ? a + b : (a < b ? a : b))
    EMBER_BINARY(Fmax, std::fmax(a, b))  // NaN ignored
    EMBER_BINARY(Fmin, std::fmin(a, b))
    EMBER_BINARY(Atan2, std::atan2(a, b))
    EMBER_BINARY(Hypot, std::hypot(a, b))
    EMBER_BINARY(Copysign, std::copysign(a, b))
  }
  if constexpr (kComplex) {
    EMBER_BINARY(Mul, a * b)
    EMBER_BINARY(Div, a / b)
    EMBER_BINARY(Pow, std::pow(a, b))
  }
}
#undef EMBER_BINARY

template <class T, class F>
void compare_loop(char** d, const int64_t* s, int64_t n, F f) {
  using A = Acc<T>;
  for (int64_t i = 0; i < n; ++i)
    *reinterpret_cast<bool*>(d[0] + i * s[0]) =
        f(A(*reinterpret_cast<const T*>(d[1] + i * s[1])), A(*reinterpret_cast<const T*>(d[2] + i * s[2])));
}

template <class T>
constexpr bool kOrdered = !is_complex_t<T>::value;

// isclose on one pair: equal values (infinities included), both NaN when
// equal_nan, or finite and |a - b| <= atol + rtol * |b|. Integers and bool
// compare in double, floats in their compute type.
template <class A>
inline bool is_close(A a, A b, double rtol, double atol, bool equal_nan) {
  if (a == b) return true;
  if constexpr (is_complex_t<A>::value || std::is_floating_point_v<A>) {
    using R = decltype(std::abs(a));
    if (a != a || b != b) return equal_nan && a != a && b != b;
    const R diff = R(std::abs(a - b));  // infinite (or NaN) when a or b is infinite and they differ
    return std::isfinite(diff) && diff <= R(atol) + R(rtol) * R(std::abs(b));
  } else {  // |a - b| exactly (no wrapping), then in double
    const auto wide_a = static_cast<int64_t>(a), wide_b = static_cast<int64_t>(b);
    const uint64_t diff = wide_a > wide_b ? static_cast<uint64_t>(wide_a) - static_cast<uint64_t>(wide_b)
                                          : static_cast<uint64_t>(wide_b) - static_cast<uint64_t>(wide_a);
    return double(diff) <= atol + rtol * std::fabs(double(b));
  }
}

template <class T>
void fill_compare(ElementwiseKernels& t, int dt) {
  auto row = [&](Comparison op) -> Loop& { return t.compare[static_cast<int>(op)][dt]; };
  row(Comparison::Eq) = [](char** d, const int64_t* s, int64_t n, const Params&) {
    compare_loop<T>(d, s, n, [](auto a, auto b) { return a == b; });
  };
  row(Comparison::Ne) = [](char** d, const int64_t* s, int64_t n, const Params&) {
    compare_loop<T>(d, s, n, [](auto a, auto b) { return a != b; });
  };
  row(Comparison::LogicalAnd) = [](char** d, const int64_t* s, int64_t n, const Params&) {
    compare_loop<T>(d, s, n, [](auto a, auto b) { return a != decltype(a)(0) && b != decltype(b)(0); });
  };
  row(Comparison::LogicalOr) = [](char** d, const int64_t* s, int64_t n, const Params&) {
    compare_loop<T>(d, s, n, [](auto a, auto b) { return a != decltype(a)(0) || b != decltype(b)(0); });
  };
  row(Comparison::LogicalXor) = [](char** d, const int64_t* s, int64_t n, const Params&) {
    compare_loop<T>(d, s, n, [](auto a, auto b) { return (a != decltype(a)(0)) != (b != decltype(b)(0)); });
  };
  row(Comparison::IsClose) = [](char** d, const int64_t* s, int64_t n, const Params& p) {
    const double rtol = p[0].to_double(), atol = p[1].to_double();
    const bool equal_nan = p[2].to<bool>();
    compare_loop<T>(d, s, n, [=](auto a, auto b) { return is_close(a, b, rtol, atol, equal_nan); });
  };
  if constexpr (kOrdered<T>) {
    row(Comparison::Lt) = [](char** d, const int64_t* s, int64_t n, const Params&) {
      compare_loop<T>(d, s, n, [](auto a, auto b) { return a < b; });
    };
    row(Comparison::Le) = [](char** d, const int64_t* s, int64_t n, const Params&) {
      compare_loop<T>(d, s, n, [](auto a, auto b) { return a <= b; });
    };
    row(Comparison::Gt) = [](char** d, const int64_t* s, int64_t n, const Params&) {
      compare_loop<T>(d, s, n, [](auto a, auto b) { return a > b; });
    };
    row(Comparison::Ge) = [](char** d, const int64_t* s, int64_t n, const Params&) {
      compare_loop<T>(d, s, n, [](auto a, auto b) { return a >= b; });
    };
  }
}

#define EMBER_UNARY(OP, EXPR)                                                                               \
  t.unary[static_cast<int>(UnaryMath::OP)][dt] = [](char** d, const int64_t* s, int64_t n, const Params&) { \
    unary_loop<T>(d, s, n, [](T v) {                                                                        \
      const A x = A(v);                                                                                     \
      return T(EXPR);                                                                                       \
    });                                                                                                     \
  };

// EMBER_UNARY for the float math that unary_loop_blocked speeds up.
#define EMBER_UNARY_BLOCKED(OP, EXPR)                                                                       \
  t.unary[static_cast<int>(UnaryMath::OP)][dt] = [](char** d, const int64_t* s, int64_t n, const Params&) { \
    unary_loop_blocked<T>(d, s, n, [](T v) {                                                                \
      const A x = A(v);                                                                                     \
      return T(EXPR);                                                                                       \
    });                                                                                                     \
  };

#include "vec_math.inl"

template <class R>
inline R sigmoid_of(R x) {
  return R(1) / (R(1) + exp_of(-x));
}
template <class R>
inline R softplus_of(R x) {  // PyTorch's threshold: above 20, softplus(x) is x to float precision
  return x > R(20) ? x : std::log1p(std::exp(x));
}
template <class R>
inline R relu6_of(R x) {
  return x < R(0) ? R(0) : (x > R(6) ? R(6) : x);  // NaN passes through
}

// digamma (psi), in double: psi(0) is -inf (+inf at -0.0), as PyTorch;
// negative integers are poles (NaN). Negative x by reflection, small x
// stepped up by psi(x) = psi(x + 1) - 1 / x, then the asymptotic series.
inline double digamma_of(double x) {
  constexpr double kPi = 3.14159265358979323846;
  if (x == 0) return std::signbit(x) ? INFINITY : -INFINITY;
  if (x != x || x == INFINITY) return x;
  double result = 0;
  if (x < 0) {
    if (x == std::floor(x)) return NAN;  // poles, and -inf
    // psi(x) = psi(1 - x) - pi / tan(pi x); tan's period lets us take x less
    // its nearest integer, which is exact, so x near a pole keeps its digits.
    result = -kPi / std::tan(kPi * (x - std::nearbyint(x)));
    x = 1 - x;
  }
  for (; x < 10; x += 1) result -= 1 / x;
  const double r = 1 / (x * x);
  // Bernoulli terms B_2k / (2k x^2k), k = 1..6
  const double series =
      r * (1.0 / 12 - r * (1.0 / 120 - r * (1.0 / 252 - r * (1.0 / 240 - r * (1.0 / 132 - r * (691.0 / 32760))))));
  return result + std::log(x) - 0.5 / x - series;
}

// erfinv, in double: M. Giles' single-precision approximation ("Approximating
// the erfinv function", GPU Computing Gems, 2010) as a start, then Newton
// steps on erf (erfc near +-1, where 1 - |y| keeps the precision).
inline double erfinv_of(double y) {
  const double a = std::fabs(y);
  if (!(a <= 1)) return NAN;  // |y| > 1 and NaN
  if (a == 1) return std::copysign(INFINITY, y);
  if (a == 0) return y;  // keeps -0.0
  double w = -std::log((1 - a) * (1 + a)), x;
  if (w < 5) {
    w -= 2.5;
    x = 2.81022636e-08;
    for (double c : {3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503, -0.00417768164,
                     0.246640727, 1.50140941})
      x = c + x * w;
  } else {
    w = std::sqrt(w) - 3;
    x = -0.000200214257;
    for (double c : {0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047,
                     1.00167406, 2.83297682})
      x = c + x * w;
  }
  x *= a;
  constexpr double kTwoOverSqrtPi = 1.12837916709551257390;
  for (int i = 0; i < 3; ++i) {
    const double residual = a <= 0.5 ? std::erf(x) - a : (1 - a) - std::erfc(x);
    x -= residual / (kTwoOverSqrtPi * std::exp(-x * x));
  }
  return std::copysign(x, y);
}

template <class R>
inline R logit_of(R x, R eps) {  // eps < 0: no clamping (PyTorch's eps=None)
  const R z = eps < R(0) ? x : (x < eps ? eps : (x > R(1) - eps ? R(1) - eps : x));
  return std::log(z / (R(1) - z));
}

// A unary loop whose expression reads the op's parameters as p0, p1, p2,
// converted to the compute type once per call.
#define EMBER_UNARY_PARAMS(OP, EXPR)                                                                          \
  t.unary[static_cast<int>(UnaryMath::OP)][dt] = [](char** d, const int64_t* s, int64_t n, const Params& p) { \
    [[maybe_unused]] const A p0 = p[0].to<A>(), p1 = p[1].to<A>(), p2 = p[2].to<A>();                         \
    unary_loop<T>(d, s, n, [=](T v) {                                                                         \
      const A x = A(v);                                                                                       \
      return T(EXPR);                                                                                         \
    });                                                                                                       \
  };

template <class T>
void fill_unary(ElementwiseKernels& t, int dt) {
  using A = Acc<T>;
  constexpr bool kBool = std::is_same_v<T, bool>;
  constexpr bool kInt = std::is_integral_v<T> && !kBool;
  constexpr bool kReal = std::is_floating_point_v<A>;
  constexpr bool kComplex = is_complex_t<T>::value;
  if constexpr (kInt || kReal || kComplex) {
    EMBER_UNARY(Neg, -x)
    EMBER_UNARY(Square, x * x)
  }
  if constexpr (kInt) {
    if constexpr (std::is_signed_v<T>) {
      EMBER_UNARY(Abs, x < 0 ? -x : x)
    } else {
      EMBER_UNARY(Abs, x)
    }
    EMBER_UNARY(Sign, (A(0) < x) - (x < A(0)))
    EMBER_UNARY(Floor, x)
    EMBER_UNARY(Ceil, x)
    EMBER_UNARY(Trunc, x)
    EMBER_UNARY(Round, x)
    EMBER_UNARY(Relu, x < A(0) ? A(0) : x)
    EMBER_UNARY(Relu6, x < A(0) ? A(0) : (x > A(6) ? A(6) : x))
    EMBER_UNARY(Sgn, (A(0) < x) - (x < A(0)))
    EMBER_UNARY_PARAMS(Hardtanh, x < p0 ? p0 : (x > p1 ? p1 : x))
  }
  if constexpr (kInt || kBool) {
    EMBER_UNARY(NanToNum, x)  // integers have no NaN or infinity
  }
  if constexpr (kBool) {
    EMBER_UNARY(Sign, x)
    EMBER_UNARY(Sgn, x)
  }
  if constexpr (kReal) {
    EMBER_UNARY(Abs, std::abs(x))
    EMBER_UNARY(Sign, A((A(0) < x) - (x < A(0))))
    EMBER_UNARY(Floor, std::floor(x))
    EMBER_UNARY(Ceil, std::ceil(x))
    EMBER_UNARY(Trunc, std::trunc(x))
    EMBER_UNARY(Round, std::nearbyint(x))  // halves to even
    EMBER_UNARY(Frac, x - std::trunc(x))
    EMBER_UNARY(Relu, x < A(0) ? A(0) : x)  // keeps NaN and -0.0, as PyTorch
    EMBER_UNARY(Relu6, relu6_of(x))
    EMBER_UNARY(Exp2, std::exp2(x))
    EMBER_UNARY(Expm1, std::expm1(x))
    EMBER_UNARY(Log2, std::log2(x))
    EMBER_UNARY(Log1p, std::log1p(x))
    EMBER_UNARY(Rsqrt, A(1) / std::sqrt(x))
    EMBER_UNARY_BLOCKED(Erf, erf_of(x))
    EMBER_UNARY_BLOCKED(Erfc, erfc_of(x))
    EMBER_UNARY(Lgamma, std::lgamma(x))
    EMBER_UNARY_BLOCKED(Sigmoid, sigmoid_of(x))
    EMBER_UNARY_BLOCKED(Silu, x * sigmoid_of(x))
    EMBER_UNARY_BLOCKED(Gelu, gelu_of(x))
    EMBER_UNARY_BLOCKED(GeluTanh,
                        A(0.5) * x * (A(1) + tanh_of(A(0.79788456080286535588) * (x + A(0.044715) * x * x * x))))
    EMBER_UNARY(Mish, x * tanh_of(softplus_of(x)))
    EMBER_UNARY(Selu, A(1.0507009873554804934) * (x > A(0) ? x : A(1.6732632423543772848) * std::expm1(x)))
    EMBER_UNARY(Hardsigmoid, relu6_of(x + A(3)) / A(6))
    EMBER_UNARY(Hardswish, x * relu6_of(x + A(3)) / A(6))
    EMBER_UNARY(Sgn, A((A(0) < x) - (x < A(0))))
    EMBER_UNARY(Digamma, A(digamma_of(double(x))))
    EMBER_UNARY(Erfinv, A(erfinv_of(double(x))))
    EMBER_UNARY_PARAMS(LeakyRelu, x > A(0) ? x : x * p0)
    // p0 alpha, p1 scale, p2 input_scale
    EMBER_UNARY_PARAMS(Elu, x > A(0) ? x * p1 : std::expm1(x * p2) * (p0 * p1))
    // p0 beta, p1 threshold
    EMBER_UNARY_PARAMS(Softplus, x * p0 > p1 ? x : std::log1p(std::exp(x * p0)) / p0)
    EMBER_UNARY_PARAMS(Hardtanh, x < p0 ? p0 : (x > p1 ? p1 : x))  // NaN passes through
    EMBER_UNARY_PARAMS(Logit, logit_of(x, p0))
    // p0 = 10^|decimals|, p1 = 1 when decimals > 0
    EMBER_UNARY_PARAMS(RoundDecimals, p1 != A(0) ? std::nearbyint(x * p0) / p0 : std::nearbyint(x / p0) * p0)
    EMBER_UNARY_PARAMS(NanToNum, x != x ? p0 : (x == A(INFINITY) ? p1 : (x == A(-INFINITY) ? p2 : x)))
  }
  if constexpr (kReal || kComplex) {
    EMBER_UNARY_BLOCKED(Exp, exp_of(x))
    EMBER_UNARY(Log, std::log(x))
    EMBER_UNARY(Log10, std::log10(x))
    EMBER_UNARY(Sqrt, std::sqrt(x))
    EMBER_UNARY(Reciprocal, A(1) / x)
    EMBER_UNARY(Sin, std::sin(x))
    EMBER_UNARY(Cos, std::cos(x))
    EMBER_UNARY(Tan, std::tan(x))
    EMBER_UNARY(Asin, std::asin(x))
    EMBER_UNARY(Acos, std::acos(x))
    EMBER_UNARY(Atan, std::atan(x))
    EMBER_UNARY(Sinh, std::sinh(x))
    EMBER_UNARY(Cosh, std::cosh(x))
    EMBER_UNARY_BLOCKED(Tanh, tanh_of(x))
    EMBER_UNARY(Asinh, std::asinh(x))
    EMBER_UNARY(Acosh, std::acosh(x))
    EMBER_UNARY(Atanh, std::atanh(x))
  }
  if constexpr (kComplex) {
    using R = typename A::value_type;
    EMBER_UNARY(Sigmoid, A(1) / (A(1) + std::exp(-x)))
    EMBER_UNARY(Silu, x / (A(1) + std::exp(-x)))
    EMBER_UNARY(Exp2, std::exp(x * R(0.69314718055994530942)))
    EMBER_UNARY(Expm1, std::exp(x) - A(1))
    EMBER_UNARY(Log2, std::log(x) / R(0.69314718055994530942))
    EMBER_UNARY(Log1p, std::log(A(R(1) + x.real(), x.imag())))  // keeps -0.0 in imag: the side of the branch cut
    EMBER_UNARY(Rsqrt, A(1) / std::sqrt(x))
    EMBER_UNARY(Sgn, x == A(0) ? A(0) : x / A(std::abs(x)))
    // NaN, +inf and -inf replaced in the real and imaginary parts alike
    t.unary[static_cast<int>(UnaryMath::NanToNum)][dt] = [](char** d, const int64_t* s, int64_t n, const Params& p) {
      const R nan = p[0].to<R>(), posinf = p[1].to<R>(), neginf = p[2].to<R>();
      auto fix = [=](R v) { return v != v ? nan : (v == R(INFINITY) ? posinf : (v == R(-INFINITY) ? neginf : v)); };
      unary_loop<T>(d, s, n, [=](T v) { return T(fix(v.real()), fix(v.imag())); });
    };
  }
  if constexpr (kBool) {
    EMBER_UNARY(BitwiseNot, !x)
  }
  if constexpr (kInt) {
    EMBER_UNARY(BitwiseNot, ~x)
  }
}
#undef EMBER_UNARY
#undef EMBER_UNARY_PARAMS
#undef EMBER_UNARY_BLOCKED

template <class T, class F>
inline void predicate_loop(char** d, const int64_t* s, int64_t n, F f) {
  for (int64_t i = 0; i < n; ++i)
    *reinterpret_cast<bool*>(d[0] + i * s[0]) = f(Acc<T>(*reinterpret_cast<const T*>(d[1] + i * s[1])));
}

#define EMBER_PREDICATE(OP, EXPR)                                                                               \
  t.predicate[static_cast<int>(Predicate::OP)][dt] = [](char** d, const int64_t* s, int64_t n, const Params&) { \
    predicate_loop<T>(d, s, n, []([[maybe_unused]] auto x) { return static_cast<bool>(EXPR); });                \
  };

template <class T>
void fill_predicate(ElementwiseKernels& t, int dt) {
  using A = Acc<T>;
  EMBER_PREDICATE(LogicalNot, x == decltype(x)(0))
  if constexpr (std::is_floating_point_v<A>) {
    EMBER_PREDICATE(IsNan, x != x)
    EMBER_PREDICATE(IsInf, std::isinf(x))
    EMBER_PREDICATE(IsFinite, std::isfinite(x))
    EMBER_PREDICATE(IsPosInf, x == std::numeric_limits<A>::infinity())
    EMBER_PREDICATE(IsNegInf, x == -std::numeric_limits<A>::infinity())
    EMBER_PREDICATE(Signbit, std::signbit(x))
  } else if constexpr (is_complex_t<T>::value) {
    EMBER_PREDICATE(IsNan, x != x)
    EMBER_PREDICATE(IsInf, std::isinf(x.real()) || std::isinf(x.imag()))
    EMBER_PREDICATE(IsFinite, std::isfinite(x.real()) && std::isfinite(x.imag()))
  } else {  // integers and bool are never nan or inf
    EMBER_PREDICATE(IsNan, false)
    EMBER_PREDICATE(IsInf, false)
    EMBER_PREDICATE(IsFinite, true)
    EMBER_PREDICATE(IsPosInf, false)
    EMBER_PREDICATE(IsNegInf, false)
    if constexpr (std::is_signed_v<T>) {
      EMBER_PREDICATE(Signbit, x < 0)
    } else {
      EMBER_PREDICATE(Signbit, false)
    }
  }
}
#undef EMBER_PREDICATE

template <class X, class T, class F>
inline void ternary_loop(char** d, const int64_t* s, int64_t n, F f) {
  for (int64_t i = 0; i < n; ++i)
    *reinterpret_cast<T*>(d[0] + i * s[0]) =
        f(*reinterpret_cast<const X*>(d[1] + i * s[1]), *reinterpret_cast<const T*>(d[2] + i * s[2]),
          *reinterpret_cast<const T*>(d[3] + i * s[3]));
}

template <class T>
void fill_ternary(ElementwiseKernels& t, int dt) {
  using A = Acc<T>;
  auto slot = [&](TernaryOp op) -> Loop& { return t.ternary[static_cast<int>(op)][dt]; };
  slot(TernaryOp::Where) = [](char** d, const int64_t* s, int64_t n, const Params&) {
    ternary_loop<bool, T>(d, s, n, [](bool c, T a, T b) { return c ? a : b; });
  };
  if constexpr (std::is_floating_point_v<A> || is_complex_t<T>::value) {
    // Two formulas meet at weight 0.5 so both ends are exact.
    slot(TernaryOp::Lerp) = [](char** d, const int64_t* s, int64_t n, const Params&) {
      ternary_loop<T, T>(d, s, n, [](T start, T end, T weight) {
        const A a = A(start), b = A(end), w = A(weight);
        return T(std::abs(w) < 0.5 ? a + w * (b - a) : b - (b - a) * (A(1) - w));
      });
    };
    slot(TernaryOp::Addcdiv) = [](char** d, const int64_t* s, int64_t n, const Params& p) {
      const A v = p[0].to<A>();
      ternary_loop<T, T>(d, s, n, [v](T x, T y, T z) { return T(A(x) + (v * A(y)) / A(z)); });
    };
  }
  if constexpr (kOrdered<T>) {
    // min(max(x, lo), hi), NaN from any operand propagating; lo > hi gives hi.
    slot(TernaryOp::Clamp) = [](char** d, const int64_t* s, int64_t n, const Params&) {
      ternary_loop<T, T>(d, s, n, [](T vx, T vlo, T vhi) {
        const A x = A(vx), lo = A(vlo), hi = A(vhi);
        if (x != x || lo != lo || hi != hi) return T(x != x ? x : (lo != lo ? lo : hi));
        const A m = x < lo ? lo : x;
        return T(m > hi ? hi : m);
      });
    };
  }
  if constexpr (!std::is_same_v<T, bool>) {
    slot(TernaryOp::Addcmul) = [](char** d, const int64_t* s, int64_t n, const Params& p) {
      const A v = p[0].to<A>();
      ternary_loop<T, T>(d, s, n, [v](T x, T y, T z) { return T(A(x) + v * A(y) * A(z)); });
    };
  }
}

template <class T>
void fill_dtype(ElementwiseKernels& t) {
  const int dt = static_cast<int>(dtype_of<T>());
  fill_binary<T>(t, dt);
  fill_compare<T>(t, dt);
  fill_unary<T>(t, dt);
  fill_predicate<T>(t, dt);
  fill_ternary<T>(t, dt);
}

}  // namespace

void fill_table(ElementwiseKernels& table) {
  for (int i = 0; i < kNumDTypes; ++i)
    visit_dtype(static_cast<DType>(i), [&](auto tag) { fill_dtype<typename decltype(tag)::type>(table); });
}

}  // namespace ember::cpu::EMBER_ISA
