// ember.linalg's LAPACK primitives. Each works on batches of matrices in the
// last two dims: the input is copied once into column-major matrices packed
// one after another (what LAPACK reads and overwrites), LAPACK runs per
// matrix, and results come back in that layout (PyTorch's layout too). The
// composites (det, qr, pinv, norms, ...) are ember/linalg.py.
#include <climits>
#include <cmath>
#include <cstring>

#include "../cpu/lapack.h"
#include "device_check.h"
#include "ember/ops.h"

namespace ember {
namespace {

bool lapack_dtype(DType t) { return t == DType::Float32 || t == DType::Float64 || is_complex(t); }

DType real_dtype(DType t) {
  return t == DType::Complex64 ? DType::Float32 : t == DType::Complex128 ? DType::Float64 : t;
}
DType complex_dtype(DType t) {
  return t == DType::Float32 ? DType::Complex64 : t == DType::Float64 ? DType::Complex128 : t;
}

void check_matrix(const Tensor& a, const char* what, const char* op) {
  EMBER_CHECK(a.dim() >= 2, Runtime, op, ": The input tensor ", what, " must have at least 2 dimensions.");
  if (!lapack_dtype(a.dtype())) {
    EMBER_CHECK(!is_floating(a.dtype()), Runtime, op, ": Low precision dtypes not supported. Got ", name(a.dtype()));
    EMBER_FAIL(Runtime, op, ": Expected a floating point or complex tensor as input. Got ", name(a.dtype()));
  }
  for (int64_t d : {a.dim() - 2, a.dim() - 1})
    EMBER_CHECK(a.size(d) <= INT_MAX / 8, Runtime, op, ": matrix dimension ", a.size(d), " is too large for LAPACK");
}

void check_square(const Tensor& a, const char* what, const char* op) {
  check_matrix(a, what, op);
  EMBER_CHECK(a.size(-1 + a.dim()) == a.size(a.dim() - 2), Runtime, op, ": ", what,
              " must be batches of square matrices, but they are ", a.size(a.dim() - 2), " by ", a.size(a.dim() - 1),
              " matrices");
}

void check_same_dtype(const Tensor& a, const Tensor& b, const char* op) {
  EMBER_CHECK(a.dtype() == b.dtype(), Runtime, op, ": Expected A and B to have the same dtype, but found A of type ",
              name(a.dtype()), " and B of type ", name(b.dtype()), " instead");
}

DimVector batch_of(const Tensor& t, int64_t matrix_dims = 2) {
  return DimVector(t.sizes().first(t.dim() - matrix_dims));
}

int64_t count(IntArrayRef sizes) {
  int64_t n = 1;
  for (int64_t s : sizes) n *= s;
  return n;
}

DimVector join(IntArrayRef batch, std::initializer_list<int64_t> tail) {
  DimVector out(batch);
  for (int64_t s : tail) out.push_back(s);
  return out;
}

// A copy of a whose matrices are column-major and packed: LAPACK's layout.
Tensor lapack_copy(const Tensor& a) { return matrix_transpose(clone(matrix_transpose(a))); }
Tensor lapack_copy(const Tensor& a, IntArrayRef sizes) { return lapack_copy(expand(a, sizes)); }

// Decompositions of device tensors run on the CPU (LAPACK): the operands are
// copied to the host and the results back (cuSOLVER is not used yet).
Tensor host(const Tensor& t) { return t.defined() ? to_device(t, Device{}) : t; }
void back(Tensor& t, Device device) {
  if (t.defined()) t = to_device(t, device);
}
template <class... T>
void back_all(Device device, T&... tensors) {
  (back(tensors, device), ...);
}

// An uninitialised tensor of `sizes` with column-major packed matrices.
Tensor lapack_empty(IntArrayRef sizes, DType dtype) {
  DimVector swapped(sizes);
  std::swap(swapped[swapped.size() - 1], swapped[swapped.size() - 2]);
  return matrix_transpose(empty(swapped, dtype));
}

// Calls f(Tag<T>{}) for the four LAPACK element types.
template <class F>
void visit_lapack(DType t, F&& f) {
  switch (t) {
    case DType::Float32: return f(Tag<float>{});
    case DType::Float64: return f(Tag<double>{});
    case DType::Complex64: return f(Tag<std::complex<float>>{});
    case DType::Complex128: return f(Tag<std::complex<double>>{});
    default: EMBER_FAIL(Runtime, "linalg: no LAPACK kernel for ", name(t));
  }
}

template <class T>
struct RealOf {
  using type = T;
};
template <class T>
struct RealOf<std::complex<T>> {
  using type = T;
};

template <class T>
bool all_finite(const T* p, int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    if (!std::isfinite(std::real(p[i])) || !std::isfinite(std::imag(p[i]))) return false;
  return true;
}

template <class T>
void fill_nan(T* p, int64_t n) {
  using R = typename RealOf<T>::type;
  for (int64_t i = 0; i < n; ++i) p[i] = T(std::numeric_limits<R>::quiet_NaN());
}

int ld(int64_t rows) { return static_cast<int>(std::max<int64_t>(rows, 1)); }

}  // namespace

LuFactorResult lu_factor_ex(const Tensor& a) {
  if (!a.device().is_cpu()) {
    LuFactorResult r = lu_factor_ex(host(a));
    back_all(a.device(), r.LU, r.pivots, r.info);
    return r;
  }
  const char* op = "linalg.lu_factor_ex";
  check_matrix(a, "A", op);
  const int64_t m = a.size(a.dim() - 2), n = a.size(a.dim() - 1), k = std::min(m, n);
  const DimVector batch = batch_of(a);
  const int64_t nb = count(batch);
  Tensor lu = lapack_copy(a);
  Tensor pivots = empty(join(batch, {k}), DType::Int32);
  Tensor info = zeros(batch, DType::Int32);
  visit_lapack(a.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* p = lu.data<T>();
    int* piv = pivots.data<int>();
    int* inf = info.data<int>();
    if (m * n == 0) return;
    for (int64_t b = 0; b < nb; ++b)
      inf[b] = lapack::getrf(static_cast<int>(m), static_cast<int>(n), p + b * m * n, ld(m), piv + b * k);
  });
  return {lu, pivots, info};
}

