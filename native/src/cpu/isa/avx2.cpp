// The elementwise kernels built for avx2 (flags set in native/CMakeLists.txt).
#define EMBER_ISA avx2
#include "../elementwise_kernels.inl"
#include "../random_kernels.inl"
