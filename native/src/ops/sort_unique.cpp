// unique and unique_consecutive, composed of ops: a stable sort (unique only)
// brings equal elements, or equal slices along dim, together; a mask marks
// where each run starts; runs give values, inverse (the run of each input
// element) and counts. NaN never equals NaN, so each NaN is its own run, as
// in PyTorch. Every op used has a CUDA kernel, so device tensors take the same
// path (the run starts are found on the host, as nonzero's are, since their
// count is the result's size).
#include <array>

#include "ember/ops.h"

namespace ember {
namespace {

const std::array<int64_t, 1> kFlat{-1};

// rows (k, m): true where row i differs from row i - 1 (and at row 0).
Tensor run_starts(const Tensor& rows) {
  const int64_t k = rows.size(0);
  Tensor starts = full(DimVector{k}, Scalar(true), DType::Bool, rows.device());
  if (k > 1) {
    const Tensor differs = compare(Comparison::Ne, narrow(rows, 0, 1, k - 1), narrow(rows, 0, 0, k - 1));
    const std::array<int64_t, 1> last{1};
    copy_(narrow(starts, 0, 1, k - 1), any(differs, DimVector(last)));
  }
  return starts;
}

// values (runs of rows, in order), the run of each row, and the run lengths.
UniqueResult runs_of(const Tensor& rows, const Tensor& starts) {
  const Tensor group = sub(cumsum(starts, 0), Scalar(int64_t{1}));
  const Tensor first = reshape(nonzero(starts), kFlat);
  return {index_select(rows, 0, first), group, bincount(group, Tensor(), 0)};
}

// self's slices along dim as the rows of a (size(dim), rest) matrix.
Tensor slices_as_rows(const Tensor& self, int64_t dim) {
  const std::array<int64_t, 1> src{dim}, dst{0};
  const Tensor moved = movedim(self, src, dst);
  const std::array<int64_t, 2> shape{self.size(dim), -1};
  return self.numel() == 0 ? reshape(moved, std::array<int64_t, 2>{self.size(dim), 0}) : reshape(moved, shape);
}

// The rows' unique values back in self's layout: (u, rest...) moved to dim.
Tensor rows_as_slices(const Tensor& rows, const Tensor& self, int64_t dim) {
  DimVector shape{rows.size(0)};
  for (int64_t d = 0; d < self.dim(); ++d)
    if (d != dim) shape.push_back(self.size(d));
  const std::array<int64_t, 1> src{0}, dst{dim};
  return contiguous(movedim(reshape(rows, shape), src, dst));
}

void check_slices(const Tensor& self, int64_t dim, const char* op) {
  for (int64_t d = 0; d < self.dim(); ++d)
    EMBER_CHECK(d == dim || self.size(d) != 0, Runtime, op,
                ": there are 0 sized dimensions, and they aren't selected, so unique cannot be applied (input shape ",
                shape_str(self.sizes()), ", dim ", dim, ")");
}

UniqueResult unique_along(const Tensor& self, std::optional<int64_t> dim, bool sorted_first, const char* op) {
  const Device device = self.device();
  if (!dim) {
    const Tensor flat = reshape(self, kFlat);
    const int64_t n = flat.numel();
    if (n == 0)
      return {clone(flat), empty(self.sizes(), DType::Int64, device), empty(DimVector{0}, DType::Int64, device)};
    Tensor values = flat, perm;
    if (sorted_first) {
      ValuesIndices s = sort(flat, 0, false, true);
      values = s.values;
      perm = s.indices;
    }
    UniqueResult r = runs_of(values, run_starts(reshape(values, std::array<int64_t, 2>{n, 1})));
    if (sorted_first) {  // the run of input element perm[i] is group[i]
      Tensor inverse = empty(DimVector{n}, DType::Int64, device);
      scatter_(inverse, 0, perm, r.inverse, ScatterReduce::None, true, op);
      r.inverse = inverse;
    }
    r.inverse = reshape(r.inverse, self.sizes());
    return r;
  }
  const int64_t d = wrap_dim(*dim, self.dim(), op);
  const int64_t k = self.dim() == 0 ? 1 : self.size(d);
  if (self.dim() == 0) return unique_along(self, std::nullopt, sorted_first, op);
  if (k == 0)
    return {clone(self), empty(DimVector{0}, DType::Int64, device), empty(DimVector{0}, DType::Int64, device)};
  check_slices(self, d, op);
  Tensor rows = slices_as_rows(self, d), perm;
  if (sorted_first) {
    // Lexicographic order of the rows: stable sorts by each column, last column first.
    perm = arange(Scalar(int64_t{0}), Scalar(k), Scalar(int64_t{1}), DType::Int64, device);
    for (int64_t j = rows.size(1) - 1; j >= 0; --j)
      perm = index_select(perm, 0, sort(index_select(select(rows, 1, j), 0, perm), 0, false, true).indices);
    rows = index_select(rows, 0, perm);
  }
  UniqueResult r = runs_of(rows, run_starts(rows));
  if (sorted_first) {
    Tensor inverse = empty(DimVector{k}, DType::Int64, device);
    scatter_(inverse, 0, perm, r.inverse, ScatterReduce::None, true, op);
    r.inverse = inverse;
  }
  r.values = rows_as_slices(r.values, self, d);
  return r;
}

}  // namespace

UniqueResult unique(const Tensor& self, std::optional<int64_t> dim) { return unique_along(self, dim, true, "unique"); }

UniqueResult unique_consecutive(const Tensor& self, std::optional<int64_t> dim) {
  return unique_along(self, dim, false, "unique_consecutive");
}

}  // namespace ember
