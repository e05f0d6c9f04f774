// Reduction, scan and softmax kernels, written once and compiled per
// instruction set: each isa/reduce_*.cpp defines EMBER_ISA and includes this
// file. Contiguous runs fold into many independent accumulators (lanes) that
// the compiler keeps in vector registers; the lanes are then added pairwise,
// which also keeps float32 sums accurate.
#include <algorithm>
#include <bit>
#include <cmath>
#include <complex>
#include <limits>
#include <type_traits>

#include "cast.h"
#include "reduce_kernels.h"

namespace ember::cpu::EMBER_ISA {
namespace {

#include "vec_math.inl"

template <class T>
using Wide = std::conditional_t<std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>, float, T>;

template <class T>
constexpr bool kFloat = std::is_floating_point_v<Wide<T>>;

template <class A>
inline bool is_nan(A v) {
  if constexpr (std::is_floating_point_v<A>)
    return v != v;
  else
    return false;
}

// Stateless functors for the folds below: a function pointer would be called
// indirectly per element wherever the compiler doesn't inline the fold (8x
// slower sums over short rows once fold_lanes had two call sites).
template <class Op>
struct StepOf {
  template <class A>
  A operator()(A a, A x) const {
    return Op::step(a, x);
  }
};
template <class Op>
struct ApplyOf {
  template <class A>
  A operator()(A a, A b) const {
    return Op::apply(a, b);
  }
};

// Folds n contiguous values through step(lane, value) into L lanes, then
// combines the lanes pairwise; the tail goes into lane 0 first.
template <class A, int L, class T, class Step, class Combine>
inline A fold_lanes(const T* p, int64_t n, A init, Step step, Combine combine) {
  A lanes[L];
  for (int j = 0; j < L; ++j) lanes[j] = init;
  int64_t i = 0;
  for (; i + L <= n; i += L)
    for (int j = 0; j < L; ++j) lanes[j] = step(lanes[j], A(p[i + j]));
  for (int j = 0; i < n; ++i, ++j) lanes[j] = step(lanes[j], A(p[i]));
  for (int w = L / 2; w >= 1; w /= 2)
    for (int j = 0; j < w; ++j) lanes[j] = combine(lanes[j], lanes[j + w]);
  return lanes[0];
}

// Lanes for a 4-vector-wide fold of A (at least 4).
template <class A>
constexpr int kLanes = std::max<int>(4, 128 / sizeof(A));

// Folds long contiguous runs in chunks of kChunk: each chunk goes into fresh
// lanes that are then added lane by lane to running lanes, so a lane's error
// grows with n / kChunk, not n, and the lanes are combined across only once
// (combining them per chunk cost ~7% of an in-cache float sum).
template <class A, int L, class T, class Step, class Combine>
inline A fold_lanes_chunked(const T* p, int64_t n, A init, Step step, Combine combine) {
  constexpr int64_t kChunk = 2048;
  static_assert(kChunk % L == 0);
  if (n <= kChunk) return fold_lanes<A, L>(p, n, init, step, combine);
  A total[L];
  for (int j = 0; j < L; ++j) total[j] = init;
  const int64_t ahead_bytes = reduce_prefetch_bytes;
  int64_t c = 0;
  for (; c + kChunk <= n; c += kChunk) {
    A lanes[L];
    for (int j = 0; j < L; ++j) lanes[j] = init;
    for (int64_t i = c; i < c + kChunk; i += L) {
      // The hardware prefetcher alone left a single-thread sum of 64 MB ~13%
      // (Zen 1) to 25% (Zen 4) below the bandwidth it reaches with this.
      const char* ahead = reinterpret_cast<const char*>(p + i) + ahead_bytes;
      __builtin_prefetch(ahead);
      if constexpr (L * sizeof(T) > 64) __builtin_prefetch(ahead + 64);
      for (int j = 0; j < L; ++j) lanes[j] = step(lanes[j], A(p[i + j]));
    }
    for (int j = 0; j < L; ++j) total[j] = combine(total[j], lanes[j]);
  }
  if (c < n) total[0] = combine(total[0], fold_lanes<A, L>(p + c, n - c, init, step, combine));
  for (int w = L / 2; w >= 1; w /= 2)
    for (int j = 0; j < w; ++j) total[j] = combine(total[j], total[j + w]);
  return total[0];
}

// Sum, product and NaN-skipping sum.
template <class T, class Op>
struct Accumulate {
  using A = Wide<T>;
  using Acc = A;
  static constexpr bool kColumns = true;
  A init() const { return Op::identity(); }
  void fold(A& acc, const char* p, int64_t stride, int64_t n, int64_t) const {
    if (stride == sizeof(T)) {
      acc = Op::apply(acc, fold_lanes_chunked<A, kLanes<A>>(reinterpret_cast<const T*>(p), n, Op::identity(),
                                                            StepOf<Op>{}, ApplyOf<Op>{}));
      return;
    }
    for (int64_t i = 0; i < n; ++i) acc = Op::step(acc, A(*reinterpret_cast<const T*>(p + i * stride)));
  }
  void combine(A& a, const A& b) const { a = Op::apply(a, b); }
  void fold_columns(A* acc, const char* row, int64_t n, int64_t) const {
    const T* x = reinterpret_cast<const T*>(row);
    for (int64_t j = 0; j < n; ++j) acc[j] = Op::step(acc[j], A(x[j]));
  }
  void write(char* const* outs, const A& acc) const { *reinterpret_cast<T*>(outs[0]) = T(acc); }
};

template <class A>
struct SumOp {
  static A identity() { return A(0); }
  static A step(A a, A x) { return a + x; }
  static A apply(A a, A b) { return a + b; }
};
template <class A>
struct ProdOp {
  static A identity() { return A(1); }
  static A step(A a, A x) { return a * x; }
  static A apply(A a, A b) { return a * b; }
};
template <class A>
struct NanSumOp {
  static A identity() { return A(0); }
  static A step(A a, A x) { return a + (is_nan(x) ? A(0) : x); }
  static A apply(A a, A b) { return a + b; }
};
template <>
struct SumOp<bool> {
  static bool identity() { return false; }
  static bool step(bool a, bool x) { return a || x; }
  static bool apply(bool a, bool b) { return a || b; }
};
template <>
struct ProdOp<bool> {
  static bool identity() { return true; }
  static bool step(bool a, bool x) { return a && x; }
  static bool apply(bool a, bool b) { return a && b; }
};

// Max/min with NaN winning: `better(a, b)` keeps a when it is NaN or beats b.
template <class A, bool kMax>
inline A pick(A a, A b) {
  if constexpr (kMax)
    return (a > b || is_nan(a)) ? a : b;
  else
    return (a < b || is_nan(a)) ? a : b;
}
template <class A, bool kMax>
struct Pick {
  A operator()(A a, A b) const { return pick<A, kMax>(a, b); }
};

template <class T, bool kMax>
struct Extreme {
  using A = Wide<T>;
  using Acc = A;
  static constexpr bool kColumns = true;
  A init() const {
    if constexpr (std::is_floating_point_v<A>)
      return kMax ? -std::numeric_limits<A>::infinity() : std::numeric_limits<A>::infinity();
    else
      return kMax ? std::numeric_limits<A>::lowest() : std::numeric_limits<A>::max();
  }
  void fold(A& acc, const char* p, int64_t stride, int64_t n, int64_t) const {
    if (stride == sizeof(T)) {
      acc = pick<A, kMax>(
          acc, fold_lanes<A, kLanes<A>>(reinterpret_cast<const T*>(p), n, init(), Pick<A, kMax>{}, Pick<A, kMax>{}));
      return;
    }
    for (int64_t i = 0; i < n; ++i) acc = pick<A, kMax>(acc, A(*reinterpret_cast<const T*>(p + i * stride)));
  }
  void combine(A& a, const A& b) const { a = pick<A, kMax>(a, b); }
  void fold_columns(A* acc, const char* row, int64_t n, int64_t) const {
    const T* x = reinterpret_cast<const T*>(row);
    for (int64_t j = 0; j < n; ++j) acc[j] = pick<A, kMax>(acc[j], A(x[j]));
  }
  void write(char* const* outs, const A& acc) const { *reinterpret_cast<T*>(outs[0]) = T(acc); }
};

template <class A>
struct ValueIndex {
  A value;
  int64_t index;
};

// The position of the first x[i] equal to v (or NaN when v is), which is
// known to exist: blocks of 32 are tested with vector compares first.
template <class A, class T>
inline int64_t first_match(const T* x, int64_t n, A v) {
  constexpr int64_t kBlock = 32;
  const bool nan = is_nan(v);
  int64_t i = 0;
  for (; i + kBlock <= n; i += kBlock) {
    int hit = 0;
    if (nan) {
      for (int64_t j = 0; j < kBlock; ++j) hit |= is_nan(A(x[i + j]));
    } else {
      for (int64_t j = 0; j < kBlock; ++j) hit |= A(x[i + j]) == v;
    }
    if (hit) break;
  }
  while (nan ? !is_nan(A(x[i])) : A(x[i]) != v) ++i;
  return i;
}

// Arg max/min: the first index of the extreme value (NaN counts as extreme).
template <class T, bool kMax>
struct ArgExtreme {
  using A = Wide<T>;
  using Acc = ValueIndex<A>;
  static constexpr bool kColumns = true;
  Acc init() const { return {Extreme<T, kMax>().init(), -1}; }
  // b follows a: b wins only when strictly better (or a NaN where a has none).
  static void take(Acc& a, A v, int64_t index) {
    if (a.index < 0 || (!is_nan(a.value) && (is_nan(v) || (kMax ? v > a.value : v < a.value)))) a = {v, index};
  }
  void fold(Acc& acc, const char* p, int64_t stride, int64_t n, int64_t index) const {
    if (stride == sizeof(T) && n > 0) {
      // The extreme value with vector code, then its first position.
      const T* x = reinterpret_cast<const T*>(p);
      const A best = fold_lanes<A, kLanes<A>>(x, n, Extreme<T, kMax>().init(), Pick<A, kMax>{}, Pick<A, kMax>{});
      take(acc, best, index + first_match(x, n, best));
      return;
    }
    for (int64_t i = 0; i < n; ++i) take(acc, A(*reinterpret_cast<const T*>(p + i * stride)), index + i);
  }
  void combine(Acc& a, const Acc& b) const {
    if (b.index >= 0) take(a, b.value, b.index);
  }
  void fold_columns(Acc* acc, const char* row, int64_t n, int64_t index) const {
    const T* x = reinterpret_cast<const T*>(row);
    for (int64_t j = 0; j < n; ++j) take(acc[j], A(x[j]), index);
  }
  void write(char* const* outs, const Acc& acc) const {
    *reinterpret_cast<T*>(outs[0]) = T(acc.value);
    *reinterpret_cast<int64_t*>(outs[1]) = acc.index;
  }
};

template <class T, bool kAll>
struct Logical {
  using Acc = bool;
  static constexpr bool kColumns = true;
  bool init() const { return kAll; }
  static bool truth(T v) { return cast_value<bool>(v); }
  void fold(bool& acc, const char* p, int64_t stride, int64_t n, int64_t) const {
    bool r = kAll;
    for (int64_t i = 0; i < n; ++i) {
      if constexpr (kAll)
        r = r && truth(*reinterpret_cast<const T*>(p + i * stride));
      else
        r = r || truth(*reinterpret_cast<const T*>(p + i * stride));
    }
    acc = kAll ? (acc && r) : (acc || r);
  }
  void combine(bool& a, const bool& b) const { a = kAll ? (a && b) : (a || b); }
  void fold_columns(bool* acc, const char* row, int64_t n, int64_t) const {
    const T* x = reinterpret_cast<const T*>(row);
    for (int64_t j = 0; j < n; ++j) acc[j] = kAll ? (acc[j] && truth(x[j])) : (acc[j] || truth(x[j]));
  }
  void write(char* const* outs, const bool& acc) const { *reinterpret_cast<bool*>(outs[0]) = acc; }
};

template <class K>
void run_kernel(ReduceLoop& loop) {
  loop.run(K());
}

// Scans: a running value along one line.
template <class T, class Op>
void scan_accumulate(char* out, int64_t so, char*, int64_t, const char* in, int64_t si, int64_t n) {
  using A = Wide<T>;
  A acc = Op::identity();
  for (int64_t i = 0; i < n; ++i) {
    acc = Op::step(acc, A(*reinterpret_cast<const T*>(in + i * si)));
    *reinterpret_cast<T*>(out + i * so) = T(acc);
  }
}

// log(sum(exp)) so far, kept stable: log(e^a + e^b) = max + log1p(e^-(|a-b|)).
template <class T>
void scan_logcumsumexp(char* out, int64_t so, char*, int64_t, const char* in, int64_t si, int64_t n) {
  using A = Wide<T>;
  A acc = -std::numeric_limits<A>::infinity();
  for (int64_t i = 0; i < n; ++i) {
    const A x = A(*reinterpret_cast<const T*>(in + i * si));
    const A hi = std::max(acc, x), lo = std::min(acc, x);
    if (is_nan(x) || is_nan(acc))
      acc = std::numeric_limits<A>::quiet_NaN();
    else if (lo == -std::numeric_limits<A>::infinity() || hi == lo)
      acc = hi == lo && std::isfinite(hi) ? hi + std::log(A(2)) : hi;
    else
      acc = hi + std::log1p(std::exp(lo - hi));
    *reinterpret_cast<T*>(out + i * so) = T(acc);
  }
}

// Running max/min; ties move the index forward (PyTorch's cummax), NaN sticks.
template <class T, bool kMax>
void scan_extreme(char* out, int64_t so, char* idx, int64_t sx, const char* in, int64_t si, int64_t n) {
  using A = Wide<T>;
  A best{};
  int64_t at = 0;
  for (int64_t i = 0; i < n; ++i) {
    const A x = A(*reinterpret_cast<const T*>(in + i * si));
    if (i == 0 || is_nan(x) || (!is_nan(best) && (kMax ? x >= best : x <= best))) {
      best = x;
      at = i;
    }
    *reinterpret_cast<T*>(out + i * so) = T(best);
    *reinterpret_cast<int64_t*>(idx + i * sx) = at;
  }
}

// softmax(x) = exp(x - max) / sum; log_softmax(x) = x - max - log(sum).
template <class T>
void softmax_row(char* out_bytes, const char* in_bytes, int64_t n, bool log) {
  using A = Wide<T>;
  const T* x = reinterpret_cast<const T*>(in_bytes);
  T* out = reinterpret_cast<T*>(out_bytes);
  const A m = fold_lanes<A, kLanes<A>>(x, n, -std::numeric_limits<A>::infinity(), Pick<A, true>{}, Pick<A, true>{});
  // A row whose max is infinite: subtract 0 instead, as x - inf would give NaN.
  const A shift = std::isinf(m) ? A(0) : m;
  A sum = 0;
  if constexpr (std::is_same_v<T, float>) {
    if (!log) {
      for (int64_t i = 0; i < n; ++i) out[i] = exp_of(x[i] - shift);
      sum = fold_lanes<A, kLanes<A>>(out, n, A(0), StepOf<SumOp<A>>{}, ApplyOf<SumOp<A>>{});
      const A r = A(1) / sum;
      for (int64_t i = 0; i < n; ++i) out[i] = out[i] * r;
      return;
    }
  }
  for (int64_t i = 0; i < n; ++i) sum += exp_of(A(x[i]) - shift);
  if (log) {
    const A ls = std::log(sum);
    for (int64_t i = 0; i < n; ++i) out[i] = T(A(x[i]) - shift - ls);
  } else {
    for (int64_t i = 0; i < n; ++i) out[i] = T(exp_of(A(x[i]) - shift) / sum);
  }
}

template <class T>
void fill_dtype(ReduceKernels& t) {
  const int dt = static_cast<int>(dtype_of<T>());
  auto set = [&](ReduceOp op, ReduceFn fn) { t.reduce[static_cast<int>(op)][dt] = fn; };
  auto set_scan = [&](ScanOp op, ScanFn fn) { t.scan[static_cast<int>(op)][dt] = fn; };
  using A = Wide<T>;
  set(ReduceOp::Sum, &run_kernel<Accumulate<T, SumOp<A>>>);
  set(ReduceOp::Prod, &run_kernel<Accumulate<T, ProdOp<A>>>);
  set(ReduceOp::NanSum, &run_kernel<Accumulate<T, NanSumOp<A>>>);
  set(ReduceOp::All, &run_kernel<Logical<T, true>>);
  set(ReduceOp::Any, &run_kernel<Logical<T, false>>);
  set_scan(ScanOp::CumSum, &scan_accumulate<T, SumOp<A>>);
  set_scan(ScanOp::CumProd, &scan_accumulate<T, ProdOp<A>>);
  if constexpr (!is_complex_t<T>::value) {
    set(ReduceOp::Max, &run_kernel<Extreme<T, true>>);
    set(ReduceOp::Min, &run_kernel<Extreme<T, false>>);
    set(ReduceOp::ArgMax, &run_kernel<ArgExtreme<T, true>>);
    set(ReduceOp::ArgMin, &run_kernel<ArgExtreme<T, false>>);
    set_scan(ScanOp::CumMax, &scan_extreme<T, true>);
    set_scan(ScanOp::CumMin, &scan_extreme<T, false>);
  }
  if constexpr (kFloat<T>) {
    set_scan(ScanOp::LogCumSumExp, &scan_logcumsumexp<T>);
    t.softmax[dt] = &softmax_row<T>;
  }
}

}  // namespace

void fill_reduce_table(ReduceKernels& table) {
  for (int i = 0; i < kNumDTypes; ++i)
    visit_dtype(static_cast<DType>(i), [&](auto tag) { fill_dtype<typename decltype(tag)::type>(table); });
}

}  // namespace ember::cpu::EMBER_ISA
