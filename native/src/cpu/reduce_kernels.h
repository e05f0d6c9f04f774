// The table of reduction kernels, one per (op, dtype), compiled per
// instruction set from reduce_kernels.inl like the elementwise table.
#pragma once

#include <cstdint>

#include "../core/reduce_loop.h"
#include "ember/dtype.h"

namespace ember::cpu {

// Sum, Prod, NanSum, Max, Min: one output of the input's dtype.
// ArgMax, ArgMin: outputs values (input dtype) and indices (int64); ties keep
// the first index, NaN wins. All, Any: one bool output.
enum class ReduceOp : uint8_t { Sum, Prod, NanSum, Max, Min, ArgMax, ArgMin, All, Any, Count };
using ReduceFn = void (*)(ReduceLoop& loop);

// Scans along one dim of n elements: out[i] (byte stride so) from in (byte
// stride si). Cumulative max/min also write indices (int64, stride sx).
enum class ScanOp : uint8_t { CumSum, CumProd, LogCumSumExp, CumMax, CumMin, Count };
using ScanFn = void (*)(char* out, int64_t so, char* idx, int64_t sx, const char* in, int64_t si, int64_t n);

// Softmax along a contiguous run of n (out and in contiguous), log form too.
using SoftmaxFn = void (*)(char* out, const char* in, int64_t n, bool log);

struct ReduceKernels {
  const char* isa;
  ReduceFn reduce[static_cast<int>(ReduceOp::Count)][kNumDTypes];  // null where the dtype is unsupported
  ScanFn scan[static_cast<int>(ScanOp::Count)][kNumDTypes];
  SoftmaxFn softmax[kNumDTypes];  // floating dtypes
};

const ReduceKernels& reduce_kernels();

// How far ahead (bytes) contiguous folds prefetch, set with the table for the
// CPU: the best distance depends on how many misses a core keeps in flight.
inline int64_t reduce_prefetch_bytes = 4096;

namespace baseline {
void fill_reduce_table(ReduceKernels& table);
}
namespace avx2 {
void fill_reduce_table(ReduceKernels& table);
}

}  // namespace ember::cpu
