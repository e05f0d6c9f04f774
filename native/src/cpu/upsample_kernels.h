// Upsampling kernels: each output position is a weighted sum of input taps,
// separable over up to three spatial dims (nearest: 1 tap per dim, linear: 2,
// cubic: 4). Tensors arrive contiguous, float32 or float64, validated.
#pragma once

#include <cstdint>
#include <vector>

#include "ember/tensor.h"

namespace ember::cpu {

struct UpsampleTaps {
  int64_t planes = 0;
  int64_t in[3] = {1, 1, 1}, out[3] = {1, 1, 1};
  int64_t taps[3] = {1, 1, 1};
  std::vector<int64_t> index[3];  // per dim: out * taps input indices
  std::vector<double> weight[3];  // and their weights
};

void upsample_forward(const Tensor& out, const Tensor& x, const UpsampleTaps& t);
// grad_x (zeroed here) += each output's gradient times its taps' weights.
void upsample_backward(const Tensor& grad_x, const Tensor& grad_out, const UpsampleTaps& t);

}  // namespace ember::cpu
