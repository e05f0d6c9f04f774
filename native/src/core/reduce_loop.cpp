#include "reduce_loop.h"

namespace ember {
namespace {

DimVector masked_shape(const Tensor& t, const std::vector<bool>& reduced, bool keep) {
  DimVector shape(t.dim());
  for (int64_t d = 0; d < t.dim(); ++d) shape[d] = reduced[d] == keep ? 1 : t.size(d);
  return shape;
}

ElementwiseLoop make_outer(const Tensor& input, std::span<const Tensor> outs, const std::vector<bool>& reduced) {
  std::array<Tensor, ElementwiseLoop::kMaxOperands> ops;
  std::array<DimVector, ElementwiseLoop::kMaxOperands> strides;
  ops[0] = input;
  strides[0] = DimVector(input.strides());
  for (size_t o = 0; o < outs.size(); ++o) {
    ops[1 + o] = outs[o];
    strides[1 + o] = DimVector(outs[o].strides());
  }
  const size_t n = 1 + outs.size();
  return ElementwiseLoop(masked_shape(input, reduced, true), std::span<const Tensor>(ops.data(), n),
                         std::span<const DimVector>(strides.data(), n));
}

ElementwiseLoop make_inner(const Tensor& input, const std::vector<bool>& reduced) {
  const DimVector strides(input.strides());
  return ElementwiseLoop(masked_shape(input, reduced, false), std::span<const Tensor>(&input, 1),
                         std::span<const DimVector>(&strides, 1));
}

}  // namespace

ReduceLoop::ReduceLoop(const Tensor& input, std::span<const Tensor> outs, const std::vector<bool>& reduced)
    : n_outs_(static_cast<int>(outs.size())),
      outer_(make_outer(input, outs, reduced)),
      inner_(make_inner(input, reduced)) {
  EMBER_CHECK(n_outs_ >= 1 && n_outs_ <= kMaxOutputs, Runtime, "ReduceLoop: bad number of outputs (", n_outs_, ")");
  for (int k = 0; k <= n_outs_; ++k) bases_[k] = outer_.base(k);
  const int64_t item = itemsize(input.dtype());
  columns_ = !outer_.shape().empty() && outer_.strides(0)[0] == item &&
             (inner_.shape().empty() || inner_.strides(0)[0] != item);
}

}  // namespace ember
