// Convolution front ends: PyTorch's checks and output sizes, then the
// im2col + GEMM kernels (cpu/conv_kernels.cpp). A transposed convolution is
// the adjoint of a plain one, so its forward is conv's data gradient and
// its gradients are conv's forward and weight gradient with roles swapped.
#include "../core/cuda_backend.h"
#include "../cpu/conv_kernels.h"
#include "ember/nn_ops.h"
#include "nn_util.h"

namespace ember {
namespace {

struct Params {
  DimVector stride, padding, dilation, output_padding;
  bool transposed = false;
  int64_t groups = 1;
};

Params make_params(int64_t spatial, IntArrayRef stride, IntArrayRef padding, IntArrayRef dilation, bool transposed,
                   IntArrayRef output_padding, int64_t groups, const char* op) {
  Params p;
  p.stride = nn_util::expand_param(stride, spatial, "stride", op);
  p.padding = nn_util::expand_param(padding, spatial, "padding", op);
  p.dilation = nn_util::expand_param(dilation, spatial, "dilation", op);
  p.output_padding = output_padding.empty() ? DimVector(spatial, 0)
                                            : nn_util::expand_param(output_padding, spatial, "output_padding", op);
  p.transposed = transposed;
  p.groups = groups;
  for (int64_t i = 0; i < spatial; ++i) {
    EMBER_CHECK(p.stride[i] > 0, Runtime, op,
                ": non-positive stride is not supported, got stride=", list_str(p.stride));
    EMBER_CHECK(p.padding[i] >= 0, Runtime, op,
                ": negative padding is not supported, got padding=", list_str(p.padding));
    EMBER_CHECK(p.dilation[i] > 0, Runtime, op,
                ": non-positive dilation is not supported, got dilation=", list_str(p.dilation));
    EMBER_CHECK(p.output_padding[i] >= 0, Runtime, op, ": negative output_padding is not supported, got ",
                list_str(p.output_padding));
  }
  EMBER_CHECK(groups > 0, Runtime, op, ": non-positive groups is not supported, got groups=", groups);
  return p;
}

// Checks input/weight/bias against each other and returns the output's
// spatial sizes (and fills the kernel's geometry).
DimVector check_shapes(const Tensor& input, const Tensor& weight, const Tensor& bias, const Params& p, const char* op) {
  const int64_t spatial = weight.dim() - 2;
  EMBER_CHECK(input.dim() == weight.dim(), Runtime, op, ": expected input of ", weight.dim(),
              " dims (batch, channels and ", spatial, " spatial) for weight of size ", list_str(weight.sizes()),
              ", but got input of size ", list_str(input.sizes()));
  nn_util::same_dtype(input, weight, "weight", op);
  nn_util::same_dtype(input, bias, "bias", op);
  nn_util::compute_dtype(input.dtype(), op);
  op_device({input, weight, bias}, op);
  const int64_t g = p.groups;
  EMBER_CHECK(weight.size(0) >= g, Runtime, op, ": given groups=", g, ", expected weight to be at least ", g,
              " at dimension 0, but got weight of size ", list_str(weight.sizes()), " instead");
  EMBER_CHECK(weight.size(0) % g == 0, Runtime, op, ": given groups=", g, ", expected weight to be divisible by ", g,
              " at dimension 0, but got weight of size ", list_str(weight.sizes()), " instead");
  const int64_t in_channels = p.transposed ? weight.size(0) : weight.size(1) * g;
  EMBER_CHECK(input.size(1) == in_channels, Runtime, op, ": given groups=", g, ", weight of size ",
              list_str(weight.sizes()), ", expected input", list_str(input.sizes()), " to have ", in_channels,
              " channels, but got ", input.size(1), " channels instead");
  const int64_t out_channels = p.transposed ? weight.size(1) * g : weight.size(0);
  if (bias.defined()) {
    EMBER_CHECK(bias.dim() == 1 && bias.size(0) == out_channels, Runtime, op, ": given weight of size ",
                list_str(weight.sizes()), ", expected bias to be 1-dimensional with ", out_channels,
                " elements, but got bias of size ", list_str(bias.sizes()), " instead");
  }
  DimVector out(spatial);
  for (int64_t i = 0; i < spatial; ++i) {
    const int64_t in = input.size(i + 2), k = weight.size(i + 2);
    const int64_t extent = p.dilation[i] * (k - 1) + 1;
    if (p.transposed) {
      EMBER_CHECK(p.output_padding[i] < p.stride[i] || p.output_padding[i] < p.dilation[i], Runtime, op,
                  ": output padding must be smaller than either stride or dilation, but got output_padding=",
                  list_str(p.output_padding), " stride=", list_str(p.stride), " dilation=", list_str(p.dilation));
      out[i] = (in - 1) * p.stride[i] - 2 * p.padding[i] + extent + p.output_padding[i];
      EMBER_CHECK(out[i] > 0 || in == 0, Runtime, op, ": given input of size ", list_str(input.sizes()),
                  ", the calculated output size along spatial dim ", i, " is ", out[i], ", which is too small");
    } else {
      EMBER_CHECK(in + 2 * p.padding[i] >= extent, Runtime, op,
                  ": calculated padded input size per channel: ", list_str(input.sizes().subspan(2)), " padded by ",
                  list_str(p.padding), "; kernel size (dilated): ", extent, " along spatial dim ", i,
                  ". Kernel size can't be greater than actual input size");
      out[i] = (in + 2 * p.padding[i] - extent) / p.stride[i] + 1;
    }
  }
  // The BLAS takes 32-bit sizes: each GEMM dim must fit (the column matrix of
  // one sample and group, the planes, the channels).
  int64_t in_vol = 1, out_vol = 1, k_vol = 1;
  for (int64_t i = 0; i < spatial; ++i) {
    in_vol *= input.size(i + 2);
    out_vol *= out[i];
    k_vol *= weight.size(i + 2);
  }
  for (int64_t v : {in_vol, out_vol, k_vol * weight.size(1), k_vol * weight.size(0), weight.size(0)})
    EMBER_CHECK(v <= 2147483647, Runtime, op, ": input of size ", list_str(input.sizes()), " with weight of size ",
                list_str(weight.sizes()), " needs a matrix dimension of ", v, ", beyond the BLAS's 32-bit limit");
  return out;
}

// The kernels' geometry of a plain convolution from `x` (C channels) to `y`
// (O channels); spatial sizes of both given.
cpu::ConvShape shape_of(int64_t batch, int64_t channels, IntArrayRef in, int64_t out_channels, IntArrayRef out,
                        IntArrayRef kernel, const Params& p) {
  cpu::ConvShape s;
  s.batch = batch;
  s.in_channels = channels;
  s.out_channels = out_channels;
  s.groups = p.groups;
  nn_util::to3(in, 1, s.in);
  nn_util::to3(out, 1, s.out);
  nn_util::to3(kernel, 1, s.kernel);
  nn_util::to3(p.stride, 1, s.stride);
  nn_util::to3(p.padding, 0, s.pad);
  nn_util::to3(p.dilation, 1, s.dilation);
  return s;
}

DimVector concat(std::initializer_list<int64_t> head, IntArrayRef tail) {
  DimVector v(head);
  for (int64_t x : tail) v.push_back(x);
  return v;
}

// conv forward: y = conv(x, w) + bias, all contiguous in the compute dtype.
Tensor run_forward(const Tensor& x, const Tensor& w, const Tensor& bias, IntArrayRef out_spatial, const Params& p) {
  const int64_t O = w.size(0);
  Tensor y = empty(concat({x.size(0), O}, out_spatial), x.dtype(), x.device());
  if (y.numel() == 0) return y;
  const cpu::ConvShape s =
      shape_of(x.size(0), x.size(1), x.sizes().subspan(2), O, out_spatial, w.sizes().subspan(2), p);
  if (x.device().is_cpu())
    cpu::conv_forward(y, x, w, bias, s);
  else
    cuda::backend().conv_forward(y, x, w, bias, s);
  return y;
}

// conv's data gradient: gx (shape x_sizes) from gy and w.
Tensor run_backward_data(const Tensor& gy, const Tensor& w, IntArrayRef x_sizes, const Params& p) {
  Tensor gx = empty(x_sizes, gy.dtype(), gy.device());
  if (gx.numel() == 0) return gx;
  const cpu::ConvShape s =
      shape_of(x_sizes[0], x_sizes[1], x_sizes.subspan(2), w.size(0), gy.sizes().subspan(2), w.sizes().subspan(2), p);
  if (gy.device().is_cpu())
    cpu::conv_backward_data(gx, gy, w, s);
  else
    cuda::backend().conv_backward_data(gx, gy, w, s);
  return gx;
}

Tensor run_backward_weight(const Tensor& gy, const Tensor& x, IntArrayRef w_sizes, const Params& p) {
  Tensor gw = empty(w_sizes, gy.dtype(), gy.device());
  if (gw.numel() == 0) return gw;
  const cpu::ConvShape s =
      shape_of(x.size(0), x.size(1), x.sizes().subspan(2), w_sizes[0], gy.sizes().subspan(2), w_sizes.subspan(2), p);
  if (gy.device().is_cpu())
    cpu::conv_backward_weight(gw, gy, x, s);
  else
    cuda::backend().conv_backward_weight(gw, gy, x, s);
  return gw;
}

Tensor convolution_impl(const Tensor& input, const Tensor& weight, const Tensor& bias, const Params& p,
                        const char* op) {
  const DimVector out_spatial = check_shapes(input, weight, bias, p, op);
  const DType dtype = input.dtype(), cd = nn_util::compute_dtype(dtype, op);
  const Tensor x = nn_util::dense(input, cd), w = nn_util::dense(weight, cd), b = nn_util::dense(bias, cd);
  Tensor y;
  if (!p.transposed) {
    y = run_forward(x, w, b, out_spatial, p);
  } else {
    y = run_backward_data(x, w, concat({x.size(0), w.size(1) * p.groups}, out_spatial), p);
    if (b.defined() && y.numel() > 0) {
      DimVector bshape(y.dim(), 1);
      bshape[1] = b.size(0);
      add(y, view(b, bshape), Scalar(int64_t{1}), y);
    }
  }
  return to_dtype(y, dtype);
}

}  // namespace

Tensor convolution(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
                   IntArrayRef padding, IntArrayRef dilation, bool transposed, IntArrayRef output_padding,
                   int64_t groups) {
  const char* op = transposed ? "conv_transpose" : "convolution";
  EMBER_CHECK(weight.dim() >= 3 && weight.dim() <= 5, Runtime, op,
              ": expected a weight of 3 to 5 dims (1 to 3 spatial), got weight of size ", list_str(weight.sizes()));
  const Params p =
      make_params(weight.dim() - 2, stride, padding, dilation, transposed, output_padding, groups, "convolution");
  return convolution_impl(input, weight, bias, p, op);
}

Tensor conv_nd(int64_t spatial, const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
               IntArrayRef padding, std::string_view padding_mode, IntArrayRef dilation, int64_t groups) {
  static const char* names[] = {"", "conv1d", "conv2d", "conv3d"};
  const char* op = names[spatial];
  EMBER_CHECK(input.dim() == spatial + 1 || input.dim() == spatial + 2, Runtime, op, ": expected ", spatial + 1,
              "D (unbatched) or ", spatial + 2, "D (batched) input, but got input of size: ", list_str(input.sizes()));
  EMBER_CHECK(weight.dim() == spatial + 2, Runtime, op, ": expected ", spatial + 2, "D weight, but got weight of size ",
              list_str(weight.sizes()));
  const bool batched = input.dim() == spatial + 2;
  Tensor x = batched ? input : unsqueeze(input, 0);
  DimVector pad_values = padding_mode.empty() ? DimVector(padding) : DimVector(spatial, 0);
  Params p = make_params(spatial, stride, pad_values, dilation, false, {}, groups, op);
  if (padding_mode == "same") {
    for (int64_t i = 0; i < spatial; ++i)
      EMBER_CHECK(p.stride[i] == 1, Runtime, op, ": padding='same' is not supported for strided convolutions");
    // Total padding dilation * (k - 1), split with the extra element on the
    // right; uneven splits pad the input itself by that element.
    DimVector extra_pad;  // (left, right) pairs from the last dim backwards, as pad() takes them
    bool uneven = false;
    for (int64_t i = spatial - 1; i >= 0; --i) {
      const int64_t total = p.dilation[i] * (weight.size(i + 2) - 1);
      p.padding[i] = total / 2;
      extra_pad.push_back(0);
      extra_pad.push_back(total % 2);
      uneven |= total % 2 != 0;
    }
    if (uneven) x = pad(x, extra_pad);
  } else {
    EMBER_CHECK(padding_mode.empty() || padding_mode == "valid", Runtime, op, ": invalid padding string: '",
                padding_mode, "' (expected 'same' or 'valid')");
  }
  Tensor y = convolution_impl(x, weight, bias, p, op);
  return batched ? y : squeeze(y, DimVector{0});
}

Tensor conv_transpose_nd(int64_t spatial, const Tensor& input, const Tensor& weight, const Tensor& bias,
                         IntArrayRef stride, IntArrayRef padding, IntArrayRef output_padding, int64_t groups,
                         IntArrayRef dilation) {
  static const char* names[] = {"", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"};
  const char* op = names[spatial];
  EMBER_CHECK(input.dim() == spatial + 1 || input.dim() == spatial + 2, Runtime, op, ": expected ", spatial + 1,
              "D (unbatched) or ", spatial + 2, "D (batched) input, but got input of size: ", list_str(input.sizes()));
  EMBER_CHECK(weight.dim() == spatial + 2, Runtime, op, ": expected ", spatial + 2, "D weight, but got weight of size ",
              list_str(weight.sizes()));
  const bool batched = input.dim() == spatial + 2;
  const Params p = make_params(spatial, stride, padding, dilation, true, output_padding, groups, op);
  Tensor y = convolution_impl(batched ? input : unsqueeze(input, 0), weight, bias, p, op);
  return batched ? y : squeeze(y, DimVector{0});
}

Tensor3 convolution_backward(const Tensor& grad_output, const Tensor& input, const Tensor& weight, IntArrayRef stride,
                             IntArrayRef padding, IntArrayRef dilation, bool transposed, IntArrayRef output_padding,
                             int64_t groups, Mask3 output_mask) {
  const char* op = "convolution_backward";
  EMBER_CHECK(weight.dim() >= 3 && weight.dim() <= 5, Runtime, op,
              ": expected a weight of 3 to 5 dims (1 to 3 spatial), got weight of size ", list_str(weight.sizes()));
  const Params p = make_params(weight.dim() - 2, stride, padding, dilation, transposed, output_padding, groups, op);
  const DimVector out_spatial = check_shapes(input, weight, Tensor(), p, op);
  const DimVector out_sizes =
      concat({input.size(0), transposed ? weight.size(1) * groups : weight.size(0)}, out_spatial);
  EMBER_CHECK(same_dims(grad_output.sizes(), out_sizes), Runtime, op, ": expected grad_output of size ",
              list_str(out_sizes), " (the convolution's output), but got ", list_str(grad_output.sizes()));
  nn_util::same_dtype(input, grad_output, "grad_output", op);
  const DType dtype = input.dtype(), cd = nn_util::compute_dtype(dtype, op);
  const Tensor gy = nn_util::dense(grad_output, cd), x = nn_util::dense(input, cd), w = nn_util::dense(weight, cd);
  Tensor gx, gw, gb;
  if (output_mask[0]) {
    // Plain: conv's data gradient. Transposed: a plain convolution of gy.
    gx = transposed ? run_forward(gy, w, Tensor(), input.sizes().subspan(2), p)
                    : run_backward_data(gy, w, input.sizes(), p);
    gx = to_dtype(gx, dtype);
  }
  if (output_mask[1]) {
    // Transposed: x plays the plain convolution's output gradient, gy its input.
    gw = transposed ? run_backward_weight(x, gy, weight.sizes(), p) : run_backward_weight(gy, x, weight.sizes(), p);
    gw = to_dtype(gw, dtype);
  }
  if (output_mask[2]) {
    DimVector dims{0};
    for (int64_t d = 2; d < gy.dim(); ++d) dims.push_back(d);
    gb = to_dtype(sum(gy, dims), dtype);
  }
  return {gx, gw, gb};
}

Tensor im2col(const Tensor& input, IntArrayRef kernel_size, IntArrayRef dilation, IntArrayRef padding,
              IntArrayRef stride) {
  const char* op = "im2col";
  EMBER_CHECK(input.dim() == 3 || input.dim() == 4, Runtime, op,
              ": expected 3D or 4D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions, "
              "but got input of size ",
              list_str(input.sizes()));
  const Params p = make_params(2, stride, padding, dilation, false, {}, 1, op);
  const DimVector k = nn_util::expand_param(kernel_size, 2, "kernel_size", op);
  EMBER_CHECK(k[0] > 0 && k[1] > 0, Runtime, op,
              ": kernel size should be greater than zero, but got kernel_size=", list_str(k));
  const bool batched = input.dim() == 4;
  const Tensor x4 = batched ? input : unsqueeze(input, 0);
  const DType dtype = input.dtype(), cd = nn_util::compute_dtype(dtype, op);
  require_cpu(input, op);
  DimVector out(2);
  for (int i = 0; i < 2; ++i) {
    const int64_t extent = p.dilation[i] * (k[i] - 1) + 1;
    out[i] = (x4.size(2 + i) + 2 * p.padding[i] - extent) / p.stride[i] + 1;
    EMBER_CHECK(x4.size(2 + i) + 2 * p.padding[i] >= extent && out[i] >= 1, Runtime, op,
                ": given input with spatial size ", list_str(x4.sizes().subspan(2)), ", kernel_size=", list_str(k),
                ", dilation=", list_str(p.dilation), ", padding=", list_str(p.padding),
                ", calculated shape of the array of sliding blocks is non-positive");
  }
  const Tensor x = nn_util::dense(x4, cd);
  Tensor col = empty(DimVector{x.size(0), x.size(1) * k[0] * k[1], out[0] * out[1]}, cd);
  if (col.numel() > 0) cpu::im2col_batch(col, x, shape_of(x.size(0), x.size(1), x.sizes().subspan(2), 0, out, k, p));
  col = to_dtype(col, dtype);
  return batched ? col : squeeze(col, DimVector{0});
}

Tensor col2im(const Tensor& input, IntArrayRef output_size, IntArrayRef kernel_size, IntArrayRef dilation,
              IntArrayRef padding, IntArrayRef stride) {
  const char* op = "col2im";
  EMBER_CHECK(input.dim() == 2 || input.dim() == 3, Runtime, op,
              ": expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions, "
              "but got input of size ",
              list_str(input.sizes()));
  const Params p = make_params(2, stride, padding, dilation, false, {}, 1, op);
  const DimVector k = nn_util::expand_param(kernel_size, 2, "kernel_size", op);
  const DimVector size = nn_util::expand_param(output_size, 2, "output_size", op);
  EMBER_CHECK(k[0] > 0 && k[1] > 0, Runtime, op,
              ": kernel size should be greater than zero, but got kernel_size=", list_str(k));
  const bool batched = input.dim() == 3;
  const Tensor c3 = batched ? input : unsqueeze(input, 0);
  const int64_t kvol = k[0] * k[1];
  EMBER_CHECK(c3.size(1) % kvol == 0, Runtime, op,
              ": expected size of input's dimension 1 to be divisible by the product of kernel_size, but got "
              "input.size(1)=",
              c3.size(1), " and kernel_size=", list_str(k));
  DimVector blocks(2);
  for (int i = 0; i < 2; ++i)
    blocks[i] = (size[i] + 2 * p.padding[i] - (p.dilation[i] * (k[i] - 1) + 1)) / p.stride[i] + 1;
  EMBER_CHECK(blocks[0] >= 1 && blocks[1] >= 1 && blocks[0] * blocks[1] == c3.size(2), Runtime, op,
              ": given output_size=", list_str(size), ", kernel_size=", list_str(k),
              ", dilation=", list_str(p.dilation), ", padding=", list_str(p.padding), ", stride=", list_str(p.stride),
              ", expected size of input's dimension 2 to match the calculated number of sliding blocks ", blocks[0],
              " * ", blocks[1], " = ", blocks[0] * blocks[1], ", but got input.size(2)=", c3.size(2));
  const DType dtype = input.dtype(), cd = nn_util::compute_dtype(dtype, op);
  require_cpu(input, op);
  const Tensor c = nn_util::dense(c3, cd);
  const int64_t channels = c.size(1) / kvol;
  Tensor x = empty(DimVector{c.size(0), channels, size[0], size[1]}, cd);
  if (x.numel() > 0) cpu::col2im_batch(x, c, shape_of(c.size(0), channels, size, 0, blocks, k, p));
  x = to_dtype(x, dtype);
  return batched ? x : squeeze(x, DimVector{0});
}

}  // namespace ember
