// Reductions on the device over a ReduceLayout (core/cuda_backend.h).
// Results are the same on every run: each output's elements are cut into
// fixed chunks and tree-reduced in a fixed pattern, with no atomics.
//  - row mode (the innermost reduced dim is dense): a block per output, or
//    per chunk of an output when outputs are too few to fill the GPU, the
//    chunk partials then combined in order by a second kernel;
//  - column mode (otherwise, e.g. sum over dim 0): a thread per output,
//    neighbouring threads reading neighbouring elements.
#include <limits>

#include "../cpu/reduce_kernels.h"
#include "device_loop.cuh"
#include "kernels.h"
#include "scratch.h"

namespace ember::cuda {
namespace {

template <class A>
__device__ __forceinline__ A lowest() {
  if constexpr (std::is_floating_point_v<A>)
    return -A(INFINITY);
  else
    return std::numeric_limits<A>::lowest();
}
template <class A>
__device__ __forceinline__ A highest() {
  if constexpr (std::is_floating_point_v<A>)
    return A(INFINITY);
  else
    return std::numeric_limits<A>::max();
}
template <class A>
__device__ __forceinline__ bool is_nan(A v) {
  if constexpr (std::is_floating_point_v<A>)
    return v != v;
  else
    return false;
}

template <class T>
struct SumR {
  using Acc = cuda::Acc<T>;
  __device__ Acc init() const { return Acc(0); }
  __device__ void fold(Acc& a, T v, int64_t) const { a += Acc(v); }
  __device__ void combine(Acc& a, const Acc& b) const { a += b; }
  __device__ void write(char* const* out, const Acc& a) const { *reinterpret_cast<T*>(out[0]) = T(a); }
};
template <class T>
struct NanSumR : SumR<T> {
  using Acc = cuda::Acc<T>;
  __device__ void fold(Acc& a, T v, int64_t) const {
    if (!is_nan(Acc(v))) a += Acc(v);
  }
};
template <class T>
struct ProdR {
  using Acc = cuda::Acc<T>;
  __device__ Acc init() const { return Acc(1); }
  __device__ void fold(Acc& a, T v, int64_t) const { a = Acc(a * Acc(v)); }
  __device__ void combine(Acc& a, const Acc& b) const { a = Acc(a * b); }
  __device__ void write(char* const* out, const Acc& a) const { *reinterpret_cast<T*>(out[0]) = T(a); }
};
template <class T, bool kMax>
struct ExtremeR {  // NaN wins
  using Acc = cuda::Acc<T>;
  __device__ Acc init() const { return kMax ? lowest<Acc>() : highest<Acc>(); }
  __device__ void fold(Acc& a, T v, int64_t) const { combine(a, Acc(v)); }
  __device__ void combine(Acc& a, const Acc& b) const {
    if (is_nan(a)) return;
    if (is_nan(b) || (kMax ? b > a : b < a)) a = b;
  }
  __device__ void write(char* const* out, const Acc& a) const { *reinterpret_cast<T*>(out[0]) = T(a); }
};
template <class A>
struct ValueIndex {
  A value;
  int64_t index;  // -1: no element yet
};
template <class T, bool kMax>
struct ArgExtremeR {  // ties keep the first index; the first NaN wins
  using Acc = ValueIndex<cuda::Acc<T>>;
  __device__ Acc init() const { return {cuda::Acc<T>(0), -1}; }
  __device__ void fold(Acc& a, T v, int64_t i) const { combine(a, Acc{cuda::Acc<T>(v), i}); }
  __device__ void combine(Acc& a, const Acc& b) const {
    if (b.index < 0) return;
    if (a.index < 0) {
      a = b;
      return;
    }
    const bool an = is_nan(a.value), bn = is_nan(b.value);
    bool take;
    if (an || bn)
      take = an && bn ? b.index < a.index : bn;
    else if (a.value == b.value)
      take = b.index < a.index;
    else
      take = kMax ? b.value > a.value : b.value < a.value;
    if (take) a = b;
  }
  __device__ void write(char* const* out, const Acc& a) const {
    *reinterpret_cast<T*>(out[0]) = T(a.value);
    *reinterpret_cast<int64_t*>(out[1]) = a.index;
  }
};
template <class T, bool kAll>
struct LogicalR {
  using Acc = bool;
  __device__ Acc init() const { return kAll; }
  __device__ void fold(Acc& a, T v, int64_t) const { combine(a, cuda::Acc<T>(v) != cuda::Acc<T>(0)); }
  __device__ void combine(Acc& a, const Acc& b) const { a = kAll ? (a && b) : (a || b); }
  __device__ void write(char* const* out, const Acc& a) const { *reinterpret_cast<bool*>(out[0]) = a; }
};

// Byte offset of reduced element j from the output's input position.
__device__ __forceinline__ int64_t inner_offset(const ReduceLayout& r, int64_t j) {
  if (r.inner_ndim == 1) return j * r.inner_strides[0];
  int64_t off = 0;
  for (int d = 0; d < r.inner_ndim; ++d) {
    off += (j % r.inner_sizes[d]) * r.inner_strides[d];
    j /= r.inner_sizes[d];
  }
  return off;
}

constexpr int kReduceThreads = 256;
constexpr int64_t kChunk = 65536;  // reduced elements per block when outputs are few

template <class T, class R>
__device__ void block_reduce_write(const ReduceLayout& r, const R& red, typename R::Acc acc, int64_t out_index,
                                   typename R::Acc* partial) {
  __shared__ typename R::Acc shared[kReduceThreads];
  shared[threadIdx.x] = acc;
  __syncthreads();
  for (int s = kReduceThreads / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) red.combine(shared[threadIdx.x], shared[threadIdx.x + s]);
    __syncthreads();
  }
  if (threadIdx.x != 0) return;
  if (partial) {
    *partial = shared[0];
    return;
  }
  int64_t off[kMaxOperands];
  layout_offsets(r.outer, out_index, off, r.outer.noperands);
  char* outs[2] = {r.outer.data[0] + off[0], r.n_outputs > 1 ? r.outer.data[1] + off[1] : nullptr};
  red.write(outs, shared[0]);
}

// Block b reduces chunk (b % chunks) of output (b / chunks); with one chunk
// it writes the output, else its partial.
template <class T, class R>
__global__ void __launch_bounds__(kReduceThreads)
    row_kernel(const __grid_constant__ ReduceLayout r, const R red, int64_t chunks, typename R::Acc* partials) {
  const int64_t out_index = blockIdx.x / chunks, chunk = blockIdx.x % chunks;
  int64_t off[kMaxOperands];
  layout_offsets(r.outer, out_index, off, r.outer.noperands);
  const char* in = r.outer.data[r.n_outputs] + off[r.n_outputs];
  const int64_t begin = chunks == 1 ? 0 : chunk * kChunk;
  const int64_t end = chunks == 1 ? r.inner_numel : (begin + kChunk < r.inner_numel ? begin + kChunk : r.inner_numel);
  typename R::Acc acc = red.init();
  if (r.inner_ndim == 1 && r.inner_strides[0] == int64_t(sizeof(T))) {
    // Four independent partials keep four loads in flight; combined in a fixed order.
    const T* p = reinterpret_cast<const T*>(in);
    typename R::Acc part[4] = {red.init(), red.init(), red.init(), red.init()};
    int64_t j = begin + threadIdx.x;
    for (; j + 3 * kReduceThreads < end; j += 4 * kReduceThreads) {
#pragma unroll
      for (int u = 0; u < 4; ++u) red.fold(part[u], p[j + u * kReduceThreads], j + u * kReduceThreads);
    }
    for (; j < end; j += kReduceThreads) red.fold(part[0], p[j], j);
    acc = part[0];
    for (int u = 1; u < 4; ++u) red.combine(acc, part[u]);
  } else {
    for (int64_t j = begin + threadIdx.x; j < end; j += kReduceThreads)
      red.fold(acc, *reinterpret_cast<const T*>(in + inner_offset(r, j)), j);
  }
  block_reduce_write<T, R>(r, red, acc, out_index, chunks == 1 ? nullptr : partials + blockIdx.x);
}

// One thread per output: combines its chunk partials in order.
template <class T, class R>
__global__ void combine_kernel(const __grid_constant__ ReduceLayout r, const R red, int64_t chunks,
                               const typename R::Acc* partials, int64_t n_out) {
  const int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= n_out) return;
  typename R::Acc acc = partials[i * chunks];
  for (int64_t c = 1; c < chunks; ++c) red.combine(acc, partials[i * chunks + c]);
  int64_t off[kMaxOperands];
  layout_offsets(r.outer, i, off, r.outer.noperands);
  char* outs[2] = {r.outer.data[0] + off[0], r.n_outputs > 1 ? r.outer.data[1] + off[1] : nullptr};
  red.write(outs, acc);
}

