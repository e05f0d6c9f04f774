// CPU kernels. Inputs are already validated by the op front ends.
#pragma once

#include <span>

#include "ember/scalar.h"
#include "ember/tensor.h"

namespace ember::cpu {

void fill(const Tensor& out, const Scalar& value);
void copy(const Tensor& dst, const Tensor& src);  // same shape; casts between dtypes
void arange(const Tensor& out, const Scalar& start, const Scalar& step);
// PyTorch's formulas: start + i * step for the first half, end - (n-1-i) * step
// for the rest; logspace raises `base` to those values.
void linspace(const Tensor& out, const Scalar& start, const Scalar& end);
void logspace(const Tensor& out, const Scalar& start, const Scalar& end, double base);
// out[i] = alpha * A_i @ B_i + beta * out[i] for each batch index i, where A_i
// is the matrix in a's last two dims at element offset a_offsets[i] (B_i
// likewise) and out is a contiguous (batch, m, n) tensor. float/complex go
// through the BLAS (operands must pass gemm_accepts), integers through a
// plain loop; beta == 0 ignores out's old contents.
void gemm_batched(const Tensor& out, const Tensor& a, const Tensor& b, std::span<const int64_t> a_offsets,
                  std::span<const int64_t> b_offsets, const Scalar& alpha, const Scalar& beta);
// out = a @ b for 2-D operands (out contiguous): gemm_batched with one matrix.
void gemm(const Tensor& out, const Tensor& a, const Tensor& b);
// Runs one mid-sized SGEMM, once per thread, before the first real one:
// this OpenBLAS runs small SGEMMs 3x slower until a larger one has run.
void warm_sgemm();
// Whether the BLAS can read the matrices in t's last two dims in place (one
// unit stride, leading dimension in range).
bool gemm_accepts(const Tensor& t);

}  // namespace ember::cpu
