#include "search_kernels.h"

#include <algorithm>
#include <type_traits>

#include "ember/parallel.h"

namespace ember::cpu {
namespace {

template <class T, class O>
void search(const T* boundaries, int64_t n, int64_t row_stride, const T* values, int64_t m, int64_t rows, O* out,
            bool right) {
  // 16-bit floats compare as float; everything else as itself.
  using C = std::conditional_t<std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>, float, T>;
  const int64_t total = m * rows;
  const int64_t grain = std::max<int64_t>(1, 32768 / std::max<int64_t>(1, 64 - __builtin_clzll(n | 1)));
  parallel_for(0, total, grain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      const T* row = boundaries + (i / m) * row_stride;
      const C x = static_cast<C>(values[i]);
      int64_t lo = 0, hi = n;
      while (lo < hi) {
        const int64_t mid = lo + (hi - lo) / 2;
        const C y = static_cast<C>(row[mid]);
        if (right ? y > x : y >= x)
          hi = mid;
        else
          lo = mid + 1;
      }
      out[i] = static_cast<O>(lo);
    }
  });
}

}  // namespace

void search_sorted(DType t, const void* boundaries, int64_t n, int64_t row_stride, const void* values, int64_t m,
                   int64_t rows, void* out, bool out_int32, bool right) {
  if (m == 0 || rows == 0) return;
  visit_dtype(t, [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_same_v<T, std::complex<float>> || std::is_same_v<T, std::complex<double>>) {
      EMBER_FAIL(Runtime, "searchsorted: complex values have no order");
    } else {
      const T* b = static_cast<const T*>(boundaries);
      const T* v = static_cast<const T*>(values);
      if (out_int32)
        search(b, n, row_stride, v, m, rows, static_cast<int32_t*>(out), right);
      else
        search(b, n, row_stride, v, m, rows, static_cast<int64_t*>(out), right);
    }
  });
}

}  // namespace ember::cpu
