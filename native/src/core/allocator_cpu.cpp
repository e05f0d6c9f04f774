#include <pthread.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <map>
#include <mutex>
#include <new>
#include <unordered_map>

#include "ember/allocator.h"
#include "ember/error.h"

namespace ember {
namespace {

constexpr size_t kAlign = 64;               // a cache line, and an AVX-512 vector
constexpr size_t kMallocAlign = 16;         // what glibc's malloc guarantees on x86-64
constexpr size_t kHugePage = 2 << 20;       // x86-64 transparent huge page
constexpr size_t kHugeThreshold = 4 << 20;  // from here, back blocks with huge pages and cache them
constexpr size_t kCacheLimit = 1 << 30;     // bytes of freed large blocks kept for reuse

// Freed large blocks, kept for the next allocation of the same size. A fresh
// block costs page faults and the kernel zeroing every page: that made an
// out-of-place op on 1.6e7 floats 1.5x slower than its out= form. Large
// allocations are rare (one per big tensor), so one mutex is enough.
class LargeBlockCache {
 public:
  LargeBlockCache() {
    pthread_atfork(nullptr, nullptr, [] { new (&instance().mutex_) std::mutex; });
  }

  static LargeBlockCache& instance() {
    static LargeBlockCache* cache = new LargeBlockCache;  // never destroyed: blocks may die at exit
    return *cache;
  }

  // A block of exactly `padded` bytes, cached or new (nullptr when out of memory).
  void* take(size_t padded) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (auto it = free_.find(padded); it != free_.end()) {
        void* p = it->second;
        free_.erase(it);
        cached_ -= padded;
        live_.emplace(p, padded);
        return p;
      }
    }
    void* p = std::aligned_alloc(kHugePage, padded);
    if (p == nullptr) {
      release_all();  // cached blocks of other sizes may be what's missing
      p = std::aligned_alloc(kHugePage, padded);
      if (p == nullptr) return nullptr;
    }
    madvise(p, padded, MADV_HUGEPAGE);  // 32 page faults for 64 MB instead of 16384
    std::lock_guard<std::mutex> lock(mutex_);
    live_.emplace(p, padded);
    return p;
  }

  // Keeps a freed block for reuse, evicting the largest ones beyond the limit.
  void give(void* p) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = live_.find(p);
    const size_t padded = it->second;
    live_.erase(it);
    free_.emplace(padded, p);
    cached_ += padded;
    while (cached_ > kCacheLimit) {
      auto largest = std::prev(free_.end());
      cached_ -= largest->first;
      std::free(largest->second);
      free_.erase(largest);
    }
  }

  void release_all() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& [size, p] : free_) std::free(p);
    free_.clear();
    cached_ = 0;
  }

  size_t cached_bytes() {
    std::lock_guard<std::mutex> lock(mutex_);
    return cached_;
  }

 private:
  std::mutex mutex_;
  std::multimap<size_t, void*> free_;       // size -> block
  std::unordered_map<void*, size_t> live_;  // block -> size, for give()
  size_t cached_ = 0;
};

void release_large(void* p) { LargeBlockCache::instance().give(p); }

class CpuAllocator final : public Allocator {
 public:
  DataPtr allocate(size_t nbytes) override {
    if (nbytes >= kHugeThreshold) {
      const size_t padded = (nbytes + kHugePage - 1) / kHugePage * kHugePage;
      void* p = LargeBlockCache::instance().take(padded);
      EMBER_CHECK(p != nullptr, OutOfMemory, "CPU allocator: out of memory allocating ", nbytes, " bytes");
      return {p, p, &release_large, Device{}};
    }
    // malloc and align by hand: glibc's aligned_alloc takes a slow path that
    // fragments its bins, and was a third of a small op's time.
    void* raw = std::malloc(nbytes + kAlign - kMallocAlign);
    EMBER_CHECK(raw != nullptr, OutOfMemory, "CPU allocator: out of memory allocating ", nbytes, " bytes");
    const auto address = reinterpret_cast<uintptr_t>(raw);
    void* data = reinterpret_cast<void*>((address + kAlign - 1) & ~uintptr_t{kAlign - 1});
    return {data, raw, &std::free, Device{}};
  }
};

}  // namespace

Allocator* cpu_allocator() {
  static CpuAllocator instance;
  return &instance;
}

size_t cpu_cached_bytes() { return LargeBlockCache::instance().cached_bytes(); }
void cpu_empty_cache() { LargeBlockCache::instance().release_all(); }

}  // namespace ember
