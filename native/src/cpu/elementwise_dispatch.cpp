#include <cstdlib>
#include <cstring>

#include "elementwise_kernels.h"
#include "ember/error.h"

namespace ember::cpu {
namespace {

ElementwiseKernels make_table() {
  ElementwiseKernels table{};
  const char* forced = std::getenv("EMBER_CPU_ISA");
  auto allowed = [&](const char* isa) { return forced == nullptr || std::strcmp(forced, isa) == 0; };
  __builtin_cpu_init();
  if (allowed("avx512") && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq")) {
    avx512::fill_table(table);
    table.isa = "avx512";
  } else if (allowed("avx2") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    avx2::fill_table(table);
    table.isa = "avx2";
  } else {
    baseline::fill_table(table);
    table.isa = "baseline";
  }
  return table;
}

}  // namespace

const ElementwiseKernels& elementwise_kernels() {
  static const ElementwiseKernels table = make_table();
  return table;
}

}  // namespace ember::cpu
