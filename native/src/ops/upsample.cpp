// Upsampling front ends (nearest, linear/bilinear/trilinear, bicubic):
// PyTorch's source-coordinate rules, in the input's precision as PyTorch
// computes them (float for float32 and 16-bit inputs), turned into taps for
// cpu/upsample_kernels.cpp or, for device tensors, the CUDA backend's kernels.
#include <algorithm>
#include <cmath>

#include "../core/cuda_backend.h"
#include "../cpu/upsample_kernels.h"
#include "ember/nn_ops.h"
#include "nn_util.h"

namespace ember {
namespace {

template <class R>
R scale_value(std::optional<double> scale, int64_t in, int64_t out) {
  return scale && *scale > 0 ? static_cast<R>(1.0 / *scale) : static_cast<R>(in) / static_cast<R>(out);
}

template <class R>
R area_scale(int64_t in, int64_t out, bool align_corners, std::optional<double> scale) {
  if (align_corners) return out > 1 ? static_cast<R>(in - 1) / static_cast<R>(out - 1) : R(0);
  return scale_value<R>(scale, in, out);
}

template <class R>
R source_index(R scale, int64_t dst, bool align_corners, bool cubic) {
  if (align_corners) return scale * static_cast<R>(dst);
  const R src = scale * (static_cast<R>(dst) + R(0.5)) - R(0.5);
  return !cubic && src < 0 ? R(0) : src;
}

template <class R>
R cubic1(R x, R a) {
  return ((a + 2) * x - (a + 3)) * x * x + 1;
}
template <class R>
R cubic2(R x, R a) {
  return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
}

// One dim's taps: t.index[d] / t.weight[d] for every output index.
template <class R>
void dim_taps(UpsampleMode mode, int64_t in, int64_t out, bool align_corners, std::optional<double> scale,
              cpu::UpsampleTaps& t, int d) {
  auto push = [&](int64_t i, R w) {
    t.index[d].push_back(std::clamp<int64_t>(i, 0, in - 1));
    t.weight[d].push_back(static_cast<double>(w));
  };
  switch (mode) {
    case UpsampleMode::Nearest:
    case UpsampleMode::NearestExact: {
      t.taps[d] = 1;
      const float s = scale_value<float>(scale, in, out);
      const float shift = mode == UpsampleMode::Nearest ? 0.0f : 0.5f;
      for (int64_t o = 0; o < out; ++o) {
        int64_t i;
        if (mode == UpsampleMode::Nearest && out == in) {
          i = o;
        } else if (mode == UpsampleMode::Nearest && out == 2 * in) {
          i = o >> 1;
        } else {
          i = std::min(static_cast<int64_t>(std::floor((static_cast<float>(o) + shift) * s)), in - 1);
        }
        push(i, R(1));
      }
      break;
    }
    case UpsampleMode::Linear: {
      t.taps[d] = 2;
      const R ratio = area_scale<R>(in, out, align_corners, scale);
      for (int64_t o = 0; o < out; ++o) {
        if (in == out) {
          push(o, R(1));
          push(o, R(0));
          continue;
        }
        const R real = source_index<R>(ratio, o, align_corners, false);
        const int64_t i0 = static_cast<int64_t>(real);
        const int64_t i1 = i0 + (i0 < in - 1 ? 1 : 0);
        const R l1 = std::min(std::max(real - static_cast<R>(i0), R(0)), R(1));
        push(i0, R(1) - l1);
        push(i1, l1);
      }
      break;
    }
    case UpsampleMode::Cubic: {
      t.taps[d] = 4;
      const R ratio = area_scale<R>(in, out, align_corners, scale);
      const R a = R(-0.75);
      for (int64_t o = 0; o < out; ++o) {
        const R real = source_index<R>(ratio, o, align_corners, true);
        const R base = std::floor(real);
        const R x = real - base;
        const int64_t i = static_cast<int64_t>(base);
        push(i - 1, cubic2<R>(x + 1, a));
        push(i, cubic1<R>(x, a));
        push(i + 1, cubic1<R>(1 - x, a));
        push(i + 2, cubic2<R>(2 - x, a));
      }
      break;
    }
  }
}

cpu::UpsampleTaps make_taps(UpsampleMode mode, int64_t planes, IntArrayRef in, IntArrayRef out, bool align_corners,
                            std::span<const std::optional<double>> scales, DType cd) {
  cpu::UpsampleTaps t;
  t.planes = planes;
  nn_util::to3(in, 1, t.in);
  nn_util::to3(out, 1, t.out);
  const int lead = 3 - static_cast<int>(in.size());
  for (int d = 0; d < 3; ++d) {
    if (d < lead) {
      t.index[d] = {0};
      t.weight[d] = {1.0};
      continue;
    }
    std::optional<double> s;  // assigned, not `empty ? nullopt : ...`, which GCC 12 warns may be uninitialised
    if (!scales.empty()) s = scales[d - lead];
    if (cd == DType::Float64) {
      dim_taps<double>(mode, t.in[d], t.out[d], align_corners, s, t, d);
    } else {
      dim_taps<float>(mode, t.in[d], t.out[d], align_corners, s, t, d);
    }
  }
  return t;
}

void check_sizes(int64_t spatial, IntArrayRef input_size, IntArrayRef output_size,
                 std::span<const std::optional<double>> scales, const char* op) {
  EMBER_CHECK(static_cast<int64_t>(output_size.size()) == spatial, Runtime, op, ": it is expected output_size to have ",
              spatial, " elements, but got ", output_size.size(), " (", list_str(output_size), ")");
  EMBER_CHECK(scales.empty() || static_cast<int64_t>(scales.size()) == spatial, Runtime, op, ": expected ", spatial,
              " scales, got ", scales.size());
  EMBER_CHECK(static_cast<int64_t>(input_size.size()) == spatial + 2, Runtime, op, ": expected ", spatial + 2,
              "D input (batch, channels and ", spatial, " spatial dims), but got input of size ", list_str(input_size));
  bool ok = true;
  for (int64_t i = 0; i < spatial; ++i) ok = ok && input_size[2 + i] > 0 && output_size[i] > 0;
  EMBER_CHECK(ok, Runtime, op, ": input and output sizes should be greater than 0, but got input ",
              list_str(input_size.subspan(2)), " and output ", list_str(output_size));
}

}  // namespace

Tensor upsample(UpsampleMode mode, int64_t spatial, const Tensor& input, IntArrayRef output_size, bool align_corners,
                std::span<const std::optional<double>> scales, const char* op) {
  check_sizes(spatial, input.sizes(), output_size, scales, op);
  const DType dtype = input.dtype(), cd = nn_util::compute_dtype(dtype, op);
  const int64_t planes = input.size(0) * input.size(1);
  DimVector out_sizes{input.size(0), input.size(1)};
  for (int64_t v : output_size) out_sizes.push_back(v);
  Tensor out = empty(out_sizes, cd, input.device());
  if (out.numel() > 0) {
    const Tensor x = nn_util::dense(input, cd);
    const cpu::UpsampleTaps t =
        make_taps(mode, planes, input.sizes().subspan(2), output_size, align_corners, scales, cd);
    if (x.device().is_cpu())
      cpu::upsample_forward(out, x, t);
    else
      cuda::backend().upsample_forward(out, x, t);
  }
  return to_dtype(out, dtype);
}

Tensor upsample_backward(UpsampleMode mode, int64_t spatial, const Tensor& grad_output, IntArrayRef output_size,
                         IntArrayRef input_size, bool align_corners, std::span<const std::optional<double>> scales,
                         const char* op) {
  check_sizes(spatial, input_size, output_size, scales, op);
  DimVector expected{input_size[0], input_size[1]};
  for (int64_t v : output_size) expected.push_back(v);
  EMBER_CHECK(same_dims(grad_output.sizes(), expected), Runtime, op, ": expected grad_output of size ",
              list_str(expected), ", but got ", list_str(grad_output.sizes()));
  const DType dtype = grad_output.dtype(), cd = nn_util::compute_dtype(dtype, op);
  Tensor gx = empty(input_size, cd, grad_output.device());
  if (gx.numel() > 0) {
    const Tensor gy = nn_util::dense(grad_output, cd);
    const cpu::UpsampleTaps t =
        make_taps(mode, input_size[0] * input_size[1], input_size.subspan(2), output_size, align_corners, scales, cd);
    if (gy.device().is_cpu())
      cpu::upsample_backward(gx, gy, t);
    else
      cuda::backend().upsample_backward(gx, gy, t);
  }
  return to_dtype(gx, dtype);
}

}  // namespace ember
