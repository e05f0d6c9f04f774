// Filling a tensor with one value on whichever device it lives.
#pragma once

#include "ember/scalar.h"
#include "ember/tensor.h"

namespace ember {

void fill_values(const Tensor& t, const Scalar& value);  // no checks, no version bump

}  // namespace ember
