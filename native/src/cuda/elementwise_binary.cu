// add (with alpha) and the binary math ops on the device, with the CPU
// kernels' semantics (cpu/elementwise_kernels.inl). Integer division by zero
// gives 0 here: a kernel can't raise, and checking first would cost a sync.
#include "device_loop.cuh"
#include "kernels.h"

namespace ember::cuda {
namespace {

template <class A>
__device__ __forceinline__ A int_floor_div(A a, A b) {
  if (b == 0) return 0;
  if constexpr (std::is_signed_v<A>) {
    if (b == A(-1)) return A(0) - a;  // no overflow trap on INT_MIN / -1
    const A q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
  } else {
    return a / b;
  }
}
template <class A>
__device__ __forceinline__ A int_remainder(A a, A b) {
  if (b == 0) return 0;
  if constexpr (std::is_signed_v<A>) {
    if (b == A(-1)) return 0;
    A r = a % b;
    if (r != 0 && ((r < 0) != (b < 0))) r += b;
    return r;
  } else {
    return a % b;
  }
}
template <class A>
__device__ __forceinline__ A int_pow(A base, A exp) {
  if constexpr (std::is_signed_v<A>) {
    if (exp < 0) return base == 1 ? A(1) : (base == -1 ? ((exp & 1) ? A(-1) : A(1)) : A(0));
  }
  A result = 1;
  while (exp) {
    if (exp & 1) result = static_cast<A>(result * base);
    base = static_cast<A>(base * base);
    exp >>= 1;
  }
  return result;
}
template <class A>
__device__ __forceinline__ A float_floor_div(A a, A b) {
  if (b == A(0)) return a / b;
  const A r = fmod(a, b);
  A div = (a - r) / b;
  if (r != A(0) && ((b < A(0)) != (r < A(0)))) div -= A(1);
  if (div == A(0)) return copysign(A(0), a / b);
  const A floored = floor(div);
  return div - floored > A(0.5) ? floored + A(1) : floored;
}
template <class A>
__device__ __forceinline__ A float_remainder(A a, A b) {
  A r = fmod(a, b);
  if (r != A(0) && ((r < A(0)) != (b < A(0)))) r += b;
  return r;
}
template <class A>
__device__ __forceinline__ A shift_left(A a, A b) {
  using U = std::make_unsigned_t<A>;
  if (below_zero(b) || b >= A(sizeof(A) * 8)) return 0;
  return static_cast<A>(static_cast<U>(a) << b);
}
template <class A>
__device__ __forceinline__ A shift_right(A a, A b) {
  if (below_zero(b) || b >= A(sizeof(A) * 8)) return below_zero(a) ? A(-1) : A(0);
  return static_cast<A>(a >> b);
}

template <class T>
struct AddFn {  // a + alpha * b
  using A = Acc<T>;
  A alpha;
  explicit AddFn(const KernelParams& p) : alpha(param<A>(p, 0)) {}
  __device__ __forceinline__ T operator()(T va, T vb) const {
    if constexpr (std::is_same_v<T, bool>) {
      return va || (alpha && vb);
    } else {
      return T(A(va) + alpha * A(vb));
    }
  }
};

#define EMBER_BINARY_FN(NAME, EXPR)                             \
  template <class T>                                            \
  struct NAME {                                                 \
    using A = Acc<T>;                                           \
    explicit NAME(const KernelParams&) {}                       \
    __device__ __forceinline__ T operator()(T va, T vb) const { \
      const A a = A(va), b = A(vb);                             \
      return T(EXPR);                                           \
    }                                                           \
  };

EMBER_BINARY_FN(MulFn, a* b)
EMBER_BINARY_FN(AndFn, a&& b)
EMBER_BINARY_FN(OrFn, a || b)
EMBER_BINARY_FN(XorBoolFn, a != b)
EMBER_BINARY_FN(BoolPowFn, a || !b)
EMBER_BINARY_FN(IntDivTruncFn, b == 0 ? A(0) : (std::is_signed_v<A> && b == A(-1) ? A(0) - a : a / b))
EMBER_BINARY_FN(IntFloorDivideFn, int_floor_div(a, b))
EMBER_BINARY_FN(IntRemainderFn, int_remainder(a, b))
EMBER_BINARY_FN(IntFmodFn, b == 0 ? A(0) : (std::is_signed_v<A> && b == A(-1) ? A(0) : a % b))
EMBER_BINARY_FN(IntPowFn, int_pow(a, b))
EMBER_BINARY_FN(IntMaxFn, a > b ? a : b)
EMBER_BINARY_FN(IntMinFn, a < b ? a : b)
EMBER_BINARY_FN(BitAndFn, a& b)
EMBER_BINARY_FN(BitOrFn, a | b)
EMBER_BINARY_FN(BitXorFn, a ^ b)
EMBER_BINARY_FN(LeftShiftFn, shift_left(a, b))
EMBER_BINARY_FN(RightShiftFn, shift_right(a, b))
EMBER_BINARY_FN(DivFn, a / b)
EMBER_BINARY_FN(DivTruncFn, trunc(a / b))
EMBER_BINARY_FN(FloorDivideFn, float_floor_div(a, b))
EMBER_BINARY_FN(RemainderFn, float_remainder(a, b))
EMBER_BINARY_FN(FmodFn, fmod(a, b))
EMBER_BINARY_FN(PowFn, pow(a, b))
EMBER_BINARY_FN(MaximumFn, (a != a || b != b) ? a + b : (a > b ? a : b))  // NaN propagates
EMBER_BINARY_FN(MinimumFn, (a != a || b != b) ? a + b : (a < b ? a : b))
EMBER_BINARY_FN(FmaxFn, fmax(a, b))  // NaN ignored
EMBER_BINARY_FN(FminFn, fmin(a, b))
EMBER_BINARY_FN(Atan2Fn, atan2(a, b))
EMBER_BINARY_FN(HypotFn, hypot(a, b))
EMBER_BINARY_FN(CopysignFn, copysign(a, b))
#undef EMBER_BINARY_FN

template <class T, template <class> class Op>
void entry(const LaunchLayout& l, const KernelParams& p) {
  launch<Op<T>, T, T, T>(l, Op<T>(p));
}

template <class T>
void fill_dtype(ElementwiseTable& t) {
  const int dt = static_cast<int>(dtype_of<T>());
  auto set = [&](BinaryMath op, DeviceLoop loop) { t.binary[static_cast<int>(op)][dt] = loop; };
  t.add[dt] = &entry<T, AddFn>;
  if constexpr (std::is_same_v<T, bool>) {
    for (BinaryMath op : {BinaryMath::Mul, BinaryMath::Minimum, BinaryMath::BitwiseAnd, BinaryMath::Fmin})
      set(op, &entry<T, AndFn>);
    for (BinaryMath op : {BinaryMath::Maximum, BinaryMath::BitwiseOr, BinaryMath::Fmax}) set(op, &entry<T, OrFn>);
    set(BinaryMath::BitwiseXor, &entry<T, XorBoolFn>);
    set(BinaryMath::Pow, &entry<T, BoolPowFn>);
  } else if constexpr (std::is_integral_v<T>) {
    set(BinaryMath::Mul, &entry<T, MulFn>);
    set(BinaryMath::DivTrunc, &entry<T, IntDivTruncFn>);
    set(BinaryMath::FloorDivide, &entry<T, IntFloorDivideFn>);
    set(BinaryMath::Remainder, &entry<T, IntRemainderFn>);
    set(BinaryMath::Fmod, &entry<T, IntFmodFn>);
    set(BinaryMath::Pow, &entry<T, IntPowFn>);
    set(BinaryMath::Maximum, &entry<T, IntMaxFn>);
    set(BinaryMath::Fmax, &entry<T, IntMaxFn>);
    set(BinaryMath::Minimum, &entry<T, IntMinFn>);
    set(BinaryMath::Fmin, &entry<T, IntMinFn>);
    set(BinaryMath::BitwiseAnd, &entry<T, BitAndFn>);
    set(BinaryMath::BitwiseOr, &entry<T, BitOrFn>);
    set(BinaryMath::BitwiseXor, &entry<T, BitXorFn>);
    set(BinaryMath::LeftShift, &entry<T, LeftShiftFn>);
    set(BinaryMath::RightShift, &entry<T, RightShiftFn>);
  } else {
#define EMBER_SET(OP) set(BinaryMath::OP, &entry<T, OP##Fn>)
    EMBER_SET(Mul);
    EMBER_SET(Div);
    EMBER_SET(DivTrunc);
    EMBER_SET(FloorDivide);
    EMBER_SET(Remainder);
    EMBER_SET(Fmod);
    EMBER_SET(Pow);
    EMBER_SET(Maximum);
    EMBER_SET(Minimum);
    EMBER_SET(Fmax);
    EMBER_SET(Fmin);
    EMBER_SET(Atan2);
    EMBER_SET(Hypot);
    EMBER_SET(Copysign);
#undef EMBER_SET
  }
}

}  // namespace

void fill_binary_table(ElementwiseTable& table) {
  for (int i = 0; i < kNumDTypes; ++i)
    visit_device_dtype(static_cast<DType>(i), [&](auto tag) { fill_dtype<typename decltype(tag)::type>(table); });
}

}  // namespace ember::cuda
