// Casting copies and fills on the device, through the elementwise launcher.
#include <cstring>

#include "device_loop.cuh"
#include "kernels.h"

namespace ember::cuda {
namespace {

template <class To, class From>
struct CastFn {
  __device__ __forceinline__ To operator()(From v) const { return convert<To>(v); }
};

template <class T>
struct FillFn {
  T value;
  __device__ __forceinline__ T operator()() const { return value; }
};

// visit_device_dtype and visit_complex_dtype together: casts and fills take every dtype.
template <class F>
bool visit_any_dtype(DType dtype, F&& f) {
  return visit_device_dtype(dtype, f) || visit_complex_dtype(dtype, f);
}

}  // namespace

void cast(const LaunchLayout& layout, DType to, DType from) {
  const bool known = visit_any_dtype(to, [&](auto to_tag) {
    using To = typename decltype(to_tag)::type;
    const bool from_known = visit_any_dtype(from, [&](auto from_tag) {
      using From = typename decltype(from_tag)::type;
      launch<CastFn<To, From>, To, From>(layout, CastFn<To, From>{});
    });
    EMBER_CHECK(from_known, NotImplemented, "copy_: no CUDA kernel for dtype ", name(from), " in this build");
  });
  EMBER_CHECK(known, NotImplemented, "copy_: no CUDA kernel for dtype ", name(to), " in this build");
}

void fill(const LaunchLayout& layout, DType dtype, const unsigned char value[16]) {
  const bool known = visit_any_dtype(dtype, [&](auto tag) {
    using T = typename decltype(tag)::type;
    FillFn<T> fn;
    std::memcpy(&fn.value, value, sizeof(T));
    launch<FillFn<T>, T>(layout, fn);
  });
  EMBER_CHECK(known, NotImplemented, "fill_: no CUDA kernel for dtype ", name(dtype), " in this build");
}

}  // namespace ember::cuda
