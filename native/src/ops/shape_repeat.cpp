// Repeating and combining tensors: repeat, tile, repeat_interleave, kron,
// meshgrid (views), cartesian_prod and block_diag.
#include <vector>

#include "shape_util.h"

namespace ember {
namespace {

// The dim repeat_interleave works along: 0 of the flattened tensor when none is given.
int64_t interleave_dim(const Tensor& self, std::optional<int64_t> dim) {
  if (!dim) return 0;
  EMBER_CHECK(self.dim() > 0, Index, "repeat_interleave: dimension ", *dim,
              " is out of range for a 0-dim tensor (pass no dim to repeat its element)");
  return wrap_dim(*dim, self.dim(), "repeat_interleave");
}

}  // namespace

Tensor repeat(const Tensor& self, IntArrayRef repeats) {
  const int64_t n = static_cast<int64_t>(repeats.size()), lead = n - self.dim();
  EMBER_CHECK(lead >= 0, Runtime,
              "repeat: Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor "
              "(repeats ",
              shape_str(repeats), " for a tensor of size ", shape_str(self.sizes()), ")");
  // Read self as (r0, s0, r1, s1, ...) with stride 0 over each r, and copy
  // that into the result seen with the same shape.
  DimVector sizes, pair_sizes, pair_strides;
  for (int64_t i = 0; i < n; ++i) {
    EMBER_CHECK(repeats[i] >= 0, Runtime, "repeat: Trying to create tensor with negative dimension: repeats ",
                shape_str(repeats), " for a tensor of size ", shape_str(self.sizes()));
    const int64_t d = i - lead, size = d >= 0 ? self.size(d) : 1;
    sizes.push_back(repeats[i] * size);
    pair_sizes.push_back(repeats[i]);
    pair_sizes.push_back(size);
    pair_strides.push_back(0);
    pair_strides.push_back(d >= 0 ? self.stride(d) : 0);
  }
  checked_numel(sizes, "repeat");
  Tensor out = empty(sizes, self.dtype(), self.device());
  copy_(view(out, pair_sizes), make_view(self, pair_sizes, pair_strides, self.impl()->storage_offset()));
  return out;
}

Tensor tile(const Tensor& self, IntArrayRef reps) {
  DimVector padded(reps);
  while (padded.size() < self.dim()) padded.insert(0, 1);
  return repeat(self, padded);
}

Tensor repeat_interleave(const Tensor& self, int64_t repeats, std::optional<int64_t> dim,
                         std::optional<int64_t> output_size) {
  EMBER_CHECK(repeats >= 0, Runtime, "repeat_interleave: Repeats must be non-negative, got ", repeats);
  const Tensor input = dim ? self : flatten(self);
  const int64_t d = interleave_dim(self, dim);
  DimVector sizes(input.sizes());
  sizes[d] *= repeats;
  EMBER_CHECK(!output_size || *output_size == sizes[d], Runtime, "repeat_interleave: Invalid output_size, expected ",
              sizes[d], " but got ", *output_size);
  // Each element along d is followed by its copies: expand a new dim after d.
  Tensor source = unsqueeze(input, d + 1);
  source = shape::repeated(source, d + 1, repeats);
  Tensor out = empty(sizes, self.dtype(), self.device());
  copy_(view(out, source.sizes()), source);
  return out;
}

namespace {

// repeats as int64 values on the CPU, checked as PyTorch does.
Tensor repeat_counts(const Tensor& repeats) {
  EMBER_CHECK(repeats.dtype() == DType::Int64 || repeats.dtype() == DType::Int32, NotImplemented,
              "repeat_interleave: repeats must be an int32 or int64 tensor, got ", name(repeats.dtype()));
  EMBER_CHECK(repeats.device().is_cpu(), Runtime, "repeat_interleave: repeats must be on the cpu, got ",
              repeats.device().str());
  EMBER_CHECK(repeats.dim() <= 1, Runtime, "repeat_interleave: repeats must be 0-dim or 1-dim tensor, got size ",
              shape_str(repeats.sizes()));
  Tensor counts = contiguous(to_dtype(repeats, DType::Int64));
  for (int64_t i = 0; i < counts.numel(); ++i)
    EMBER_CHECK(counts.data<int64_t>()[i] >= 0, Runtime, "repeat_interleave: repeats can not be negative, got ",
                counts.data<int64_t>()[i], " at index ", i);
  return counts;
}

}  // namespace

Tensor repeat_interleave(const Tensor& self, const Tensor& repeats, std::optional<int64_t> dim,
                         std::optional<int64_t> output_size) {
  const Tensor counts = repeat_counts(repeats);
  // One count repeats every element alike.
  if (counts.numel() == 1) return repeat_interleave(self, counts.data<int64_t>()[0], dim, output_size);
  const Tensor input = dim ? self : flatten(self);
  const int64_t d = interleave_dim(self, dim);
  const int64_t n = input.size(d);
  EMBER_CHECK(counts.numel() == n, Runtime,
              "repeat_interleave: repeats must have the same size as input along dim, but got repeats.size(0) = ",
              counts.numel(), " and input.size(", d, ") = ", n);
  const int64_t* r = counts.data<int64_t>();
  DimVector sizes(input.sizes());
  sizes[d] = 0;
  for (int64_t i = 0; i < n; ++i) sizes[d] += r[i];
  EMBER_CHECK(!output_size || *output_size == sizes[d], Runtime,
              "repeat_interleave: allocated size does not match required size: output_size ", *output_size,
              " but repeats sum to ", sizes[d]);
  Tensor out = empty(sizes, self.dtype(), self.device());
  // One copy per run of equal counts: elements [i, j) each repeated `count`
  // times fill (j - i) x count output positions, read as in the int form.
  int64_t offset = 0;
  for (int64_t i = 0, j = 0; i < n; i = j) {
    const int64_t count = r[i];
    for (j = i + 1; j < n && r[j] == count; ++j) {
    }
    if (count == 0) continue;
    const Tensor source = shape::repeated(unsqueeze(narrow(input, d, i, j - i), d + 1), d + 1, count);
    copy_(view(narrow(out, d, offset, (j - i) * count), source.sizes()), source);
    offset += (j - i) * count;
  }
  return out;
}

Tensor repeat_interleave(const Tensor& repeats, std::optional<int64_t> output_size) {
  EMBER_CHECK(repeats.dim() == 1, Runtime, "repeat_interleave only accept 1D vector as repeat, got size ",
              shape_str(repeats.sizes()));
  const Tensor counts = repeat_counts(repeats);
  const Tensor index = arange(Scalar(int64_t{0}), Scalar(repeats.numel()), Scalar(int64_t{1}), repeats.dtype());
  return repeat_interleave(index, counts, int64_t{0}, output_size);
}

Tensor kron(const Tensor& a, const Tensor& b) {
  // Interleave the dims: a as (a0, 1, a1, 1, ...) times b as (1, b0, 1, b1, ...).
  const int64_t n = std::max(a.dim(), b.dim());
  DimVector a_sizes, b_sizes, out_sizes;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t da = i - (n - a.dim()), db = i - (n - b.dim());
    const int64_t sa = da >= 0 ? a.size(da) : 1, sb = db >= 0 ? b.size(db) : 1;
    a_sizes.push_back(sa);
    a_sizes.push_back(1);
    b_sizes.push_back(1);
    b_sizes.push_back(sb);
    out_sizes.push_back(sa * sb);
  }
  const Tensor product = binary(BinaryMath::Mul, reshape(a, a_sizes), reshape(b, b_sizes));
  return reshape(product, out_sizes);
}

