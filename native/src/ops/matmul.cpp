// Matrix products: matmul and its fixed-rank relatives (mm, bmm, mv, dot,
// vdot, outer) and the add* forms (beta * input + alpha * product). All of
// them end in product(), one batched GEMM over broadcast batch dims.
#include <climits>
#include <vector>

#include "../core/cuda_backend.h"
#include "../cpu/kernels.h"
#include "device_check.h"
#include "ember/ops.h"

namespace ember {
namespace {

// float16/bfloat16 multiply in float32 on the CPU (no half-precision BLAS
// there); cuBLAS takes them as they are.
DType compute_dtype(DType t, Device device) {
  return device.is_cpu() && (t == DType::Float16 || t == DType::BFloat16) ? DType::Float32 : t;
}

bool is_zero(const Scalar& s) { return s.to_complex() == std::complex<double>(0, 0); }

void check_pair(const Tensor& a, const Tensor& b, const char* op) {
  EMBER_CHECK(a.dtype() == b.dtype(), Runtime, op, ": expected both operands to have the same dtype, got ",
              name(a.dtype()), " and ", name(b.dtype()));
  EMBER_CHECK(a.device() == b.device(), Runtime, op, ": expected both operands on the same device, got ",
              a.device().str(), " and ", b.device().str());
  EMBER_CHECK(a.device().is_cpu() || is_floating(a.dtype()) || is_complex(a.dtype()), NotImplemented, op,
              ": no CUDA kernel for ", name(a.dtype()), " (cuBLAS multiplies floating point and complex matrices)");
  EMBER_CHECK(a.dtype() != DType::Bool, NotImplemented, op, ": not implemented for 'bool'");
}

void check_rank(const Tensor& t, int64_t rank, const char* what, const char* op) {
  EMBER_CHECK(t.dim() == rank, Runtime, op, ": expected ", what, " to be ", rank, "-D, got ", t.dim(), "-D ",
              shape_str(t.sizes()));
}

void check_inner(const Tensor& a, const Tensor& b, int64_t ka, int64_t kb, const char* op) {
  EMBER_CHECK(ka == kb, Runtime, op, ": shapes ", shape_str(a.sizes()), " and ", shape_str(b.sizes()),
              " cannot be multiplied (", ka, " != ", kb, ")");
}

// Element offsets of the matrices of t, whose leading dims are `batch`.
std::vector<int64_t> matrix_offsets(const Tensor& t, IntArrayRef batch) {
  int64_t count = 1;
  for (int64_t s : batch) count *= s;
  std::vector<int64_t> offsets(count, 0);
  DimVector index(static_cast<int64_t>(batch.size()), 0);
  int64_t offset = 0;
  for (int64_t i = 0; i < count; ++i) {
    offsets[i] = offset;
    for (int64_t d = static_cast<int64_t>(batch.size()) - 1; d >= 0; --d) {
      offset += t.stride(d);
      if (++index[d] < batch[d]) break;
      offset -= t.stride(d) * batch[d];
      index[d] = 0;
    }
  }
  return offsets;
}

// The broadcast of a's and b's batch dims (all but the last two).
DimVector broadcast_batch(const Tensor& a, const Tensor& b, const char* op) {
  const int64_t na = a.dim() - 2, nb = b.dim() - 2, n = std::max(na, nb);
  DimVector out(n, 1);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t sa = i < n - na ? 1 : a.size(i - (n - na)), sb = i < n - nb ? 1 : b.size(i - (n - nb));
    EMBER_CHECK(sa == sb || sa == 1 || sb == 1, Runtime, op, ": the batch dimensions of ", shape_str(a.sizes()),
                " and ", shape_str(b.sizes()), " do not broadcast (", sa, " and ", sb, ")");
    out[i] = sa == 1 ? sb : sa;
  }
  return out;
}

DimVector with_matrix(IntArrayRef batch, int64_t rows, int64_t cols) {
  DimVector out(batch);
  out.push_back(rows);
  out.push_back(cols);
  return out;
}

// alpha * a @ b + beta * c, with a (..., m, k) and b (..., k, n) whose batch
// dims broadcast; c (undefined when unused) broadcasts to the result. Callers
// have checked ranks, inner sizes and dtypes.
Tensor product(const Tensor& a_in, const Tensor& b_in, const Tensor& c, const Scalar& beta, const Scalar& alpha,
               const char* op) {
  op_device({a_in, b_in, c}, op);  // c (addmm's input) too
  const DType dtype = a_in.dtype(), ct = compute_dtype(dtype, a_in.device());
  const int64_t ad = a_in.dim(), bd = b_in.dim();
  const int64_t m = a_in.size(ad - 2), k = a_in.size(ad - 1), n = b_in.size(bd - 1);
  for (int64_t s : {m, k, n})
    EMBER_CHECK(s <= INT_MAX, Runtime, op, ": dimension ", s, " exceeds the BLAS's 32-bit limit");
  const DimVector batch = broadcast_batch(a_in, b_in, op);

  Tensor a = to_dtype(a_in, ct), b = to_dtype(b_in, ct);
  if (!is_integral(ct, true)) {
    // The BLAS reads one unit stride per matrix; anything else is copied once.
    if (!cpu::gemm_accepts(a)) a = clone(a);
    if (!cpu::gemm_accepts(b)) b = clone(b);
  }
  a = expand(a, with_matrix(batch, m, k));
  b = expand(b, with_matrix(batch, k, n));
  const DimVector out_sizes = with_matrix(batch, m, n);
  const bool use_c = c.defined() && !is_zero(beta);
  Tensor out = empty(out_sizes, ct, a_in.device());
  if (use_c) copy_(out, expand(c, out_sizes));
  if (out.numel() != 0) {
    if (k == 0) {
      // No products: the BLAS would reject ld = 0, and the result is beta * c or 0.
      if (use_c)
        out = to_dtype(binary(BinaryMath::Mul, out, beta), ct);
      else
        fill_(out, Scalar(int64_t{0}));
    } else {
      const Scalar b_coef = use_c ? beta : Scalar(int64_t{0});
      if (out.device().is_cpu())
        cpu::gemm_batched(out, a, b, matrix_offsets(a, batch), matrix_offsets(b, batch), alpha, b_coef);
      else
        cuda::backend().gemm_batched(out, a, b, matrix_offsets(a, batch), matrix_offsets(b, batch), alpha, b_coef);
    }
  }
  return ct == dtype ? out : to_dtype(out, dtype);
}

Tensor plain_product(const Tensor& a, const Tensor& b, const char* op) {
  return product(a, b, Tensor(), Scalar(int64_t{0}), Scalar(int64_t{1}), op);
}

// `out` (when defined) receives result: PyTorch's out= forms.
Tensor write_out(const Tensor& out, const Tensor& result, const char* op) {
  if (!out.defined()) return result;
  EMBER_CHECK(out.dtype() == result.dtype(), Runtime, op, ": expected out to have dtype ", name(result.dtype()),
              ", got ", name(out.dtype()));
  EMBER_CHECK(out.sizes().size() == result.sizes().size() &&
                  std::equal(out.sizes().begin(), out.sizes().end(), result.sizes().begin()),
              Runtime, op, ": out has shape ", shape_str(out.sizes()), " but the result has shape ",
              shape_str(result.sizes()));
  copy_(out, result);
  return out;
}

void check_input(const Tensor& input, const Tensor& m1, const char* op) {
  EMBER_CHECK(input.dtype() == m1.dtype(), Runtime, op,
              ": expected input and the matrices to have the same dtype, got ", name(input.dtype()), " and ",
              name(m1.dtype()));
}

// The shape input must expand to (PyTorch expands it, it does not broadcast both ways).
void check_expands(const Tensor& input, IntArrayRef shape, const char* op) {
  const int64_t d = input.dim(), n = static_cast<int64_t>(shape.size());
  bool ok = d <= n;
  for (int64_t i = 1; ok && i <= d; ++i) ok = input.size(d - i) == 1 || input.size(d - i) == shape[n - i];
  EMBER_CHECK(ok, Runtime, op, ": input of shape ", shape_str(input.sizes()),
              " cannot be broadcast to the product's shape ", shape_str(shape));
}

}  // namespace

