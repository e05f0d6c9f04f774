// Reductions on the device over a ReduceLayout (core/cuda_backend.h).
// Results are the same on every run: each output's elements are cut into
// fixed chunks and tree-reduced in a fixed pattern, with no atomics.
//  - row mode (the innermost reduced dim is dense): a block per output, or
//    per chunk of an output when outputs are too few to fill the GPU, the
//    chunk partials then combined in order by a second kernel; dense rows
//    are read 16 bytes at a time;
//  - column mode (otherwise, e.g. sum over dim 0): a thread per output,
//    neighbouring threads reading neighbouring elements, the reduced
//    elements cut into chunks (combined as above) when outputs are few.
#include <algorithm>
#include <cstring>
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

// Complex sums and products accumulate in two plain parts: a __shared__
// array can't hold libcu++'s complex (it has a constructor), and two words
// shuffle like any other accumulator. Products multiply as complex numbers.
template <class R>
struct ComplexParts {
  R re, im;
};
template <class T>
struct ComplexSumR {  // nansum too: the CPU's is_nan is false for complex
  using R = typename T::value_type;
  using Acc = ComplexParts<R>;
  __device__ Acc init() const { return {R(0), R(0)}; }
  __device__ void fold(Acc& a, T v, int64_t) const { combine(a, Acc{v.real(), v.imag()}); }
  __device__ void combine(Acc& a, const Acc& b) const {
    a.re += b.re;
    a.im += b.im;
  }
  __device__ void write(char* const* out, const Acc& a) const { *reinterpret_cast<T*>(out[0]) = T(a.re, a.im); }
};
template <class T>
struct ComplexProdR {
  using R = typename T::value_type;
  using Acc = ComplexParts<R>;
  __device__ Acc init() const { return {R(1), R(0)}; }
  __device__ void fold(Acc& a, T v, int64_t) const { combine(a, Acc{v.real(), v.imag()}); }
  __device__ void combine(Acc& a, const Acc& b) const {
    const T p = T(a.re, a.im) * T(b.re, b.im);
    a = {p.real(), p.imag()};
  }
  __device__ void write(char* const* out, const Acc& a) const { *reinterpret_cast<T*>(out[0]) = T(a.re, a.im); }
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

constexpr int kReduceThreads = 256, kWarps = kReduceThreads / 32;
constexpr int64_t kChunk = 65536;  // reduced elements per block when outputs are few

// v of the lane `delta` above (any trivially copyable accumulator, word by word).
template <class V>
__device__ __forceinline__ V shuffle_down(const V& v, unsigned delta) {
  if constexpr (sizeof(V) < sizeof(int)) {
    return V(__shfl_down_sync(0xffffffffu, int(v), delta));
  } else {
    static_assert(sizeof(V) % sizeof(int) == 0, "accumulators are whole words");
    int words[sizeof(V) / sizeof(int)];
    memcpy(words, &v, sizeof(V));
#pragma unroll
    for (auto& w : words) w = __shfl_down_sync(0xffffffffu, w, delta);
    V out;
    memcpy(&out, words, sizeof(V));
    return out;
  }
}

// The block's accumulators combined in a fixed tree (warps by shuffles, then
// the warps' results by warp 0); the result is thread 0's.
template <class R>
__device__ typename R::Acc block_reduce(const R& red, typename R::Acc acc) {
  __shared__ typename R::Acc warp_acc[kWarps];
  const int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
#pragma unroll
  for (unsigned s = 16; s > 0; s >>= 1) red.combine(acc, shuffle_down(acc, s));
  if (lane == 0) warp_acc[warp] = acc;
  __syncthreads();
  if (warp != 0) return acc;
  acc = lane < kWarps ? warp_acc[lane] : red.init();
#pragma unroll
  for (unsigned s = kWarps / 2; s > 0; s >>= 1) red.combine(acc, shuffle_down(acc, s));
  return acc;
}

template <class R>
__device__ __forceinline__ void write_output(const ReduceLayout& r, const R& red, const typename R::Acc& acc,
                                             int64_t out_index) {
  int64_t off[kMaxOperands];
  layout_offsets(r.outer, out_index, off, r.outer.noperands);
  char* outs[2] = {r.outer.data[0] + off[0], r.n_outputs > 1 ? r.outer.data[1] + off[1] : nullptr};
  red.write(outs, acc);
}

// Folds dense elements [begin, end) of p, the block's threads taking turns:
// 16-byte loads (four in flight per thread) once p + j is aligned, single
// elements for the unaligned head and the tail. Indices are p's.
template <class T, class R>
__device__ typename R::Acc fold_dense(const R& red, const T* p, int64_t begin, int64_t end) {
  constexpr int64_t kVec = 16 / sizeof(T);
  const int64_t misalign = static_cast<int64_t>(reinterpret_cast<uintptr_t>(p + begin) % 16) / sizeof(T);
  const int64_t head_end = misalign == 0 ? begin : (begin + kVec - misalign < end ? begin + kVec - misalign : end);
  const int64_t nvec = (end - head_end) / kVec, body_end = head_end + nvec * kVec;
  const uint4* vp = reinterpret_cast<const uint4*>(p + head_end);
  typename R::Acc part[4] = {red.init(), red.init(), red.init(), red.init()};
  for (int64_t j = begin + threadIdx.x; j < head_end; j += kReduceThreads) red.fold(part[0], p[j], j);
  auto fold_vector = [&](typename R::Acc& a, const uint4& w, int64_t v) {
    T e[kVec];
    memcpy(e, &w, sizeof(w));
#pragma unroll
    for (int k = 0; k < kVec; ++k) red.fold(a, e[k], head_end + v * kVec + k);
  };
  int64_t v = threadIdx.x;
  for (; v + 3 * kReduceThreads < nvec; v += 4 * kReduceThreads) {
    uint4 w[4];
#pragma unroll
    for (int u = 0; u < 4; ++u) w[u] = vp[v + u * kReduceThreads];
#pragma unroll
    for (int u = 0; u < 4; ++u) fold_vector(part[u], w[u], v + u * kReduceThreads);
  }
  for (; v < nvec; v += kReduceThreads) fold_vector(part[1], vp[v], v);
  for (int64_t j = body_end + threadIdx.x; j < end; j += kReduceThreads) red.fold(part[2], p[j], j);
  typename R::Acc acc = part[0];
  for (int u = 1; u < 4; ++u) red.combine(acc, part[u]);
  return acc;
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
    acc = fold_dense<T>(red, reinterpret_cast<const T*>(in), begin, end);
  } else {
    for (int64_t j = begin + threadIdx.x; j < end; j += kReduceThreads)
      red.fold(acc, *reinterpret_cast<const T*>(in + inner_offset(r, j)), j);
  }
  acc = block_reduce(red, acc);
  if (threadIdx.x != 0) return;
  if (chunks == 1)
    write_output(r, red, acc, out_index);
  else
    partials[blockIdx.x] = acc;
}

