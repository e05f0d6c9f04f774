// Matrix products through cuBLAS (from the nvidia-cublas wheel).
#pragma once

#include <span>

#include "ember/scalar.h"
#include "ember/tensor.h"

namespace ember::cuda {

// cpu::gemm_batched's contract, for float16, bfloat16, float32, float64, complex64 and complex128.
void gemm_batched(const Tensor& out, const Tensor& a, const Tensor& b, std::span<const int64_t> a_offsets,
                  std::span<const int64_t> b_offsets, const Scalar& alpha, const Scalar& beta);
// Row-major C[i] = alpha * op(A[i]) @ op(B[i]) + beta * C[i] for i < batch, raw
// pointers of `dtype` (float32/float64; TF32 for float32 when `tf32`); lda/ldb/ldc are
// the stored row lengths, strides in elements between batch entries.
void gemm_row_major(DType dtype, bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const void* a,
                    int64_t lda, int64_t stride_a, const void* b, int64_t ldb, int64_t stride_b, void* c, int64_t ldc,
                    int64_t stride_c, int64_t batch, double alpha, double beta, bool tf32);
// TF32 tensor cores for float32 products (ember.backends.cuda.matmul.allow_tf32; off by default, as PyTorch).
void set_allow_tf32(bool allow);
bool allow_tf32();
// TF32 for convolutions (ember.backends.cudnn.allow_tf32; on by default, as PyTorch's cuDNN flag).
void set_conv_allow_tf32(bool allow);
bool conv_allow_tf32();

}  // namespace ember::cuda