Tensor conj_physical(const Tensor& t) {
  if (!is_complex(t.dtype())) return t;
  const DType real_dtype = t.dtype() == DType::Complex64 ? DType::Float32 : DType::Float64;
  Tensor sign = ones(DimVector{2}, real_dtype, t.device());
  fill_(narrow(sign, 0, 1, 1), Scalar(-1.0));
  return view_as_complex(contiguous(binary(BinaryMath::Mul, view_as_real(t), sign)));
}

Tensor matmul(const Tensor& a, const Tensor& b, const Tensor& out) {
  EMBER_CHECK(a.dim() >= 1 && b.dim() >= 1, Runtime, "matmul: both arguments need to be at least 1-D, got ", a.dim(),
              "-D and ", b.dim(), "-D");
  if (a.dim() == 1 && b.dim() == 1) return dot(a, b, out);
  check_pair(a, b, "matmul");
  Tensor r;
  if (a.dim() >= 2 && b.dim() <= 2) {
    // Fold a's batch dims into its rows: one GEMM instead of a batch of them.
    const Tensor bm = b.dim() == 1 ? unsqueeze(b, 1) : b;
    check_inner(a, b, a.size(-1 + a.dim()), bm.size(0), "matmul");
    DimVector sizes(a.sizes().first(a.dim() - 1));
    int64_t rows = 1;
    for (int64_t s : sizes) rows *= s;
    const Tensor a2 = a.dim() == 2 ? a : reshape(a, DimVector{rows, a.size(a.dim() - 1)});
    if (b.dim() == 2) sizes.push_back(b.size(1));
    r = view(plain_product(a2, bm, "matmul"), sizes);
  } else {
    const Tensor a2 = a.dim() == 1 ? unsqueeze(a, 0) : a;
    const Tensor b2 = b.dim() == 1 ? unsqueeze(b, 1) : b;
    check_inner(a, b, a2.size(a2.dim() - 1), b2.size(b2.dim() - 2), "matmul");
    r = plain_product(a2, b2, "matmul");
    if (a.dim() == 1) r = squeeze(r, DimVector{r.dim() - 2});
    if (b.dim() == 1) r = squeeze(r, DimVector{r.dim() - 1});
  }
  return write_out(out, r, "matmul");
}

