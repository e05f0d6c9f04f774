// The CUDA backend's kernel tables and entry points, filled by the .cu files
// of this folder (one per op family, so they compile in parallel).
#pragma once

#include "../core/cuda_backend.h"
#include "../cpu/conv_kernels.h"
#include "../cpu/elementwise_kernels.h"
#include "../cpu/pool_kernels.h"
#include "../cpu/upsample_kernels.h"
#include "ember/ops.h"

namespace ember::cuda {

struct ElementwiseTable {
  DeviceLoop add[kNumDTypes] = {};
  DeviceLoop binary[static_cast<int>(BinaryMath::Count)][kNumDTypes] = {};
  DeviceLoop compare[static_cast<int>(Comparison::Count)][kNumDTypes] = {};
  DeviceLoop unary[static_cast<int>(UnaryMath::Count)][kNumDTypes] = {};
  DeviceLoop predicate[static_cast<int>(Predicate::Count)][kNumDTypes] = {};
  DeviceLoop ternary[static_cast<int>(cpu::TernaryOp::Count)][kNumDTypes] = {};
};

void fill_binary_table(ElementwiseTable& table);   // add and binary: elementwise_binary.cu
void fill_unary_table(ElementwiseTable& table);    // elementwise_unary.cu
void fill_compare_table(ElementwiseTable& table);  // compare, predicate, ternary: elementwise_compare.cu
void fill_complex_table(ElementwiseTable& table);  // complex64/128, every family: elementwise_complex.cu

void cast(const LaunchLayout& layout, DType to, DType from);                              // copy.cu
void fill(const LaunchLayout& layout, DType dtype, const unsigned char value[16]);        // copy.cu
bool reduce(int op, DType dtype, const ReduceLayout& layout);                             // reduce.cu
bool softmax(void* out, const void* in, int64_t rows, int64_t n, DType dtype, bool log);  // softmax.cu
bool random(void* out, int64_t n, DType dtype, const RandomParams& p);                    // random.cu
bool sort(void* values, int64_t* indices, const void* in, int64_t rows, int64_t n, DType dtype,
          bool descending);                                                                            // sort.cu
bool scan(int op, DType dtype, void* out, int64_t* indices, const void* in, int64_t rows, int64_t n);  // scan.cu
bool search_sorted(DType t, const void* boundaries, int64_t n, int64_t row_stride, const void* values, int64_t m,
                   int64_t rows, void* out, bool out_int32, bool right);  // search.cu
// indexing.cu: Backend's index_gather, index_scatter and combine_indices.
void index_gather(const LaunchLayout& layout, int64_t item, DType index_dtype, int64_t size, int64_t step);
bool index_scatter(const LaunchLayout& layout, DType dtype, DType index_dtype, int64_t size, int64_t step, int op);
void combine_indices(const LaunchLayout& layout, DType index_dtype, int64_t size, int64_t stride_elems);
// conv.cu: cpu/conv_kernels.h's contracts (float32 and float64, contiguous operands).
void conv_forward(const Tensor& out, const Tensor& x, const Tensor& w, const Tensor& bias, const cpu::ConvShape& s);
void conv_backward_data(const Tensor& grad_x, const Tensor& grad_out, const Tensor& w, const cpu::ConvShape& s);
void conv_backward_weight(const Tensor& grad_w, const Tensor& grad_out, const Tensor& x, const cpu::ConvShape& s);
// pool.cu and upsample.cu: cpu/pool_kernels.h's and cpu/upsample_kernels.h's contracts.
void max_pool_forward(const Tensor& out, const Tensor& indices, const Tensor& x, const cpu::PoolWindows& w);
void max_pool_backward(const Tensor& grad_x, const Tensor& grad_out, const Tensor& indices);
void avg_pool_forward(const Tensor& out, const Tensor& x, const cpu::PoolWindows& w);
void avg_pool_backward(const Tensor& grad_x, const Tensor& grad_out, const cpu::PoolWindows& w);
void upsample_forward(const Tensor& out, const Tensor& x, const cpu::UpsampleTaps& t);
void upsample_backward(const Tensor& grad_x, const Tensor& grad_out, const cpu::UpsampleTaps& t);

}  // namespace ember::cuda
