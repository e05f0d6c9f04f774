#include "ember/promotion.h"

#include <algorithm>
#include <optional>

namespace ember {
namespace {

int category(DType t) {
  if (t == DType::Bool) return 0;
  if (is_integral(t, false)) return 1;
  if (is_floating(t)) return 2;
  return 3;
}

DType to_complex(DType t) { return t == DType::Float64 ? DType::Complex128 : DType::Complex64; }

}  // namespace

DType promote_types(DType a, DType b) {
  if (a == b) return a;
  if (a == DType::Bool) return b;
  if (b == DType::Bool) return a;
  const int ca = category(a), cb = category(b);
  if (ca != cb) {
    const DType hi = ca > cb ? a : b, lo = ca > cb ? b : a;
    // complex64 meets float64: keep float64's precision
    if (is_complex(hi) && lo == DType::Float64) return DType::Complex128;
    return hi;
  }
  switch (ca) {
    case 1:  // integers: uint8 with a signed type needs a wider signed type
      if (a == DType::UInt8 || b == DType::UInt8) {
        const DType other = a == DType::UInt8 ? b : a;
        return other == DType::Int8 ? DType::Int16 : other;
      }
      return std::max(a, b);
    case 2:  // half and bfloat16 share no format: both fit in float32
      if ((a == DType::Float16 && b == DType::BFloat16) || (a == DType::BFloat16 && b == DType::Float16))
        return DType::Float32;
      return std::max(a, b);
    default: return std::max(a, b);
  }
}

bool can_cast(DType from, DType to) { return category(from) <= category(to); }

DType result_type(std::span<const PromotionOperand> operands) {
  std::optional<DType> by_rank[3];
  for (const auto& op : operands) {
    DType t = op.dtype;
    if (op.rank == PromotionOperand::Rank::Number) {
      // Python floats and complexes take the default dtype's precision.
      if (is_floating(t)) t = default_dtype();
      if (is_complex(t)) t = to_complex(default_dtype());
    }
    auto& slot = by_rank[static_cast<int>(op.rank)];
    slot = slot ? promote_types(*slot, t) : t;
  }
  // Fold from the lowest rank up: a lower rank only matters when it brings a
  // higher category than everything above it.
  auto combine = [](std::optional<DType> higher, std::optional<DType> lower) -> std::optional<DType> {
    if (!higher) return lower;
    if (!lower) return higher;
    if (is_complex(*higher)) return higher;
    if (is_complex(*lower)) return is_floating(*higher) ? to_complex(*higher) : *lower;
    if (is_floating(*higher)) return higher;
    if (*higher == DType::Bool || is_floating(*lower)) return promote_types(*higher, *lower);
    return higher;
  };
  auto result = combine(by_rank[0], combine(by_rank[1], by_rank[2]));
  EMBER_CHECK(result.has_value(), Runtime, "result_type: no operands");
  return *result;
}

}  // namespace ember