Tensor mm(const Tensor& a, const Tensor& b, const Tensor& out) {
  check_rank(a, 2, "self", "mm");
  check_rank(b, 2, "mat2", "mm");
  check_pair(a, b, "mm");
  check_inner(a, b, a.size(1), b.size(0), "mm");
  return write_out(out, plain_product(a, b, "mm"), "mm");
}

Tensor bmm(const Tensor& a, const Tensor& b, const Tensor& out) {
  check_rank(a, 3, "batch1", "bmm");
  check_rank(b, 3, "batch2", "bmm");
  check_pair(a, b, "bmm");
  EMBER_CHECK(a.size(0) == b.size(0), Runtime, "bmm: batch sizes of ", shape_str(a.sizes()), " and ",
              shape_str(b.sizes()), " differ");
  check_inner(a, b, a.size(2), b.size(1), "bmm");
  return write_out(out, plain_product(a, b, "bmm"), "bmm");
}

Tensor mv(const Tensor& a, const Tensor& v, const Tensor& out) {
  check_rank(a, 2, "the matrix", "mv");
  check_rank(v, 1, "the vector", "mv");
  check_pair(a, v, "mv");
  check_inner(a, v, a.size(1), v.size(0), "mv");
  return write_out(out, squeeze(plain_product(a, unsqueeze(v, 1), "mv"), DimVector{1}), "mv");
}

Tensor dot(const Tensor& a, const Tensor& b, const Tensor& out) {
  EMBER_CHECK(a.dim() == 1 && b.dim() == 1, Runtime, "dot: expected 1-D tensors, got ", a.dim(), "-D ",
              shape_str(a.sizes()), " and ", b.dim(), "-D ", shape_str(b.sizes()));
  check_pair(a, b, "dot");
  EMBER_CHECK(a.size(0) == b.size(0), Runtime, "dot: expected both vectors to have the same number of elements, got ",
              shape_str(a.sizes()), " and ", shape_str(b.sizes()));
  return write_out(out, reshape(plain_product(unsqueeze(a, 0), unsqueeze(b, 1), "dot"), DimVector{}), "dot");
}

Tensor vdot(const Tensor& a, const Tensor& b, const Tensor& out) {
  EMBER_CHECK(a.dim() == 1 && b.dim() == 1, Runtime, "vdot: expected 1-D tensors, got ", a.dim(), "-D ",
              shape_str(a.sizes()), " and ", b.dim(), "-D ", shape_str(b.sizes()));
  check_pair(a, b, "vdot");
  EMBER_CHECK(a.size(0) == b.size(0), Runtime, "vdot: expected both vectors to have the same number of elements, got ",
              shape_str(a.sizes()), " and ", shape_str(b.sizes()));
  return write_out(out, reshape(plain_product(unsqueeze(conj_physical(a), 0), unsqueeze(b, 1), "vdot"), DimVector{}),
                   "vdot");
}

