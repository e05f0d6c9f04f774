"""Elementwise math, comparisons and predicates."""

# fmt: off
DOCS = {
    "abs": """\
abs(input, *, out=None) -> Tensor

The absolute value of each element.

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.abs(x)
tensor([1.5000, 0.0000, 0.5000, 2.0000])
""",
    "acos": """\
acos(input, *, out=None) -> Tensor

The arccosine of each element, in radians.

Example:

>>> x = ember.tensor([-0.5, 0.0, 0.5])
>>> ember.acos(x)
tensor([2.0944, 1.5708, 1.0472])
""",
    "acosh": """\
acosh(input, *, out=None) -> Tensor

The inverse hyperbolic cosine of each element.

Example:

>>> x = ember.tensor([1.0, 2.0, 4.0])
>>> ember.acosh(x)
tensor([0.0000, 1.3170, 2.0634])
""",
    "asin": """\
asin(input, *, out=None) -> Tensor

The arcsine of each element, in radians.

Example:

>>> x = ember.tensor([-0.5, 0.0, 0.5])
>>> ember.asin(x)
tensor([-0.5236,  0.0000,  0.5236])
""",
    "asinh": """\
asinh(input, *, out=None) -> Tensor

The inverse hyperbolic sine of each element.

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.asinh(x)
tensor([-1.1948,  0.0000,  0.4812,  1.4436])
""",
    "atan": """\
atan(input, *, out=None) -> Tensor

The arctangent of each element, in radians.

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.atan(x)
tensor([-0.9828,  0.0000,  0.4636,  1.1071])
""",
    "atanh": """\
atanh(input, *, out=None) -> Tensor

The inverse hyperbolic tangent of each element.

Example:

>>> x = ember.tensor([-0.5, 0.0, 0.5])
>>> ember.atanh(x)
tensor([-0.5493,  0.0000,  0.5493])
""",
    "bitwise_not": """\
bitwise_not(input, *, out=None) -> Tensor

The bitwise NOT of each element of an integer or bool tensor.

Example:

>>> ember.bitwise_not(ember.tensor([0, 5, -3]))
tensor([-1, -6,  2])
""",
    "ceil": """\
ceil(input, *, out=None) -> Tensor

The smallest integer not less than each element.

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.ceil(x)
tensor([-1.,  0.,  1.,  2.])
""",
    "celu": """\
celu(input, alpha=1.0, *, out=None) -> Tensor

The CELU activation, ``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``.

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.celu(x)
tensor([-0.7769,  0.0000,  0.5000,  2.0000])
""",
    "cos": """\
cos(input, *, out=None) -> Tensor

The cosine of each element (in radians).

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.cos(x)
tensor([ 0.0707,  1.0000,  0.8776, -0.4161])
""",
    "cosh": """\
cosh(input, *, out=None) -> Tensor

The hyperbolic cosine of each element.

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.cosh(x)
tensor([2.3524, 1.0000, 1.1276, 3.7622])
""",
    "digamma": """\
digamma(input, *, out=None) -> Tensor

The logarithmic derivative of the gamma function, element by element.

Example:

>>> x = ember.tensor([0.25, 0.5, 1.0, 4.0])
>>> ember.digamma(x)
tensor([-4.2275, -1.9635, -0.5772,  1.2561])
""",
    "erf": """\
erf(input, *, out=None) -> Tensor

The error function of each element.

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.erf(x)
tensor([-0.9661,  0.0000,  0.5205,  0.9953])
""",
    "erfc": """\
erfc(input, *, out=None) -> Tensor

The complementary error function ``1 - erf(x)`` of each element.

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.erfc(x)
tensor([1.9661, 1.0000, 0.4795, 0.0047])
""",
    "erfinv": """\
erfinv(input, *, out=None) -> Tensor

The inverse of the error function, element by element.

Example:

>>> x = ember.tensor([-0.5, 0.0, 0.5])
>>> ember.erfinv(x)
tensor([-0.4769,  0.0000,  0.4769])
""",
    "exp": """\
exp(input, *, out=None) -> Tensor

The exponential of each element.

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.exp(x)
tensor([0.2231, 1.0000, 1.6487, 7.3891])
""",
    "exp2": """\
exp2(input, *, out=None) -> Tensor

Two raised to the power of each element.

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.exp2(x)
tensor([0.3536, 1.0000, 1.4142, 4.0000])
""",
    "expm1": """\
expm1(input, *, out=None) -> Tensor

``exp(x) - 1`` of each element, accurate near zero.

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.expm1(x)
tensor([-0.7769,  0.0000,  0.6487,  6.3891])
""",
    "floor": """\
floor(input, *, out=None) -> Tensor

The largest integer not greater than each element.

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.floor(x)
tensor([-2.,  0.,  0.,  2.])
""",
    "frac": """\
frac(input, *, out=None) -> Tensor

The fractional part of each element, with the sign of the element.

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.frac(x)
tensor([-0.5000,  0.0000,  0.5000,  0.0000])
""",
    "lgamma": """\
lgamma(input, *, out=None) -> Tensor

The natural logarithm of the absolute value of the gamma function.

Example:

>>> x = ember.tensor([0.25, 0.5, 1.0, 4.0])
>>> ember.lgamma(x)
tensor([1.2880, 0.5724, 0.0000, 1.7918])
""",
    "log": """\
log(input, *, out=None) -> Tensor

The natural logarithm of each element.

Example:

>>> x = ember.tensor([0.25, 0.5, 1.0, 4.0])
>>> ember.log(x)
tensor([-1.3863, -0.6931,  0.0000,  1.3863])
""",
    "log10": """\
log10(input, *, out=None) -> Tensor

The base-10 logarithm of each element.

Example:

>>> x = ember.tensor([0.25, 0.5, 1.0, 4.0])
>>> ember.log10(x)
tensor([-0.6021, -0.3010,  0.0000,  0.6021])
""",
    "log1p": """\
log1p(input, *, out=None) -> Tensor

``log(1 + x)`` of each element, accurate near zero.

Example:

>>> x = ember.tensor([0.25, 0.5, 1.0, 4.0])
>>> ember.log1p(x)
tensor([0.2231, 0.4055, 0.6931, 1.6094])
""",
    "log2": """\
log2(input, *, out=None) -> Tensor

The base-2 logarithm of each element.

Example:

>>> x = ember.tensor([0.25, 0.5, 1.0, 4.0])
>>> ember.log2(x)
tensor([-2., -1.,  0.,  2.])
""",
    "logit": """\
logit(input, eps=None, *, out=None) -> Tensor

The log-odds ``log(p / (1 - p))`` of each element; with ``eps``, inputs are clamped to ``[eps, 1 - eps]``
first.

Example:

>>> p = ember.tensor([0.1, 0.5, 0.9])
>>> ember.logit(p)
tensor([-2.1972,  0.0000,  2.1972])
""",
    "nan_to_num": """\
nan_to_num(input, nan=0.0, posinf=None, neginf=None, *, out=None) -> Tensor

Replaces NaN, positive and negative infinity with finite numbers (by default 0 and the dtype's largest and
smallest values).

Example:

>>> x = ember.tensor([float('nan'), float('inf'), -float('inf'), 1.0])
>>> ember.nan_to_num(x, nan=0.0, posinf=10.0, neginf=-10.0)
tensor([  0.,  10., -10.,   1.])
""",
    "neg": """\
neg(input, *, out=None) -> Tensor

The negation of each element.

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.neg(x)
tensor([ 1.5000, -0.0000, -0.5000, -2.0000])
""",
    "reciprocal": """\
reciprocal(input, *, out=None) -> Tensor

``1 / x`` of each element.

Example:

>>> x = ember.tensor([0.25, 0.5, 1.0, 4.0])
>>> ember.reciprocal(x)
tensor([4.0000, 2.0000, 1.0000, 0.2500])
""",
    "relu": """\
relu(input, *, out=None) -> Tensor

The rectified linear unit ``max(0, x)`` of each element.

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.relu(x)
tensor([0.0000, 0.0000, 0.5000, 2.0000])
""",
    "round": """\
round(input, *, decimals=None, out=None) -> Tensor

Rounds each element to the nearest integer, halves to even; with ``decimals``, to that many decimal places.

Example:

>>> x = ember.tensor([0.5, 1.5, 2.5, -1.25])
>>> ember.round(x)
tensor([ 0.,  2.,  2., -1.])
>>> ember.round(x, decimals=1)
tensor([ 0.5000,  1.5000,  2.5000, -1.2000])
""",
    "rsqrt": """\
rsqrt(input, *, out=None) -> Tensor

The reciprocal of the square root of each element.

Example:

>>> x = ember.tensor([0.25, 0.5, 1.0, 4.0])
>>> ember.rsqrt(x)
tensor([2.0000, 1.4142, 1.0000, 0.5000])
""",
    "selu": """\
selu(input, *, out=None) -> Tensor

The SELU activation: ``scale * (max(0, x) + min(0, alpha * (exp(x) - 1)))`` with the fixed constants of the
self-normalising paper.

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.selu(x)
tensor([-1.3658,  0.0000,  0.5254,  2.1014])
""",
    "sgn": """\
sgn(input, *, out=None) -> Tensor

The sign of each element; for complex inputs, ``x / abs(x)``.

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.sgn(x)
tensor([-1.,  0.,  1.,  1.])
""",
    "sigmoid": """\
sigmoid(input, *, out=None) -> Tensor

The logistic function ``1 / (1 + exp(-x))`` of each element.

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.sigmoid(x)
tensor([0.1824, 0.5000, 0.6225, 0.8808])
""",
    "sign": """\
sign(input, *, out=None) -> Tensor

-1, 0 or 1 for each element, by its sign.

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.sign(x)
tensor([-1.,  0.,  1.,  1.])
""",
    "sin": """\
sin(input, *, out=None) -> Tensor

The sine of each element (in radians).

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.sin(x)
tensor([-0.9975,  0.0000,  0.4794,  0.9093])
""",
    "sinh": """\
sinh(input, *, out=None) -> Tensor

The hyperbolic sine of each element.

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.sinh(x)
tensor([-2.1293,  0.0000,  0.5211,  3.6269])
""",
    "sqrt": """\
sqrt(input, *, out=None) -> Tensor

The square root of each element.

Example:

>>> x = ember.tensor([0.25, 0.5, 1.0, 4.0])
>>> ember.sqrt(x)
tensor([0.5000, 0.7071, 1.0000, 2.0000])
""",
    "square": """\
square(input, *, out=None) -> Tensor

The square of each element.

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.square(x)
tensor([2.2500, 0.0000, 0.2500, 4.0000])
""",
    "tan": """\
tan(input, *, out=None) -> Tensor

The tangent of each element (in radians).

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.tan(x)
tensor([-14.1014,   0.0000,   0.5463,  -2.1850])
""",
    "tanh": """\
tanh(input, *, out=None) -> Tensor

The hyperbolic tangent of each element.

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.tanh(x)
tensor([-0.9051,  0.0000,  0.4621,  0.9640])
""",
    "trunc": """\
trunc(input, *, out=None) -> Tensor

Rounds each element towards zero.

Example:

>>> x = ember.tensor([-1.5, 0.0, 0.5, 2.0])
>>> ember.trunc(x)
tensor([-1.,  0.,  0.,  2.])
""",
    "add": """\
add(input, other, *, alpha=1, out=None) -> Tensor

Adds ``other``, multiplied by ``alpha``, to ``input``, broadcasting the two.

Example:

>>> a = ember.tensor([1.0, 2.0, 3.0])
>>> ember.add(a, 10)
tensor([11., 12., 13.])
>>> ember.add(a, ember.tensor([[1.0], [2.0]]), alpha=2)
tensor([[3., 4., 5.],
        [5., 6., 7.]])
""",
    "sub": """\
sub(input, other, *, alpha=1, out=None) -> Tensor

Subtracts ``other``, multiplied by ``alpha``, from ``input``, broadcasting the two.

Example:

>>> a = ember.tensor([1.0, 2.0, 3.0])
>>> ember.sub(a, ember.tensor([0.5, 0.5, 0.5]), alpha=2)
tensor([0., 1., 2.])
""",
    "mul": """\
mul(input, other, *, out=None) -> Tensor

Multiplies ``input`` by ``other`` element by element, broadcasting the two.

Example:

>>> a = ember.tensor([1, 2, 3])
>>> ember.mul(a, 2)
tensor([2, 4, 6])
>>> ember.mul(a, ember.tensor([0.5, 1.0, 1.5]))
tensor([0.5000, 2.0000, 4.5000])
""",
    "div": """\
div(input, other, *, rounding_mode=None, out=None) -> Tensor

Divides ``input`` by ``other`` element by element; ``rounding_mode`` is None (true division), ``'trunc'`` or
``'floor'``.

Example:

>>> a = ember.tensor([7, -7])
>>> ember.div(a, 2)
tensor([ 3.5000, -3.5000])
>>> ember.div(a, 2, rounding_mode='floor')
tensor([ 3, -4])
>>> ember.div(a, 2, rounding_mode='trunc')
tensor([ 3, -3])
""",
    "true_divide": """\
true_divide(input, other, *, out=None) -> Tensor

Alias of :func:`ember.div` without a rounding mode: integer inputs give a floating-point result.

Example:

>>> ember.true_divide(ember.tensor([1, 2, 3]), 2)
tensor([0.5000, 1.0000, 1.5000])
""",
    "floor_divide": """\
floor_divide(input, other, *, out=None) -> Tensor

Divides element by element and rounds the quotient down, as Python's ``//``.

Example:

>>> ember.floor_divide(ember.tensor([7, -7]), 2)
tensor([ 3, -4])
""",
    "fmod": """\
fmod(input, other, *, out=None) -> Tensor

The remainder of division with the sign of the dividend (C's ``fmod``).

Example:

>>> ember.fmod(ember.tensor([-3.0, -2.0, 2.0, 3.0]), 2)
tensor([-1., -0.,  0.,  1.])
""",
    "remainder": """\
remainder(input, other, *, out=None) -> Tensor

The remainder of division with the sign of the divisor (Python's ``%``).

Example:

>>> ember.remainder(ember.tensor([-3.0, -2.0, 2.0, 3.0]), 2)
tensor([1., -0., 0., 1.])
""",
    "pow": """\
pow(input, other, *, out=None) -> Tensor

Raises ``input`` to the power ``exponent``, element by element; either may be a number.

Example:

>>> ember.pow(ember.tensor([1.0, 2.0, 3.0]), 2)
tensor([1., 4., 9.])
>>> ember.pow(2, ember.tensor([1.0, 2.0, 3.0]))
tensor([2., 4., 8.])
""",
    "atan2": """\
atan2(input, other, *, out=None) -> Tensor

The angle of the point ``(other, input)``, that is ``atan(input / other)`` in the right quadrant.

Example:

>>> ember.atan2(ember.tensor([1.0, -1.0]), ember.tensor([-1.0, -1.0]))
tensor([ 2.3562, -2.3562])
""",
    "hypot": """\
hypot(input, other, *, out=None) -> Tensor

``sqrt(input**2 + other**2)`` element by element, without overflow in the squares.

Example:

>>> ember.hypot(ember.tensor([3.0, 5.0]), ember.tensor([4.0, 12.0]))
tensor([ 5., 13.])
""",
    "copysign": """\
copysign(input, other, *, out=None) -> Tensor

The magnitude of ``input`` with the sign of ``other``, element by element.

Example:

>>> ember.copysign(ember.tensor([1.0, 2.0, 3.0]), ember.tensor([-1.0, 0.0, -0.0]))
tensor([-1.,  2., -3.])
""",
    "maximum": """\
maximum(input, other, *, out=None) -> Tensor

The larger of two elements, element by element; NaN if either is NaN.

Example:

>>> ember.maximum(ember.tensor([1.0, 5.0, float('nan')]), ember.tensor([3.0, 2.0, 1.0]))
tensor([3., 5., nan])
""",
    "minimum": """\
minimum(input, other, *, out=None) -> Tensor

The smaller of two elements, element by element; NaN if either is NaN.

Example:

>>> ember.minimum(ember.tensor([1.0, 5.0, float('nan')]), ember.tensor([3.0, 2.0, 1.0]))
tensor([1., 2., nan])
""",
    "fmax": """\
fmax(input, other, *, out=None) -> Tensor

The larger of two elements, element by element, ignoring a NaN when the other is a number.

Example:

>>> ember.fmax(ember.tensor([1.0, 5.0, float('nan')]), ember.tensor([3.0, 2.0, 1.0]))
tensor([3., 5., 1.])
""",
    "fmin": """\
fmin(input, other, *, out=None) -> Tensor

The smaller of two elements, element by element, ignoring a NaN when the other is a number.

Example:

>>> ember.fmin(ember.tensor([1.0, 5.0, float('nan')]), ember.tensor([3.0, 2.0, 1.0]))
tensor([1., 2., 1.])
""",
    "clamp_max": """\
clamp_max(input, max, *, out=None) -> Tensor

Caps each element at ``max``.

Example:

>>> ember.clamp_max(ember.tensor([-2.0, 0.5, 3.0]), 1.0)
tensor([-2.0000,  0.5000,  1.0000])
""",
    "clamp_min": """\
clamp_min(input, min, *, out=None) -> Tensor

Raises each element to at least ``min``.

Example:

>>> ember.clamp_min(ember.tensor([-2.0, 0.5, 3.0]), 0.0)
tensor([0.0000, 0.5000, 3.0000])
""",
    "bitwise_and": """\
bitwise_and(input, other, *, out=None) -> Tensor

The bitwise AND of two integer or bool tensors.

Example:

>>> ember.bitwise_and(ember.tensor([12, 10]), ember.tensor([10, 6]))
tensor([8, 2])
""",
    "bitwise_or": """\
bitwise_or(input, other, *, out=None) -> Tensor

The bitwise OR of two integer or bool tensors.

Example:

>>> ember.bitwise_or(ember.tensor([12, 10]), ember.tensor([10, 6]))
tensor([14, 14])
""",
    "bitwise_xor": """\
bitwise_xor(input, other, *, out=None) -> Tensor

The bitwise exclusive OR of two integer or bool tensors.

Example:

>>> ember.bitwise_xor(ember.tensor([12, 10]), ember.tensor([10, 6]))
tensor([ 6, 12])
""",
    "bitwise_left_shift": """\
bitwise_left_shift(input, other, *, out=None) -> Tensor

Shifts the bits of each integer left by ``other`` places.

Example:

>>> ember.bitwise_left_shift(ember.tensor([1, 3]), 2)
tensor([ 4, 12])
""",
    "bitwise_right_shift": """\
bitwise_right_shift(input, other, *, out=None) -> Tensor

Shifts the bits of each integer right by ``other`` places (arithmetic shift for signed types).

Example:

>>> ember.bitwise_right_shift(ember.tensor([16, -16]), 2)
tensor([ 4, -4])
""",
    "addcdiv": """\
addcdiv(input, tensor1, tensor2, *, value=1, out=None) -> Tensor

``input + value * tensor1 / tensor2``, element by element with broadcasting.

Example:

>>> ember.addcdiv(ember.ones(3), ember.tensor([1.0, 2.0, 3.0]), ember.tensor([2.0, 2.0, 2.0]), value=0.5)
tensor([1.2500, 1.5000, 1.7500])
""",
    "addcmul": """\
addcmul(input, tensor1, tensor2, *, value=1, out=None) -> Tensor

``input + value * tensor1 * tensor2``, element by element with broadcasting.

Example:

>>> ember.addcmul(ember.ones(3), ember.tensor([1.0, 2.0, 3.0]), ember.tensor([2.0, 2.0, 2.0]), value=0.5)
tensor([2., 3., 4.])
""",
    "clamp": """\
clamp(input, min=None, max=None, *, out=None) -> Tensor

Limits each element to ``[min, max]``; either bound may be None, a number or a tensor.

Example:

>>> x = ember.tensor([-2.0, 0.5, 3.0])
>>> ember.clamp(x, min=-1.0, max=1.0)
tensor([-1.0000,  0.5000,  1.0000])
>>> ember.clamp(x, max=ember.tensor([0.0, 0.0, 2.0]))
tensor([-2.,  0.,  2.])
""",
    "clip": """\
clip(input, min=None, max=None, *, out=None) -> Tensor

Alias of :func:`ember.clamp`.

Example:

>>> ember.clip(ember.tensor([-2.0, 0.5, 3.0]), -1.0, 1.0)
tensor([-1.0000,  0.5000,  1.0000])
""",
    "lerp": """\
lerp(input, end, weight, *, out=None) -> Tensor

Linear interpolation ``input + weight * (end - input)``.

Example:

>>> ember.lerp(ember.tensor([0.0, 10.0]), ember.tensor([1.0, 20.0]), 0.25)
tensor([ 0.2500, 12.5000])
""",
    "where": """\
where(condition, input, other, *, out=None) -> Tensor

Picks from ``input`` where ``condition`` holds and from ``other`` elsewhere; with the condition alone, the
indices of its non-zero elements (as :func:`ember.nonzero` with ``as_tuple=True``).

Example:

>>> x = ember.tensor([-1.0, 2.0, -3.0])
>>> ember.where(x > 0, x, 0.0)
tensor([0., 2., 0.])
>>> ember.where(x > 0)
(tensor([1]),)
""",
    "eq": """\
eq(input, other, *, out=None) -> Tensor

``input == other`` element by element, as a bool tensor.

Example:

>>> ember.eq(ember.tensor([1, 2, 3]), ember.tensor([1, 0, 3]))
tensor([ True, False,  True])
""",
    "ne": """\
ne(input, other, *, out=None) -> Tensor

``input != other`` element by element, as a bool tensor.

Example:

>>> ember.ne(ember.tensor([1, 2, 3]), 2)
tensor([ True, False,  True])
""",
    "lt": """\
lt(input, other, *, out=None) -> Tensor

``input < other`` element by element, as a bool tensor.

Example:

>>> ember.lt(ember.tensor([1, 2, 3]), 2)
tensor([ True, False, False])
""",
    "le": """\
le(input, other, *, out=None) -> Tensor

``input <= other`` element by element, as a bool tensor.

Example:

>>> ember.le(ember.tensor([1, 2, 3]), 2)
tensor([ True,  True, False])
""",
    "gt": """\
gt(input, other, *, out=None) -> Tensor

``input > other`` element by element, as a bool tensor.

Example:

>>> ember.gt(ember.tensor([1, 2, 3]), 2)
tensor([False, False,  True])
""",
    "ge": """\
ge(input, other, *, out=None) -> Tensor

``input >= other`` element by element, as a bool tensor.

Example:

>>> ember.ge(ember.tensor([1, 2, 3]), 2)
tensor([False,  True,  True])
""",
    "isclose": """\
isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> Tensor

Whether each pair of elements is within ``atol + rtol * abs(other)``; NaNs are equal only with
``equal_nan=True``.

Example:

>>> ember.isclose(ember.tensor([1.0, 1.001, float('nan')]), ember.tensor([1.0, 1.0, float('nan')]), rtol=1e-4)
tensor([ True, False, False])
""",
    "logical_and": """\
logical_and(input, other, *, out=None) -> Tensor

Element-wise logical AND: non-zero elements count as True.

Example:

>>> ember.logical_and(ember.tensor([1, 0, 2]), ember.tensor([True, True, False]))
tensor([ True, False, False])
""",
    "logical_or": """\
logical_or(input, other, *, out=None) -> Tensor

Element-wise logical OR: non-zero elements count as True.

Example:

>>> ember.logical_or(ember.tensor([1, 0, 0]), ember.tensor([0, 0, 3]))
tensor([ True, False,  True])
""",
    "logical_xor": """\
logical_xor(input, other, *, out=None) -> Tensor

Element-wise logical exclusive OR: non-zero elements count as True.

Example:

>>> ember.logical_xor(ember.tensor([1, 0, 2]), ember.tensor([1, 1, 0]))
tensor([False,  True,  True])
""",
    "logical_not": """\
logical_not(input, *, out=None) -> Tensor

Element-wise logical NOT: True where the element is zero.

Example:

>>> ember.logical_not(ember.tensor([0.0, 1.5, -2.0]))
tensor([ True, False, False])
""",
    "isfinite": """\
isfinite(input, *, out=None) -> Tensor

Whether each element is finite (neither infinite nor NaN).

Example:

>>> ember.isfinite(ember.tensor([1.0, float('inf'), float('nan')]))
tensor([ True, False, False])
""",
    "isinf": """\
isinf(input, *, out=None) -> Tensor

Whether each element is positive or negative infinity.

Example:

>>> ember.isinf(ember.tensor([1.0, float('inf'), -float('inf')]))
tensor([False,  True,  True])
""",
    "isnan": """\
isnan(input, *, out=None) -> Tensor

Whether each element is NaN.

Example:

>>> ember.isnan(ember.tensor([1.0, float('nan')]))
tensor([False,  True])
""",
    "isneginf": """\
isneginf(input, *, out=None) -> Tensor

Whether each element is negative infinity.

Example:

>>> ember.isneginf(ember.tensor([1.0, float('inf'), -float('inf')]))
tensor([False, False,  True])
""",
    "isposinf": """\
isposinf(input, *, out=None) -> Tensor

Whether each element is positive infinity.

Example:

>>> ember.isposinf(ember.tensor([1.0, float('inf'), -float('inf')]))
tensor([False,  True, False])
""",
    "signbit": """\
signbit(input, *, out=None) -> Tensor

Whether the sign bit of each element is set (True for -0.0).

Example:

>>> ember.signbit(ember.tensor([-1.0, -0.0, 0.0, 2.0]))
tensor([ True,  True, False, False])
""",
    "conj_physical": """\
conj_physical(input) -> Tensor

The complex conjugate of each element, as a copy (the values themselves for real tensors).

Example:

>>> z = ember.view_as_complex(ember.tensor([[1.0, 2.0], [3.0, -4.0]]))
>>> ember.conj_physical(z)
tensor([1.-2.j, 3.+4.j])
""",
}
