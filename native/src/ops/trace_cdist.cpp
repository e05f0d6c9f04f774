// trace (sum of a matrix's diagonal) and cdist (p-norm distances between
// the rows of two batches of matrices), composed of ops.
#include <array>

#include "ember/ops.h"

namespace ember {
namespace {

// a (..., n, k) @ b (..., k, m) with equal batch dims, one 2-D product per
// batch element (matmul takes 2-D operands only so far).
Tensor batched_matmul(const Tensor& a, const Tensor& b) {
  if (a.dim() == 2) return matmul(a, b);
  const int64_t n = a.size(a.dim() - 2), k = a.size(a.dim() - 1), m = b.size(b.dim() - 1);
  const std::array<int64_t, 3> sa{-1, n, k}, sb{-1, k, m};
  const Tensor fa = reshape(a, sa), fb = reshape(b, sb);
  DimVector shape(a.sizes());
  shape[shape.size() - 1] = m;
  Tensor out = empty(DimVector{fa.size(0), n, m}, a.dtype());
  for (int64_t i = 0; i < fa.size(0); ++i) copy_(select(out, 0, i), matmul(select(fa, 0, i), select(fb, 0, i)));
  return view(out, shape);
}

}  // namespace

Tensor trace(const Tensor& self) {
  EMBER_CHECK(self.dim() == 2, Runtime, "trace: expected a matrix, but got tensor with dim ", self.dim(), " (shape ",
              shape_str(self.sizes()), ")");
  EMBER_CHECK(self.dtype() != DType::Bool, NotImplemented, "trace: not implemented for bool input");
  return sum(diagonal(self, 0, 0, 1));
}

Tensor cdist(const Tensor& x1, const Tensor& x2, double p, CdistMode mode) {
  EMBER_CHECK(x1.dim() >= 2, Runtime, "cdist only supports at least 2D tensors, X1 got: ", x1.dim(), "D");
  EMBER_CHECK(x2.dim() >= 2, Runtime, "cdist only supports at least 2D tensors, X2 got: ", x2.dim(), "D");
  const int64_t m = x1.size(-1 + x1.dim());
  EMBER_CHECK(m == x2.size(x2.dim() - 1), Runtime, "cdist: X1 and X2 must have the same number of columns. X1: ", m,
              " X2: ", x2.size(x2.dim() - 1));
  for (const Tensor* x : {&x1, &x2}) {
    EMBER_CHECK(x->dtype() != DType::Float16 && x->dtype() != DType::BFloat16, NotImplemented,
                "cdist: not implemented for ", name(x->dtype()));
    EMBER_CHECK(x->dtype() == DType::Float32 || x->dtype() == DType::Float64, Runtime,
                "cdist only supports floating-point dtypes, ", x == &x1 ? "X1" : "X2", " got: ", name(x->dtype()));
  }
  EMBER_CHECK(x1.dtype() == x2.dtype(), Runtime, "cdist: X1 and X2 must have the same dtype, got ", name(x1.dtype()),
              " and ", name(x2.dtype()));
  EMBER_CHECK(p >= 0, Runtime, "cdist only supports non-negative p values (got ", p, ")");
  // Broadcast the batch dims.
  const int64_t r1 = x1.size(x1.dim() - 2), r2 = x2.size(x2.dim() - 2);
  std::array<DimVector, 2> batches{DimVector(x1.sizes().first(x1.dim() - 2)),
                                   DimVector(x2.sizes().first(x2.dim() - 2))};
  DimVector shape1 = broadcast_shapes(batches, "cdist"), shape2 = shape1;
  shape1.push_back(r1);
  shape1.push_back(m);
  shape2.push_back(r2);
  shape2.push_back(m);
  const Tensor a = expand(x1, shape1), b = expand(x2, shape2);
  if (m == 0) {  // no columns: every distance is 0 (even the inf-norm's, which has no identity)
    DimVector out(IntArrayRef(shape1).first(shape1.size() - 1));
    out.push_back(r2);
    return zeros(out, x1.dtype());
  }
  const bool use_mm = p == 2 && (mode == CdistMode::MatMul || (mode == CdistMode::Auto && (r1 > 25 || r2 > 25)));
  if (use_mm) {
    // |a - b|^2 = |a|^2 - 2 a.b + |b|^2 as one matrix product of augmented
    // rows [-2a, |a|^2, 1] . [b, 1, |b|^2], so the three terms meet inside
    // one accumulation (separate roundings leave ~1e-3 for a point and itself
    // in float32). The floor of 1e-30 is PyTorch's: it keeps cancellation from
    // going negative and sqrt's gradient finite.
    const std::array<int64_t, 1> last{-1};
    const Tensor na = sum(unary(UnaryMath::Square, a), DimVector(last), true);
    const Tensor nb = sum(unary(UnaryMath::Square, b), DimVector(last), true);
    const Tensor one_a = full(na.sizes(), Scalar(1.0), na.dtype()), one_b = full(nb.sizes(), Scalar(1.0), nb.dtype());
    const std::array<Tensor, 3> pa{binary(BinaryMath::Mul, a, Scalar(-2.0)), na, one_a}, pb{b, one_b, nb};
    const Tensor d2 = batched_matmul(cat(pa, -1), matrix_transpose(cat(pb, -1)));
    return unary(UnaryMath::Sqrt, clamp_min(d2, Scalar(1e-30)));
  }
  const Tensor diff = sub(unsqueeze(a, a.dim() - 1), unsqueeze(b, b.dim() - 2));
  const std::array<int64_t, 1> last{-1};
  return vector_norm(diff, p, DimVector(last), false, std::nullopt, "cdist");
}

}  // namespace ember
