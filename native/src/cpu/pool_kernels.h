// Pooling kernels over planes of up to three spatial dims. Each output
// position reads a window given per dim as taps lo, lo + step, ... < hi
// (already clipped to the input), so regular, dilated and adaptive pools
// share one loop. Tensors arrive contiguous, float32 or float64, validated.
#pragma once

#include <cstdint>
#include <vector>

#include "ember/tensor.h"

namespace ember::cpu {

struct PoolWindows {
  int64_t planes = 0;
  int64_t in[3] = {1, 1, 1}, out[3] = {1, 1, 1};
  std::vector<int64_t> lo[3], hi[3];  // per dim, per output index
  int64_t step[3] = {1, 1, 1};
  // avg pools: the divisor of each output (size out[0]*out[1]*out[2]).
  std::vector<double> divisor;
};

// out and indices (int64, flat over each plane) of the window maxima; NaN wins.
// Floats and integers (max pools keep integer inputs' dtype).
void max_pool_forward(const Tensor& out, const Tensor& indices, const Tensor& x, const PoolWindows& w);
// grad_x (zeroed here) += grad_out at each index.
void max_pool_backward(const Tensor& grad_x, const Tensor& grad_out, const Tensor& indices);
// Window sums over w.divisor.
void avg_pool_forward(const Tensor& out, const Tensor& x, const PoolWindows& w);
void avg_pool_backward(const Tensor& grad_x, const Tensor& grad_out, const PoolWindows& w);

}  // namespace ember::cpu
