// Convolution as im2col + GEMM: each sample's receptive fields are unrolled
// into a (C/g * kvol, ovol) matrix so the BLAS does the arithmetic. Samples
// are split across threads (each with its own column buffer, the BLAS then
// single-threaded in it); weight gradients are summed per chunk and then in
// chunk order, so results don't depend on timing.
#include "conv_kernels.h"

#include <cblas.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "ember/parallel.h"
#include "kernels.h"

namespace ember::cpu {
namespace {

int64_t div_floor(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
int64_t div_ceil(int64_t a, int64_t b) { return -div_floor(-a, b); }

void gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda, const float* b,
          int64_t ldb, float beta, float* c, int64_t ldc) {
  warm_sgemm();
  scipy_cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, alpha, a,
                    lda, b, ldb, beta, c, ldc);
}
void gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, double alpha, const double* a, int64_t lda,
          const double* b, int64_t ldb, double beta, double* c, int64_t ldc) {
  scipy_cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, alpha, a,
                    lda, b, ldb, beta, c, ldc);
}

// The output positions [lo, hi) along one dim whose input index
// o * stride - pad + k_offset lies inside [0, size).
void valid_range(int64_t size, int64_t out, int64_t stride, int64_t pad, int64_t k_offset, int64_t* lo, int64_t* hi) {
  *lo = std::clamp<int64_t>(div_ceil(pad - k_offset, stride), 0, out);
  *hi = std::clamp<int64_t>(div_floor(size - 1 + pad - k_offset, stride) + 1, *lo, out);
}

// Walks every (channel, kernel offset, output row) of one sample: fn(x_row,
// col_row, lo, hi), x_row shifted so that output o reads x_row[o * stride],
// null where the row falls in padding; [lo, hi) the outputs inside the input.
template <class T, class Fn>
void for_each_row(T* x, T* col, int64_t channels, const ConvShape& s, Fn fn) {
  const int64_t ivol = s.in_volume(), ovol = s.out_volume();
  for (int64_t c = 0; c < channels; ++c) {
    for (int64_t kd = 0; kd < s.kernel[0]; ++kd) {
      for (int64_t kh = 0; kh < s.kernel[1]; ++kh) {
        for (int64_t kw = 0; kw < s.kernel[2]; ++kw) {
          T* col_k = col + (((c * s.kernel[0] + kd) * s.kernel[1] + kh) * s.kernel[2] + kw) * ovol;
          int64_t wlo, whi;
          valid_range(s.in[2], s.out[2], s.stride[2], s.pad[2], kw * s.dilation[2], &wlo, &whi);
          const int64_t w0 = kw * s.dilation[2] - s.pad[2];
          for (int64_t od = 0; od < s.out[0]; ++od) {
            const int64_t id = od * s.stride[0] - s.pad[0] + kd * s.dilation[0];
            for (int64_t oh = 0; oh < s.out[1]; ++oh) {
              const int64_t ih = oh * s.stride[1] - s.pad[1] + kh * s.dilation[1];
              T* col_row = col_k + (od * s.out[1] + oh) * s.out[2];
              const bool inside = id >= 0 && id < s.in[0] && ih >= 0 && ih < s.in[1];
              fn(inside ? x + c * ivol + (id * s.in[1] + ih) * s.in[2] + w0 : nullptr, col_row, wlo, whi);
            }
          }
        }
      }
    }
  }
}

template <class T>
void im2col(const T* x, T* col, int64_t channels, const ConvShape& s) {
  const int64_t ow = s.out[2], sw = s.stride[2];
  for_each_row(const_cast<T*>(x), col, channels, s, [&](const T* xr, T* cr, int64_t lo, int64_t hi) {
    if (!xr) {
      std::fill(cr, cr + ow, T(0));
      return;
    }
    std::fill(cr, cr + lo, T(0));
    if (sw == 1) {
      std::memcpy(cr + lo, xr + lo, (hi - lo) * sizeof(T));
    } else {
      for (int64_t o = lo; o < hi; ++o) cr[o] = xr[o * sw];
    }
    std::fill(cr + hi, cr + ow, T(0));
  });
}

template <class T>
void col2im(T* x, const T* col, int64_t channels, const ConvShape& s) {
  const int64_t sw = s.stride[2];
  for_each_row(x, const_cast<T*>(col), channels, s, [&](T* xr, const T* cr, int64_t lo, int64_t hi) {
    if (!xr) return;
    if (sw == 1) {
      for (int64_t o = lo; o < hi; ++o) xr[o] += cr[o];
    } else {
      for (int64_t o = lo; o < hi; ++o) xr[o * sw] += cr[o];
    }
  });
}

// 1x1 kernels with unit stride and no padding read the input as it is.
bool is_pointwise(const ConvShape& s) {
  for (int i = 0; i < 3; ++i)
    if (s.kernel[i] != 1 || s.stride[i] != 1 || s.pad[i] != 0) return false;
  return true;
}

