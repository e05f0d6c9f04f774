// Convolutions on the device: cuDNN when it is installed (cudnn_conv.h),
// else im2col / col2im kernels and cuBLAS GEMMs, the CPU kernels' plan
// (cpu/conv_kernels.h) with the same shapes and layouts. The column matrix of
// the whole batch is built at once, so each GEMM runs batched over samples.
#include "../cpu/conv_kernels.h"
#include "blas.h"
#include "cudnn_conv.h"
#include "device_loop.cuh"
#include "kernels.h"
#include "scratch.h"

namespace ember::cuda {
namespace {

using cpu::ConvShape;

struct Geometry {  // ConvShape with its volumes, for device code
  ConvShape s;
  int64_t in_vol, out_vol, k_vol;
};

Geometry geometry(const ConvShape& s) { return {s, s.in_volume(), s.out_volume(), s.kernel_volume()}; }

// col[n][c * kvol + kk][o] = x[n][c][o * stride - pad + kk * dilation] (0 outside).
template <class T>
__global__ void im2col_kernel(const T* x, T* col, const Geometry g, int64_t channels, int64_t total) {
  const ConvShape& s = g.s;
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < total; i += step) {
    int64_t r = i;
    const int64_t o = r % g.out_vol;
    r /= g.out_vol;
    const int64_t kk = r % g.k_vol;
    r /= g.k_vol;  // r = n * channels + c
    const int64_t o2 = o % s.out[2], o1 = (o / s.out[2]) % s.out[1], o0 = o / (s.out[2] * s.out[1]);
    const int64_t k2 = kk % s.kernel[2], k1 = (kk / s.kernel[2]) % s.kernel[1], k0 = kk / (s.kernel[2] * s.kernel[1]);
    const int64_t p0 = o0 * s.stride[0] - s.pad[0] + k0 * s.dilation[0];
    const int64_t p1 = o1 * s.stride[1] - s.pad[1] + k1 * s.dilation[1];
    const int64_t p2 = o2 * s.stride[2] - s.pad[2] + k2 * s.dilation[2];
    const bool inside = p0 >= 0 && p0 < s.in[0] && p1 >= 0 && p1 < s.in[1] && p2 >= 0 && p2 < s.in[2];
    col[i] = inside ? x[r * g.in_vol + (p0 * s.in[1] + p1) * s.in[2] + p2] : T(0);
  }
}

// The adjoint: each x element sums the column entries that read it (no atomics).
template <class T>
__global__ void col2im_kernel(T* x, const T* col, const Geometry g, int64_t total) {
  const ConvShape& s = g.s;
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < total; i += step) {
    const int64_t p2 = i % s.in[2], p1 = (i / s.in[2]) % s.in[1], p0 = (i / (s.in[2] * s.in[1])) % s.in[0];
    const int64_t nc = i / g.in_vol;
    T sum = T(0);
    for (int64_t k0 = 0; k0 < s.kernel[0]; ++k0) {
      const int64_t q0 = p0 + s.pad[0] - k0 * s.dilation[0];
      if (q0 < 0 || q0 % s.stride[0] || q0 / s.stride[0] >= s.out[0]) continue;
      for (int64_t k1 = 0; k1 < s.kernel[1]; ++k1) {
        const int64_t q1 = p1 + s.pad[1] - k1 * s.dilation[1];
        if (q1 < 0 || q1 % s.stride[1] || q1 / s.stride[1] >= s.out[1]) continue;
        for (int64_t k2 = 0; k2 < s.kernel[2]; ++k2) {
          const int64_t q2 = p2 + s.pad[2] - k2 * s.dilation[2];
          if (q2 < 0 || q2 % s.stride[2] || q2 / s.stride[2] >= s.out[2]) continue;
          const int64_t kk = (k0 * s.kernel[1] + k1) * s.kernel[2] + k2;
          const int64_t o = ((q0 / s.stride[0]) * s.out[1] + q1 / s.stride[1]) * s.out[2] + q2 / s.stride[2];
          sum += col[(nc * g.k_vol + kk) * g.out_vol + o];
        }
      }
    }
    x[i] = sum;
  }
}

template <class T>
__global__ void add_bias_kernel(T* y, const T* bias, int64_t channels, int64_t plane, int64_t total) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < total; i += step)
    y[i] += bias[(i / plane) % channels];
}

// The column matrix of the batch: (N, C * kvol, ovol).
template <class T>
Scratch columns(const T* x, const Geometry& g, int64_t channels) {
  const int64_t total = g.s.batch * channels * g.k_vol * g.out_vol;
  Scratch col(static_cast<size_t>(total) * sizeof(T));
  im2col_kernel<T>
      <<<grid_for(total), 256, 0, current_cuda_stream()>>>(x, static_cast<T*>(col.data()), g, channels, total);
  check_launch("im2col kernel");
  return col;
}

}  // namespace

