// Random ops that sample from tensors of parameters (normal, bernoulli,
// multinomial, poisson) and randperm. Counter layouts: ember/generator.h.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "device_check.h"
#include "ember/generator.h"
#include "ember/ops.h"
#include "ember/parallel.h"
#include "random_util.h"

namespace ember {
namespace {

DimVector shape_of(const Operand& x) { return x.is_number() ? DimVector() : DimVector(x.tensor.sizes()); }

// A contiguous float64 copy of t's values, for reading parameters.
Tensor as_doubles(const Tensor& t) { return contiguous(to_dtype(t, DType::Float64)); }

// Uniform doubles from element `i`'s own stream (poisson): counter base + i,
// sub-streams 0, 1, ..., two draws each.
class ElementStream {
 public:
  ElementStream(uint64_t seed, uint64_t counter) : seed_(seed), counter_(counter) {}
  double next() {
    if (k_ == 2) {
      block_ = philox_block(seed_, counter_, sub_++);
      k_ = 0;
    }
    return uniform_from_u64(philox_u64(block_, k_++));
  }

 private:
  uint64_t seed_, counter_;
  uint32_t sub_ = 0;
  int k_ = 2;
  PhiloxBlock block_{};
};

// A Poisson(lam) draw. Small rates: count uniforms until their product drops
// below e^-lam (Knuth). Rates >= 10: Hormann's transformed rejection with
// squeeze, PTRS ("The transformed rejection method for generating Poisson
// random variables", 1993).
double poisson_draw(double lam, ElementStream& s) {
  if (lam == 0) return 0;
  if (std::isinf(lam)) return lam;
  if (lam < 10) {
    const double limit = std::exp(-lam);
    double prod = s.next();
    int64_t k = 0;
    while (prod > limit) {
      prod *= s.next();
      ++k;
    }
    return static_cast<double>(k);
  }
  const double slam = std::sqrt(lam), loglam = std::log(lam);
  const double b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
  while (true) {
    const double u = s.next() - 0.5, v = s.next();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2 * a / us + b) * u + lam + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <= -lam + k * loglam - std::lgamma(k + 1))
      return k;
  }
}

}  // namespace

Tensor randperm(int64_t n, DType dtype, GeneratorImpl* gen, const Tensor& out) {
  EMBER_CHECK(n >= 0, Runtime, "randperm: n must be non-negative, got ", n);
  EMBER_CHECK(!is_complex(dtype), NotImplemented, "randperm: not implemented for dtype ", name(dtype));
  if (n > 0) check_value_fits(Scalar(n - 1), dtype, /*check_float_range=*/true, "randperm");
  if (out.defined()) {
    require_cpu(out, "randperm");
    EMBER_CHECK(out.dim() == 1 && out.size(0) == n, Runtime, "randperm: out has shape ", shape_str(out.sizes()),
                " but the result has shape (", n, ",) (ember does not resize out)");
  }
  GeneratorImpl& g = generator_or_default(gen);
  const uint64_t seed = g.initial_seed(), base = g.reserve(random_detail::blocks64(n));
  Tensor perm = empty(DimVector{n}, DType::Int64);
  int64_t* p = perm.data<int64_t>();
  std::iota(p, p + n, int64_t{0});
  // Fisher-Yates from the top: position i swaps with j = draw(i) mod (i + 1).
  for (int64_t i = n - 1; i > 0; --i) {
    const PhiloxBlock b = philox_block(seed, base + static_cast<uint64_t>(i / 2));
    const uint64_t j = philox_u64(b, static_cast<int>(i % 2)) % static_cast<uint64_t>(i + 1);
    std::swap(p[i], p[j]);
  }
  Tensor result = out.defined() ? out : (dtype == DType::Int64 ? perm : empty(DimVector{n}, dtype));
  if (result.impl() != perm.impl()) copy_(result, perm);
  return result;
}

