// Embedding lookup and its dense gradient, pixel (un)shuffle: compositions
// of the core's indexing and shape ops.
#include "ember/nn_ops.h"
#include "nn_util.h"

namespace ember {

Tensor embedding(const Tensor& weight, const Tensor& indices, int64_t /*padding_idx*/, bool /*scale_grad_by_freq*/) {
  const char* op = "embedding";
  EMBER_CHECK(weight.dim() == 2, Runtime, op, ": 'weight' must be 2-D, but got weight of size ",
              list_str(weight.sizes()));
  EMBER_CHECK(indices.dtype() == DType::Int64 || indices.dtype() == DType::Int32, Runtime, op,
              ": expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; "
              "but got ",
              name(indices.dtype()), " instead");
  // padding_idx and scale_grad_by_freq only shape the gradient.
  DimVector out(indices.sizes());
  out.push_back(weight.size(1));
  return reshape(index_select(weight, 0, reshape(indices, DimVector{-1})), out);
}

Tensor embedding_dense_backward(const Tensor& grad_output, const Tensor& indices, int64_t num_weights,
                                int64_t padding_idx, bool scale_grad_by_freq) {
  const char* op = "embedding_dense_backward";
  EMBER_CHECK(indices.dtype() == DType::Int64 || indices.dtype() == DType::Int32, Runtime, op,
              ": expected int64 or int32 indices, but got ", name(indices.dtype()));
  EMBER_CHECK(
      grad_output.dim() >= 1 && grad_output.numel() == indices.numel() * grad_output.size(grad_output.dim() - 1),
      Runtime, op, ": expected grad_output of size indices.shape + (embedding_dim,), but got ",
      list_str(grad_output.sizes()), " for indices of size ", list_str(indices.sizes()));
  const int64_t dim = grad_output.size(grad_output.dim() - 1);
  const Tensor idx = to_dtype(reshape(indices, DimVector{-1}), DType::Int64);
  Tensor g = reshape(grad_output, DimVector{-1, dim});
  if (padding_idx >= 0) {
    // Rows of padding_idx get no gradient.
    const Tensor keep = compare(Comparison::Ne, idx, Scalar(padding_idx));
    g = binary(BinaryMath::Mul, g, to_dtype(unsqueeze(keep, 1), g.dtype()));
  }
  if (scale_grad_by_freq) {
    // Each row's gradient divided by how often its index occurs.
    Tensor counts = zeros(DimVector{num_weights}, DType::Int64);
    index_add_(counts, 0, idx, ones(idx.sizes(), DType::Int64), Scalar(int64_t{1}));
    const Tensor per_row = to_dtype(index_select(counts, 0, idx), g.dtype());
    g = binary(BinaryMath::Div, g, unsqueeze(per_row, 1));
  }
  Tensor out = zeros(DimVector{num_weights, dim}, grad_output.dtype());
  index_add_(out, 0, idx, g, Scalar(int64_t{1}));
  return out;
}

namespace {

// input (*, C, H, W) and the factor, checked.
void check_shuffle(const Tensor& input, int64_t factor, bool up, const char* op) {
  EMBER_CHECK(input.dim() >= 3, Runtime, op, " expects input to have at least 3 dimensions, but got input with ",
              input.dim(), " dimension(s)");
  EMBER_CHECK(factor > 0, Runtime, op, " expects a positive ", up ? "upscale_factor" : "downscale_factor", ", but got ",
              factor);
  const int64_t d = input.dim();
  if (up) {
    EMBER_CHECK(input.size(d - 3) % (factor * factor) == 0, Runtime, op,
                " expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but "
                "input.size(-3)=",
                input.size(d - 3), " is not divisible by ", factor * factor);
  } else {
    EMBER_CHECK(input.size(d - 2) % factor == 0, Runtime, op,
                " expects height to be divisible by downscale_factor, but input.size(-2)=", input.size(d - 2),
                " is not divisible by ", factor);
    EMBER_CHECK(input.size(d - 1) % factor == 0, Runtime, op,
                " expects width to be divisible by downscale_factor, but input.size(-1)=", input.size(d - 1),
                " is not divisible by ", factor);
  }
}

}  // namespace

Tensor pixel_shuffle(const Tensor& input, int64_t r) {
  check_shuffle(input, r, true, "pixel_shuffle");
  const int64_t d = input.dim(), C = input.size(d - 3), H = input.size(d - 2), W = input.size(d - 1);
  DimVector lead(input.sizes().subspan(0, d - 3));
  // (*, C/r², r, r, H, W) -> (*, C/r², H, r, W, r)
  DimVector split = lead;
  for (int64_t v : {C / (r * r), r, r, H, W}) split.push_back(v);
  DimVector perm;
  const int64_t b = lead.size();
  for (int64_t i = 0; i < b; ++i) perm.push_back(i);
  for (int64_t v : {b, b + 3, b + 1, b + 4, b + 2}) perm.push_back(v);
  DimVector out = lead;
  for (int64_t v : {C / (r * r), H * r, W * r}) out.push_back(v);
  return reshape(contiguous(permute(reshape(input, split), perm)), out);
}

Tensor pixel_unshuffle(const Tensor& input, int64_t r) {
  check_shuffle(input, r, false, "pixel_unshuffle");
  const int64_t d = input.dim(), C = input.size(d - 3), H = input.size(d - 2), W = input.size(d - 1);
  DimVector lead(input.sizes().subspan(0, d - 3));
  // (*, C, H/r, r, W/r, r) -> (*, C, r, r, H/r, W/r)
  DimVector split = lead;
  for (int64_t v : {C, H / r, r, W / r, r}) split.push_back(v);
  DimVector perm;
  const int64_t b = lead.size();
  for (int64_t i = 0; i < b; ++i) perm.push_back(i);
  for (int64_t v : {b, b + 2, b + 4, b + 1, b + 3}) perm.push_back(v);
  DimVector out = lead;
  for (int64_t v : {C * r * r, H / r, W / r}) out.push_back(v);
  return reshape(contiguous(permute(reshape(input, split), perm)), out);
}

}  // namespace ember