std::pair<Tensor, Tensor> cholesky_ex(const Tensor& a, bool upper) {
  if (!a.device().is_cpu()) {
    auto r = cholesky_ex(host(a), upper);
    back_all(a.device(), r.first, r.second);
    return r;
  }
  const char* op = "linalg.cholesky_ex";
  check_square(a, "A", op);
  const int64_t n = a.size(a.dim() - 1);
  const DimVector batch = batch_of(a);
  const int64_t nb = count(batch);
  Tensor l = lapack_copy(a);
  Tensor info = zeros(batch, DType::Int32);
  visit_lapack(a.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* p = l.data<T>();
    int* inf = info.data<int>();
    if (n == 0) return;
    for (int64_t b = 0; b < nb; ++b)
      inf[b] = lapack::potrf(upper ? 'U' : 'L', static_cast<int>(n), p + b * n * n, ld(n));
  });
  if (upper)
    triu_(l);
  else
    tril_(l);
  return {l, info};
}

Tensor lu_solve(const Tensor& lu, const Tensor& pivots, const Tensor& b, bool adjoint) {
  op_device({lu, pivots, b}, "lu_solve");
  if (!lu.device().is_cpu()) {
    Tensor r = lu_solve(host(lu), host(pivots), host(b), adjoint);
    back(r, lu.device());
    return r;
  }
  const char* op = "linalg.lu_solve";
  check_square(lu, "LU", op);
  check_matrix(b, "B", op);
  check_same_dtype(lu, b, op);
  const int64_t n = lu.size(lu.dim() - 1), k = b.size(b.dim() - 1);
  EMBER_CHECK(b.size(b.dim() - 2) == n, Runtime, op, ": Incompatible shapes of A and B for the equation AX = B (", n,
              "x", n, " and ", b.size(b.dim() - 2), "x", k, ")");
  EMBER_CHECK(pivots.dtype() == DType::Int32, Runtime, op, ": pivots must be int32, got ", name(pivots.dtype()));
  EMBER_CHECK(pivots.dim() == lu.dim() - 1 && pivots.size(pivots.dim() - 1) == n, Runtime, op, ": pivots of shape ",
              shape_str(pivots.sizes()), " do not match LU of shape ", shape_str(lu.sizes()));
  const DimVector shapes[2] = {batch_of(lu), batch_of(b)};
  const DimVector batch = broadcast_shapes(shapes, op);
  const int64_t nb = count(batch);
  Tensor f = lapack_copy(lu, join(batch, {n, n}));
  Tensor piv = clone(expand(pivots, join(batch, {n})));
  Tensor x = lapack_copy(b, join(batch, {n, k}));
  visit_lapack(lu.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if (n * k == 0) return;
    const char trans = adjoint ? (is_complex(lu.dtype()) ? 'C' : 'T') : 'N';
    for (int64_t i = 0; i < nb; ++i)
      lapack::getrs(trans, static_cast<int>(n), static_cast<int>(k), f.data<T>() + i * n * n, ld(n),
                    piv.data<int>() + i * n, x.data<T>() + i * n * k, ld(n));
  });
  return x;
}