// Output i's chunk partials (partials[i * chunks + c]) combined in order, a
// thread per output: for few chunks each.
template <class T, class R>
__global__ void combine_kernel(const __grid_constant__ ReduceLayout r, const R red, int64_t chunks,
                               const typename R::Acc* partials, int64_t n_out) {
  const int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= n_out) return;
  typename R::Acc acc = partials[i * chunks];
  for (int64_t c = 1; c < chunks; ++c) red.combine(acc, partials[i * chunks + c]);
  write_output(r, red, acc, i);
}

// The same, a block per output: for many chunks each (a whole-tensor sum).
template <class T, class R>
__global__ void __launch_bounds__(kReduceThreads)
    combine_block_kernel(const __grid_constant__ ReduceLayout r, const R red, int64_t chunks,
                         const typename R::Acc* partials) {
  const int64_t i = blockIdx.x;
  typename R::Acc acc = red.init();
  for (int64_t c = threadIdx.x; c < chunks; c += kReduceThreads) red.combine(acc, partials[i * chunks + c]);
  acc = block_reduce(red, acc);
  if (threadIdx.x == 0) write_output(r, red, acc, i);
}

// Column mode: block (x, y) takes kColumnOutputs neighbouring outputs over
// chunk y of the reduced elements; its rows of threads fold every
// kColumnRows-th element, then the rows' partials are combined in order into
// the output (one chunk) or the chunk's partial.
constexpr int kColumnOutputs = 32, kColumnRows = 16;

template <class T, class R>
__global__ void __launch_bounds__(kColumnOutputs* kColumnRows)
    column_kernel(const __grid_constant__ ReduceLayout r, const R red, int64_t n_out, int64_t chunk_rows,
                  typename R::Acc* partials) {
  __shared__ typename R::Acc shared[kColumnRows][kColumnOutputs];
  const int64_t i = static_cast<int64_t>(blockIdx.x) * kColumnOutputs + threadIdx.x;
  const int64_t begin = static_cast<int64_t>(blockIdx.y) * chunk_rows;
  const int64_t end = begin + chunk_rows < r.inner_numel ? begin + chunk_rows : r.inner_numel;
  int64_t off[kMaxOperands] = {};
  typename R::Acc acc = red.init();
  if (i < n_out) {
    layout_offsets(r.outer, i, off, r.outer.noperands);
    const char* in = r.outer.data[r.n_outputs] + off[r.n_outputs];
    if (r.inner_ndim == 1) {
      const int64_t stride = r.inner_strides[0];
#pragma unroll 4
      for (int64_t j = begin + threadIdx.y; j < end; j += kColumnRows)
        red.fold(acc, *reinterpret_cast<const T*>(in + j * stride), j);
    } else {
      for (int64_t j = begin + threadIdx.y; j < end; j += kColumnRows)
        red.fold(acc, *reinterpret_cast<const T*>(in + inner_offset(r, j)), j);
    }
  }
  shared[threadIdx.y][threadIdx.x] = acc;
  __syncthreads();
  if (threadIdx.y != 0 || i >= n_out) return;
  for (int y = 1; y < kColumnRows; ++y) red.combine(acc, shared[y][threadIdx.x]);
  if (gridDim.y == 1)
    write_output(r, red, acc, i);
  else
    partials[i * gridDim.y + blockIdx.y] = acc;
}

