#include <cstring>

#include "elementwise_kernels.h"
#include "random_kernels.h"

namespace ember::cpu {

// The same instruction set as the elementwise table (one CPU check, one EMBER_CPU_ISA override).
const RandomKernels& random_kernels() {
  static const RandomKernels table = [] {
    RandomKernels t{};
    const char* isa = elementwise_kernels().isa;
    if (std::strcmp(isa, "avx512") == 0)
      avx512::fill_random_table(t);
    else if (std::strcmp(isa, "avx2") == 0)
      avx2::fill_random_table(t);
    else
      baseline::fill_random_table(t);
    return t;
  }();
  return table;
}

}  // namespace ember::cpu
