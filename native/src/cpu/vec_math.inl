// float32 math without libm calls, so the loops over it vectorise. Included
// by elementwise_kernels.inl inside its per-ISA namespace: each instruction
// set gets its own copy (one shared inline definition would break dispatch).
// Accuracy, checked over every float32 against float64 libm: exp within
// 1.02 ulp, tanh 2.61 ulp, erf 2.9 ulp, erfc 6.5 ulp; gelu within 1.1e-6
// relative for results above 1e-3 in magnitude, 5e-6 above 1e-20 and 1.2e-5
// down to 1e-37 (its far negative tail, where PyTorch's 1 + erf cancels to 0).
// Measured with FMA; the baseline ISA rounds more (gelu 1.2e-6, 6.5e-6, 1.6e-5).

// Always inlined: a call left inside a loop stops it vectorising, and the
// per-ISA translation units are big enough that GCC's inlining growth limits
// would otherwise leave some out of line (erf and tanh were, 4x slower).
#ifndef EMBER_VEC_INLINE
#define EMBER_VEC_INLINE inline __attribute__((always_inline))
#endif

// a * b + c, fused where the ISA has FMA (a libm call otherwise).
EMBER_VEC_INLINE float madd(float a, float b, float c) {
#ifdef __FMA__
  return std::fma(a, b, c);
#else
  return a * b + c;
#endif
}

// exp(x) = 2^n * e^r with n = round(x / ln2) and |r| <= ln2 / 2: n by the
// 1.5 * 2^23 shift (rounds, and leaves n in the low bits of t), ln2 split in
// two for an exact reduction, e^r by a degree-6 polynomial (Cephes' expf
// coefficients). Returns e^r; the callers apply 2^n.
EMBER_VEC_INLINE float exp_reduced(float x, float& t) {
  constexpr float kShift = 12582912.0f;
  t = madd(x, 1.44269504088896341f, kShift);
  const float n = t - kShift;
  float r = madd(n, -0.693359375f, x);
  r = madd(n, 2.12194440e-4f, r);
  float p = 1.9875691500e-4f;
  p = madd(p, r, 1.3981999507e-3f);
  p = madd(p, r, 8.3334519073e-3f);
  p = madd(p, r, 4.1665795894e-2f);
  p = madd(p, r, 1.6666665459e-1f);
  p = madd(p, r, 5.0000001201e-1f);
  return madd(p * r, r, r) + 1.0f;
}
constexpr int kExpShiftBits = 0x4B400000;  // bit pattern of the 1.5 * 2^23 shift

// exp for x in [-104, 89] (outside, garbage, not UB): 2^n applied in two
// halves so subnormal results stay exact.
EMBER_VEC_INLINE float exp_f32_in_range(float x) {
  float t;
  const float p = exp_reduced(x, t);
  const int ni = std::bit_cast<int>(t) - kExpShiftBits;
  const int n1 = ni >> 1, n2 = ni - n1;
  return p * std::bit_cast<float>((n1 + 127) << 23) * std::bit_cast<float>((n2 + 127) << 23);
}

// exp for x in [-104, 0], the same bits: n <= 0, so 2^(n+64) is a normal
// float and one shift makes it from t's bits, then 2^-64 rounds once.
EMBER_VEC_INLINE float exp_nonpositive_f32(float x) {
  float t;
  const float p = exp_reduced(x, t);
  constexpr uint32_t kBias = (127u + 64u - static_cast<uint32_t>(kExpShiftBits)) << 23;
  return p * std::bit_cast<float>((std::bit_cast<uint32_t>(t) << 23) + kBias) * 0x1p-64f;
}

// Sequential selects (not one nested ?:) compile to two compare-and-blends.
// NaN compares false to both and comes through the polynomial as NaN.
EMBER_VEC_INLINE float exp_f32(float x) {
  float y = exp_f32_in_range(x);
  y = x > 88.72283935546875f ? INFINITY : y;
  y = x < -103.97208404541015625f ? 0.0f : y;
  return y;
}

