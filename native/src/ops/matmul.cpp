#include "../cpu/kernels.h"
#include "device_check.h"
#include "ember/ops.h"

namespace ember {

// 2-D float32/float64 matrix product through the BLAS. The other rank cases
// and dtypes come with the linear-algebra work.
Tensor matmul(const Tensor& a, const Tensor& b) {
  EMBER_CHECK(a.dim() == 2 && b.dim() == 2, NotImplemented, "matmul: only 2-D operands are supported so far, got ",
              a.dim(), "-D ", shape_str(a.sizes()), " and ", b.dim(), "-D ", shape_str(b.sizes()));
  EMBER_CHECK(a.size(1) == b.size(0), Runtime, "matmul: shapes ", shape_str(a.sizes()), " and ", shape_str(b.sizes()),
              " cannot be multiplied (", a.size(0), "x", a.size(1), " and ", b.size(0), "x", b.size(1), ")");
  EMBER_CHECK(a.dtype() == b.dtype(), Runtime, "matmul: expected both operands to have the same dtype, got ",
              name(a.dtype()), " and ", name(b.dtype()));
  EMBER_CHECK(a.dtype() == DType::Float32 || a.dtype() == DType::Float64, NotImplemented, "matmul: dtype ",
              name(a.dtype()), " is not supported yet (float32 and float64 are)");
  EMBER_CHECK(a.device() == b.device(), Runtime, "matmul: expected both operands on the same device, got ",
              a.device().str(), " and ", b.device().str());
  require_cpu(a, "matmul");
  constexpr int64_t kBlasMax = 2147483647;
  for (int64_t s : {a.size(0), a.size(1), b.size(1)})
    EMBER_CHECK(s <= kBlasMax, Runtime, "matmul: dimension ", s, " exceeds the BLAS's 32-bit limit");

  const int64_t out_sizes[2] = {a.size(0), b.size(1)};
  if (a.size(1) == 0) return zeros(out_sizes, a.dtype(), a.device());
  Tensor out = empty(out_sizes, a.dtype(), a.device());
  if (out.numel() == 0) return out;
  const Tensor ca = cpu::gemm_accepts(a) ? a : clone(a);
  const Tensor cb = cpu::gemm_accepts(b) ? b : clone(b);
  cpu::gemm(out, ca, cb);
  return out;
}

}  // namespace ember
