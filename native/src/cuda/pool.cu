// Pooling on the device with cpu/pool_kernels.h's contracts: a thread per
// output (forward) visits its window's taps in the CPU's order, so maxima,
// their indices (NaN wins, the last one) and window sums come out as the CPU's.
// The avg pool gradient is gathered: a thread per input sums the shares of
// the windows holding it in increasing output order, as the CPU adds them
// (the same roundings, no atomics). The max pool gradient knows only the
// indices, so it scatters with atomicAdd as PyTorch does.
#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

#include "device_loop.cuh"
#include "kernels.h"
#include "scratch.h"

namespace ember::cuda {
namespace {

using cpu::PoolWindows;

// PoolWindows for device code: its tables in one uploaded block. first/last
// (avg gradient): per dim and input index, the outputs whose windows may hold
// it, [first, last); divisor: per output.
struct Grid {
  int64_t planes, iv, ov;
  int64_t in[3], out[3], step[3];
  const int64_t *lo[3], *hi[3], *first[3], *last[3];
  const double* divisor;
};

struct Uploaded {
  Scratch table;
  Grid grid;
};

// The host tables packed as 8-byte words (divisors bit-copied) and copied to the device.
Uploaded upload_grid(const PoolWindows& w, bool gradient) {
  std::vector<int64_t> words;
  size_t lo[3], hi[3], first[3], last[3], divisor = 0;
  for (int d = 0; d < 3; ++d) {
    lo[d] = words.size();
    words.insert(words.end(), w.lo[d].begin(), w.lo[d].end());
    hi[d] = words.size();
    words.insert(words.end(), w.hi[d].begin(), w.hi[d].end());
    first[d] = words.size();
    last[d] = first[d] + (gradient ? w.in[d] : 0);
    if (!gradient) continue;
    words.resize(last[d] + w.in[d]);
    int64_t* f = words.data() + first[d];
    int64_t* l = words.data() + last[d];
    std::fill(f, f + w.in[d], w.out[d]);
    std::fill(l, l + w.in[d], int64_t{0});
    for (int64_t o = 0; o < w.out[d]; ++o)
      for (int64_t x = w.lo[d][o]; x < w.hi[d][o]; x += w.step[d]) {
        f[x] = std::min(f[x], o);
        l[x] = std::max(l[x], o + 1);
      }
  }
  if (!w.divisor.empty()) {
    divisor = words.size();
    words.resize(divisor + w.divisor.size());
    std::memcpy(words.data() + divisor, w.divisor.data(), w.divisor.size() * sizeof(double));
  }
  Scratch table = upload(words.data(), words.size() * sizeof(int64_t));
  const auto* base = static_cast<const int64_t*>(table.data());
  Grid g{};
  g.planes = w.planes;
  g.iv = w.in[0] * w.in[1] * w.in[2];
  g.ov = w.out[0] * w.out[1] * w.out[2];
  for (int d = 0; d < 3; ++d) {
    g.in[d] = w.in[d];
    g.out[d] = w.out[d];
    g.step[d] = w.step[d];
    g.lo[d] = base + lo[d];
    g.hi[d] = base + hi[d];
    g.first[d] = base + first[d];
    g.last[d] = base + last[d];
  }
  g.divisor = reinterpret_cast<const double*>(base + divisor);
  return {std::move(table), g};
}

// Output i's plane and (od, oh, ow).
__device__ __forceinline__ void output_at(const Grid& g, int64_t i, int64_t& p, int64_t o[3]) {
  p = i / g.ov;
  int64_t r = i % g.ov;
  o[2] = r % g.out[2];
  r /= g.out[2];
  o[1] = r % g.out[1];
  o[0] = r / g.out[1];
}

template <class T>
__global__ void __launch_bounds__(kBlock) max_forward_kernel(T* out, int64_t* idx, const T* x, const Grid g) {
  const int64_t total = g.planes * g.ov, stride = static_cast<int64_t>(gridDim.x) * kBlock;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * kBlock + threadIdx.x; i < total; i += stride) {
    int64_t p, o[3];
    output_at(g, i, p, o);
    const T* xp = x + p * g.iv;
    // From -inf (the lowest integer) at the window's start, as the CPU: a
    // window of padding alone (dilation can step over the input) gives those.
    T best =
        std::numeric_limits<T>::has_infinity ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::lowest();
    int64_t where = (g.lo[0][o[0]] * g.in[1] + g.lo[1][o[1]]) * g.in[2] + g.lo[2][o[2]];
    for (int64_t id = g.lo[0][o[0]]; id < g.hi[0][o[0]]; id += g.step[0])
      for (int64_t ih = g.lo[1][o[1]]; ih < g.hi[1][o[1]]; ih += g.step[1])
        for (int64_t iw = g.lo[2][o[2]]; iw < g.hi[2][o[2]]; iw += g.step[2]) {
          const int64_t at = (id * g.in[1] + ih) * g.in[2] + iw;
          const T v = xp[at];
          if (v > best || v != v) {  // NaN wins (the last one)
            best = v;
            where = at;
          }
        }
    out[i] = best;
    idx[i] = where;
  }
}

template <class T>
__global__ void __launch_bounds__(kBlock)
    max_backward_kernel(T* gx, const T* gy, const int64_t* idx, int64_t total, int64_t iv, int64_t ov) {
  const int64_t stride = static_cast<int64_t>(gridDim.x) * kBlock;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * kBlock + threadIdx.x; i < total; i += stride)
    atomicAdd(gx + (i / ov) * iv + idx[i], gy[i]);
}

