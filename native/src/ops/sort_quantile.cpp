// quantile and nanquantile: sort each line, then read (and interpolate
// between) the elements at rank q * (count - 1), computed in the input's
// dtype as PyTorch does so float32 results round alike. On a device the same
// steps run as ops on the sorted rows (one op per step, so each rounds as the
// CPU's loop does).
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "device_check.h"
#include "ember/ops.h"
#include "ember/parallel.h"

namespace ember {
namespace {

// PyTorch's lerp: exact at both ends, from the nearer one.
template <class T>
T lerp_from_nearer(T a, T b, T w) {
  return w < T(0.5) ? a + w * (b - a) : b - (b - a) * (T(1) - w);
}

template <class T>
void quantile_rows(const T* sorted, int64_t rows, int64_t n, const std::vector<T>& qs, T* out,
                   QuantileInterpolation interp, bool ignore_nan) {
  const int64_t nq = static_cast<int64_t>(qs.size());
  parallel_for(0, rows, std::max<int64_t>(1, 4096 / std::max<int64_t>(nq, 1)), [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const T* v = sorted + r * n;
      int64_t valid = n;  // NaN sorts last
      while (valid > 0 && std::isnan(v[valid - 1])) --valid;
      for (int64_t j = 0; j < nq; ++j) {
        T& o = out[j * rows + r];
        if (valid == 0 || (!ignore_nan && valid < n)) {
          o = std::numeric_limits<T>::quiet_NaN();
          continue;
        }
        const T rank = qs[j] * static_cast<T>(valid - 1);
        const T lo_f = std::floor(rank), hi_f = std::ceil(rank);
        const auto lo = static_cast<int64_t>(lo_f), hi = static_cast<int64_t>(hi_f);
        switch (interp) {
          case QuantileInterpolation::Lower: o = v[lo]; break;
          case QuantileInterpolation::Higher: o = v[hi]; break;
          case QuantileInterpolation::Nearest:
            o = v[static_cast<int64_t>(std::nearbyint(rank))];
            break;  // half to even
          case QuantileInterpolation::Midpoint: o = lerp_from_nearer(v[lo], v[hi], T(0.5)); break;
          case QuantileInterpolation::Linear: o = lerp_from_nearer(v[lo], v[hi], rank - lo_f); break;
        }
      }
    }
  });
}

// quantile_rows on a device: sorted (rows, n), q (nq) of the same dtype; out (nq, rows).
Tensor quantile_rows_composed(const Tensor& sorted, const Tensor& q, QuantileInterpolation interp, bool ignore_nan) {
  const int64_t n = sorted.size(1), nq = q.numel();
  const DType t = sorted.dtype();
  const Tensor valid = sum(predicate(Predicate::LogicalNot, predicate(Predicate::IsNan, sorted)), DimVector{1});
  const Tensor rank =
      binary(BinaryMath::Mul, reshape(q, DimVector{nq, 1}), to_dtype(sub(valid, Scalar(int64_t{1})), t));
  // The element at each rank (nq, rows); ranks of all-NaN rows are negative, and their results NaN.
  auto at = [&](const Tensor& r) {
    const Tensor index = clamp(to_dtype(r, DType::Int64), Operand(Scalar(int64_t{0})), Operand(Scalar(n - 1)));
    return transpose(gather(sorted, 1, contiguous(transpose(index, 0, 1))), 0, 1);
  };
  // PyTorch's lerp: exact at both ends, from the nearer one.
  auto lerp_from_nearer = [](const Tensor& a, const Tensor& b, const Tensor& w) {
    const Tensor d = sub(b, a);
    const Tensor from_a = add(a, binary(BinaryMath::Mul, w, d));
    const Tensor from_b = sub(b, binary(BinaryMath::Mul, d, sub(Scalar(1.0), w)));
    return where(compare(Comparison::Lt, w, Scalar(0.5)), from_a, from_b);
  };
  const Tensor lo_f = unary(UnaryMath::Floor, rank), hi_f = unary(UnaryMath::Ceil, rank);
  Tensor out;
  switch (interp) {
    case QuantileInterpolation::Lower: out = at(lo_f); break;
    case QuantileInterpolation::Higher: out = at(hi_f); break;
    case QuantileInterpolation::Nearest: out = at(unary(UnaryMath::Round, rank)); break;  // half to even
    case QuantileInterpolation::Midpoint: {  // b - (b - a) * 0.5, lerp_from_nearer's at w = 0.5
      const Tensor b = at(hi_f);
      out = sub(b, binary(BinaryMath::Mul, sub(b, at(lo_f)), Scalar(0.5)));
      break;
    }
    case QuantileInterpolation::Linear: out = lerp_from_nearer(at(lo_f), at(hi_f), sub(rank, lo_f)); break;
  }
  Tensor undefined = compare(Comparison::Eq, valid, Scalar(int64_t{0}));
  if (!ignore_nan) undefined = compare(Comparison::LogicalOr, undefined, compare(Comparison::Lt, valid, Scalar(n)));
  return where(undefined, Scalar(std::numeric_limits<double>::quiet_NaN()), out);
}

}  // namespace

