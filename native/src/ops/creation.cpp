#include <cmath>
#include <limits>
#include <sstream>

#include "../cpu/kernels.h"
#include "device_check.h"
#include "ember/ops.h"

namespace ember {

void check_value_fits(const Scalar& value, DType dtype, bool check_float_range, const char* op) {
  auto fail = [&] {
    std::ostringstream v;
    if (value.kind() == Scalar::Kind::Complex)
      v << value.to_complex();
    else if (value.kind() == Scalar::Kind::Float)
      v << value.to_double();
    else
      v << value.to_int();
    EMBER_FAIL(Runtime, op, ": value ", v.str(), " cannot be converted to type ", name(dtype), " without overflow");
  };
  if (value.kind() == Scalar::Kind::Complex && !is_complex(dtype) && value.to_complex().imag() != 0) fail();
  if (dtype == DType::Bool || is_complex(dtype)) return;
  if (is_integral(dtype, false)) {
    visit_dtype(dtype, [&](auto tag) {
      using T = typename decltype(tag)::type;
      if constexpr (std::is_integral_v<T>) {
        using L = std::numeric_limits<T>;
        if (value.kind() == Scalar::Kind::Float || value.kind() == Scalar::Kind::Complex) {
          const double d = value.to_double();
          // 2^63 and friends are exact doubles; the range is [min, max + 1).
          if (!(d >= static_cast<double>(L::min()) && d < static_cast<double>(L::max()) + 1.0)) fail();
        } else {
          const int64_t i = value.to_int();
          if constexpr (std::is_unsigned_v<T>) {
            if (i > static_cast<int64_t>(L::max()) || (i < 0 && -i > static_cast<int64_t>(L::max()))) fail();
          } else {
            if (i < static_cast<int64_t>(L::min()) || i > static_cast<int64_t>(L::max())) fail();
          }
        }
      }
    });
    return;
  }
  if (check_float_range && value.kind() == Scalar::Kind::Float) {
    const double d = value.to_double();
    const double max = dtype == DType::Float32    ? 3.4028234663852886e38
                       : dtype == DType::Float16  ? 65504.0
                       : dtype == DType::BFloat16 ? 3.3895313892515355e38
                                                  : 1.7976931348623157e308;
    if (std::isfinite(d) && std::abs(d) > max) fail();
  }
}

Tensor full(IntArrayRef sizes, const Scalar& value, DType dtype, Device device) {
  check_value_fits(value, dtype, /*check_float_range=*/true, "full");
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
