#include <cstdlib>
#include <cstring>

#include "reduce_kernels.h"

namespace ember::cpu {

// Reductions are bound by memory bandwidth: AVX2 is as fast as AVX-512 for
// them, so there are two copies (EMBER_CPU_ISA=baseline forces the first).
const ReduceKernels& reduce_kernels() {
  static const ReduceKernels table = [] {
    ReduceKernels t{};
    const char* forced = std::getenv("EMBER_CPU_ISA");
    __builtin_cpu_init();
    if ((forced == nullptr || std::strcmp(forced, "baseline") != 0) && __builtin_cpu_supports("avx2") &&
        __builtin_cpu_supports("fma")) {
      avx2::fill_reduce_table(t);
      t.isa = "avx2";
    } else {
      baseline::fill_reduce_table(t);
      t.isa = "baseline";
    }
    return t;
  }();
  return table;
}

}  // namespace ember::cpu
