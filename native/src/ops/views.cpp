#include <algorithm>
#include <optional>
#include <vector>

#include "../core/elementwise_loop.h"
#include "ember/ops.h"

namespace ember {

int64_t wrap_dim(int64_t dim, int64_t ndim, const char* op) {
  const int64_t lo = ndim == 0 ? -1 : -ndim, hi = ndim == 0 ? 0 : ndim - 1;
  EMBER_CHECK(dim >= lo && dim <= hi, Index, op, ": dimension out of range (expected to be in range of [", lo, ", ", hi,
              "], but got ", dim, ")");
  return dim < 0 ? dim + std::max<int64_t>(ndim, 1) : dim;
}

Tensor as_strided(const Tensor& self, IntArrayRef sizes, IntArrayRef strides, std::optional<int64_t> offset) {
  EMBER_CHECK(sizes.size() == strides.size(), Runtime, "as_strided: size ", shape_str(sizes), " and stride ",
              shape_str(strides), " differ in length");
  const int64_t off = offset.value_or(self.impl()->storage_offset());
  EMBER_CHECK(off >= 0, Runtime, "as_strided: negative storage offset ", off);
  int64_t n = checked_numel(sizes, "as_strided");
  int64_t last = off;  // the furthest element the view can reach
  for (size_t d = 0; d < sizes.size(); ++d) {
    EMBER_CHECK(strides[d] >= 0, Runtime, "as_strided: negative stride ", strides[d], " in ", shape_str(strides));
    if (n > 0) last += (sizes[d] - 1) * strides[d];
  }
  const int64_t capacity = static_cast<int64_t>(self.impl()->storage()->nbytes()) / itemsize(self.dtype());
  EMBER_CHECK(n == 0 || last < capacity, Runtime, "as_strided: size ", shape_str(sizes), ", stride ",
              shape_str(strides), " and offset ", off, " reach element ", last, " of a storage holding ", capacity);
  return make_view(self, sizes, strides, off);
}

Tensor slice(const Tensor& self, int64_t dim, int64_t start, int64_t stop, int64_t step) {
  dim = wrap_dim(dim, self.dim(), "slice");
  EMBER_CHECK(step > 0, Value, "slice: step must be greater than zero, got ", step);
  const int64_t n = self.size(dim);
  auto clamp = [n](int64_t i) { return std::clamp<int64_t>(i < 0 ? i + n : i, 0, n); };
  start = clamp(start);
  stop = std::max(clamp(stop), start);
  DimVector sizes(self.sizes()), strides(self.strides());
  sizes[dim] = (stop - start + step - 1) / step;
  strides[dim] *= step;
  return make_view(self, sizes, strides, self.impl()->storage_offset() + start * self.stride(dim));
}

Tensor narrow(const Tensor& self, int64_t dim, int64_t start, int64_t length) {
  EMBER_CHECK(self.dim() > 0, Runtime, "narrow: cannot be applied to a 0-dim tensor");
  dim = wrap_dim(dim, self.dim(), "narrow");
  const int64_t n = self.size(dim);
  EMBER_CHECK(start >= -n && start <= n, Index, "narrow: start ", start, " out of range for dimension ", dim,
              " of size ", n);
  if (start < 0) start += n;
  EMBER_CHECK(length >= 0 && start + length <= n, Runtime, "narrow: start (", start, ") + length (", length,
              ") exceeds dimension size (", n, ")");
  return slice(self, dim, start, start + length, 1);
}

Tensor select(const Tensor& self, int64_t dim, int64_t index) {
  EMBER_CHECK(self.dim() > 0, Index, "select: cannot be applied to a 0-dim tensor");
  dim = wrap_dim(dim, self.dim(), "select");
  const int64_t n = self.size(dim);
  EMBER_CHECK(index >= -n && index < n, Index, "select: index ", index, " is out of bounds for dimension ", dim,
              " with size ", n);
  if (index < 0) index += n;
  DimVector sizes(self.sizes()), strides(self.strides());
  sizes.erase(dim);
  strides.erase(dim);
  return make_view(self, sizes, strides, self.impl()->storage_offset() + index * self.stride(dim));
}

Tensor unsqueeze(const Tensor& self, int64_t dim) {
  dim = wrap_dim(dim, self.dim() + 1, "unsqueeze");
  DimVector sizes(self.sizes()), strides(self.strides());
  const int64_t stride = dim < self.dim() ? self.stride(dim) * self.size(dim) : 1;
  sizes.insert(dim, 1);
  strides.insert(dim, stride);
  return make_view(self, sizes, strides, self.impl()->storage_offset());
}

Tensor transpose(const Tensor& self, int64_t dim0, int64_t dim1) {
  if (self.dim() == 0) {
    wrap_dim(dim0, 0, "transpose");
    wrap_dim(dim1, 0, "transpose");
    return make_view(self, self.sizes(), self.strides(), self.impl()->storage_offset());
  }
  dim0 = wrap_dim(dim0, self.dim(), "transpose");
  dim1 = wrap_dim(dim1, self.dim(), "transpose");
  DimVector sizes(self.sizes()), strides(self.strides());
  std::swap(sizes[dim0], sizes[dim1]);
  std::swap(strides[dim0], strides[dim1]);
  return make_view(self, sizes, strides, self.impl()->storage_offset());
}

// ---- Shape views: view, reshape, flatten, squeeze, permute, expand, ...

namespace {

// `shape` with its one -1 (if any) resolved so that it holds `numel` elements.
DimVector infer_size(IntArrayRef shape, int64_t numel, const char* op) {
  DimVector out(shape);
  int64_t known = 1, inferred = -1;
  bool overflow = false;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1) {
      EMBER_CHECK(inferred < 0, Runtime, op, ": only one dimension can be inferred, got shape ", list_str(shape));
      inferred = static_cast<int64_t>(i);
      continue;
    }
    EMBER_CHECK(shape[i] >= 0, Runtime, op, ": invalid shape dimension ", shape[i], " at index ", i, " of shape ",
                list_str(shape));
    overflow |= __builtin_mul_overflow(known, shape[i], &known);
  }
  if (inferred >= 0 && !overflow) {
    EMBER_CHECK(known != 0 || numel != 0, Runtime, op, ": cannot reshape tensor of 0 elements into shape ",
                list_str(shape), " because the unspecified dimension size -1 can be any value and is ambiguous");
    if (known != 0 && numel % known == 0) {
      out[inferred] = numel / known;
      return out;
    }
  } else if (inferred < 0 && !overflow && known == numel) {
    return out;
  }
  EMBER_FAIL(Runtime, op, ": shape '", list_str(shape), "' is invalid for input of size ", numel);
}

