// libember_cuda's entry point: the cuda::Backend the core loads on first use.
#include <array>
#include <cstring>
#include <memory>

#include "blas.h"
#include "caching_allocator.h"
#include "cuda_check.h"
#include "cudnn_conv.h"
#include "kernels.h"
#include "scratch.h"
#include "streams.h"

namespace ember::cuda {
namespace {

constexpr int kMaxDevices = 64;

// Each thread's current stream per device (null: the default stream).
thread_local std::array<cudaStream_t, kMaxDevices> t_current_stream{};

cudaStream_t as_stream(uintptr_t s) { return reinterpret_cast<cudaStream_t>(s); }
cudaEvent_t as_event(uintptr_t e) { return reinterpret_cast<cudaEvent_t>(e); }

class CudaBackend final : public Backend {
 public:
  explicit CudaBackend(int count) : count_(count) {
    fill_binary_table(table_);
    fill_unary_table(table_);
    fill_compare_table(table_);
    fill_complex_table(table_);
  }

  int device_count() override { return count_; }
  int current_device() override { return current_device_index(); }
  void set_device(int index) override {
    EMBER_CHECK(index >= 0 && index < count_, Runtime, "set_device: invalid device ordinal ", index, " (there are ",
                count_, " CUDA devices)");
    check(cudaSetDevice(index), "cudaSetDevice");
  }
  std::string device_name(int index) override { return properties(index).name; }
  int capability(int index) override { return properties(index).major * 10 + properties(index).minor; }
  int64_t total_memory(int index) override { return static_cast<int64_t>(properties(index).totalGlobalMem); }
  void synchronize(int index) override {
    if (index < 0) {
      check(cudaDeviceSynchronize(), "synchronize");
      return;
    }
    const int previous = current_device_index();
    check(cudaSetDevice(index), "cudaSetDevice");
    const cudaError_t err = cudaDeviceSynchronize();
    cudaSetDevice(previous);
    check(err, "synchronize");
  }

  DataPtr allocate(size_t nbytes, int device) override {
    return CachingAllocator::instance().allocate(nbytes, device, t_current_stream[device]);
  }
  DataPtr allocate_pinned(size_t nbytes) override {
    void* ptr = nullptr;
    check(cudaHostAlloc(&ptr, std::max<size_t>(nbytes, 1), cudaHostAllocDefault), "pin_memory (cudaHostAlloc)");
    DataPtr out;
    out.data = ptr;
    out.ctx = ptr;
    out.release = [](void* p) { cudaFreeHost(p); };
    return out;
  }
  bool is_pinned(const void* ptr) override {
    cudaPointerAttributes attr{};
    if (cudaPointerGetAttributes(&attr, ptr) != cudaSuccess) {
      cudaGetLastError();
      return false;
    }
    return attr.type == cudaMemoryTypeHost;
  }
  MemoryStats memory_stats(int device) override { return CachingAllocator::instance().stats(device); }
  void reset_peak_stats(int device) override { CachingAllocator::instance().reset_peak(device); }
  void empty_cache() override { CachingAllocator::instance().empty_cache(); }
  void record_stream(const DataPtr& block, uintptr_t stream) override {
    if (block.device.is_cpu()) return;
    CachingAllocator::instance().record_stream(block.ctx, as_stream(stream));
  }

  uintptr_t stream_create(int device, int priority) override {
    const int previous = current_device_index();
    check(cudaSetDevice(device), "cudaSetDevice");
    cudaStream_t s = nullptr;
    const cudaError_t err = cudaStreamCreateWithPriority(&s, cudaStreamNonBlocking, priority);
    cudaSetDevice(previous);
    check(err, "Stream (cudaStreamCreateWithPriority)");
    return reinterpret_cast<uintptr_t>(s);
  }
  void stream_destroy(uintptr_t stream) override {
    if (stream) cudaStreamDestroy(as_stream(stream));
  }
  uintptr_t current_stream(int device) override { return reinterpret_cast<uintptr_t>(t_current_stream[device]); }
  void set_current_stream(int device, uintptr_t stream) override { t_current_stream[device] = as_stream(stream); }
  void stream_synchronize(uintptr_t stream) override {
    check(cudaStreamSynchronize(as_stream(stream)), "Stream.synchronize");
  }
  bool stream_query(uintptr_t stream) override { return ready(cudaStreamQuery(as_stream(stream)), "Stream.query"); }
  uintptr_t event_create(bool timing) override {
    cudaEvent_t e = nullptr;
    check(cudaEventCreateWithFlags(&e, timing ? cudaEventDefault : cudaEventDisableTiming), "Event");
    return reinterpret_cast<uintptr_t>(e);
  }
  void event_destroy(uintptr_t event) override { cudaEventDestroy(as_event(event)); }
  void event_record(uintptr_t event, uintptr_t stream) override {
    check(cudaEventRecord(as_event(event), as_stream(stream)), "Event.record");
  }
  void stream_wait_event(uintptr_t stream, uintptr_t event) override {
    check(cudaStreamWaitEvent(as_stream(stream), as_event(event), 0), "Stream.wait_event");
  }
  void event_synchronize(uintptr_t event) override {
    check(cudaEventSynchronize(as_event(event)), "Event.synchronize");
  }
  bool event_query(uintptr_t event) override { return ready(cudaEventQuery(as_event(event)), "Event.query"); }
  float event_elapsed_ms(uintptr_t start, uintptr_t end) override {
    float ms = 0;
    check(cudaEventElapsedTime(&ms, as_event(start), as_event(end)), "Event.elapsed_time");
    return ms;
  }