// Runs fn(chunk, first sample, end sample) over the batch: one chunk on the
// calling thread (the BLAS threads itself) or one per thread, each with a
// single-threaded BLAS. Chunks are fixed by the thread count alone.
int64_t chunk_count(const ConvShape& s) {
  const int64_t work = s.batch * s.out_channels * s.out_volume() * (s.in_channels / s.groups) * s.kernel_volume();
  if (work < (int64_t{1} << 22)) return 1;
  return std::clamp<int64_t>(intra_op_threads(), 1, s.batch);
}

template <class Fn>
void over_batch(const ConvShape& s, int64_t chunks, Fn fn) {
  if (chunks <= 1) {
    fn(0, 0, s.batch);
    return;
  }
  // The BLAS runs single-threaded meanwhile (this build of OpenBLAS has no
  // per-thread setting, so the process-wide one is lowered and restored).
  const int blas_threads = scipy_openblas_get_num_threads();
  scipy_openblas_set_num_threads(1);
  try {
    parallel_for(0, chunks, 1, [&](int64_t b, int64_t e) {
      for (int64_t c = b; c < e; ++c) fn(c, s.batch * c / chunks, s.batch * (c + 1) / chunks);
    });
  } catch (...) {
    scipy_openblas_set_num_threads(blas_threads);
    throw;
  }
  scipy_openblas_set_num_threads(blas_threads);
}

template <class T>
void forward(T* out, const T* x, const T* w, const T* bias, const ConvShape& s) {
  const int64_t g = s.groups, cg = s.in_channels / g, og = s.out_channels / g;
  const int64_t k = cg * s.kernel_volume(), ovol = s.out_volume(), ivol = s.in_volume();
  const bool pointwise = is_pointwise(s);
  over_batch(s, chunk_count(s), [&](int64_t, int64_t n0, int64_t n1) {
    std::unique_ptr<T[]> col(pointwise ? nullptr : new T[k * ovol]);
    for (int64_t n = n0; n < n1; ++n) {
      T* y = out + n * s.out_channels * ovol;
      if (bias) {
        for (int64_t o = 0; o < s.out_channels; ++o) std::fill(y + o * ovol, y + (o + 1) * ovol, bias[o]);
      } else {
        std::fill(y, y + s.out_channels * ovol, T(0));
      }
      if (k == 0 || ovol == 0) continue;
      for (int64_t gi = 0; gi < g; ++gi) {
        const T* xg = x + (n * s.in_channels + gi * cg) * ivol;
        const T* b = xg;
        if (!pointwise) {
          im2col(xg, col.get(), cg, s);
          b = col.get();
        }
        gemm(false, false, og, ovol, k, T(1), w + gi * og * k, k, b, ovol, T(1), y + gi * og * ovol, ovol);
      }
    }
  });
}

template <class T>
void backward_data(T* gx, const T* gy, const T* w, const ConvShape& s) {
  const int64_t g = s.groups, cg = s.in_channels / g, og = s.out_channels / g;
  const int64_t k = cg * s.kernel_volume(), ovol = s.out_volume(), ivol = s.in_volume();
  const bool pointwise = is_pointwise(s);
  over_batch(s, chunk_count(s), [&](int64_t, int64_t n0, int64_t n1) {
    std::unique_ptr<T[]> col(pointwise ? nullptr : new T[k * ovol]);
    for (int64_t n = n0; n < n1; ++n) {
      T* xg0 = gx + n * s.in_channels * ivol;
      if (!pointwise) std::fill(xg0, xg0 + s.in_channels * ivol, T(0));  // col2im accumulates
      if (og == 0 || k == 0 || ovol == 0) {
        std::fill(xg0, xg0 + s.in_channels * ivol, T(0));
        continue;
      }
      for (int64_t gi = 0; gi < g; ++gi) {
        T* xg = xg0 + gi * cg * ivol;
        T* c = pointwise ? xg : col.get();
        gemm(true, false, k, ovol, og, T(1), w + gi * og * k, k, gy + (n * s.out_channels + gi * og) * ovol, ovol, T(0),
             c, ovol);
        if (!pointwise) col2im(xg, c, cg, s);
      }
    }
  });
}

