// Device memory for tensors: freed blocks are cached and reused instead of
// going back to cudaFree (which synchronises the device). Blocks belong to
// the stream they were allocated on and are reused only by it, so a block
// freed while queued kernels still use it is safe to hand out again; a block
// also used on other streams (record_stream) waits for their work first.
// Best fit with splitting, in two pools: small requests (<= 1 MB) carve
// 2 MB segments, large ones their own. When cudaMalloc fails the cache is
// released and the allocation retried before OutOfMemory is raised.
#pragma once

#include <cuda_runtime.h>

#include <mutex>
#include <set>
#include <vector>

#include "../core/cuda_backend.h"

namespace ember::cuda {

class CachingAllocator {
 public:
  DataPtr allocate(size_t nbytes, int device, cudaStream_t stream);
  void record_stream(void* ctx, cudaStream_t stream);
  MemoryStats stats(int device);
  void reset_peak(int device);
  void empty_cache();

  static CachingAllocator& instance();

 private:
  struct Block {
    Block(int device_, cudaStream_t stream_, size_t size_, char* ptr_)
        : device(device_), stream(stream_), size(size_), ptr(ptr_) {}
    int device;
    cudaStream_t stream;
    size_t size;
    char* ptr;
    bool allocated = false;
    bool small_pool = false;
    Block* prev = nullptr;  // neighbours within the segment cudaMalloc returned
    Block* next = nullptr;
    std::vector<cudaStream_t> other_streams;
  };
  struct Order {
    bool operator()(const Block* a, const Block* b) const;
  };
  using Pool = std::set<Block*, Order>;
  struct PendingFree {
    Block* block;
    std::vector<cudaEvent_t> events;
  };
  struct DeviceState {
    Pool small, large;
    MemoryStats stats;
  };

  static void release(void* ctx);
  void free_block(Block* block);    // lock held
  void insert_free(Block* block);   // merges with free neighbours; lock held
  void process_pending();           // lock held
  bool release_cached(int device);  // frees unsplit cached segments; lock held
  DeviceState& state(int device);

  std::mutex mutex_;
  std::vector<DeviceState> devices_;
  std::vector<PendingFree> pending_;
};

}  // namespace ember::cuda