  void memcpy(void* dst, Device dst_device, const void* src, Device src_device, size_t nbytes,
              bool non_blocking) override {
    if (nbytes == 0) return;
    const int device = dst_device.is_cpu() ? src_device.index : dst_device.index;
    const cudaStream_t stream = t_current_stream[device];
    if (!dst_device.is_cpu() && !src_device.is_cpu() && dst_device.index != src_device.index) {
      check(cudaMemcpyPeerAsync(dst, dst_device.index, src, src_device.index, nbytes, stream), "copy between devices");
    } else {
      check(cudaMemcpyAsync(dst, src, nbytes, cudaMemcpyDefault, stream), "copy to or from the device");
    }
    // Only copies to or from pinned memory may run on after we return.
    const void* host = dst_device.is_cpu() ? dst : (src_device.is_cpu() ? src : nullptr);
    if (host && !(non_blocking && is_pinned(host))) check(cudaStreamSynchronize(stream), "copy (synchronize)");
  }

  DeviceLoop elementwise(Family family, int op, DType dtype) override {
    const int dt = static_cast<int>(dtype);
    switch (family) {
      case Family::Add: return table_.add[dt];
      case Family::Binary: return table_.binary[op][dt];
      case Family::Compare: return table_.compare[op][dt];
      case Family::Unary: return table_.unary[op][dt];
      case Family::Predicate: return table_.predicate[op][dt];
      case Family::Ternary: return table_.ternary[op][dt];
    }
    return nullptr;
  }
  void cast(const LaunchLayout& layout, DType to, DType from) override { cuda::cast(layout, to, from); }
  void fill(const LaunchLayout& layout, DType dtype, const unsigned char value[16]) override {
    cuda::fill(layout, dtype, value);
  }
  bool reduce(int op, DType dtype, const ReduceLayout& layout) override { return cuda::reduce(op, dtype, layout); }
  bool softmax(void* out, const void* in, int64_t rows, int64_t n, DType dtype, bool log) override {
    return cuda::softmax(out, in, rows, n, dtype, log);
  }
  bool random(void* out, int64_t n, DType dtype, const RandomParams& p) override {
    return cuda::random(out, n, dtype, p);
  }
  bool sort(void* values, int64_t* indices, const void* in, int64_t rows, int64_t n, DType dtype,
            bool descending) override {
    return cuda::sort(values, indices, in, rows, n, dtype, descending);
  }
  bool scan(int op, DType dtype, void* out, int64_t* indices, const void* in, int64_t rows, int64_t n) override {
    return cuda::scan(op, dtype, out, indices, in, rows, n);
  }
  bool search_sorted(DType t, const void* boundaries, int64_t n, int64_t row_stride, const void* values, int64_t m,
                     int64_t rows, void* out, bool out_int32, bool right) override {
    return cuda::search_sorted(t, boundaries, n, row_stride, values, m, rows, out, out_int32, right);
  }
  void index_gather(const LaunchLayout& l, int64_t item, DType index_dtype, int64_t size, int64_t step) override {
    cuda::index_gather(l, item, index_dtype, size, step);
  }
  bool index_scatter(const LaunchLayout& l, DType dtype, DType index_dtype, int64_t size, int64_t step,
                     int op) override {
    return cuda::index_scatter(l, dtype, index_dtype, size, step, op);
  }
  void combine_indices(const LaunchLayout& l, DType index_dtype, int64_t size, int64_t stride_elems) override {
    cuda::combine_indices(l, index_dtype, size, stride_elems);
  }
  void gemm_batched(const Tensor& out, const Tensor& a, const Tensor& b, std::span<const int64_t> a_offsets,
                    std::span<const int64_t> b_offsets, const Scalar& alpha, const Scalar& beta) override {
    cuda::gemm_batched(out, a, b, a_offsets, b_offsets, alpha, beta);
  }
  void set_allow_tf32(bool allow) override { cuda::set_allow_tf32(allow); }
  bool allow_tf32() override { return cuda::allow_tf32(); }
  void conv_forward(const Tensor& out, const Tensor& x, const Tensor& w, const Tensor& bias,
                    const cpu::ConvShape& s) override {
    cuda::conv_forward(out, x, w, bias, s);
  }
  void conv_backward_data(const Tensor& grad_x, const Tensor& grad_out, const Tensor& w,
                          const cpu::ConvShape& s) override {
    cuda::conv_backward_data(grad_x, grad_out, w, s);
  }
  void conv_backward_weight(const Tensor& grad_w, const Tensor& grad_out, const Tensor& x,
                            const cpu::ConvShape& s) override {
    cuda::conv_backward_weight(grad_w, grad_out, x, s);
  }
  void set_conv_allow_tf32(bool allow) override { cuda::set_conv_allow_tf32(allow); }
  int cudnn_version() override { return cudnn::version(); }
  std::string cudnn_unavailable_reason() override { return cudnn::unavailable_reason(); }
  void set_cudnn_enabled(bool enabled) override { cudnn::set_enabled(enabled); }
  void max_pool_forward(const Tensor& out, const Tensor& indices, const Tensor& x, const cpu::PoolWindows& w) override {
    cuda::max_pool_forward(out, indices, x, w);
  }
  void max_pool_backward(const Tensor& grad_x, const Tensor& grad_out, const Tensor& indices) override {
    cuda::max_pool_backward(grad_x, grad_out, indices);
  }
  void avg_pool_forward(const Tensor& out, const Tensor& x, const cpu::PoolWindows& w) override {
    cuda::avg_pool_forward(out, x, w);
  }
  void avg_pool_backward(const Tensor& grad_x, const Tensor& grad_out, const cpu::PoolWindows& w) override {
    cuda::avg_pool_backward(grad_x, grad_out, w);
  }
  void upsample_forward(const Tensor& out, const Tensor& x, const cpu::UpsampleTaps& t) override {
    cuda::upsample_forward(out, x, t);
  }
  void upsample_backward(const Tensor& grad_x, const Tensor& grad_out, const cpu::UpsampleTaps& t) override {
    cuda::upsample_backward(grad_x, grad_out, t);
  }

