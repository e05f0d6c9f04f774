// Convolution kernels: im2col/col2im over up to three spatial dims and the
// GEMMs between them. Tensors arrive contiguous, float32 or float64, with
// exactly three spatial dims (the front end views 1-D/2-D as 3-D with
// leading size-1 dims), already validated.
#pragma once

#include <cstdint>

#include "ember/tensor.h"

namespace ember::cpu {

struct ConvShape {
  int64_t batch = 0, in_channels = 0, out_channels = 0, groups = 1;
  int64_t in[3] = {1, 1, 1}, out[3] = {1, 1, 1}, kernel[3] = {1, 1, 1};
  int64_t stride[3] = {1, 1, 1}, pad[3] = {0, 0, 0}, dilation[3] = {1, 1, 1};
  int64_t in_volume() const { return in[0] * in[1] * in[2]; }
  int64_t out_volume() const { return out[0] * out[1] * out[2]; }
  int64_t kernel_volume() const { return kernel[0] * kernel[1] * kernel[2]; }
};

// out (N, O, *out) = conv(x (N, C, *in), w (O, C/g, *k)) + bias (O,) or none.
void conv_forward(const Tensor& out, const Tensor& x, const Tensor& w, const Tensor& bias, const ConvShape& s);
// grad_x (N, C, *in) from grad_out (N, O, *out) and w.
void conv_backward_data(const Tensor& grad_x, const Tensor& grad_out, const Tensor& w, const ConvShape& s);
// grad_w (O, C/g, *k) from grad_out and x.
void conv_backward_weight(const Tensor& grad_w, const Tensor& grad_out, const Tensor& x, const ConvShape& s);
// col (N, C*kvol, ovol) from x (N, C, *in), and its adjoint (accumulating into a zeroed x).
void im2col_batch(const Tensor& col, const Tensor& x, const ConvShape& s);
void col2im_batch(const Tensor& x, const Tensor& col, const ConvShape& s);

}  // namespace ember::cpu
