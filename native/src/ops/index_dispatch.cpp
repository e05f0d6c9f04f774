#include "index_dispatch.h"

#include "../core/cuda_backend.h"
#include "../core/elementwise_loop.h"
#include "ember/ops.h"

namespace ember {
namespace {

// Raises as the CPU kernels do when an index of a device tensor is outside
// [-size, size) (costs one small copy back to the host).
void check_range(const Tensor& index, cpu::IndexedDim where, const char* op) {
  if (where.size < 0 || index.numel() == 0) return;
  const Tensor lo = to_device(to_dtype(amin(index), DType::Int64), Device{});
  const Tensor hi = to_device(to_dtype(amax(index), DType::Int64), Device{});
  const int64_t l = *lo.data<int64_t>(), h = *hi.data<int64_t>();
  const int64_t bad = l < -where.size ? l : h;
  EMBER_CHECK(l >= -where.size && h < where.size, Index, op, ": index ", bad, " is out of bounds for dimension ",
              where.dim, " with size ", where.size);
}

}  // namespace

void gather_indexed(IntArrayRef shape, const Tensor& out, const Tensor& src, const Tensor& index,
                    std::span<const DimVector> strides, cpu::IndexedDim where, const char* op) {
  if (out.device().is_cpu()) return cpu::index_gather(shape, out, src, index, strides, where, op);
  check_range(index, where, op);
  const std::array<Tensor, 3> operands{out, src, index};
  ElementwiseLoop loop(shape, operands, strides);
  const int64_t item = itemsize(src.dtype());
  cuda::backend().index_gather(cuda::launch_layout(loop, operands, op), item, index.dtype(), where.size,
                               where.stride * item);
}

void scatter_indexed(IntArrayRef shape, const Tensor& dst, const Tensor& src, const Tensor& index,
                     std::span<const DimVector> strides, cpu::IndexedDim where, cpu::ScatterOp op,
                     const char* op_name) {
  if (dst.device().is_cpu()) return cpu::index_scatter(shape, dst, src, index, strides, where, op, op_name);
  check_range(index, where, op_name);
  const std::array<Tensor, 3> operands{dst, src, index};
  ElementwiseLoop loop(shape, operands, strides);
  const bool ran =
      cuda::backend().index_scatter(cuda::launch_layout(loop, operands, op_name), dst.dtype(), index.dtype(),
                                    where.size, where.stride * itemsize(dst.dtype()), static_cast<int>(op));
  EMBER_CHECK(ran, NotImplemented, op_name, ": no CUDA kernel for dtype ", name(dst.dtype()), " in this build");
}

void combine_index_offsets(const Tensor& offsets, std::span<const Tensor> indices, std::span<const DimVector> strides,
                           std::span<const cpu::IndexedDim> dims, const char* op) {
  if (offsets.device().is_cpu()) return cpu::combine_indices(offsets, indices, strides, dims, op);
  fill_(offsets, Scalar(int64_t{0}));
  const DimVector out_strides = contiguous_strides(offsets.sizes());
  for (size_t k = 0; k < indices.size(); ++k) {
    check_range(indices[k], dims[k], op);
    const std::array<Tensor, 2> operands{offsets, indices[k]};
    const std::array<DimVector, 2> st{out_strides, strides[k]};
    ElementwiseLoop loop(offsets.sizes(), operands, st);
    cuda::backend().combine_indices(cuda::launch_layout(loop, operands, op), indices[k].dtype(), dims[k].size,
                                    dims[k].stride);
  }
}

}  // namespace ember
