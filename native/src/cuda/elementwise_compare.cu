// Comparisons (bool out), predicates and the ternary ops on the device, with
// the CPU kernels' semantics (cpu/elementwise_kernels.inl).
#include "device_loop.cuh"
#include "kernels.h"

namespace ember::cuda {
namespace {

// isclose on one pair: as the CPU's is_close (integers compare exactly in int64, then in double).
template <class A>
__device__ __forceinline__ bool is_close(A a, A b, double rtol, double atol, bool equal_nan) {
  if (a == b) return true;
  if constexpr (std::is_floating_point_v<A>) {
    if (a != a || b != b) return equal_nan && a != a && b != b;
    const A diff = fabs(a - b);
    return isfinite(diff) && diff <= A(atol) + A(rtol) * fabs(b);
  } else {
    const auto wa = static_cast<int64_t>(a), wb = static_cast<int64_t>(b);
    const uint64_t diff = wa > wb ? uint64_t(wa) - uint64_t(wb) : uint64_t(wb) - uint64_t(wa);
    return double(diff) <= atol + rtol * fabs(double(b));
  }
}

#define EMBER_COMPARE_FN(NAME, EXPR)                               \
  template <class T>                                               \
  struct NAME {                                                    \
    using A = Acc<T>;                                              \
    explicit NAME(const KernelParams&) {}                          \
    __device__ __forceinline__ bool operator()(T va, T vb) const { \
      const A a = A(va), b = A(vb);                                \
      return EXPR;                                                 \
    }                                                              \
  };
EMBER_COMPARE_FN(EqFn, a == b)
EMBER_COMPARE_FN(NeFn, a != b)
EMBER_COMPARE_FN(LtFn, a < b)
EMBER_COMPARE_FN(LeFn, a <= b)
EMBER_COMPARE_FN(GtFn, a > b)
EMBER_COMPARE_FN(GeFn, a >= b)
EMBER_COMPARE_FN(LogicalAndFn, a != A(0) && b != A(0))
EMBER_COMPARE_FN(LogicalOrFn, a != A(0) || b != A(0))
EMBER_COMPARE_FN(LogicalXorFn, (a != A(0)) != (b != A(0)))
#undef EMBER_COMPARE_FN

template <class T>
struct IsCloseFn {
  using A = Acc<T>;
  double rtol, atol;
  bool equal_nan;
  explicit IsCloseFn(const KernelParams& p) : rtol(p.f[0]), atol(p.f[1]), equal_nan(p.f[2] != 0) {}
  __device__ __forceinline__ bool operator()(T a, T b) const { return is_close(A(a), A(b), rtol, atol, equal_nan); }
};

#define EMBER_PREDICATE_FN(NAME, EXPR)                      \
  template <class T>                                        \
  struct NAME {                                             \
    using A = Acc<T>;                                       \
    explicit NAME(const KernelParams&) {}                   \
    __device__ __forceinline__ bool operator()(T v) const { \
      [[maybe_unused]] const A x = A(v);                    \
      return EXPR;                                          \
    }                                                       \
  };
EMBER_PREDICATE_FN(LogicalNotFn, x == A(0))
EMBER_PREDICATE_FN(IsNanFn, x != x)
EMBER_PREDICATE_FN(IsInfFn, isinf(x))
EMBER_PREDICATE_FN(IsFiniteFn, isfinite(x))
EMBER_PREDICATE_FN(IsPosInfFn, x == A(INFINITY))
EMBER_PREDICATE_FN(IsNegInfFn, x == A(-INFINITY))
EMBER_PREDICATE_FN(FalseFn, false)
EMBER_PREDICATE_FN(TrueFn, true)
EMBER_PREDICATE_FN(IntSignbitFn, below_zero(x))
#undef EMBER_PREDICATE_FN

// The sign bit read from the bits: converting a 16-bit float NaN to float
// (cvt.f32.f16) makes it the canonical, positive NaN.
template <class T>
struct SignbitFn {
  explicit SignbitFn(const KernelParams&) {}
  __device__ __forceinline__ bool operator()(T v) const {
    if constexpr (sizeof(T) == 2) {
      unsigned short bits;
      memcpy(&bits, &v, 2);
      return bits >> 15;
    } else {
      return signbit(v);
    }
  }
};

template <class T>
struct WhereFn {
  explicit WhereFn(const KernelParams&) {}
  __device__ __forceinline__ T operator()(bool c, T a, T b) const { return c ? a : b; }
};
template <class T>
struct LerpFn {  // two formulas meet at weight 0.5 so both ends are exact
  using A = Acc<T>;
  explicit LerpFn(const KernelParams&) {}
  __device__ __forceinline__ T operator()(T s, T e, T w) const {
    const A a = A(s), b = A(e), t = A(w);
    return T(fabs(t) < A(0.5) ? a + t * (b - a) : b - (b - a) * (A(1) - t));
  }
};
template <class T>
struct AddcdivFn {
  using A = Acc<T>;
  A v;
  explicit AddcdivFn(const KernelParams& p) : v(param<A>(p, 0)) {}
  __device__ __forceinline__ T operator()(T x, T y, T z) const { return T(A(x) + (v * A(y)) / A(z)); }
};
template <class T>
struct AddcmulFn {
  using A = Acc<T>;
  A v;
  explicit AddcmulFn(const KernelParams& p) : v(param<A>(p, 0)) {}
  __device__ __forceinline__ T operator()(T x, T y, T z) const { return T(A(x) + v * A(y) * A(z)); }
};
template <class T>
struct ClampFn {  // min(max(x, lo), hi), NaN from any operand propagating; lo > hi gives hi
  using A = Acc<T>;
  explicit ClampFn(const KernelParams&) {}
  __device__ __forceinline__ T operator()(T vx, T vlo, T vhi) const {
    const A x = A(vx), lo = A(vlo), hi = A(vhi);
    if (x != x || lo != lo || hi != hi) return T(x != x ? x : (lo != lo ? lo : hi));
    const A m = x < lo ? lo : x;
    return T(m > hi ? hi : m);
  }
};

template <class T, template <class> class Op>
void compare_entry(const LaunchLayout& l, const KernelParams& p) {
  launch<Op<T>, bool, T, T>(l, Op<T>(p));
}
template <class T, template <class> class Op>
void predicate_entry(const LaunchLayout& l, const KernelParams& p) {
  launch<Op<T>, bool, T>(l, Op<T>(p));
}
template <class T, template <class> class Op>
void ternary_entry(const LaunchLayout& l, const KernelParams& p) {
  launch<Op<T>, T, T, T, T>(l, Op<T>(p));
}
template <class T>
void where_entry(const LaunchLayout& l, const KernelParams& p) {
  launch<WhereFn<T>, T, bool, T, T>(l, WhereFn<T>(p));
}

template <class T>
void fill_dtype(ElementwiseTable& t) {
  const int dt = static_cast<int>(dtype_of<T>());
  auto cmp = [&](Comparison op, DeviceLoop loop) { t.compare[static_cast<int>(op)][dt] = loop; };
  auto pred = [&](Predicate op, DeviceLoop loop) { t.predicate[static_cast<int>(op)][dt] = loop; };
  auto tern = [&](cpu::TernaryOp op, DeviceLoop loop) { t.ternary[static_cast<int>(op)][dt] = loop; };
  cmp(Comparison::Eq, &compare_entry<T, EqFn>);
  cmp(Comparison::Ne, &compare_entry<T, NeFn>);
  cmp(Comparison::Lt, &compare_entry<T, LtFn>);
  cmp(Comparison::Le, &compare_entry<T, LeFn>);
  cmp(Comparison::Gt, &compare_entry<T, GtFn>);
  cmp(Comparison::Ge, &compare_entry<T, GeFn>);
  cmp(Comparison::LogicalAnd, &compare_entry<T, LogicalAndFn>);
  cmp(Comparison::LogicalOr, &compare_entry<T, LogicalOrFn>);
  cmp(Comparison::LogicalXor, &compare_entry<T, LogicalXorFn>);
  cmp(Comparison::IsClose, &compare_entry<T, IsCloseFn>);
  pred(Predicate::LogicalNot, &predicate_entry<T, LogicalNotFn>);
  if constexpr (kFloating<T>) {
    pred(Predicate::IsNan, &predicate_entry<T, IsNanFn>);
    pred(Predicate::IsInf, &predicate_entry<T, IsInfFn>);
    pred(Predicate::IsFinite, &predicate_entry<T, IsFiniteFn>);
    pred(Predicate::IsPosInf, &predicate_entry<T, IsPosInfFn>);
    pred(Predicate::IsNegInf, &predicate_entry<T, IsNegInfFn>);
    pred(Predicate::Signbit, &predicate_entry<T, SignbitFn>);
    tern(cpu::TernaryOp::Lerp, &ternary_entry<T, LerpFn>);
    tern(cpu::TernaryOp::Addcdiv, &ternary_entry<T, AddcdivFn>);
  } else {
    for (Predicate op : {Predicate::IsNan, Predicate::IsInf, Predicate::IsPosInf, Predicate::IsNegInf})
      pred(op, &predicate_entry<T, FalseFn>);
    pred(Predicate::IsFinite, &predicate_entry<T, TrueFn>);
    pred(Predicate::Signbit, std::is_signed_v<T> ? &predicate_entry<T, IntSignbitFn> : &predicate_entry<T, FalseFn>);
  }
  tern(cpu::TernaryOp::Where, &where_entry<T>);
  tern(cpu::TernaryOp::Clamp, &ternary_entry<T, ClampFn>);
  if constexpr (!std::is_same_v<T, bool>) tern(cpu::TernaryOp::Addcmul, &ternary_entry<T, AddcmulFn>);
}

}  // namespace

void fill_compare_table(ElementwiseTable& table) {
  for (int i = 0; i < kNumDTypes; ++i)
    visit_device_dtype(static_cast<DType>(i), [&](auto tag) { fill_dtype<typename decltype(tag)::type>(table); });
}

}  // namespace ember::cuda
