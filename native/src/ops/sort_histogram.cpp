// bincount and histc: counts per integer value, and per bin of a range.
// Both count serially in input order, so results never depend on threads.
#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

#include "device_check.h"
#include "ember/ops.h"

namespace ember {

Tensor bincount(const Tensor& self, const Tensor& weights, int64_t minlength) {
  require_cpu(self, "bincount");
  EMBER_CHECK(is_integral(self.dtype(), false), NotImplemented, "bincount: not implemented for ", name(self.dtype()),
              " input (expects an integer dtype)");
  EMBER_CHECK(minlength >= 0, Runtime, "bincount: minlength should be >= 0 (got ", minlength, ")");
  EMBER_CHECK(self.dim() == 1, Runtime, "bincount only supports 1-d non-negative integral inputs (got shape ",
              shape_str(self.sizes()), ")");
  EMBER_CHECK(!weights.defined() || (weights.dim() == 1 && weights.size(0) == self.size(0)), Runtime,
              "bincount: weights should be 1-d and have the same length as input (input shape ",
              shape_str(self.sizes()), ", weights shape ", weights.defined() ? shape_str(weights.sizes()) : "", ")");
  const Tensor x = contiguous(to_dtype(self, DType::Int64));
  const int64_t n = x.numel();
  const int64_t* v = x.data<int64_t>();
  int64_t top = -1;
  for (int64_t i = 0; i < n; ++i) {
    EMBER_CHECK(v[i] >= 0, Runtime, "bincount only supports 1-d non-negative integral inputs (got ", v[i], " at index ",
                i, ")");
    top = std::max(top, v[i]);
  }
  const int64_t len = std::max(top + 1, minlength);
  if (!weights.defined()) {
    Tensor out = zeros(DimVector{len}, DType::Int64);
    int64_t* o = out.data<int64_t>();
    for (int64_t i = 0; i < n; ++i) ++o[v[i]];
    return out;
  }
  // float32 weights sum in float32; every other dtype in float64, as PyTorch.
  const DType t = weights.dtype() == DType::Float32 ? DType::Float32 : DType::Float64;
  EMBER_CHECK(!is_complex(weights.dtype()), NotImplemented, "bincount: complex weights are not supported");
  Tensor out = zeros(DimVector{len}, t);
  const Tensor w = contiguous(to_dtype(weights, t));
  visit_dtype(t, [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
      T* o = out.data<T>();
      const T* wv = w.data<T>();
      for (int64_t i = 0; i < n; ++i) o[v[i]] += wv[i];
    }
  });
  return out;
}

// PyTorch's rule: x in [min, max] goes to bin trunc((x - min) * bins /
// (max - min)) computed in self's dtype (the last bin also takes max), so a
// value on an edge falls where that rounding puts it (a bin below the exact
// one at times: -0.6f with [-1, 1] and 5 bins lands in bin 0). 16-bit floats
// compute in float32 rounded to their dtype after each step, which matches
// PyTorch on most but not every value on an edge. NaN and values outside the
// range are not counted.
Tensor histc(const Tensor& self, int64_t bins, double min, double max) {
  require_cpu(self, "histc");
  EMBER_CHECK(is_floating(self.dtype()), NotImplemented, "histc: not implemented for ", name(self.dtype()),
              " input (expects a floating point dtype)");
  EMBER_CHECK(bins > 0, Runtime, "histc: bins must be > 0, but got ", bins);
  EMBER_CHECK(!(min > max), Runtime, "torch.histc: max must be larger than min (got min ", min, ", max ", max, ")");
  const Tensor x = contiguous(self);
  const int64_t n = x.numel();
  std::vector<int64_t> counts(bins, 0);
  visit_dtype(self.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double> || std::is_same_v<T, Half> ||
                  std::is_same_v<T, BFloat16>) {
      using C = std::conditional_t<std::is_same_v<T, double>, double, float>;
      auto rnd = [](C v) { return static_cast<C>(static_cast<T>(v)); };
      const T* v = x.data<T>();
      C lo = static_cast<C>(min), hi = static_cast<C>(max);
      if (min == max) {  // the data's range, widened when it is a point
        C a = std::numeric_limits<C>::infinity(), b = -a;
        for (int64_t i = 0; i < n; ++i) {
          const C e = static_cast<C>(v[i]);
          if (!std::isnan(e)) a = std::min(a, e), b = std::max(b, e);
        }
        if (a <= b) lo = a, hi = b;
        if (lo == hi) lo -= 1, hi += 1;
      }
      EMBER_CHECK(std::isfinite(lo) && std::isfinite(hi), Runtime, "torch.histc: range of [", lo, ", ", hi,
                  "] is not finite");
      lo = rnd(lo), hi = rnd(hi);
      const C width = rnd(hi - lo);
      for (int64_t i = 0; i < n; ++i) {
        const C e = static_cast<C>(v[i]);
        if (!(e >= lo && e <= hi)) continue;
        const auto pos = static_cast<int64_t>(rnd(rnd(rnd(e - lo) * static_cast<C>(bins)) / width));
        ++counts[std::clamp<int64_t>(pos, 0, bins - 1)];
      }
    }
  });
  Tensor out = empty(DimVector{bins}, DType::Float64);
  std::copy(counts.begin(), counts.end(), out.data<double>());
  return to_dtype(out, self.dtype());
}

}  // namespace ember
