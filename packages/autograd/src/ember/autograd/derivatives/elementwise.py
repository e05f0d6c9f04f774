"""Derivatives of the elementwise ops: arithmetic, math functions, activations, ternaries.

Complex gradients follow PyTorch's convention: grad times the conjugate of the
derivative. Broadcasting and dtype are undone by the engine.
"""

import math

import ember
from ember import _C
from ember.autograd.formula import derivative

Tensor = _C.Tensor


def conj(x):
    """x.conj() for complex tensors; real tensors and numbers as they are."""
    return x.conj() if isinstance(x, Tensor) and x.dtype.is_complex else x


# arithmetic


@derivative("add", inputs=("input", "other"), save=())
def add(grad, input, other, *, alpha=1):
    return grad, grad if alpha == 1 else grad * conj(alpha)


@derivative("sub", inputs=("input", "other"), save=())
def sub(grad, input, other, *, alpha=1):
    return grad, -grad if alpha == 1 else grad * -conj(alpha)


@derivative("mul", inputs=("input", "other"))
def mul(grad, input, other):
    return grad * conj(other), grad * conj(input)


@derivative("div", "true_divide", inputs=("input", "other"))
def div(grad, input, other, *, rounding_mode=None):
    if rounding_mode is not None:  # piecewise constant
        return grad * 0, grad * 0
    g = grad / conj(other)
    return g, -g * conj(input) / conj(other)


@derivative("remainder", inputs=("input", "other"))
def remainder(grad, input, other):
    return grad, -grad * ember.floor_divide(input, other)


@derivative("fmod", inputs=("input", "other"))
def fmod(grad, input, other):
    return grad, -grad * ember.div(input, other, rounding_mode="trunc")


@derivative("pow", inputs=("input", "exponent"))
def pow(grad, input, exponent, *, result):
    g_input = g_exp = None
    if isinstance(input, Tensor):
        if isinstance(exponent, Tensor):
            d = ember.where(exponent == 0, 0.0, exponent * input.pow(exponent - 1))
        elif exponent == 0:
            d = input * 0
        else:
            d = exponent * input.pow(exponent - 1)
        g_input = grad * conj(d)
    if isinstance(exponent, Tensor):
        if isinstance(input, Tensor):
            d = ember.where(
                (input == 0) & (exponent.real >= 0 if exponent.dtype.is_complex else exponent >= 0),
                0.0,
                result * input.log(),
            )
        else:
            d = result * math.log(input) if input > 0 else result * 0 if input == 0 else result * float("nan")
        g_exp = grad * conj(d)
    return g_input, g_exp


def _tie_weights(input, other, greater):
    """1 where input wins, 0.5 on ties, 0 where other wins (as PyTorch splits ties)."""
    wins = (input > other) if greater else (input < other)
    return wins.to(grad_dtype(input, other)) + (input == other).to(grad_dtype(input, other)) * 0.5


def grad_dtype(input, other):
    return ember.result_type(input, other)


@derivative("maximum", "fmax", inputs=("input", "other"))
def maximum(grad, input, other):
    w = _tie_weights(input, other, True)
    return grad * w, grad * (1 - w)


@derivative("minimum", "fmin", inputs=("input", "other"))
def minimum(grad, input, other):
    w = _tie_weights(input, other, False)
    return grad * w, grad * (1 - w)


@derivative("atan2", inputs=("input", "other"))
def atan2(grad, input, other):
    denom = input * input + other * other
    return grad * other / denom, grad * -input / denom


@derivative("hypot", inputs=("input", "other"))
def hypot(grad, input, other, *, result):
    return grad * input / result, grad * other / result


@derivative("copysign", inputs=("input", "other"))
def copysign(grad, input, other, *, result):
    ratio = ember.where(input == 0, 0.0, result / input)
    return grad * ratio, grad * 0 if isinstance(other, Tensor) else None


@derivative("clamp_min", inputs=("input", "min"))
def clamp_min(grad, input, min):
    keep = input >= min
    return grad * keep, grad * ~keep if isinstance(min, Tensor) else None


