#include <cstring>

#include "../core/elementwise_loop.h"
#include "cast.h"
#include "kernels.h"

namespace ember::cpu {

void copy(const Tensor& dst, const Tensor& src) {
  const std::array<Tensor, 2> operands{dst, src};
  const std::array<DimVector, 2> strides{DimVector(dst.strides()), DimVector(src.strides())};
  ElementwiseLoop loop(dst.sizes(), operands, strides);
  visit_dtype(dst.dtype(), [&](auto dst_tag) {
    using To = typename decltype(dst_tag)::type;
    visit_dtype(src.dtype(), [&](auto src_tag) {
      using From = typename decltype(src_tag)::type;
      loop.run([](char** p, const int64_t* s, int64_t n) {
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
