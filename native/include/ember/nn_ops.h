// Neural-network primitives (issue 5): convolution, pooling, normalisation,
// embedding, upsampling. Each forward op has its backward formula as a
// separate op, so autograd's derivative table can call it. Names and
// argument orders are PyTorch's (aten's for the backward ops).
//
// Spatial ops take inputs of (N, C, *spatial) or, where PyTorch allows it,
// (C, *spatial) with 1 to 3 spatial dims. float32/float64 compute natively;
// float16/bfloat16 compute in float32 and round once at the end.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <tuple>

#include "ember/tensor.h"

namespace ember {

using Tensor3 = std::tuple<Tensor, Tensor, Tensor>;
using Mask3 = std::array<bool, 3>;

// ---- convolution (native/src/ops/conv.cpp) ----
// torch.convolution: batched input (N, C, *spatial), weight (O, C/groups, *k)
// or transposed (C, O/groups, *k); bias (O,) or undefined.
Tensor convolution(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
                   IntArrayRef padding, IntArrayRef dilation, bool transposed, IntArrayRef output_padding,
                   int64_t groups);
// conv1d/2d/3d: `spatial` dims, unbatched input allowed, padding as ints or
// the strings "same"/"valid" (padding_mode non-empty).
Tensor conv_nd(int64_t spatial, const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
               IntArrayRef padding, std::string_view padding_mode, IntArrayRef dilation, int64_t groups);
Tensor conv_transpose_nd(int64_t spatial, const Tensor& input, const Tensor& weight, const Tensor& bias,
                         IntArrayRef stride, IntArrayRef padding, IntArrayRef output_padding, int64_t groups,
                         IntArrayRef dilation);
// Gradients of convolution's input, weight and bias (each only where
// output_mask says; undefined otherwise).
Tensor3 convolution_backward(const Tensor& grad_output, const Tensor& input, const Tensor& weight, IntArrayRef stride,
                             IntArrayRef padding, IntArrayRef dilation, bool transposed, IntArrayRef output_padding,
                             int64_t groups, Mask3 output_mask);
// im2col: (N, C, H, W) -> (N, C*kh*kw, L) and col2im its adjoint.
Tensor im2col(const Tensor& input, IntArrayRef kernel_size, IntArrayRef dilation, IntArrayRef padding,
              IntArrayRef stride);
Tensor col2im(const Tensor& input, IntArrayRef output_size, IntArrayRef kernel_size, IntArrayRef dilation,
              IntArrayRef padding, IntArrayRef stride);

// ---- pooling (native/src/ops/pool.cpp) ----
// An empty stride means stride = kernel_size. Indices are int64, flat over
// each plane's spatial dims, as PyTorch's.
std::pair<Tensor, Tensor> max_pool_with_indices(int64_t spatial, const Tensor& input, IntArrayRef kernel_size,
                                                IntArrayRef stride, IntArrayRef padding, IntArrayRef dilation,
                                                bool ceil_mode, const char* op);
Tensor max_pool_backward(int64_t spatial, const Tensor& grad_output, const Tensor& input, const Tensor& indices,
                         const char* op);
Tensor avg_pool(int64_t spatial, const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride, IntArrayRef padding,
                bool ceil_mode, bool count_include_pad, std::optional<int64_t> divisor_override, const char* op);
Tensor avg_pool_backward(int64_t spatial, const Tensor& grad_output, const Tensor& input, IntArrayRef kernel_size,
                         IntArrayRef stride, IntArrayRef padding, bool ceil_mode, bool count_include_pad,
                         std::optional<int64_t> divisor_override, const char* op);
Tensor adaptive_avg_pool(int64_t spatial, const Tensor& input, IntArrayRef output_size, const char* op);
Tensor adaptive_avg_pool_backward(int64_t spatial, const Tensor& grad_output, const Tensor& input, const char* op);
std::pair<Tensor, Tensor> adaptive_max_pool(int64_t spatial, const Tensor& input, IntArrayRef output_size,
                                            const char* op);
// (sum over each window of x^p)^(1/p), as PyTorch's lp_pool (a composite).
Tensor lp_pool(int64_t spatial, const Tensor& input, double norm_type, IntArrayRef kernel_size, IntArrayRef stride,
               bool ceil_mode);

// ---- normalisation (native/src/ops/norm.cpp) ----
// (output, save_mean, save_invstd); training updates the running stats in
// place (momentum; the variance unbiased), eval uses them.
Tensor3 native_batch_norm(const Tensor& input, const Tensor& weight, const Tensor& bias, const Tensor& running_mean,
                          const Tensor& running_var, bool training, double momentum, double eps);
Tensor3 native_batch_norm_backward(const Tensor& grad_out, const Tensor& input, const Tensor& weight,
                                   const Tensor& running_mean, const Tensor& running_var, const Tensor& save_mean,
                                   const Tensor& save_invstd, bool train, double eps, Mask3 output_mask);
// (output, mean, rstd): statistics over the trailing normalized_shape dims.
Tensor3 native_layer_norm(const Tensor& input, IntArrayRef normalized_shape, const Tensor& weight, const Tensor& bias,
                          double eps);
Tensor3 native_layer_norm_backward(const Tensor& grad_out, const Tensor& input, IntArrayRef normalized_shape,
                                   const Tensor& mean, const Tensor& rstd, const Tensor& weight, const Tensor& bias,
                                   Mask3 output_mask);
// (output, mean (N, group), rstd (N, group)) of input viewed as (N, C, HxW).
Tensor3 native_group_norm(const Tensor& input, const Tensor& weight, const Tensor& bias, int64_t N, int64_t C,
                          int64_t HxW, int64_t group, double eps);
Tensor3 native_group_norm_backward(const Tensor& grad_out, const Tensor& input, const Tensor& mean, const Tensor& rstd,
                                   const Tensor& weight, int64_t N, int64_t C, int64_t HxW, int64_t group,
                                   Mask3 output_mask);
Tensor group_norm(const Tensor& input, int64_t num_groups, const Tensor& weight, const Tensor& bias, double eps);
// Batch norm of each (n, c) plane over its own spatial statistics.
Tensor instance_norm(const Tensor& input, const Tensor& weight, const Tensor& bias, const Tensor& running_mean,
                     const Tensor& running_var, bool use_input_stats, double momentum, double eps);

// ---- embedding, pixel shuffle (native/src/ops/embedding.cpp) ----
Tensor embedding(const Tensor& weight, const Tensor& indices, int64_t padding_idx, bool scale_grad_by_freq);
Tensor embedding_dense_backward(const Tensor& grad_output, const Tensor& indices, int64_t num_weights,
                                int64_t padding_idx, bool scale_grad_by_freq);
Tensor pixel_shuffle(const Tensor& input, int64_t upscale_factor);
Tensor pixel_unshuffle(const Tensor& input, int64_t downscale_factor);

// ---- upsampling (native/src/ops/upsample.cpp) ----
enum class UpsampleMode : uint8_t { Nearest, NearestExact, Linear, Cubic };
// output_size for each spatial dim; scales (optional) as PyTorch passes them
// when interpolate got scale_factor (they then set the source coordinates).
Tensor upsample(UpsampleMode mode, int64_t spatial, const Tensor& input, IntArrayRef output_size, bool align_corners,
                std::span<const std::optional<double>> scales, const char* op);
Tensor upsample_backward(UpsampleMode mode, int64_t spatial, const Tensor& grad_output, IntArrayRef output_size,
                         IntArrayRef input_size, bool align_corners, std::span<const std::optional<double>> scales,
                         const char* op);

}  // namespace ember
