#include "ember/dtype.h"

#include <atomic>

namespace ember {

const DTypeTraits& traits(DType t) {
  static const DTypeTraits table[kNumDTypes] = {
      {"bool", 1},    {"uint8", 1},    {"int8", 1},    {"int16", 2},   {"int32", 4},     {"int64", 8},
      {"float16", 2}, {"bfloat16", 2}, {"float32", 4}, {"float64", 8}, {"complex64", 8}, {"complex128", 16},
  };
  auto i = static_cast<int>(t);
  EMBER_CHECK(i >= 0 && i < kNumDTypes, Runtime, "corrupt dtype value ", i);
  return table[i];
}

namespace {
std::atomic<DType> g_default_dtype{DType::Float32};
}  // namespace

DType default_dtype() { return g_default_dtype.load(std::memory_order_relaxed); }

void set_default_dtype(DType t) {
  EMBER_CHECK(is_floating(t), Type, "set_default_dtype: only floating-point dtypes can be the default, got ", name(t));
  g_default_dtype.store(t, std::memory_order_relaxed);
}

}  // namespace ember
