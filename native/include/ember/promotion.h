// Type promotion, PyTorch's rules: the dtype an op computes in when its
// operands differ. Dimensioned tensors outrank 0-d tensors, which outrank
// Python numbers, except when a lower rank brings a higher category
// (bool < integer < floating < complex): `int_tensor * 1.5` is floating.
#pragma once

#include <span>

#include "ember/dtype.h"

namespace ember {

// The smallest dtype both a and b convert to without losing their category.
DType promote_types(DType a, DType b);

// Whether an op may write a result of dtype `from` into a tensor of dtype
// `to` (in-place and out=): never to a lower category.
bool can_cast(DType from, DType to);

// What an operand contributes to result_type.
struct PromotionOperand {
  enum class Rank : uint8_t { Dimensioned, ZeroDim, Number };
  DType dtype;  // for a Number: bool, int64, float64 or complex128 by its Python type
  Rank rank;
};

DType result_type(std::span<const PromotionOperand> operands);

}  // namespace ember