// Strides that let a tensor of (sizes, strides) be seen as new_sizes over the
// same memory, or nullopt when some new dimension would have to span two
// separately strided chunks (PyTorch's rule, so views agree with it).
std::optional<DimVector> view_strides(IntArrayRef sizes, IntArrayRef strides, IntArrayRef new_sizes) {
  const int64_t n = static_cast<int64_t>(new_sizes.size());
  if (sizes.empty()) return DimVector(n, 1);
  int64_t numel = 1;
  for (int64_t s : sizes) numel *= s;
  if (numel == 0 && same_dims(sizes, new_sizes)) return DimVector(strides);
  if (numel == 0) return contiguous_strides(new_sizes);
  // Walk both shapes from the right, one chunk of mutually contiguous old
  // dims at a time; the new dims covering a chunk take strides inside it.
  DimVector out(n);
  int64_t v = n - 1, chunk_stride = strides.back(), chunk_numel = 1, view_numel = 1;
  for (int64_t d = static_cast<int64_t>(sizes.size()) - 1; d >= 0; --d) {
    chunk_numel *= sizes[d];
    const bool chunk_ends = d == 0 || (sizes[d - 1] != 1 && strides[d - 1] != chunk_numel * chunk_stride);
    if (!chunk_ends) continue;
    for (; v >= 0 && (view_numel < chunk_numel || new_sizes[v] == 1); --v) {
      out[v] = view_numel * chunk_stride;
      view_numel *= new_sizes[v];
    }
    if (view_numel != chunk_numel) return std::nullopt;
    if (d > 0) {
      chunk_stride = strides[d - 1];
      chunk_numel = view_numel = 1;
    }
  }
  if (v != -1) return std::nullopt;
  return out;
}

