#include "upsample_kernels.h"

#include <algorithm>

#include "ember/parallel.h"

namespace ember::cpu {
namespace {

// fn(output offset, input offset, weight) over every tap of every output of a plane.
template <class Fn>
void for_each_tap(const UpsampleTaps& t, Fn fn) {
  int64_t o = 0;
  for (int64_t od = 0; od < t.out[0]; ++od)
    for (int64_t oh = 0; oh < t.out[1]; ++oh)
      for (int64_t ow = 0; ow < t.out[2]; ++ow, ++o)
        for (int64_t a = 0; a < t.taps[0]; ++a) {
          const int64_t id = t.index[0][od * t.taps[0] + a];
          const double wd = t.weight[0][od * t.taps[0] + a];
          for (int64_t b = 0; b < t.taps[1]; ++b) {
            const int64_t ih = t.index[1][oh * t.taps[1] + b];
            const double wh = wd * t.weight[1][oh * t.taps[1] + b];
            for (int64_t c = 0; c < t.taps[2]; ++c) {
              const int64_t iw = t.index[2][ow * t.taps[2] + c];
              fn(o, (id * t.in[1] + ih) * t.in[2] + iw, wh * t.weight[2][ow * t.taps[2] + c]);
            }
          }
        }
}

template <class Fn>
void over_planes(const UpsampleTaps& t, int64_t work, Fn fn) {
  const int64_t grain = std::max<int64_t>(1, (int64_t{1} << 15) / std::max<int64_t>(work, 1));
  parallel_for(0, t.planes, grain, [&](int64_t b, int64_t e) {
    for (int64_t p = b; p < e; ++p) fn(p);
  });
}

template <class T>
void forward(T* out, const T* x, const UpsampleTaps& t) {
  const int64_t iv = t.in[0] * t.in[1] * t.in[2], ov = t.out[0] * t.out[1] * t.out[2];
  over_planes(t, ov * t.taps[0] * t.taps[1] * t.taps[2], [&](int64_t p) {
    T* y = out + p * ov;
    const T* xp = x + p * iv;
    std::fill(y, y + ov, T(0));
    for_each_tap(t, [&](int64_t o, int64_t i, double w) { y[o] += static_cast<T>(w) * xp[i]; });
  });
}

template <class T>
void backward(T* gx, const T* gy, const UpsampleTaps& t) {
  const int64_t iv = t.in[0] * t.in[1] * t.in[2], ov = t.out[0] * t.out[1] * t.out[2];
  over_planes(t, ov * t.taps[0] * t.taps[1] * t.taps[2], [&](int64_t p) {
    T* g = gx + p * iv;
    const T* gp = gy + p * ov;
    std::fill(g, g + iv, T(0));
    for_each_tap(t, [&](int64_t o, int64_t i, double w) { g[i] += static_cast<T>(w) * gp[o]; });
  });
}

}  // namespace

void upsample_forward(const Tensor& out, const Tensor& x, const UpsampleTaps& t) {
  if (x.dtype() == DType::Float32) {
    forward(out.data<float>(), x.data<float>(), t);
  } else {
    forward(out.data<double>(), x.data<double>(), t);
  }
}

void upsample_backward(const Tensor& grad_x, const Tensor& grad_out, const UpsampleTaps& t) {
  if (grad_x.dtype() == DType::Float32) {
    backward(grad_x.data<float>(), grad_out.data<float>(), t);
  } else {
    backward(grad_x.data<double>(), grad_out.data<double>(), t);
  }
}

}  // namespace ember::cpu