 private:
  static bool ready(cudaError_t err, const char* what) {
    if (err == cudaErrorNotReady) {
      cudaGetLastError();
      return false;
    }
    check(err, what);
    return true;
  }
  const cudaDeviceProp& properties(int index) {
    EMBER_CHECK(index >= 0 && index < count_, Runtime, "invalid CUDA device ordinal ", index, " (there are ", count_,
                " CUDA devices)");
    std::call_once(props_once_[index], [&] { check(cudaGetDeviceProperties(&props_[index], index), "properties"); });
    return props_[index];
  }

  int count_;
  ElementwiseTable table_;
  std::array<cudaDeviceProp, kMaxDevices> props_{};
  std::array<std::once_flag, kMaxDevices> props_once_;
};

}  // namespace

cudaStream_t current_cuda_stream() { return t_current_stream[current_device_index()]; }

int current_device_index() {
  int device = 0;
  check(cudaGetDevice(&device), "cudaGetDevice");
  return device;
}

Scratch::Scratch(size_t nbytes) {
  const int device = current_device_index();
  ptr_ = CachingAllocator::instance().allocate(nbytes, device, t_current_stream[device]);
}
Scratch::~Scratch() {
  if (ptr_.release) ptr_.release(ptr_.ctx);
}

Scratch upload(const void* host, size_t nbytes) {
  Scratch s(nbytes);
  if (nbytes) check(cudaMemcpyAsync(s.data(), host, nbytes, cudaMemcpyHostToDevice, current_cuda_stream()), "upload");
  return s;
}

}  // namespace ember::cuda

// Called by the core's loader (core/cuda_loader.cpp): a backend, or null and why not.
extern "C" __attribute__((visibility("default"))) ember::cuda::Backend* ember_cuda_create_backend(std::string* reason) {
  int count = 0;
  const cudaError_t err = cudaGetDeviceCount(&count);
  if (err != cudaSuccess) {
    *reason =
        std::string("no usable CUDA driver or device: ") + cudaGetErrorName(err) + " (" + cudaGetErrorString(err) + ")";
    return nullptr;
  }
  if (count == 0) {
    *reason = "no CUDA device found";
    return nullptr;
  }
  try {
    return new ember::cuda::CudaBackend(std::min(count, ember::cuda::kMaxDevices));
  } catch (const std::exception& e) {
    *reason = e.what();
    return nullptr;
  }
}
