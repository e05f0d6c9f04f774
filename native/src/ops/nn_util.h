// Helpers shared by the nn front ends (conv, pool, norm, upsample).
#pragma once

#include <string>

#include "device_check.h"
#include "ember/error.h"
#include "ember/ops.h"

namespace ember::nn_util {

// float16/bfloat16 compute in float32; float32/float64 as they are.
inline DType compute_dtype(DType t, const char* op) {
  EMBER_CHECK(t == DType::Float32 || t == DType::Float64 || t == DType::Float16 || t == DType::BFloat16, NotImplemented,
              op, ": expected a floating-point input (float16, bfloat16, float32 or float64), got ", name(t));
  return t == DType::Float64 ? DType::Float64 : DType::Float32;
}

// t as a contiguous tensor of dtype (undefined stays undefined).
inline Tensor dense(const Tensor& t, DType dtype) {
  if (!t.defined()) return t;
  return contiguous(to_dtype(t, dtype));
}

// A per-dim parameter given as one value or `n`: one value repeats.
inline DimVector expand_param(IntArrayRef v, int64_t n, const char* what, const char* op) {
  if (v.size() == 1) return DimVector(n, v[0]);
  EMBER_CHECK(static_cast<int64_t>(v.size()) == n, Runtime, op, ": expected ", what,
              " to be a single integer value or a list of ", n, " values to match the dimensions, but got ", what, "=",
              list_str(v));
  return DimVector(v);
}

// The spatial sizes padded on the left with 1s to three dims (kernels see 3-D).
inline void to3(IntArrayRef v, int64_t fill, int64_t out[3]) {
  const int64_t lead = 3 - static_cast<int64_t>(v.size());
  for (int64_t i = 0; i < 3; ++i) out[i] = i < lead ? fill : v[i - lead];
}

inline void same_dtype(const Tensor& a, const Tensor& b, const char* what, const char* op) {
  if (!b.defined()) return;
  EMBER_CHECK(a.dtype() == b.dtype(), Runtime, op, ": expected ", what, " to have dtype ", name(a.dtype()),
              " as the input, but got ", name(b.dtype()));
  EMBER_CHECK(a.device() == b.device(), Runtime, op, ": expected ", what, " on device ", a.device().str(),
              " as the input, but got ", b.device().str());
}

}  // namespace ember::nn_util