std::pair<Tensor, Tensor> solve_ex(const Tensor& a, const Tensor& b) {
  op_device({a, b}, "solve");
  if (!a.device().is_cpu()) {
    auto r = solve_ex(host(a), host(b));
    back_all(a.device(), r.first, r.second);
    return r;
  }
  const char* op = "linalg.solve_ex";
  check_square(a, "A", op);
  check_matrix(b, "B", op);
  check_same_dtype(a, b, op);
  const int64_t n = a.size(a.dim() - 1), k = b.size(b.dim() - 1);
  EMBER_CHECK(b.size(b.dim() - 2) == n, Runtime,
              "linalg.solve: Incompatible shapes of A and B for the equation AX = B (", n, "x", n, " and ",
              b.size(b.dim() - 2), "x", k, ")");
  const DimVector shapes[2] = {batch_of(a), batch_of(b)};
  const DimVector batch = broadcast_shapes(shapes, op);
  const int64_t nb = count(batch);
  Tensor f = lapack_copy(a, join(batch, {n, n}));
  Tensor x = lapack_copy(b, join(batch, {n, k}));
  Tensor info = zeros(batch, DType::Int32);
  visit_lapack(a.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if (n == 0) return;
    std::vector<int> piv(n);
    for (int64_t i = 0; i < nb; ++i) {
      T* pa = f.data<T>() + i * n * n;
      int& inf = info.data<int>()[i];
      inf = lapack::getrf(static_cast<int>(n), static_cast<int>(n), pa, ld(n), piv.data());
      if (inf == 0 && k > 0)
        lapack::getrs('N', static_cast<int>(n), static_cast<int>(k), pa, ld(n), piv.data(), x.data<T>() + i * n * k,
                      ld(n));
    }
  });
  return {x, info};
}

Tensor solve_triangular(const Tensor& a, const Tensor& b, bool upper, bool left, bool unitriangular) {
  op_device({a, b}, "solve_triangular");
  if (!a.device().is_cpu()) {
    Tensor r = solve_triangular(host(a), host(b), upper, left, unitriangular);
    back(r, a.device());
    return r;
  }
  const char* op = "linalg.solve_triangular";
  check_square(a, "A", op);
  check_matrix(b, "B", op);
  check_same_dtype(a, b, op);
  const int64_t n = a.size(a.dim() - 1), rows = b.size(b.dim() - 2), cols = b.size(b.dim() - 1);
  EMBER_CHECK((left ? rows : cols) == n, Runtime, op, ": Incompatible shapes of A and B for the equation ",
              left ? "AX = B (" : "XA = B (", n, "x", n, " and ", rows, "x", cols, ")");
  const DimVector shapes[2] = {batch_of(a), batch_of(b)};
  const DimVector batch = broadcast_shapes(shapes, op);
  const int64_t nb = count(batch);
  Tensor f = lapack_copy(a, join(batch, {n, n}));
  Tensor x = lapack_copy(b, join(batch, {rows, cols}));
  visit_lapack(a.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if (rows * cols == 0) return;
    for (int64_t i = 0; i < nb; ++i)
      lapack::trsm(left, upper, 'N', unitriangular, static_cast<int>(rows), static_cast<int>(cols),
                   f.data<T>() + i * n * n, ld(n), x.data<T>() + i * rows * cols, ld(rows));
  });
  return x;
}

