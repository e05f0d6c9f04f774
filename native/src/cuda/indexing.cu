// Indexing kernels on the device: the CUDA forms of cpu/indexing.h's gather,
// scatter and index combining. Indices arrive checked (ops/index_dispatch.cpp
// checks their range first, so a bad index raises an IndexError rather than
// faulting); negative ones wrap here. Accumulating scatters use atomics, so
// float sums over duplicate indices may round differently run to run, as in
// PyTorch without use_deterministic_algorithms.
#include "../cpu/indexing.h"
#include "device_loop.cuh"
#include "kernels.h"

namespace ember::cuda {
namespace {

struct alignas(16) Bytes16 {
  unsigned long long lo, hi;
};

template <class F>
void visit_width(int64_t width, F&& f) {
  switch (width) {
    case 1: return f(std::type_identity<uint8_t>{});
    case 2: return f(std::type_identity<uint16_t>{});
    case 4: return f(std::type_identity<uint32_t>{});
    case 8: return f(std::type_identity<uint64_t>{});
    default: return f(std::type_identity<Bytes16>{});
  }
}

template <class F>
void visit_index(DType t, F&& f) {
  if (t == DType::Int32) return f(std::type_identity<int32_t>{});
  f(std::type_identity<int64_t>{});
}

template <class I>
__device__ __forceinline__ int64_t wrapped(I raw, int64_t size) {
  const int64_t v = raw;
  return (size >= 0 && v < 0) ? v + size : v;
}

template <class W, class I>
__global__ void gather_kernel(const __grid_constant__ LaunchLayout l, int64_t size, int64_t step) {
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < l.numel; i += stride) {
    int64_t off[3];
    layout_offsets(l, i, off, 3);
    const int64_t v = wrapped(load<I>(l, 2, off[2]), size);
    *reinterpret_cast<W*>(l.data[0] + off[0]) = *reinterpret_cast<const W*>(l.data[1] + off[1] + v * step);
  }
}

template <class I>
__global__ void combine_kernel(const __grid_constant__ LaunchLayout l, int64_t size, int64_t stride_elems) {
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < l.numel; i += stride) {
    int64_t off[3];
    layout_offsets(l, i, off, 3);
    *reinterpret_cast<int64_t*>(l.data[0] + off[0]) += wrapped(load<I>(l, 1, off[1]), size) * stride_elems;
  }
}

// new = f(old) on *addr atomically, for any element of 1, 2, 4 or 8 bytes
// (the smaller ones through a compare-and-swap on their aligned 32-bit word).
template <class T, class F>
__device__ void atomic_update(T* addr, F f) {
  if constexpr (sizeof(T) == 8) {
    auto* word = reinterpret_cast<unsigned long long*>(addr);
    unsigned long long old = *word, assumed;
    do {
      assumed = old;
      T value;
      memcpy(&value, &assumed, 8);
      const T next = f(value);
      unsigned long long bits;
      memcpy(&bits, &next, 8);
      old = atomicCAS(word, assumed, bits);
    } while (old != assumed);
  } else {
    const uintptr_t a = reinterpret_cast<uintptr_t>(addr);
    auto* word = reinterpret_cast<unsigned int*>(a & ~uintptr_t(3));
    const unsigned shift = (a & 3) * 8;
    const unsigned mask = sizeof(T) == 4 ? 0xffffffffu : ((1u << (sizeof(T) * 8)) - 1) << shift;
    unsigned old = *word, assumed;
    do {
      assumed = old;
      const unsigned part = sizeof(T) == 4 ? assumed : (assumed & mask) >> shift;
      T value;
      memcpy(&value, &part, sizeof(T));
      const T next = f(value);
      unsigned bits = 0;
      memcpy(&bits, &next, sizeof(T));
      const unsigned merged = sizeof(T) == 4 ? bits : ((assumed & ~mask) | (bits << shift));
      old = atomicCAS(word, assumed, merged);
    } while (old != assumed);
  }
}