Tensor quantile(const Tensor& self, const Tensor& q, std::optional<int64_t> dim, bool keepdim,
                QuantileInterpolation interp, bool ignore_nan) {
  const char* op = ignore_nan ? "nanquantile()" : "quantile()";
  EMBER_CHECK(self.numel() > 0, Runtime, op, " input tensor must be non-empty (got shape ", shape_str(self.sizes()),
              ")");
  EMBER_CHECK(q.dim() <= 1, Runtime, op, " q must be a scalar or 1D tensor (got shape ", shape_str(q.sizes()), ")");
  EMBER_CHECK(self.dtype() == DType::Float32 || self.dtype() == DType::Float64, Runtime, op,
              " input tensor must be either float or double dtype (got ", name(self.dtype()), ")");
  EMBER_CHECK(q.dtype() == self.dtype(), Runtime, op, " q tensor must be same dtype as the input tensor (got ",
              name(q.dtype()), " and ", name(self.dtype()), ")");
  OpDevice(op).add(self).add(q);  // a CPU 0-d q (a Python number's) may join a device input
  const Tensor qd = contiguous(to_device(to_dtype(q, DType::Float64), Device{}));
  std::vector<double> qv(qd.data<double>(), qd.data<double>() + qd.numel());
  for (double x : qv) EMBER_CHECK(x >= 0 && x <= 1, Runtime, op, " q values must be in the range [0, 1] (got ", x, ")");

  // Lines along the last dim, and the shape each q's results take.
  DimVector reduced;
  Tensor x;
  if (!dim) {
    const std::array<int64_t, 1> flat{-1};
    x = reshape(self, flat);
    if (keepdim) reduced = DimVector(self.dim(), 1);
  } else {
    const int64_t d = wrap_dim(*dim, self.dim(), op);
    for (int64_t i = 0; i < self.dim(); ++i)
      if (i != d || keepdim) reduced.push_back(i == d ? 1 : self.size(i));
    const std::array<int64_t, 1> src{d}, dst{-1};
    x = self.dim() == 0 ? reshape(self, std::array<int64_t, 1>{1}) : movedim(self, src, dst);
  }
  const Tensor sorted = contiguous(sort(x, -1).values);
  const int64_t n = sorted.size(sorted.dim() - 1), rows = sorted.numel() / n;
  DimVector shape;
  if (q.dim() == 1) shape.push_back(q.numel());
  for (int64_t s : reduced) shape.push_back(s);
  if (!self.device().is_cpu())
    return reshape(quantile_rows_composed(reshape(sorted, DimVector{rows, n}),
                                          reshape(to_device(q, self.device()), DimVector{-1}), interp, ignore_nan),
                   shape);
  Tensor out = empty(shape, self.dtype());
  visit_dtype(self.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
      std::vector<T> qs(qv.begin(), qv.end());
      quantile_rows(sorted.data<T>(), rows, n, qs, out.data<T>(), interp, ignore_nan);
    }
  });
  return out;
}

}  // namespace ember
