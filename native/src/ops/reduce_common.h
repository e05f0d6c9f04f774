// What the reduction front ends share: which dims a call reduces, and running
// a reduction kernel into fresh outputs.
#pragma once

#include <vector>

#include "../cpu/reduce_kernels.h"
#include "ember/ops.h"

namespace ember {

struct ReducedDims {
  std::vector<bool> mask;  // per input dim
  DimVector keep_shape;    // the result with keepdim
  DimVector drop_shape;    // and without
  int64_t count = 1;       // elements reduced into each result
  bool all = false;        // every dim reduced
  bool named = false;      // dims were given (not None or empty)
};

// `dims` wrapped and checked (out of range: IndexError; repeated: RuntimeError).
ReducedDims reduced_dims(const Tensor& self, const OptDims& dims, const char* op);

// Runs kernel `op` on input (already of the kernel's dtype) into new outputs
// of `dtypes` (one, or values and int64 indices), shaped as keepdim says.
std::vector<Tensor> run_reduction(cpu::ReduceOp op, const Tensor& input, const ReducedDims& rd, bool keepdim,
                                  std::span<const DType> dtypes, const char* op_name);

// For max/amax/argmax...: an empty input needs a dim, and no reduced dim may be empty.
void check_nonempty_reduction(const Tensor& self, const ReducedDims& rd, const char* op, bool index_error_if_all);

// Float inputs keep their dtype; 16-bit floats compute in float32 (as
// PyTorch's accumulation does) and the caller casts back.
inline DType compute_float(DType t) { return t == DType::Float16 || t == DType::BFloat16 ? DType::Float32 : t; }

}  // namespace ember
