// cuDNN convolutions (cudnn_conv.h). The library is opened with dlopen on
// first use, so the backend loads and falls back to im2col without it; its
// functions are typed from cuDNN's own headers (present at build time when
// the nvidia-cudnn wheel was, EMBER_HAVE_CUDNN). Algorithms come from cuDNN's
// heuristics (PyTorch's default, benchmark=False), kept per shape.
#include "cudnn_conv.h"

#include <algorithm>
#include <atomic>

#include "ember/error.h"

#ifdef EMBER_HAVE_CUDNN
#include <cudnn.h>
#include <dlfcn.h>

#include <array>
#include <cstring>
#include <map>
#include <mutex>

#include "scratch.h"
#include "streams.h"
#endif

namespace ember::cuda::cudnn {
namespace {
std::atomic<bool> g_enabled{true};
}  // namespace

void set_enabled(bool enabled) { g_enabled = enabled; }

#ifndef EMBER_HAVE_CUDNN

int version() { return 0; }
std::string unavailable_reason() {
  return "this build of ember has no cuDNN support (the nvidia-cudnn headers were not found when it was built)";
}
bool use_for(DType, const cpu::ConvShape&) { return false; }
void conv_forward(const Tensor&, const Tensor&, const Tensor&, const cpu::ConvShape&, bool) {
  EMBER_FAIL(Runtime, "convolution: ", unavailable_reason());
}
void conv_backward_data(const Tensor&, const Tensor&, const Tensor&, const cpu::ConvShape&, bool) {
  EMBER_FAIL(Runtime, "convolution: ", unavailable_reason());
}
void conv_backward_weight(const Tensor&, const Tensor&, const Tensor&, const cpu::ConvShape&, bool) {
  EMBER_FAIL(Runtime, "convolution: ", unavailable_reason());
}

#else

namespace {

#define EMBER_CUDNN_FUNCTIONS(X)                   \
  X(cudnnGetVersion)                               \
  X(cudnnGetErrorString)                           \
  X(cudnnCreate)                                   \
  X(cudnnSetStream)                                \
  X(cudnnCreateTensorDescriptor)                   \
  X(cudnnSetTensorNdDescriptor)                    \
  X(cudnnDestroyTensorDescriptor)                  \
  X(cudnnCreateFilterDescriptor)                   \
  X(cudnnSetFilterNdDescriptor)                    \
  X(cudnnDestroyFilterDescriptor)                  \
  X(cudnnCreateConvolutionDescriptor)              \
  X(cudnnSetConvolutionNdDescriptor)               \
  X(cudnnSetConvolutionGroupCount)                 \
  X(cudnnSetConvolutionMathType)                   \
  X(cudnnDestroyConvolutionDescriptor)             \
  X(cudnnGetConvolutionForwardAlgorithm_v7)        \
  X(cudnnConvolutionForward)                       \
  X(cudnnGetConvolutionBackwardDataAlgorithm_v7)   \
  X(cudnnConvolutionBackwardData)                  \
  X(cudnnGetConvolutionBackwardFilterAlgorithm_v7) \
  X(cudnnConvolutionBackwardFilter)

struct Api {
#define EMBER_CUDNN_POINTER(name) decltype(&::name) name = nullptr;
  EMBER_CUDNN_FUNCTIONS(EMBER_CUDNN_POINTER)
#undef EMBER_CUDNN_POINTER
  int version = 0;
  std::string reason;
};

// libcudnn.so.9: already loaded by the core from the nvidia-cudnn wheel's
// folder when it is installed (cuda_loader.cpp), else wherever dlopen finds it.
Api load() {
  Api api;
  void* lib = dlopen("libcudnn.so.9", RTLD_NOW | RTLD_GLOBAL);
  if (!lib) {
    const char* err = dlerror();
    api.reason = std::string("cuDNN could not be loaded (pip install nvidia-cudnn-cu13): ") + (err ? err : "");
    return api;
  }
#define EMBER_CUDNN_LOOKUP(name)                                                  \
  api.name = reinterpret_cast<decltype(&::name)>(dlsym(lib, #name));              \
  if (!api.name) {                                                                \
    api.reason = "the cuDNN library found lacks " #name " (ember needs cuDNN 9)"; \
    return api;                                                                   \
  }
  EMBER_CUDNN_FUNCTIONS(EMBER_CUDNN_LOOKUP)
#undef EMBER_CUDNN_LOOKUP
  const size_t v = api.cudnnGetVersion();
  if (v / 10000 != CUDNN_MAJOR) {
    api.reason = "the cuDNN library found is version " + std::to_string(v) + ", but ember was built for cuDNN " +
                 std::to_string(CUDNN_MAJOR);
    return api;
  }
  api.version = static_cast<int>(v);
  return api;
}

const Api& api() {
  static const Api instance = load();
  return instance;
}

void check(cudnnStatus_t status, const char* what) {
  EMBER_CHECK(status == CUDNN_STATUS_SUCCESS, Runtime, "cuDNN error in ", what, ": ",
              api().cudnnGetErrorString(status));
}

// One handle per device per thread (a handle is not for concurrent use),
// made on first use and kept: destroying it at thread exit could outlive the
// CUDA context.
cudnnHandle_t handle() {
  thread_local std::array<cudnnHandle_t, 64> handles{};
  const int device = current_device_index();
  if (!handles[device]) check(api().cudnnCreate(&handles[device]), "cudnnCreate");
  check(api().cudnnSetStream(handles[device], current_cuda_stream()), "cudnnSetStream");
  return handles[device];
}

// The dims cuDNN sees: N, C and the spatial dims from the first that is not
// a leading size-1 dim of a lower-dimensional convolution (at least two:
// cuDNN's smallest convolution is 2-D, as PyTorch runs 1-D ones).
struct Dims {
  int spatial;  // 2 or 3
  int first;    // index of the first spatial dim kept
};
Dims dims_of(const cpu::ConvShape& s) {
  const bool drop = s.in[0] == 1 && s.out[0] == 1 && s.kernel[0] == 1 && s.pad[0] == 0;
  return drop ? Dims{2, 1} : Dims{3, 0};
}

cudnnDataType_t data_type(DType t) { return t == DType::Float64 ? CUDNN_DATA_DOUBLE : CUDNN_DATA_FLOAT; }

struct TensorDesc {
  cudnnTensorDescriptor_t d = nullptr;
  TensorDesc(DType t, int64_t n, int64_t c, const int64_t* sp, Dims dims) {
    check(api().cudnnCreateTensorDescriptor(&d), "cudnnCreateTensorDescriptor");
    int size[5], stride[5];
    size[0] = static_cast<int>(n);
    size[1] = static_cast<int>(c);
    for (int i = 0; i < dims.spatial; ++i) size[2 + i] = static_cast<int>(sp[dims.first + i]);
    const int nd = 2 + dims.spatial;
    stride[nd - 1] = 1;
    for (int i = nd - 2; i >= 0; --i) stride[i] = stride[i + 1] * size[i + 1];
    check(api().cudnnSetTensorNdDescriptor(d, data_type(t), nd, size, stride), "cudnnSetTensorNdDescriptor");
  }
  ~TensorDesc() { api().cudnnDestroyTensorDescriptor(d); }
  TensorDesc(const TensorDesc&) = delete;
  TensorDesc& operator=(const TensorDesc&) = delete;
};

struct FilterDesc {
  cudnnFilterDescriptor_t d = nullptr;
  FilterDesc(DType t, const cpu::ConvShape& s, Dims dims) {
    check(api().cudnnCreateFilterDescriptor(&d), "cudnnCreateFilterDescriptor");
    int size[5] = {static_cast<int>(s.out_channels), static_cast<int>(s.in_channels / s.groups)};
    for (int i = 0; i < dims.spatial; ++i) size[2 + i] = static_cast<int>(s.kernel[dims.first + i]);
    check(api().cudnnSetFilterNdDescriptor(d, data_type(t), CUDNN_TENSOR_NCHW, 2 + dims.spatial, size),
          "cudnnSetFilterNdDescriptor");
  }
  ~FilterDesc() { api().cudnnDestroyFilterDescriptor(d); }
  FilterDesc(const FilterDesc&) = delete;
  FilterDesc& operator=(const FilterDesc&) = delete;
};

struct ConvDesc {
  cudnnConvolutionDescriptor_t d = nullptr;
  ConvDesc(DType t, const cpu::ConvShape& s, Dims dims, bool allow_tf32) {
    check(api().cudnnCreateConvolutionDescriptor(&d), "cudnnCreateConvolutionDescriptor");
    int pad[3], stride[3], dilation[3];
    for (int i = 0; i < dims.spatial; ++i) {
      pad[i] = static_cast<int>(s.pad[dims.first + i]);
      stride[i] = static_cast<int>(s.stride[dims.first + i]);
      dilation[i] = static_cast<int>(s.dilation[dims.first + i]);
    }
    check(api().cudnnSetConvolutionNdDescriptor(d, dims.spatial, pad, stride, dilation, CUDNN_CROSS_CORRELATION,
                                                data_type(t)),
          "cudnnSetConvolutionNdDescriptor");
    check(api().cudnnSetConvolutionGroupCount(d, static_cast<int>(s.groups)), "cudnnSetConvolutionGroupCount");
    // FMA math keeps float32 exact to float32; the default lets Ampere and later use TF32 (PyTorch's switch).
    const cudnnMathType_t math = t == DType::Float32 && !allow_tf32 ? CUDNN_FMA_MATH : CUDNN_DEFAULT_MATH;
    check(api().cudnnSetConvolutionMathType(d, math), "cudnnSetConvolutionMathType");
  }
  ~ConvDesc() { api().cudnnDestroyConvolutionDescriptor(d); }
  ConvDesc(const ConvDesc&) = delete;
  ConvDesc& operator=(const ConvDesc&) = delete;
};

// Everything an algorithm choice depends on, compared bytewise.
enum class Pass : int64_t { Forward, BackwardData, BackwardFilter };
struct Key {
  cpu::ConvShape s;
  int64_t pass = 0, dtype = 0, tf32 = 0, device = 0;
  bool operator<(const Key& o) const { return std::memcmp(this, &o, sizeof(Key)) < 0; }
};
static_assert(sizeof(Key) == sizeof(cpu::ConvShape) + 4 * sizeof(int64_t), "keys compare bytewise: no padding");
struct Choice {
  int algo;
  size_t workspace;
};

// The first algorithm cuDNN's heuristics rank that can run here, per shape.
template <class Query>
Choice choose(const Key& key, Query query) {
  static std::map<Key, Choice> cache;
  static std::mutex mutex;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
  }
  const Choice c = query();
  std::lock_guard<std::mutex> lock(mutex);
  cache.emplace(key, c);
  return c;
}

template <class Perf>
Choice first_usable(const Perf* perf, int count, const char* what) {
  for (int i = 0; i < count; ++i)
    if (perf[i].status == CUDNN_STATUS_SUCCESS) return {static_cast<int>(perf[i].algo), perf[i].memory};
  EMBER_FAIL(Runtime, "cuDNN found no ", what, " algorithm for this convolution");
}

Key key_of(const cpu::ConvShape& s, Pass pass, DType t, bool tf32) {
  Key k;
  k.s = s;
  k.pass = static_cast<int64_t>(pass);
  k.dtype = static_cast<int64_t>(t);
  k.tf32 = tf32;
  k.device = current_device_index();
  return k;
}

// A convolution's descriptors (x, y, the filter w, conv) and this thread's
// handle, with alpha = 1 and beta = 0 in the type cuDNN reads them as
// (double for double data).
struct Convolution {
  DType t;
  Dims dims;
  TensorDesc x, y;
  FilterDesc w;
  ConvDesc conv;
  cudnnHandle_t h;
  double d1 = 1, d0 = 0;
  float f1 = 1, f0 = 0;
  Convolution(DType dtype, const cpu::ConvShape& s, bool allow_tf32)
      : t(dtype),
        dims(dims_of(s)),
        x(t, s.batch, s.in_channels, s.in, dims),
        y(t, s.batch, s.out_channels, s.out, dims),
        w(t, s, dims),
        conv(t, s, dims, allow_tf32),
        h(handle()) {}
  const void* one() const { return t == DType::Float64 ? static_cast<const void*>(&d1) : &f1; }
  const void* zero() const { return t == DType::Float64 ? static_cast<const void*>(&d0) : &f0; }
};

constexpr int kMaxAlgos = 16;

}  // namespace

int version() { return api().version; }
std::string unavailable_reason() { return api().version ? std::string() : api().reason; }
bool use_for(DType dtype, const cpu::ConvShape& s) {
  if (!g_enabled || (dtype != DType::Float32 && dtype != DType::Float64)) return false;
  constexpr int64_t kIntMax = 2147483647;  // descriptors hold ints, strides included
  const int64_t channels = std::max(s.in_channels, s.out_channels);
  if (s.batch * channels * std::max(s.in_volume(), s.out_volume()) > kIntMax) return false;
  return api().version != 0;
}

void conv_forward(const Tensor& out, const Tensor& x, const Tensor& w, const cpu::ConvShape& s, bool allow_tf32) {
  const Convolution c(out.dtype(), s, allow_tf32);
  const Choice a = choose(key_of(s, Pass::Forward, c.t, allow_tf32), [&] {
    cudnnConvolutionFwdAlgoPerf_t perf[kMaxAlgos];
    int n = 0;
    check(api().cudnnGetConvolutionForwardAlgorithm_v7(c.h, c.x.d, c.w.d, c.conv.d, c.y.d, kMaxAlgos, &n, perf),
          "cudnnGetConvolutionForwardAlgorithm_v7");
    return first_usable(perf, n, "forward");
  });
  Scratch workspace(a.workspace);
  check(api().cudnnConvolutionForward(c.h, c.one(), c.x.d, x.data_ptr(), c.w.d, w.data_ptr(), c.conv.d,
                                      static_cast<cudnnConvolutionFwdAlgo_t>(a.algo), workspace.data(), a.workspace,
                                      c.zero(), c.y.d, out.data_ptr()),
        "cudnnConvolutionForward");
}

void conv_backward_data(const Tensor& grad_x, const Tensor& grad_out, const Tensor& w, const cpu::ConvShape& s,
                        bool allow_tf32) {
  const Convolution c(grad_x.dtype(), s, allow_tf32);
  const Choice a = choose(key_of(s, Pass::BackwardData, c.t, allow_tf32), [&] {
    cudnnConvolutionBwdDataAlgoPerf_t perf[kMaxAlgos];
    int n = 0;
    check(api().cudnnGetConvolutionBackwardDataAlgorithm_v7(c.h, c.w.d, c.y.d, c.conv.d, c.x.d, kMaxAlgos, &n, perf),
          "cudnnGetConvolutionBackwardDataAlgorithm_v7");
    return first_usable(perf, n, "backward data");
  });
  Scratch workspace(a.workspace);
  check(api().cudnnConvolutionBackwardData(c.h, c.one(), c.w.d, w.data_ptr(), c.y.d, grad_out.data_ptr(), c.conv.d,
                                           static_cast<cudnnConvolutionBwdDataAlgo_t>(a.algo), workspace.data(),
                                           a.workspace, c.zero(), c.x.d, grad_x.data_ptr()),
        "cudnnConvolutionBackwardData");
}

void conv_backward_weight(const Tensor& grad_w, const Tensor& grad_out, const Tensor& x, const cpu::ConvShape& s,
                          bool allow_tf32) {
  const Convolution c(grad_w.dtype(), s, allow_tf32);
  const Choice a = choose(key_of(s, Pass::BackwardFilter, c.t, allow_tf32), [&] {
    cudnnConvolutionBwdFilterAlgoPerf_t perf[kMaxAlgos];
    int n = 0;
    check(api().cudnnGetConvolutionBackwardFilterAlgorithm_v7(c.h, c.x.d, c.y.d, c.conv.d, c.w.d, kMaxAlgos, &n, perf),
          "cudnnGetConvolutionBackwardFilterAlgorithm_v7");
    return first_usable(perf, n, "backward filter");
  });
  Scratch workspace(a.workspace);
  check(api().cudnnConvolutionBackwardFilter(c.h, c.one(), c.x.d, x.data_ptr(), c.y.d, grad_out.data_ptr(), c.conv.d,
                                             static_cast<cudnnConvolutionBwdFilterAlgo_t>(a.algo), workspace.data(),
                                             a.workspace, c.zero(), c.w.d, grad_w.data_ptr()),
        "cudnnConvolutionBackwardFilter");
}

#endif  // EMBER_HAVE_CUDNN

}  // namespace ember::cuda::cudnn
