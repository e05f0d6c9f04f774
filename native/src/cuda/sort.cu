// sort on the device: each row is a segment of CUB's stable segmented radix
// sort. Elements become unsigned keys whose order is PyTorch's (NaN above
// +inf, -0.0 equal to +0.0, signed integers by value), sorted with their
// positions in the row; the values are then read back from the input at those
// positions, so -0.0 and NaN payloads come out as they went in.
#include <cub/device/device_segmented_sort.cuh>

#include "device_loop.cuh"
#include "kernels.h"
#include "scratch.h"

namespace ember::cuda {
namespace {

template <class U>
__device__ __forceinline__ U flip_float(U bits, bool nan) {
  constexpr U kSign = U(1) << (sizeof(U) * 8 - 1);
  if (nan) return ~U(0);               // every NaN above +inf, which maps below ~0
  if ((bits & ~kSign) == 0) bits = 0;  // -0.0 sorts with +0.0 (its position keeps ties stable)
  return (bits & kSign) ? U(~bits) : U(bits | kSign);
}

// The unsigned key of one element, ordered as the value is.
template <class T>
struct KeyOf;
template <>
struct KeyOf<bool> {
  using type = uint8_t;
  __device__ static uint8_t of(bool v) { return v; }
};
template <>
struct KeyOf<uint8_t> {
  using type = uint8_t;
  __device__ static uint8_t of(uint8_t v) { return v; }
};
template <class S, class U>
struct SignedKey {
  using type = U;
  __device__ static U of(S v) { return static_cast<U>(v) ^ (U(1) << (sizeof(U) * 8 - 1)); }
};
template <>
struct KeyOf<int8_t> : SignedKey<int8_t, uint8_t> {};
template <>
struct KeyOf<int16_t> : SignedKey<int16_t, uint16_t> {};
template <>
struct KeyOf<int32_t> : SignedKey<int32_t, uint32_t> {};
template <>
struct KeyOf<int64_t> : SignedKey<int64_t, uint64_t> {};
template <>
struct KeyOf<__half> {
  using type = uint16_t;
  __device__ static uint16_t of(__half v) {
    const uint16_t b = __half_as_ushort(v);
    return flip_float<uint16_t>(b, (b & 0x7fff) > 0x7c00);
  }
};
template <>
struct KeyOf<__nv_bfloat16> {
  using type = uint16_t;
  __device__ static uint16_t of(__nv_bfloat16 v) {
    const uint16_t b = __bfloat16_as_ushort(v);
    return flip_float<uint16_t>(b, (b & 0x7fff) > 0x7f80);
  }
};
template <>
struct KeyOf<float> {
  using type = uint32_t;
  __device__ static uint32_t of(float v) {
    const uint32_t b = __float_as_uint(v);
    return flip_float<uint32_t>(b, (b & 0x7fffffffu) > 0x7f800000u);
  }
};
template <>
struct KeyOf<double> {
  using type = uint64_t;
  __device__ static uint64_t of(double v) {
    const uint64_t b = static_cast<uint64_t>(__double_as_longlong(v));
    return flip_float<uint64_t>(b, (b & 0x7fffffffffffffffull) > 0x7ff0000000000000ull);
  }
};

// keys[i] and the element's position in its row; offsets[r] = r * n.
template <class T>
__global__ void __launch_bounds__(kBlock) make_keys(typename KeyOf<T>::type* keys, int64_t* positions, int64_t* offsets,
                                                    const T* in, int64_t total, int64_t rows, int64_t n) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * kBlock;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * kBlock + threadIdx.x; i < total; i += step) {
    keys[i] = KeyOf<T>::of(in[i]);
    positions[i] = i % n;
  }
  for (int64_t r = static_cast<int64_t>(blockIdx.x) * kBlock + threadIdx.x; r <= rows; r += step) offsets[r] = r * n;
}

template <class T>
__global__ void __launch_bounds__(kBlock)
    gather_values(T* values, const int64_t* indices, const T* in, int64_t total, int64_t n) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * kBlock;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * kBlock + threadIdx.x; i < total; i += step)
    values[i] = in[(i / n) * n + indices[i]];
}

template <class T>
void sort_rows(T* values, int64_t* indices, const T* in, int64_t rows, int64_t n, bool descending) {
  using K = typename KeyOf<T>::type;
  const int64_t total = rows * n;
  const cudaStream_t stream = current_cuda_stream();
  Scratch keys_in(total * sizeof(K)), keys_out(total * sizeof(K)), positions(total * sizeof(int64_t)),
      offsets((rows + 1) * sizeof(int64_t));
  auto* k_in = static_cast<K*>(keys_in.data());
  auto* k_out = static_cast<K*>(keys_out.data());
  auto* pos = static_cast<int64_t*>(positions.data());
  auto* off = static_cast<int64_t*>(offsets.data());
  make_keys<T><<<grid_for(std::max(total, rows + 1)), kBlock, 0, stream>>>(k_in, pos, off, in, total, rows, n);
  check_launch("sort keys kernel");
  // CUB's two-phase call: the first sizes its temporary storage.
  auto run = [&](void* temp, size_t& bytes) {
    return descending ? cub::DeviceSegmentedSort::StableSortPairsDescending(temp, bytes, k_in, k_out, pos, indices,
                                                                            total, rows, off, off + 1, stream)
                      : cub::DeviceSegmentedSort::StableSortPairs(temp, bytes, k_in, k_out, pos, indices, total, rows,
                                                                  off, off + 1, stream);
  };
  size_t bytes = 0;
  check(run(nullptr, bytes), "sort (sizing CUB's storage)");
  Scratch temp(std::max<size_t>(bytes, 1));
  check(run(temp.data(), bytes), "sort");
  gather_values<T><<<grid_for(total), kBlock, 0, stream>>>(values, indices, in, total, n);
  check_launch("sort gather kernel");
}

}  // namespace

bool sort(void* values, int64_t* indices, const void* in, int64_t rows, int64_t n, DType dtype, bool descending) {
  return visit_device_dtype(dtype, [&](auto tag) {
    using T = typename decltype(tag)::type;
    if (rows > 0 && n > 0)
      sort_rows<T>(static_cast<T*>(values), indices, static_cast<const T*>(in), rows, n, descending);
  });
}

}  // namespace ember::cuda
