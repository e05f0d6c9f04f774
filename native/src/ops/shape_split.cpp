// Splitting a tensor into views along one dim: split, chunk, tensor_split,
// hsplit/vsplit/dsplit. Every piece is a narrow() of self.
#include <vector>

#include "shape_util.h"

namespace ember {
namespace {

void require_dims(const Tensor& self, const char* message) {
  EMBER_CHECK(self.dim() > 0, Runtime, message, " (got a tensor of size ", shape_str(self.sizes()), ")");
}

// Pieces [0, b0), [b0, b1), ..., [bk, end) with slice()'s clamping, as tensor_split's indices.
std::vector<Tensor> split_at(const Tensor& self, IntArrayRef bounds, int64_t dim) {
  std::vector<Tensor> out;
  int64_t start = 0;
  for (int64_t b : bounds) {
    out.push_back(slice(self, dim, start, b, 1));
    start = b;
  }
  out.push_back(slice(self, dim, start, self.size(dim), 1));
  return out;
}

}  // namespace

std::vector<Tensor> split(const Tensor& self, int64_t split_size, int64_t dim) {
  require_dims(self, "split expects at least a 1-dimensional tensor");
  EMBER_CHECK(split_size >= 0, Runtime, "split expects split_size be non-negative, but got split_size=", split_size);
  dim = wrap_dim(dim, self.dim(), "split");
  const int64_t n = self.size(dim);
  EMBER_CHECK(split_size > 0 || n == 0, Runtime,
              "split: split_size can only be 0 if dimension size is 0, but got dimension size of ", n);
  std::vector<Tensor> out;
  if (n == 0) return {narrow(self, dim, 0, 0)};
  for (int64_t start = 0; start < n; start += split_size)
    out.push_back(narrow(self, dim, start, std::min(split_size, n - start)));
  return out;
}

std::vector<Tensor> split_with_sizes(const Tensor& self, IntArrayRef split_sizes, int64_t dim) {
  require_dims(self, "split expects at least a 1-dimensional tensor");
  dim = wrap_dim(dim, self.dim(), "split_with_sizes");
  int64_t total = 0;
  for (int64_t s : split_sizes) {
    EMBER_CHECK(s >= 0, Runtime, "split_with_sizes expects split_sizes have only non-negative entries, but got ",
                "split_sizes=", shape_str(split_sizes));
    total += s;
  }
  EMBER_CHECK(total == self.size(dim), Runtime, "split_with_sizes expects split_sizes to sum exactly to ",
              self.size(dim), " (input tensor's size at dimension ", dim,
              "), but got split_sizes=", shape_str(split_sizes));
  std::vector<Tensor> out;
  int64_t start = 0;
  for (int64_t s : split_sizes) {
    out.push_back(narrow(self, dim, start, s));
    start += s;
  }
  return out;
}

std::vector<Tensor> chunk(const Tensor& self, int64_t chunks, int64_t dim) {
  require_dims(self, "chunk expects at least a 1-dimensional tensor");
  EMBER_CHECK(chunks > 0, Runtime, "chunk expects `chunks` to be greater than 0, got: ", chunks);
  dim = wrap_dim(dim, self.dim(), "chunk");
  const int64_t n = self.size(dim);
  // An empty dim still gives `chunks` (empty) pieces.
  if (n == 0) return split_with_sizes(self, DimVector(chunks, 0), dim);
  return split(self, (n + chunks - 1) / chunks, dim);
}

std::vector<Tensor> tensor_split(const Tensor& self, int64_t sections, int64_t dim) {
  require_dims(self, "tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims");
  EMBER_CHECK(sections > 0, Runtime, "tensor_split: number of sections must be larger than 0, got ", sections);
  dim = wrap_dim(dim, self.dim(), "tensor_split");
  const int64_t n = self.size(dim), base = n / sections, extra = n % sections;
  std::vector<Tensor> out;
  int64_t start = 0;
  for (int64_t i = 0; i < sections; ++i) {
    const int64_t length = base + (i < extra ? 1 : 0);
    out.push_back(narrow(self, dim, start, length));
    start += length;
  }
  return out;
}

std::vector<Tensor> tensor_split_indices(const Tensor& self, IntArrayRef indices, int64_t dim) {
  require_dims(self, "tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims");
  dim = wrap_dim(dim, self.dim(), "tensor_split");
  return split_at(self, indices, dim);
}

std::vector<Tensor> tensor_split(const Tensor& self, const Tensor& indices_or_sections, int64_t dim) {
  const Tensor& t = indices_or_sections;
  EMBER_CHECK(t.device().is_cpu(), Runtime,
              "tensor_split expected tensor_indices_or_sections to be on cpu, but it's on ", t.device().str());
  EMBER_CHECK(t.dtype() == DType::Int64, Runtime,
              "tensor_split expected tensor_indices_or_sections to have dtype of long, but got ", name(t.dtype()));
  EMBER_CHECK(t.dim() <= 1, Runtime,
              "tensor_split expected tensor_indices_or_sections to be a zero-dimensional or one-dimensional tensor, "
              "but got a tensor with ",
              t.dim(), " dims");
  const Tensor values = contiguous(t);
  const int64_t* v = values.data<int64_t>();
  if (t.dim() == 0) return tensor_split(self, v[0], dim);
  return tensor_split_indices(self, IntArrayRef(v, values.numel()), dim);
}

namespace {

struct AxisInfo {
  const char* name;
  int64_t min_dims;
};

AxisInfo axis_info(SplitAxis axis) {
  switch (axis) {
    case SplitAxis::H: return {"hsplit", 1};
    case SplitAxis::V: return {"vsplit", 2};
    case SplitAxis::D: return {"dsplit", 3};
  }
  return {"", 0};
}

// The dim an axis split cuts, after checking self has enough dims.
int64_t axis_dim(const Tensor& self, SplitAxis axis) {
  const AxisInfo info = axis_info(axis);
  EMBER_CHECK(self.dim() >= info.min_dims, Runtime, info.name, " requires a tensor with at least ", info.min_dims,
              " dimension", info.min_dims > 1 ? "s" : "", ", but got a tensor with ", self.dim(), " dimensions (size ",
              shape_str(self.sizes()), ")");
  if (axis == SplitAxis::H) return self.dim() == 1 ? 0 : 1;
  return axis == SplitAxis::V ? 0 : 2;
}

}  // namespace

std::vector<Tensor> axis_split(const Tensor& self, SplitAxis axis, int64_t sections) {
  const int64_t dim = axis_dim(self, axis), n = self.size(dim);
  EMBER_CHECK(sections != 0 && n % sections == 0, Runtime, axis_info(axis).name, " attempted to split along dimension ",
              dim, ", but the size of the dimension ", n, " is not divisible by the split_size ", sections, "!");
  return tensor_split(self, sections, dim);
}

std::vector<Tensor> axis_split(const Tensor& self, SplitAxis axis, IntArrayRef indices) {
  return tensor_split_indices(self, indices, axis_dim(self, axis));
}

}  // namespace ember