void conv_forward(const Tensor& out, const Tensor& x, const Tensor& w, const Tensor& bias, const ConvShape& s) {
  const Geometry g = geometry(s);
  const bool by_cudnn = cudnn::use_for(out.dtype(), s);
  if (by_cudnn) cudnn::conv_forward(out, x, w, s, cuda::conv_allow_tf32());
  visit_float(out.dtype(), "convolution", [&](auto tag) {
    using T = typename decltype(tag)::type;
    const int64_t C = s.in_channels, O = s.out_channels, G = s.groups, Cg = C / G, Og = O / G, Kg = Cg * g.k_vol;
    if (!by_cudnn) {
      Scratch col = columns(x.device_data<T>(), g, C);
      for (int64_t grp = 0; grp < G; ++grp)
        gemm_row_major(out.dtype(), false, false, Og, g.out_vol, Kg, w.device_data<T>() + grp * Og * Kg, Kg, 0,
                       static_cast<const T*>(col.data()) + grp * Kg * g.out_vol, g.out_vol, C * g.k_vol * g.out_vol,
                       out.device_data<T>() + grp * Og * g.out_vol, g.out_vol, O * g.out_vol, s.batch, 1.0, 0.0,
                       cuda::conv_allow_tf32());
    }
    if (bias.defined()) {
      const int64_t total = out.numel();
      add_bias_kernel<T><<<grid_for(total), 256, 0, current_cuda_stream()>>>(
          out.device_data<T>(), bias.device_data<T>(), O, g.out_vol, total);
      check_launch("bias kernel");
    }
  });
}

void conv_backward_data(const Tensor& grad_x, const Tensor& grad_out, const Tensor& w, const ConvShape& s) {
  if (cudnn::use_for(grad_x.dtype(), s)) return cudnn::conv_backward_data(grad_x, grad_out, w, s, conv_allow_tf32());
  const Geometry g = geometry(s);
  visit_float(grad_x.dtype(), "convolution", [&](auto tag) {
    using T = typename decltype(tag)::type;
    const int64_t C = s.in_channels, O = s.out_channels, G = s.groups, Cg = C / G, Og = O / G, Kg = Cg * g.k_vol;
    const int64_t col_total = s.batch * C * g.k_vol * g.out_vol;
    Scratch col(static_cast<size_t>(col_total) * sizeof(T));
    for (int64_t grp = 0; grp < G; ++grp)  // col[n][g] = W[g]^T @ gy[n][g]
      gemm_row_major(grad_x.dtype(), true, false, Kg, g.out_vol, Og, w.device_data<T>() + grp * Og * Kg, Kg, 0,
                     grad_out.device_data<T>() + grp * Og * g.out_vol, g.out_vol, O * g.out_vol,
                     static_cast<T*>(col.data()) + grp * Kg * g.out_vol, g.out_vol, C * g.k_vol * g.out_vol, s.batch,
                     1.0, 0.0, cuda::conv_allow_tf32());
    const int64_t total = grad_x.numel();
    col2im_kernel<T><<<grid_for(total), 256, 0, current_cuda_stream()>>>(grad_x.device_data<T>(),
                                                                         static_cast<const T*>(col.data()), g, total);
    check_launch("col2im kernel");
  });
}

void conv_backward_weight(const Tensor& grad_w, const Tensor& grad_out, const Tensor& x, const ConvShape& s) {
  if (cudnn::use_for(grad_w.dtype(), s)) return cudnn::conv_backward_weight(grad_w, grad_out, x, s, conv_allow_tf32());
  const Geometry g = geometry(s);
  visit_float(grad_w.dtype(), "convolution", [&](auto tag) {
    using T = typename decltype(tag)::type;
    const int64_t C = s.in_channels, O = s.out_channels, G = s.groups, Cg = C / G, Og = O / G, Kg = Cg * g.k_vol;
    Scratch col = columns(x.device_data<T>(), g, C);
    for (int64_t grp = 0; grp < G; ++grp)
      for (int64_t n = 0; n < s.batch; ++n)  // gw[g] += gy[n][g] @ col[n][g]^T
        gemm_row_major(
            grad_w.dtype(), false, true, Og, Kg, g.out_vol, grad_out.device_data<T>() + (n * O + grp * Og) * g.out_vol,
            g.out_vol, 0, static_cast<const T*>(col.data()) + (n * C * g.k_vol + grp * Kg) * g.out_vol, g.out_vol, 0,
            grad_w.device_data<T>() + grp * Og * Kg, Kg, 0, 1, 1.0, n == 0 ? 0.0 : 1.0, cuda::conv_allow_tf32());
  });
}

}  // namespace ember::cuda