// Column mode: a block takes kColumnOutputs neighbouring outputs; its rows
// of threads fold every kColumnRows-th reduced element, then the rows'
// partials are combined in order.
constexpr int kColumnOutputs = 32, kColumnRows = 16;

template <class T, class R>
__global__ void __launch_bounds__(kColumnOutputs* kColumnRows)
    column_kernel(const __grid_constant__ ReduceLayout r, const R red, int64_t n_out) {
  __shared__ typename R::Acc shared[kColumnRows][kColumnOutputs];
  const int64_t i = static_cast<int64_t>(blockIdx.x) * kColumnOutputs + threadIdx.x;
  int64_t off[kMaxOperands] = {};
  typename R::Acc acc = red.init();
  if (i < n_out) {
    layout_offsets(r.outer, i, off, r.outer.noperands);
    const char* in = r.outer.data[r.n_outputs] + off[r.n_outputs];
    for (int64_t j = threadIdx.y; j < r.inner_numel; j += kColumnRows)
      red.fold(acc, *reinterpret_cast<const T*>(in + inner_offset(r, j)), j);
  }
  shared[threadIdx.y][threadIdx.x] = acc;
  __syncthreads();
  if (threadIdx.y != 0 || i >= n_out) return;
  for (int y = 1; y < kColumnRows; ++y) red.combine(acc, shared[y][threadIdx.x]);
  char* outs[2] = {r.outer.data[0] + off[0], r.n_outputs > 1 ? r.outer.data[1] + off[1] : nullptr};
  red.write(outs, acc);
}

