// pad: PyTorch's constant/reflect/replicate/circular padding (the primitive
// under nn.functional.pad). The result is built by copies from views of the
// input: along each padded dim, output positions map to input positions in
// runs that go forwards, backwards (reflect) or stand still (replicate).
#include <algorithm>
#include <vector>

#include "shape_util.h"

namespace ember {
namespace {

// A run of `length` output positions from `dst` on, reading input positions
// src, src + step, ...
struct Run {
  int64_t dst, length, src, step;
};

// Output positions [0, n) along one dim mapped by `source` to input
// positions, cut into runs of constant step (-1, 0 or 1).
template <class F>
std::vector<Run> runs(int64_t n, F source) {
  std::vector<Run> out;
  for (int64_t j = 0; j < n;) {
    Run run{j, 1, source(j), 1};
    if (j + 1 < n) run.step = source(j + 1) - run.src;
    if (run.step < -1 || run.step > 1) run.step = 1;  // a jump (circular wrap): a run of one
    while (j + run.length < n && source(j + run.length) == run.src + run.length * run.step) ++run.length;
    out.push_back(run);
    j += run.length;
  }
  return out;
}

// The input read by `run` along dim d, shaped like its slice of the output.
Tensor run_source(const Tensor& input, int64_t d, const Run& run) {
  if (run.step == 0) return shape::repeated(narrow(input, d, run.src, 1), d, run.length);
  if (run.step == 1) return narrow(input, d, run.src, run.length);
  return shape::reversed(narrow(input, d, run.src - run.length + 1, run.length), d);
}

const char* mode_name(PadMode mode) {
  switch (mode) {
    case PadMode::Constant: return "constant";
    case PadMode::Reflect: return "reflect";
    case PadMode::Replicate: return "replicate";
    case PadMode::Circular: return "circular";
  }
  return "";
}

// Reflect and replicate run on (N, C, W...) or (C, W...) inputs with 1-3 padded dims, as PyTorch's kernels.
void check_mode_rank(const Tensor& self, int64_t padded, PadMode mode) {
  const int64_t ndim = self.dim();
  EMBER_CHECK(padded >= 1 && padded <= 3 && (ndim == padded + 1 || ndim == padded + 2), NotImplemented,
              "pad: Padding size ", 2 * padded, " is not supported for ", ndim, "D input tensor (", mode_name(mode),
              " mode pads 1 to 3 trailing dims of a tensor with 1 or 2 more dims; got size ", shape_str(self.sizes()),
              ")");
  if (mode == PadMode::Circular) return;
  for (int64_t d = ndim == padded + 2 ? 1 : 0; d < ndim; ++d)
    EMBER_CHECK(self.size(d) != 0, Runtime, "pad: Expected ", padded + 1, "D or ", padded + 2,
                "D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: ",
                shape_str(self.sizes()));
}

}  // namespace

Tensor pad(const Tensor& self, IntArrayRef pad, PadMode mode, std::optional<Scalar> value) {
  EMBER_CHECK(pad.size() % 2 == 0, Runtime, "pad: Padding length must be divisible by 2, got ", shape_str(pad));
  const int64_t padded = static_cast<int64_t>(pad.size()) / 2, ndim = self.dim();
  EMBER_CHECK(padded <= ndim, Runtime,
              "pad: Padding length should be less than or equal to two times the input dimension but got padding "
              "length ",
              pad.size(), " and input of dimension ", ndim, " (size ", shape_str(self.sizes()), ")");
  EMBER_CHECK(mode == PadMode::Constant || !value, Runtime, "pad: Padding mode \"", mode_name(mode),
              "\" doesn't take in value argument");
  if (mode != PadMode::Constant) check_mode_rank(self, padded, mode);
  const Scalar fill = value.value_or(Scalar(int64_t{0}));
  if (mode == PadMode::Constant) {
    check_value_fits(fill, self.dtype(), /*check_float_range=*/true, "pad");
    // Unlike full, PyTorch's pad takes no negative value into an unsigned dtype.
    EMBER_CHECK(self.dtype() != DType::UInt8 || fill.kind() == Scalar::Kind::Complex || fill.to_double() >= 0, Runtime,
                "pad: value ", fill.to_double(), " cannot be converted to type uint8 without overflow");
  }

  // Circular padding wraps the cropped input; the other modes crop the padded result.
  Tensor input = self;
  DimVector sizes(self.sizes());
  std::vector<std::vector<Run>> dim_runs(ndim);
  std::vector<int64_t> dims;
  for (int64_t i = 0; i < padded; ++i) {
    const int64_t d = ndim - 1 - i, before = pad[2 * i], after = pad[2 * i + 1], n = self.size(d);
    const int64_t out_n = n + before + after;
    dims.push_back(d);
    if (mode == PadMode::Circular) {
      const int64_t kept = n - std::max<int64_t>(-before, 0) - std::max<int64_t>(-after, 0);
      EMBER_CHECK(kept >= 0 && before <= kept && after <= kept, Runtime, "pad: Padding value causes wrapping around ",
                  "more than once: padding (", before, ", ", after, ") of dimension ", d, " of size ", n);
      input = narrow(input, d, std::max<int64_t>(-before, 0), kept);
      const int64_t lead = std::max<int64_t>(before, 0);
      sizes[d] = kept + lead + std::max<int64_t>(after, 0);
      dim_runs[d] = runs(sizes[d], [=](int64_t j) { return ((j - lead) % kept + kept) % kept; });
      continue;
    }
    if (mode == PadMode::Reflect)
      EMBER_CHECK(before < n && after < n, Runtime,
                  "pad: Padding size should be less than the corresponding input dimension, but got: padding (", before,
                  ", ", after, ") at dimension ", d, " of input ", shape_str(self.sizes()));
    if (mode == PadMode::Constant) {
      EMBER_CHECK(out_n >= 0, Runtime, "pad: padding (", before, ", ", after, ") of dimension ", d, " of size ", n,
                  " leaves a negative size ", out_n, " (input size ", shape_str(self.sizes()), ")");
    } else {
      EMBER_CHECK(out_n >= 1, Runtime, "pad: input (size ", n, " at dimension ", d,
                  ") is too small. Calculated output size: ", out_n, " for padding (", before, ", ", after, ")");
    }
    sizes[d] = out_n;
    if (mode == PadMode::Constant) {  // only the part of the input that survives the crop
      const int64_t first = std::max<int64_t>(-before, 0), last = std::min(n, n + after);
      dim_runs[d] = {Run{std::max<int64_t>(before, 0), std::max<int64_t>(last - first, 0), first, 1}};
    } else if (mode == PadMode::Reflect) {
      dim_runs[d] = runs(out_n, [=](int64_t j) {
        const int64_t c = j - before;
        return c < 0 ? -c : c >= n ? 2 * (n - 1) - c : c;
      });
    } else {
      dim_runs[d] = runs(out_n, [=](int64_t j) { return std::clamp<int64_t>(j - before, 0, n - 1); });
    }
  }
  checked_numel(sizes, "pad");
  Tensor out = empty(sizes, self.dtype(), self.device());
  if (mode == PadMode::Constant) fill_(out, fill, "pad");
  if (out.numel() == 0 || input.numel() == 0) return out;
  // Copy every combination of one run per padded dim.
  std::vector<size_t> pick(dims.size(), 0);
  while (true) {
    Tensor src = input, dst = out;
    bool empty_run = false;
    for (size_t i = 0; i < dims.size(); ++i) {
      const Run& run = dim_runs[dims[i]][pick[i]];
      empty_run |= run.length == 0;
      if (empty_run) break;
      src = run_source(src, dims[i], run);
      dst = narrow(dst, dims[i], run.dst, run.length);
    }
    if (!empty_run) copy_(dst, src);
    size_t i = 0;
    for (; i < dims.size() && ++pick[i] == dim_runs[dims[i]].size(); ++i) pick[i] = 0;
    if (i == dims.size()) break;
  }
  return out;
}

}  // namespace ember
