// The elementwise kernels built for baseline (flags set in native/CMakeLists.txt).
#define EMBER_ISA baseline
#include "../elementwise_kernels.inl"
#include "../random_kernels.inl"
