#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "../cpu/kernels.h"
#include "device_check.h"
#include "device_fill.h"
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
  fill_values(out, value);
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
  if (!device.is_cpu()) return to_device(arange(start, end, step, dtype, Device{}), device);  // computed on the host
  Tensor out = empty({&n, 1}, dtype, device);
  cpu::arange(out, start, step);
  return out;
}

Tensor empty_like(const Tensor& self, DType dtype) {
  // Order dims from innermost to outermost by stride with a stable insertion
  // sort, starting from the last dim; a zero stride compares as "unknown" and
  // keeps its place, equal strides put the smaller size inside.
  const int64_t nd = self.dim();
  DimVector order(nd);
  for (int64_t i = 0; i < nd; ++i) order[i] = nd - 1 - i;
  auto outer = [&](int64_t x, int64_t y) {  // 1: x belongs outside y, -1: inside, 0: unknown
    const int64_t sx = self.stride(x), sy = self.stride(y);
    if (sx == 0 || sy == 0) return 0;
    if (sx != sy) return sx < sy ? -1 : 1;
    return self.size(x) > self.size(y) ? 1 : 0;
  };
  for (int64_t i = 1; i < nd; ++i) {
    int64_t at = i;  // where the dim being inserted is now; it hops over unknowns
    for (int64_t j = i - 1; j >= 0; --j) {
      const int c = outer(order[j], order[at]);
      if (c < 0) break;
      if (c > 0) {
        std::swap(order[j], order[at]);
        at = j;
      }
    }
  }
  DimVector strides(nd);
  bool dense = true;  // then self's strides are kept exactly, size-1 dims included
  int64_t next = 1;
  for (int64_t d : order) {
    strides[d] = next;
    if (self.size(d) > 1) {
      dense = dense && self.stride(d) == next;
      next *= self.size(d);
    }
  }
  if (dense) strides = DimVector(self.strides());
  const int64_t n = checked_numel(self.sizes(), "empty_like");
  Storage storage = new_storage(static_cast<size_t>(n * itemsize(dtype)), self.device());
  return Tensor(make_intrusive<TensorImpl>(std::move(storage), dtype, self.sizes(), strides, 0));
}

namespace {

// linspace and logspace take their ends as numbers that must fit the dtype.
void check_spaced(const char* op, const Scalar& start, const Scalar& end, int64_t steps, DType dtype) {
  EMBER_CHECK(steps >= 0, Runtime, op, ": number of steps must be non-negative, got ", steps);
  EMBER_CHECK(dtype != DType::Bool, NotImplemented, op, ": not implemented for dtype bool");
  EMBER_CHECK(is_complex(dtype) || (start.kind() != Scalar::Kind::Complex && end.kind() != Scalar::Kind::Complex),
              Runtime, op, ": complex start or end can't be cast to the requested dtype ", name(dtype));
  check_value_fits(start, dtype, /*check_float_range=*/true, op);
  check_value_fits(end, dtype, /*check_float_range=*/true, op);
}

}  // namespace

Tensor linspace(const Scalar& start, const Scalar& end, int64_t steps, DType dtype, Device device) {
  check_spaced("linspace", start, end, steps, dtype);
  if (!device.is_cpu()) return to_device(linspace(start, end, steps, dtype, Device{}), device);
  Tensor out = empty({&steps, 1}, dtype, device);
  cpu::linspace(out, start, end);
  return out;
}

Tensor logspace(const Scalar& start, const Scalar& end, int64_t steps, double base, DType dtype, Device device) {
  check_spaced("logspace", start, end, steps, dtype);
  if (!device.is_cpu()) return to_device(logspace(start, end, steps, base, dtype, Device{}), device);
  Tensor out = empty({&steps, 1}, dtype, device);
  cpu::logspace(out, start, end, base);
  return out;
}

Tensor eye(int64_t n, int64_t m, DType dtype, Device device) {
  EMBER_CHECK(n >= 0, Runtime, "eye: n must be greater or equal to 0, got ", n);
  EMBER_CHECK(m >= 0, Runtime, "eye: m must be greater or equal to 0, got ", m);
  Tensor out = zeros(DimVector{n, m}, dtype, device);
  const int64_t k = std::min(n, m);
  if (k > 0) fill_values(make_view(out, {&k, 1}, DimVector{m + 1}, 0), Scalar(int64_t{1}));  // the diagonal
  return out;
}

void fill_(const Tensor& self, const Scalar& value, const char* op) {
  check_value_fits(value, self.dtype(), /*check_float_range=*/true, op);
  fill_values(self, value);
  self.impl()->storage()->bump_version();
}

void fill_(const Tensor& self, const Tensor& value) {
  EMBER_CHECK(value.dim() == 0, Runtime, "fill_: only supports a 0-dimension value tensor, but got one with ",
              value.dim(), " dimensions (shape ", shape_str(value.sizes()), ")");
  copy_(self, make_view(value, self.sizes(), DimVector(self.dim(), 0), value.impl()->storage_offset()));
}

}  // namespace ember
