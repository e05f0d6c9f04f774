// Philox and Box-Muller over batches of blocks in structure-of-arrays form, so
// the compiler vectorises across blocks (32x32->64 multiplies become vpmuludq).
// Included by isa/*.cpp after elementwise_kernels.inl: log_f32 and
// sincos_turns_f32 come from its vec_math.inl. Head and tail elements go
// through the same functions one block at a time, so every element gets the
// same bits whichever path computes it.
#ifdef __AVX2__
#include <immintrin.h>
#endif

#include "ember/generator.h"
#include "random_kernels.h"

namespace ember::cpu::EMBER_ISA {
namespace {

constexpr int kBatch = 16;  // blocks per batch: 64 float32 results

// Philox4x32-10 for blocks first .. first + kBatch - 1 (see generator.h).
// The 32-bit words live in 64-bit lanes: GCC vectorises a product of two
// masked 64-bit values (vpmuludq), not the widening 32x32 multiply of the
// scalar form, which stayed scalar imul.
EMBER_VEC_INLINE void philox_batch_generic(uint64_t seed, uint64_t first, uint32_t (&w)[4][kBatch]) {
  constexpr uint64_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u, kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u, kLo = 0xFFFFFFFFu;
  uint64_t k0 = seed & kLo, k1 = seed >> 32;
  uint64_t c0[kBatch], c1[kBatch], c2[kBatch], c3[kBatch];
  for (int j = 0; j < kBatch; ++j) {
    const uint64_t b = first + j;
    c0[j] = b & kLo;
    c1[j] = b >> 32;
    c2[j] = 0;
    c3[j] = 0;
  }
  for (int round = 0; round < 10; ++round) {
    for (int j = 0; j < kBatch; ++j) {
      const uint64_t p0 = kM0 * (c0[j] & kLo), p1 = kM1 * (c2[j] & kLo);
      const uint64_t n0 = (p1 >> 32) ^ c1[j] ^ k0, n2 = (p0 >> 32) ^ c3[j] ^ k1;
      c1[j] = p1 & kLo;
      c3[j] = p0 & kLo;
      c0[j] = n0;
      c2[j] = n2;
    }
    k0 = (k0 + kW0) & kLo;
    k1 = (k1 + kW1) & kLo;
  }
  for (int j = 0; j < kBatch; ++j) {
    w[0][j] = static_cast<uint32_t>(c0[j]);
    w[1][j] = static_cast<uint32_t>(c1[j]);
    w[2][j] = static_cast<uint32_t>(c2[j]);
    w[3][j] = static_cast<uint32_t>(c3[j]);
  }
}

#ifdef __AVX2__
// The high and low words of 32x32-bit products of 8 lanes by m (broadcast):
// vpmuludq multiplies the even lanes, a 64-bit shift brings the odd ones down.
EMBER_VEC_INLINE void mulhilo8(__m256i a, __m256i m, __m256i* hi, __m256i* lo) {
  const __m256i even = _mm256_mul_epu32(a, m), odd = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), m);
  *hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
  *lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
}

// Philox4x32-10 in 32-bit lanes, 8 blocks per vector: twice the width of the
// 64-bit-lane form the compiler finds on its own.
EMBER_VEC_INLINE void philox_batch(uint64_t seed, uint64_t first, uint32_t (&w)[4][kBatch]) {
  static_assert(kBatch % 8 == 0);
  constexpr int kVecs = kBatch / 8;
  for (int j = 0; j < kBatch; ++j) {
    const uint64_t b = first + j;
    w[0][j] = static_cast<uint32_t>(b);
    w[1][j] = static_cast<uint32_t>(b >> 32);
  }
  __m256i c0[kVecs], c1[kVecs], c2[kVecs], c3[kVecs];
  for (int v = 0; v < kVecs; ++v) {
    c0[v] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(&w[0][8 * v]));
    c1[v] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(&w[1][8 * v]));
    c2[v] = _mm256_setzero_si256();
    c3[v] = _mm256_setzero_si256();
  }
  const __m256i m0 = _mm256_set1_epi32(static_cast<int>(0xD2511F53u));
  const __m256i m1 = _mm256_set1_epi32(static_cast<int>(0xCD9E8D57u));
  const __m256i w0 = _mm256_set1_epi32(static_cast<int>(0x9E3779B9u));
  const __m256i w1 = _mm256_set1_epi32(static_cast<int>(0xBB67AE85u));
  __m256i k0 = _mm256_set1_epi32(static_cast<int>(static_cast<uint32_t>(seed)));
  __m256i k1 = _mm256_set1_epi32(static_cast<int>(static_cast<uint32_t>(seed >> 32)));
  for (int round = 0; round < 10; ++round) {
    for (int v = 0; v < kVecs; ++v) {
      __m256i hi0, lo0, hi1, lo1;
      mulhilo8(c0[v], m0, &hi0, &lo0);
      mulhilo8(c2[v], m1, &hi1, &lo1);
      c0[v] = _mm256_xor_si256(_mm256_xor_si256(hi1, c1[v]), k0);
      c2[v] = _mm256_xor_si256(_mm256_xor_si256(hi0, c3[v]), k1);
      c1[v] = lo1;
      c3[v] = lo0;
    }
    k0 = _mm256_add_epi32(k0, w0);
    k1 = _mm256_add_epi32(k1, w1);
  }
  for (int v = 0; v < kVecs; ++v) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(&w[0][8 * v]), c0[v]);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(&w[1][8 * v]), c1[v]);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(&w[2][8 * v]), c2[v]);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(&w[3][8 * v]), c3[v]);
  }
}
#else
EMBER_VEC_INLINE void philox_batch(uint64_t seed, uint64_t first, uint32_t (&w)[4][kBatch]) {
  philox_batch_generic(seed, first, w);
}
#endif

