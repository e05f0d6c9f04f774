// The seam between the core and the CUDA backend. libember_cuda (native/src/cuda)
// implements cuda::Backend; the core loads it with dlopen the first time a
// CUDA device is touched (cuda_loader.cpp), so a CPU-only machine, or one with
// the CUDA build but no driver, never needs the CUDA libraries.
//
// Op front ends stay device-neutral: they validate, promote and broadcast as
// on the CPU, then hand the device a LaunchLayout (the elementwise iterator's
// merged dims, flattened into a struct a kernel takes by value) and the op's
// key. Kernels never see mixed shapes or dtypes, as on the CPU.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "../cpu/conv_kernels.h"
#include "../cpu/pool_kernels.h"
#include "../cpu/upsample_kernels.h"
#include "ember/allocator.h"
#include "ember/dtype.h"
#include "ember/scalar.h"
#include "ember/tensor.h"

namespace ember {
class ElementwiseLoop;
}

namespace ember::cuda {

constexpr int kMaxDims = 10;     // merged dims a device kernel indexes
constexpr int kMaxOperands = 4;  // output first, as ElementwiseLoop

struct LaunchLayout {
  int32_t ndim = 0;
  int32_t noperands = 0;
  uint32_t host_scalars = 0;  // bit k: operand k is a host value, held in scalar[k]
  int64_t numel = 0;
  int64_t sizes[kMaxDims] = {};                  // innermost first, merged
  int64_t strides[kMaxOperands][kMaxDims] = {};  // bytes
  char* data[kMaxOperands] = {};
  alignas(16) unsigned char scalar[kMaxOperands][16] = {};
};

// An elementwise loop's merged dims as a LaunchLayout; operands whose tensor
// lives on the CPU (0-d tensors and numbers, allowed beside device tensors as
// in PyTorch) travel by value.
LaunchLayout launch_layout(const ElementwiseLoop& loop, std::span<const Tensor> operands, const char* op);

// An op's scalar parameters as a kernel reads them: real and integer forms,
// and the imaginary parts of complex ones (add's alpha, addcmul's value).
struct KernelParams {
  double f[3] = {};
  int64_t i[3] = {};
  double f_imag[3] = {};
};

enum class Family : uint8_t { Add, Binary, Compare, Unary, Predicate, Ternary };
using DeviceLoop = void (*)(const LaunchLayout&, const KernelParams&);

// Reductions: `outer` walks the outputs (operands: outputs..., input at the
// input's kept dims); the reduced dims of the input form `inner_*`.
struct ReduceLayout {
  LaunchLayout outer;
  int32_t n_outputs = 1;
  int32_t inner_ndim = 0;
  int64_t inner_numel = 1;
  int64_t inner_sizes[kMaxDims] = {};
  int64_t inner_strides[kMaxDims] = {};  // bytes
};

// Random draws (random.cu): element i of a dense buffer takes the Philox words
// ember/generator.h assigns it, counters from `base`, then the same transform
// as the CPU op (native/src/ops/random.cpp); a and b are its parameters.
enum class RandomDraw : uint8_t {
  Uniform,      // float32/64: a + b * u (a = from, b = to - from)
  Normal,       // float32/64: a + b * z (a = mean, b = std)
  LogNormal,    // float32/64: exp(a + b * z)
  Exponential,  // float32/64: -log1p(-u) / a
  Cauchy,       // float32/64: a + b * tan(pi (u - 1/2))
  Geometric,    // float32/64: floor(log1p(-u) * a) + 1 (a = 1 / log1p(-p))
  Bernoulli,    // uint8: u64 < a
  BernoulliAt,  // uint8: u64 < probs[i] (float64, n dense elements on the device)
  Range,        // int64: from + (draw mod range), range 0 = 2^64; 32-bit draws up to range 2^32
};
struct RandomParams {
  RandomDraw draw = RandomDraw::Uniform;
  uint64_t seed = 0, base = 0;
  double a = 0, b = 0;
  int64_t from = 0;
  uint64_t range = 0;
  const double* probs = nullptr;
};

struct MemoryStats {
  int64_t allocated = 0, peak_allocated = 0;
  int64_t reserved = 0, peak_reserved = 0;
  int64_t allocations = 0, frees = 0, segments = 0, cache_flushes = 0, ooms = 0;
};

class Backend {
 public:
  virtual ~Backend() = default;

