// Sorting by key: each element maps to an unsigned integer whose order is
// PyTorch's order of the values, packed with its position so that every
// comparison is of plain integers and ties fall in input order. Long lines
// are sorted by LSD radix sort on 11-bit digits of the key (stable, three
// passes over memory for 32-bit keys: 3.3x faster than std::stable_sort of
// (key, index) pairs on 1e6 floats on a loaded 2-core machine; 8-bit digits
// were ~5% slower), short ones and selections by std::sort/nth_element on the
// packed items, whose total order makes them deterministic too.
#include "sort_kernels.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <type_traits>
#include <utility>
#include <vector>

namespace ember::cpu {
namespace {

// The unsigned key of each storage type, and whether NaN exists in it.
template <class T>
struct KeyTraits;

template <class U, int kBits>
U float_key(U bits) {
  constexpr U sign = U(1) << (kBits - 1);
  constexpr U exp_mask = U(~sign);  // magnitude bits
  const U mag = bits & exp_mask;
  if (mag == 0) return sign;  // -0.0 sorts as +0.0
  return (bits & sign) ? U(~bits) : U(bits | sign);
}

template <>
struct KeyTraits<float> {
  using K = uint32_t;
  static constexpr bool kHasNan = true;
  static K key(float v) { return v != v ? ~K(0) : float_key<uint32_t, 32>(std::bit_cast<uint32_t>(v)); }
};
template <>
struct KeyTraits<double> {
  using K = uint64_t;
  static constexpr bool kHasNan = true;
  static K key(double v) { return v != v ? ~K(0) : float_key<uint64_t, 64>(std::bit_cast<uint64_t>(v)); }
};
template <>
struct KeyTraits<Half> {
  using K = uint16_t;
  static constexpr bool kHasNan = true;
  static K key(Half v) { return (v.bits & 0x7fff) > 0x7c00 ? K(0xffff) : float_key<uint16_t, 16>(v.bits); }
};
template <>
struct KeyTraits<BFloat16> {
  using K = uint16_t;
  static constexpr bool kHasNan = true;
  static K key(BFloat16 v) { return (v.bits & 0x7fff) > 0x7f80 ? K(0xffff) : float_key<uint16_t, 16>(v.bits); }
};
template <>
struct KeyTraits<bool> {
  using K = uint8_t;
  static constexpr bool kHasNan = false;
  static K key(bool v) { return v ? 1 : 0; }
};
template <class T>
  requires std::is_integral_v<T>
struct KeyTraits<T> {
  using K = std::make_unsigned_t<T>;
  static constexpr bool kHasNan = false;
  // Signed: flipping the sign bit maps two's complement order onto unsigned order.
  static K key(T v) {
    if constexpr (std::is_signed_v<T>)
      return static_cast<K>(static_cast<K>(v) ^ (K(1) << (sizeof(K) * 8 - 1)));
    else
      return static_cast<K>(v);
  }
};

// Keys of up to 32 bits and positions below 2^32 pack into one uint64 (key
// high): sorting the words sorts by key, then by position. Wider keys, or
// longer lines, are (key, position) pairs.
struct Wide {
  uint64_t key, pos;
  bool operator<(const Wide& o) const { return key < o.key || (key == o.key && pos < o.pos); }
  bool operator==(const Wide& o) const = default;
};

template <class Item>
struct ItemOps;
template <>
struct ItemOps<uint64_t> {
  static uint64_t make(uint64_t key, int64_t pos) { return (key << 32) | static_cast<uint64_t>(pos); }
  static uint64_t key(uint64_t it) { return it >> 32; }
  static int64_t pos(uint64_t it) { return static_cast<int64_t>(it & 0xffffffffu); }
};
template <>
struct ItemOps<Wide> {
  static Wide make(uint64_t key, int64_t pos) { return {key, static_cast<uint64_t>(pos)}; }
  static uint64_t key(const Wide& it) { return it.key; }
  static int64_t pos(const Wide& it) { return static_cast<int64_t>(it.pos); }
};

// Below this many elements std::sort beats the radix sort's fixed costs (256
// counters a pass); measured on float32 rows: 64 is about even, radix sort
// 2x faster at 256. From kWideDigitMin, 11-bit digits (see radix_sort).
constexpr int64_t kRadixMin = 64;
constexpr int64_t kWideDigitMin = int64_t{1} << 16;

// Stable LSD radix sort of items by the low `key_bits` bits of their key,
// kDigit bits a pass (11: three passes for 32-bit keys, where 8 takes four,
// and 2048 counters still sit in L1, worth it for long lines); tmp holds n
// items. Passes where every
// key has the same digit are skipped.
template <int kDigit, class Item>
void radix_sort(Item* items, Item* tmp, int64_t n, int key_bits) {
  using Ops = ItemOps<Item>;
  constexpr int kMaxPasses = (64 + kDigit - 1) / kDigit;
  constexpr uint64_t kMask = (uint64_t{1} << kDigit) - 1;
  const int passes = (key_bits + kDigit - 1) / kDigit;
  std::array<std::array<int64_t, kMask + 1>, kMaxPasses> counts;
  for (int p = 0; p < passes; ++p) counts[p].fill(0);
  for (int64_t i = 0; i < n; ++i) {
    const uint64_t k = Ops::key(items[i]);
    for (int p = 0; p < passes; ++p) ++counts[p][(k >> (kDigit * p)) & kMask];
  }
  Item* src = items;
  Item* dst = tmp;
  for (int p = 0; p < passes; ++p) {
    auto& c = counts[p];
    if (c[(Ops::key(src[0]) >> (kDigit * p)) & kMask] == n) continue;  // one bucket: order unchanged
    int64_t sum = 0;
    for (int64_t& x : c) {
      const int64_t here = x;
      x = sum;
      sum += here;
    }
    for (int64_t i = 0; i < n; ++i) dst[c[(Ops::key(src[i]) >> (kDigit * p)) & kMask]++] = src[i];
    std::swap(src, dst);
  }
  if (src != items) std::memcpy(static_cast<void*>(items), src, n * sizeof(Item));
}

// Buffers for the items of a line. Short lines (many rows) reuse one per
// thread; long ones get their own, so a thread never keeps gigabytes alive
// after one big sort.
template <class Item>
struct Scratch {
  static constexpr int64_t kKeep = int64_t{1} << 16;  // items a thread keeps between lines
  std::vector<Item> own_items, own_tmp;
  std::vector<Item>& items;
  std::vector<Item>& tmp;
  explicit Scratch(int64_t n)
      : items(n <= kKeep ? kept().first : own_items), tmp(n <= kKeep ? kept().second : own_tmp) {
    items.resize(n);
  }
  static std::pair<std::vector<Item>, std::vector<Item>>& kept() {
    thread_local std::pair<std::vector<Item>, std::vector<Item>> k;
    return k;
  }
};

template <class T, class Item>
void run_line(SortOp op, const SortLine& line, int64_t n, int64_t k, bool descending) {
  using Traits = KeyTraits<T>;
  using Ops = ItemOps<Item>;
  const T* in = reinterpret_cast<const T*>(line.in);
  T* values = reinterpret_cast<T*>(line.values);
  auto emit = [&](int64_t at, int64_t pos) {
    values[at * line.values_stride] = in[pos * line.in_stride];
    line.indices[at * line.indices_stride] = pos;
  };
  Scratch<Item> s(n);
  Item* items = s.items.data();
  // Descending order is ascending order of the complemented keys.
  const uint64_t flip = descending ? static_cast<uint64_t>(static_cast<typename Traits::K>(~0ull)) : 0;
  for (int64_t i = 0; i < n; ++i) items[i] = Ops::make(Traits::key(in[i * line.in_stride]) ^ flip, i);
  constexpr uint64_t kNanKey = static_cast<typename Traits::K>(~0ull);

  auto full_sort = [&] {
    if (n < kRadixMin) {
      std::sort(items, items + n);
    } else {
      s.tmp.resize(n);
      // Short lines: 8-bit digits, whose 256 counters a pass cost less to clear and sum.
      if (n < kWideDigitMin)
        radix_sort<8>(items, s.tmp.data(), n, 8 * sizeof(typename Traits::K));
      else
        radix_sort<11>(items, s.tmp.data(), n, 8 * sizeof(typename Traits::K));
    }
  };
  switch (op) {
    case SortOp::Sort:
      full_sort();
      for (int64_t i = 0; i < n; ++i) emit(i, Ops::pos(items[i]));
      return;
    case SortOp::TopK:
      if (k * 8 < n) {  // a heap of k beats sorting all n
        std::partial_sort(items, items + k, items + n);
      } else {
        full_sort();
      }
      for (int64_t i = 0; i < k; ++i) emit(i, Ops::pos(items[i]));
      return;
    case SortOp::Kth:
      std::nth_element(items, items + k, items + n);
      emit(0, Ops::pos(items[k]));
      return;
    case SortOp::Median:
    case SortOp::NanMedian: {
      int64_t m = n;  // non-NaN elements
      if constexpr (Traits::kHasNan) {
        int64_t first_nan = -1;
        for (int64_t i = 0; i < n; ++i)
          if (Ops::key(items[i]) == kNanKey) {
            if (first_nan < 0) first_nan = i;
            --m;
          }
        if (op == SortOp::Median && first_nan >= 0) return emit(0, first_nan);
        if (m == 0) return emit(0, first_nan);  // all NaN: NaN at index 0
      }
      const int64_t mid = (m - 1) / 2;  // NaN keys are largest: the first m sorted items are numbers
      std::nth_element(items, items + mid, items + n);
      emit(0, Ops::pos(items[mid]));
      return;
    }
    case SortOp::Mode: {
      full_sort();
      int64_t best_len = 0, best_last = 0;
      for (int64_t i = 0; i < n;) {
        int64_t j = i + 1;
        while (j < n && Ops::key(items[j]) == Ops::key(items[i])) ++j;
        if (j - i > best_len) best_len = j - i, best_last = Ops::pos(items[j - 1]);  // stable: last is the latest
        i = j;
      }
      emit(0, best_last);
      return;
    }
  }
}

template <class T>
void line_kernel(SortOp op, const SortLine& line, int64_t n, int64_t k, bool descending) {
  if (n == 0) return;
  if constexpr (sizeof(typename KeyTraits<T>::K) <= 4) {
    if (n <= (int64_t{1} << 32)) return run_line<T, uint64_t>(op, line, n, k, descending);
  }
  run_line<T, Wide>(op, line, n, k, descending);
}

}  // namespace

SortLineFn sort_line_fn(DType t) {
  return visit_dtype(t, [](auto tag) -> SortLineFn {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_same_v<T, std::complex<float>> || std::is_same_v<T, std::complex<double>>)
      return nullptr;
    else
      return &line_kernel<T>;
  });
}

}  // namespace ember::cpu
