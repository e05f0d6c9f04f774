// Sizes and strides: a small vector of int64 that keeps up to six entries
// inline, so making a tensor of ordinary rank allocates nothing for them.
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>

namespace ember {

using IntArrayRef = std::span<const int64_t>;

class DimVector {
 public:
  static constexpr int64_t kInline = 6;

  DimVector() = default;
  explicit DimVector(int64_t n, int64_t value = 0) { resize(n, value); }
  DimVector(IntArrayRef values) { assign(values); }  // NOLINT: implicit by design
  DimVector(std::initializer_list<int64_t> values) { assign({values.begin(), values.size()}); }
  DimVector(const DimVector& o) { assign(o); }
  DimVector& operator=(const DimVector& o) {
    if (this != &o) assign(o);
    return *this;
  }
  DimVector& operator=(IntArrayRef values) {
    assign(values);
    return *this;
  }

  int64_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  int64_t* data() { return data_(); }
  const int64_t* data() const { return data_(); }
  int64_t& operator[](int64_t i) { return data_()[i]; }
  int64_t operator[](int64_t i) const { return data_()[i]; }
  int64_t* begin() { return data_(); }
  int64_t* end() { return data_() + size_; }
  const int64_t* begin() const { return data_(); }
  const int64_t* end() const { return data_() + size_; }
  int64_t back() const { return data_()[size_ - 1]; }
  operator IntArrayRef() const { return {data_(), static_cast<size_t>(size_)}; }  // NOLINT

  void resize(int64_t n, int64_t value = 0) {
    reserve(n);
    std::fill(data_() + std::min(n, size_), data_() + n, value);
    size_ = n;
  }
  void push_back(int64_t v) {
    reserve(size_ + 1);
    data_()[size_++] = v;
  }
  void insert(int64_t pos, int64_t v) {
    reserve(size_ + 1);
    std::copy_backward(data_() + pos, data_() + size_, data_() + size_ + 1);
    data_()[pos] = v;
    ++size_;
  }
  void erase(int64_t pos) {
    std::copy(data_() + pos + 1, data_() + size_, data_() + pos);
    --size_;
  }

 private:
  void assign(IntArrayRef values) {
    reserve(static_cast<int64_t>(values.size()));
    std::copy(values.begin(), values.end(), data_());
    size_ = static_cast<int64_t>(values.size());
  }
  void reserve(int64_t n) {
    if (n <= capacity()) return;
    auto grown = std::make_unique<int64_t[]>(n * 2);
    std::copy(data_(), data_() + size_, grown.get());
    heap_ = std::move(grown);
    heap_capacity_ = n * 2;
  }
  int64_t capacity() const { return heap_ ? heap_capacity_ : kInline; }
  int64_t* data_() { return heap_ ? heap_.get() : inline_; }
  const int64_t* data_() const { return heap_ ? heap_.get() : inline_; }

  int64_t inline_[kInline];  // left unset: only the first size_ are ever read (zeroing cost every op ~50 ns)
  std::unique_ptr<int64_t[]> heap_;
  int64_t heap_capacity_ = 0;
  int64_t size_ = 0;
};

inline bool same_dims(IntArrayRef a, IntArrayRef b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

}  // namespace ember
