#include <cmath>
#include <limits>

#include "cast.h"
#include "kernels.h"

namespace ember::cpu {
namespace {

template <class T>
constexpr bool is_reduced_float = std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>;

// Value i of n going from a to b: forward from a in the first half, back
// from b in the second, so both ends are exact. `round` is applied after
// every operation (16-bit floats round each step, as PyTorch's do).
template <class C, class R, class Round>
C spaced(C a, C b, C step, int64_t i, int64_t n, Round round) {
  if (i < n / 2) return round(a + round(step * round(C(static_cast<R>(i)))));
  return round(b - round(step * round(C(static_cast<R>(n - 1 - i)))));
}

// double -> integer element as PyTorch's conversion does on x86: through
// int64, wrapping into narrower types.
// The real type of T (float for complex<float>).
template <class T>
struct Real {
  using type = T;
};
template <class T>
struct Real<std::complex<T>> {
  using type = T;
};

template <class T>
T wrap_to_int(double v) {
  constexpr double lim = 9223372036854775808.0;  // 2^63
  const int64_t i = (v >= -lim && v < lim) ? static_cast<int64_t>(v) : std::numeric_limits<int64_t>::min();
  return static_cast<T>(i);
}

}  // namespace

void linspace(const Tensor& out, const Scalar& start, const Scalar& end) {
  visit_dtype(out.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* p = out.data<T>();
    const int64_t n = out.numel();
    if (n == 1) {
      p[0] = start.to<T>();
      return;
    }
    if constexpr (std::is_same_v<T, bool>) {
      EMBER_FAIL(NotImplemented, "linspace: not implemented for dtype bool");
    } else if constexpr (std::is_integral_v<T>) {
      // The ends convert to T first; the step and values are doubles, truncated.
      const double a = static_cast<double>(start.to<T>()), b = static_cast<double>(end.to<T>());
      const double step = (b - a) / static_cast<double>(n - 1);
      for (int64_t i = 0; i < n; ++i)
        p[i] = static_cast<T>(spaced<double, double>(a, b, step, i, n, [](double v) { return v; }));
    } else if constexpr (is_reduced_float<T>) {
      auto round = [](float v) { return static_cast<float>(T(v)); };
      const float a = start.to<T>(), b = end.to<T>();
      const float step = round(round(b - a) / round(static_cast<float>(n - 1)));
      for (int64_t i = 0; i < n; ++i) p[i] = T(spaced<float, float>(a, b, step, i, n, round));
    } else {
      using R = typename Real<T>::type;
      auto same = [](T v) { return v; };
      const T a = start.to<T>(), b = end.to<T>();
      const T step = (b - a) / static_cast<R>(n - 1);
      for (int64_t i = 0; i < n; ++i) p[i] = spaced<T, R>(a, b, step, i, n, same);
    }
  });
}

void logspace(const Tensor& out, const Scalar& start, const Scalar& end, double base) {
  visit_dtype(out.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* p = out.data<T>();
    const int64_t n = out.numel();
    auto same = [](auto v) { return v; };
    if constexpr (std::is_same_v<T, bool>) {
      EMBER_FAIL(NotImplemented, "logspace: not implemented for dtype bool");
    } else if constexpr (is_complex_t<T>::value) {
      using C = std::complex<double>;
      const C a = cast_value<C>(start.to<T>()), b = n == 1 ? a : cast_value<C>(end.to<T>());
      const C step = n > 1 ? (b - a) / static_cast<double>(n - 1) : C(0);
      for (int64_t i = 0; i < n; ++i)
        p[i] = cast_value<T>(std::pow(C(base), spaced<C, double>(a, b, step, i, n, same)));
    } else {
      // Exponents and powers in double from the ends converted to T; one
      // rounding (or truncation) at the end.
      const double a = cast_value<double>(start.to<T>()), b = n == 1 ? a : cast_value<double>(end.to<T>());
      const double step = n > 1 ? (b - a) / static_cast<double>(n - 1) : 0.0;
      for (int64_t i = 0; i < n; ++i) {
        const double v = std::pow(base, spaced<double, double>(a, b, step, i, n, same));
        if constexpr (std::is_integral_v<T>)
          p[i] = wrap_to_int<T>(v);
        else
          p[i] = cast_value<T>(v);
      }
    }
  });
}

}  // namespace ember::cpu
