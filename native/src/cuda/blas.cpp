#include "blas.h"

#include <cublas_v2.h>

#include <array>
#include <atomic>
#include <complex>
#include <mutex>

#include "cuda_check.h"
#include "streams.h"

namespace ember::cuda {
namespace {

std::atomic<bool> g_allow_tf32{false};
std::atomic<bool> g_conv_allow_tf32{true};

void check_blas(cublasStatus_t status, const char* what) {
  EMBER_CHECK(status == CUBLAS_STATUS_SUCCESS, Runtime, "cuBLAS error in ", what, ": ", cublasGetStatusName(status),
              " (", cublasGetStatusString(status), ")");
}

// One handle per device, made on first use and kept (handles are costly).
cublasHandle_t handle() {
  static std::array<cublasHandle_t, 64> handles{};
  static std::mutex mutex;
  const int device = current_device_index();
  std::lock_guard<std::mutex> lock(mutex);
  if (!handles[device]) check_blas(cublasCreate(&handles[device]), "cublasCreate");
  return handles[device];
}

// How cuBLAS (column-major) sees a row-major matrix in t's last two dims: a
// row-major (r x c) matrix with unit column stride is the column-major (c x r)
// matrix with ld = row stride; one with unit row stride is column-major (r x c)
// transposed.
struct Operand {
  cublasOperation_t op;
  int64_t ld;
};
Operand operand_of(const Tensor& t) {
  const int64_t d = t.dim(), rows = t.size(d - 2), cols = t.size(d - 1);
  const int64_t sr = t.stride(d - 2), sc = t.stride(d - 1);
  if (sc == 1 || cols == 1) return {CUBLAS_OP_N, std::max<int64_t>({sr, cols, 1})};
  return {CUBLAS_OP_T, std::max<int64_t>({sc, rows, 1})};
}

bool uniform(std::span<const int64_t> offsets, int64_t& stride) {
  stride = offsets.size() > 1 ? offsets[1] - offsets[0] : 0;
  for (size_t i = 1; i < offsets.size(); ++i)
    if (offsets[i] - offsets[i - 1] != stride) return false;
  return true;
}

}  // namespace

void set_allow_tf32(bool allow) { g_allow_tf32 = allow; }
bool allow_tf32() { return g_allow_tf32; }
void set_conv_allow_tf32(bool allow) { g_conv_allow_tf32 = allow; }
bool conv_allow_tf32() { return g_conv_allow_tf32; }

void gemm_batched(const Tensor& out, const Tensor& a, const Tensor& b, std::span<const int64_t> a_offsets,
                  std::span<const int64_t> b_offsets, const Scalar& alpha_in, const Scalar& beta_in) {
  const int64_t d = out.dim(), m = out.size(d - 2), n = out.size(d - 1), k = a.size(a.dim() - 1);
  const int64_t batch = static_cast<int64_t>(a_offsets.size());
  cudaDataType_t type;
  cublasComputeType_t compute;
  switch (out.dtype()) {
    case DType::Float16:
      type = CUDA_R_16F;
      compute = CUBLAS_COMPUTE_32F;
      break;
    case DType::BFloat16:
      type = CUDA_R_16BF;
      compute = CUBLAS_COMPUTE_32F;
      break;
    case DType::Float32:
      type = CUDA_R_32F;
      compute = g_allow_tf32 ? CUBLAS_COMPUTE_32F_FAST_TF32 : CUBLAS_COMPUTE_32F;
      break;
    case DType::Float64:
      type = CUDA_R_64F;
      compute = CUBLAS_COMPUTE_64F;
      break;
    case DType::Complex64:  // in full float32 precision: allow_tf32 is applied to float32 only
      type = CUDA_C_32F;
      compute = CUBLAS_COMPUTE_32F;
      break;
    case DType::Complex128:
      type = CUDA_C_64F;
      compute = CUBLAS_COMPUTE_64F;
      break;
    default: EMBER_FAIL(NotImplemented, "matmul: no CUDA kernel for ", name(out.dtype()));
  }
  // Scalars in the compute type's precision, complex ones as (real, imaginary) pairs.
  const std::complex<double> alpha_c = alpha_in.to_complex(), beta_c = beta_in.to_complex();
  const double alpha_d[2] = {alpha_c.real(), alpha_c.imag()}, beta_d[2] = {beta_c.real(), beta_c.imag()};
  const float alpha_f[2] = {float(alpha_d[0]), float(alpha_d[1])}, beta_f[2] = {float(beta_d[0]), float(beta_d[1])};
  const bool in_double = compute == CUBLAS_COMPUTE_64F;
  const void* alpha = in_double ? static_cast<const void*>(alpha_d) : alpha_f;
  const void* beta = in_double ? static_cast<const void*>(beta_d) : beta_f;

  // Row-major C (m x n) = A @ B is column-major C^T (n x m) = B^T A^T.
  const Operand ob = operand_of(b), oa = operand_of(a);
  cublasHandle_t h = handle();
  check_blas(cublasSetStream(h, current_cuda_stream()), "cublasSetStream");
  const int64_t item = itemsize(out.dtype());
  const auto* a_base = static_cast<const char*>(a.data_ptr());
  const auto* b_base = static_cast<const char*>(b.data_ptr());
  auto* c_base = static_cast<char*>(out.data_ptr());
  int64_t a_stride = 0, b_stride = 0;
  if (uniform(a_offsets, a_stride) && uniform(b_offsets, b_stride)) {
    check_blas(
        cublasGemmStridedBatchedEx(h, ob.op, oa.op, int(n), int(m), int(k), alpha, b_base + b_offsets[0] * item, type,
                                   int(ob.ld), b_stride, a_base + a_offsets[0] * item, type, int(oa.ld), a_stride, beta,
                                   c_base, type, int(n), m * n, int(batch), compute, CUBLAS_GEMM_DEFAULT),
        "matmul (cublasGemmStridedBatchedEx)");
    return;
  }
  for (int64_t i = 0; i < batch; ++i)
    check_blas(cublasGemmEx(h, ob.op, oa.op, int(n), int(m), int(k), alpha, b_base + b_offsets[i] * item, type,
                            int(ob.ld), a_base + a_offsets[i] * item, type, int(oa.ld), beta, c_base + i * m * n * item,
                            type, int(n), compute, CUBLAS_GEMM_DEFAULT),
               "matmul (cublasGemmEx)");
}

void gemm_row_major(DType dtype, bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const void* a,
                    int64_t lda, int64_t stride_a, const void* b, int64_t ldb, int64_t stride_b, void* c, int64_t ldc,
                    int64_t stride_c, int64_t batch, double alpha, double beta, bool tf32) {
  const bool f64 = dtype == DType::Float64;
  const cudaDataType_t type = f64 ? CUDA_R_64F : CUDA_R_32F;
  const cublasComputeType_t compute =
      f64 ? CUBLAS_COMPUTE_64F : (tf32 ? CUBLAS_COMPUTE_32F_FAST_TF32 : CUBLAS_COMPUTE_32F);
  const float af = static_cast<float>(alpha), bf = static_cast<float>(beta);
  const void* pa = f64 ? static_cast<const void*>(&alpha) : &af;
  const void* pb = f64 ? static_cast<const void*>(&beta) : &bf;
  cublasHandle_t h = handle();
  check_blas(cublasSetStream(h, current_cuda_stream()), "cublasSetStream");
  // Row-major C = A B is column-major C^T = B^T A^T.
  check_blas(
      cublasGemmStridedBatchedEx(h, trans_b ? CUBLAS_OP_T : CUBLAS_OP_N, trans_a ? CUBLAS_OP_T : CUBLAS_OP_N, int(n),
                                 int(m), int(k), pa, b, type, int(ldb), stride_b, a, type, int(lda), stride_a, pb, c,
                                 type, int(ldc), stride_c, int(batch), compute, CUBLAS_GEMM_DEFAULT),
      "convolution (cublasGemmStridedBatchedEx)");
}

}  // namespace ember::cuda
