#include <cmath>

#include "../cpu/kernels.h"
#include "device_check.h"
#include "ember/ops.h"

namespace ember {

Tensor full(IntArrayRef sizes, const Scalar& value, DType dtype, Device device) {
  if (is_integral(dtype, false) && value.kind() == Scalar::Kind::Float) {
    double v = value.to_double();
    EMBER_CHECK(std::isfinite(v), Runtime, "full: value ", v, " cannot be converted to ", name(dtype));
  }
  Tensor out = empty(sizes, dtype, device);
  cpu::fill(out, value);
  return out;
}

Tensor zeros(IntArrayRef sizes, DType dtype, Device device) { return full(sizes, Scalar(int64_t{0}), dtype, device); }
Tensor ones(IntArrayRef sizes, DType dtype, Device device) { return full(sizes, Scalar(int64_t{1}), dtype, device); }

Tensor arange(const Scalar& start, const Scalar& end, const Scalar& step, DType dtype, Device device) {
  EMBER_CHECK(!is_complex(dtype) && dtype != DType::Bool, Runtime, "arange: not implemented for dtype ", name(dtype));
  const double a = start.to_double(), b = end.to_double(), s = step.to_double();
  EMBER_CHECK(std::isfinite(a) && std::isfinite(b), Runtime, "arange: unsupported range: ", a, " -> ", b);
  EMBER_CHECK(s != 0, Runtime, "arange: step must be nonzero");
  EMBER_CHECK((s > 0 && b >= a) || (s < 0 && b <= a), Runtime,
              "arange: upper bound and lower bound inconsistent with step sign (start=", a, ", end=", b, ", step=", s,
              ")");
  double count = std::ceil((b - a) / s);
  if (is_integral(dtype, false) && start.kind() != Scalar::Kind::Float && end.kind() != Scalar::Kind::Float &&
      step.kind() != Scalar::Kind::Float) {
    // Exact integer count: doubles lose precision past 2^53.
    const int64_t ia = start.to_int(), ib = end.to_int(), is = step.to_int();
    count = static_cast<double>((ib - ia) / is + ((ib - ia) % is != 0 ? 1 : 0));
  }
  EMBER_CHECK(count >= 0 && count < 9.2e18, Runtime, "arange: invalid number of elements ", count);
  const int64_t n = static_cast<int64_t>(count);
  Tensor out = empty({&n, 1}, dtype, device);
  require_cpu(out, "arange");
  cpu::arange(out, start, step);
  return out;
}

}  // namespace ember
