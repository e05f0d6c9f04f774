// The elementwise kernels built for avx512 (flags set in native/CMakeLists.txt).
#define EMBER_ISA avx512
#include "../elementwise_kernels.inl"
#include "../random_kernels.inl"