Tensor view_of(const Tensor& self, DType dtype, IntArrayRef sizes, IntArrayRef strides, int64_t offset) {
  return Tensor(make_intrusive<TensorImpl>(self.impl()->storage(), dtype, sizes, strides, offset));
}

// The float dtype of a complex dtype's parts.
DType part_dtype(DType complex) { return complex == DType::Complex64 ? DType::Float32 : DType::Float64; }

// A view of a complex tensor's real (part 0) or imaginary (part 1) floats.
Tensor complex_part(const Tensor& self, int64_t part) {
  DimVector strides(self.strides());
  for (int64_t& s : strides) s *= 2;
  return view_of(self, part_dtype(self.dtype()), self.sizes(), strides, self.impl()->storage_offset() * 2 + part);
}

DimVector wrap_dims(IntArrayRef dims, int64_t ndim, const char* op) {
  DimVector out(dims);
  for (int64_t& d : out) d = wrap_dim(d, ndim, op);
  return out;
}

// The position of a repeated dim in `dims`, or -1.
int64_t find_repeat(IntArrayRef dims) {
  for (size_t i = 0; i < dims.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (dims[i] == dims[j]) return static_cast<int64_t>(i);
  return -1;
}

Tensor expand_for(const Tensor& self, IntArrayRef sizes, const char* op) {
  const int64_t n = static_cast<int64_t>(sizes.size()), lead = n - self.dim();
  EMBER_CHECK(lead >= 0, Runtime, op, ": the number of sizes provided (", n,
              ") must be greater or equal to the number of dimensions in the tensor (", self.dim(), "); size ",
              shape_str(sizes), ", tensor of size ", shape_str(self.sizes()));
  DimVector out_sizes(n), out_strides(n);
  for (int64_t i = n - 1; i >= 0; --i) {
    const int64_t d = i - lead;
    int64_t size = 1, stride = i + 1 < n ? out_sizes[i + 1] * out_strides[i + 1] : 0;
    if (d >= 0) {
      size = self.size(d);
      stride = self.stride(d);
    }
    int64_t target = sizes[i];
    if (target == -1) {
      EMBER_CHECK(d >= 0, Runtime, op, ": the expanded size -1 isn't allowed in a leading, non-existing dimension ", i,
                  " of size ", shape_str(sizes));
      target = size;
    }
    EMBER_CHECK(target >= 0, Runtime, op, ": invalid size ", target, " at dimension ", i, " of size ",
                shape_str(sizes));
    if (target != size) {
      EMBER_CHECK(size == 1, Runtime, op, ": the expanded size of the tensor (", target,
                  ") must match the existing size (", size, ") at non-singleton dimension ", i,
                  ".  Target sizes: ", shape_str(sizes), ".  Tensor sizes: ", shape_str(self.sizes()));
      size = target;
      stride = 0;
    }
    out_sizes[i] = size;
    out_strides[i] = stride;
  }
  checked_numel(out_sizes, op);
  return make_view(self, out_sizes, out_strides, self.impl()->storage_offset());
}

}  // namespace

