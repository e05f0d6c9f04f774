#include "caching_allocator.h"

#include <algorithm>
#include <cstdio>

#include "cuda_check.h"
#include "ember/error.h"

namespace ember::cuda {
namespace {

constexpr size_t kRound = 512;               // every block is a multiple of this
constexpr size_t kSmallRequest = 1 << 20;    // up to here, the small pool
constexpr size_t kSmallSegment = 2 << 20;    // what the small pool asks cudaMalloc for
constexpr size_t kMediumRequest = 10 << 20;  // below here, large requests share 20 MB segments
constexpr size_t kMediumSegment = 20 << 20;
constexpr size_t kLargeRound = 2 << 20;

size_t round_size(size_t n) { return std::max<size_t>(kRound, (n + kRound - 1) / kRound * kRound); }

size_t segment_size(size_t n) {
  if (n <= kSmallRequest) return kSmallSegment;
  if (n < kMediumRequest) return kMediumSegment;
  return (n + kLargeRound - 1) / kLargeRound * kLargeRound;
}

std::string mib(int64_t bytes) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f MiB", static_cast<double>(bytes) / (1 << 20));
  return buf;
}

}  // namespace

bool CachingAllocator::Order::operator()(const Block* a, const Block* b) const {
  if (a->stream != b->stream) return reinterpret_cast<uintptr_t>(a->stream) < reinterpret_cast<uintptr_t>(b->stream);
  if (a->size != b->size) return a->size < b->size;
  return reinterpret_cast<uintptr_t>(a->ptr) < reinterpret_cast<uintptr_t>(b->ptr);
}

CachingAllocator& CachingAllocator::instance() {
  static auto* allocator = new CachingAllocator;  // never destroyed: tensors may outlive static destruction
  return *allocator;
}

CachingAllocator::DeviceState& CachingAllocator::state(int device) {
  if (devices_.size() <= static_cast<size_t>(device)) devices_.resize(device + 1);
  return devices_[device];
}

DataPtr CachingAllocator::allocate(size_t nbytes, int device, cudaStream_t stream) {
  std::lock_guard<std::mutex> lock(mutex_);
  process_pending();
  DeviceState& st = state(device);
  const size_t size = round_size(nbytes);
  const bool small = size <= kSmallRequest;
  Pool& pool = small ? st.small : st.large;
  Block key(device, stream, size, nullptr);
  auto it = pool.lower_bound(&key);
  Block* block = nullptr;
  if (it != pool.end() && (*it)->stream == stream) {
    block = *it;
    pool.erase(it);
  } else {
    const size_t seg = segment_size(size);
    void* ptr = nullptr;
    int previous = 0;
    check(cudaGetDevice(&previous), "cudaGetDevice");
    check(cudaSetDevice(device), "cudaSetDevice");  // the block's device, then back
    cudaError_t err = cudaMalloc(&ptr, seg);
    if (err != cudaSuccess) {
      cudaGetLastError();
      ++st.stats.ooms;
      if (release_cached(device)) err = cudaMalloc(&ptr, seg);
    }
    cudaSetDevice(previous);
    if (err != cudaSuccess) {
      cudaGetLastError();
      size_t free_bytes = 0, total = 0;
      cudaMemGetInfo(&free_bytes, &total);
      EMBER_FAIL(OutOfMemory, "CUDA out of memory. Tried to allocate ", mib(int64_t(nbytes)), " (GPU ", device, "; ",
                 mib(int64_t(total)), " total capacity; ", mib(int64_t(free_bytes)), " free; ", mib(st.stats.allocated),
                 " allocated by ember; ", mib(st.stats.reserved),
                 " reserved by ember's caching allocator; empty_cache() was tried)");
    }
    st.stats.reserved += int64_t(seg);
    st.stats.peak_reserved = std::max(st.stats.peak_reserved, st.stats.reserved);
    ++st.stats.segments;
    block = new Block(device, stream, seg, static_cast<char*>(ptr));
    block->small_pool = small;
  }
  // Split off the tail when it is worth keeping.
  const size_t rest = block->size - size;
  if ((small && rest >= kRound) || (!small && rest > kSmallRequest)) {
    auto* tail = new Block(device, stream, rest, block->ptr + size);
    tail->small_pool = block->small_pool;
    tail->prev = block;
    tail->next = block->next;
    if (block->next) block->next->prev = tail;
    block->next = tail;
    block->size = size;
    pool.insert(tail);
  }
  block->allocated = true;
  st.stats.allocated += int64_t(block->size);
  st.stats.peak_allocated = std::max(st.stats.peak_allocated, st.stats.allocated);
  ++st.stats.allocations;
  DataPtr out;
  out.data = block->ptr;
  out.ctx = block;
  out.release = &CachingAllocator::release;
  out.device = Device{DeviceType::CUDA, static_cast<int16_t>(device)};
  return out;
}

