// Statistics built from the basic reductions and elementwise ops: var/std
// (two passes: the mean, then squared deviations, which stays accurate where
// a one-pass sum of squares cancels), logsumexp and vector norms.
#include <cmath>
#include <limits>

#include "reduce_common.h"

namespace ember {
namespace {

// Float inputs of var and kin, or RuntimeError naming op.
void require_float(const Tensor& self, const char* op, const char* what) {
  EMBER_CHECK(is_floating(self.dtype()) || is_complex(self.dtype()), Runtime, op, ": ", what, " (got ",
              name(self.dtype()), ")");
}

// (var, mean) at keepdim, in the input's dtype.
std::pair<Tensor, Tensor> var_and_mean(const Tensor& self, const OptDims& dims, double correction, bool keepdim,
                                       const char* op) {
  require_float(self, op, "std and var only support floating point and complex dtypes");
  const ReducedDims rd = reduced_dims(self, dims, op);
  const DType t = self.dtype();
  const Tensor x = to_dtype(self, compute_float(t));
  const Tensor m = mean(x, dims, true);
  Tensor dev = unary(UnaryMath::Abs, sub(x, m));  // |x - mean|: real for complex input
  const Tensor ss = sum(binary(BinaryMath::Mul, dev, dev), dims, keepdim);
  const double dof = std::max(0.0, static_cast<double>(rd.count) - correction);
  const Tensor v = binary(BinaryMath::Div, ss, Scalar(dof));
  const Tensor mk = keepdim ? m : view(m, rd.drop_shape);
  const DType real_t = t == DType::Complex64 ? DType::Float32 : t == DType::Complex128 ? DType::Float64 : t;
  return {to_dtype(v, real_t), to_dtype(mk, t)};
}

}  // namespace

Tensor var(const Tensor& self, const OptDims& dims, double correction, bool keepdim) {
  return var_and_mean(self, dims, correction, keepdim, "var").first;
}
Tensor std(const Tensor& self, const OptDims& dims, double correction, bool keepdim) {
  const Tensor v = var_and_mean(self, dims, correction, keepdim, "std").first;
  return to_dtype(unary(UnaryMath::Sqrt, to_dtype(v, compute_float(v.dtype()))), v.dtype());
}
std::pair<Tensor, Tensor> var_mean(const Tensor& self, const OptDims& dims, double correction, bool keepdim) {
  return var_and_mean(self, dims, correction, keepdim, "var_mean");
}
std::pair<Tensor, Tensor> std_mean(const Tensor& self, const OptDims& dims, double correction, bool keepdim) {
  auto [v, m] = var_and_mean(self, dims, correction, keepdim, "std_mean");
  return {to_dtype(unary(UnaryMath::Sqrt, to_dtype(v, compute_float(v.dtype()))), v.dtype()), m};
}

// max + log(sum(exp(x - max))), the max taken as 0 where it is infinite (so
// all -inf gives -inf and +inf gives +inf, not NaN).
Tensor logsumexp(const Tensor& self, const OptDims& dims, bool keepdim) {
  EMBER_CHECK(!is_complex(self.dtype()), NotImplemented, "logsumexp: not implemented for complex input (got ",
              name(self.dtype()), ")");
  const ReducedDims rd = reduced_dims(self, dims, "logsumexp");
  const DType t = is_floating(self.dtype()) ? self.dtype() : default_dtype();
  const Tensor x = to_dtype(self, compute_float(t));
  if (rd.count == 0) return to_dtype(unary(UnaryMath::Log, sum(x, dims, keepdim)), t);
  Tensor m = amax(x, dims, true);
  m = where(predicate(Predicate::IsInf, m), Scalar(0.0), m);
  const Tensor s = sum(unary(UnaryMath::Exp, sub(x, m)), dims, keepdim);
  return to_dtype(add(unary(UnaryMath::Log, s), keepdim ? m : view(m, rd.drop_shape)), t);
}

Tensor vector_norm(const Tensor& self, double ord, const OptDims& dims, bool keepdim, std::optional<DType> dtype,
                   const char* op) {
  require_float(self, op, "Expected a floating point or complex tensor as input");
  if (dtype) {
    EMBER_CHECK(is_floating(*dtype) || is_complex(*dtype), Runtime, op,
                ": dtype should be floating point or complex, but got ", name(*dtype));
    EMBER_CHECK(is_complex(*dtype) == is_complex(self.dtype()), Runtime, op, ": dtype ", name(*dtype),
                " doesn't match the input's ", name(self.dtype()), " (both complex or both real)");
  }
  const DType in_t = dtype.value_or(self.dtype());
  const DType t = in_t == DType::Complex64 ? DType::Float32 : in_t == DType::Complex128 ? DType::Float64 : in_t;
  const Tensor a = to_dtype(
      unary(UnaryMath::Abs, to_dtype(self, in_t == DType::Float16 || in_t == DType::BFloat16 ? DType::Float32 : in_t)),
      compute_float(t));
  Tensor r;
  if (std::isinf(ord)) {
    const ReducedDims rd = reduced_dims(self, dims, op);
    EMBER_CHECK(rd.count != 0, Runtime, op, " cannot compute the ", ord > 0 ? "inf" : "-inf",
                " norm on an empty tensor because the operation does not have an identity (input shape ",
                shape_str(self.sizes()), ")");
    r = ord > 0 ? amax(a, dims, keepdim) : amin(a, dims, keepdim);
  } else if (ord == 0) {
    r = to_dtype(sum(compare(Comparison::Ne, a, Scalar(0.0)), dims, keepdim), a.dtype());
  } else if (ord == 1) {
    r = sum(a, dims, keepdim);
  } else if (ord == 2) {
    r = unary(UnaryMath::Sqrt, sum(binary(BinaryMath::Mul, a, a), dims, keepdim));
  } else {
    r = binary(BinaryMath::Pow, sum(binary(BinaryMath::Pow, a, Scalar(ord)), dims, keepdim), Scalar(1.0 / ord));
  }
  return to_dtype(r, t);
}

}  // namespace ember