Tensor view(const Tensor& self, IntArrayRef shape) {
  const DimVector sizes = infer_size(shape, self.numel(), "view");
  auto strides = view_strides(self.sizes(), self.strides(), sizes);
  EMBER_CHECK(strides, Runtime,
              "view: view size is not compatible with input tensor's size and stride (at least one dimension spans "
              "across two contiguous subspaces): tensor of size ",
              shape_str(self.sizes()), " and stride ", shape_str(self.strides()), " viewed as ", shape_str(sizes),
              ". Use .reshape(...) instead.");
  return make_view(self, sizes, *strides, self.impl()->storage_offset());
}

Tensor view_dtype(const Tensor& self, DType dtype) {
  const int64_t from = itemsize(self.dtype()), to = itemsize(dtype);
  int64_t offset = self.impl()->storage_offset();
  if (from == to) return view_of(self, dtype, self.sizes(), self.strides(), offset);
  const auto from_name = name(self.dtype()), to_name = name(dtype);
  EMBER_CHECK(self.dim() > 0, Runtime, "view: self.dim() cannot be 0 to view ", from_name, " as ", to_name,
              " (different element sizes)");
  const int64_t last = self.dim() - 1;
  EMBER_CHECK(self.stride(last) == 1, Runtime, "view: self.stride(-1) must be 1 to view ", from_name, " as ", to_name,
              " (different element sizes), but got ", self.stride(last));
  DimVector sizes(self.sizes()), strides(self.strides());
  if (to < from) {  // more, smaller elements: scale everything up
    const int64_t ratio = from / to;
    for (int64_t d = 0; d < last; ++d) strides[d] *= ratio;
    sizes[last] *= ratio;
    offset *= ratio;
  } else {  // fewer, larger elements: everything must divide
    const int64_t ratio = to / from;
    EMBER_CHECK(sizes[last] % ratio == 0, Runtime, "view: self.size(-1) must be divisible by ", ratio, " to view ",
                from_name, " as ", to_name, " (different element sizes), but got ", sizes[last]);
    EMBER_CHECK(offset % ratio == 0, Runtime, "view: self.storage_offset() must be divisible by ", ratio, " to view ",
                from_name, " as ", to_name, " (different element sizes), but got ", offset);
    for (int64_t d = 0; d < last; ++d) {
      EMBER_CHECK(strides[d] % ratio == 0, Runtime, "view: self.stride(", d, ") must be divisible by ", ratio,
                  " to view ", from_name, " as ", to_name, " (different element sizes), but got ", strides[d]);
      strides[d] /= ratio;
    }
    sizes[last] /= ratio;
    offset /= ratio;
  }
  return view_of(self, dtype, sizes, strides, offset);
}

Tensor reshape(const Tensor& self, IntArrayRef shape) {
  const DimVector sizes = infer_size(shape, self.numel(), "reshape");
  if (auto strides = view_strides(self.sizes(), self.strides(), sizes))
    return make_view(self, sizes, *strides, self.impl()->storage_offset());
  // Not expressible over this memory: copy (the copy is contiguous).
  return make_view(clone(self), sizes, contiguous_strides(sizes), 0);
}

Tensor flatten(const Tensor& self, int64_t start_dim, int64_t end_dim) {
  start_dim = wrap_dim(start_dim, self.dim(), "flatten");
  end_dim = wrap_dim(end_dim, self.dim(), "flatten");
  EMBER_CHECK(start_dim <= end_dim, Runtime, "flatten: start_dim cannot come after end_dim (got start_dim ", start_dim,
              " and end_dim ", end_dim, " for a tensor of size ", shape_str(self.sizes()), ")");
  if (self.dim() == 0) return reshape(self, DimVector{1});
  if (start_dim == end_dim) return self;
  DimVector sizes;
  for (int64_t d = 0; d < start_dim; ++d) sizes.push_back(self.size(d));
  int64_t merged = 1;
  for (int64_t d = start_dim; d <= end_dim; ++d) merged *= self.size(d);
  sizes.push_back(merged);
  for (int64_t d = end_dim + 1; d < self.dim(); ++d) sizes.push_back(self.size(d));
  return reshape(self, sizes);
}

