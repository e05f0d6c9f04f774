// Element types. The enum order is the promotion order inside a category.
#pragma once

#include <complex>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "ember/error.h"
#include "ember/half.h"

namespace ember {

enum class DType : uint8_t {
  Bool,
  UInt8,
  Int8,
  Int16,
  Int32,
  Int64,
  Float16,
  BFloat16,
  Float32,
  Float64,
  Complex64,
  Complex128,
};
constexpr int kNumDTypes = 12;

struct DTypeTraits {
  std::string_view name;  // PyTorch's spelling: "float32"
  int64_t itemsize;
};

const DTypeTraits& traits(DType t);
inline std::string_view name(DType t) { return traits(t).name; }
inline int64_t itemsize(DType t) { return traits(t).itemsize; }
inline bool is_complex(DType t) { return t == DType::Complex64 || t == DType::Complex128; }
inline bool is_floating(DType t) { return t >= DType::Float16 && t <= DType::Float64; }
inline bool is_integral(DType t, bool include_bool) { return t <= DType::Int64 && (include_bool || t != DType::Bool); }

// The dtype that floating-point Python numbers become (float32 unless set).
DType default_dtype();
void set_default_dtype(DType t);  // float32 or float64 (also float16/bfloat16, as PyTorch)

// The C++ type that stores each dtype, and back.
template <class T>
struct Tag {
  using type = T;
};

template <DType D>
struct CppType;
#define EMBER_CPP_TYPE(D, T) \
  template <>                \
  struct CppType<DType::D> { \
    using type = T;          \
  };
EMBER_CPP_TYPE(Bool, bool)
EMBER_CPP_TYPE(UInt8, uint8_t)
EMBER_CPP_TYPE(Int8, int8_t)
EMBER_CPP_TYPE(Int16, int16_t)
EMBER_CPP_TYPE(Int32, int32_t)
EMBER_CPP_TYPE(Int64, int64_t)
EMBER_CPP_TYPE(Float16, Half)
EMBER_CPP_TYPE(BFloat16, BFloat16)
EMBER_CPP_TYPE(Float32, float)
EMBER_CPP_TYPE(Float64, double)
EMBER_CPP_TYPE(Complex64, std::complex<float>)
EMBER_CPP_TYPE(Complex128, std::complex<double>)
#undef EMBER_CPP_TYPE

// The dtype stored as C++ type T.
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
  else if constexpr (std::is_same_v<T, Half>)
    return DType::Float16;
  else if constexpr (std::is_same_v<T, BFloat16>)
    return DType::BFloat16;
  else if constexpr (std::is_same_v<T, float>)
    return DType::Float32;
  else if constexpr (std::is_same_v<T, double>)
    return DType::Float64;
  else if constexpr (std::is_same_v<T, std::complex<float>>)
    return DType::Complex64;
  else
    return DType::Complex128;
}

// Calls f(Tag<T>{}) with T the storage type of `t`: the one switch over dtypes
// that every kernel goes through.
template <class F>
decltype(auto) visit_dtype(DType t, F&& f) {
  switch (t) {
    case DType::Bool: return f(Tag<bool>{});
    case DType::UInt8: return f(Tag<uint8_t>{});
    case DType::Int8: return f(Tag<int8_t>{});
    case DType::Int16: return f(Tag<int16_t>{});
    case DType::Int32: return f(Tag<int32_t>{});
    case DType::Int64: return f(Tag<int64_t>{});
    case DType::Float16: return f(Tag<Half>{});
    case DType::BFloat16: return f(Tag<BFloat16>{});
    case DType::Float32: return f(Tag<float>{});
    case DType::Float64: return f(Tag<double>{});
    case DType::Complex64: return f(Tag<std::complex<float>>{});
    case DType::Complex128: return f(Tag<std::complex<double>>{});
  }
  EMBER_FAIL(Runtime, "visit_dtype: corrupt dtype value ", static_cast<int>(t));
}

}  // namespace ember
