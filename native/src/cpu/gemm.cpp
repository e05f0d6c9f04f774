#include <cblas.h>
#include <pthread.h>

#include <atomic>
#include <climits>
#include <complex>
#include <vector>

#include "ember/parallel.h"
#include "kernels.h"

namespace ember::cpu {

// scipy-openblas32 0.3.34 (Haswell kernels) runs SGEMMs with a packed B of
// under ~200K elements (64x576x256, 256^3) 3x slower, for the whole process,
// until one SGEMM with a larger B has run: 11 vs 36 GFLOP/s, measured here,
// NumPy's copy alike. So each thread's first SGEMM is preceded by one such
// (~1 ms, once). DGEMM doesn't show it. OpenBLAS frees its buffers around
// fork() (its own atfork handlers), which brings the slow state back in the
// parent and the child (a DataLoader with workers did): a fork starts a new
// generation, which each thread warms again.
namespace {
std::atomic<int> g_sgemm_generation{0};
void next_sgemm_generation() { g_sgemm_generation.fetch_add(1, std::memory_order_relaxed); }
[[maybe_unused]] const int g_atfork = pthread_atfork(nullptr, next_sgemm_generation, next_sgemm_generation);
}  // namespace

void warm_sgemm() {
  static thread_local int warmed = -1;
  const int generation = g_sgemm_generation.load(std::memory_order_relaxed);
  if (warmed == generation) return;
  warmed = generation;
  constexpr int64_t m = 64, k = 576, n = 384;
  std::vector<float> a(m * k, 0.0f), b(k * n, 0.0f), c(m * n);
  scipy_cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, a.data(), k, b.data(), n, 0.0f, c.data(),
                    n);
}

namespace {

// How the BLAS should read a rows x cols matrix with strides (s0, s1) without
// copying it: row-major with leading dimension ld, either as stored or
// transposed. Returns false when neither stride is 1 (the caller copies).
bool blas_layout(int64_t rows, int64_t cols, int64_t s0, int64_t s1, CBLAS_TRANSPOSE* trans, blasint* ld) {
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

struct Layout {
  CBLAS_TRANSPOSE trans;
  blasint ld;
};

Layout layout_of(const Tensor& t) {
  const int64_t d = t.dim();
  Layout l{CblasNoTrans, 1};
  blas_layout(t.size(d - 2), t.size(d - 1), t.stride(d - 2), t.stride(d - 1), &l.trans, &l.ld);
  return l;
}

template <class T>
void blas_gemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, blasint m, blasint n, blasint k, T alpha, const T* a,
               blasint lda, const T* b, blasint ldb, T beta, T* c, blasint ldc) {
  if constexpr (std::is_same_v<T, float>) {
    warm_sgemm();
    scipy_cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  } else if constexpr (std::is_same_v<T, double>)
    scipy_cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  else if constexpr (std::is_same_v<T, std::complex<float>>)
    scipy_cblas_cgemm(CblasRowMajor, ta, tb, m, n, k, &alpha, a, lda, b, ldb, &beta, c, ldc);
  else
    scipy_cblas_zgemm(CblasRowMajor, ta, tb, m, n, k, &alpha, a, lda, b, ldb, &beta, c, ldc);
}

// Integer products (PyTorch wraps around on overflow, as this does): no BLAS
// has them. i-p-j order streams rows of b and out.
template <class T>
void naive_gemm(int64_t m, int64_t n, int64_t k, T alpha, const T* a, int64_t as0, int64_t as1, const T* b, int64_t bs0,
                int64_t bs1, T beta, T* c) {
  using U = std::make_unsigned_t<T>;  // wrap-around arithmetic without signed-overflow UB
  for (int64_t i = 0; i < m; ++i) {
    T* row = c + i * n;
    for (int64_t j = 0; j < n; ++j) row[j] = beta == T(0) ? T(0) : static_cast<T>(U(beta) * U(row[j]));
    for (int64_t p = 0; p < k; ++p) {
      const U aip = U(alpha) * U(a[i * as0 + p * as1]);
      const T* brow = b + p * bs0;
      for (int64_t j = 0; j < n; ++j) row[j] = static_cast<T>(U(row[j]) + aip * U(brow[j * bs1]));
    }
  }
}

}  // namespace

bool gemm_accepts(const Tensor& t) {
  const int64_t d = t.dim();
  CBLAS_TRANSPOSE trans;
  blasint ld;
  return blas_layout(t.size(d - 2), t.size(d - 1), t.stride(d - 2), t.stride(d - 1), &trans, &ld);
}

void gemm_batched(const Tensor& out, const Tensor& a, const Tensor& b, std::span<const int64_t> a_offsets,
                  std::span<const int64_t> b_offsets, const Scalar& alpha, const Scalar& beta) {
  const int64_t batch = static_cast<int64_t>(a_offsets.size());
  const int64_t ad = a.dim(), bd = b.dim();
  const int64_t m = a.size(ad - 2), k = a.size(ad - 1), n = b.size(bd - 1);
  visit_dtype(out.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double> || std::is_same_v<T, std::complex<float>> ||
                  std::is_same_v<T, std::complex<double>>) {
      // Front end guarantees layouts the BLAS accepts (see ops/matmul.cpp).
      const Layout la = layout_of(a), lb = layout_of(b);
      const T* pa = a.data<T>();
      const T* pb = b.data<T>();
      T* pc = out.data<T>();
      const T al = alpha.to<T>(), be = beta.to<T>();
      const blasint ldc = static_cast<blasint>(std::max<int64_t>(n, 1));
      for (int64_t i = 0; i < batch; ++i)
        blas_gemm<T>(la.trans, lb.trans, static_cast<blasint>(m), static_cast<blasint>(n), static_cast<blasint>(k), al,
                     pa + a_offsets[i], la.ld, pb + b_offsets[i], lb.ld, be, pc + i * m * n, ldc);
    } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      const T* pa = a.data<T>();
      const T* pb = b.data<T>();
      T* pc = out.data<T>();
      const T al = alpha.to<T>(), be = beta.to<T>();
      const int64_t as0 = a.stride(ad - 2), as1 = a.stride(ad - 1), bs0 = b.stride(bd - 2), bs1 = b.stride(bd - 1);
      const int64_t grain = std::max<int64_t>(1, 32768 / std::max<int64_t>(1, m * n * k));
      parallel_for(0, batch, grain, [&](int64_t lo, int64_t hi) {
        for (int64_t i = lo; i < hi; ++i)
          naive_gemm<T>(m, n, k, al, pa + a_offsets[i], as0, as1, pb + b_offsets[i], bs0, bs1, be, pc + i * m * n);
      });
    } else {
      EMBER_FAIL(Runtime, "gemm_batched: no kernel for ", name(out.dtype()));
    }
  });
}

void gemm(const Tensor& out, const Tensor& a, const Tensor& b) {
  const int64_t zero = 0;
  gemm_batched(out, a, b, {&zero, 1}, {&zero, 1}, Scalar(int64_t{1}), Scalar(int64_t{0}));
}

}  // namespace ember::cpu