EMBER_VEC_INLINE float u01(uint32_t w) { return static_cast<float>(w >> 8) * 0x1p-24f; }

// Box-Muller: the pair (a, b) of words -> r cos t, r sin t.
EMBER_VEC_INLINE void box_muller(uint32_t a, uint32_t b, float* z0, float* z1) {
  const float u1 = 1.0f - u01(a);  // (0, 1]: log is finite
  const float r = std::sqrt(-2.0f * log_f32(u1));
  float s, c;
  sincos_turns_f32(u01(b), &s, &c);
  *z0 = r * c;
  *z1 = r * s;
}

struct Uniform {
  static EMBER_VEC_INLINE void batch(const uint32_t (&w)[4][kBatch], float* out) {
    float o[4][kBatch];
    for (int k = 0; k < 4; ++k)
      for (int j = 0; j < kBatch; ++j) o[k][j] = u01(w[k][j]);
    for (int j = 0; j < kBatch; ++j)
      for (int k = 0; k < 4; ++k) out[4 * j + k] = o[k][j];
  }
  static void block(const PhiloxBlock& b, float* out) {
    for (int k = 0; k < 4; ++k) out[k] = u01(b.w[k]);
  }
};

struct Normal {
  static EMBER_VEC_INLINE void batch(const uint32_t (&w)[4][kBatch], float* out) {
    float o[4][kBatch];
    for (int j = 0; j < kBatch; ++j) box_muller(w[0][j], w[1][j], &o[0][j], &o[1][j]);
    for (int j = 0; j < kBatch; ++j) box_muller(w[2][j], w[3][j], &o[2][j], &o[3][j]);
    for (int j = 0; j < kBatch; ++j)
      for (int k = 0; k < 4; ++k) out[4 * j + k] = o[k][j];
  }
  static void block(const PhiloxBlock& b, float* out) {
    box_muller(b.w[0], b.w[1], &out[0], &out[1]);
    box_muller(b.w[2], b.w[3], &out[2], &out[3]);
  }
};

// Elements [first, first + n): a partial block, whole batches, then single blocks.
template <class D>
void fill(float* out, int64_t first, int64_t n, uint64_t seed, uint64_t base) {
  int64_t i = first;
  const int64_t end = first + n;
  float vals[4];
  auto partial = [&](int64_t block_end) {  // elements of one block, some of which are wanted
    const int64_t b = i / 4;
    D::block(philox_block(seed, base + b), vals);
    for (; i < end && i < block_end; ++i) out[i - first] = vals[i % 4];
  };
  if (i % 4 != 0) partial((i / 4 + 1) * 4);
  for (; i + 4 * kBatch <= end; i += 4 * kBatch) {
    uint32_t w[4][kBatch];
    philox_batch(seed, base + i / 4, w);
    D::batch(w, out + (i - first));
  }
  while (i < end) partial(i + 4);
}

}  // namespace

void fill_random_table(RandomKernels& table) {
  table.uniform_f32 = &fill<Uniform>;
  table.normal_f32 = &fill<Normal>;
}

}  // namespace ember::cpu::EMBER_ISA