  // Devices.
  virtual int device_count() = 0;
  virtual int current_device() = 0;
  virtual void set_device(int index) = 0;
  virtual std::string device_name(int index) = 0;
  virtual int capability(int index) = 0;  // major * 10 + minor
  virtual int64_t total_memory(int index) = 0;
  virtual void synchronize(int index) = 0;  // -1: the current device

  // Memory: device blocks from the caching allocator, pinned host memory.
  virtual DataPtr allocate(size_t nbytes, int device) = 0;
  virtual DataPtr allocate_pinned(size_t nbytes) = 0;
  virtual bool is_pinned(const void* ptr) = 0;
  virtual MemoryStats memory_stats(int device) = 0;
  virtual void reset_peak_stats(int device) = 0;
  virtual void empty_cache() = 0;
  // Blocks freed while `stream` may still use them wait for its work first.
  virtual void record_stream(const DataPtr& block, uintptr_t stream) = 0;

  // Streams (0: the default stream) and events; handles are opaque.
  virtual uintptr_t stream_create(int device, int priority) = 0;
  virtual void stream_destroy(uintptr_t stream) = 0;
  virtual uintptr_t current_stream(int device) = 0;
  virtual void set_current_stream(int device, uintptr_t stream) = 0;
  virtual void stream_synchronize(uintptr_t stream) = 0;
  virtual bool stream_query(uintptr_t stream) = 0;
  virtual uintptr_t event_create(bool timing) = 0;
  virtual void event_destroy(uintptr_t event) = 0;
  virtual void event_record(uintptr_t event, uintptr_t stream) = 0;
  virtual void stream_wait_event(uintptr_t stream, uintptr_t event) = 0;
  virtual void event_synchronize(uintptr_t event) = 0;
  virtual bool event_query(uintptr_t event) = 0;
  virtual float event_elapsed_ms(uintptr_t start, uintptr_t end) = 0;

  // Copies between any two of host and device memory (bytes, both sides
  // dense); non_blocking returns before a copy from or to pinned memory ends.
  virtual void memcpy(void* dst, Device dst_device, const void* src, Device src_device, size_t nbytes,
                      bool non_blocking) = 0;

