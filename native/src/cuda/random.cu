// Random draws with the CPU's Philox layout (ember/generator.h): element i
// takes the same counter and words as on the CPU, then the same transform as
// native/src/ops/random.cpp, so a seed gives the same numbers on both devices.
// Bit for bit: uniform (float32/64), normal float32 (the CPU's log and sincos
// ported below operation by operation, no FMA), bernoulli and integer ranges.
// The transforms that call libm (float64 normal, log_normal, exponential,
// cauchy, geometric) use CUDA's log/sin/cos/exp/tan/log1p where the CPU uses
// glibc's: within a few ulp of the CPU value, and geometric's floor can land
// one apart when log1p(-u) * a sits on an integer.
#include "device_loop.cuh"
#include "kernels.h"

namespace ember::cuda {
namespace {

struct Block {
  uint32_t w[4];
};

// Philox4x32-10 of block `block` at `seed`, sub-stream 0 (ember::philox_block).
__device__ __forceinline__ Block philox(uint64_t seed, uint64_t block) {
  constexpr uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u, kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;
  uint32_t c0 = static_cast<uint32_t>(block), c1 = static_cast<uint32_t>(block >> 32), c2 = 0, c3 = 0;
  uint32_t k0 = static_cast<uint32_t>(seed), k1 = static_cast<uint32_t>(seed >> 32);
#pragma unroll
  for (int round = 0; round < 10; ++round) {
    const uint32_t hi0 = __umulhi(kM0, c0), lo0 = kM0 * c0;
    const uint32_t hi1 = __umulhi(kM1, c2), lo1 = kM1 * c2;
    c0 = hi1 ^ c1 ^ k0;
    c1 = lo1;
    c2 = hi0 ^ c3 ^ k1;
    c3 = lo0;
    k0 += kW0;
    k1 += kW1;
  }
  return {{c0, c1, c2, c3}};
}

__device__ __forceinline__ uint64_t word64(const Block& b, int k) {
  return (static_cast<uint64_t>(b.w[2 * k + 1]) << 32) | b.w[2 * k];
}
__device__ __forceinline__ float u01(uint32_t w) { return static_cast<float>(w >> 8) * 0x1p-24f; }
__device__ __forceinline__ double u01(uint64_t w) { return static_cast<double>(w >> 11) * 0x1p-53; }

__device__ __forceinline__ float log1p_of(float x) { return log1pf(x); }
__device__ __forceinline__ double log1p_of(double x) { return log1p(x); }

// cpu/vec_math.inl's log_f32, step for step.
__device__ __forceinline__ float log_f32(float x) {
  const int xi = __float_as_int(x);
  const int e0 = ((xi >> 23) & 0xff) - 126;
  const float m0 = __int_as_float((xi & 0x007fffff) | 0x3f000000);
  const bool below = m0 < 0.70710678118654752440f;
  const float f = below ? __fsub_rn(add_rn(m0, m0), 1.0f) : __fsub_rn(m0, 1.0f);
  const float e = static_cast<float>(below ? e0 - 1 : e0);
  const float z = mul_rn(f, f);
  float p = 7.0376836292e-2f;
  p = add_rn(mul_rn(p, f), -1.1514610310e-1f);
  p = add_rn(mul_rn(p, f), 1.1676998740e-1f);
  p = add_rn(mul_rn(p, f), -1.2420140846e-1f);
  p = add_rn(mul_rn(p, f), 1.4249322787e-1f);
  p = add_rn(mul_rn(p, f), -1.6668057665e-1f);
  p = add_rn(mul_rn(p, f), 2.0000714765e-1f);
  p = add_rn(mul_rn(p, f), -2.4999993993e-1f);
  p = add_rn(mul_rn(p, f), 3.3333331174e-1f);
  float y = mul_rn(mul_rn(p, f), z);
  y = add_rn(mul_rn(e, -2.12194440e-4f), y);
  y = add_rn(mul_rn(z, -0.5f), y);
  return add_rn(mul_rn(e, 0.693359375f), add_rn(f, y));
}

// cpu/vec_math.inl's sincos_turns_f32, step for step.
__device__ __forceinline__ void sincos_turns_f32(float u, float* s, float* c) {
  constexpr float kShift = 12582912.0f;
  const float y = mul_rn(u, 4.0f);
  const float t = add_rn(y, kShift);
  const int q = __float_as_int(t) - __float_as_int(kShift);
  const float x = mul_rn(__fsub_rn(y, __fsub_rn(t, kShift)), 1.57079632679489661923f);
  const float z = mul_rn(x, x);
  float ps = -1.9515295891e-4f;
  ps = add_rn(mul_rn(ps, z), 8.3321608736e-3f);
  ps = add_rn(mul_rn(ps, z), -1.6666654611e-1f);
  const float sin_r = add_rn(mul_rn(mul_rn(ps, z), x), x);
  float pc = 2.443315711809948e-5f;
  pc = add_rn(mul_rn(pc, z), -1.388731625493765e-3f);
  pc = add_rn(mul_rn(pc, z), 4.166664568298827e-2f);
  const float cos_r = add_rn(mul_rn(mul_rn(pc, z), z), add_rn(mul_rn(z, -0.5f), 1.0f));
  const bool swap = (q & 1) != 0;
  const float sv = swap ? cos_r : sin_r, cv = swap ? sin_r : cos_r;
  *s = __int_as_float(__float_as_int(sv) ^ static_cast<int>(static_cast<uint32_t>(q & 2) << 30));
  *c = __int_as_float(__float_as_int(cv) ^ static_cast<int>(static_cast<uint32_t>((q + 1) & 2) << 30));
}

// Box-Muller on two words: (r cos t, r sin t).
__device__ __forceinline__ void box_muller(uint32_t a, uint32_t b, float* z0, float* z1) {
  const float u1 = __fsub_rn(1.0f, u01(a));
  const float r = __fsqrt_rn(mul_rn(-2.0f, log_f32(u1)));
  float s, c;
  sincos_turns_f32(u01(b), &s, &c);
  *z0 = mul_rn(r, c);
  *z1 = mul_rn(r, s);
}
__device__ __forceinline__ void box_muller(uint64_t a, uint64_t b, double* z0, double* z1) {
  const double u1 = 1.0 - u01(a), u2 = u01(b);
  const double r = sqrt(-2.0 * log(u1)), t = mul_rn(2.0 * M_PI, u2);
  *z0 = mul_rn(r, cos(t));
  *z1 = mul_rn(r, sin(t));
}

// Outputs per block: four 32-bit draws (float) or two 64-bit ones (double).
template <class T>
constexpr int kPerBlock = sizeof(T) == 4 ? 4 : 2;

// out[i] = f(uniform i) for i in [0, n), a thread per Philox block.
template <class T, class Out, class F>
__global__ void __launch_bounds__(kBlock) uniform_kernel(Out* out, int64_t n, uint64_t seed, uint64_t base, F f) {
  constexpr int kPer = kPerBlock<T>;
  const int64_t blocks = (n + kPer - 1) / kPer, step = static_cast<int64_t>(gridDim.x) * kBlock;
  for (int64_t j = static_cast<int64_t>(blockIdx.x) * kBlock + threadIdx.x; j < blocks; j += step) {
    const Block b = philox(seed, base + static_cast<uint64_t>(j));
#pragma unroll
    for (int k = 0; k < kPer; ++k) {
      const int64_t i = j * kPer + k;
      if (i >= n) break;
      if constexpr (sizeof(T) == 4)
        out[i] = f(u01(b.w[k]));
      else
        out[i] = f(u01(word64(b, k)));
    }
  }
}

// out[i] = f(normal i): float32 outputs 4j..4j+3 from block j, float64 2j, 2j+1.
template <class T, class F>
__global__ void __launch_bounds__(kBlock) normal_kernel(T* out, int64_t n, uint64_t seed, uint64_t base, F f) {
  constexpr int kPer = kPerBlock<T>;
  const int64_t blocks = (n + kPer - 1) / kPer, step = static_cast<int64_t>(gridDim.x) * kBlock;
  for (int64_t j = static_cast<int64_t>(blockIdx.x) * kBlock + threadIdx.x; j < blocks; j += step) {
    const Block b = philox(seed, base + static_cast<uint64_t>(j));
    T z[kPer];
    if constexpr (sizeof(T) == 4) {
      box_muller(b.w[0], b.w[1], &z[0], &z[1]);
      box_muller(b.w[2], b.w[3], &z[2], &z[3]);
    } else {
      box_muller(word64(b, 0), word64(b, 1), &z[0], &z[1]);
    }
#pragma unroll
    for (int k = 0; k < kPer; ++k)
      if (j * kPer + k < n) out[j * kPer + k] = f(z[k]);
  }
}

// from + (w mod range) with 32-bit words (range <= 2^32) or 64-bit ones.
template <bool kNarrow>
__global__ void __launch_bounds__(kBlock)
    range_kernel(int64_t* out, int64_t n, uint64_t seed, uint64_t base, int64_t from, uint64_t range) {
  constexpr int kPer = kNarrow ? 4 : 2;
  const int64_t blocks = (n + kPer - 1) / kPer, step = static_cast<int64_t>(gridDim.x) * kBlock;
  for (int64_t j = static_cast<int64_t>(blockIdx.x) * kBlock + threadIdx.x; j < blocks; j += step) {
    const Block b = philox(seed, base + static_cast<uint64_t>(j));
#pragma unroll
    for (int k = 0; k < kPer; ++k) {
      const int64_t i = j * kPer + k;
      if (i >= n) break;
      const uint64_t w = kNarrow ? b.w[k] : word64(b, k);
      out[i] = static_cast<int64_t>(static_cast<uint64_t>(from) + (range == 0 ? w : w % range));
    }
  }
}

// bernoulli_ with a probability per element: 64-bit draws, two per block.
__global__ void __launch_bounds__(kBlock)
    bernoulli_at_kernel(uint8_t* out, const double* probs, int64_t n, uint64_t seed, uint64_t base) {
  const int64_t blocks = (n + 1) / 2, step = static_cast<int64_t>(gridDim.x) * kBlock;
  for (int64_t j = static_cast<int64_t>(blockIdx.x) * kBlock + threadIdx.x; j < blocks; j += step) {
    const Block b = philox(seed, base + static_cast<uint64_t>(j));
    for (int k = 0; k < 2 && 2 * j + k < n; ++k) out[2 * j + k] = u01(word64(b, k)) < probs[2 * j + k];
  }
}

// The CPU transforms (ops/random.cpp), in the same types and order.
template <class T>
struct Affine {  // uniform_ and normal_: a + b * x in T; the identity for (0, 1) as on the CPU
  T a, b;
  bool identity;
  __device__ T operator()(T x) const { return identity ? x : add_rn(a, mul_rn(b, x)); }
};
template <class T>
struct LogNormal {
  double mean, std;
  __device__ T operator()(T z) const { return static_cast<T>(exp(add_rn(mean, mul_rn(std, static_cast<double>(z))))); }
};
template <class T>
struct Exponential {  // -log1p(-u) in T, divided in double
  double lambd;
  __device__ T operator()(T u) const { return static_cast<T>(-static_cast<double>(log1p_of(-u)) / lambd); }
};
template <class T>
struct Cauchy {
  double median, sigma;
  __device__ T operator()(T u) const {
    return static_cast<T>(add_rn(median, mul_rn(sigma, tan(mul_rn(M_PI, static_cast<double>(u) - 0.5)))));
  }
};
template <class T>
struct Geometric {  // log1p(-u) in T, scaled in double
  double scale;
  __device__ T operator()(T u) const {
    return static_cast<T>(floor(mul_rn(static_cast<double>(log1p_of(-u)), scale)) + 1.0);
  }
};
struct Bernoulli {
  double p;
  __device__ uint8_t operator()(double u) const { return u < p; }
};

template <class T, class Out, class F>
void launch_uniform(void* out, int64_t n, const RandomParams& p, F f) {
  const int64_t blocks = (n + kPerBlock<T> - 1) / kPerBlock<T>;
  uniform_kernel<T>
      <<<grid_for(blocks), kBlock, 0, current_cuda_stream()>>>(static_cast<Out*>(out), n, p.seed, p.base, f);
}

template <class T, class F>
void launch_normal(void* out, int64_t n, const RandomParams& p, F f) {
  const int64_t blocks = (n + kPerBlock<T> - 1) / kPerBlock<T>;
  normal_kernel<T><<<grid_for(blocks), kBlock, 0, current_cuda_stream()>>>(static_cast<T*>(out), n, p.seed, p.base, f);
}

// f(T{}) for float32 or float64; false for any other dtype.
template <class F>
bool on_floating(DType dtype, F&& f) {
  if (dtype == DType::Float32) {
    f(float{});
    return true;
  }
  if (dtype == DType::Float64) {
    f(double{});
    return true;
  }
  return false;
}

}  // namespace

bool random(void* out, int64_t n, DType dtype, const RandomParams& p) {
  if (n == 0) return true;  // no launch with an empty grid
  bool ok = false;
  switch (p.draw) {
    case RandomDraw::Uniform:
      ok = on_floating(dtype, [&](auto t) {
        using T = decltype(t);
        launch_uniform<T, T>(out, n, p, Affine<T>{T(p.a), T(p.b), p.a == 0 && p.b == 1});
      });
      break;
    case RandomDraw::Normal:
      ok = on_floating(dtype, [&](auto t) {
        using T = decltype(t);
        launch_normal<T>(out, n, p, Affine<T>{T(p.a), T(p.b), p.a == 0 && p.b == 1});
      });
      break;
    case RandomDraw::LogNormal:
      ok = on_floating(dtype, [&](auto t) { launch_normal<decltype(t)>(out, n, p, LogNormal<decltype(t)>{p.a, p.b}); });
      break;
    case RandomDraw::Exponential:
      ok = on_floating(dtype, [&](auto t) {
        using T = decltype(t);
        launch_uniform<T, T>(out, n, p, Exponential<T>{p.a});
      });
      break;
    case RandomDraw::Cauchy:
      ok = on_floating(dtype, [&](auto t) {
        using T = decltype(t);
        launch_uniform<T, T>(out, n, p, Cauchy<T>{p.a, p.b});
      });
      break;
    case RandomDraw::Geometric:
      ok = on_floating(dtype, [&](auto t) {
        using T = decltype(t);
        launch_uniform<T, T>(out, n, p, Geometric<T>{p.a});
      });
      break;
    case RandomDraw::Bernoulli:
      if (dtype != DType::UInt8) return false;
      launch_uniform<double, uint8_t>(out, n, p, Bernoulli{p.a});
      ok = true;
      break;
    case RandomDraw::BernoulliAt:
      if (dtype != DType::UInt8 || p.probs == nullptr) return false;
      bernoulli_at_kernel<<<grid_for((n + 1) / 2), kBlock, 0, current_cuda_stream()>>>(static_cast<uint8_t*>(out),
                                                                                       p.probs, n, p.seed, p.base);
      ok = true;
      break;
    case RandomDraw::Range: {
      if (dtype != DType::Int64) return false;
      const bool narrow = p.range != 0 && p.range <= (uint64_t{1} << 32);
      const int64_t blocks = narrow ? (n + 3) / 4 : (n + 1) / 2;
      auto* o = static_cast<int64_t*>(out);
      if (narrow)
        range_kernel<true>
            <<<grid_for(blocks), kBlock, 0, current_cuda_stream()>>>(o, n, p.seed, p.base, p.from, p.range);
      else
        range_kernel<false>
            <<<grid_for(blocks), kBlock, 0, current_cuda_stream()>>>(o, n, p.seed, p.base, p.from, p.range);
      ok = true;
      break;
    }
  }
  if (ok) check_launch("random kernel");
  return ok;
}

}  // namespace ember::cuda