// tanh(a) = expm1(2a) / (expm1(2a) + 2) for a = |x|, clamped at 9.1 where
// tanh rounds to 1: one formula over the whole range (two, picked per
// element, cost twice the work). expm1(2a) = 2^n expm1(2r) + 2^n - 1 with
// 2r = 2a - n ln2, |2r| <= ln2 / 2, and expm1(2r) = 2r + (2r)^2 P(2r), P a
// degree-4 least-squares minimax fit made for ember (0.22 ulp). Everything
// is halved (exactly: P's coefficient k scaled by 2^(k + 1)) so 2a is never
// formed, and 2^(n+1) comes straight from the shifted bits. One ln2 constant
// suffices: its error grows with n, but the division damps it by e^-2a.
EMBER_VEC_INLINE float tanh_f32(float x) {
  const float ax = std::fabs(x);
  const float a = 9.1f < ax ? 9.1f : ax;  // one min; NaN stays NaN
  constexpr float kShift = 12582912.0f;
  const float t = madd(a, 2.88539008177792682f, kShift);
  const float n = t - kShift;
  const float r = madd(n, -0.346573590279972655f, a);
  float q = 1.3882514322e-03f * 32;
  q = madd(q, r, 8.3665186539e-03f * 16);
  q = madd(q, r, 4.1667200625e-02f * 8);
  q = madd(q, r, 1.6666543484e-01f * 4);
  q = madd(q, r, 4.9999997020e-01f * 2);
  const float half_em_r = madd(q * r, r, r);
  constexpr uint32_t kBias = (128u - std::bit_cast<uint32_t>(kShift)) << 23;
  const float scale2 = std::bit_cast<float>((std::bit_cast<uint32_t>(t) << 23) + kBias);  // 2^(n+1)
  const float em = madd(scale2, half_em_r, madd(scale2, 0.5f, -1.0f));
  return std::copysign(em / (em + 2.0f), x);
}

// erf(z) = z * P(z^2) for |z| < 0.5; beyond, erfc(|z|) = exp(-z^2) * Q(t)
// with t = 1 / (1 + |z| / 2). P and Q are least-squares minimax fits made for
// ember (relative error below 6e-8 and 8e-8, coefficients rounded to float).
EMBER_VEC_INLINE float erf_small_f32(float z) {  // erf(z) for |z| < 0.5
  const float s = z * z;
  float p = 4.701251164e-03f;
  p = madd(p, s, -2.674880438e-02f);
  p = madd(p, s, 1.128269359e-01f);
  p = madd(p, s, -3.761260211e-01f);
  p = madd(p, s, 1.128379107e+00f);
  return z * p;
}
// erfc(a) for a >= 0 as exp(-a^2) * Q(t), Q a polynomial in t: erfc's own
// (10 coefficients, the accuracy stated above) or gelu's (erfcx_q8: 8,
// relative error below 4.4e-7, within what gelu states).
EMBER_VEC_INLINE float erfcx_q10(float t) {
  float q = -5.871615186e-02f;
  q = madd(q, t, 2.823924422e-01f);
  q = madd(q, t, -4.814991057e-01f);
  q = madd(q, t, 2.698225677e-01f);
  q = madd(q, t, -1.936843246e-02f);
  q = madd(q, t, 1.986690760e-01f);
  q = madd(q, t, 2.444970459e-01f);
  q = madd(q, t, 2.820846140e-01f);
  q = madd(q, t, 2.821194232e-01f);
  return madd(q, t, -1.554203095e-06f);
}
EMBER_VEC_INLINE float erfcx_q8(float t) {
  float q = 9.772486240e-02f;
  q = madd(q, t, -3.924445212e-01f);
  q = madd(q, t, 4.438034892e-01f);
  q = madd(q, t, -5.947000813e-03f);
  q = madd(q, t, 3.013823628e-01f);
  q = madd(q, t, 2.725144625e-01f);
  q = madd(q, t, 2.830023468e-01f);
  return madd(q, t, -3.560258483e-05f);
}
template <bool kGeluQ = false>
EMBER_VEC_INLINE float erfc_pos_f32(float a) {
  // erfc(10.19) is 0 in float; clamping there keeps inf out of a * a - hi
  // and -a^2 inside exp_nonpositive_f32's domain. An integer min (non-negative
  // floats order as their bits) is one instruction, but turns NaN into
  // 10.19, so callers pass NaN through themselves.
  a = std::bit_cast<float>(std::min(std::bit_cast<int>(a), std::bit_cast<int>(10.19f)));
  const float t = 1.0f / madd(a, 0.5f, 1.0f);
  const float q = kGeluQ ? erfcx_q8(t) : erfcx_q10(t);
  // exp(-a^2) with a^2 split into hi + lo, so its rounding isn't scaled up by a^2.
  const float hi = a * a;
#ifdef __FMA__
  const float lo = madd(a, a, -hi);
#else  // Dekker's exact product: a split into halves of 12 bits whose products are exact
  const float c = a * 4097.0f, ah = c - (c - a), al = a - ah;
  const float lo = ((ah * ah - hi) + 2.0f * ah * al) + al * al;
#endif
  return exp_nonpositive_f32(-hi) * madd(-lo, q, q);
}
EMBER_VEC_INLINE float erf_f32(float x) {
  const float a = std::fabs(x);
  const float large = std::copysign(1.0f - erfc_pos_f32(a), x);
  return a < 0.5f ? erf_small_f32(x) : (x != x ? x : large);
}
EMBER_VEC_INLINE float erfc_f32(float x) {
  const float a = std::fabs(x);
  const float c = erfc_pos_f32(a);
  const float large = x < 0.0f ? 2.0f - c : c;
  return a < 0.5f ? 1.0f - erf_small_f32(x) : (x != x ? x : large);
}
// 0.5 * x * (1 + erf(x / sqrt 2)); on the negative side 1 + erf is erfc(|z|),
// computed directly so tiny results keep their precision. NaN passes through x.
EMBER_VEC_INLINE float gelu_f32(float x) {
  const float z = x * 0.70710678118654752440f;
  const float c = erfc_pos_f32<true>(std::fabs(z));
  return 0.5f * x * (z < 0.0f ? c : 2.0f - c);
}