Tensor outer(const Tensor& a, const Tensor& b, const Tensor& out) {
  check_rank(a, 1, "self", "outer");
  check_rank(b, 1, "vec2", "outer");
  return binary(BinaryMath::Mul, unsqueeze(a, 1), unsqueeze(b, 0), out);
}

Tensor addmm(const Tensor& input, const Tensor& m1, const Tensor& m2, const Scalar& beta, const Scalar& alpha,
             const Tensor& out) {
  check_rank(m1, 2, "mat1", "addmm");
  check_rank(m2, 2, "mat2", "addmm");
  check_pair(m1, m2, "addmm");
  check_input(input, m1, "addmm");
  check_inner(m1, m2, m1.size(1), m2.size(0), "addmm");
  check_expands(input, DimVector{m1.size(0), m2.size(1)}, "addmm");
  return write_out(out, product(m1, m2, input, beta, alpha, "addmm"), "addmm");
}

Tensor addmv(const Tensor& input, const Tensor& mat, const Tensor& vec, const Scalar& beta, const Scalar& alpha,
             const Tensor& out) {
  check_rank(mat, 2, "mat", "addmv");
  check_rank(vec, 1, "vec", "addmv");
  check_pair(mat, vec, "addmv");
  check_input(input, mat, "addmv");
  check_inner(mat, vec, mat.size(1), vec.size(0), "addmv");
  check_expands(input, DimVector{mat.size(0)}, "addmv");
  const Tensor c = input.dim() == 0 ? input : unsqueeze(input, input.dim());
  return write_out(out, squeeze(product(mat, unsqueeze(vec, 1), c, beta, alpha, "addmv"), DimVector{1}), "addmv");
}

Tensor baddbmm(const Tensor& input, const Tensor& b1, const Tensor& b2, const Scalar& beta, const Scalar& alpha,
               const Tensor& out) {
  check_rank(b1, 3, "batch1", "baddbmm");
  check_rank(b2, 3, "batch2", "baddbmm");
  check_pair(b1, b2, "baddbmm");
  check_input(input, b1, "baddbmm");
  EMBER_CHECK(b1.size(0) == b2.size(0), Runtime, "baddbmm: batch sizes of ", shape_str(b1.sizes()), " and ",
              shape_str(b2.sizes()), " differ");
  check_inner(b1, b2, b1.size(2), b2.size(1), "baddbmm");
  check_expands(input, DimVector{b1.size(0), b1.size(1), b2.size(2)}, "baddbmm");
  return write_out(out, product(b1, b2, input, beta, alpha, "baddbmm"), "baddbmm");
}

Tensor addbmm(const Tensor& input, const Tensor& b1, const Tensor& b2, const Scalar& beta, const Scalar& alpha,
              const Tensor& out) {
  check_rank(b1, 3, "batch1", "addbmm");
  check_rank(b2, 3, "batch2", "addbmm");
  check_pair(b1, b2, "addbmm");
  check_input(input, b1, "addbmm");
  EMBER_CHECK(b1.size(0) == b2.size(0), Runtime, "addbmm: batch sizes of ", shape_str(b1.sizes()), " and ",
              shape_str(b2.sizes()), " differ");
  check_inner(b1, b2, b1.size(2), b2.size(1), "addbmm");
  check_expands(input, DimVector{b1.size(1), b2.size(2)}, "addbmm");
  // The sum over the batch of b1[i] @ b2[i] is one GEMM: (m, B*k) @ (B*k, n).
  const int64_t batch = b1.size(0), m = b1.size(1), k = b1.size(2), n = b2.size(2);
  const Tensor a = reshape(permute(b1, DimVector{1, 0, 2}), DimVector{m, batch * k});
  const Tensor b = reshape(b2, DimVector{batch * k, n});
  return write_out(out, product(a, b, input, beta, alpha, "addbmm"), "addbmm");
}

Tensor addr(const Tensor& input, const Tensor& v1, const Tensor& v2, const Scalar& beta, const Scalar& alpha,
            const Tensor& out) {
  check_rank(v1, 1, "vec1", "addr");
  check_rank(v2, 1, "vec2", "addr");
  check_pair(v1, v2, "addr");
  check_input(input, v1, "addr");
  check_expands(input, DimVector{v1.size(0), v2.size(0)}, "addr");
  return write_out(out, product(unsqueeze(v1, 1), unsqueeze(v2, 0), input, beta, alpha, "addr"), "addr");
}

}  // namespace ember
