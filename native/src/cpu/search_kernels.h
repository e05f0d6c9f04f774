// Binary search of values in sorted rows (searchsorted, bucketize, isin).
#pragma once

#include <cstdint>

#include "ember/dtype.h"

namespace ember::cpu {

// out[r * m + j] = the insertion point of values[r * m + j] in boundary row r
// (n elements from boundaries + r * row_stride; row_stride 0: one row for
// all): the first position whose element is >= the value (> with `right`),
// so NaN values and elements, which compare false, go to the end as PyTorch's.
// Every array contiguous and of dtype t; out int64 or int32.
void search_sorted(DType t, const void* boundaries, int64_t n, int64_t row_stride, const void* values, int64_t m,
                   int64_t rows, void* out, bool out_int32, bool right);

}  // namespace ember::cpu