// log(x) for positive, finite, normal x (random numbers' Box-Muller only
// feeds it (0, 1]): x = m * 2^e with m in [sqrt(1/2), sqrt(2)), log(m) by
// Cephes' logf polynomial, ln2 split in two. Measured over every float32 in
// [2^-24, 1] against float64 log: within 0.99 ulp. This and sincos_turns_f32
// use no FMA (madd): normals must have the same bits on every ISA, and on a
// CUDA port that spells each step as __fmul_rn / __fadd_rn.
EMBER_VEC_INLINE float log_f32(float x) {
  const int xi = std::bit_cast<int>(x);
  const int e0 = ((xi >> 23) & 0xff) - 126;  // x = m0 * 2^e0, m0 in [0.5, 1)
  const float m0 = std::bit_cast<float>((xi & 0x007fffff) | 0x3f000000);
  const bool below = m0 < 0.70710678118654752440f;
  const float f = below ? m0 + m0 - 1.0f : m0 - 1.0f;  // exact (Sterbenz)
  const float e = static_cast<float>(below ? e0 - 1 : e0);
  const float z = f * f;
  float p = 7.0376836292e-2f;
  p = p * f + -1.1514610310e-1f;
  p = p * f + 1.1676998740e-1f;
  p = p * f + -1.2420140846e-1f;
  p = p * f + 1.4249322787e-1f;
  p = p * f + -1.6668057665e-1f;
  p = p * f + 2.0000714765e-1f;
  p = p * f + -2.4999993993e-1f;
  p = p * f + 3.3333331174e-1f;
  float y = p * f * z;
  y = e * -2.12194440e-4f + y;
  y = z * -0.5f + y;
  return e * 0.693359375f + (f + y);
}

// sin(2 pi u) and cos(2 pi u) for |u| < 2^20 (random numbers pass u in
// [0, 1)): u in quarter turns is split exactly into q + r, |r| <= 1/2, and
// Cephes' sinf/cosf polynomials on r * pi / 2 in [-pi/4, pi/4] are rotated by
// q quarter turns. Measured over every u = k 2^-24 in [0, 1) against float64:
// within 1.1e-7 absolute (results are in [-1, 1]).
EMBER_VEC_INLINE void sincos_turns_f32(float u, float* s, float* c) {
  constexpr float kShift = 12582912.0f;  // 1.5 * 2^23: rounds to an integer in the low bits
  const float y = u * 4.0f;
  const float t = y + kShift;
  const int q = std::bit_cast<int>(t) - std::bit_cast<int>(kShift);
  const float x = (y - (t - kShift)) * 1.57079632679489661923f;
  const float z = x * x;
  float ps = -1.9515295891e-4f;
  ps = ps * z + 8.3321608736e-3f;
  ps = ps * z + -1.6666654611e-1f;
  const float sin_r = ps * z * x + x;
  float pc = 2.443315711809948e-5f;
  pc = pc * z + -1.388731625493765e-3f;
  pc = pc * z + 4.166664568298827e-2f;
  const float cos_r = pc * z * z + (z * -0.5f + 1.0f);
  const bool swap = (q & 1) != 0;
  const float sv = swap ? cos_r : sin_r, cv = swap ? sin_r : cos_r;
  *s = std::bit_cast<float>(std::bit_cast<int>(sv) ^ ((q & 2) << 30));
  *c = std::bit_cast<float>(std::bit_cast<int>(cv) ^ (((q + 1) & 2) << 30));
}

template <class R>
EMBER_VEC_INLINE R exp_of(R x) {
  if constexpr (std::is_same_v<R, float>)
    return exp_f32(x);
  else
    return std::exp(x);
}
template <class R>
EMBER_VEC_INLINE R tanh_of(R x) {
  if constexpr (std::is_same_v<R, float>)
    return tanh_f32(x);
  else
    return std::tanh(x);
}
template <class R>
EMBER_VEC_INLINE R erf_of(R x) {
  if constexpr (std::is_same_v<R, float>)
    return erf_f32(x);
  else
    return std::erf(x);
}
template <class R>
EMBER_VEC_INLINE R erfc_of(R x) {
  if constexpr (std::is_same_v<R, float>)
    return erfc_f32(x);
  else
    return std::erfc(x);
}
template <class R>
EMBER_VEC_INLINE R gelu_of(R x) {
  if constexpr (std::is_same_v<R, float>)
    return gelu_f32(x);
  else
    return R(0.5) * x * std::erfc(-x * R(0.70710678118654752440));
}