Tensor unflatten(const Tensor& self, int64_t dim, IntArrayRef sizes) {
  EMBER_CHECK(self.dim() > 0, Runtime, "unflatten: cannot be applied to a 0-dim tensor");
  dim = wrap_dim(dim, self.dim(), "unflatten");
  EMBER_CHECK(!sizes.empty(), Runtime, "unflatten: sizes must be non-empty");
  if (std::find(sizes.begin(), sizes.end(), -1) == sizes.end()) {
    int64_t product = 1;
    bool overflow = false;
    for (int64_t s : sizes) overflow |= __builtin_mul_overflow(product, s, &product);
    EMBER_CHECK(!overflow && product == self.size(dim), Runtime, "unflatten: provided sizes ", list_str(sizes),
                " don't multiply up to the size of dim ", dim, " (", self.size(dim), ") in the input tensor of size ",
                shape_str(self.sizes()));
  }
  const DimVector inner = infer_size(sizes, self.size(dim), "unflatten");
  DimVector shape;
  for (int64_t d = 0; d < dim; ++d) shape.push_back(self.size(d));
  for (int64_t s : inner) shape.push_back(s);
  for (int64_t d = dim + 1; d < self.dim(); ++d) shape.push_back(self.size(d));
  return view(self, shape);
}

Tensor squeeze(const Tensor& self) {
  DimVector sizes, strides;
  for (int64_t d = 0; d < self.dim(); ++d) {
    if (self.size(d) == 1) continue;
    sizes.push_back(self.size(d));
    strides.push_back(self.stride(d));
  }
  return make_view(self, sizes, strides, self.impl()->storage_offset());
}

Tensor squeeze(const Tensor& self, IntArrayRef dims) {
  const DimVector wrapped = wrap_dims(dims, self.dim(), "squeeze");
  const int64_t repeat = find_repeat(wrapped);
  EMBER_CHECK(repeat < 0, Runtime, "squeeze: dim ", repeat < 0 ? 0 : wrapped[repeat],
              " appears multiple times in the list of dims ", shape_str(dims));
  DimVector sizes, strides;
  for (int64_t d = 0; d < self.dim(); ++d) {
    const bool drop = self.size(d) == 1 && std::find(wrapped.begin(), wrapped.end(), d) != wrapped.end();
    if (drop) continue;
    sizes.push_back(self.size(d));
    strides.push_back(self.stride(d));
  }
  return make_view(self, sizes, strides, self.impl()->storage_offset());
}

Tensor permute(const Tensor& self, IntArrayRef dims) {
  EMBER_CHECK(static_cast<int64_t>(dims.size()) == self.dim(), Runtime,
              "permute: number of dims don't match: the tensor of size ", shape_str(self.sizes()), " has ", self.dim(),
              " dimensions but dims ", shape_str(dims), " has ", dims.size());
  const DimVector wrapped = wrap_dims(dims, self.dim(), "permute");
  EMBER_CHECK(find_repeat(wrapped) < 0, Runtime, "permute: duplicate dims are not allowed, got ", shape_str(dims));
  DimVector sizes(self.dim()), strides(self.dim());
  for (int64_t i = 0; i < self.dim(); ++i) {
    sizes[i] = self.size(wrapped[i]);
    strides[i] = self.stride(wrapped[i]);
  }
  return make_view(self, sizes, strides, self.impl()->storage_offset());
}

