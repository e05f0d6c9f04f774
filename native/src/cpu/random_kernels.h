// Bulk float32 random kernels, compiled per instruction set from
// random_kernels.inl (included by isa/*.cpp after the elementwise kernels,
// whose vec_math functions they use) and picked with the elementwise table's ISA.
// Each fills out[0, n) with elements [first, first + n) of a call's stream
// whose counters start at `base`, laid out as native/include/ember/generator.h says.
#pragma once

#include <cstdint>

namespace ember::cpu {

using RandomFill = void (*)(float* out, int64_t first, int64_t n, uint64_t seed, uint64_t base);

struct RandomKernels {
  RandomFill uniform_f32;  // [0, 1)
  RandomFill normal_f32;   // N(0, 1), Box-Muller
};

const RandomKernels& random_kernels();

namespace baseline {
void fill_random_table(RandomKernels& table);
}
namespace avx2 {
void fill_random_table(RandomKernels& table);
}
namespace avx512 {
void fill_random_table(RandomKernels& table);
}

}  // namespace ember::cpu
