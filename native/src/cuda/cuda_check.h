// Turning CUDA runtime errors into ember errors that name what failed.
#pragma once

#include <cuda_runtime.h>

#include "ember/error.h"

namespace ember::cuda {

inline void check(cudaError_t err, const char* what) {
  if (err == cudaSuccess) [[likely]]
    return;
  cudaGetLastError();  // clear a non-sticky error so the next call doesn't see it
  EMBER_FAIL(Runtime, "CUDA error in ", what, ": ", cudaGetErrorName(err), " (", cudaGetErrorString(err), ")");
}

inline void check_launch(const char* what) { check(cudaGetLastError(), what); }

}  // namespace ember::cuda
