#include "kernels.h"

namespace ember::cpu {

// Each value is start + i * step computed in the widest type of its kind
// (int64 or double), as PyTorch does, so long ranges don't drift.
void arange(const Tensor& out, const Scalar& start, const Scalar& step) {
  visit_dtype(out.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* p = out.data<T>();
    const int64_t n = out.numel();
    if constexpr (std::is_integral_v<T>) {
      const int64_t a = start.to_int(), s = step.to_int();
      for (int64_t i = 0; i < n; ++i) p[i] = static_cast<T>(a + i * s);
    } else {
      const auto a = start.to_complex(), s = step.to_complex();
      for (int64_t i = 0; i < n; ++i) p[i] = Scalar(a + static_cast<double>(i) * s).to<T>();
    }
  });
}

}  // namespace ember::cpu
