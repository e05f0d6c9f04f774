// Convolutions through cuDNN (the nvidia-cudnn wheel's libcudnn.so.9, loaded
// on first use), for conv.cu to prefer over im2col + cuBLAS when present.
// cpu/conv_kernels.h's contracts: contiguous float32/float64 operands, three
// spatial dims (leading size-1 dims are dropped before cuDNN sees them).
#pragma once

#include <string>

#include "../cpu/conv_kernels.h"

namespace ember::cuda::cudnn {

// The loaded library's version (e.g. 92801), 0 when it is not usable; then
// unavailable_reason() says why (built without its headers, library missing).
int version();
std::string unavailable_reason();
// ember.backends.cudnn.enabled: false sends convolutions to im2col.
void set_enabled(bool enabled);
// Whether a convolution of dtype and shape s goes through cuDNN (float32 or
// float64, sizes within cuDNN's int descriptors, not disabled).
bool use_for(DType dtype, const cpu::ConvShape& s);

// out = conv(x, w) (no bias); grad_x and grad_w as conv.cu's.
void conv_forward(const Tensor& out, const Tensor& x, const Tensor& w, const cpu::ConvShape& s, bool allow_tf32);
void conv_backward_data(const Tensor& grad_x, const Tensor& grad_out, const Tensor& w, const cpu::ConvShape& s,
                        bool allow_tf32);
void conv_backward_weight(const Tensor& grad_w, const Tensor& grad_out, const Tensor& x, const cpu::ConvShape& s,
                          bool allow_tf32);

}  // namespace ember::cuda::cudnn
