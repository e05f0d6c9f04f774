#include <cstdlib>

#include "ember/allocator.h"
#include "ember/error.h"

namespace ember {
namespace {

class CpuAllocator final : public Allocator {
 public:
  DataPtr allocate(size_t nbytes) override {
    constexpr size_t kAlign = 64;
    // aligned_alloc wants a multiple of the alignment; never ask for 0 bytes.
    size_t padded = (nbytes + kAlign - 1) / kAlign * kAlign;
    void* p = std::aligned_alloc(kAlign, padded == 0 ? kAlign : padded);
    EMBER_CHECK(p != nullptr, OutOfMemory, "CPU allocator: out of memory allocating ", nbytes, " bytes");
    return {p, p, &std::free, Device{}};
  }
};

}  // namespace

Allocator* cpu_allocator() {
  static CpuAllocator instance;
  return &instance;
}

}  // namespace ember