std::pair<Tensor, Tensor> geqrf(const Tensor& a) {
  if (!a.device().is_cpu()) {
    auto r = geqrf(host(a));
    back_all(a.device(), r.first, r.second);
    return r;
  }
  const char* op = "geqrf";
  check_matrix(a, "A", op);
  const int64_t m = a.size(a.dim() - 2), n = a.size(a.dim() - 1), k = std::min(m, n);
  const DimVector batch = batch_of(a);
  const int64_t nb = count(batch);
  Tensor qr = lapack_copy(a);
  Tensor tau = empty(join(batch, {k}), a.dtype());
  visit_lapack(a.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if (m * n == 0) return;
    for (int64_t i = 0; i < nb; ++i)
      lapack::geqrf(static_cast<int>(m), static_cast<int>(n), qr.data<T>() + i * m * n, ld(m), tau.data<T>() + i * k);
  });
  return {qr, tau};
}

Tensor householder_product(const Tensor& a, const Tensor& tau) {
  op_device({a, tau}, "householder_product");
  if (!a.device().is_cpu()) {
    Tensor r = householder_product(host(a), host(tau));
    back(r, a.device());
    return r;
  }
  const char* op = "linalg.householder_product";
  check_matrix(a, "A", op);
  const int64_t m = a.size(a.dim() - 2), n = a.size(a.dim() - 1);
  EMBER_CHECK(m >= n, Runtime, op, ": input.shape[-2] must be greater than or equal to input.shape[-1], got shape ",
              shape_str(a.sizes()));
  EMBER_CHECK(tau.dim() == a.dim() - 1, Runtime, op, ": input.dim() - 1 must equal to tau.dim(), got shapes ",
              shape_str(a.sizes()), " and ", shape_str(tau.sizes()));
  const int64_t k = tau.size(tau.dim() - 1);
  EMBER_CHECK(k <= n, Runtime, op, ": input.shape[-1] must be greater than or equal to tau.shape[-1], got shapes ",
              shape_str(a.sizes()), " and ", shape_str(tau.sizes()));
  EMBER_CHECK(tau.dtype() == a.dtype(), Runtime, op, ": tau dtype ", name(tau.dtype()), " does not match input dtype ",
              name(a.dtype()));
  const DimVector batch = batch_of(a);
  EMBER_CHECK(DimVector(batch_of(tau, 1)).size() == batch.size() &&
                  std::equal(batch.begin(), batch.end(), batch_of(tau, 1).begin()),
              Runtime, op, ": batch dimensions of tau ", shape_str(tau.sizes()), " must equal those of input ",
              shape_str(a.sizes()));
  const int64_t nb = count(batch);
  Tensor q = lapack_copy(a);
  Tensor t = contiguous(tau);
  visit_lapack(a.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if (m * n == 0) return;
    for (int64_t i = 0; i < nb; ++i)
      lapack::orgqr(static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), q.data<T>() + i * m * n, ld(m),
                    t.data<T>() + i * k);
  });
  return q;
}

