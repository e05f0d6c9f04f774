// bincount and histc: counts per integer value, and per bin of a range.
// On the CPU both count serially in input order, so results never depend on
// threads. On a device they are composed of ops: the range comes back to the
// host (it sizes the result, or is checked), bins are computed elementwise
// with the CPU's roundings, and index_add_ counts with atomics: integer
// counts are exact, float weights may sum in another order run to run (as
// PyTorch's CUDA bincount).
#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

#include "device_check.h"
#include "ember/ops.h"

namespace ember {
namespace {

// bincount on a device (arguments checked): out[v] += 1 (or its weight) by index_add_.
Tensor bincount_on_device(const Tensor& self, const Tensor& weights, int64_t minlength) {
  OpDevice("bincount").add(self).add(weights);
  const Tensor x = to_dtype(self, DType::Int64);
  int64_t len = minlength;
  if (x.numel() > 0) {
    const int64_t lo = host_int64(amin(x));
    EMBER_CHECK(lo >= 0, Runtime, "bincount only supports 1-d non-negative integral inputs (got ", lo, ")");
    len = std::max(host_int64(amax(x)) + 1, minlength);
  }
  // float32 weights sum in float32; every other dtype in float64, as PyTorch.
  const DType t = !weights.defined()                  ? DType::Int64
                  : weights.dtype() == DType::Float32 ? DType::Float32
                                                      : DType::Float64;
  Tensor out = zeros(DimVector{len}, t, self.device());
  const Tensor w = weights.defined() ? to_dtype(weights, t) : ones(x.sizes(), t, self.device());
  index_add_(out, 0, x, w, Scalar(int64_t{1}));
  return out;
}

// histc's counts on a device: lo, hi, width and bins are values of C (float,
// or double for float64 input), each step rounded to the input's dtype as the
// CPU's loop does; values outside [lo, hi] (and NaN) go to an extra bin, dropped.
Tensor histc_counts_on_device(const Tensor& self, int64_t bins, DType c, double lo, double hi, double width) {
  const Device device = self.device();
  auto rnd = [&](const Tensor& v) { return self.dtype() == c ? v : to_dtype(to_dtype(v, self.dtype()), c); };
  const Tensor e = to_dtype(self, c);
  const Tensor inside =
      compare(Comparison::LogicalAnd, compare(Comparison::Ge, e, Scalar(lo)), compare(Comparison::Le, e, Scalar(hi)));
  const Tensor scaled = rnd(binary(BinaryMath::Mul, rnd(sub(e, Scalar(lo))), Scalar(static_cast<double>(bins))));
  const Tensor bin = clamp(to_dtype(rnd(binary(BinaryMath::Div, scaled, Scalar(width))), DType::Int64),
                           Operand(Scalar(int64_t{0})), Operand(Scalar(bins - 1)));
  Tensor counts = zeros(DimVector{bins + 1}, DType::Int64, device);
  index_add_(counts, 0, reshape(where(inside, bin, Scalar(bins)), std::array<int64_t, 1>{-1}),
             ones(DimVector{self.numel()}, DType::Int64, device), Scalar(int64_t{1}));
  return narrow(counts, 0, 0, bins);
}

}  // namespace

Tensor bincount(const Tensor& self, const Tensor& weights, int64_t minlength) {
  EMBER_CHECK(is_integral(self.dtype(), false), NotImplemented, "bincount: not implemented for ", name(self.dtype()),
              " input (expects an integer dtype)");
  EMBER_CHECK(minlength >= 0, Runtime, "bincount: minlength should be >= 0 (got ", minlength, ")");
  EMBER_CHECK(self.dim() == 1, Runtime, "bincount only supports 1-d non-negative integral inputs (got shape ",
              shape_str(self.sizes()), ")");
  EMBER_CHECK(!weights.defined() || (weights.dim() == 1 && weights.size(0) == self.size(0)), Runtime,
              "bincount: weights should be 1-d and have the same length as input (input shape ",
              shape_str(self.sizes()), ", weights shape ", weights.defined() ? shape_str(weights.sizes()) : "", ")");
  EMBER_CHECK(!weights.defined() || !is_complex(weights.dtype()), NotImplemented,
              "bincount: complex weights are not supported");
  if (!self.device().is_cpu() || (weights.defined() && !weights.device().is_cpu()))
    return bincount_on_device(self, weights, minlength);
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
  EMBER_CHECK(is_floating(self.dtype()), NotImplemented, "histc: not implemented for ", name(self.dtype()),
              " input (expects a floating point dtype)");
  EMBER_CHECK(bins > 0, Runtime, "histc: bins must be > 0, but got ", bins);
  EMBER_CHECK(!(min > max), Runtime, "torch.histc: max must be larger than min (got min ", min, ", max ", max, ")");
  const bool on_cpu = self.device().is_cpu();
  const Tensor x = on_cpu ? contiguous(self) : self;
  const int64_t n = x.numel();
  std::vector<int64_t> counts(bins, 0);
  Tensor device_counts;
  visit_dtype(self.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double> || std::is_same_v<T, Half> ||
                  std::is_same_v<T, BFloat16>) {
      using C = std::conditional_t<std::is_same_v<T, double>, double, float>;
      auto rnd = [](C v) { return static_cast<C>(static_cast<T>(v)); };
      C lo = static_cast<C>(min), hi = static_cast<C>(max);
      if (min == max) {  // the data's range, widened when it is a point
        C a = std::numeric_limits<C>::infinity(), b = -a;
        if (on_cpu) {
          const T* v = x.data<T>();
          for (int64_t i = 0; i < n; ++i) {
            const C e = static_cast<C>(v[i]);
            if (!std::isnan(e)) a = std::min(a, e), b = std::max(b, e);
          }
        } else if (n > 0) {  // NaN left out: +-inf in its place cannot move either end
          const Tensor nan = predicate(Predicate::IsNan, x);
          a = static_cast<C>(host_double(amin(where(nan, Scalar(static_cast<double>(a)), x))));
          b = static_cast<C>(host_double(amax(where(nan, Scalar(static_cast<double>(b)), x))));
        }
        if (a <= b) lo = a, hi = b;
        if (lo == hi) lo -= 1, hi += 1;
      }
      EMBER_CHECK(std::isfinite(lo) && std::isfinite(hi), Runtime, "torch.histc: range of [", lo, ", ", hi,
                  "] is not finite");
      lo = rnd(lo), hi = rnd(hi);
      const C width = rnd(hi - lo);
      if (!on_cpu) {
        device_counts =
            histc_counts_on_device(x, bins, std::is_same_v<C, double> ? DType::Float64 : DType::Float32, lo, hi, width);
        return;
      }
      const T* v = x.data<T>();
      for (int64_t i = 0; i < n; ++i) {
        const C e = static_cast<C>(v[i]);
        if (!(e >= lo && e <= hi)) continue;
        const auto pos = static_cast<int64_t>(rnd(rnd(rnd(e - lo) * static_cast<C>(bins)) / width));
        ++counts[std::clamp<int64_t>(pos, 0, bins - 1)];
      }
    }
  });
  if (!on_cpu) return to_dtype(to_dtype(device_counts, DType::Float64), self.dtype());
  Tensor out = empty(DimVector{bins}, DType::Float64);
  std::copy(counts.begin(), counts.end(), out.data<double>());
  return to_dtype(out, self.dtype());
}

}  // namespace ember