int sm_count() {
  static const int count = [] {
    int n = 0;
    cudaDeviceGetAttribute(&n, cudaDevAttrMultiProcessorCount, current_device_index());
    return n > 0 ? n : 100;
  }();
  return count;
}

// Combines chunk partials into the outputs: a thread per output for a few
// chunks, a block per output for many.
template <class T, class R>
void combine(const ReduceLayout& r, const R& red, int64_t chunks, const typename R::Acc* partials,
             cudaStream_t stream) {
  const int64_t n_out = r.outer.numel;
  if (chunks <= 32) {
    combine_kernel<T, R>
        <<<static_cast<unsigned>((n_out + 127) / 128), 128, 0, stream>>>(r, red, chunks, partials, n_out);
  } else {
    combine_block_kernel<T, R><<<static_cast<unsigned>(n_out), kReduceThreads, 0, stream>>>(r, red, chunks, partials);
  }
  check_launch("reduction (combine) kernel");
}

template <class T, class R>
void run(const ReduceLayout& r, const R& red) {
  using Acc = typename R::Acc;
  const int64_t n_out = r.outer.numel;
  const cudaStream_t stream = current_cuda_stream();
  const bool rows = r.inner_ndim >= 1 && r.inner_strides[0] == int64_t(sizeof(T));
  if (!rows && n_out >= 256) {
    // Enough blocks for about eight per SM: the reduced elements are cut into
    // chunks of at least 64 rows when the outputs alone give too few.
    const int64_t blocks_x = (n_out + kColumnOutputs - 1) / kColumnOutputs;
    const int64_t want = (8 * sm_count() + blocks_x - 1) / blocks_x;
    const int64_t chunks = std::max<int64_t>(1, std::min<int64_t>({want, r.inner_numel / 64, 65535}));
    const int64_t chunk_rows = (r.inner_numel + chunks - 1) / chunks;
    const dim3 grid(static_cast<unsigned>(blocks_x), static_cast<unsigned>(chunks));
    const dim3 block(kColumnOutputs, kColumnRows);
    if (chunks == 1) {
      column_kernel<T, R><<<grid, block, 0, stream>>>(r, red, n_out, chunk_rows, nullptr);
      check_launch("reduction (column) kernel");
      return;
    }
    Scratch scratch(static_cast<size_t>(n_out * chunks) * sizeof(Acc));
    auto* partials = static_cast<Acc*>(scratch.data());
    column_kernel<T, R><<<grid, block, 0, stream>>>(r, red, n_out, chunk_rows, partials);
    check_launch("reduction (column) kernel");
    combine<T>(r, red, chunks, partials, stream);
    return;
  }
  int64_t chunks = 1;
  if (n_out < 2 * sm_count() && r.inner_numel > kChunk) chunks = (r.inner_numel + kChunk - 1) / kChunk;
  if (chunks == 1) {
    row_kernel<T, R><<<static_cast<unsigned>(n_out), kReduceThreads, 0, stream>>>(r, red, 1, nullptr);
    check_launch("reduction kernel");
    return;
  }
  Scratch scratch(static_cast<size_t>(n_out * chunks) * sizeof(Acc));
  auto* partials = static_cast<Acc*>(scratch.data());
  row_kernel<T, R><<<static_cast<unsigned>(n_out * chunks), kReduceThreads, 0, stream>>>(r, red, chunks, partials);
  check_launch("reduction kernel");
  combine<T>(r, red, chunks, partials, stream);
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
  visit_complex_dtype(dtype, [&](auto tag) {  // the ops the CPU has for complex
    using T = typename decltype(tag)::type;
    ran = true;
    switch (op) {
      case ReduceOp::Sum:
      case ReduceOp::NanSum: run<T>(layout, ComplexSumR<T>{}); break;
      case ReduceOp::Prod: run<T>(layout, ComplexProdR<T>{}); break;
      case ReduceOp::All: run<T>(layout, LogicalR<T, true>{}); break;
      case ReduceOp::Any: run<T>(layout, LogicalR<T, false>{}); break;
      default: ran = false;
    }
  });
  return ran;
}

}  // namespace ember::cuda
