#include "ember/generator.h"

#include <cstring>
#include <random>

#include "ember/error.h"

namespace ember {

uint64_t GeneratorImpl::initial_seed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return seed_;
}

void GeneratorImpl::manual_seed(uint64_t seed) {
  std::lock_guard<std::mutex> lock(mu_);
  seed_ = seed;
  offset_ = 0;
}

uint64_t GeneratorImpl::seed() {
  std::random_device rd;
  const uint64_t s = (static_cast<uint64_t>(rd()) << 32) | rd();
  manual_seed(s);
  return s;
}

uint64_t GeneratorImpl::offset() const {
  std::lock_guard<std::mutex> lock(mu_);
  return offset_;
}

uint64_t GeneratorImpl::reserve(uint64_t blocks) {
  std::lock_guard<std::mutex> lock(mu_);
  const uint64_t first = offset_;
  offset_ += blocks;
  return first;
}

Tensor GeneratorImpl::get_state() const {
  Tensor state = empty(DimVector{kStateBytes}, DType::UInt8);
  std::lock_guard<std::mutex> lock(mu_);
  auto* p = state.data<uint8_t>();
  for (int i = 0; i < 8; ++i) {
    p[i] = static_cast<uint8_t>(seed_ >> (8 * i));
    p[8 + i] = static_cast<uint8_t>(offset_ >> (8 * i));
  }
  return state;
}

void GeneratorImpl::set_state(const Tensor& state) {
  EMBER_CHECK(state.dtype() == DType::UInt8, Type, "set_state: RNG state must be a uint8 tensor, got ",
              name(state.dtype()));
  EMBER_CHECK(state.numel() == kStateBytes && state.dim() == 1, Runtime, "set_state: expected a generator state of ",
              kStateBytes, " bytes (seed and offset), got shape ", shape_str(state.sizes()));
  uint64_t seed = 0, offset = 0;
  for (int i = 0; i < 8; ++i) {
    const auto byte = [&](int k) { return static_cast<uint64_t>(state.data<uint8_t>()[k * state.stride(0)]); };
    seed |= byte(i) << (8 * i);
    offset |= byte(8 + i) << (8 * i);
  }
  std::lock_guard<std::mutex> lock(mu_);
  seed_ = seed;
  offset_ = offset;
}

GeneratorImpl& default_generator() {
  // Never freed: Python's ember.default_generator holds it for the process's life.
  static GeneratorImpl* gen = [] {
    auto* g = new GeneratorImpl();
    g->incref();
    return g;
  }();
  return *gen;
}

}  // namespace ember