Tensor normal(const Operand& mean, const Operand& std, GeneratorImpl* gen, const Tensor& out) {
  EMBER_CHECK(!mean.is_number() || !std.is_number(), Type,
              "normal: with a number mean and std, a size is needed: normal(mean, std, size)");
  const Tensor& like = mean.is_number() ? std.tensor : mean.tensor;
  const Device device = op_device({mean.tensor, std.tensor}, "normal");  // z is drawn there
  const DType dtype = like.dtype();
  EMBER_CHECK(is_floating(dtype), NotImplemented, "normal: not implemented for dtype ", name(dtype),
              " (expected floating-point mean and std)");
  const DimVector shapes[2] = {shape_of(mean), shape_of(std)};
  const DimVector shape = broadcast_shapes(shapes, "normal");
  if (std.is_number()) {
    const double s = std.number.to_double();
    EMBER_CHECK(s >= 0.0, Runtime, "normal: expects std >= 0.0, but found std=", s);
  } else {
    const Tensor sd = to_device(as_doubles(std.tensor), Device());  // checked on the host
    const double* d = sd.data<double>();
    for (int64_t i = 0; i < sd.numel(); ++i)
      EMBER_CHECK(d[i] >= 0.0, Runtime, "normal: expects all elements of std >= 0.0, but found std=", d[i]);
  }
  Tensor z = empty(shape, dtype, device);
  normal_(z, 0.0, 1.0, gen, "normal");
  Tensor result = add(mean, binary(BinaryMath::Mul, z, std));
  if (result.dtype() != dtype) result = to_dtype(result, dtype);
  if (!out.defined()) return result;
  EMBER_CHECK(same_dims(out.sizes(), result.sizes()), Runtime, "normal: out has shape ", shape_str(out.sizes()),
              " but the result has shape ", shape_str(result.sizes()), " (ember does not resize out)");
  copy_(out, result);
  return out;
}

Tensor bernoulli(const Tensor& probs, std::optional<double> p, GeneratorImpl* gen) {
  EMBER_CHECK(is_floating(probs.dtype()), NotImplemented, "bernoulli: not implemented for dtype ", name(probs.dtype()),
              " (expected floating-point probabilities)");
  Tensor result = empty_like(probs, probs.dtype());
  if (p)
    bernoulli_(result, *p, gen);
  else
    bernoulli_(result, probs, gen);
  return result;
}

