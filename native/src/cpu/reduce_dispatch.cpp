#include <cstring>

#include "elementwise_kernels.h"
#include "reduce_kernels.h"

namespace ember::cpu {

// The elementwise table's instruction set (one CPU check, one EMBER_CPU_ISA
// override). Reductions are bound by memory bandwidth, so AVX-512 machines
// use the AVX2 copy: there are two.
const ReduceKernels& reduce_kernels() {
  static const ReduceKernels table = [] {
    ReduceKernels t{};
    if (std::strcmp(elementwise_kernels().isa, "baseline") == 0) {
      baseline::fill_reduce_table(t);
      t.isa = "baseline";
    } else {
      avx2::fill_reduce_table(t);
      t.isa = "avx2";
    }
    // 8 KB ahead on AVX-512 machines: a 1.6e7 float sum took ~9% less time
    // than with 4 KB (Zen 4), where on Zen 1 (AVX2) 8 KB cost row sums 16%.
    if (std::strcmp(elementwise_kernels().isa, "avx512") == 0) reduce_prefetch_bytes = 8192;
    return t;
  }();
  return table;
}

}  // namespace ember::cpu
