// searchsorted on the device: a thread per value, the binary search of
// cpu/search_kernels.cpp (16-bit floats compared as float, NaN on either side
// comparing false, so NaN values and NaN boundaries go to the end alike).
#include "device_loop.cuh"
#include "kernels.h"

namespace ember::cuda {
namespace {

template <class T, class O>
__global__ void __launch_bounds__(kBlock) search_kernel(const T* boundaries, int64_t n, int64_t row_stride,
                                                        const T* values, int64_t m, int64_t total, O* out, bool right) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * kBlock;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * kBlock + threadIdx.x; i < total; i += step) {
    const T* row = boundaries + (i / m) * row_stride;
    const Acc<T> x = static_cast<Acc<T>>(values[i]);
    int64_t lo = 0, hi = n;
    while (lo < hi) {
      const int64_t mid = lo + (hi - lo) / 2;
      const Acc<T> y = static_cast<Acc<T>>(row[mid]);
      if (right ? y > x : y >= x)
        hi = mid;
      else
        lo = mid + 1;
    }
    out[i] = static_cast<O>(lo);
  }
}

}  // namespace

bool search_sorted(DType t, const void* boundaries, int64_t n, int64_t row_stride, const void* values, int64_t m,
                   int64_t rows, void* out, bool out_int32, bool right) {
  return visit_device_dtype(t, [&](auto tag) {
    using T = typename decltype(tag)::type;
    const int64_t total = m * rows;
    if (total == 0) return;
    const auto* b = static_cast<const T*>(boundaries);
    const auto* v = static_cast<const T*>(values);
    const cudaStream_t stream = current_cuda_stream();
    if (out_int32)
      search_kernel<T>
          <<<grid_for(total), kBlock, 0, stream>>>(b, n, row_stride, v, m, total, static_cast<int32_t*>(out), right);
    else
      search_kernel<T>
          <<<grid_for(total), kBlock, 0, stream>>>(b, n, row_stride, v, m, total, static_cast<int64_t*>(out), right);
    check_launch("searchsorted kernel");
  });
}

}  // namespace ember::cuda
