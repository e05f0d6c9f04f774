#include <algorithm>

#include "../core/elementwise_loop.h"
#include "kernels.h"

namespace ember::cpu {

void fill(const Tensor& out, const Scalar& value) {
  visit_dtype(out.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T v = value.to<T>();
    const std::array<Tensor, 1> operands{out};
    const std::array<DimVector, 1> strides{DimVector(out.strides())};
    ElementwiseLoop(out.sizes(), operands, strides).run([&](char** p, const int64_t* s, int64_t n) {
      if (s[0] == sizeof(T)) {
        std::fill_n(reinterpret_cast<T*>(p[0]), n, v);
      } else {
        for (int64_t i = 0; i < n; ++i) *reinterpret_cast<T*>(p[0] + i * s[0]) = v;
      }
    });
  });
}

}  // namespace ember::cpu
