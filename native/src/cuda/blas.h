// Matrix products through cuBLAS (from the nvidia-cublas wheel).
#pragma once

#include <span>

#include "ember/scalar.h"
#include "ember/tensor.h"

namespace ember::cuda {

// cpu::gemm_batched's contract, for float16, bfloat16, float32 and float64.
void gemm_batched(const Tensor& out, const Tensor& a, const Tensor& b, std::span<const int64_t> a_offsets,
                  std::span<const int64_t> b_offsets, const Scalar& alpha, const Scalar& beta);
// TF32 tensor cores for float32 products (ember.backends.cuda.matmul.allow_tf32; off by default, as PyTorch).
void set_allow_tf32(bool allow);
bool allow_tf32();

}  // namespace ember::cuda
