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
    return t;
  }();
  return table;
}

}  // namespace ember::cpu