Tensor movedim(const Tensor& self, IntArrayRef source, IntArrayRef destination) {
  EMBER_CHECK(source.size() == destination.size(), Runtime, "movedim: Invalid source or destination dims: source ",
              shape_str(source), " should contain the same number of dims as destination ", shape_str(destination));
  const DimVector src = wrap_dims(source, self.dim(), "movedim"), dst = wrap_dims(destination, self.dim(), "movedim");
  EMBER_CHECK(find_repeat(src) < 0, Runtime, "movedim: repeated dim in `source` ", shape_str(source));
  EMBER_CHECK(find_repeat(dst) < 0, Runtime, "movedim: repeated dim in `destination` ", shape_str(destination));
  if (self.dim() == 0) return make_view(self, self.sizes(), self.strides(), self.impl()->storage_offset());
  // Moved dims go to their destinations; the rest fill the gaps in order.
  DimVector order(self.dim(), -1);
  for (int64_t i = 0; i < src.size(); ++i) order[dst[i]] = src[i];
  int64_t next = 0;
  for (int64_t& o : order) {
    if (o >= 0) continue;
    while (std::find(src.begin(), src.end(), next) != src.end()) ++next;
    o = next++;
  }
  return permute(self, order);
}

Tensor t(const Tensor& self) {
  EMBER_CHECK(self.dim() <= 2, Runtime, "t: expects a tensor with <= 2 dimensions, but self is ", self.dim(), "-D");
  return self.dim() < 2 ? transpose(self, 0, 0) : transpose(self, 0, 1);
}

Tensor reverse_dims(const Tensor& self) {
  DimVector order(self.dim());
  for (int64_t d = 0; d < self.dim(); ++d) order[d] = self.dim() - 1 - d;
  return permute(self, order);
}

Tensor matrix_transpose(const Tensor& self) {
  EMBER_CHECK(self.dim() != 1, Runtime,
              "mT: tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor of size ",
              shape_str(self.sizes()));
  return self.dim() == 0 ? transpose(self, 0, 0) : transpose(self, -2, -1);
}

Tensor expand(const Tensor& self, IntArrayRef sizes) { return expand_for(self, sizes, "expand"); }
Tensor broadcast_to(const Tensor& self, IntArrayRef sizes) { return expand_for(self, sizes, "broadcast_to"); }

DimVector broadcast_shapes(std::span<const DimVector> shapes, const char* op) {
  DimVector out;
  for (const DimVector& shape : shapes) {
    // A negative size broadcasts against nothing: PyTorch says ValueError
    // where the result so far has no size there, else the mismatch below.
    for (int64_t i = 1; i <= shape.size(); ++i) {
      const bool fresh = i > out.size() || out[out.size() - i] == 1;
      EMBER_CHECK(shape[shape.size() - i] >= 0 || !fresh, Value, op, ": shape ", shape_str(shape),
                  " has a negative dimension: cannot broadcast it");
    }
    out = broadcast_shapes(out, shape, op);
  }
  return out;
}

std::vector<Tensor> broadcast_tensors(std::span<const Tensor> tensors) {
  std::vector<DimVector> shapes;
  for (const Tensor& t : tensors) shapes.emplace_back(t.sizes());
  const DimVector shape = broadcast_shapes(shapes, "broadcast_tensors");
  std::vector<Tensor> out;
  for (const Tensor& t : tensors) out.push_back(expand_for(t, shape, "broadcast_tensors"));
  return out;
}

Tensor unfold(const Tensor& self, int64_t dim, int64_t size, int64_t step) {
  dim = wrap_dim(dim, self.dim(), "unfold");
  const int64_t n = self.dim() == 0 ? 1 : self.size(dim);
  EMBER_CHECK(size >= 0, Runtime, "unfold: size is ", size, " but must be >= 0");
  EMBER_CHECK(size <= n, Runtime, "unfold: maximum size for tensor at dimension ", dim, " is ", n, " but size is ",
              size, " (tensor of size ", shape_str(self.sizes()), ")");
  EMBER_CHECK(step > 0, Runtime, "unfold: step is ", step, " but must be > 0");
  const int64_t offset = self.impl()->storage_offset();
  if (self.dim() == 0) return make_view(self, DimVector{size}, DimVector{1}, offset);
  DimVector sizes(self.sizes()), strides(self.strides());
  sizes[dim] = (n - size) / step + 1;
  strides[dim] = self.stride(dim) * step;
  sizes.push_back(size);
  strides.push_back(self.stride(dim));
  return make_view(self, sizes, strides, offset);
}

