#include <cstring>

#include "../core/strided_loop.h"
#include "cast.h"
#include "kernels.h"

namespace ember::cpu {

void copy(const Tensor& dst, const Tensor& src) {
  visit_dtype(dst.dtype(), [&](auto dst_tag) {
    using To = typename decltype(dst_tag)::type;
    visit_dtype(src.dtype(), [&](auto src_tag) {
      using From = typename decltype(src_tag)::type;
      const std::array<StridedOperand<2>, 2> ops{{
          {static_cast<char*>(dst.data_ptr()), dst.strides(), sizeof(To)},
          {static_cast<char*>(src.data_ptr()), src.strides(), sizeof(From)},
      }};
      for_each_run<2>(dst.sizes(), ops, [](char** p, const int64_t* s, int64_t n) {
        if constexpr (std::is_same_v<To, From>) {
          if (s[0] == sizeof(To) && s[1] == sizeof(From)) {
            std::memcpy(p[0], p[1], n * sizeof(To));
            return;
          }
        }
        for (int64_t i = 0; i < n; ++i)
          *reinterpret_cast<To*>(p[0] + i * s[0]) = cast_value<To>(*reinterpret_cast<const From*>(p[1] + i * s[1]));
      });
    });
  });
}

}  // namespace ember::cpu
