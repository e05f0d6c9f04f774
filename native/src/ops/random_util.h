// Shared pieces of the random ops: per-element Philox draws in the layout of
// ember/generator.h, and filling a tensor through a contiguous buffer.
#pragma once

#include <algorithm>
#include <cstdint>

#include "ember/generator.h"
#include "ember/ops.h"

namespace ember::random_detail {

constexpr int64_t kGrain = int64_t{1} << 15;  // elements per thread, at least

inline uint64_t blocks32(int64_t n) { return static_cast<uint64_t>((n + 3) / 4); }
inline uint64_t blocks64(int64_t n) { return static_cast<uint64_t>((n + 1) / 2); }

// f(i, w) for elements i in [lo, hi), w the element's 32-bit word.
template <class F>
void draws32(int64_t lo, int64_t hi, uint64_t seed, uint64_t base, F&& f) {
  for (int64_t i = lo; i < hi;) {
    const PhiloxBlock b = philox_block(seed, base + static_cast<uint64_t>(i / 4));
    for (const int64_t end = std::min(hi, (i / 4 + 1) * 4); i < end; ++i) f(i, b.w[i % 4]);
  }
}

// f(i, w) for elements i in [lo, hi), w the element's 64-bit draw.
template <class F>
void draws64(int64_t lo, int64_t hi, uint64_t seed, uint64_t base, F&& f) {
  for (int64_t i = lo; i < hi;) {
    const PhiloxBlock b = philox_block(seed, base + static_cast<uint64_t>(i / 2));
    for (const int64_t end = std::min(hi, (i / 2 + 1) * 2); i < end; ++i) f(i, philox_u64(b, static_cast<int>(i % 2)));
  }
}

// fill(T* data, n) writes self's elements in row-major order: straight into
// self when it is a contiguous tensor of T, else into a buffer copied (and
// converted) into self.
template <class T, class F>
void fill_via(const Tensor& self, F&& fill) {
  if (self.dtype() == dtype_of<T>() && self.is_contiguous()) {
    fill(self.data<T>(), self.numel());
    self.impl()->storage()->bump_version();
    return;
  }
  Tensor buffer = empty(self.sizes(), dtype_of<T>());
  fill(buffer.data<T>(), buffer.numel());
  copy_(self, buffer);
}

}  // namespace ember::random_detail
