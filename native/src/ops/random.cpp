// In-place distributions and the tensors made from them (rand, randn,
// randint). Element i of a tensor is its i-th element in row-major order;
// which Philox words it takes is fixed in ember/generator.h. A destination
// that isn't a contiguous tensor of the working dtype is filled through a
// contiguous buffer and a copy, so it gets the same values a contiguous one would.
// CUDA tensors get the same values from the same counters (cuda/random.cu says
// which transforms match bit for bit), drawn on the device.
#include <cmath>
#include <limits>

#include "../core/cuda_backend.h"
#include "../cpu/random_kernels.h"
#include "device_check.h"
#include "ember/generator.h"
#include "ember/ops.h"
#include "ember/parallel.h"
#include "random_util.h"

namespace ember {
namespace {

// The float type a floating dtype's values are drawn in: float32's 32-bit
// draws for float32/16/bfloat16, 64-bit ones for float64.
bool draws_in_double(DType dtype) { return dtype == DType::Float64 || dtype == DType::Complex128; }

void require_floating(const Tensor& self, const char* op) {
  EMBER_CHECK(is_floating(self.dtype()), NotImplemented, op, ": not implemented for dtype ", name(self.dtype()),
              " (expected a floating-point tensor)");
}

// A device tensor's draws: the backend fills a dense buffer of `work` (self
// itself when it is one) from counters `base` on, copied into self as fill_via does.
void fill_on_device(const Tensor& self, DType work, cuda::RandomParams p, uint64_t seed, uint64_t base,
                    const char* op) {
  p.seed = seed;
  p.base = base;
  const bool direct = self.dtype() == work && self.is_contiguous();
  const Tensor buffer = direct ? self : empty(self.sizes(), work, self.device());
  EMBER_CHECK(cuda::backend().random(buffer.data_ptr(), buffer.numel(), work, p), NotImplemented, op,
              ": no CUDA kernel for ", name(work), " draws in this build");
  if (direct)
    self.impl()->storage()->bump_version();
  else
    copy_(self, buffer);
}

// Uniform [0, 1) into a contiguous buffer, then `f` on each value, chunk by chunk.
template <class T, class F>
void uniform_fill(T* data, int64_t n, uint64_t seed, uint64_t base, F f) {
  parallel_for(0, n, random_detail::kGrain, [&](int64_t lo, int64_t hi) {
    if constexpr (std::is_same_v<T, float>) {
      cpu::random_kernels().uniform_f32(data + lo, lo, hi - lo, seed, base);
      for (int64_t i = lo; i < hi; ++i) data[i] = f(data[i]);
    } else {
      random_detail::draws64(lo, hi, seed, base, [&](int64_t i, uint64_t w) { data[i] = f(uniform_from_u64(w)); });
    }
  });
}

template <class T>
uint64_t uniform_blocks(int64_t n) {
  return std::is_same_v<T, float> ? random_detail::blocks32(n) : random_detail::blocks64(n);
}

// Standard normals, then `f` on each.
template <class T, class F>
void normal_fill(T* data, int64_t n, uint64_t seed, uint64_t base, F f) {
  if constexpr (std::is_same_v<T, float>) {
    // Chunks start on a block (4 elements) so no block is computed twice.
    parallel_for(0, (n + 3) / 4, random_detail::kGrain / 4, [&](int64_t lo, int64_t hi) {
      const int64_t first = lo * 4, last = std::min(n, hi * 4);
      cpu::random_kernels().normal_f32(data + first, first, last - first, seed, base);
      for (int64_t i = first; i < last; ++i) data[i] = f(data[i]);
    });
  } else {
    parallel_for(0, (n + 1) / 2, random_detail::kGrain / 2, [&](int64_t lo, int64_t hi) {
      for (int64_t j = lo; j < hi; ++j) {
        const PhiloxBlock b = philox_block(seed, base + j);
        const double u1 = 1.0 - uniform_from_u64(philox_u64(b, 0)), u2 = uniform_from_u64(philox_u64(b, 1));
        const double r = std::sqrt(-2.0 * std::log(u1)), t = 2.0 * M_PI * u2;
        data[2 * j] = f(r * std::cos(t));
        if (2 * j + 1 < n) data[2 * j + 1] = f(r * std::sin(t));
      }
    });
  }
}

// Runs draw(T* data, n, seed, base) on self's elements (complex: on its real
// and imaginary parts) with T float or double by self's dtype; `blocks(n)`
// says how many counters the draw uses. On a device, `device` is the same
// draw for the backend.
template <class Draw>
void fill_floating(const Tensor& self, GeneratorImpl* gen, const cuda::RandomParams& device, const char* op,
                   Draw draw) {
  const Tensor target = is_complex(self.dtype()) ? view_as_real(self) : self;
  GeneratorImpl& g = generator_or_default(gen);
  const uint64_t seed = g.initial_seed();
  const bool wide = draws_in_double(self.dtype());
  const uint64_t base =
      g.reserve(wide ? uniform_blocks<double>(target.numel()) : uniform_blocks<float>(target.numel()));
  if (!target.device().is_cpu()) {
    fill_on_device(target, wide ? DType::Float64 : DType::Float32, device, seed, base, op);
  } else if (wide) {
    random_detail::fill_via<double>(target, [&](double* d, int64_t n) { draw(d, n, seed, base); });
  } else {
    random_detail::fill_via<float>(target, [&](float* d, int64_t n) { draw(d, n, seed, base); });
  }
}

cuda::RandomParams device_draw(cuda::RandomDraw draw, double a, double b = 0) {
  cuda::RandomParams p;
  p.draw = draw;
  p.a = a;
  p.b = b;
  return p;
}

void check_finite_in(double v, DType dtype, const char* what, const char* op) {
  EMBER_CHECK(std::isfinite(v), Runtime, op, ": ", what, "=", v, " is out of bounds for ", name(dtype));
  check_value_fits(Scalar(v), is_complex(dtype) ? DType::Float64 : dtype, /*check_float_range=*/true, op);
}

// The largest value random_ draws without `to`: the dtype's max for integers,
// 2^digits for floats (every integer up to it is exact), 1 for bool.
uint64_t random_max(DType dtype) {
  switch (dtype) {
    case DType::Bool: return 1;
    case DType::Float16: return uint64_t{1} << 11;
    case DType::BFloat16: return uint64_t{1} << 8;
    case DType::Float32: return uint64_t{1} << 24;
    case DType::Float64: return uint64_t{1} << 53;
    default:
      return visit_dtype(dtype, [](auto tag) -> uint64_t {
        using T = typename decltype(tag)::type;
        if constexpr (std::is_integral_v<T>) return static_cast<uint64_t>(std::numeric_limits<T>::max());
        return 0;
      });
  }
}

// from + (draw mod range) for each element; range 0 means 2^64. Ranges up
// to 2^32 take 32-bit draws, larger ones 64-bit draws.
void random_range(const Tensor& self, int64_t from, uint64_t range, GeneratorImpl* gen, const char* op) {
  GeneratorImpl& g = generator_or_default(gen);
  const uint64_t seed = g.initial_seed();
  const int64_t n = self.numel();
  const bool narrow = range != 0 && range <= (uint64_t{1} << 32);
  const uint64_t base = g.reserve(narrow ? random_detail::blocks32(n) : random_detail::blocks64(n));
  if (!self.device().is_cpu()) {
    cuda::RandomParams p = device_draw(cuda::RandomDraw::Range, 0);
    p.from = from;
    p.range = range;
    fill_on_device(self, DType::Int64, p, seed, base, op);
    return;
  }
  random_detail::fill_via<int64_t>(self, [&](int64_t* d, int64_t count) {
    parallel_for(0, count, random_detail::kGrain, [&](int64_t lo, int64_t hi) {
      auto put = [&](int64_t i, uint64_t w) {
        d[i] = static_cast<int64_t>(static_cast<uint64_t>(from) + (range == 0 ? w : w % range));
      };
      if (narrow)
        random_detail::draws32(lo, hi, seed, base, put);
      else
        random_detail::draws64(lo, hi, seed, base, put);
    });
  });
}

}  // namespace

void uniform_(const Tensor& self, double from, double to, GeneratorImpl* gen, const char* op) {
  EMBER_CHECK(is_floating(self.dtype()) || is_complex(self.dtype()), NotImplemented, op, ": not implemented for dtype ",
              name(self.dtype()), " (expected a floating-point or complex tensor)");
  check_finite_in(from, self.dtype(), "from", op);
  check_finite_in(to, self.dtype(), "to", op);
  EMBER_CHECK(from <= to, Runtime, op, ": expects to return a [from, to) range, but found from=", from, " > to=", to);
  EMBER_CHECK(to - from <= std::numeric_limits<double>::max() &&
                  (draws_in_double(self.dtype()) || to - from <= 3.4028234663852886e38),
              Runtime, op, ": expects to - from to be finite in ", name(self.dtype()), ", but found from=", from,
              " and to=", to);
  const cuda::RandomParams on_gpu = device_draw(cuda::RandomDraw::Uniform, from, to - from);
  fill_floating(self, gen, on_gpu, op, [&](auto* d, int64_t n, uint64_t seed, uint64_t base) {
    using T = std::remove_pointer_t<decltype(d)>;
    const T lo = static_cast<T>(from), width = static_cast<T>(to - from);
    if (from == 0 && to == 1)
      uniform_fill(d, n, seed, base, [](T u) { return u; });
    else
      uniform_fill(d, n, seed, base, [=](T u) { return lo + width * u; });
  });
}

void normal_(const Tensor& self, double mean, double std, GeneratorImpl* gen, const char* op) {
  EMBER_CHECK(is_floating(self.dtype()) || is_complex(self.dtype()), NotImplemented, op, ": not implemented for dtype ",
              name(self.dtype()), " (expected a floating-point or complex tensor)");
  EMBER_CHECK(std >= 0.0, Runtime, op, ": expects std >= 0.0, but found std=", std);
  // A complex normal has variance std^2 in all: std / sqrt(2) on each part, as PyTorch.
  if (is_complex(self.dtype())) std *= M_SQRT1_2;
  const cuda::RandomParams on_gpu = device_draw(cuda::RandomDraw::Normal, mean, std);
  fill_floating(self, gen, on_gpu, op, [&](auto* d, int64_t n, uint64_t seed, uint64_t base) {
    using T = std::remove_pointer_t<decltype(d)>;
    const T m = static_cast<T>(mean), s = static_cast<T>(std);
    if (mean == 0 && std == 1)
      normal_fill(d, n, seed, base, [](T z) { return z; });
    else
      normal_fill(d, n, seed, base, [=](T z) { return m + s * z; });
  });
}

void log_normal_(const Tensor& self, double mean, double std, GeneratorImpl* gen) {
  require_floating(self, "log_normal_");
  EMBER_CHECK(std > 0.0, Runtime, "log_normal_: expects std > 0.0, but found std=", std);
  const cuda::RandomParams on_gpu = device_draw(cuda::RandomDraw::LogNormal, mean, std);
  fill_floating(self, gen, on_gpu, "log_normal_", [&](auto* d, int64_t n, uint64_t seed, uint64_t base) {
    using T = std::remove_pointer_t<decltype(d)>;
    normal_fill(d, n, seed, base, [=](T z) { return static_cast<T>(std::exp(mean + std * z)); });
  });
}

void exponential_(const Tensor& self, double lambd, GeneratorImpl* gen) {
  require_floating(self, "exponential_");
  EMBER_CHECK(lambd > 0.0, Runtime, "exponential_: expects lambd > 0.0, but found lambd=", lambd);
  const cuda::RandomParams on_gpu = device_draw(cuda::RandomDraw::Exponential, lambd);
  fill_floating(self, gen, on_gpu, "exponential_", [&](auto* d, int64_t n, uint64_t seed, uint64_t base) {
    using T = std::remove_pointer_t<decltype(d)>;
    // 1 - u is in (0, 1]: the result is finite and >= 0.
    uniform_fill(d, n, seed, base, [=](T u) { return static_cast<T>(-std::log1p(-u) / lambd); });
  });
}

void cauchy_(const Tensor& self, double median, double sigma, GeneratorImpl* gen) {
  require_floating(self, "cauchy_");
  EMBER_CHECK(sigma > 0.0, Runtime, "cauchy_: expects sigma > 0.0, but found sigma=", sigma);
  const cuda::RandomParams on_gpu = device_draw(cuda::RandomDraw::Cauchy, median, sigma);
  fill_floating(self, gen, on_gpu, "cauchy_", [&](auto* d, int64_t n, uint64_t seed, uint64_t base) {
    using T = std::remove_pointer_t<decltype(d)>;
    uniform_fill(d, n, seed, base, [=](T u) { return static_cast<T>(median + sigma * std::tan(M_PI * (u - 0.5))); });
  });
}

void geometric_(const Tensor& self, double p, GeneratorImpl* gen) {
  EMBER_CHECK(p > 0.0 && p < 1.0, Runtime, "geometric_: expects p to be in (0, 1), but got p=", p);
  EMBER_CHECK(!is_complex(self.dtype()), NotImplemented, "geometric_: not implemented for dtype ", name(self.dtype()));
  // Trials up to the first success: floor(log(1 - u) / log(1 - p)) + 1 >= 1.
  const double scale = 1.0 / std::log1p(-p);
  auto draw = [&](auto* d, int64_t n, uint64_t seed, uint64_t base) {
    using T = std::remove_pointer_t<decltype(d)>;
    uniform_fill(d, n, seed, base, [=](T u) { return static_cast<T>(std::floor(std::log1p(-u) * scale) + 1.0); });
  };
  const cuda::RandomParams on_gpu = device_draw(cuda::RandomDraw::Geometric, scale);
  if (is_floating(self.dtype())) {
    fill_floating(self, gen, on_gpu, "geometric_", draw);
    return;
  }
  GeneratorImpl& g = generator_or_default(gen);  // integers: drawn as float64
  const uint64_t seed = g.initial_seed(), base = g.reserve(random_detail::blocks64(self.numel()));
  if (!self.device().is_cpu()) {
    fill_on_device(self, DType::Float64, on_gpu, seed, base, "geometric_");
    return;
  }
  random_detail::fill_via<double>(self, [&](double* d, int64_t n) { draw(d, n, seed, base); });
}

void bernoulli_(const Tensor& self, double p, GeneratorImpl* gen) {
  EMBER_CHECK(p >= 0.0 && p <= 1.0, Runtime, "bernoulli_: expects p to be in [0, 1], but got p=", p);
  EMBER_CHECK(!is_complex(self.dtype()), NotImplemented, "bernoulli_: not implemented for dtype ", name(self.dtype()));
  GeneratorImpl& g = generator_or_default(gen);
  const uint64_t seed = g.initial_seed(), base = g.reserve(random_detail::blocks64(self.numel()));
  if (!self.device().is_cpu()) {
    fill_on_device(self, DType::UInt8, device_draw(cuda::RandomDraw::Bernoulli, p), seed, base, "bernoulli_");
    return;
  }
  random_detail::fill_via<uint8_t>(self, [&](uint8_t* d, int64_t n) {
    parallel_for(0, n, random_detail::kGrain, [&](int64_t lo, int64_t hi) {
      random_detail::draws64(lo, hi, seed, base, [&](int64_t i, uint64_t w) { d[i] = uniform_from_u64(w) < p; });
    });
  });
}

void bernoulli_(const Tensor& self, const Tensor& p, GeneratorImpl* gen) {
  const Device device = op_device({self, p}, "bernoulli_");  // a CPU 0-d p joins a device self
  EMBER_CHECK(self.device().type == device.type, Runtime, "bernoulli_: expected p on self's device (",
              self.device().str(), "), but found it on ", p.device().str());
  EMBER_CHECK(!is_complex(self.dtype()), NotImplemented, "bernoulli_: not implemented for dtype ", name(self.dtype()));
  EMBER_CHECK(is_floating(p.dtype()), NotImplemented, "bernoulli_: p must be a floating-point tensor, got ",
              name(p.dtype()));
  const Tensor probs = contiguous(to_device(to_dtype(expand(p, self.sizes()), DType::Float64), device));
  // Checked on the host (a device's probabilities are copied there once, as index ranges are).
  const Tensor host = device.is_cpu() ? probs : to_device(probs, Device());
  const double* pd = host.data<double>();
  for (int64_t i = 0; i < host.numel(); ++i)
    EMBER_CHECK(pd[i] >= 0.0 && pd[i] <= 1.0, Runtime,
                "bernoulli_: expects all elements of p to be in [0, 1], but found p=", pd[i]);
  GeneratorImpl& g = generator_or_default(gen);
  const uint64_t seed = g.initial_seed(), base = g.reserve(random_detail::blocks64(self.numel()));
  if (!device.is_cpu()) {
    cuda::RandomParams on_gpu = device_draw(cuda::RandomDraw::BernoulliAt, 0);
    on_gpu.probs = static_cast<const double*>(probs.data_ptr());
    fill_on_device(self, DType::UInt8, on_gpu, seed, base, "bernoulli_");
    return;
  }
  random_detail::fill_via<uint8_t>(self, [&](uint8_t* d, int64_t n) {
    parallel_for(0, n, random_detail::kGrain, [&](int64_t lo, int64_t hi) {
      random_detail::draws64(lo, hi, seed, base, [&](int64_t i, uint64_t w) { d[i] = uniform_from_u64(w) < pd[i]; });
    });
  });
}

void random_(const Tensor& self, int64_t from, std::optional<int64_t> to, GeneratorImpl* gen, const char* op) {
  const DType dtype = self.dtype();
  EMBER_CHECK(!is_complex(dtype), NotImplemented, op, ": not implemented for dtype ", name(dtype));
  auto check_fits = [&](int64_t v, const char* what) {
    if (is_floating(dtype)) {
      check_value_fits(Scalar(static_cast<double>(v)), dtype, /*check_float_range=*/true, op);
    } else {
      EMBER_CHECK(dtype != DType::Bool || v == 0 || v == 1, Runtime, op, ": ", what, "=", v,
                  " is out of bounds for bool");
      check_value_fits(Scalar(v), dtype, /*check_float_range=*/false, op);
    }
  };
  uint64_t range;
  if (to) {
    EMBER_CHECK(from < *to, Runtime, op, ": expects 'from' to be less than 'to', but got from=", from, " >= to=", *to);
    check_fits(from, "from");
    check_fits(*to - 1, "to - 1");
    range = static_cast<uint64_t>(*to) - static_cast<uint64_t>(from);
  } else {
    const uint64_t max = random_max(dtype);
    EMBER_CHECK(from < 0 || static_cast<uint64_t>(from) <= max, Runtime, op, ": 'from' (", from,
                ") is larger than the largest value it draws, ", max);
    check_fits(from, "from");
    range = max - static_cast<uint64_t>(from) + 1;  // 2^64 wraps to 0: every 64-bit value
  }
  random_range(self, from, range, gen, op);
}

namespace {
// out (on any device: the draw happens there) or a new CPU tensor.
Tensor output(IntArrayRef sizes, DType dtype, const Tensor& out, const char* op) {
  for (int64_t s : sizes)
    EMBER_CHECK(s >= 0, Runtime, op, ": trying to create tensor with negative dimension ", s, ": ", shape_str(sizes));
  if (!out.defined()) return empty(sizes, dtype);
  EMBER_CHECK(same_dims(out.sizes(), sizes), Runtime, op, ": out has shape ", shape_str(out.sizes()),
              " but the result has shape ", shape_str(sizes), " (ember does not resize out)");
  EMBER_CHECK(out.dtype() == dtype, Runtime, op, ": out has dtype ", name(out.dtype()), ", expected ", name(dtype));
  return out;
}
}  // namespace

Tensor rand(IntArrayRef sizes, DType dtype, GeneratorImpl* gen, const Tensor& out) {
  Tensor t = output(sizes, dtype, out, "rand");
  uniform_(t, 0.0, 1.0, gen, "rand");
  return t;
}

Tensor randn(IntArrayRef sizes, DType dtype, GeneratorImpl* gen, const Tensor& out) {
  Tensor t = output(sizes, dtype, out, "randn");
  normal_(t, 0.0, 1.0, gen, "randn");
  return t;
}

Tensor randint(int64_t low, int64_t high, IntArrayRef sizes, DType dtype, GeneratorImpl* gen, const Tensor& out) {
  EMBER_CHECK(low < high, Runtime, "randint: expects 'low' to be less than 'high', but got low=", low,
              " >= high=", high);
  Tensor t = output(sizes, dtype, out, "randint");
  random_(t, low, high, gen, "randint");
  return t;
}

}  // namespace ember
