// The reduction kernels built for the baseline ISA.
#define EMBER_ISA baseline
#include "../reduce_kernels.inl"
