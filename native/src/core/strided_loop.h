// Walks N same-shaped strided operands together. Dimensions that are laid out
// back to back in every operand are merged first, so a contiguous tensor of
// any rank becomes one run; the callback then sees 1-D runs:
//   inner(char* ptrs[N], const int64_t byte_strides[N], int64_t n)
// The elementwise iterator (broadcasting, threads) is built on this.
#pragma once

#include <array>

#include "ember/dim_vector.h"

namespace ember {

template <size_t N>
struct StridedOperand {
  char* data;
  IntArrayRef strides;  // in elements
  int64_t itemsize;
};

template <size_t N, class F>
void for_each_run(IntArrayRef sizes, const std::array<StridedOperand<N>, N>& ops, F&& inner) {
  // Byte strides per dim, innermost first, size-1 dims dropped.
  DimVector shape;
  std::array<DimVector, N> strides;
  for (int64_t d = static_cast<int64_t>(sizes.size()) - 1; d >= 0; --d) {
    if (sizes[d] == 0) return;
    if (sizes[d] == 1) continue;
    shape.push_back(sizes[d]);
    for (size_t k = 0; k < N; ++k) strides[k].push_back(ops[k].strides[d] * ops[k].itemsize);
  }
  // Merge dim i+1 into dim i when every operand steps over dim i exactly.
  int64_t rank = 0;
  for (int64_t i = 0; i < shape.size(); ++i) {
    bool mergeable = rank > 0;
    for (size_t k = 0; k < N && mergeable; ++k) mergeable = strides[k][rank - 1] * shape[rank - 1] == strides[k][i];
    if (mergeable) {
      shape[rank - 1] *= shape[i];
    } else {
      shape[rank] = shape[i];
      for (size_t k = 0; k < N; ++k) strides[k][rank] = strides[k][i];
      ++rank;
    }
  }
  std::array<char*, N> ptrs;
  std::array<int64_t, N> inner_strides{};
  for (size_t k = 0; k < N; ++k) {
    ptrs[k] = ops[k].data;
    if (rank > 0) inner_strides[k] = strides[k][0];
  }
  if (rank <= 1) {
    inner(ptrs.data(), inner_strides.data(), rank == 0 ? 1 : shape[0]);
    return;
  }
  // Odometer over the outer dims.
  DimVector counter(rank, 0);
  while (true) {
    inner(ptrs.data(), inner_strides.data(), shape[0]);
    int64_t d = 1;
    for (; d < rank; ++d) {
      for (size_t k = 0; k < N; ++k) ptrs[k] += strides[k][d];
      if (++counter[d] < shape[d]) break;
      for (size_t k = 0; k < N; ++k) ptrs[k] -= strides[k][d] * shape[d];
      counter[d] = 0;
    }
    if (d == rank) return;
  }
}

}  // namespace ember
