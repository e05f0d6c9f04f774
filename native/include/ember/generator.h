// Random number generators: counter-based Philox4x32-10 (Salmon, Moraes, Dror,
// Shaw: "Parallel random numbers: as easy as 1, 2, 3", SC 2011).
//
// A generator is (seed, offset). The Philox key is the seed (low word k0,
// high word k1); the 128-bit counter of block b is (c0, c1) = the low and high
// words of offset + b, c2 = a sub-stream index (0 except in poisson), c3 = 0.
// Each block gives four 32-bit words. An op reserves a fixed number of blocks
// (advancing the offset by it) and element i of its output, in row-major order
// of the output's shape, takes:
//   32-bit draws (float32/16/bf16 values, integer ranges up to 2^32):
//     word i % 4 of block i / 4;
//   64-bit draws (float64 values, larger integer ranges, bernoulli,
//   multinomial, randperm): words (2k, 2k+1) with k = i % 2 of block i / 2,
//     as (hi << 32) | lo with lo the word 2k;
//   normal (Box-Muller): float32 outputs 4j..4j+3 from block j, pairs (w0, w1)
//     and (w2, w3) each giving r cos t, r sin t with u1 = 1 - (w0 >> 8) 2^-24,
//     u2 = (w1 >> 8) 2^-24, r = sqrt(-2 log u1), t = 2 pi u2; float64
//     outputs 2j, 2j+1 from block j's two 64-bit draws the same way with 53 bits;
//   poisson: element i owns the counter offset + i and draws from its
//     sub-streams c2 = 0, 1, ... two 64-bit uniforms per block.
// Uniforms: 32-bit w -> (w >> 8) * 2^-24; 64-bit w -> (w >> 11) * 2^-53, in [0, 1).
// So every value depends only on (seed, offset, element index): the same
// numbers at any thread count and on any device that follows this layout.
#pragma once

#include <cstdint>
#include <mutex>

#include "ember/device.h"
#include "ember/intrusive_ptr.h"
#include "ember/tensor.h"

namespace ember {

struct PhiloxBlock {
  uint32_t w[4];
};

// Philox4x32 with 10 rounds, from the paper's definition (constants as there).
inline PhiloxBlock philox4x32_10(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0, uint32_t k1) {
  constexpr uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u, kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;
  for (int round = 0; round < 10; ++round) {
    const uint64_t p0 = static_cast<uint64_t>(kM0) * c0, p1 = static_cast<uint64_t>(kM1) * c2;
    const uint32_t hi0 = static_cast<uint32_t>(p0 >> 32), lo0 = static_cast<uint32_t>(p0);
    const uint32_t hi1 = static_cast<uint32_t>(p1 >> 32), lo1 = static_cast<uint32_t>(p1);
    c0 = hi1 ^ c1 ^ k0;
    c1 = lo1;
    c2 = hi0 ^ c3 ^ k1;
    c3 = lo0;
    k0 += kW0;
    k1 += kW1;
  }
  return {{c0, c1, c2, c3}};
}

// Block `block` of the stream at (seed, sub-stream).
inline PhiloxBlock philox_block(uint64_t seed, uint64_t block, uint32_t sub = 0) {
  return philox4x32_10(static_cast<uint32_t>(block), static_cast<uint32_t>(block >> 32), sub, 0,
                       static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32));
}

inline uint64_t philox_u64(const PhiloxBlock& b, int k) {
  return (static_cast<uint64_t>(b.w[2 * k + 1]) << 32) | b.w[2 * k];
}
inline float uniform_from_u32(uint32_t w) { return static_cast<float>(w >> 8) * 0x1p-24f; }
inline double uniform_from_u64(uint64_t w) { return static_cast<double>(w >> 11) * 0x1p-53; }

class GeneratorImpl : public RefCounted {
 public:
  static constexpr uint64_t kDefaultSeed = 67280421310721ull;  // PyTorch's default CPU seed
  static constexpr int64_t kStateBytes = 16;                   // seed, then offset, little-endian

  explicit GeneratorImpl(Device device = {}) : device_(device) {}

  Device device() const { return device_; }
  uint64_t initial_seed() const;
  void manual_seed(uint64_t seed);  // also rewinds the offset to 0
  uint64_t seed();                  // seeds from the OS's entropy; returns the seed
  uint64_t offset() const;
  // Reserves `blocks` consecutive counters: returns the first, moves the offset past them.
  uint64_t reserve(uint64_t blocks);

  // The state as a uint8 tensor of kStateBytes (PyTorch's CPU state is its Mersenne Twister's 5056 bytes).
  Tensor get_state() const;
  void set_state(const Tensor& state);

 private:
  mutable std::mutex mu_;
  Device device_;
  uint64_t seed_ = kDefaultSeed;
  uint64_t offset_ = 0;
};

using Generator = intrusive_ptr<GeneratorImpl>;

// The default CPU generator (ember.default_generator).
GeneratorImpl& default_generator();
// `gen`, or the default generator when null.
inline GeneratorImpl& generator_or_default(GeneratorImpl* gen) { return gen ? *gen : default_generator(); }

}  // namespace ember