std::vector<Tensor> meshgrid(std::span<const Tensor> tensors, std::string_view indexing) {
  EMBER_CHECK(!tensors.empty(), Runtime, "meshgrid expects a non-empty TensorList");
  EMBER_CHECK(indexing == "ij" || indexing == "xy", Runtime,
              "meshgrid: indexing must be one of \"xy\" or \"ij\", but received: ", indexing);
  shape::require_same_device(tensors, "meshgrid");
  const int64_t n = static_cast<int64_t>(tensors.size());
  DimVector sizes(n);
  for (int64_t i = 0; i < n; ++i) {
    const Tensor& t = tensors[i];
    EMBER_CHECK(t.dim() <= 1, Runtime, "meshgrid: expected 0D or 1D tensors in the list, but got a tensor of size ",
                shape_str(t.sizes()), " at position ", i);
    EMBER_CHECK(t.dtype() == tensors[0].dtype(), Runtime,
                "meshgrid expects all tensors to have the same dtype, but got ", name(tensors[0].dtype()), " and ",
                name(t.dtype()), " at position ", i);
  }
  // 'xy' swaps the first two output dims (Cartesian, as NumPy's default).
  const bool swap = indexing == "xy" && n >= 2;
  auto position = [swap](int64_t i) { return swap && i < 2 ? 1 - i : i; };
  for (int64_t i = 0; i < n; ++i) sizes[position(i)] = tensors[i].numel();
  std::vector<Tensor> out;
  for (int64_t i = 0; i < n; ++i) {
    const Tensor& t = tensors[i];
    DimVector strides(n, 0);
    strides[position(i)] = t.dim() == 1 ? t.stride(0) : 1;
    out.push_back(make_view(t, sizes, strides, t.impl()->storage_offset()));
  }
  return out;
}

Tensor cartesian_prod(std::span<const Tensor> tensors) {
  for (const Tensor& t : tensors)
    EMBER_CHECK(t.dim() == 1, Runtime, "cartesian_prod: Expect a 1D vector, but got shape ", shape_str(t.sizes()));
  if (tensors.size() == 1) return tensors[0];
  std::vector<Tensor> columns = meshgrid(tensors, "ij");
  for (Tensor& c : columns) c = flatten(c);
  return stack(columns, 1);
}

Tensor block_diag(std::span<const Tensor> tensors) {
  if (tensors.empty()) return empty(DimVector{1, 0}, default_dtype());
  shape::require_same_device(tensors, "block_diag");
  std::vector<Tensor> blocks;
  int64_t rows = 0, cols = 0;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Tensor& t = tensors[i];
    EMBER_CHECK(t.dim() <= 2, Runtime, "block_diag: Input tensors must have 2 or fewer dimensions. Input ", i, " has ",
                t.dim(), " dimensions (size ", shape_str(t.sizes()), ")");
    blocks.push_back(t.dim() == 2 ? t : reshape(t, DimVector{1, t.numel()}));
    rows += blocks.back().size(0);
    cols += blocks.back().size(1);
  }
  Tensor out = zeros(DimVector{rows, cols}, shape::promoted_dtype(tensors), tensors[0].device());
  int64_t r = 0, c = 0;
  for (const Tensor& b : blocks) {
    copy_(narrow(narrow(out, 0, r, b.size(0)), 1, c, b.size(1)), b);
    r += b.size(0);
    c += b.size(1);
  }
  return out;
}

}  // namespace ember