template <class T>
__global__ void __launch_bounds__(kBlock) avg_forward_kernel(T* out, const T* x, const Grid g) {
  const int64_t total = g.planes * g.ov, stride = static_cast<int64_t>(gridDim.x) * kBlock;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * kBlock + threadIdx.x; i < total; i += stride) {
    int64_t p, o[3];
    output_at(g, i, p, o);
    const T* xp = x + p * g.iv;
    T sum = 0;
    for (int64_t id = g.lo[0][o[0]]; id < g.hi[0][o[0]]; id += g.step[0])
      for (int64_t ih = g.lo[1][o[1]]; ih < g.hi[1][o[1]]; ih += g.step[1])
        for (int64_t iw = g.lo[2][o[2]]; iw < g.hi[2][o[2]]; iw += g.step[2])
          sum += xp[(id * g.in[1] + ih) * g.in[2] + iw];
    out[i] = sum / static_cast<T>(g.divisor[i % g.ov]);
  }
}

// Whether output index o's window along dim d has a tap at x.
__device__ __forceinline__ bool holds(const Grid& g, int d, int64_t o, int64_t x) {
  const int64_t lo = g.lo[d][o];
  return x >= lo && x < g.hi[d][o] && (x - lo) % g.step[d] == 0;
}

template <class T>
__global__ void __launch_bounds__(kBlock) avg_backward_kernel(T* gx, const T* gy, const Grid g) {
  const int64_t total = g.planes * g.iv, stride = static_cast<int64_t>(gridDim.x) * kBlock;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * kBlock + threadIdx.x; i < total; i += stride) {
    const int64_t p = i / g.iv, r = i % g.iv;
    const int64_t x[3] = {r / (g.in[1] * g.in[2]), (r / g.in[2]) % g.in[1], r % g.in[2]};
    const T* gp = gy + p * g.ov;
    T sum = 0;
    for (int64_t od = g.first[0][x[0]]; od < g.last[0][x[0]]; ++od) {
      if (!holds(g, 0, od, x[0])) continue;
      for (int64_t oh = g.first[1][x[1]]; oh < g.last[1][x[1]]; ++oh) {
        if (!holds(g, 1, oh, x[1])) continue;
        for (int64_t ow = g.first[2][x[2]]; ow < g.last[2][x[2]]; ++ow) {
          if (!holds(g, 2, ow, x[2])) continue;
          const int64_t o = (od * g.out[1] + oh) * g.out[2] + ow;
          sum += gp[o] / static_cast<T>(g.divisor[o]);
        }
      }
    }
    gx[i] = sum;
  }
}

}  // namespace

void max_pool_forward(const Tensor& out, const Tensor& indices, const Tensor& x, const PoolWindows& w) {
  const DType t = x.dtype();
  EMBER_CHECK(t != DType::Bool && t != DType::Float16 && t != DType::BFloat16 && !is_complex(t), NotImplemented,
              "max_pool: no CUDA kernel for ", name(t));
  visit_device_dtype(t, [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
      const Uploaded u = upload_grid(w, false);
      const Grid& g = u.grid;
      const int64_t total = g.planes * g.ov;
      if (total == 0) return;
      max_forward_kernel<T><<<grid_for(total), kBlock, 0, current_cuda_stream()>>>(
          out.device_data<T>(), indices.device_data<int64_t>(), x.device_data<T>(), g);
      check_launch("max_pool kernel");
    }
  });
}

void max_pool_backward(const Tensor& grad_x, const Tensor& grad_out, const Tensor& indices) {
  visit_float(grad_x.dtype(), "max_pool backward", [&](auto tag) {
    using T = typename decltype(tag)::type;
    const int64_t planes = grad_x.size(0), iv = grad_x.numel() / std::max<int64_t>(planes, 1);
    const int64_t ov = grad_out.numel() / std::max<int64_t>(planes, 1), total = grad_out.numel();
    const cudaStream_t stream = current_cuda_stream();
    check(cudaMemsetAsync(grad_x.device_data<T>(), 0, grad_x.numel() * sizeof(T), stream), "max_pool backward");
    if (total == 0) return;
    max_backward_kernel<T><<<grid_for(total), kBlock, 0, stream>>>(grad_x.device_data<T>(), grad_out.device_data<T>(),
                                                                   indices.device_data<int64_t>(), total, iv, ov);
    check_launch("max_pool backward kernel");
  });
}

void avg_pool_forward(const Tensor& out, const Tensor& x, const PoolWindows& w) {
  visit_float(x.dtype(), "avg_pool", [&](auto tag) {
    using T = typename decltype(tag)::type;
    const Uploaded u = upload_grid(w, false);
    const Grid& g = u.grid;
    const int64_t total = g.planes * g.ov;
    if (total == 0) return;
    avg_forward_kernel<T>
        <<<grid_for(total), kBlock, 0, current_cuda_stream()>>>(out.device_data<T>(), x.device_data<T>(), g);
    check_launch("avg_pool kernel");
  });
}

void avg_pool_backward(const Tensor& grad_x, const Tensor& grad_out, const PoolWindows& w) {
  visit_float(grad_x.dtype(), "avg_pool backward", [&](auto tag) {
    using T = typename decltype(tag)::type;
    const Uploaded u = upload_grid(w, true);
    const Grid& g = u.grid;
    const int64_t total = g.planes * g.iv;
    if (total == 0) return;
    avg_backward_kernel<T>
        <<<grid_for(total), kBlock, 0, current_cuda_stream()>>>(grad_x.device_data<T>(), grad_out.device_data<T>(), g);
    check_launch("avg_pool backward kernel");
  });
}

}  // namespace ember::cuda