Tensor diagonal(const Tensor& self, int64_t offset, int64_t dim1, int64_t dim2) {
  const int64_t d1 = wrap_dim(dim1, self.dim(), "diagonal"), d2 = wrap_dim(dim2, self.dim(), "diagonal");
  EMBER_CHECK(d1 != d2, Runtime, "diagonal: dimensions cannot be identical ", dim1, ", ", dim2, " (tensor of size ",
              shape_str(self.sizes()), ")");
  const int64_t n1 = self.size(d1), n2 = self.size(d2);
  // Clamp before subtracting so that huge offsets can't overflow.
  const int64_t length = offset >= 0 ? std::max<int64_t>(std::min(n1, n2 - std::min(offset, n2)), 0)
                                     : std::max<int64_t>(std::min(n1 - std::min(-offset, n1), n2), 0);
  int64_t start = self.impl()->storage_offset();
  if (length > 0) start += offset >= 0 ? offset * self.stride(d2) : -offset * self.stride(d1);
  DimVector sizes(self.sizes()), strides(self.strides());
  sizes.erase(std::max(d1, d2));
  strides.erase(std::max(d1, d2));
  sizes.erase(std::min(d1, d2));
  strides.erase(std::min(d1, d2));
  sizes.push_back(length);
  strides.push_back(self.stride(d1) + self.stride(d2));
  return make_view(self, sizes, strides, start);
}

Tensor real(const Tensor& self) { return is_complex(self.dtype()) ? complex_part(self, 0) : self; }

Tensor imag(const Tensor& self) {
  EMBER_CHECK(is_complex(self.dtype()), Runtime,
              "imag: imag is not implemented for tensors with non-complex dtypes, got ", name(self.dtype()));
  return complex_part(self, 1);
}

Tensor view_as_real(const Tensor& self) {
  EMBER_CHECK(is_complex(self.dtype()), Runtime, "view_as_real: is only supported for complex tensors, got ",
              name(self.dtype()));
  Tensor parts = complex_part(self, 0);
  DimVector sizes(parts.sizes()), strides(parts.strides());
  sizes.push_back(2);
  strides.push_back(1);
  return view_of(self, parts.dtype(), sizes, strides, parts.impl()->storage_offset());
}

Tensor view_as_complex(const Tensor& self) {
  const DType dtype = self.dtype() == DType::Float32   ? DType::Complex64
                      : self.dtype() == DType::Float64 ? DType::Complex128
                                                       : DType::Bool;
  EMBER_CHECK(dtype != DType::Bool, Runtime, "view_as_complex: is only supported for float32 and float64 tensors, got ",
              name(self.dtype()));
  const int64_t last = self.dim() - 1;
  EMBER_CHECK(self.dim() > 0 && self.size(last) == 2, Runtime,
              "view_as_complex: Tensor must have a last dimension of size 2, got a tensor of size ",
              shape_str(self.sizes()));
  EMBER_CHECK(self.stride(last) == 1, Runtime, "view_as_complex: Tensor must have a last dimension with stride 1, got ",
              "stride ", shape_str(self.strides()));
  DimVector sizes(self.sizes()), strides(self.strides());
  sizes.erase(last);
  strides.erase(last);
  for (int64_t& s : strides) {
    EMBER_CHECK(s % 2 == 0, Runtime,
                "view_as_complex: Tensor must have a stride divisible by 2 for all but last dimension, got stride ",
                shape_str(self.strides()));
    s /= 2;
  }
  const int64_t offset = self.impl()->storage_offset();
  EMBER_CHECK(offset % 2 == 0, Runtime, "view_as_complex: Tensor must have a storage_offset divisible by 2, got ",
              offset);
  return view_of(self, dtype, sizes, strides, offset / 2);
}

}  // namespace ember
