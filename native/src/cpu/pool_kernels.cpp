#include "pool_kernels.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "ember/parallel.h"

namespace ember::cpu {
namespace {

int64_t in_volume(const PoolWindows& w) { return w.in[0] * w.in[1] * w.in[2]; }
int64_t out_volume(const PoolWindows& w) { return w.out[0] * w.out[1] * w.out[2]; }

// fn(plane, first plane) over planes, in parallel for enough work.
template <class Fn>
void over_planes(const PoolWindows& w, int64_t work_per_plane, Fn fn) {
  const int64_t grain = std::max<int64_t>(1, (int64_t{1} << 15) / std::max<int64_t>(work_per_plane, 1));
  parallel_for(0, w.planes, grain, [&](int64_t b, int64_t e) {
    for (int64_t p = b; p < e; ++p) fn(p);
  });
}

// fn(output offset, window start, taps(visit)) for each output position of a
// plane, where taps(visit) calls visit(input offset) for every tap of its
// window and the start is its first tap's offset (inside the input or not).
template <class Fn>
void for_each_window(const PoolWindows& w, Fn fn) {
  int64_t o = 0;
  for (int64_t od = 0; od < w.out[0]; ++od) {
    for (int64_t oh = 0; oh < w.out[1]; ++oh) {
      for (int64_t ow = 0; ow < w.out[2]; ++ow, ++o) {
        auto taps = [&](auto&& visit) {
          for (int64_t id = w.lo[0][od]; id < w.hi[0][od]; id += w.step[0])
            for (int64_t ih = w.lo[1][oh]; ih < w.hi[1][oh]; ih += w.step[1])
              for (int64_t iw = w.lo[2][ow]; iw < w.hi[2][ow]; iw += w.step[2])
                visit((id * w.in[1] + ih) * w.in[2] + iw);
        };
        fn(o, (w.lo[0][od] * w.in[1] + w.lo[1][oh]) * w.in[2] + w.lo[2][ow], taps);
      }
    }
  }
}

template <class T>
void max_forward(T* out, int64_t* idx, const T* x, const PoolWindows& w) {
  const int64_t iv = in_volume(w), ov = out_volume(w);
  over_planes(w, iv, [&](int64_t p) {
    const T* xp = x + p * iv;
    for_each_window(w, [&](int64_t o, int64_t start, auto taps) {
      // As PyTorch: from -inf (the lowest integer) at the window's start, so a
      // window of padding alone (dilation can step over the input) gives those.
      T best =
          std::numeric_limits<T>::has_infinity ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::lowest();
      int64_t where = start;
      taps([&](int64_t i) {
        const T v = xp[i];
        if (v > best || v != v) {  // NaN wins (the last one, as PyTorch)
          best = v;
          where = i;
        }
      });
      out[p * ov + o] = best;
      idx[p * ov + o] = where;
    });
  });
}

template <class T>
void max_backward(T* gx, const T* gy, const int64_t* idx, int64_t planes, int64_t iv, int64_t ov) {
  PoolWindows w;
  w.planes = planes;
  over_planes(w, iv + ov, [&](int64_t p) {
    T* g = gx + p * iv;
    std::fill(g, g + iv, T(0));
    for (int64_t o = 0; o < ov; ++o) g[idx[p * ov + o]] += gy[p * ov + o];
  });
}

template <class T>
void avg_forward(T* out, const T* x, const PoolWindows& w) {
  const int64_t iv = in_volume(w), ov = out_volume(w);
  over_planes(w, iv, [&](int64_t p) {
    const T* xp = x + p * iv;
    for_each_window(w, [&](int64_t o, int64_t, auto taps) {
      T sum = 0;
      taps([&](int64_t i) { sum += xp[i]; });
      out[p * ov + o] = sum / static_cast<T>(w.divisor[o]);
    });
  });
}

template <class T>
void avg_backward(T* gx, const T* gy, const PoolWindows& w) {
  const int64_t iv = in_volume(w), ov = out_volume(w);
  over_planes(w, iv + ov, [&](int64_t p) {
    T* g = gx + p * iv;
    std::fill(g, g + iv, T(0));
    for_each_window(w, [&](int64_t o, int64_t, auto taps) {
      const T share = gy[p * ov + o] / static_cast<T>(w.divisor[o]);
      taps([&](int64_t i) { g[i] += share; });
    });
  });
}

}  // namespace

void max_pool_forward(const Tensor& out, const Tensor& indices, const Tensor& x, const PoolWindows& w) {
  auto run = [&](auto zero) {
    using T = decltype(zero);
    max_forward(out.data<T>(), indices.data<int64_t>(), x.data<T>(), w);
  };
  switch (x.dtype()) {
    case DType::Float32: return run(float{});
    case DType::Float64: return run(double{});
    case DType::UInt8: return run(uint8_t{});
    case DType::Int8: return run(int8_t{});
    case DType::Int16: return run(int16_t{});
    case DType::Int32: return run(int32_t{});
    default: return run(int64_t{});
  }
}

void max_pool_backward(const Tensor& grad_x, const Tensor& grad_out, const Tensor& indices) {
  const int64_t planes = grad_x.size(0), iv = grad_x.numel() / std::max<int64_t>(planes, 1);
  const int64_t ov = grad_out.numel() / std::max<int64_t>(planes, 1);
  if (grad_x.dtype() == DType::Float32) {
    max_backward(grad_x.data<float>(), grad_out.data<float>(), indices.data<int64_t>(), planes, iv, ov);
  } else {
    max_backward(grad_x.data<double>(), grad_out.data<double>(), indices.data<int64_t>(), planes, iv, ov);
  }
}

void avg_pool_forward(const Tensor& out, const Tensor& x, const PoolWindows& w) {
  if (x.dtype() == DType::Float32) {
    avg_forward(out.data<float>(), x.data<float>(), w);
  } else {
    avg_forward(out.data<double>(), x.data<double>(), w);
  }
}

void avg_pool_backward(const Tensor& grad_x, const Tensor& grad_out, const PoolWindows& w) {
  if (grad_x.dtype() == DType::Float32) {
    avg_backward(grad_x.data<float>(), grad_out.data<float>(), w);
  } else {
    avg_backward(grad_x.data<double>(), grad_out.data<double>(), w);
  }
}

}  // namespace ember::cpu