  // Kernels: null where this build has none for the key.
  virtual DeviceLoop elementwise(Family family, int op, DType dtype) = 0;
  // operand 0 (of `to`) = operand 1 (of `from`), converting.
  virtual void cast(const LaunchLayout& layout, DType to, DType from) = 0;
  virtual void fill(const LaunchLayout& layout, DType dtype, const unsigned char value[16]) = 0;
  // Op codes are cpu::ReduceOp's; false when this build has no kernel for it.
  virtual bool reduce(int op, DType dtype, const ReduceLayout& layout) = 0;
  // Rows of n contiguous elements.
  virtual bool softmax(void* out, const void* in, int64_t rows, int64_t n, DType dtype, bool log) = 0;
  // n dense elements of dtype (float32/64, uint8 or int64 as RandomDraw says); false for a pair without a kernel.
  virtual bool random(void* out, int64_t n, DType dtype, const RandomParams& p) = 0;
  // Rows of n contiguous elements sorted in PyTorch's order (NaN largest, -0.0 == 0.0, ties
  // in input order either way): values (dtype) and int64 indices, rows x n dense. False for a dtype without one.
  virtual bool sort(void* values, int64_t* indices, const void* in, int64_t rows, int64_t n, DType dtype,
                    bool descending) = 0;
  // Scans (op: a cpu::ScanOp) along rows of n contiguous elements, out rows x n dense, indices
  // (int64, CumMax/CumMin only) too; cpu/reduce_kernels.h's rules. False for a pair without a kernel.
  virtual bool scan(int op, DType dtype, void* out, int64_t* indices, const void* in, int64_t rows, int64_t n) = 0;
  // Search: searchsorted's binary search, cpu/search_kernels.h's contract (rows of m values, boundary row r or,
  // with row_stride 0, the one row; operands dense of dtype t on the device). False for a dtype without one.
  virtual bool search_sorted(DType t, const void* boundaries, int64_t n, int64_t row_stride, const void* values,
                             int64_t m, int64_t rows, void* out, bool out_int32, bool right) = 0;
  // Indexing (cpu/indexing.h's contracts; indices already range-checked, negative ones wrap
  // when size >= 0; steps in bytes). Gather: operands (out, src, index) of `item` bytes.
  virtual void index_gather(const LaunchLayout& layout, int64_t item, DType index_dtype, int64_t size,
                            int64_t step) = 0;
  // Scatter: operands (dst, src, index); op is a cpu::ScatterOp. False for a dtype without kernels.
  virtual bool index_scatter(const LaunchLayout& layout, DType dtype, DType index_dtype, int64_t size, int64_t step,
                             int op) = 0;
  // operands (offsets int64, index): offsets += wrap(index) * stride_elems.
  virtual void combine_indices(const LaunchLayout& layout, DType index_dtype, int64_t size, int64_t stride_elems) = 0;
  // out[i] = alpha * A_i @ B_i + beta * out[i]: cpu::gemm_batched's contract.
  virtual void gemm_batched(const Tensor& out, const Tensor& a, const Tensor& b, std::span<const int64_t> a_offsets,
                            std::span<const int64_t> b_offsets, const Scalar& alpha, const Scalar& beta) = 0;
  virtual void set_allow_tf32(bool allow) = 0;
  virtual bool allow_tf32() = 0;
  // Convolutions: cpu/conv_kernels.h's contracts; TF32 switch for them (cuDNN's flag in PyTorch).
  virtual void conv_forward(const Tensor& out, const Tensor& x, const Tensor& w, const Tensor& bias,
                            const cpu::ConvShape& s) = 0;
  virtual void conv_backward_data(const Tensor& grad_x, const Tensor& grad_out, const Tensor& w,
                                  const cpu::ConvShape& s) = 0;
  virtual void conv_backward_weight(const Tensor& grad_w, const Tensor& grad_out, const Tensor& x,
                                    const cpu::ConvShape& s) = 0;
  virtual void set_conv_allow_tf32(bool allow) = 0;
  // cuDNN, which convolutions use when it is installed: its version (0: not
  // usable, and the reason why) and PyTorch's enabled switch.
  virtual int cudnn_version() = 0;
  virtual std::string cudnn_unavailable_reason() = 0;
  virtual void set_cudnn_enabled(bool enabled) = 0;
  // Pooling: cpu/pool_kernels.h's contracts (contiguous planes; float32/64, max pools also integer dtypes).
  // The max pool gradient is summed with atomics, so where windows overlap its float sums may round
  // differently run to run; the avg pool gradient gathers in the CPU's order (the same roundings).
  virtual void max_pool_forward(const Tensor& out, const Tensor& indices, const Tensor& x,
                                const cpu::PoolWindows& w) = 0;
  virtual void max_pool_backward(const Tensor& grad_x, const Tensor& grad_out, const Tensor& indices) = 0;
  virtual void avg_pool_forward(const Tensor& out, const Tensor& x, const cpu::PoolWindows& w) = 0;
  virtual void avg_pool_backward(const Tensor& grad_x, const Tensor& grad_out, const cpu::PoolWindows& w) = 0;
  // Upsampling: cpu/upsample_kernels.h's contracts; the gradient gathers in the CPU's order.
  virtual void upsample_forward(const Tensor& out, const Tensor& x, const cpu::UpsampleTaps& t) = 0;
  virtual void upsample_backward(const Tensor& grad_x, const Tensor& grad_out, const cpu::UpsampleTaps& t) = 0;
};

// The backend, loaded on first use; raises naming why CUDA is unavailable.
Backend& backend();
// Whether a usable CUDA device is present (loads the backend, never raises).
bool is_available();
// Why is_available() is false ("" when it is true).
std::string unavailable_reason();
// Folders holding the CUDA libraries the backend links (cuBLAS from the
// nvidia-cublas wheel), loaded from there before the backend itself; set by
// ember's Python package at import, which knows site-packages.
void set_library_dirs(std::vector<std::string> dirs);

}  // namespace ember::cuda
