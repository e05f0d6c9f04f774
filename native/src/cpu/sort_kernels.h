// CPU kernels for sorting and selection along one line of a tensor (a row
// `n` elements long, `stride` elements apart). Every kernel orders elements
// by PyTorch's rule: NaN above +inf, -0.0 equal to +0.0, and ties in input
// order (every sort here is stable; descending keeps ties in input order too).
#pragma once

#include <cstdint>

#include "ember/dtype.h"

namespace ember::cpu {

enum class SortOp : uint8_t {
  Sort,       // all n, ascending or descending
  TopK,       // the first k of the sort (k smallest, or largest when descending)
  Kth,        // the k-th smallest (0-based), one element
  Median,     // the lower median, NaN (the first one) if the line has any
  NanMedian,  // the lower median of the non-NaN elements (NaN, index 0 if none)
  Mode,       // the most frequent value (the smallest of ties), at its last index
};

struct SortLine {
  const char* in;
  int64_t in_stride;  // elements
  char* values;       // same dtype as in
  int64_t values_stride;
  int64_t* indices;
  int64_t indices_stride;
};

using SortLineFn = void (*)(SortOp op, const SortLine& line, int64_t n, int64_t k, bool descending);

// The kernel for dtype t (complex: nullptr; they have no order).
SortLineFn sort_line_fn(DType t);

}  // namespace ember::cpu
