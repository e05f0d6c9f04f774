// bincount and histc: counts per integer value, and per bin of a range.
// Both count serially in input order, so results never depend on threads.
#include <algorithm>
#include <cmath>
#include <limits>
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

// Bin i holds [edge i, edge i + 1), the last also its right edge; the edges
// are linspace(min, max, bins + 1) in self's dtype, so values on an edge fall
// as np.histogram puts them. NaN and values outside the range are not counted.
Tensor histc(const Tensor& self, int64_t bins, double min, double max) {
  require_cpu(self, "histc");
  EMBER_CHECK(is_floating(self.dtype()), NotImplemented, "histc: not implemented for ", name(self.dtype()),
              " input (expects a floating point dtype)");
  EMBER_CHECK(bins > 0, Runtime, "histc: bins must be > 0, but got ", bins);
  EMBER_CHECK(!(min > max), Runtime, "torch.histc: max must be larger than min (got min ", min, ", max ", max, ")");
  const Tensor x = contiguous(to_dtype(self, DType::Float64));
  const double* v = x.data<double>();
  const int64_t n = x.numel();
  if (min == max) {  // the data's range, widened when it is a point
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (int64_t i = 0; i < n; ++i)
      if (!std::isnan(v[i])) lo = std::min(lo, v[i]), hi = std::max(hi, v[i]);
    if (lo <= hi) min = lo, max = hi;
    if (min == max) min -= 1, max += 1;
  }
  EMBER_CHECK(std::isfinite(min) && std::isfinite(max), Runtime, "torch.histc: range of [", min, ", ", max,
              "] is not finite");
  const Tensor edges_t = to_dtype(linspace(Scalar(min), Scalar(max), bins + 1, self.dtype()), DType::Float64);
  const Tensor edges = contiguous(edges_t);
  const double* edge = edges.data<double>();
  std::vector<int64_t> counts(bins, 0);
  const double left = edge[0], right = edge[bins];
  for (int64_t i = 0; i < n; ++i) {
    const double a = v[i];
    if (!(a >= left && a <= right)) continue;
    const int64_t b = std::upper_bound(edge, edge + bins + 1, a) - edge - 1;
    ++counts[std::min<int64_t>(b, bins - 1)];
  }
  Tensor out = empty(DimVector{bins}, DType::Float64);
  std::copy(counts.begin(), counts.end(), out.data<double>());
  return to_dtype(out, self.dtype());
}

}  // namespace ember
