// Batch, layer, group and instance norm, forward and backward, written with
// the core's reductions and elementwise ops in the compute dtype (float32
// for 16-bit inputs). Each normalises x over some dims to
// xhat = (x - mean) * rstd; the backward of that, for g = dL/dxhat over n
// elements, is rstd * (g - mean(g) - xhat * mean(g * xhat)).
#include "ember/nn_ops.h"
#include "nn_util.h"

namespace ember {
namespace {

Tensor mul(const Tensor& a, const Tensor& b) { return binary(BinaryMath::Mul, a, b); }
Tensor mul(const Tensor& a, double b) { return binary(BinaryMath::Mul, a, Scalar(b)); }
Tensor rstd_of(const Tensor& var, double eps) { return unary(UnaryMath::Rsqrt, add(var, Scalar(eps))); }

// (1, C, 1, ...) view of a per-channel vector for an input of `dims` dims.
Tensor channel_view(const Tensor& v, int64_t dims) {
  DimVector s(dims, 1);
  s[1] = v.size(0);
  return view(v, s);
}

DimVector all_but_channel(int64_t dims) {
  DimVector d{0};
  for (int64_t i = 2; i < dims; ++i) d.push_back(i);
  return d;
}

// dL/dx from dL/dxhat `g` and xhat, reducing over `dims` (n elements each).
Tensor normalized_grad(const Tensor& g, const Tensor& xhat, const Tensor& rstd, const DimVector& dims) {
  const Tensor mg = mean(g, dims, true), mgx = mean(mul(g, xhat), dims, true);
  return mul(sub(sub(g, mg), mul(xhat, mgx)), rstd);
}

void check_vector(const Tensor& v, int64_t n, const char* what, const char* op) {
  if (!v.defined()) return;
  EMBER_CHECK(v.dim() == 1 && v.size(0) == n, Runtime, op, ": ", what, " should contain ", n,
              " elements (one per channel), not ", list_str(v.sizes()));
}

}  // namespace

Tensor3 native_batch_norm(const Tensor& input, const Tensor& weight, const Tensor& bias, const Tensor& running_mean,
                          const Tensor& running_var, bool training, double momentum, double eps) {
  const char* op = "native_batch_norm";
  EMBER_CHECK(input.dim() >= 2, Runtime, op, ": expected input with at least 2 dims (N, C, ...), got input of size ",
              list_str(input.sizes()));
  const int64_t C = input.size(1);
  check_vector(weight, C, "weight", op);
  check_vector(bias, C, "bias", op);
  check_vector(running_mean, C, "running_mean", op);
  check_vector(running_var, C, "running_var", op);
  EMBER_CHECK(training || (running_mean.defined() && running_var.defined()), Runtime, op,
              ": running_mean and running_var must be given when training=False");
  const DType dtype = input.dtype(), cd = nn_util::compute_dtype(dtype, op);
  const Device device = op_device({input, weight, bias, running_mean, running_var}, op);
  const Tensor x = to_dtype(input, cd);
  const DimVector dims = all_but_channel(x.dim());
  Tensor mu, invstd;
  if (training) {
    auto [var, m] = var_mean(x, dims, 0);
    mu = m;
    invstd = rstd_of(var, eps);
    const int64_t n = C ? x.numel() / C : 0;
    if (running_mean.defined())
      copy_(running_mean, add(mul(to_dtype(running_mean, cd), 1 - momentum), mul(mu, momentum)));
    if (running_var.defined()) {
      const Tensor unbiased = mul(var, static_cast<double>(n) / static_cast<double>(n - 1));
      copy_(running_var, add(mul(to_dtype(running_var, cd), 1 - momentum), mul(unbiased, momentum)));
    }
  } else {
    mu = to_dtype(running_mean, cd);
    invstd = rstd_of(to_dtype(running_var, cd), eps);
  }
  Tensor scale = weight.defined() ? mul(invstd, to_dtype(weight, cd)) : invstd;
  Tensor y = mul(sub(x, channel_view(mu, x.dim())), channel_view(scale, x.dim()));
  if (bias.defined()) y = add(y, channel_view(to_dtype(bias, cd), x.dim()));
  if (!training) return {to_dtype(y, dtype), empty(DimVector{0}, dtype, device), empty(DimVector{0}, dtype, device)};
  return {to_dtype(y, dtype), to_dtype(mu, dtype), to_dtype(invstd, dtype)};
}

Tensor3 native_batch_norm_backward(const Tensor& grad_out, const Tensor& input, const Tensor& weight,
                                   const Tensor& running_mean, const Tensor& running_var, const Tensor& save_mean,
                                   const Tensor& save_invstd, bool train, double eps, Mask3 output_mask) {
  const char* op = "native_batch_norm_backward";
  EMBER_CHECK(input.dim() >= 2, Runtime, op, ": expected input with at least 2 dims (N, C, ...), got input of size ",
              list_str(input.sizes()));
  EMBER_CHECK(same_dims(grad_out.sizes(), input.sizes()), Runtime, op, ": expected grad_out of the input's size ",
              list_str(input.sizes()), ", but got ", list_str(grad_out.sizes()));
  const int64_t C = input.size(1);
  check_vector(weight, C, "weight", op);
  const Tensor& m = train ? save_mean : running_mean;
  const Tensor& s = train ? save_invstd : running_var;
  EMBER_CHECK(m.defined() && s.defined(), Runtime, op,
              train ? ": save_mean and save_invstd must be given when train=True"
                    : ": running_mean and running_var must be given when train=False");
  check_vector(m, C, train ? "save_mean" : "running_mean", op);
  check_vector(s, C, train ? "save_invstd" : "running_var", op);
  op_device({grad_out, input, weight, m, s}, op);
  const DType dtype = input.dtype(), cd = nn_util::compute_dtype(dtype, op);
  const Tensor x = to_dtype(input, cd), go = to_dtype(grad_out, cd);
  const int64_t d = x.dim();
  const DimVector dims = all_but_channel(d);
  const Tensor mu = to_dtype(m, cd);
  const Tensor invstd = train ? to_dtype(s, cd) : rstd_of(to_dtype(s, cd), eps);
  const Tensor xhat = mul(sub(x, channel_view(mu, d)), channel_view(invstd, d));
  const Tensor w = weight.defined() ? to_dtype(weight, cd) : Tensor();
  Tensor gi, gw, gb;
  if (output_mask[0]) {
    const Tensor scale = w.defined() ? mul(invstd, w) : invstd;
    if (train) {
      gi = normalized_grad(go, xhat, channel_view(scale, d), dims);
    } else {
      gi = mul(go, channel_view(scale, d));
    }
    gi = to_dtype(gi, dtype);
  }
  if (output_mask[1]) gw = to_dtype(sum(mul(go, xhat), dims), dtype);
  if (output_mask[2]) gb = to_dtype(sum(go, dims), dtype);
  return {gi, gw, gb};
}

namespace {

// Leading (M) and normalized (K) element counts of layer norm's input.
std::pair<int64_t, int64_t> layer_norm_split(const Tensor& input, IntArrayRef normalized_shape, const Tensor& weight,
                                             const Tensor& bias, const char* op) {
  const int64_t n = normalized_shape.size(), d = input.dim();
  EMBER_CHECK(n >= 1, Runtime, op,
              ": expected normalized_shape to be at least 1-dimensional, i.e., containing at "
              "least one element, but got normalized_shape = ",
              list_str(normalized_shape));
  bool ok = d >= n;
  for (int64_t i = 0; ok && i < n; ++i) ok = input.size(d - n + i) == normalized_shape[i];
  EMBER_CHECK(
      ok, Runtime, op, ": given normalized_shape=", list_str(normalized_shape), ", expected input with shape [*",
      [&] {
        std::string s;
        for (int64_t v : normalized_shape) s += ", " + std::to_string(v);
        return s;
      }(),
      "], but got input of size", list_str(input.sizes()));
  for (const auto& [t, what] : {std::pair{&weight, "weight"}, std::pair{&bias, "bias"}}) {
    EMBER_CHECK(!t->defined() || same_dims(t->sizes(), normalized_shape), Runtime, op, ": expected ", what,
                " to be of same shape as normalized_shape, but got ", what, " of shape ", list_str(t->sizes()),
                " and normalized_shape = ", list_str(normalized_shape));
  }
  int64_t K = 1;
  for (int64_t v : normalized_shape) K *= v;
  return {K ? input.numel() / K : 0, K};
}

DimVector stats_shape(const Tensor& input, int64_t n) {
  DimVector s(input.sizes());
  for (int64_t i = input.dim() - n; i < input.dim(); ++i) s[i] = 1;
  return s;
}

}  // namespace

Tensor3 native_layer_norm(const Tensor& input, IntArrayRef normalized_shape, const Tensor& weight, const Tensor& bias,
                          double eps) {
  const char* op = "native_layer_norm";
  const auto [M, K] = layer_norm_split(input, normalized_shape, weight, bias, op);
  const DType dtype = input.dtype(), cd = nn_util::compute_dtype(dtype, op);
  const Device device = op_device({input, weight, bias}, op);
  const Tensor x = reshape(to_dtype(input, cd), DimVector{M, K});
  const DimVector stats = stats_shape(input, normalized_shape.size());
  if (M == 0 || K == 0) {
    return {empty_like(input, dtype), zeros(stats, dtype, device), zeros(stats, dtype, device)};
  }
  auto [var, mu] = var_mean(x, DimVector{1}, 0, true);
  const Tensor rstd = rstd_of(var, eps);
  Tensor y = mul(sub(x, mu), rstd);
  if (weight.defined()) y = mul(y, reshape(to_dtype(weight, cd), DimVector{K}));
  if (bias.defined()) y = add(y, reshape(to_dtype(bias, cd), DimVector{K}));
  return {to_dtype(reshape(y, input.sizes()), dtype), to_dtype(reshape(mu, stats), dtype),
          to_dtype(reshape(rstd, stats), dtype)};
}

Tensor3 native_layer_norm_backward(const Tensor& grad_out, const Tensor& input, IntArrayRef normalized_shape,
                                   const Tensor& mean_, const Tensor& rstd_, const Tensor& weight, const Tensor& bias,
                                   Mask3 output_mask) {
  const char* op = "native_layer_norm_backward";
  const auto [M, K] = layer_norm_split(input, normalized_shape, weight, bias, op);
  EMBER_CHECK(same_dims(grad_out.sizes(), input.sizes()), Runtime, op, ": expected grad_out of the input's size ",
              list_str(input.sizes()), ", but got ", list_str(grad_out.sizes()));
  EMBER_CHECK(mean_.numel() == M && rstd_.numel() == M, Runtime, op, ": expected mean and rstd with ", M,
              " elements (one per normalized row), but got sizes ", list_str(mean_.sizes()), " and ",
              list_str(rstd_.sizes()));
  op_device({grad_out, input, mean_, rstd_, weight, bias}, op);
  const DType dtype = input.dtype(), cd = nn_util::compute_dtype(dtype, op);
  const Tensor x = reshape(to_dtype(input, cd), DimVector{M, K});
  const Tensor go = reshape(to_dtype(grad_out, cd), DimVector{M, K});
  const Tensor mu = reshape(to_dtype(mean_, cd), DimVector{M, 1});
  const Tensor rstd = reshape(to_dtype(rstd_, cd), DimVector{M, 1});
  const Tensor xhat = mul(sub(x, mu), rstd);
  Tensor gi, gw, gb;
  if (output_mask[0]) {
    const Tensor g = weight.defined() ? mul(go, reshape(to_dtype(weight, cd), DimVector{K})) : go;
    gi = to_dtype(reshape(normalized_grad(g, xhat, rstd, DimVector{1}), input.sizes()), dtype);
  }
  if (output_mask[1] && weight.defined())
    gw = to_dtype(reshape(sum(mul(go, xhat), DimVector{0}), weight.sizes()), dtype);
  if (output_mask[2] && bias.defined()) gb = to_dtype(reshape(sum(go, DimVector{0}), bias.sizes()), dtype);
  return {gi, gw, gb};
}

namespace {

void check_group_norm(const Tensor& input, const Tensor& weight, const Tensor& bias, int64_t N, int64_t C, int64_t HxW,
                      int64_t group, const char* op) {
  EMBER_CHECK(input.dim() >= 2, Runtime, op, ": expected input with at least 2 dims (N, C, ...), got input of size ",
              list_str(input.sizes()));
  EMBER_CHECK(group > 0 && C % group == 0, Runtime, op,
              ": expected number of channels in input to be divisible by num_groups, but got input of shape ",
              list_str(input.sizes()), " and num_groups=", group);
  EMBER_CHECK(input.numel() == N * C * HxW && input.size(0) == N && input.size(1) == C, Runtime, op,
              ": expected input of N=", N, ", C=", C, " and HxW=", HxW, " elements per plane, but got input of size ",
              list_str(input.sizes()));
  for (const auto& [t, what] : {std::pair{&weight, "weight"}, std::pair{&bias, "bias"}}) {
    EMBER_CHECK(!t->defined() || (t->dim() == 1 && t->size(0) == C), Runtime, op, ": expected ", what,
                " to be a vector of size equal to the number of channels in input, but got ", what, " of shape ",
                list_str(t->sizes()), " and input of shape ", list_str(input.sizes()));
  }
}

}  // namespace

Tensor3 native_group_norm(const Tensor& input, const Tensor& weight, const Tensor& bias, int64_t N, int64_t C,
                          int64_t HxW, int64_t group, double eps) {
  const char* op = "native_group_norm";
  check_group_norm(input, weight, bias, N, C, HxW, group, op);
  const DType dtype = input.dtype(), cd = nn_util::compute_dtype(dtype, op);
  const Device device = op_device({input, weight, bias}, op);
  if (input.numel() == 0)
    return {empty_like(input, dtype), zeros(DimVector{N, group}, dtype, device),
            zeros(DimVector{N, group}, dtype, device)};
  const Tensor x = reshape(to_dtype(input, cd), DimVector{N, group, -1});
  auto [var, mu] = var_mean(x, DimVector{2}, 0, true);
  const Tensor rstd = rstd_of(var, eps);
  Tensor y = reshape(mul(sub(x, mu), rstd), DimVector{N, C, HxW});
  if (weight.defined()) y = mul(y, channel_view(to_dtype(weight, cd), 3));
  if (bias.defined()) y = add(y, channel_view(to_dtype(bias, cd), 3));
  return {to_dtype(reshape(y, input.sizes()), dtype), to_dtype(reshape(mu, DimVector{N, group}), dtype),
          to_dtype(reshape(rstd, DimVector{N, group}), dtype)};
}

Tensor3 native_group_norm_backward(const Tensor& grad_out, const Tensor& input, const Tensor& mean_,
                                   const Tensor& rstd_, const Tensor& weight, int64_t N, int64_t C, int64_t HxW,
                                   int64_t group, Mask3 output_mask) {
  const char* op = "native_group_norm_backward";
  check_group_norm(input, weight, Tensor(), N, C, HxW, group, op);
  EMBER_CHECK(same_dims(grad_out.sizes(), input.sizes()), Runtime, op, ": expected grad_out of the input's size ",
              list_str(input.sizes()), ", but got ", list_str(grad_out.sizes()));
  EMBER_CHECK(mean_.numel() == N * group && rstd_.numel() == N * group, Runtime, op, ": expected mean and rstd of ",
              N * group, " elements (N x group), but got sizes ", list_str(mean_.sizes()), " and ",
              list_str(rstd_.sizes()));
  op_device({grad_out, input, mean_, rstd_, weight}, op);
  const DType dtype = input.dtype(), cd = nn_util::compute_dtype(dtype, op);
  const Tensor x = reshape(to_dtype(input, cd), DimVector{N, group, -1});
  const Tensor go = reshape(to_dtype(grad_out, cd), DimVector{N, C, HxW});
  const Tensor mu = reshape(to_dtype(mean_, cd), DimVector{N, group, 1});
  const Tensor rstd = reshape(to_dtype(rstd_, cd), DimVector{N, group, 1});
  const Tensor xhat = mul(sub(x, mu), rstd);
  Tensor gi, gw, gb;
  if (output_mask[0]) {
    const Tensor g = weight.defined() ? mul(go, channel_view(to_dtype(weight, cd), 3)) : go;
    const Tensor gx = normalized_grad(reshape(g, DimVector{N, group, -1}), xhat, rstd, DimVector{2});
    gi = to_dtype(reshape(gx, input.sizes()), dtype);
  }
  if (output_mask[1] && weight.defined())
    gw = to_dtype(sum(mul(go, reshape(xhat, DimVector{N, C, HxW})), DimVector{0, 2}), dtype);
  if (output_mask[2]) gb = to_dtype(sum(go, DimVector{0, 2}), dtype);
  return {gi, gw, gb};
}

Tensor group_norm(const Tensor& input, int64_t num_groups, const Tensor& weight, const Tensor& bias, double eps) {
  const char* op = "group_norm";
  EMBER_CHECK(input.dim() >= 2, Runtime, op, ": expected at least 2 dimensions for input tensor but received ",
              input.dim());
  const int64_t N = input.size(0), C = input.size(1);
  const int64_t HxW = N * C != 0 ? input.numel() / (N * C) : 1;
  check_group_norm(input, weight, bias, N, C, HxW, num_groups, op);
  return std::get<0>(native_group_norm(input, weight, bias, N, C, HxW, num_groups, eps));
}

Tensor instance_norm(const Tensor& input, const Tensor& weight, const Tensor& bias, const Tensor& running_mean,
                     const Tensor& running_var, bool use_input_stats, double momentum, double eps) {
  const char* op = "instance_norm";
  EMBER_CHECK(input.dim() >= 2, Runtime, op, ": expected input with at least 2 dims (N, C, ...), got input of size ",
              list_str(input.sizes()));
  const int64_t N = input.size(0), C = input.size(1);
  // Batch norm of (1, N*C, ...): each (n, c) plane is its own channel.
  DimVector folded(input.sizes());
  folded.erase(0);
  folded[0] = N * C;
  folded.insert(0, 1);
  auto repeat_n = [&](const Tensor& t) { return t.defined() ? repeat(t, DimVector{N}) : Tensor(); };
  const Tensor rm = repeat_n(running_mean), rv = repeat_n(running_var);
  const Tensor y = std::get<0>(native_batch_norm(reshape(input, folded), repeat_n(weight), repeat_n(bias), rm, rv,
                                                 use_input_stats, momentum, eps));
  // The running stats: the mean of each channel's N updated copies.
  if (use_input_stats && running_mean.defined()) copy_(running_mean, mean(reshape(rm, DimVector{N, C}), DimVector{0}));
  if (use_input_stats && running_var.defined()) copy_(running_var, mean(reshape(rv, DimVector{N, C}), DimVector{0}));
  return reshape(y, input.sizes());
}

}  // namespace ember