@derivative("clamp_max", inputs=("input", "max"))
def clamp_max(grad, input, max):
    keep = input <= max
    return grad * keep, grad * ~keep if isinstance(max, Tensor) else None


# one-input math, by what the formula needs


@derivative("neg", save=())
def neg(grad, input):
    return -grad


@derivative("abs")
def abs(grad, input):
    return grad * input.sgn()


@derivative("sgn", "sign", "floor", "ceil", "trunc", "round", save=())
def piecewise_constant(grad, input, *args, **kwargs):
    return grad * 0


@derivative("frac", "positive", save=())
def identity(grad, input):
    return grad


@derivative("square")
def square(grad, input):
    return grad * 2 * conj(input)


@derivative("relu", save=())
def relu(grad, input, *, result):
    return grad * (result > 0)


@derivative("relu6")
def relu6(grad, input):
    return grad * ((input > 0) & (input < 6))


@derivative("exp", save=())
def exp(grad, input, *, result):
    return grad * conj(result)


@derivative("exp2", save=())
def exp2(grad, input, *, result):
    return grad * conj(result) * math.log(2.0)


@derivative("expm1", save=())
def expm1(grad, input, *, result):
    return grad * (conj(result) + 1)


@derivative("log")
def log(grad, input):
    return grad / conj(input)


@derivative("log2")
def log2(grad, input):
    return grad / (conj(input) * math.log(2.0))


@derivative("log10")
def log10(grad, input):
    return grad / (conj(input) * math.log(10.0))


@derivative("log1p")
def log1p(grad, input):
    return grad / (conj(input) + 1)


@derivative("sqrt", save=())
def sqrt(grad, input, *, result):
    return grad / (2 * conj(result))


@derivative("rsqrt", save=())
def rsqrt(grad, input, *, result):
    r = conj(result)
    return grad * -0.5 * r * r * r


@derivative("reciprocal", save=())
def reciprocal(grad, input, *, result):
    r = conj(result)
    return grad * -(r * r)


@derivative("sin")
def sin(grad, input):
    return grad * conj(input.cos())


@derivative("cos")
def cos(grad, input):
    return grad * -conj(input.sin())


@derivative("tan", save=())
def tan(grad, input, *, result):
    r = conj(result)
    return grad * (1 + r * r)


@derivative("asin")
def asin(grad, input):
    return grad * conj((1 - input * input).rsqrt())


@derivative("acos")
def acos(grad, input):
    return grad * -conj((1 - input * input).rsqrt())


@derivative("atan")
def atan(grad, input):
    return grad / conj(1 + input * input)


@derivative("sinh")
def sinh(grad, input):
    return grad * conj(input.cosh())


@derivative("cosh")
def cosh(grad, input):
    return grad * conj(input.sinh())


@derivative("tanh", save=())
def tanh(grad, input, *, result):
    r = conj(result)
    return grad * (1 - r * r)


@derivative("asinh")
def asinh(grad, input):
    return grad * conj((input * input + 1).rsqrt())


@derivative("acosh")
def acosh(grad, input):
    return grad * conj(((input - 1) * (input + 1)).rsqrt())


@derivative("atanh")
def atanh(grad, input):
    return grad / conj(1 - input * input)


_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


@derivative("erf")
def erf(grad, input):
    return grad * _TWO_OVER_SQRT_PI * (-input * input).exp()


@derivative("erfc")
def erfc(grad, input):
    return grad * -_TWO_OVER_SQRT_PI * (-input * input).exp()


@derivative("erfinv", save=())
def erfinv(grad, input, *, result):
    return grad * (math.sqrt(math.pi) / 2) * (result * result).exp()


@derivative("lgamma")
def lgamma(grad, input):
    return grad * input.digamma()


@derivative("sigmoid", save=())
def sigmoid(grad, input, *, result):
    r = conj(result)
    return grad * r * (1 - r)


@derivative("logit")
def logit(grad, input, eps=None):
    g = grad / (input * (1 - input))
    if eps is None:
        return g
    return ember.where((input < eps) | (input > 1 - eps), 0.0, g)


