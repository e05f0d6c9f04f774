// The table of elementwise inner loops, one per (op, dtype), compiled once
// per instruction set (baseline, AVX2, AVX-512) from elementwise_kernels.inl
// and picked at load time from the running CPU.
#pragma once

#include <array>
#include <cstdint>

#include "ember/dtype.h"
#include "ember/ops.h"
#include "ember/scalar.h"

namespace ember::cpu {

// An op's scalar parameters, in the order its front end documents (add's
// alpha; elu's alpha, scale, input_scale; ...), already checked; unused ones are 0.
constexpr int kMaxParams = 3;
using Params = std::array<Scalar, kMaxParams>;

// data[0] is the output; strides in bytes.
using Loop = void (*)(char** data, const int64_t* strides, int64_t n, const Params& params);

enum class TernaryOp : uint8_t { Where, Lerp, Addcmul, Addcdiv, Clamp, Count };

struct ElementwiseKernels {
  const char* isa;
  Loop add[kNumDTypes];                                           // out = a + arg * b
  Loop binary[static_cast<int>(BinaryMath::Count)][kNumDTypes];   // out, a, b all of one dtype
  Loop compare[static_cast<int>(Comparison::Count)][kNumDTypes];  // out bool; a, b of the dtype
  Loop unary[static_cast<int>(UnaryMath::Count)][kNumDTypes];
  Loop predicate[static_cast<int>(Predicate::Count)][kNumDTypes];  // out bool; a of the dtype
  // out, x, y, z of the dtype, except where's x (the condition), which is bool
  Loop ternary[static_cast<int>(TernaryOp::Count)][kNumDTypes];  // out, a of one dtype
};

// The table for the best instruction set this CPU runs; EMBER_CPU_ISA
// (baseline, avx2, avx512) forces a lower one, for testing every path.
const ElementwiseKernels& elementwise_kernels();

namespace baseline {
void fill_table(ElementwiseKernels& table);
}
namespace avx2 {
void fill_table(ElementwiseKernels& table);
}
namespace avx512 {
void fill_table(ElementwiseKernels& table);
}

}  // namespace ember::cpu