EighResult eigh_ex(const Tensor& a, bool upper, bool vectors) {
  if (!a.device().is_cpu()) {
    EighResult r = eigh_ex(host(a), upper, vectors);
    back_all(a.device(), r.eigenvalues, r.eigenvectors, r.info);
    return r;
  }
  const char* op = "linalg.eigh";
  check_square(a, "A", op);
  const int64_t n = a.size(a.dim() - 1);
  const DimVector batch = batch_of(a);
  const int64_t nb = count(batch);
  Tensor v = lapack_copy(a);
  Tensor w = empty(join(batch, {n}), real_dtype(a.dtype()));
  Tensor info = zeros(batch, DType::Int32);
  visit_lapack(a.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    using R = typename RealOf<T>::type;
    if (n == 0) return;
    for (int64_t i = 0; i < nb; ++i) {
      T* p = v.data<T>() + i * n * n;
      R* pw = w.data<R>() + i * n;
      // Only the referenced triangle matters; NaN there makes LAPACK iterate in vain.
      bool finite = true;
      for (int64_t c = 0; c < n && finite; ++c)
        finite = upper ? all_finite(p + c * n, c + 1) : all_finite(p + c * n + c, n - c);
      if (!finite) {
        fill_nan(p, n * n);
        fill_nan(pw, n);
        info.data<int>()[i] = -1;
        continue;
      }
      info.data<int>()[i] = lapack::syevd(vectors ? 'V' : 'N', upper ? 'U' : 'L', static_cast<int>(n), p, ld(n), pw);
    }
  });
  return {w, vectors ? v : Tensor(), info};
}

SvdResult svd_ex(const Tensor& a, bool full_matrices, bool compute_uv) {
  if (!a.device().is_cpu()) {
    SvdResult r = svd_ex(host(a), full_matrices, compute_uv);
    back_all(a.device(), r.U, r.S, r.Vh, r.info);
    return r;
  }
  const char* op = "linalg.svd";
  check_matrix(a, "A", op);
  const int64_t m = a.size(a.dim() - 2), n = a.size(a.dim() - 1), k = std::min(m, n);
  const DimVector batch = batch_of(a);
  const int64_t nb = count(batch);
  const int64_t ucols = full_matrices ? m : k, vrows = full_matrices ? n : k;
  Tensor work = lapack_copy(a);
  Tensor s = empty(join(batch, {k}), real_dtype(a.dtype()));
  Tensor u = compute_uv ? lapack_empty(join(batch, {m, ucols}), a.dtype()) : Tensor();
  Tensor vh = compute_uv ? lapack_empty(join(batch, {vrows, n}), a.dtype()) : Tensor();
  Tensor info = zeros(batch, DType::Int32);
  if (k == 0) {
    // LAPACK returns at once for empty matrices: the orthogonal factors are identities.
    if (compute_uv) {
      copy_(u, expand(eye(m, ucols, a.dtype()), join(batch, {m, ucols})));
      copy_(vh, expand(eye(vrows, n, a.dtype()), join(batch, {vrows, n})));
    }
    return {u, s, vh, info};
  }
  visit_lapack(a.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    using R = typename RealOf<T>::type;
    const char jobz = !compute_uv ? 'N' : full_matrices ? 'A' : 'S';
    T dummy{};
    for (int64_t i = 0; i < nb; ++i) {
      T* p = work.data<T>() + i * m * n;
      R* ps = s.data<R>() + i * k;
      T* pu = compute_uv ? u.data<T>() + i * m * ucols : &dummy;
      T* pv = compute_uv ? vh.data<T>() + i * vrows * n : &dummy;
      if (!all_finite(p, m * n)) {
        fill_nan(ps, k);
        if (compute_uv) {
          fill_nan(pu, m * ucols);
          fill_nan(pv, vrows * n);
        }
        info.data<int>()[i] = -1;
        continue;
      }
      info.data<int>()[i] = lapack::gesdd(jobz, static_cast<int>(m), static_cast<int>(n), p, ld(m), ps, pu, ld(m), pv,
                                          ld(compute_uv ? vrows : 1));
    }
  });
  return {u, s, vh, info};
}

