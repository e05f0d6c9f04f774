// Elementwise inner loops, written once and compiled per instruction set:
// each isa/*.cpp defines EMBER_ISA and includes this file. The loops are
// plain C++ that the compiler vectorises for that file's -m flags; the
// contiguous and scalar-broadcast cases get their own loops so they do.
#include <cmath>
#include <complex>
#include <type_traits>

#include "cast.h"
#include "elementwise_kernels.h"

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
  if (s[0] == z && s[1] == z && s[2] == z) {
    for (int64_t i = 0; i < n; ++i) out[i] = f(a[i], b[i]);
  } else if (s[0] == z && s[1] == z && s[2] == 0) {
    const T bv = *b;
    for (int64_t i = 0; i < n; ++i) out[i] = f(a[i], bv);
  } else if (s[0] == z && s[1] == 0 && s[2] == z) {
    const T av = *a;
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

template <class T>
void add_loop(char** d, const int64_t* s, int64_t n, const Scalar& alpha) {
  using A = Acc<T>;
  if constexpr (std::is_same_v<T, bool>) {
    binary_loop<T>(d, s, n, [](bool a, bool b) { return a || b; });
  } else if (alpha.kind() == Scalar::Kind::Int && alpha.to_int() == 1) {
    binary_loop<T>(d, s, n, [](T a, T b) { return T(A(a) + A(b)); });
  } else {
    const A w = alpha.to<A>();
    binary_loop<T>(d, s, n, [w](T a, T b) { return T(A(a) + w * A(b)); });
  }
}

template <class T>
void mul_loop(char** d, const int64_t* s, int64_t n, const Scalar&) {
  using A = Acc<T>;
  if constexpr (std::is_same_v<T, bool>) {
    binary_loop<T>(d, s, n, [](bool a, bool b) { return a && b; });
  } else {
    binary_loop<T>(d, s, n, [](T a, T b) { return T(A(a) * A(b)); });
  }
}

template <class T>
void div_loop(char** d, const int64_t* s, int64_t n, const Scalar&) {
  using A = Acc<T>;
  binary_loop<T>(d, s, n, [](T a, T b) { return T(A(a) / A(b)); });
}

// maximum/minimum propagate NaN, as PyTorch's do.
template <class T, bool kMax>
void extremum_loop(char** d, const int64_t* s, int64_t n, const Scalar&) {
  using A = Acc<T>;
  binary_loop<T>(d, s, n, [](T a, T b) {
    const A x = A(a), y = A(b);
    if constexpr (std::is_floating_point_v<A>) {
      if (x != x || y != y) return T(x + y);
    }
    if constexpr (kMax)
      return T(x > y ? x : y);
    else
      return T(x < y ? x : y);
  });
}

template <class T, class F>
void compare_loop(char** d, const int64_t* s, int64_t n, F f) {
  using A = Acc<T>;
  for (int64_t i = 0; i < n; ++i)
    *reinterpret_cast<bool*>(d[0] + i * s[0]) =
        f(A(*reinterpret_cast<const T*>(d[1] + i * s[1])), A(*reinterpret_cast<const T*>(d[2] + i * s[2])));
}

template <class T>
constexpr bool kOrdered = !is_complex_t<T>::value;

template <class T>
void fill_compare(ElementwiseKernels& t, int dt) {
  auto row = [&](Comparison op) -> Loop& { return t.compare[static_cast<int>(op)][dt]; };
  row(Comparison::Eq) = [](char** d, const int64_t* s, int64_t n, const Scalar&) {
    compare_loop<T>(d, s, n, [](auto a, auto b) { return a == b; });
  };
  row(Comparison::Ne) = [](char** d, const int64_t* s, int64_t n, const Scalar&) {
    compare_loop<T>(d, s, n, [](auto a, auto b) { return a != b; });
  };
  if constexpr (kOrdered<T>) {
    row(Comparison::Lt) = [](char** d, const int64_t* s, int64_t n, const Scalar&) {
      compare_loop<T>(d, s, n, [](auto a, auto b) { return a < b; });
    };
    row(Comparison::Le) = [](char** d, const int64_t* s, int64_t n, const Scalar&) {
      compare_loop<T>(d, s, n, [](auto a, auto b) { return a <= b; });
    };
    row(Comparison::Gt) = [](char** d, const int64_t* s, int64_t n, const Scalar&) {
      compare_loop<T>(d, s, n, [](auto a, auto b) { return a > b; });
    };
    row(Comparison::Ge) = [](char** d, const int64_t* s, int64_t n, const Scalar&) {
      compare_loop<T>(d, s, n, [](auto a, auto b) { return a >= b; });
    };
  }
}

#define EMBER_UNARY(OP, EXPR)                                                                               \
  t.unary[static_cast<int>(UnaryMath::OP)][dt] = [](char** d, const int64_t* s, int64_t n, const Scalar&) { \
    unary_loop<T>(d, s, n, [](T v) {                                                                        \
      const A x = A(v);                                                                                     \
      return T(EXPR);                                                                                       \
    });                                                                                                     \
  };

template <class R>
inline R sigmoid_of(R x) {
  return R(1) / (R(1) + std::exp(-x));
}
template <class R>
inline R softplus_of(R x) {  // PyTorch's threshold: above 20, softplus(x) is x to float precision
  return x > R(20) ? x : std::log1p(std::exp(x));
}
template <class R>
inline R relu6_of(R x) {
  return x < R(0) ? R(0) : (x > R(6) ? R(6) : x);  // NaN passes through
}

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
  }
  if constexpr (kBool) {
    EMBER_UNARY(Sign, x)
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
    EMBER_UNARY(Erf, std::erf(x))
    EMBER_UNARY(Erfc, std::erfc(x))
    EMBER_UNARY(Lgamma, std::lgamma(x))
    EMBER_UNARY(Sigmoid, sigmoid_of(x))
    EMBER_UNARY(Silu, x * sigmoid_of(x))
    EMBER_UNARY(Gelu, A(0.5) * x * (A(1) + std::erf(x * A(0.70710678118654752440))))
    EMBER_UNARY(GeluTanh, A(0.5) * x * (A(1) + std::tanh(A(0.79788456080286535588) * (x + A(0.044715) * x * x * x))))
    EMBER_UNARY(Mish, x * std::tanh(softplus_of(x)))
    EMBER_UNARY(Selu, A(1.0507009873554804934) * (x > A(0) ? x : A(1.6732632423543772848) * std::expm1(x)))
    EMBER_UNARY(Hardsigmoid, relu6_of(x + A(3)) / A(6))
    EMBER_UNARY(Hardswish, x * relu6_of(x + A(3)) / A(6))
  }
  if constexpr (kReal || kComplex) {
    EMBER_UNARY(Exp, std::exp(x))
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
    EMBER_UNARY(Tanh, std::tanh(x))
    EMBER_UNARY(Asinh, std::asinh(x))
    EMBER_UNARY(Acosh, std::acosh(x))
    EMBER_UNARY(Atanh, std::atanh(x))
  }
  if constexpr (kComplex) {
    EMBER_UNARY(Sigmoid, A(1) / (A(1) + std::exp(-x)))
  }
}
#undef EMBER_UNARY

template <class T>
void fill_dtype(ElementwiseKernels& t) {
  const int dt = static_cast<int>(dtype_of<T>());
  t.binary[static_cast<int>(BinaryOp::Add)][dt] = &add_loop<T>;
  t.binary[static_cast<int>(BinaryOp::Mul)][dt] = &mul_loop<T>;
  if constexpr (!std::is_integral_v<T>) t.binary[static_cast<int>(BinaryOp::Div)][dt] = &div_loop<T>;
  if constexpr (kOrdered<T>) {
    t.binary[static_cast<int>(BinaryOp::Maximum)][dt] = &extremum_loop<T, true>;
    t.binary[static_cast<int>(BinaryOp::Minimum)][dt] = &extremum_loop<T, false>;
  }
  fill_compare<T>(t, dt);
  fill_unary<T>(t, dt);
}

}  // namespace

void fill_table(ElementwiseKernels& table) {
  for (int i = 0; i < kNumDTypes; ++i)
    visit_dtype(static_cast<DType>(i), [&](auto tag) { fill_dtype<typename decltype(tag)::type>(table); });
}

}  // namespace ember::cpu::EMBER_ISA
