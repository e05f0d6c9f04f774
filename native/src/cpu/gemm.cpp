#include <cblas.h>

#include <climits>

#include "kernels.h"

namespace ember::cpu {
namespace {

// How the BLAS should read a 2-D operand without copying it: row-major with
// leading dimension ld, either as stored or transposed. Returns false when
// neither stride is 1 (the caller makes it contiguous first).
bool blas_layout(const Tensor& t, CBLAS_TRANSPOSE* trans, blasint* ld) {
  const int64_t rows = t.size(0), cols = t.size(1);
  const int64_t s0 = t.stride(0), s1 = t.stride(1);
  if ((s1 == 1 || cols == 1) && s0 >= std::max<int64_t>(cols, 1) && s0 <= INT_MAX) {
    *trans = CblasNoTrans;
    *ld = static_cast<blasint>(s0);
    return true;
  }
  if ((s0 == 1 || rows == 1) && s1 >= std::max<int64_t>(rows, 1) && s1 <= INT_MAX) {
    *trans = CblasTrans;
    *ld = static_cast<blasint>(s1);
    return true;
  }
  return false;
}

}  // namespace

void gemm(const Tensor& out, const Tensor& a, const Tensor& b) {
  const auto m = static_cast<blasint>(a.size(0)), k = static_cast<blasint>(a.size(1));
  const auto n = static_cast<blasint>(b.size(1));
  CBLAS_TRANSPOSE ta, tb;
  blasint lda, ldb;
  // Front end guarantees layouts the BLAS accepts (see ops/matmul.cpp).
  blas_layout(a, &ta, &lda);
  blas_layout(b, &tb, &ldb);
  const blasint ldc = std::max<blasint>(n, 1);
  if (out.dtype() == DType::Float32) {
    scipy_cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, 1.0f, a.data<float>(), lda, b.data<float>(), ldb, 0.0f,
                      out.data<float>(), ldc);
  } else {
    scipy_cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, 1.0, a.data<double>(), lda, b.data<double>(), ldb, 0.0,
                      out.data<double>(), ldc);
  }
}

bool gemm_accepts(const Tensor& t) {
  CBLAS_TRANSPOSE trans;
  blasint ld;
  return blas_layout(t, &trans, &ld);
}

}  // namespace ember::cpu
