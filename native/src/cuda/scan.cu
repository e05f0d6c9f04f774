// Scans along rows of n contiguous elements: cumsum, cumprod, logcumsumexp,
// cummax and cummin with cpu/reduce_kernels.inl's rules (math in the
// accumulate type; cummax/cummin move to later ties, NaN sticks). Short rows
// run one row per thread in the CPU's order (the same roundings); longer rows
// one block per row, tiles scanned with CUB's BlockScan carrying the running
// value, so float sums may round differently from the CPU's sequential ones.
#include <cub/block/block_scan.cuh>

#include "../cpu/reduce_kernels.h"
#include "device_loop.cuh"
#include "kernels.h"

namespace ember::cuda {
namespace {

constexpr int kThreads = 256;
constexpr int64_t kSequentialRow = 32;  // rows up to this long: a thread each

template <class A>
__device__ __forceinline__ bool is_nan(A v) {
  return v != v;  // false for integers
}

// An op: Item (what is carried), load (element i's item; i == 0 starts the
// fold as the CPU's does from its identity), combine (earlier, later), store.
template <class T, bool kProd>
struct Accumulate {
  using Item = Acc<T>;
  __device__ static Item load(T v, int64_t i) {
    const Item x = static_cast<Item>(v);
    if (i != 0) return x;
    return kProd ? static_cast<Item>(Item(1) * x) : static_cast<Item>(Item(0) + x);
  }
  __device__ Item operator()(Item a, Item b) const {
    return kProd ? static_cast<Item>(a * b) : static_cast<Item>(a + b);
  }
  __device__ static void store(T* out, int64_t*, int64_t i, Item v) { out[i] = static_cast<T>(v); }
};

template <class T>
struct LogCumSumExp {  // log(e^a + e^b) = max + log1p(e^-(|a - b|)), kept stable
  using Item = Acc<T>;
  __device__ static Item load(T v, int64_t) { return static_cast<Item>(v); }
  __device__ Item operator()(Item a, Item b) const {
    if (is_nan(a) || is_nan(b)) return Item(NAN);
    const Item hi = a > b ? a : b, lo = a > b ? b : a;
    if (lo == -Item(INFINITY) || hi == lo) return hi == lo && isfinite(hi) ? hi + log(Item(2)) : hi;
    return hi + log1p(exp(lo - hi));
  }
  __device__ static void store(T* out, int64_t*, int64_t i, Item v) { out[i] = static_cast<T>(v); }
};

template <class A>
struct ValueIndex {
  A v;
  int64_t i;
};

template <class T, bool kMax>
struct Extreme {  // the later of two wins on ties; a NaN wins and sticks
  using Item = ValueIndex<Acc<T>>;
  __device__ static Item load(T v, int64_t i) { return {static_cast<Acc<T>>(v), i}; }
  __device__ Item operator()(const Item& a, const Item& b) const {
    if (is_nan(b.v)) return b;
    if (is_nan(a.v)) return a;
    return (kMax ? b.v >= a.v : b.v <= a.v) ? b : a;
  }
  __device__ static void store(T* out, int64_t* idx, int64_t i, const Item& v) {
    out[i] = static_cast<T>(v.v);
    idx[i] = v.i;
  }
};

// One row per thread, in order.
template <class T, class Op>
__global__ void __launch_bounds__(kThreads)
    scan_short_rows(T* out, int64_t* idx, const T* in, int64_t rows, int64_t n, Op op) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * kThreads;
  for (int64_t r = static_cast<int64_t>(blockIdx.x) * kThreads + threadIdx.x; r < rows; r += step) {
    const int64_t at = r * n;
    typename Op::Item acc = Op::load(in[at], 0);
    Op::store(out, idx, at, acc);
    for (int64_t j = 1; j < n; ++j) {
      acc = op(acc, Op::load(in[at + j], j));
      Op::store(out, idx, at + j, acc);
    }
  }
}

// The running value before each tile, kept by the first warp (CUB's callback contract).
template <class Op>
struct RunningPrefix {
  typename Op::Item running;
  Op op;
  __device__ typename Op::Item operator()(const typename Op::Item& tile) {
    const typename Op::Item before = running;
    running = op(running, tile);
    return before;
  }
};

// One block per row, kThreads elements per tile.
template <class T, class Op>
__global__ void __launch_bounds__(kThreads)
    scan_long_rows(T* out, int64_t* idx, const T* in, int64_t rows, int64_t n, Op op) {
  using Item = typename Op::Item;
  using BlockScan = cub::BlockScan<Item, kThreads>;
  __shared__ typename BlockScan::TempStorage temp;
  for (int64_t r = blockIdx.x; r < rows; r += gridDim.x) {
    const int64_t at = r * n;
    RunningPrefix<Op> prefix{Item{}, op};
    for (int64_t start = 0; start < n; start += kThreads) {
      const int64_t j = start + threadIdx.x;
      // Past the row's end: a copy of its last element, scanned after every real one.
      const int64_t k = j < n ? j : n - 1;
      const Item x = Op::load(in[at + k], k);
      Item y;
      if (start == 0) {
        Item tile;
        BlockScan(temp).InclusiveScan(x, y, op, tile);
        prefix.running = tile;
      } else {
        BlockScan(temp).InclusiveScan(x, y, op, prefix);
      }
      __syncthreads();  // temp is reused by the next tile
      if (j < n) Op::store(out, idx, at + j, y);
    }
  }
}

template <class T, class Op>
void run(void* out, int64_t* idx, const void* in, int64_t rows, int64_t n, Op op) {
  auto* o = static_cast<T*>(out);
  const auto* x = static_cast<const T*>(in);
  const cudaStream_t stream = current_cuda_stream();
  if (n <= kSequentialRow) {
    const int64_t blocks = std::min<int64_t>((rows + kThreads - 1) / kThreads, 1 << 20);
    scan_short_rows<T><<<static_cast<unsigned>(blocks), kThreads, 0, stream>>>(o, idx, x, rows, n, op);
  } else {
    scan_long_rows<T>
        <<<static_cast<unsigned>(std::min<int64_t>(rows, 1 << 20)), kThreads, 0, stream>>>(o, idx, x, rows, n, op);
  }
  check_launch("scan kernel");
}

}  // namespace

bool scan(int op, DType dtype, void* out, int64_t* indices, const void* in, int64_t rows, int64_t n) {
  bool ran = false;
  visit_device_dtype(dtype, [&](auto tag) {
    using T = typename decltype(tag)::type;
    if (rows == 0 || n == 0) {
      ran = op != static_cast<int>(cpu::ScanOp::LogCumSumExp) || kFloating<T>;
      return;
    }
    switch (static_cast<cpu::ScanOp>(op)) {
      case cpu::ScanOp::CumSum:
        run<T>(out, indices, in, rows, n, Accumulate<T, false>{});
        ran = true;
        break;
      case cpu::ScanOp::CumProd:
        run<T>(out, indices, in, rows, n, Accumulate<T, true>{});
        ran = true;
        break;
      case cpu::ScanOp::CumMax:
        run<T>(out, indices, in, rows, n, Extreme<T, true>{});
        ran = true;
        break;
      case cpu::ScanOp::CumMin:
        run<T>(out, indices, in, rows, n, Extreme<T, false>{});
        ran = true;
        break;
      case cpu::ScanOp::LogCumSumExp:
        if constexpr (kFloating<T>) {
          run<T>(out, indices, in, rows, n, LogCumSumExp<T>{});
          ran = true;
        }
        break;
      default: break;
    }
  });
  return ran;
}

}  // namespace ember::cuda