EigResult eig_ex(const Tensor& a, bool vectors) {
  if (!a.device().is_cpu()) {
    EigResult r = eig_ex(host(a), vectors);
    back_all(a.device(), r.eigenvalues, r.eigenvectors, r.info);
    return r;
  }
  const char* op = "linalg.eig";
  check_square(a, "A", op);
  const int64_t n = a.size(a.dim() - 1);
  const DimVector batch = batch_of(a);
  const int64_t nb = count(batch);
  const DType ct = complex_dtype(a.dtype());
  Tensor work = lapack_copy(a);
  Tensor w = empty(join(batch, {n}), ct);
  Tensor v = vectors ? lapack_empty(join(batch, {n, n}), ct) : Tensor();
  Tensor info = zeros(batch, DType::Int32);
  visit_lapack(a.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    using C = std::complex<typename RealOf<T>::type>;
    if (n == 0) return;
    for (int64_t i = 0; i < nb; ++i) {
      T* p = work.data<T>() + i * n * n;
      C* pw = w.data<C>() + i * n;
      C* pv = vectors ? v.data<C>() + i * n * n : nullptr;
      if (!all_finite(p, n * n)) {
        fill_nan(pw, n);
        if (pv) fill_nan(pv, n * n);
        info.data<int>()[i] = -1;
        continue;
      }
      info.data<int>()[i] = lapack::geev(static_cast<int>(n), p, ld(n), pw, pv);
    }
  });
  return {w, v, info};
}

LstsqResult lstsq_ex(const Tensor& a, const Tensor& b, double rcond) {
  op_device({a, b}, "lstsq");
  if (!a.device().is_cpu()) {
    LstsqResult r = lstsq_ex(host(a), host(b), rcond);
    back_all(a.device(), r.solution, r.rank, r.singular_values, r.info);
    return r;
  }
  const char* op = "linalg.lstsq";
  check_matrix(a, "A", op);
  check_matrix(b, "B", op);
  EMBER_CHECK(a.dtype() == b.dtype(), Runtime, op,
              ": Expected input and other to have the same dtype, but got input's dtype ", name(a.dtype()),
              " and other's dtype ", name(b.dtype()));
  const int64_t m = a.size(a.dim() - 2), n = a.size(a.dim() - 1), k = b.size(b.dim() - 1);
  EMBER_CHECK(b.size(b.dim() - 2) == m, Runtime, op, ": input.size(-2) should match other.size(-2), got shapes ",
              shape_str(a.sizes()), " and ", shape_str(b.sizes()));
  const DimVector shapes[2] = {batch_of(a), batch_of(b)};
  const DimVector batch = broadcast_shapes(shapes, op);
  const int64_t nb = count(batch), rows = std::max(m, n), mn = std::min(m, n);
  Tensor f = lapack_copy(a, join(batch, {m, n}));
  // B sits in the top m rows of a max(m, n)-row buffer; the solution comes back in its top n rows.
  Tensor x = matrix_transpose(zeros(join(batch, {k, rows}), a.dtype()));
  copy_(narrow(x, x.dim() - 2, 0, m), expand(b, join(batch, {m, k})));
  Tensor s = empty(join(batch, {mn}), real_dtype(a.dtype()));
  Tensor rank = zeros(batch, DType::Int64);
  Tensor info = zeros(batch, DType::Int32);
  visit_lapack(a.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    using R = typename RealOf<T>::type;
    if (mn == 0 || k == 0) return;
    for (int64_t i = 0; i < nb; ++i) {
      T* pa = f.data<T>() + i * m * n;
      T* px = x.data<T>() + i * rows * k;
      R* ps = s.data<R>() + i * mn;
      if (!all_finite(pa, m * n) || !all_finite(px, rows * k)) {
        fill_nan(px, rows * k);
        fill_nan(ps, mn);
        info.data<int>()[i] = -1;
        continue;
      }
      int r = 0;
      info.data<int>()[i] = lapack::gelsd(static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), pa, ld(m), px,
                                          ld(rows), ps, static_cast<R>(rcond), &r);
      rank.data<int64_t>()[i] = r;
    }
  });
  return {x, rank, s, info};
}

}  // namespace ember
