// The CUDA side of the elementwise iterator: device element types, and one
// launcher that runs a functor over a LaunchLayout (core/cuda_backend.h).
// Every elementwise op, cast and fill goes through launch(); ops differ only
// in their functor.
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cuda/std/bit>
#include <cuda/std/complex>
#include <cuda/std/tuple>
#include <type_traits>
#include <utility>

#include "../core/cuda_backend.h"
#include "cuda_check.h"
#include "streams.h"

namespace ember::cuda {

// complex64/complex128 on the device: libcu++'s complex, which has device-side
// math. Elements are read in place from memory the host writes as
// std::complex, so the layouts must agree: two parts, real first, no padding.
template <class R>
using Complex = ::cuda::std::complex<R>;
static_assert(sizeof(Complex<float>) == 2 * sizeof(float) && sizeof(Complex<double>) == 2 * sizeof(double));
static_assert(std::is_standard_layout_v<Complex<float>> && std::is_trivially_copyable_v<Complex<float>>);
static_assert(std::is_standard_layout_v<Complex<double>> && std::is_trivially_copyable_v<Complex<double>>);
struct FloatPair {
  float first, second;
};
static_assert(::cuda::std::bit_cast<FloatPair>(Complex<float>(1.f, 2.f)).first == 1.f, "real part first");

template <class T>
struct IsComplex : std::false_type {};
template <class R>
struct IsComplex<Complex<R>> : std::true_type {};
template <class T>
constexpr bool kComplex = IsComplex<T>::value;

// The device type of each dtype.
template <DType D>
struct DeviceScalar;
#define EMBER_DEVICE_SCALAR(D, T) \
  template <>                     \
  struct DeviceScalar<DType::D> { \
    using type = T;               \
  };
EMBER_DEVICE_SCALAR(Bool, bool)
EMBER_DEVICE_SCALAR(UInt8, uint8_t)
EMBER_DEVICE_SCALAR(Int8, int8_t)
EMBER_DEVICE_SCALAR(Int16, int16_t)
EMBER_DEVICE_SCALAR(Int32, int32_t)
EMBER_DEVICE_SCALAR(Int64, int64_t)
EMBER_DEVICE_SCALAR(Float16, __half)
EMBER_DEVICE_SCALAR(BFloat16, __nv_bfloat16)
EMBER_DEVICE_SCALAR(Float32, float)
EMBER_DEVICE_SCALAR(Float64, double)
EMBER_DEVICE_SCALAR(Complex64, Complex<float>)
EMBER_DEVICE_SCALAR(Complex128, Complex<double>)
#undef EMBER_DEVICE_SCALAR

// Calls f(std::type_identity<T>{}) for a real or bool dtype's device type;
// false for complex dtypes (visit_complex_dtype), which most kernels lack.
template <class F>
bool visit_device_dtype(DType dtype, F&& f) {
  switch (dtype) {
    case DType::Bool: f(std::type_identity<bool>{}); return true;
    case DType::UInt8: f(std::type_identity<uint8_t>{}); return true;
    case DType::Int8: f(std::type_identity<int8_t>{}); return true;
    case DType::Int16: f(std::type_identity<int16_t>{}); return true;
    case DType::Int32: f(std::type_identity<int32_t>{}); return true;
    case DType::Int64: f(std::type_identity<int64_t>{}); return true;
    case DType::Float16: f(std::type_identity<__half>{}); return true;
    case DType::BFloat16: f(std::type_identity<__nv_bfloat16>{}); return true;
    case DType::Float32: f(std::type_identity<float>{}); return true;
    case DType::Float64: f(std::type_identity<double>{}); return true;
    default: return false;
  }
}

// The same for complex64 and complex128; false for the other dtypes.
template <class F>
bool visit_complex_dtype(DType dtype, F&& f) {
  switch (dtype) {
    case DType::Complex64: f(std::type_identity<Complex<float>>{}); return true;
    case DType::Complex128: f(std::type_identity<Complex<double>>{}); return true;
    default: return false;
  }
}

// f(std::type_identity<T>{}) for float32 or float64, the dtypes of kernels
// that compute in the input's precision; NotImplementedError naming op otherwise.
template <class F>
void visit_float(DType t, const char* op, F&& f) {
  EMBER_CHECK(t == DType::Float32 || t == DType::Float64, NotImplemented, op, ": no CUDA kernel for ", name(t));
  if (t == DType::Float32)
    f(std::type_identity<float>{});
  else
    f(std::type_identity<double>{});
}

template <class T>
constexpr DType dtype_of() {
  if constexpr (std::is_same_v<T, bool>)
    return DType::Bool;
  else if constexpr (std::is_same_v<T, uint8_t>)
    return DType::UInt8;
  else if constexpr (std::is_same_v<T, int8_t>)
    return DType::Int8;
  else if constexpr (std::is_same_v<T, int16_t>)
    return DType::Int16;
  else if constexpr (std::is_same_v<T, int32_t>)
    return DType::Int32;
  else if constexpr (std::is_same_v<T, int64_t>)
    return DType::Int64;
  else if constexpr (std::is_same_v<T, __half>)
    return DType::Float16;
  else if constexpr (std::is_same_v<T, __nv_bfloat16>)
    return DType::BFloat16;
  else if constexpr (std::is_same_v<T, float>)
    return DType::Float32;
  else if constexpr (std::is_same_v<T, double>)
    return DType::Float64;
  else if constexpr (std::is_same_v<T, Complex<float>>)
    return DType::Complex64;
  else
    return DType::Complex128;
}

// The type math runs in: float for the 16-bit floats, the type itself otherwise.
template <class T>
struct AccOf {
  using type = T;
};
template <>
struct AccOf<__half> {
  using type = float;
};
template <>
struct AccOf<__nv_bfloat16> {
  using type = float;
};
template <class T>
using Acc = typename AccOf<T>::type;

// Rounded steps nvcc never fuses into an FMA, for kernels that must round as
// the CPU's (built without FMA there) does.
__device__ __forceinline__ float mul_rn(float a, float b) { return __fmul_rn(a, b); }
__device__ __forceinline__ float add_rn(float a, float b) { return __fadd_rn(a, b); }
__device__ __forceinline__ double mul_rn(double a, double b) { return __dmul_rn(a, b); }
__device__ __forceinline__ double add_rn(double a, double b) { return __dadd_rn(a, b); }

// x < 0, said without comparing an unsigned type with zero (which nvcc warns of).
template <class A>
__device__ __forceinline__ bool below_zero(A x) {
  if constexpr (std::is_unsigned_v<A>)
    return false;
  else
    return x < A(0);
}

template <class T>
constexpr bool kFloating = std::is_floating_point_v<Acc<T>>;

// Value conversions the way the CPU's cast_value does them: through the
// accumulate type, bool as "not zero", complex to real keeping the real part.
template <class To, class From>
__device__ __forceinline__ To convert(From v) {
  if constexpr (std::is_same_v<To, From>) {
    return v;
  } else if constexpr (kComplex<From>) {
    if constexpr (std::is_same_v<To, bool>)
      return v.real() != 0 || v.imag() != 0;
    else if constexpr (kComplex<To>)
      return To(typename To::value_type(v.real()), typename To::value_type(v.imag()));
    else
      return convert<To>(v.real());
  } else if constexpr (kComplex<To>) {
    using R = typename To::value_type;
    return To(static_cast<R>(static_cast<Acc<From>>(v)), R(0));
  } else if constexpr (std::is_same_v<To, bool>) {
    return static_cast<Acc<From>>(v) != Acc<From>(0);
  } else if constexpr (std::is_same_v<To, __half> || std::is_same_v<To, __nv_bfloat16>) {
    return To(static_cast<float>(static_cast<Acc<From>>(v)));
  } else {
    return static_cast<To>(static_cast<Acc<From>>(v));
  }
}

// Operand k's element at byte offset `off` (or its host value).
template <class T>
__device__ __forceinline__ T load(const LaunchLayout& l, int k, int64_t off) {
  if (l.host_scalars & (1u << k)) return *reinterpret_cast<const T*>(l.scalar[k]);
  return *reinterpret_cast<const T*>(l.data[k] + off);
}

constexpr int kBlock = 256;
constexpr int kPerThread = 4;  // elements per thread in the contiguous kernel

// Dense operands: thread t of a block takes elements t, t + kBlock, ... of
// the block's tile, all loads before any store (an output may alias an input).
template <class Op, class Out, class... In, size_t... K>
__device__ __forceinline__ void contiguous_tile(const LaunchLayout& l, const Op& op, std::index_sequence<K...>) {
  const int64_t base = static_cast<int64_t>(blockIdx.x) * (kBlock * kPerThread) + threadIdx.x;
  ::cuda::std::tuple<In...> args[kPerThread];
#pragma unroll
  for (int j = 0; j < kPerThread; ++j) {
    const int64_t i = base + j * kBlock;
    if (i < l.numel) args[j] = ::cuda::std::tuple<In...>(load<In>(l, K + 1, i * int64_t(sizeof(In)))...);
  }
#pragma unroll
  for (int j = 0; j < kPerThread; ++j) {
    const int64_t i = base + j * kBlock;
    if (i < l.numel) reinterpret_cast<Out*>(l.data[0])[i] = ::cuda::std::apply(op, args[j]);
  }
}

template <class Op, class Out, class... In>
__global__ void __launch_bounds__(kBlock) contiguous_kernel(const __grid_constant__ LaunchLayout l, const Op op) {
  contiguous_tile<Op, Out, In...>(l, op, std::index_sequence_for<In...>{});
}

// Byte offsets of element i (row-major over the layout) in its first n operands.
__device__ __forceinline__ void layout_offsets(const LaunchLayout& l, int64_t i, int64_t* off, int n) {
  for (int k = 0; k < n; ++k) off[k] = 0;
  for (int d = 0; d < l.ndim; ++d) {
    const int64_t c = i % l.sizes[d];
    i /= l.sizes[d];
    for (int k = 0; k < n; ++k) off[k] += c * l.strides[k][d];
  }
}

// Blocks of kBlock threads for a grid-stride loop over n elements (capped; the loop covers the rest).
inline unsigned grid_for(int64_t n) {
  return static_cast<unsigned>(std::min<int64_t>((n + kBlock - 1) / kBlock, 1 << 20));
}

// Any layout: each element's operand offsets from its index, dim by dim.
template <class Op, class Out, class... In, size_t... K>
__device__ __forceinline__ void strided_element(const LaunchLayout& l, const Op& op, int64_t i,
                                                std::index_sequence<K...>) {
  int64_t off[kMaxOperands];
  layout_offsets(l, i, off, int(sizeof...(In)) + 1);
  *reinterpret_cast<Out*>(l.data[0] + off[0]) = op(load<In>(l, K + 1, off[K + 1])...);
}

template <class Op, class Out, class... In>
__global__ void __launch_bounds__(kBlock) strided_kernel(const __grid_constant__ LaunchLayout l, const Op op) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * kBlock;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * kBlock + threadIdx.x; i < l.numel; i += step)
    strided_element<Op, Out, In...>(l, op, i, std::index_sequence_for<In...>{});
}

