// The one iterator under every elementwise kernel. Operands (output first)
// arrive broadcast to a common shape and converted to the kernel's dtypes;
// the loop merges dims that are laid out back to back in every operand,
// then calls the kernel on 1-D runs:
//   inner(char** data, const int64_t* byte_strides, int64_t n)
// splitting the index range across threads when the work is large.
#pragma once

#include <array>
#include <span>

#include "ember/interpreter_lock.h"
#include "ember/parallel.h"
#include "ember/tensor.h"

namespace ember {

// Below this many elements an op runs on the calling thread.
constexpr int64_t kParallelGrain = 32768;

class ElementwiseLoop {
 public:
  static constexpr int kMaxOperands = 4;

  // Each operand's strides (in elements) are aligned with `shape`; 0 where
  // it is broadcast. See broadcast_strides().
  ElementwiseLoop(IntArrayRef shape, std::span<const Tensor> operands, std::span<const DimVector> strides);

  int64_t numel() const { return numel_; }

  // Runs without the interpreter lock from kUnlockGrain elements: inner must
  // not touch Python objects (kernels never do).
  template <class F>
  void run(F&& inner) {
    run(inner, kParallelGrain);
  }
  // In order on the calling thread: for kernels where elements may collide
  // (accumulating scatters) or order matters (nonzero).
  template <class F>
  void run_serial(F&& inner) {
    if (numel_ == 0) return;
    require_host();
    WithoutInterpreterLock unlocked(numel_ >= kUnlockGrain);
    run_range_at(base_.data(), 0, numel_, inner);
  }

  // As run(), splitting across threads in chunks of at least `grain` indices
  // (reductions pass a smaller grain: each index costs a whole reduction).
  template <class F>
  void run(F&& inner, int64_t grain) {
    if (numel_ == 0) return;
    require_host();
    WithoutInterpreterLock unlocked(numel_ >= kUnlockGrain);
    if (numel_ < grain * 2) {
      run_range_at(base_.data(), 0, numel_, inner);
      return;
    }
    parallel_for(0, numel_, grain, [&](int64_t begin, int64_t end) { run_range_at(base_.data(), begin, end, inner); });
  }

  // Runs inner over the indices [begin, end) in order, operand k starting at
  // bases[k] rather than its tensor's data: reductions walk their reduced dims
  // from each output's position.
  template <class F>
  void run_range_at(char* const* bases, int64_t begin, int64_t end, F& inner) const {
    std::array<char*, kMaxOperands> ptrs;
    std::array<int64_t, kMaxOperands> inner_strides{};
    const int64_t rows = shape_.empty() ? 1 : shape_[0];
    // Position of `begin` in the (innermost-first) shape.
    DimVector counter(std::max<int64_t>(shape_.size(), 1), 0);
    int64_t rest = begin;
    for (int64_t d = 0; d < shape_.size(); ++d) {
      counter[d] = rest % shape_[d];
      rest /= shape_[d];
    }
    for (int k = 0; k < n_; ++k) {
      ptrs[k] = bases[k];
      for (int64_t d = 0; d < shape_.size(); ++d) ptrs[k] += counter[d] * strides_[k][d];
      inner_strides[k] = shape_.empty() ? 0 : strides_[k][0];
    }
    int64_t done = begin;
    while (done < end) {
      const int64_t n = std::min(rows - counter[0], end - done);
      inner(ptrs.data(), inner_strides.data(), n);
      done += n;
      if (done >= end) break;
      // Step to the start of the next row.
      for (int k = 0; k < n_; ++k) ptrs[k] -= counter[0] * strides_[k][0];
      counter[0] = 0;
      for (int64_t d = 1; d < shape_.size(); ++d) {
        for (int k = 0; k < n_; ++k) ptrs[k] += strides_[k][d];
        if (++counter[d] < shape_[d]) break;
        for (int k = 0; k < n_; ++k) ptrs[k] -= strides_[k][d] * shape_[d];
        counter[d] = 0;
      }
    }
  }

  // The merged layout, innermost first: sizes, and operand k's byte strides.
  IntArrayRef shape() const { return shape_; }
  IntArrayRef strides(int k) const { return strides_[k]; }
  char* base(int k) const { return base_[k]; }

  // The loops above run on the CPU: operands in device memory mean the op has
  // no kernel for that device (raised, rather than read as host memory).
  void require_host() const {
    EMBER_CHECK(!on_device_, NotImplemented, "this op has no kernel for device '", device_.str(), "'");
  }

 private:
  int n_;
  bool on_device_ = false;
  Device device_;
  int64_t numel_ = 1;
  DimVector shape_;                              // innermost first, merged
  std::array<DimVector, kMaxOperands> strides_;  // bytes, innermost first
  std::array<char*, kMaxOperands> base_{};
};

// The shape a and b broadcast to; raises naming op and both shapes.
DimVector broadcast_shapes(IntArrayRef a, IntArrayRef b, const char* op);
// t's strides (elements) seen at `shape`: 0 for dims t lacks or has size 1 in.
DimVector broadcast_strides(const Tensor& t, IntArrayRef shape);

}  // namespace ember
