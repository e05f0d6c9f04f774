#include "elementwise_loop.h"

namespace ember {

ElementwiseLoop::ElementwiseLoop(IntArrayRef shape, std::span<const Tensor> operands,
                                 std::span<const DimVector> strides)
    : n_(static_cast<int>(operands.size())) {
  EMBER_CHECK(n_ <= kMaxOperands, Runtime, "ElementwiseLoop: too many operands (", n_, ")");
  for (int k = 0; k < n_; ++k) {
    base_[k] = static_cast<char*>(operands[k].data_ptr());
    if (!operands[k].device().is_cpu()) {
      on_device_ = true;
      device_ = operands[k].device();
    }
  }
  // Innermost first, size-1 dims dropped, strides in bytes.
  for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
    numel_ *= shape[d];
    if (shape[d] == 1) continue;
    shape_.push_back(shape[d]);
    for (int k = 0; k < n_; ++k) strides_[k].push_back(strides[k][d] * itemsize(operands[k].dtype()));
  }
  // Merge dim i into the previous kept dim when every operand steps over it exactly.
  int64_t rank = 0;
  for (int64_t i = 0; i < shape_.size(); ++i) {
    bool mergeable = rank > 0;
    for (int k = 0; k < n_ && mergeable; ++k) mergeable = strides_[k][rank - 1] * shape_[rank - 1] == strides_[k][i];
    if (mergeable) {
      shape_[rank - 1] *= shape_[i];
    } else {
      shape_[rank] = shape_[i];
      for (int k = 0; k < n_; ++k) strides_[k][rank] = strides_[k][i];
      ++rank;
    }
  }
  shape_.resize(rank);
  for (int k = 0; k < n_; ++k) strides_[k].resize(rank);
}

DimVector broadcast_shapes(IntArrayRef a, IntArrayRef b, const char* op) {
  const int64_t n = std::max(a.size(), b.size());
  DimVector out(n);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t ia = static_cast<int64_t>(a.size()) - n + i, ib = static_cast<int64_t>(b.size()) - n + i;
    const int64_t sa = ia >= 0 ? a[ia] : 1, sb = ib >= 0 ? b[ib] : 1;
    EMBER_CHECK(sa == sb || sa == 1 || sb == 1, Runtime, op, ": shapes ", shape_str(a), " and ", shape_str(b),
                " cannot be broadcast together (size ", sa, " vs ", sb, " at dim ", i, ")");
    out[i] = sa == 1 ? sb : sa;
  }
  return out;
}

DimVector broadcast_strides(const Tensor& t, IntArrayRef shape) {
  const int64_t n = shape.size(), offset = n - t.dim();
  DimVector out(n, 0);
  for (int64_t d = 0; d < t.dim(); ++d) out[offset + d] = t.size(d) == 1 ? 0 : t.stride(d);
  return out;
}

}  // namespace ember