template <class T>
void backward_weight(T* gw, const T* gy, const T* x, const ConvShape& s) {
  const int64_t g = s.groups, cg = s.in_channels / g, og = s.out_channels / g;
  const int64_t k = cg * s.kernel_volume(), ovol = s.out_volume(), ivol = s.in_volume();
  const int64_t wsize = s.out_channels * k;
  const bool pointwise = is_pointwise(s);
  const int64_t chunks = chunk_count(s);
  // Each group's gradient is gy (og x L) times col^T (L x k). With the BLAS
  // the product runs faster with its longer side as rows (measured: 64->64
  // channels 3x3 at 16x16, 24 -> 20.5 ms), so for k > og the chunks sum its
  // transpose (k x og), turned back at the end.
  const bool transposed = k > og;
  // Chunk 0 sums into gw itself (when not transposed), the others into their own buffers.
  std::vector<std::unique_ptr<T[]>> partial(chunks);
  over_batch(s, chunks, [&](int64_t chunk, int64_t n0, int64_t n1) {
    T* acc = gw;
    if (chunk > 0 || transposed) {
      partial[chunk].reset(new T[wsize]);
      acc = partial[chunk].get();
    }
    std::fill(acc, acc + wsize, T(0));
    if (ovol == 0 || k == 0) return;
    std::unique_ptr<T[]> col(pointwise ? nullptr : new T[k * ovol]);
    for (int64_t n = n0; n < n1; ++n) {
      for (int64_t gi = 0; gi < g; ++gi) {
        const T* xg = x + (n * s.in_channels + gi * cg) * ivol;
        const T* b = xg;
        if (!pointwise) {
          im2col(xg, col.get(), cg, s);
          b = col.get();
        }
        const T* gyg = gy + (n * s.out_channels + gi * og) * ovol;
        if (transposed) {
          gemm(false, true, k, og, ovol, T(1), b, ovol, gyg, ovol, T(1), acc + gi * og * k, og);
        } else {
          gemm(false, true, og, k, ovol, T(1), gyg, ovol, b, ovol, T(1), acc + gi * og * k, k);
        }
      }
    }
  });
  if (!transposed) {
    for (int64_t c = 1; c < chunks; ++c)
      for (int64_t i = 0; i < wsize; ++i) gw[i] += partial[c][i];
    return;
  }
  // gw[group][o][r] = sum over chunks of partial[group][r][o], in chunk order.
  for (int64_t gi = 0; gi < g; ++gi)
    for (int64_t o = 0; o < og; ++o)
      for (int64_t r = 0; r < k; ++r) {
        T sum = 0;
        for (int64_t c = 0; c < chunks; ++c) sum += partial[c][gi * og * k + r * og + o];
        gw[gi * og * k + o * k + r] = sum;
      }
}

}  // namespace

void conv_forward(const Tensor& out, const Tensor& x, const Tensor& w, const Tensor& bias, const ConvShape& s) {
  if (out.dtype() == DType::Float32) {
    forward(out.data<float>(), x.data<float>(), w.data<float>(), bias.defined() ? bias.data<float>() : nullptr, s);
  } else {
    forward(out.data<double>(), x.data<double>(), w.data<double>(), bias.defined() ? bias.data<double>() : nullptr, s);
  }
}

void conv_backward_data(const Tensor& grad_x, const Tensor& grad_out, const Tensor& w, const ConvShape& s) {
  if (grad_x.dtype() == DType::Float32) {
    backward_data(grad_x.data<float>(), grad_out.data<float>(), w.data<float>(), s);
  } else {
    backward_data(grad_x.data<double>(), grad_out.data<double>(), w.data<double>(), s);
  }
}

void conv_backward_weight(const Tensor& grad_w, const Tensor& grad_out, const Tensor& x, const ConvShape& s) {
  if (grad_w.dtype() == DType::Float32) {
    backward_weight(grad_w.data<float>(), grad_out.data<float>(), x.data<float>(), s);
  } else {
    backward_weight(grad_w.data<double>(), grad_out.data<double>(), x.data<double>(), s);
  }
}

void im2col_batch(const Tensor& col, const Tensor& x, const ConvShape& s) {
  const int64_t in_step = s.in_channels * s.in_volume();
  const int64_t col_step = s.in_channels * s.kernel_volume() * s.out_volume();
  parallel_for(0, s.batch, std::max<int64_t>(1, (int64_t{1} << 16) / std::max<int64_t>(col_step, 1)),
               [&](int64_t b, int64_t e) {
                 for (int64_t n = b; n < e; ++n) {
                   if (col.dtype() == DType::Float32) {
                     im2col(x.data<float>() + n * in_step, col.data<float>() + n * col_step, s.in_channels, s);
                   } else {
                     im2col(x.data<double>() + n * in_step, col.data<double>() + n * col_step, s.in_channels, s);
                   }
                 }
               });
}

void col2im_batch(const Tensor& x, const Tensor& col, const ConvShape& s) {
  const int64_t in_step = s.in_channels * s.in_volume();
  const int64_t col_step = s.in_channels * s.kernel_volume() * s.out_volume();
  parallel_for(0, s.batch, std::max<int64_t>(1, (int64_t{1} << 16) / std::max<int64_t>(col_step, 1)),
               [&](int64_t b, int64_t e) {
                 for (int64_t n = b; n < e; ++n) {
                   if (x.dtype() == DType::Float32) {
                     float* xn = x.data<float>() + n * in_step;
                     std::fill(xn, xn + in_step, 0.0f);
                     col2im(xn, col.data<float>() + n * col_step, s.in_channels, s);
                   } else {
                     double* xn = x.data<double>() + n * in_step;
                     std::fill(xn, xn + in_step, 0.0);
                     col2im(xn, col.data<double>() + n * col_step, s.in_channels, s);
                   }
                 }
               });
}

}  // namespace ember::cpu
