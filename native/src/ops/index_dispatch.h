// The indexing kernels (cpu/indexing.h's contracts) on the operands' device:
// the CPU's, or the CUDA backend's after a range check of the indices (a
// device kernel can't raise, so bad indices are found before it runs).
#pragma once

#include "../cpu/indexing.h"

namespace ember {

void gather_indexed(IntArrayRef shape, const Tensor& out, const Tensor& src, const Tensor& index,
                    std::span<const DimVector> strides, cpu::IndexedDim where, const char* op);
void scatter_indexed(IntArrayRef shape, const Tensor& dst, const Tensor& src, const Tensor& index,
                     std::span<const DimVector> strides, cpu::IndexedDim where, cpu::ScatterOp op, const char* op_name);
void combine_index_offsets(const Tensor& offsets, std::span<const Tensor> indices, std::span<const DimVector> strides,
                           std::span<const cpu::IndexedDim> dims, const char* op);

}  // namespace ember
