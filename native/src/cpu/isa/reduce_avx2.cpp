// The reduction kernels built for avx2 (flags set in native/CMakeLists.txt).
#define EMBER_ISA avx2
#include "../reduce_kernels.inl"
