// Pooling front ends: PyTorch's checks and output sizes, and the windows
// (cpu/pool_kernels.cpp) each output position reads; device tensors run the
// CUDA backend's kernels over the same windows.
#include <cmath>

#include "../core/cuda_backend.h"
#include "../cpu/pool_kernels.h"
#include "ember/nn_ops.h"
#include "nn_util.h"

namespace ember {
namespace {

int64_t div_floor(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// The input as (planes, *spatial) contiguous in the compute dtype, checked:
// `spatial` + 1 or + 2 dims, non-empty but for the batch.
struct Planes {
  Tensor x;
  DimVector lead;  // the sizes before the spatial dims
  DimVector spatial;
  DType dtype;
};

// `integers`: integer inputs (not bool) keep their dtype (max pools).
Planes planes_of(const Tensor& input, int64_t spatial, const char* op, bool integers = false) {
  const int64_t d = input.dim();
  EMBER_CHECK(d == spatial + 1 || d == spatial + 2, Runtime, op, ": expected ", spatial + 1, "D or ", spatial + 2,
              "D (batch mode) input, but got input of size ", list_str(input.sizes()));
  for (int64_t i = d - spatial - 1; i < d; ++i) {
    EMBER_CHECK(input.size(i) > 0, Runtime, op,
                ": expected input with non-zero sizes except for the batch dim, but got input of size ",
                list_str(input.sizes()));
  }
  Planes p;
  p.dtype = input.dtype();
  const DType t = input.dtype();
  const bool keep = integers && is_integral(t, false);
  const DType cd = keep ? t : nn_util::compute_dtype(t, op);
  for (int64_t i = 0; i < d - spatial; ++i) p.lead.push_back(input.size(i));
  for (int64_t i = d - spatial; i < d; ++i) p.spatial.push_back(input.size(i));
  p.x = nn_util::dense(input, cd);
  return p;
}

DimVector sizes_of(const Planes& p, IntArrayRef spatial) {
  DimVector s = p.lead;
  for (int64_t v : spatial) s.push_back(v);
  return s;
}

int64_t plane_count(const Planes& p) {
  int64_t n = 1;
  for (int64_t v : p.lead) n *= v;
  return n;
}

struct Geometry {
  DimVector kernel, stride, padding, dilation, out;
};

Geometry pool_geometry(const Planes& p, IntArrayRef kernel_size, IntArrayRef stride, IntArrayRef padding,
                       IntArrayRef dilation, bool ceil_mode, bool is_max, const char* op) {
  const int64_t n = p.spatial.size();
  Geometry g;
  g.kernel = nn_util::expand_param(kernel_size, n, "kernel_size", op);
  g.stride = stride.empty() ? g.kernel : nn_util::expand_param(stride, n, "stride", op);
  g.padding = nn_util::expand_param(padding, n, "padding", op);
  g.dilation = nn_util::expand_param(dilation, n, "dilation", op);
  g.out = DimVector(n);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t k = g.kernel[i], s = g.stride[i], pad = g.padding[i], d = g.dilation[i];
    EMBER_CHECK(k > 0, Runtime, op,
                ": kernel size should be greater than zero, but got kernel_size=", list_str(g.kernel));
    EMBER_CHECK(s > 0, Runtime, op, ": stride should be greater than zero, but got stride=", list_str(g.stride));
    EMBER_CHECK(d > 0, Runtime, op, ": dilation should be greater than zero, but got dilation=", list_str(g.dilation));
    EMBER_CHECK(pad >= 0, Runtime, op, ": pad must be non-negative, but got padding=", list_str(g.padding));
    const int64_t extent = (k - 1) * d + 1;
    EMBER_CHECK(pad <= (is_max ? extent / 2 : k / 2), Runtime, op,
                ": pad should be at most half of effective kernel size, but got pad=", pad, ", kernel_size=", k,
                " and dilation=", d);
    const int64_t in = p.spatial[i];
    int64_t out = div_floor(in + 2 * pad - extent + (ceil_mode ? s - 1 : 0), s) + 1;
    if (ceil_mode && (out - 1) * s >= in + pad) --out;  // the last window must start inside the input or left pad
    g.out[i] = out;
  }
  for (int64_t i = 0; i < n; ++i) {
    EMBER_CHECK(g.out[i] >= 1, Runtime, op, ": given input size ", list_str(p.spatial), ", the calculated output size ",
                list_str(g.out), " is too small");
  }
  return g;
}

// Fills the three-dim window tables from one dim's (lo, hi) per output index.
template <class Fn>
cpu::PoolWindows windows(int64_t planes, IntArrayRef in, IntArrayRef out, IntArrayRef step, Fn range) {
  cpu::PoolWindows w;
  w.planes = planes;
  nn_util::to3(in, 1, w.in);
  nn_util::to3(out, 1, w.out);
  nn_util::to3(step, 1, w.step);
  const int64_t lead = 3 - static_cast<int64_t>(in.size());
  for (int64_t i = 0; i < 3; ++i) {
    for (int64_t o = 0; o < w.out[i]; ++o) {
      int64_t lo = 0, hi = 1;
      if (i >= lead) range(i - lead, o, &lo, &hi);
      w.lo[i].push_back(lo);
      w.hi[i].push_back(hi);
    }
  }
  return w;
}

cpu::PoolWindows max_windows(const Planes& p, const Geometry& g) {
  return windows(plane_count(p), p.spatial, g.out, g.dilation, [&](int64_t i, int64_t o, int64_t* lo, int64_t* hi) {
    const int64_t start = o * g.stride[i] - g.padding[i], d = g.dilation[i];
    *lo = start;
    while (*lo < 0) *lo += d;
    *hi = std::min(start + (g.kernel[i] - 1) * d + 1, p.spatial[i]);
  });
}

cpu::PoolWindows avg_windows(const Planes& p, const Geometry& g, bool count_include_pad,
                             std::optional<int64_t> divisor_override) {
  const int64_t n = p.spatial.size();
  DimVector ones(n, 1);
  cpu::PoolWindows w =
      windows(plane_count(p), p.spatial, g.out, ones, [&](int64_t i, int64_t o, int64_t* lo, int64_t* hi) {
        const int64_t start = o * g.stride[i] - g.padding[i];
        *lo = std::max<int64_t>(start, 0);
        *hi = std::min(start + g.kernel[i], p.spatial[i]);
      });
  // Divisors: the window clipped to the padded input (count_include_pad) or to the input.
  const int64_t lead = 3 - n;
  for (int64_t od = 0; od < w.out[0]; ++od)
    for (int64_t oh = 0; oh < w.out[1]; ++oh)
      for (int64_t ow = 0; ow < w.out[2]; ++ow) {
        const int64_t idx[3] = {od, oh, ow};
        double size = 1;
        for (int64_t i = lead; i < 3; ++i) {
          const int64_t j = i - lead, o = idx[i];
          const int64_t start = o * g.stride[j] - g.padding[j];
          const int64_t end = std::min(start + g.kernel[j], p.spatial[j] + g.padding[j]);
          size *= count_include_pad ? end - start : w.hi[i][o] - w.lo[i][o];
        }
        w.divisor.push_back(divisor_override ? static_cast<double>(*divisor_override) : size);
      }
  return w;
}

cpu::PoolWindows adaptive_windows(const Planes& p, IntArrayRef out) {
  const int64_t n = p.spatial.size();
  DimVector ones(n, 1);
  cpu::PoolWindows w =
      windows(plane_count(p), p.spatial, out, ones, [&](int64_t i, int64_t o, int64_t* lo, int64_t* hi) {
        const int64_t in = p.spatial[i];
        *lo = o * in / out[i];
        *hi = ((o + 1) * in + out[i] - 1) / out[i];
      });
  for (int64_t od = 0; od < w.out[0]; ++od)
    for (int64_t oh = 0; oh < w.out[1]; ++oh)
      for (int64_t ow = 0; ow < w.out[2]; ++ow)
        w.divisor.push_back(static_cast<double>((w.hi[0][od] - w.lo[0][od]) * (w.hi[1][oh] - w.lo[1][oh]) *
                                                (w.hi[2][ow] - w.lo[2][ow])));
  return w;
}

// The gradient's checks: grad_output must have the forward's output shape.
void check_grad(const Tensor& grad_output, const Tensor& input, IntArrayRef expected, const char* op) {
  EMBER_CHECK(same_dims(grad_output.sizes(), expected), Runtime, op, ": expected grad_output of size ",
              list_str(expected), " (the forward's output for input of size ", list_str(input.sizes()), "), but got ",
              list_str(grad_output.sizes()));
  nn_util::same_dtype(input, grad_output, "grad_output", op);
}

DimVector adaptive_size(const Planes& p, IntArrayRef output_size, const char* op) {
  const DimVector out = nn_util::expand_param(output_size, p.spatial.size(), "output_size", op);
  for (int64_t v : out)
    EMBER_CHECK(v >= 0, Runtime, op, ": elements of output_size must be greater than or equal to 0 but got ",
                list_str(out));
  return out;
}

// A result in the compute dtype back to the input's, shaped lead + spatial.
Tensor finish(const Tensor& t, const Planes& p, IntArrayRef spatial) {
  return to_dtype(view(t, sizes_of(p, spatial)), p.dtype);
}

Tensor new_planes(const Planes& p, IntArrayRef spatial) {
  DimVector s{plane_count(p)};
  for (int64_t v : spatial) s.push_back(v);
  return empty(s, p.x.dtype(), p.x.device());
}

// The kernels of the tensors' device: the CPU's or the CUDA backend's.
void run_max_forward(const Tensor& out, const Tensor& idx, const Tensor& x, const cpu::PoolWindows& w) {
  if (x.device().is_cpu())
    cpu::max_pool_forward(out, idx, x, w);
  else
    cuda::backend().max_pool_forward(out, idx, x, w);
}

void run_max_backward(const Tensor& gx, const Tensor& gy, const Tensor& idx) {
  if (gx.device().is_cpu())
    cpu::max_pool_backward(gx, gy, idx);
  else
    cuda::backend().max_pool_backward(gx, gy, idx);
}

void run_avg_forward(const Tensor& out, const Tensor& x, const cpu::PoolWindows& w) {
  if (x.device().is_cpu())
    cpu::avg_pool_forward(out, x, w);
  else
    cuda::backend().avg_pool_forward(out, x, w);
}

void run_avg_backward(const Tensor& gx, const Tensor& gy, const cpu::PoolWindows& w) {
  if (gx.device().is_cpu())
    cpu::avg_pool_backward(gx, gy, w);
  else
    cuda::backend().avg_pool_backward(gx, gy, w);
}

}  // namespace

std::pair<Tensor, Tensor> max_pool_with_indices(int64_t spatial, const Tensor& input, IntArrayRef kernel_size,
                                                IntArrayRef stride, IntArrayRef padding, IntArrayRef dilation,
                                                bool ceil_mode, const char* op) {
  const Planes p = planes_of(input, spatial, op, true);
  const Geometry g = pool_geometry(p, kernel_size, stride, padding, dilation, ceil_mode, true, op);
  Tensor out = new_planes(p, g.out);
  Tensor idx = empty(out.sizes(), DType::Int64, out.device());
  if (out.numel() > 0) run_max_forward(out, idx, p.x, max_windows(p, g));
  return {finish(out, p, g.out), view(idx, sizes_of(p, g.out))};
}

Tensor max_pool_backward(int64_t spatial, const Tensor& grad_output, const Tensor& input, const Tensor& indices,
                         const char* op) {
  const Planes p = planes_of(input, spatial, op);
  EMBER_CHECK(indices.dtype() == DType::Int64 && same_dims(indices.sizes(), grad_output.sizes()), Runtime, op,
              ": expected int64 indices of grad_output's size ", list_str(grad_output.sizes()), ", but got ",
              name(indices.dtype()), " indices of size ", list_str(indices.sizes()));
  EMBER_CHECK(grad_output.dim() == input.dim(), Runtime, op, ": expected grad_output of ", input.dim(),
              " dims as the input, but got size ", list_str(grad_output.sizes()));
  for (int64_t i = 0; i < input.dim() - spatial; ++i)
    EMBER_CHECK(grad_output.size(i) == input.size(i), Runtime, op, ": grad_output of size ",
                list_str(grad_output.sizes()), " does not match the input's leading dims ", list_str(input.sizes()));
  nn_util::same_dtype(input, grad_output, "grad_output", op);
  EMBER_CHECK(indices.device() == input.device(), Runtime, op, ": expected indices on device ", input.device().str(),
              " as the input, but got ", indices.device().str());
  const int64_t in_volume = p.x.numel() / std::max<int64_t>(plane_count(p), 1);
  const Tensor idx = contiguous(indices);
  if (idx.numel() > 0) {  // a device's indices are checked on the host too (two small copies), never in a kernel
    const int64_t mx = to_device(amax(idx), Device{}).data<int64_t>()[0];
    const int64_t mn = to_device(amin(idx), Device{}).data<int64_t>()[0];
    EMBER_CHECK(mn >= 0 && mx < in_volume, Index, op, ": indices must lie in [0, ", in_volume,
                "), the size of each input plane, but got values in [", mn, ", ", mx, "]");
  }
  const DType cd = p.x.dtype();
  Tensor gx = new_planes(p, p.spatial);
  if (gx.numel() > 0) {
    const Tensor gy = reshape(nn_util::dense(grad_output, cd), DimVector{plane_count(p), -1});
    run_max_backward(view(gx, DimVector{plane_count(p), -1}), gy, idx);
  }
  return finish(gx, p, p.spatial);
}

Tensor avg_pool(int64_t spatial, const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride, IntArrayRef padding,
                bool ceil_mode, bool count_include_pad, std::optional<int64_t> divisor_override, const char* op) {
  EMBER_CHECK(!divisor_override || *divisor_override != 0, Runtime, op, ": divisor must be not zero");
  const Planes p = planes_of(input, spatial, op);
  const Geometry g = pool_geometry(p, kernel_size, stride, padding, DimVector{1}, ceil_mode, false, op);
  Tensor out = new_planes(p, g.out);
  if (out.numel() > 0) run_avg_forward(out, p.x, avg_windows(p, g, count_include_pad, divisor_override));
  return finish(out, p, g.out);
}

Tensor avg_pool_backward(int64_t spatial, const Tensor& grad_output, const Tensor& input, IntArrayRef kernel_size,
                         IntArrayRef stride, IntArrayRef padding, bool ceil_mode, bool count_include_pad,
                         std::optional<int64_t> divisor_override, const char* op) {
  EMBER_CHECK(!divisor_override || *divisor_override != 0, Runtime, op, ": divisor must be not zero");
  const Planes p = planes_of(input, spatial, op);
  const Geometry g = pool_geometry(p, kernel_size, stride, padding, DimVector{1}, ceil_mode, false, op);
  check_grad(grad_output, input, sizes_of(p, g.out), op);
  Tensor gx = new_planes(p, p.spatial);
  if (gx.numel() > 0)
    run_avg_backward(gx, nn_util::dense(grad_output, p.x.dtype()),
                     avg_windows(p, g, count_include_pad, divisor_override));
  return finish(gx, p, p.spatial);
}

Tensor adaptive_avg_pool(int64_t spatial, const Tensor& input, IntArrayRef output_size, const char* op) {
  const Planes p = planes_of(input, spatial, op);
  const DimVector out_size = adaptive_size(p, output_size, op);
  Tensor out = new_planes(p, out_size);
  if (out.numel() > 0) run_avg_forward(out, p.x, adaptive_windows(p, out_size));
  return finish(out, p, out_size);
}

Tensor adaptive_avg_pool_backward(int64_t spatial, const Tensor& grad_output, const Tensor& input, const char* op) {
  const Planes p = planes_of(input, spatial, op);
  EMBER_CHECK(grad_output.dim() == input.dim(), Runtime, op, ": expected grad_output of ", input.dim(),
              " dims as the input, but got size ", list_str(grad_output.sizes()));
  const DimVector out_size(grad_output.sizes().subspan(grad_output.dim() - spatial));
  check_grad(grad_output, input, sizes_of(p, out_size), op);
  Tensor gx = new_planes(p, p.spatial);
  if (gx.numel() > 0) run_avg_backward(gx, nn_util::dense(grad_output, p.x.dtype()), adaptive_windows(p, out_size));
  return finish(gx, p, p.spatial);
}

std::pair<Tensor, Tensor> adaptive_max_pool(int64_t spatial, const Tensor& input, IntArrayRef output_size,
                                            const char* op) {
  const Planes p = planes_of(input, spatial, op);
  const DimVector out_size = adaptive_size(p, output_size, op);
  Tensor out = new_planes(p, out_size);
  Tensor idx = empty(out.sizes(), DType::Int64, out.device());
  if (out.numel() > 0) run_max_forward(out, idx, p.x, adaptive_windows(p, out_size));
  return {finish(out, p, out_size), view(idx, sizes_of(p, out_size))};
}

Tensor lp_pool(int64_t spatial, const Tensor& input, double norm_type, IntArrayRef kernel_size, IntArrayRef stride,
               bool ceil_mode) {
  static const char* names[] = {"", "lp_pool1d", "lp_pool2d", "lp_pool3d"};
  const char* op = names[spatial];
  const DimVector k = nn_util::expand_param(kernel_size, spatial, "kernel_size", op);
  int64_t kvol = 1;
  for (int64_t v : k) kvol *= v;
  // (kvol * mean of x^p) ^ (1/p), the mean's sign kept as PyTorch does.
  const Tensor powered = binary(BinaryMath::Pow, input, Scalar(norm_type));
  const Tensor mean = avg_pool(spatial, powered, k, stride, DimVector{0}, ceil_mode, true, std::nullopt, op);
  const Tensor kept =
      binary(BinaryMath::Mul, unary(UnaryMath::Sign, mean), unary(UnaryMath::Relu, unary(UnaryMath::Abs, mean)));
  return binary(BinaryMath::Pow, binary(BinaryMath::Mul, kept, Scalar(static_cast<double>(kvol))),
                Scalar(1.0 / norm_type));
}

}  // namespace ember