void CachingAllocator::release(void* ctx) {
  CachingAllocator& self = instance();
  std::lock_guard<std::mutex> lock(self.mutex_);
  auto* block = static_cast<Block*>(ctx);
  if (block->other_streams.empty()) {
    self.free_block(block);
    return;
  }
  // Used on other streams too: free once their queued work is done.
  PendingFree pending{block, {}};
  for (cudaStream_t s : block->other_streams) {
    cudaEvent_t event;
    if (cudaEventCreateWithFlags(&event, cudaEventDisableTiming) != cudaSuccess ||
        cudaEventRecord(event, s) != cudaSuccess) {
      cudaGetLastError();
      cudaStreamSynchronize(s);
      continue;
    }
    pending.events.push_back(event);
  }
  block->other_streams.clear();
  self.pending_.push_back(std::move(pending));
}

void CachingAllocator::process_pending() {
  for (size_t i = 0; i < pending_.size();) {
    auto& p = pending_[i];
    const bool done = std::all_of(p.events.begin(), p.events.end(),
                                  [](cudaEvent_t e) { return cudaEventQuery(e) != cudaErrorNotReady; });
    cudaGetLastError();
    if (!done) {
      ++i;
      continue;
    }
    for (cudaEvent_t e : p.events) cudaEventDestroy(e);
    free_block(p.block);
    pending_[i] = std::move(pending_.back());
    pending_.pop_back();
  }
}

void CachingAllocator::free_block(Block* block) {
  DeviceState& st = state(block->device);
  st.stats.allocated -= int64_t(block->size);
  ++st.stats.frees;
  block->allocated = false;
  insert_free(block);
}

void CachingAllocator::insert_free(Block* block) {
  Pool& pool = block->small_pool ? state(block->device).small : state(block->device).large;
  for (Block* n : {block->prev, block->next}) {
    if (!n || n->allocated || !pool.count(n)) continue;  // a neighbour awaiting other streams is not in the pool
    pool.erase(n);
    if (n == block->prev) {
      n->size += block->size;
      n->next = block->next;
      if (block->next) block->next->prev = n;
      delete block;
      block = n;
    } else {
      block->size += n->size;
      block->next = n->next;
      if (n->next) n->next->prev = block;
      delete n;
    }
  }
  pool.insert(block);
}

bool CachingAllocator::release_cached(int device) {
  DeviceState& st = state(device);
  bool any = false;
  for (Pool* pool : {&st.small, &st.large}) {
    for (auto it = pool->begin(); it != pool->end();) {
      Block* b = *it;
      if (b->prev || b->next) {
        ++it;
        continue;
      }
      cudaFree(b->ptr);
      st.stats.reserved -= int64_t(b->size);
      --st.stats.segments;
      delete b;
      it = pool->erase(it);
      any = true;
    }
  }
  ++st.stats.cache_flushes;
  return any;
}

void CachingAllocator::record_stream(void* ctx, cudaStream_t stream) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto* block = static_cast<Block*>(ctx);
  if (stream == block->stream) return;
  if (std::find(block->other_streams.begin(), block->other_streams.end(), stream) == block->other_streams.end())
    block->other_streams.push_back(stream);
}

MemoryStats CachingAllocator::stats(int device) {
  std::lock_guard<std::mutex> lock(mutex_);
  return state(device).stats;
}

void CachingAllocator::reset_peak(int device) {
  std::lock_guard<std::mutex> lock(mutex_);
  MemoryStats& s = state(device).stats;
  s.peak_allocated = s.allocated;
  s.peak_reserved = s.reserved;
}

void CachingAllocator::empty_cache() {
  std::lock_guard<std::mutex> lock(mutex_);
  process_pending();
  cudaDeviceSynchronize();  // cached blocks may still be read by queued kernels
  for (size_t d = 0; d < devices_.size(); ++d) release_cached(static_cast<int>(d));
}

}  // namespace ember::cuda
