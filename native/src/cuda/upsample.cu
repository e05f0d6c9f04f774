// Upsampling on the device with cpu/upsample_kernels.h's contract. Forward: a
// thread per output sums its taps in the CPU's order. Gradient: a thread per
// input gathers from the outputs whose taps read it, visiting (output, tap)
// pairs in the order the CPU scatters them, so both round as the CPU does.
// Products are rounded before they are added (no fused multiply-add), as the
// CPU's baseline build computes them.
#include <cstring>
#include <vector>

#include "device_loop.cuh"
#include "kernels.h"
#include "scratch.h"

namespace ember::cuda {
namespace {

using cpu::UpsampleTaps;

// UpsampleTaps for device code, its tables in one uploaded block. Per dim:
// index/weight of output o's taps at o * taps + k; and for the gradient, the
// (output, weight) pairs reading input x at [start[x], start[x + 1]) of
// readers/reader_weight, by output then tap.
struct Grid {
  int64_t planes, iv, ov;
  int64_t in[3], out[3], taps[3];
  const int64_t* index[3];
  const double* weight[3];
  const int64_t *start[3], *readers[3];
  const double* reader_weight[3];
};

struct Uploaded {
  Scratch table;
  Grid grid;
};

// Appends n 8-byte values (int64 or double) to words; returns where they start.
template <class T>
size_t append(std::vector<int64_t>& words, const T* v, size_t n) {
  static_assert(sizeof(T) == sizeof(int64_t));
  const size_t at = words.size();
  words.resize(at + n);
  std::memcpy(words.data() + at, v, n * sizeof(T));
  return at;
}

Uploaded upload_grid(const UpsampleTaps& t, bool gradient) {
  std::vector<int64_t> words;
  size_t index[3], weight[3], start[3] = {}, readers[3] = {}, reader_weight[3] = {};
  for (int d = 0; d < 3; ++d) {
    index[d] = append(words, t.index[d].data(), t.index[d].size());
    weight[d] = append(words, t.weight[d].data(), t.weight[d].size());
    if (!gradient) continue;
    // A counting sort of the taps by input index, stable, so each input's
    // readers stay in (output, tap) order.
    const size_t n = t.index[d].size();
    std::vector<int64_t> first(t.in[d] + 1, 0), who(n);
    std::vector<double> w(n);
    for (int64_t x : t.index[d]) ++first[x + 1];
    for (int64_t x = 0; x < t.in[d]; ++x) first[x + 1] += first[x];
    std::vector<int64_t> next(first.begin(), first.end() - 1);
    for (size_t k = 0; k < n; ++k) {
      const int64_t at = next[t.index[d][k]]++;
      who[at] = static_cast<int64_t>(k) / t.taps[d];
      w[at] = t.weight[d][k];
    }
    start[d] = append(words, first.data(), first.size());
    readers[d] = append(words, who.data(), n);
    reader_weight[d] = append(words, w.data(), n);
  }
  Scratch table = upload(words.data(), words.size() * sizeof(int64_t));
  const auto* base = static_cast<const int64_t*>(table.data());
  Grid g{};
  g.planes = t.planes;
  g.iv = t.in[0] * t.in[1] * t.in[2];
  g.ov = t.out[0] * t.out[1] * t.out[2];
  for (int d = 0; d < 3; ++d) {
    g.in[d] = t.in[d];
    g.out[d] = t.out[d];
    g.taps[d] = t.taps[d];
    g.index[d] = base + index[d];
    g.weight[d] = reinterpret_cast<const double*>(base + weight[d]);
    g.start[d] = base + start[d];
    g.readers[d] = base + readers[d];
    g.reader_weight[d] = reinterpret_cast<const double*>(base + reader_weight[d]);
  }
  return {std::move(table), g};
}

template <class T>
__global__ void __launch_bounds__(kBlock) forward_kernel(T* out, const T* x, const Grid g) {
  const int64_t total = g.planes * g.ov, stride = static_cast<int64_t>(gridDim.x) * kBlock;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * kBlock + threadIdx.x; i < total; i += stride) {
    const int64_t r = i % g.ov;
    const int64_t od = r / (g.out[1] * g.out[2]), oh = (r / g.out[2]) % g.out[1], ow = r % g.out[2];
    const T* xp = x + (i / g.ov) * g.iv;
    T sum = 0;
    for (int64_t a = 0; a < g.taps[0]; ++a) {
      const int64_t id = g.index[0][od * g.taps[0] + a];
      const double wd = g.weight[0][od * g.taps[0] + a];
      for (int64_t b = 0; b < g.taps[1]; ++b) {
        const int64_t ih = g.index[1][oh * g.taps[1] + b];
        const double wh = mul_rn(wd, g.weight[1][oh * g.taps[1] + b]);
        for (int64_t c = 0; c < g.taps[2]; ++c) {
          const int64_t iw = g.index[2][ow * g.taps[2] + c];
          const double w = mul_rn(wh, g.weight[2][ow * g.taps[2] + c]);
          sum += mul_rn(static_cast<T>(w), xp[(id * g.in[1] + ih) * g.in[2] + iw]);
        }
      }
    }
    out[i] = sum;
  }
}

// The end of the run of readers from k on that share k's output.
__device__ __forceinline__ int64_t run_end(const int64_t* readers, int64_t k, int64_t end) {
  int64_t e = k + 1;
  while (e < end && readers[e] == readers[k]) ++e;
  return e;
}

// For input x: over outputs od < oh < ow (nested, increasing), then their taps
// (a, b, c) that read x, adding w * gy[o] as the CPU's scatter does in that order.
template <class T>
__global__ void __launch_bounds__(kBlock) backward_kernel(T* gx, const T* gy, const Grid g) {
  const int64_t total = g.planes * g.iv, stride = static_cast<int64_t>(gridDim.x) * kBlock;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * kBlock + threadIdx.x; i < total; i += stride) {
    const int64_t r = i % g.iv;
    const int64_t x0 = r / (g.in[1] * g.in[2]), x1 = (r / g.in[2]) % g.in[1], x2 = r % g.in[2];
    const T* gp = gy + (i / g.iv) * g.ov;
    T sum = 0;
    const int64_t e0 = g.start[0][x0 + 1], e1 = g.start[1][x1 + 1], e2 = g.start[2][x2 + 1];
    for (int64_t k0 = g.start[0][x0]; k0 < e0;) {
      const int64_t r0 = run_end(g.readers[0], k0, e0);
      for (int64_t k1 = g.start[1][x1]; k1 < e1;) {
        const int64_t r1 = run_end(g.readers[1], k1, e1);
        for (int64_t k2 = g.start[2][x2]; k2 < e2;) {
          const int64_t r2 = run_end(g.readers[2], k2, e2);
          const int64_t o = (g.readers[0][k0] * g.out[1] + g.readers[1][k1]) * g.out[2] + g.readers[2][k2];
          for (int64_t a = k0; a < r0; ++a)
            for (int64_t b = k1; b < r1; ++b) {
              const double wh = mul_rn(g.reader_weight[0][a], g.reader_weight[1][b]);
              for (int64_t c = k2; c < r2; ++c) sum += mul_rn(static_cast<T>(mul_rn(wh, g.reader_weight[2][c])), gp[o]);
            }
          k2 = r2;
        }
        k1 = r1;
      }
      k0 = r0;
    }
    gx[i] = sum;
  }
}

}  // namespace

void upsample_forward(const Tensor& out, const Tensor& x, const UpsampleTaps& t) {
  visit_float(x.dtype(), "upsample", [&](auto tag) {
    using T = typename decltype(tag)::type;
    const Uploaded u = upload_grid(t, false);
    const int64_t total = u.grid.planes * u.grid.ov;
    if (total == 0) return;
    forward_kernel<T>
        <<<grid_for(total), kBlock, 0, current_cuda_stream()>>>(out.device_data<T>(), x.device_data<T>(), u.grid);
    check_launch("upsample kernel");
  });
}

void upsample_backward(const Tensor& grad_x, const Tensor& grad_out, const UpsampleTaps& t) {
  visit_float(grad_x.dtype(), "upsample backward", [&](auto tag) {
    using T = typename decltype(tag)::type;
    const Uploaded u = upload_grid(t, true);
    const int64_t total = u.grid.planes * u.grid.iv;
    if (total == 0) return;
    backward_kernel<T><<<grid_for(total), kBlock, 0, current_cuda_stream()>>>(grad_x.device_data<T>(),
                                                                              grad_out.device_data<T>(), u.grid);
    check_launch("upsample backward kernel");
  });
}

}  // namespace ember::cuda
