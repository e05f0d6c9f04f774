// Indexing along one dim: gather, scatter and its reductions, index_select,
// index_add_/copy_/fill_, take, take_along_dim and put_. Each sees self at
// the index's shape with stride 0 along `dim`, and lets the index step there.
#include <cmath>
#include <limits>

#include "../cpu/indexing.h"
#include "device_check.h"
#include "ember/ops.h"
#include "index_dispatch.h"

namespace ember {
namespace {

void check_index_dtype(const Tensor& index, const char* op) {
  EMBER_CHECK(index.dtype() == DType::Int64 || index.dtype() == DType::Int32, Runtime, op,
              ": Expected dtype int32 or int64 for index, but got ", name(index.dtype()));
}

void check_long_index(const Tensor& index, const char* op) {
  EMBER_CHECK(index.dtype() == DType::Int64, Runtime, op, ": Expected a long tensor for index, but got ",
              name(index.dtype()));
}

void check_same_dtype(const Tensor& self, const Tensor& source, const char* op) {
  EMBER_CHECK(self.dtype() == source.dtype(), Runtime, op,
              ": self and source expected to have the same dtype, but got ", "(self) ", name(self.dtype()),
              " and (source) ", name(source.dtype()));
}

// self's strides at a shape of `rank` dims (self's own, or 1 for a 0-d self), with 0 along dim.
DimVector strides_but_dim(const Tensor& self, int64_t dim, int64_t rank) {
  DimVector s(rank, 0);
  for (int64_t d = 0; d < self.dim(); ++d) s[d] = d == dim ? 0 : self.stride(d);
  return s;
}

cpu::IndexedDim along(const Tensor& self, int64_t dim) {
  return self.dim() == 0 ? cpu::IndexedDim{0, 1, 0} : cpu::IndexedDim{dim, self.size(dim), self.stride(dim)};
}

// A 1-D (or 0-d) index seen at `shape`: stepping along dim only.
DimVector vector_strides(const Tensor& index, int64_t dim, int64_t rank) {
  DimVector s(rank, 0);
  if (rank > 0 && index.dim() == 1) s[dim] = index.stride(0);
  return s;
}

void check_vector_index(const Tensor& self, const Tensor& index, const char* op) {
  op_device({self, index}, op);
  check_index_dtype(index, op);
  EMBER_CHECK(index.dim() <= 1, Index, op, ": Index is supposed to be a vector");
}

// The source of index_add_/index_copy_: self's shape with index.numel() along dim.
void check_source_shape(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source, const char* op) {
  const int64_t n = index.numel();
  const int64_t src_n = source.dim() == 0 ? 1 : source.size(dim);
  EMBER_CHECK(src_n == n, Runtime, op, ": Number of indices (", n, ") should be equal to source.size(dim): (", src_n,
              "), for dim: ", dim);
  bool ok = std::max<int64_t>(source.dim(), 1) == std::max<int64_t>(self.dim(), 1);
  for (int64_t d = 0; ok && d < self.dim(); ++d) ok = d == dim || source.size(d) == self.size(d);
  EMBER_CHECK(ok, Runtime, op, ": source ", list_str(source.sizes()), " must have self's shape ",
              list_str(self.sizes()), " apart from dimension ", dim);
}

// dst[... index[i] along dim ...] (op)= values, values at self's shape with n along dim.
void scatter_along(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& values,
                   const DimVector& value_strides, cpu::ScatterOp op, const char* name) {
  DimVector shape(self.sizes());
  if (self.dim() == 0)
    shape = {index.numel()};
  else
    shape[dim] = index.numel();
  const std::array<DimVector, 3> strides{strides_but_dim(self, dim, shape.size()), value_strides,
                                         vector_strides(index, dim, shape.size())};
  scatter_indexed(shape, self, values, index, strides, along(self, dim), op, name);
  self.impl()->storage()->bump_version();
}

}  // namespace

Tensor gather(const Tensor& self, int64_t dim, const Tensor& index) {
  op_device({self, index}, "gather");
  dim = wrap_dim(dim, std::max<int64_t>(self.dim(), 1), "gather");
  check_index_dtype(index, "gather");
  EMBER_CHECK(std::max<int64_t>(index.dim(), 1) == std::max<int64_t>(self.dim(), 1), Runtime,
              "gather: Index tensor must have the same number of dimensions as input tensor (got ", index.dim(),
              " and ", self.dim(), ")");
  for (int64_t d = 0; d < self.dim(); ++d)
    EMBER_CHECK(d == dim || index.size(d) <= self.size(d), Runtime, "gather: Size does not match at dimension ", d,
                " expected index ", list_str(index.sizes()), " to be no larger than self ", list_str(self.sizes()),
                " apart from dimension ", dim);
  Tensor out = empty(index.sizes(), self.dtype(), self.device());
  const std::array<DimVector, 3> strides{contiguous_strides(index.sizes()), strides_but_dim(self, dim, index.dim()),
                                         DimVector(index.strides())};
  gather_indexed(index.sizes(), out, self, index, strides, along(self, dim), "gather");
  return out;
}

Tensor index_select(const Tensor& self, int64_t dim, const Tensor& index) {
  check_vector_index(self, index, "index_select");
  dim = wrap_dim(dim, std::max<int64_t>(self.dim(), 1), "index_select");
  DimVector shape(self.sizes());
  if (self.dim() > 0) shape[dim] = index.numel();
  Tensor out = empty(shape, self.dtype(), self.device());
  if (self.dim() == 0) EMBER_CHECK(index.numel() == 1, Index, "index_select: a 0-d tensor takes exactly one index");
  const std::array<DimVector, 3> strides{contiguous_strides(shape), strides_but_dim(self, dim, shape.size()),
                                         vector_strides(index, dim, shape.size())};
  // A 0-d self: one element, index read at offset 0.
  gather_indexed(shape, out, self, index, strides, along(self, dim), "index_select");
  return out;
}

void scatter_(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src, ScatterReduce reduce,
              bool include_self, const char* op) {
  op_device({self, index, src}, op);
  dim = wrap_dim(dim, std::max<int64_t>(self.dim(), 1), op);
  check_index_dtype(index, op);
  EMBER_CHECK(self.dtype() == src.dtype(), Runtime, op, ": Expected self.dtype to be equal to src.dtype (got ",
              name(self.dtype()), " and ", name(src.dtype()), ")");
  const int64_t rank = std::max<int64_t>(self.dim(), 1);
  const bool value = src.dim() == 0 && index.dim() > 0;  // a number, broadcast
  EMBER_CHECK(std::max<int64_t>(index.dim(), 1) == rank && (value || std::max<int64_t>(src.dim(), 1) == rank), Runtime,
              op, ": Index tensor must have the same number of dimensions as self tensor (got index ", index.dim(),
              ", self ", self.dim(), ", src ", src.dim(), ")");
  bool ok = true;
  for (int64_t d = 0; d < index.dim(); ++d)
    ok = ok && (d == dim || index.size(d) <= self.size(d)) && (value || index.size(d) <= src.size(d));
  EMBER_CHECK(ok, Runtime, op, ": Expected index ", list_str(index.sizes()), " to be no larger than self ",
              list_str(self.sizes()), " apart from dimension ", dim, " and to be no larger size than src ",
              list_str(src.sizes()));
  EMBER_CHECK(!(is_complex(self.dtype()) && (reduce == ScatterReduce::Amax || reduce == ScatterReduce::Amin)), Runtime,
              op, ": amax and amin are not supported for complex tensors (got ", name(self.dtype()), ")");
  const DimVector shape(index.sizes());
  DimVector src_strides(src.strides());
  src_strides.resize(shape.size());  // 0 for a number
  const std::array<DimVector, 3> strides{strides_but_dim(self, dim, shape.size()), src_strides,
                                         DimVector(index.strides())};
  auto run = [&](const Tensor& dst, const Tensor& values, const DimVector& value_strides, cpu::ScatterOp sop) {
    const std::array<DimVector, 3> st{strides[0], value_strides, strides[2]};
    scatter_indexed(shape, dst, values, index, st, along(self, dim), sop, op);
  };
  cpu::ScatterOp sop = cpu::ScatterOp::Assign;
  switch (reduce) {
    case ScatterReduce::None: sop = cpu::ScatterOp::Assign; break;
    case ScatterReduce::Sum:
    case ScatterReduce::Mean: sop = cpu::ScatterOp::Add; break;
    case ScatterReduce::Prod: sop = cpu::ScatterOp::Mul; break;
    case ScatterReduce::Amax: sop = cpu::ScatterOp::Max; break;
    case ScatterReduce::Amin: sop = cpu::ScatterOp::Min; break;
  }
  const DimVector zero_strides(shape.size(), 0);
  if (reduce != ScatterReduce::None && !include_self) {  // the reduction starts from its identity
    Scalar identity = int64_t{0};
    const DType t = self.dtype();
    const bool inexact = is_floating(t) || is_complex(t);
    if (reduce == ScatterReduce::Prod) identity = int64_t{1};
    if (reduce == ScatterReduce::Amax || reduce == ScatterReduce::Amin) {
      const bool max = reduce == ScatterReduce::Amax;
      if (inexact)
        identity = max ? -INFINITY : INFINITY;
      else if (t == DType::Bool)
        identity = !max;
      else
        visit_dtype(t, [&](auto tag) {
          using T = typename decltype(tag)::type;
          if constexpr (std::is_integral_v<T>)
            identity = static_cast<int64_t>(max ? std::numeric_limits<T>::lowest() : std::numeric_limits<T>::max());
        });
    }
    run(self, scalar_tensor(identity, t), zero_strides, cpu::ScatterOp::Assign);
  }
  run(self, src, strides[1], sop);
  if (reduce == ScatterReduce::Mean) {
    Tensor counts = full(self.sizes(), Scalar(int64_t{include_self ? 1 : 0}), self.dtype(), self.device());
    run(counts, scalar_tensor(int64_t{1}, self.dtype()), zero_strides, cpu::ScatterOp::Add);
    counts = clamp_min(counts, Scalar(int64_t{1}));
    const bool integral = is_integral(self.dtype(), true);
    binary(integral ? BinaryMath::FloorDivide : BinaryMath::Div, self, counts, self);
  }
  self.impl()->storage()->bump_version();
}

void index_add_(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source, const Scalar& alpha) {
  check_vector_index(self, index, "index_add_");
  dim = wrap_dim(dim, std::max<int64_t>(self.dim(), 1), "index_add_");
  check_same_dtype(self, source, "index_add_");
  check_source_shape(self, dim, index, source, "index_add_");
  const bool one = alpha.kind() != Scalar::Kind::Complex && alpha.to_double() == 1.0;
  const Tensor values = one ? source : to_dtype(binary(BinaryMath::Mul, source, alpha), self.dtype());
  DimVector vs(values.strides());
  if (values.dim() == 0) vs = {0};
  scatter_along(self, dim, index, values, vs, cpu::ScatterOp::Add, "index_add_");
}

void index_copy_(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source) {
  check_vector_index(self, index, "index_copy_");
  dim = wrap_dim(dim, std::max<int64_t>(self.dim(), 1), "index_copy_");
  check_same_dtype(self, source, "index_copy_");
  check_source_shape(self, dim, index, source, "index_copy_");
  DimVector vs(source.strides());
  if (source.dim() == 0) vs = {0};
  scatter_along(self, dim, index, source, vs, cpu::ScatterOp::Assign, "index_copy_");
}

void index_fill_(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& value) {
  check_vector_index(self, index, "index_fill_");
  dim = wrap_dim(dim, std::max<int64_t>(self.dim(), 1), "index_fill_");
  EMBER_CHECK(value.dim() == 0, Runtime, "index_fill_ only supports a 0-dimensional value tensor, but got tensor with ",
              value.dim(), " dimension(s).");
  scatter_along(self, dim, index, to_dtype(value, self.dtype()), DimVector(std::max<int64_t>(self.dim(), 1), 0),
                cpu::ScatterOp::Assign, "index_fill_");
}

Tensor take(const Tensor& self, const Tensor& index) {
  op_device({self, index}, "take");
  check_long_index(index, "take");
  const Tensor flat = reshape(self, DimVector{-1});
  Tensor out = empty(index.sizes(), self.dtype(), self.device());
  const std::array<DimVector, 3> strides{contiguous_strides(index.sizes()), DimVector(index.dim(), 0),
                                         DimVector(index.strides())};
  gather_indexed(index.sizes(), out, flat, index, strides, {0, flat.numel(), flat.stride(0)}, "take");
  return out;
}

Tensor take_along_dim(const Tensor& self, const Tensor& indices, std::optional<int64_t> dim) {
  check_long_index(indices, "take_along_dim");
  if (!dim) return take(self, reshape(indices, DimVector{-1}));
  const int64_t d = wrap_dim(*dim, std::max<int64_t>(self.dim(), 1), "take_along_dim");
  EMBER_CHECK(self.dim() == indices.dim(), Runtime,
              "take_along_dim: input and indices should have the same number of dimensions, but got ", self.dim(),
              " dimensions for input, and ", indices.dim(), " dimensions for indices");
  if (self.dim() == 0) return gather(self, 0, indices);
  DimVector a(self.sizes()), b(indices.sizes());
  a[d] = b[d] = 1;
  const DimVector shapes[] = {a, b};
  DimVector shape = broadcast_shapes(shapes, "take_along_dim");
  DimVector self_shape = shape, index_shape = shape;
  self_shape[d] = self.size(d);
  index_shape[d] = indices.size(d);
  return gather(expand(self, self_shape), d, expand(indices, index_shape));
}

void put_(const Tensor& self, const Tensor& index, const Tensor& source, bool accumulate) {
  op_device({self, index, source}, "put_");
  check_long_index(index, "put_");
  EMBER_CHECK(self.dtype() == source.dtype(), Runtime,
              "put_: self and source expected to have the same dtype, but got self.dtype = ", name(self.dtype()),
              " and source.dtype = ", name(source.dtype()));
  EMBER_CHECK(source.numel() == index.numel(), Index,
              "put_: Expected source and index to have the same number of elements, but got source.numel() = ",
              source.numel(), ", index.numel() = ", index.numel());
  // Writes go to a flat view; a non-contiguous self gets a contiguous copy written back.
  const Tensor flat = view(self.is_contiguous() ? self : clone(self), DimVector{-1});
  const Tensor idx = reshape(index, DimVector{-1}), src = reshape(source, DimVector{-1});
  const DimVector shape{idx.numel()};
  const std::array<DimVector, 3> strides{DimVector{0}, DimVector(src.strides()), DimVector(idx.strides())};
  scatter_indexed(shape, flat, src, idx, strides, {0, flat.numel(), 1},
                  accumulate ? cpu::ScatterOp::Add : cpu::ScatterOp::Assign, "put_");
  if (!self.is_contiguous()) copy_(self, view(flat, self.sizes()));
  self.impl()->storage()->bump_version();
}

}  // namespace ember
