#include <sys/mman.h>

#include <cstdlib>

#include "ember/allocator.h"
#include "ember/error.h"

namespace ember {
namespace {

constexpr size_t kAlign = 64;               // a cache line, and an AVX-512 vector
constexpr size_t kHugePage = 2 << 20;       // x86-64 transparent huge page
constexpr size_t kHugeThreshold = 4 << 20;  // from here, back blocks with huge pages

class CpuAllocator final : public Allocator {
 public:
  DataPtr allocate(size_t nbytes) override {
    // Large blocks are huge-page aligned and advised as such: a fresh 64 MB
    // buffer then takes 32 page faults instead of 16384, which is most of
    // the cost of an out-of-place op on large tensors.
    const size_t align = nbytes >= kHugeThreshold ? kHugePage : kAlign;
    // aligned_alloc wants a multiple of the alignment; never ask for 0 bytes.
    const size_t padded = nbytes == 0 ? align : (nbytes + align - 1) / align * align;
    void* p = std::aligned_alloc(align, padded);
    EMBER_CHECK(p != nullptr, OutOfMemory, "CPU allocator: out of memory allocating ", nbytes, " bytes");
    if (align == kHugePage) madvise(p, padded, MADV_HUGEPAGE);
    return {p, p, &std::free, Device{}};
  }
};

}  // namespace

Allocator* cpu_allocator() {
  static CpuAllocator instance;
  return &instance;
}

}  // namespace ember
