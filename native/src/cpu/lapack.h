// Typed entry points into OpenBLAS's LAPACK (scipy-openblas32, symbols
// prefixed scipy_): one overload per element type, so templated kernels
// (ops/linalg.cpp) call getrf(...) whatever T is. Matrices are column-major.
// Each returns LAPACK's info and allocates its own work space.
#pragma once

#include <complex>

namespace ember::lapack {

using c64 = std::complex<float>;
using c128 = std::complex<double>;

#define EMBER_LAPACK_ALL_TYPES(X) X(float, float) X(double, double) X(c64, float) X(c128, double)

#define EMBER_DECLARE(T, R)                                                                             \
  int getrf(int m, int n, T* a, int lda, int* ipiv);                                                    \
  int getrs(char trans, int n, int nrhs, const T* a, int lda, const int* ipiv, T* b, int ldb);          \
  int potrf(char uplo, int n, T* a, int lda);                                                           \
  int geqrf(int m, int n, T* a, int lda, T* tau);                                                       \
  int orgqr(int m, int n, int k, T* a, int lda, const T* tau); /* ungqr for complex types */            \
  int syevd(char jobz, char uplo, int n, T* a, int lda, R* w); /* heevd for complex types */            \
  int gesdd(char jobz, int m, int n, T* a, int lda, R* s, T* u, int ldu, T* vt, int ldvt);              \
  int gelsd(int m, int n, int nrhs, T* a, int lda, T* b, int ldb, R* s, R rcond, int* rank);            \
  /* Eigenvalues w (and right eigenvectors vr when not null) as complex numbers. */                     \
  int geev(int n, T* a, int lda, std::complex<R>* w, std::complex<R>* vr);                              \
  /* Triangular solve op(A) X = B (left) or X op(A) = B, X over B; trans 'N', 'T' or 'C'. BLAS trsm. */ \
  void trsm(bool left, bool upper, char trans, bool unit, int m, int n, const T* a, int lda, T* b, int ldb);
EMBER_LAPACK_ALL_TYPES(EMBER_DECLARE)
#undef EMBER_DECLARE

}  // namespace ember::lapack