@derivative("silu")
def silu(grad, input):
    s = input.sigmoid()
    return grad * s * (1 + input * (1 - s))


_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


@derivative("gelu")
def gelu(grad, input, approximate="none"):
    if approximate == "tanh":
        return gelu_tanh(grad, input)
    cdf = 0.5 * (1 + (input * (1 / math.sqrt(2.0))).erf())
    pdf = (-0.5 * input * input).exp() * _INV_SQRT_2PI
    return grad * (cdf + input * pdf)


@derivative("gelu_tanh")
def gelu_tanh(grad, input):
    k = math.sqrt(2.0 / math.pi)
    inner = k * (input + 0.044715 * input * input * input)
    t = inner.tanh()
    d_inner = k * (1 + 3 * 0.044715 * input * input)
    return grad * (0.5 * (1 + t) + 0.5 * input * (1 - t * t) * d_inner)


@derivative("mish")
def mish(grad, input):
    t = _C.softplus(input).tanh()
    return grad * (t + input * input.sigmoid() * (1 - t * t))


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


@derivative("selu")
def selu(grad, input):
    return grad * ember.where(input > 0, _SELU_SCALE, _SELU_SCALE * _SELU_ALPHA * input.exp())


@derivative("hardsigmoid")
def hardsigmoid(grad, input):
    return grad * ((input > -3) & (input < 3)) / 6


@derivative("hardswish")
def hardswish(grad, input):
    d = ember.where(input < -3, 0.0, ember.where(input <= 3, (2 * input + 3) / 6, 1.0))
    return grad * d


@derivative("leaky_relu")
def leaky_relu(grad, input, negative_slope=0.01):
    return grad * ember.where(input > 0, 1.0, negative_slope)


@derivative("elu")
def elu(grad, input, alpha=1.0, scale=1.0, input_scale=1.0):
    return grad * ember.where(input > 0, scale, scale * alpha * input_scale * (input * input_scale).exp())


@derivative("celu")
def celu(grad, input, alpha=1.0):
    return grad * ember.where(input > 0, 1.0, (input / alpha).exp())


@derivative("softplus")
def softplus(grad, input, beta=1.0, threshold=20.0):
    z = input * beta
    return grad * ember.where(z > threshold, 1.0, z.sigmoid())


@derivative("hardtanh")
def hardtanh(grad, input, min_val=-1.0, max_val=1.0):
    return grad * ((input > min_val) & (input < max_val))


@derivative("nan_to_num")
def nan_to_num(grad, input, nan=0.0, posinf=None, neginf=None):
    return grad * input.isfinite()


# three operands


@derivative("where", inputs=("input", "other"), save=("condition",))
def where(grad, condition, input, other):
    zero = grad * 0
    return ember.where(condition, grad, zero), ember.where(condition, zero, grad)


@derivative("clamp", inputs=("input", "min", "max"))
def clamp(grad, input, min=None, max=None):
    keep = ember.ones_like(input, dtype=ember.bool)
    if min is not None:
        keep = keep & (input >= min)
    if max is not None:
        keep = keep & (input <= max)
    g_min = grad * (input < min) if isinstance(min, Tensor) else None
    g_max = grad * (input > max) if isinstance(max, Tensor) else None
    return grad * keep, g_min, g_max


@derivative("lerp", inputs=("input", "end", "weight"))
def lerp(grad, input, end, weight):
    g_weight = grad * conj(end - input) if isinstance(weight, Tensor) else None
    return grad * (1 - conj(weight)), grad * conj(weight), g_weight


@derivative("addcmul", inputs=("input", "tensor1", "tensor2"), save=("tensor1", "tensor2"))
def addcmul(grad, input, tensor1, tensor2, *, value=1):
    return grad, grad * conj(tensor2 * value), grad * conj(tensor1 * value)


@derivative("addcdiv", inputs=("input", "tensor1", "tensor2"), save=("tensor1", "tensor2"))
def addcdiv(grad, input, tensor1, tensor2, *, value=1):
    return grad, grad * conj(value / tensor2), grad * conj(-value * tensor1 / (tensor2 * tensor2))
