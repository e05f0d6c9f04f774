// CPU kernels for indexing. Operands arrive shaped alike (strides aligned
// with one shape, 0 where broadcast); each index is checked against its dim's
// size in the same pass that uses it, so a bad index raises before any access.
#pragma once

#include <cstdint>
#include <span>

#include "ember/tensor.h"

namespace ember::cpu {

// Where one index tensor points: dim `dim` of size `size`, `stride` elements
// apart; size < 0 means the index holds precomputed element offsets (no check).
struct IndexedDim {
  int64_t dim;
  int64_t size;
  int64_t stride;
};

// out[i] = src[i + index[i] * stride] over `shape`; `strides` gives each of
// out, src and index (int32 or int64) at `shape`, in elements.
void index_gather(IntArrayRef shape, const Tensor& out, const Tensor& src, const Tensor& index,
                  std::span<const DimVector> strides, IndexedDim where, const char* op);

enum class ScatterOp { Assign, Add, Mul, Max, Min };
// dst[i + index[i] * stride] (op)= src[i]; accumulating ops run serially, as
// duplicate indices write one element.
void index_scatter(IntArrayRef shape, const Tensor& dst, const Tensor& src, const Tensor& index,
                   std::span<const DimVector> strides, IndexedDim where, ScatterOp op, const char* op_name);

// offsets[b] = sum_k wrap(indices[k][b]) * dims[k].stride, every index checked;
// the indices are viewed at offsets' (contiguous) shape with `strides`.
void combine_indices(const Tensor& offsets, std::span<const Tensor> indices, std::span<const DimVector> strides,
                     std::span<const IndexedDim> dims, const char* op);

// Non-zero elements of self: their count, and their coordinates into out (n, ndim) int64.
int64_t count_nonzero(const Tensor& self);
void nonzero(const Tensor& out, const Tensor& self);

}  // namespace ember::cpu
