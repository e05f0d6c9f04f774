// OpenBLAS's LAPACKE "_work" routines with column-major layout: they call
// LAPACK directly (no NaN scans, no transposes), and the wrappers here do
// the work-space queries.
#include "lapack.h"

#include <algorithm>
#include <vector>

#define LAPACK_COMPLEX_CPP
#define lapack_complex_float std::complex<float>
#define lapack_complex_double std::complex<double>
#include <cblas.h>
#include <lapacke.h>

namespace ember::lapack {
namespace {

constexpr int kCol = LAPACK_COL_MAJOR;

template <class T>
int work_size(T w) {
  return std::max(1, static_cast<int>(std::real(w)));
}

// The LAPACK routines for each type, under one overloaded name each.
#define EMBER_SIMPLE(P, T)                                                                                        \
  int raw_getrf(int m, int n, T* a, int lda, int* ipiv) {                                                         \
    return scipy_LAPACKE_##P##getrf_work(kCol, m, n, a, lda, ipiv);                                               \
  }                                                                                                               \
  int raw_getrs(char tr, int n, int nrhs, const T* a, int lda, const int* ipiv, T* b, int ldb) {                  \
    return scipy_LAPACKE_##P##getrs_work(kCol, tr, n, nrhs, a, lda, ipiv, b, ldb);                                \
  }                                                                                                               \
  int raw_potrf(char uplo, int n, T* a, int lda) { return scipy_LAPACKE_##P##potrf_work(kCol, uplo, n, a, lda); } \
  int raw_geqrf(int m, int n, T* a, int lda, T* tau, T* work, int lwork) {                                        \
    return scipy_LAPACKE_##P##geqrf_work(kCol, m, n, a, lda, tau, work, lwork);                                   \
  }
EMBER_SIMPLE(s, float)
EMBER_SIMPLE(d, double)
EMBER_SIMPLE(c, c64)
EMBER_SIMPLE(z, c128)
#undef EMBER_SIMPLE

int raw_orgqr(int m, int n, int k, float* a, int lda, const float* tau, float* work, int lwork) {
  return scipy_LAPACKE_sorgqr_work(kCol, m, n, k, a, lda, tau, work, lwork);
}
int raw_orgqr(int m, int n, int k, double* a, int lda, const double* tau, double* work, int lwork) {
  return scipy_LAPACKE_dorgqr_work(kCol, m, n, k, a, lda, tau, work, lwork);
}
int raw_orgqr(int m, int n, int k, c64* a, int lda, const c64* tau, c64* work, int lwork) {
  return scipy_LAPACKE_cungqr_work(kCol, m, n, k, a, lda, tau, work, lwork);
}
int raw_orgqr(int m, int n, int k, c128* a, int lda, const c128* tau, c128* work, int lwork) {
  return scipy_LAPACKE_zungqr_work(kCol, m, n, k, a, lda, tau, work, lwork);
}

int raw_syevd(char jz, char ul, int n, float* a, int lda, float* w, float* work, int lwork, float*, int, int* iwork,
              int liwork) {
  return scipy_LAPACKE_ssyevd_work(kCol, jz, ul, n, a, lda, w, work, lwork, iwork, liwork);
}
int raw_syevd(char jz, char ul, int n, double* a, int lda, double* w, double* work, int lwork, double*, int, int* iwork,
              int liwork) {
  return scipy_LAPACKE_dsyevd_work(kCol, jz, ul, n, a, lda, w, work, lwork, iwork, liwork);
}
int raw_syevd(char jz, char ul, int n, c64* a, int lda, float* w, c64* work, int lwork, float* rwork, int lrwork,
              int* iwork, int liwork) {
  return scipy_LAPACKE_cheevd_work(kCol, jz, ul, n, a, lda, w, work, lwork, rwork, lrwork, iwork, liwork);
}
int raw_syevd(char jz, char ul, int n, c128* a, int lda, double* w, c128* work, int lwork, double* rwork, int lrwork,
              int* iwork, int liwork) {
  return scipy_LAPACKE_zheevd_work(kCol, jz, ul, n, a, lda, w, work, lwork, rwork, lrwork, iwork, liwork);
}

int raw_gesdd(char jz, int m, int n, float* a, int lda, float* s, float* u, int ldu, float* vt, int ldvt, float* work,
              int lwork, float*, int* iwork) {
  return scipy_LAPACKE_sgesdd_work(kCol, jz, m, n, a, lda, s, u, ldu, vt, ldvt, work, lwork, iwork);
}
int raw_gesdd(char jz, int m, int n, double* a, int lda, double* s, double* u, int ldu, double* vt, int ldvt,
              double* work, int lwork, double*, int* iwork) {
  return scipy_LAPACKE_dgesdd_work(kCol, jz, m, n, a, lda, s, u, ldu, vt, ldvt, work, lwork, iwork);
}
int raw_gesdd(char jz, int m, int n, c64* a, int lda, float* s, c64* u, int ldu, c64* vt, int ldvt, c64* work,
              int lwork, float* rwork, int* iwork) {
  return scipy_LAPACKE_cgesdd_work(kCol, jz, m, n, a, lda, s, u, ldu, vt, ldvt, work, lwork, rwork, iwork);
}
int raw_gesdd(char jz, int m, int n, c128* a, int lda, double* s, c128* u, int ldu, c128* vt, int ldvt, c128* work,
              int lwork, double* rwork, int* iwork) {
  return scipy_LAPACKE_zgesdd_work(kCol, jz, m, n, a, lda, s, u, ldu, vt, ldvt, work, lwork, rwork, iwork);
}

int raw_gelsd(int m, int n, int nrhs, float* a, int lda, float* b, int ldb, float* s, float rcond, int* rank,
              float* work, int lwork, float*, int* iwork) {
  return scipy_LAPACKE_sgelsd_work(kCol, m, n, nrhs, a, lda, b, ldb, s, rcond, rank, work, lwork, iwork);
}
int raw_gelsd(int m, int n, int nrhs, double* a, int lda, double* b, int ldb, double* s, double rcond, int* rank,
              double* work, int lwork, double*, int* iwork) {
  return scipy_LAPACKE_dgelsd_work(kCol, m, n, nrhs, a, lda, b, ldb, s, rcond, rank, work, lwork, iwork);
}
int raw_gelsd(int m, int n, int nrhs, c64* a, int lda, c64* b, int ldb, float* s, float rcond, int* rank, c64* work,
              int lwork, float* rwork, int* iwork) {
  return scipy_LAPACKE_cgelsd_work(kCol, m, n, nrhs, a, lda, b, ldb, s, rcond, rank, work, lwork, rwork, iwork);
}
int raw_gelsd(int m, int n, int nrhs, c128* a, int lda, c128* b, int ldb, double* s, double rcond, int* rank,
              c128* work, int lwork, double* rwork, int* iwork) {
  return scipy_LAPACKE_zgelsd_work(kCol, m, n, nrhs, a, lda, b, ldb, s, rcond, rank, work, lwork, rwork, iwork);
}

template <class T>
constexpr bool kComplex = std::is_same_v<T, c64> || std::is_same_v<T, c128>;

template <class T, class R>
int do_geqrf(int m, int n, T* a, int lda, T* tau) {
  T query{};
  raw_geqrf(m, n, a, lda, tau, &query, -1);
  std::vector<T> work(work_size(query));
  return raw_geqrf(m, n, a, lda, tau, work.data(), static_cast<int>(work.size()));
}

template <class T, class R>
int do_orgqr(int m, int n, int k, T* a, int lda, const T* tau) {
  T query{};
  raw_orgqr(m, n, k, a, lda, tau, &query, -1);
  std::vector<T> work(work_size(query));
  return raw_orgqr(m, n, k, a, lda, tau, work.data(), static_cast<int>(work.size()));
}

template <class T, class R>
int do_syevd(char jz, char ul, int n, T* a, int lda, R* w) {
  T wq{};
  R rq{};
  int iq = 0;
  raw_syevd(jz, ul, n, a, lda, w, &wq, -1, &rq, -1, &iq, -1);
  std::vector<T> work(work_size(wq));
  std::vector<R> rwork(work_size(rq));
  std::vector<int> iwork(std::max(1, iq));
  return raw_syevd(jz, ul, n, a, lda, w, work.data(), static_cast<int>(work.size()), rwork.data(),
                   static_cast<int>(rwork.size()), iwork.data(), static_cast<int>(iwork.size()));
}

template <class T, class R>
int do_gesdd(char jz, int m, int n, T* a, int lda, R* s, T* u, int ldu, T* vt, int ldvt) {
  const int mn = std::min(m, n), mx = std::max(m, n);
  std::vector<int> iwork(std::max(1, 8 * mn));
  // LAPACK's documented rwork size for ?gesdd (it has no query for it).
  const int64_t lrwork =
      jz == 'N' ? 7 * int64_t{mn}
                : std::max<int64_t>(5 * int64_t{mn} * mn + 5 * mn, 2 * int64_t{mx} * mn + 2 * int64_t{mn} * mn + mn);
  std::vector<R> rwork(kComplex<T> ? std::max<int64_t>(1, lrwork) : 1);
  T query{};
  raw_gesdd(jz, m, n, a, lda, s, u, ldu, vt, ldvt, &query, -1, rwork.data(), iwork.data());
  std::vector<T> work(work_size(query));
  return raw_gesdd(jz, m, n, a, lda, s, u, ldu, vt, ldvt, work.data(), static_cast<int>(work.size()), rwork.data(),
                   iwork.data());
}

template <class T, class R>
int do_gelsd(int m, int n, int nrhs, T* a, int lda, T* b, int ldb, R* s, R rcond, int* rank) {
  T wq{};
  R rq{};
  int iq = 0;
  raw_gelsd(m, n, nrhs, a, lda, b, ldb, s, rcond, rank, &wq, -1, &rq, &iq);
  std::vector<T> work(work_size(wq));
  std::vector<R> rwork(work_size(rq));
  std::vector<int> iwork(std::max(1, iq));
  return raw_gelsd(m, n, nrhs, a, lda, b, ldb, s, rcond, rank, work.data(), static_cast<int>(work.size()), rwork.data(),
                   iwork.data());
}

// Real ?geev returns eigenvalues as (wr, wi) and a complex pair's vectors as
// two real columns (re, im); this unpacks both into complex form.
template <class T, class R>
int do_geev(int n, T* a, int lda, std::complex<R>* w, std::complex<R>* vr) {
  const char jobvr = vr ? 'V' : 'N';
  const int ldv = std::max(1, n);
  if constexpr (kComplex<T>) {
    std::vector<R> rwork(std::max(1, 2 * n));
    T query{};
    auto call = [&](T* work, int lwork) {
      if constexpr (std::is_same_v<T, c64>)
        return scipy_LAPACKE_cgeev_work(kCol, 'N', jobvr, n, a, lda, w, nullptr, 1, vr, ldv, work, lwork, rwork.data());
      else
        return scipy_LAPACKE_zgeev_work(kCol, 'N', jobvr, n, a, lda, w, nullptr, 1, vr, ldv, work, lwork, rwork.data());
    };
    call(&query, -1);
    std::vector<T> work(work_size(query));
    return call(work.data(), static_cast<int>(work.size()));
  } else {
    std::vector<R> wr(std::max(1, n)), wi(std::max(1, n)), v(vr ? static_cast<size_t>(ldv) * n : 1);
    auto call = [&](R* work, int lwork) {
      if constexpr (std::is_same_v<T, float>)
        return scipy_LAPACKE_sgeev_work(kCol, 'N', jobvr, n, a, lda, wr.data(), wi.data(), nullptr, 1, v.data(), ldv,
                                        work, lwork);
      else
        return scipy_LAPACKE_dgeev_work(kCol, 'N', jobvr, n, a, lda, wr.data(), wi.data(), nullptr, 1, v.data(), ldv,
                                        work, lwork);
    };
    R query{};
    call(&query, -1);
    std::vector<R> work(work_size(query));
    const int info = call(work.data(), static_cast<int>(work.size()));
    for (int j = 0; j < n; ++j) w[j] = {wr[j], wi[j]};
    if (vr) {
      for (int j = 0; j < n; ++j) {
        if (wi[j] != 0 && j + 1 < n) {  // columns j, j+1: v_j +- i v_{j+1}
          for (int i = 0; i < n; ++i) {
            const R re = v[j * ldv + i], im = v[(j + 1) * ldv + i];
            vr[j * n + i] = {re, im};
            vr[(j + 1) * n + i] = {re, -im};
          }
          ++j;
        } else {
          for (int i = 0; i < n; ++i) vr[j * n + i] = {v[j * ldv + i], 0};
        }
      }
    }
    return info;
  }
}

template <class T>
void do_trsm(bool left, bool upper, char trans, bool unit, int m, int n, const T* a, int lda, T* b, int ldb) {
  const CBLAS_SIDE side = left ? CblasLeft : CblasRight;
  const CBLAS_UPLO uplo = upper ? CblasUpper : CblasLower;
  const CBLAS_TRANSPOSE tr = trans == 'N' ? CblasNoTrans : trans == 'T' ? CblasTrans : CblasConjTrans;
  const CBLAS_DIAG diag = unit ? CblasUnit : CblasNonUnit;
  if constexpr (std::is_same_v<T, float>)
    scipy_cblas_strsm(CblasColMajor, side, uplo, tr, diag, m, n, 1.0f, a, lda, b, ldb);
  else if constexpr (std::is_same_v<T, double>)
    scipy_cblas_dtrsm(CblasColMajor, side, uplo, tr, diag, m, n, 1.0, a, lda, b, ldb);
  else {
    const T one(1);
    if constexpr (std::is_same_v<T, c64>)
      scipy_cblas_ctrsm(CblasColMajor, side, uplo, tr, diag, m, n, &one, a, lda, b, ldb);
    else
      scipy_cblas_ztrsm(CblasColMajor, side, uplo, tr, diag, m, n, &one, a, lda, b, ldb);
  }
}

}  // namespace

#define EMBER_DEFINE(T, R)                                                                                            \
  int getrf(int m, int n, T* a, int lda, int* ipiv) { return raw_getrf(m, n, a, lda, ipiv); }                         \
  int getrs(char trans, int n, int nrhs, const T* a, int lda, const int* ipiv, T* b, int ldb) {                       \
    return raw_getrs(trans, n, nrhs, a, lda, ipiv, b, ldb);                                                           \
  }                                                                                                                   \
  int potrf(char uplo, int n, T* a, int lda) { return raw_potrf(uplo, n, a, lda); }                                   \
  int geqrf(int m, int n, T* a, int lda, T* tau) { return do_geqrf<T, R>(m, n, a, lda, tau); }                        \
  int orgqr(int m, int n, int k, T* a, int lda, const T* tau) { return do_orgqr<T, R>(m, n, k, a, lda, tau); }        \
  int syevd(char jobz, char uplo, int n, T* a, int lda, R* w) { return do_syevd<T, R>(jobz, uplo, n, a, lda, w); }    \
  int gesdd(char jobz, int m, int n, T* a, int lda, R* s, T* u, int ldu, T* vt, int ldvt) {                           \
    return do_gesdd<T, R>(jobz, m, n, a, lda, s, u, ldu, vt, ldvt);                                                   \
  }                                                                                                                   \
  int gelsd(int m, int n, int nrhs, T* a, int lda, T* b, int ldb, R* s, R rcond, int* rank) {                         \
    return do_gelsd<T, R>(m, n, nrhs, a, lda, b, ldb, s, rcond, rank);                                                \
  }                                                                                                                   \
  int geev(int n, T* a, int lda, std::complex<R>* w, std::complex<R>* vr) { return do_geev<T, R>(n, a, lda, w, vr); } \
  void trsm(bool left, bool upper, char trans, bool unit, int m, int n, const T* a, int lda, T* b, int ldb) {         \
    do_trsm<T>(left, upper, trans, unit, m, n, a, lda, b, ldb);                                                       \
  }
EMBER_LAPACK_ALL_TYPES(EMBER_DEFINE)
#undef EMBER_DEFINE

}  // namespace ember::lapack
