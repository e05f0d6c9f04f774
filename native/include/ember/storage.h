// A block of memory shared by a tensor and all of its views.
#pragma once

#include <atomic>
#include <cstdint>

#include "ember/allocator.h"
#include "ember/intrusive_ptr.h"

namespace ember {

class StorageImpl : public RefCounted {
 public:
  StorageImpl(DataPtr data, size_t nbytes) : data_(data), nbytes_(nbytes) {}
  ~StorageImpl() override {
    if (data_.release) data_.release(data_.ctx);
  }

  void* data() const { return data_.data; }
  size_t nbytes() const { return nbytes_; }
  Device device() const { return data_.device; }
  const DataPtr& data_ptr() const { return data_; }

  // Bumped by every in-place write; autograd compares it to detect a saved
  // tensor that was modified after it was saved.
  uint32_t version() const { return version_.load(std::memory_order_relaxed); }
  void bump_version() { version_.fetch_add(1, std::memory_order_relaxed); }

 private:
  DataPtr data_;
  size_t nbytes_;
  std::atomic<uint32_t> version_{0};
};

using Storage = intrusive_ptr<StorageImpl>;

// A fresh, uninitialised storage of nbytes from the device's allocator.
Storage new_storage(size_t nbytes, Device device = {});

}  // namespace ember