Tensor multinomial(const Tensor& probs, int64_t num_samples, bool replacement, GeneratorImpl* gen, const Tensor& out) {
  const char* op = "multinomial";
  require_cpu(probs, op);
  EMBER_CHECK(probs.dim() == 1 || probs.dim() == 2, Runtime, op, ": prob_dist must be 1 or 2 dim, got shape ",
              shape_str(probs.sizes()));
  EMBER_CHECK(is_floating(probs.dtype()), Runtime, op, ": only supports floating-point dtypes for input, got ",
              name(probs.dtype()));
  EMBER_CHECK(num_samples > 0, Runtime, op, ": cannot sample n_sample <= 0 samples (got ", num_samples, ")");
  const int64_t rows = probs.dim() == 2 ? probs.size(0) : 1, cats = probs.size(probs.dim() - 1);
  EMBER_CHECK(replacement || num_samples <= cats, Runtime, op, ": cannot sample n_sample > prob_dist.size(-1) (",
              num_samples, " > ", cats, ") samples without replacement");
  const Tensor pd = as_doubles(probs);
  const double* w = pd.data<double>();
  for (int64_t r = 0; r < rows; ++r) {
    double sum = 0;
    for (int64_t c = 0; c < cats; ++c) {
      const double v = w[r * cats + c];
      EMBER_CHECK(std::isfinite(v) && v >= 0, Runtime, op,
                  ": probability tensor contains either `inf`, `nan` or element < 0 (found ", v, " in row ", r, ")");
      sum += v;
    }
    EMBER_CHECK(sum > 0, Runtime, op, ": invalid multinomial distribution (sum of probabilities <= 0) in row ", r);
  }
  DimVector shape = probs.dim() == 2 ? DimVector{rows, num_samples} : DimVector{num_samples};
  if (out.defined()) {
    require_cpu(out, op);
    EMBER_CHECK(same_dims(out.sizes(), shape), Runtime, op, ": out has shape ", shape_str(out.sizes()),
                " but the result has shape ", shape_str(shape), " (ember does not resize out)");
    EMBER_CHECK(out.dtype() == DType::Int64, Runtime, op, ": out must be int64, got ", name(out.dtype()));
  }
  Tensor result = out.defined() && out.is_contiguous() ? out : empty(shape, DType::Int64);
  int64_t* res = result.data<int64_t>();
  GeneratorImpl& g = generator_or_default(gen);
  const uint64_t seed = g.initial_seed();
  if (replacement) {
    // Sample s of row r is element r * num_samples + s: the first category whose
    // running sum exceeds u * total (never a zero-weight one).
    const uint64_t base = g.reserve(random_detail::blocks64(rows * num_samples));
    parallel_for(0, rows, 1, [&](int64_t lo, int64_t hi) {
      std::vector<double> cdf(cats);
      for (int64_t r = lo; r < hi; ++r) {
        std::partial_sum(w + r * cats, w + (r + 1) * cats, cdf.begin());
        const double total = cdf.back();
        random_detail::draws64(r * num_samples, (r + 1) * num_samples, seed, base, [&](int64_t i, uint64_t u) {
          const double x = uniform_from_u64(u) * total;
          res[i] = std::min<int64_t>(std::upper_bound(cdf.begin(), cdf.end(), x) - cdf.begin(), cats - 1);
        });
      }
    });
  } else {
    // Category c of row r (element r * cats + c) gets key E / w with E ~ Exp(1);
    // the num_samples smallest keys, in order, are a draw without replacement
    // (weights w / sum of remaining weights at each step). Zero weights come last.
    const uint64_t base = g.reserve(random_detail::blocks64(rows * cats));
    parallel_for(0, rows, 1, [&](int64_t lo, int64_t hi) {
      std::vector<double> key(cats);
      std::vector<int64_t> order(cats);
      for (int64_t r = lo; r < hi; ++r) {
        random_detail::draws64(r * cats, (r + 1) * cats, seed, base, [&](int64_t i, uint64_t u) {
          const double e = -std::log1p(-uniform_from_u64(u));
          const double wi = w[i];
          key[i - r * cats] = wi > 0 ? e / wi : INFINITY;
        });
        std::iota(order.begin(), order.end(), int64_t{0});
        std::partial_sort(order.begin(), order.begin() + num_samples, order.end(),
                          [&](int64_t a, int64_t b) { return key[a] < key[b] || (key[a] == key[b] && a < b); });
        std::copy(order.begin(), order.begin() + num_samples, res + r * num_samples);
      }
    });
  }
  if (out.defined() && result.impl() != out.impl()) copy_(out, result);
  return out.defined() ? out : result;
}

Tensor poisson(const Tensor& rates, GeneratorImpl* gen) {
  require_cpu(rates, "poisson");
  EMBER_CHECK(is_floating(rates.dtype()), NotImplemented, "poisson: not implemented for dtype ", name(rates.dtype()),
              " (expected floating-point rates)");
  const Tensor lam = as_doubles(rates);
  const double* l = lam.data<double>();
  const int64_t n = lam.numel();
  for (int64_t i = 0; i < n; ++i)
    EMBER_CHECK(l[i] >= 0, Runtime, "poisson: invalid Poisson rate, expected rate to be non-negative, got ", l[i]);
  GeneratorImpl& g = generator_or_default(gen);
  const uint64_t seed = g.initial_seed(), base = g.reserve(static_cast<uint64_t>(n));
  Tensor draws = empty(rates.sizes(), DType::Float64);
  double* d = draws.data<double>();
  parallel_for(0, n, 1024, [&](int64_t lo, int64_t hi) {
    for (int64_t i = lo; i < hi; ++i) {
      ElementStream s(seed, base + static_cast<uint64_t>(i));
      d[i] = poisson_draw(l[i], s);
    }
  });
  return to_dtype(draws, rates.dtype());
}

}  // namespace ember
