// The stream device work is queued on: the calling thread's current stream
// for the current device (ember.cuda.stream(...) changes it).
#pragma once

#include <cuda_runtime.h>

namespace ember::cuda {

cudaStream_t current_cuda_stream();
int current_device_index();

}  // namespace ember::cuda