// Runs op over the layout: out = op(in...) per element, on the current stream.
template <class Op, class Out, class... In>
void launch(const LaunchLayout& l, const Op& op) {
  if (l.numel == 0) return;
  const int64_t item[] = {int64_t(sizeof(Out)), int64_t(sizeof(In))...};
  bool dense = l.ndim <= 1;
  for (int k = 0; k <= int(sizeof...(In)) && dense; ++k)
    dense = (l.host_scalars & (1u << k)) || l.ndim == 0 || l.strides[k][0] == item[k];
  const cudaStream_t stream = current_cuda_stream();
  if (dense) {
    const int64_t blocks = (l.numel + kBlock * kPerThread - 1) / (kBlock * kPerThread);
    contiguous_kernel<Op, Out, In...><<<static_cast<unsigned>(blocks), kBlock, 0, stream>>>(l, op);
  } else {
    strided_kernel<Op, Out, In...><<<grid_for(l.numel), kBlock, 0, stream>>>(l, op);
  }
  check_launch("elementwise kernel");
}

// An op's parameter in the type its math runs in (integers exactly).
template <class A>
A param(const KernelParams& p, int i) {
  if constexpr (std::is_integral_v<A>)
    return static_cast<A>(p.i[i]);
  else
    return static_cast<A>(p.f[i]);
}

}  // namespace ember::cuda