int sm_count() {
  static const int count = [] {
    int n = 0;
    cudaDeviceGetAttribute(&n, cudaDevAttrMultiProcessorCount, current_device_index());
    return n > 0 ? n : 100;
  }();
  return count;
}

template <class T, class R>
void run(const ReduceLayout& r, const R& red) {
  const int64_t n_out = r.outer.numel;
  const cudaStream_t stream = current_cuda_stream();
  const bool rows = r.inner_ndim >= 1 && r.inner_strides[0] == int64_t(sizeof(T));
  if (!rows && n_out >= 256) {
    const dim3 block(kColumnOutputs, kColumnRows);
    column_kernel<T, R>
        <<<static_cast<unsigned>((n_out + kColumnOutputs - 1) / kColumnOutputs), block, 0, stream>>>(r, red, n_out);
    check_launch("reduction (column) kernel");
    return;
  }
  int64_t chunks = 1;
  if (n_out < 2 * sm_count() && r.inner_numel > kChunk) chunks = (r.inner_numel + kChunk - 1) / kChunk;
  if (chunks == 1) {
    row_kernel<T, R><<<static_cast<unsigned>(n_out), kReduceThreads, 0, stream>>>(r, red, 1, nullptr);
    check_launch("reduction kernel");
    return;
  }
  Scratch scratch(static_cast<size_t>(n_out * chunks) * sizeof(typename R::Acc));
  auto* partials = static_cast<typename R::Acc*>(scratch.data());
  row_kernel<T, R><<<static_cast<unsigned>(n_out * chunks), kReduceThreads, 0, stream>>>(r, red, chunks, partials);
  check_launch("reduction kernel");
  combine_kernel<T, R><<<static_cast<unsigned>((n_out + 127) / 128), 128, 0, stream>>>(r, red, chunks, partials, n_out);
  check_launch("reduction (combine) kernel");
}

}  // namespace

bool reduce(int op_code, DType dtype, const ReduceLayout& layout) {
  using cpu::ReduceOp;
  const auto op = static_cast<ReduceOp>(op_code);
  bool ran = false;
  visit_device_dtype(dtype, [&](auto tag) {
    using T = typename decltype(tag)::type;
    ran = true;
    switch (op) {
      case ReduceOp::Sum: run<T>(layout, SumR<T>{}); break;
      case ReduceOp::NanSum: run<T>(layout, NanSumR<T>{}); break;
      case ReduceOp::Prod: run<T>(layout, ProdR<T>{}); break;
      case ReduceOp::Max: run<T>(layout, ExtremeR<T, true>{}); break;
      case ReduceOp::Min: run<T>(layout, ExtremeR<T, false>{}); break;
      case ReduceOp::ArgMax: run<T>(layout, ArgExtremeR<T, true>{}); break;
      case ReduceOp::ArgMin: run<T>(layout, ArgExtremeR<T, false>{}); break;
      case ReduceOp::All: run<T>(layout, LogicalR<T, true>{}); break;
      case ReduceOp::Any: run<T>(layout, LogicalR<T, false>{}); break;
      default: ran = false;
    }
  });
  return ran;
}

}  // namespace ember::cuda
