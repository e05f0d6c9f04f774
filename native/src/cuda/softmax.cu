// softmax and log_softmax over rows of n contiguous elements: a block per
// row, max then sum of exp(x - max) then the write, in the math type.
#include "device_loop.cuh"
#include "kernels.h"

namespace ember::cuda {
namespace {

constexpr int kThreads = 256;

template <class A, class Op>
__device__ __forceinline__ A block_all_reduce(A v, Op op, A* shared) {
  for (int s = 16; s > 0; s >>= 1) v = op(v, __shfl_xor_sync(0xffffffffu, v, s));
  const int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
  if (lane == 0) shared[warp] = v;
  __syncthreads();
  v = shared[0];
  for (int w = 1; w < kThreads / 32; ++w) v = op(v, shared[w]);
  __syncthreads();
  return v;
}

template <class T>
__global__ void __launch_bounds__(kThreads) softmax_kernel(T* out, const T* in, int64_t n, bool log_form) {
  using A = Acc<T>;
  __shared__ A shared[kThreads / 32];
  const T* row = in + static_cast<int64_t>(blockIdx.x) * n;
  T* dst = out + static_cast<int64_t>(blockIdx.x) * n;
  A m = -A(INFINITY);
  for (int64_t j = threadIdx.x; j < n; j += kThreads) {
    const A v = A(row[j]);
    m = (v != v || v > m) ? v : m;
  }
  m = block_all_reduce(m, [](A a, A b) { return (a != a || a > b) ? a : b; }, shared);
  A sum = 0;
  for (int64_t j = threadIdx.x; j < n; j += kThreads) sum += exp(A(row[j]) - m);
  sum = block_all_reduce(sum, [](A a, A b) { return a + b; }, shared);
  if (log_form) {
    const A shift = m + log(sum);
    for (int64_t j = threadIdx.x; j < n; j += kThreads) dst[j] = T(A(row[j]) - shift);
  } else {
    const A scale = A(1) / sum;
    for (int64_t j = threadIdx.x; j < n; j += kThreads) dst[j] = T(exp(A(row[j]) - m) * scale);
  }
}

}  // namespace

bool softmax(void* out, const void* in, int64_t rows, int64_t n, DType dtype, bool log) {
  bool ran = false;
  visit_device_dtype(dtype, [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (kFloating<T>) {
      ran = true;
      softmax_kernel<T><<<static_cast<unsigned>(rows), kThreads, 0, current_cuda_stream()>>>(
          static_cast<T*>(out), static_cast<const T*>(in), n, log);
      check_launch("softmax kernel");
    }
  });
  return ran;
}

}  // namespace ember::cuda
