// CPU kernels. Inputs are already validated by the op front ends.
#pragma once

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
// out = a @ b for 2-D float32/float64, through the BLAS.
void gemm(const Tensor& out, const Tensor& a, const Tensor& b);
// Whether gemm can read this 2-D operand in place (one unit stride, ld in range).
bool gemm_accepts(const Tensor& t);

}  // namespace ember::cpu
