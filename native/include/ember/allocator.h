// Memory for storages. A DataPtr carries its own release function, so memory
// from anywhere (our allocators, a NumPy array, a DLPack capsule) can back a
// tensor without the storage knowing where it came from.
#pragma once

#include <cstddef>

#include "ember/device.h"

namespace ember {

struct DataPtr {
  void* data = nullptr;
  void* ctx = nullptr;  // handed to `release`; often the same as data
  void (*release)(void* ctx) = nullptr;
  Device device;
};

class Allocator {
 public:
  virtual ~Allocator() = default;
  virtual DataPtr allocate(size_t nbytes) = 0;
};

// 64-byte aligned host memory (a cache line, and an AVX-512 vector). Blocks
// of 4 MB and more are huge-page backed, and kept for reuse when freed (up to
// 1 GB in all), so large out-of-place ops don't pay page faults every time.
Allocator* cpu_allocator();
// Bytes of freed large blocks the CPU allocator holds, and giving them back.
size_t cpu_cached_bytes();
void cpu_empty_cache();

}  // namespace ember