template <class T>
__device__ __forceinline__ T combine(T d, T s, cpu::ScatterOp op) {
  using A = Acc<T>;
  if constexpr (std::is_same_v<T, bool>) {
    return (op == cpu::ScatterOp::Add || op == cpu::ScatterOp::Max) ? (d || s) : (d && s);
  } else {
    const A a = A(d), b = A(s);
    switch (op) {
      case cpu::ScatterOp::Add: return T(a + b);
      case cpu::ScatterOp::Mul: return T(a * b);
      case cpu::ScatterOp::Max: return (b > a || b != b) ? s : d;  // NaN propagates
      case cpu::ScatterOp::Min: return (b < a || b != b) ? s : d;
      default: return s;
    }
  }
}

template <class T>
__device__ __forceinline__ void scatter_one(T* dst, T value, cpu::ScatterOp op) {
  if (op == cpu::ScatterOp::Assign) {
    *dst = value;
    return;
  }
  if constexpr (kComplex<T>) {  // Add only (index_scatter): part by part
    auto* parts = reinterpret_cast<typename T::value_type*>(dst);
    atomicAdd(parts, value.real());
    atomicAdd(parts + 1, value.imag());
  } else {
    if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double> || std::is_same_v<T, int32_t> ||
                  std::is_same_v<T, __half> || std::is_same_v<T, __nv_bfloat16>) {
      if (op == cpu::ScatterOp::Add) {
        atomicAdd(dst, value);
        return;
      }
    }
    atomic_update(dst, [&](T old) { return combine(old, value, op); });
  }
}

template <class T, class I>
__global__ void scatter_kernel(const __grid_constant__ LaunchLayout l, int64_t size, int64_t step, cpu::ScatterOp op) {
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < l.numel; i += stride) {
    int64_t off[3];
    layout_offsets(l, i, off, 3);
    const int64_t v = wrapped(load<I>(l, 2, off[2]), size);
    scatter_one(reinterpret_cast<T*>(l.data[0] + off[0] + v * step), load<T>(l, 1, off[1]), op);
  }
}

}  // namespace

void index_gather(const LaunchLayout& l, int64_t item, DType index_dtype, int64_t size, int64_t step) {
  if (l.numel == 0) return;
  visit_width(item, [&](auto width) {
    using W = typename decltype(width)::type;
    visit_index(index_dtype, [&](auto index) {
      using I = typename decltype(index)::type;
      gather_kernel<W, I><<<grid_for(l.numel), 256, 0, current_cuda_stream()>>>(l, size, step);
    });
  });
  check_launch("gather kernel");
}

bool index_scatter(const LaunchLayout& l, DType dtype, DType index_dtype, int64_t size, int64_t step, int op) {
  if (l.numel == 0) return true;
  const bool known = visit_device_dtype(dtype, [&](auto tag) {
    using T = typename decltype(tag)::type;
    visit_index(index_dtype, [&](auto index) {
      using I = typename decltype(index)::type;
      scatter_kernel<T, I>
          <<<grid_for(l.numel), 256, 0, current_cuda_stream()>>>(l, size, step, static_cast<cpu::ScatterOp>(op));
    });
  });
  // Complex: assignments and sums; a product or extreme has no complex atomic.
  const bool complex_known = (op == int(cpu::ScatterOp::Assign) || op == int(cpu::ScatterOp::Add)) &&
                             visit_complex_dtype(dtype, [&](auto tag) {
                               using T = typename decltype(tag)::type;
                               visit_index(index_dtype, [&](auto index) {
                                 using I = typename decltype(index)::type;
                                 scatter_kernel<T, I><<<grid_for(l.numel), 256, 0, current_cuda_stream()>>>(
                                     l, size, step, static_cast<cpu::ScatterOp>(op));
                               });
                             });
  if (known || complex_known) check_launch("scatter kernel");
  return known || complex_known;
}

void combine_indices(const LaunchLayout& l, DType index_dtype, int64_t size, int64_t stride_elems) {
  if (l.numel == 0) return;
  visit_index(index_dtype, [&](auto index) {
    using I = typename decltype(index)::type;
    combine_kernel<I><<<grid_for(l.numel), 256, 0, current_cuda_stream()>>>(l, size, stride_elems);
  });
  check_launch("index combining kernel");
}

}  // namespace ember::cuda
