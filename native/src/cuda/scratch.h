// Temporary device memory for a kernel's intermediates, from the caching
// allocator on the current device. Freed blocks are reused only by later
// work on the same stream, so releasing right after queueing is safe.
#pragma once

#include "ember/allocator.h"

namespace ember::cuda {

class Scratch {
 public:
  explicit Scratch(size_t nbytes);
  ~Scratch();
  Scratch(Scratch&& other) noexcept : ptr_(other.ptr_) { other.ptr_ = {}; }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  void* data() const { return ptr_.data; }

 private:
  DataPtr ptr_;
};

// A device copy of nbytes of host memory (a kernel's lookup tables), queued on
// the current stream; the host buffer may go on return (pageable memory is
// staged before cudaMemcpyAsync returns).
Scratch upload(const void* host, size_t nbytes);

}  // namespace ember::cuda
