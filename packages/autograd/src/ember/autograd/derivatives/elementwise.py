"""Derivatives of the elementwise ops: arithmetic, math functions, activations, ternaries.

Complex gradients follow PyTorch's convention: grad times the conjugate of the
derivative. Broadcasting and dtype are undone by the engine.
"""

import math

import ember
from ember import _C
from ember.autograd.derivatives._util import conj
from ember.autograd.formula import derivative
from ember.autograd.graph import TensorMeta

Tensor = _C.Tensor


# arithmetic


@derivative("add", inputs=("input", "other"), save=())
def add_backward(grad, input, other, *, alpha=1):
    return grad, grad if alpha == 1 else grad * conj(alpha)


@derivative("sub", inputs=("input", "other"), save=())
def sub_backward(grad, input, other, *, alpha=1):
    return grad, -grad if alpha == 1 else grad * -conj(alpha)


@derivative("mul", inputs=("input", "other"), save_for={"input": "other", "other": "input"})
def mul_backward(grad, input, other):
    # an operand the recorder did not save (a TensorMeta) is one whose partner needs no gradient
    return (
        grad * conj(other) if not isinstance(other, TensorMeta) else None,
        grad * conj(input) if not isinstance(input, TensorMeta) else None,
    )


@derivative("div", "true_divide", "div_trunc", inputs=("input", "other"), save_for={"input": "other"})
def div_backward(grad, input, other, *, rounding_mode=None):
    if rounding_mode is not None:  # piecewise constant
        return grad * 0, grad * 0
    g = grad / conj(other)
    return g, (-g * conj(input) / conj(other) if not isinstance(input, TensorMeta) else None)


@derivative("remainder", inputs=("input", "other"))
def remainder_backward(grad, input, other):
    return grad, -grad * ember.floor_divide(input, other)


@derivative("fmod", inputs=("input", "other"))
def fmod_backward(grad, input, other):
    return grad, -grad * ember.div(input, other, rounding_mode="trunc")


@derivative("pow", inputs=("input", "exponent"))
def pow_backward(grad, input, exponent, *, result):
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
def maximum_backward(grad, input, other):
    w = _tie_weights(input, other, True)
    return grad * w, grad * (1 - w)


@derivative("minimum", "fmin", inputs=("input", "other"))
def minimum_backward(grad, input, other):
    w = _tie_weights(input, other, False)
    return grad * w, grad * (1 - w)


@derivative("atan2", inputs=("input", "other"))
def atan2_backward(grad, input, other):
    denom = input * input + other * other
    return grad * other / denom, grad * -input / denom


@derivative("hypot", inputs=("input", "other"))
def hypot_backward(grad, input, other, *, result):
    return grad * input / result, grad * other / result


@derivative("copysign", inputs=("input", "other"))
def copysign_backward(grad, input, other, *, result):
    ratio = ember.where(input == 0, 0.0, result / input)
    return grad * ratio, grad * 0 if isinstance(other, Tensor) else None


@derivative("clamp_min", inputs=("input", "min"))
def clamp_min_backward(grad, input, min):
    keep = input >= min
    return grad * keep, grad * ~keep if isinstance(min, Tensor) else None


@derivative("clamp_max", inputs=("input", "max"))
def clamp_max_backward(grad, input, max):
    keep = input <= max
    return grad * keep, grad * ~keep if isinstance(max, Tensor) else None


# one-input math, by what the formula needs


@derivative("neg", save=())
def neg_backward(grad, input):
    return -grad


@derivative("abs")
def abs_backward(grad, input):
    return grad * input.sgn()


@derivative("sgn", "sign", "floor", "ceil", "trunc", "round", save=())
def piecewise_constant_backward(grad, input, *args, **kwargs):
    return grad * 0


@derivative("frac", "positive", save=())
def identity_backward(grad, input):
    return grad


@derivative("square")
def square_backward(grad, input):
    return grad * 2 * conj(input)


@derivative("relu", save=())
def relu_backward(grad, input, *, result):
    return grad * (result > 0)


@derivative("relu6")
def relu6_backward(grad, input):
    return grad * ((input > 0) & (input < 6))


@derivative("exp", save=())
def exp_backward(grad, input, *, result):
    return grad * conj(result)


@derivative("exp2", save=())
def exp2_backward(grad, input, *, result):
    return grad * conj(result) * math.log(2.0)


@derivative("expm1", save=())
def expm1_backward(grad, input, *, result):
    return grad * (conj(result) + 1)


@derivative("log")
def log_backward(grad, input):
    return grad / conj(input)


@derivative("log2")
def log2_backward(grad, input):
    return grad / (conj(input) * math.log(2.0))


@derivative("log10")
def log10_backward(grad, input):
    return grad / (conj(input) * math.log(10.0))


@derivative("log1p")
def log1p_backward(grad, input):
    return grad / (conj(input) + 1)


@derivative("sqrt", save=())
def sqrt_backward(grad, input, *, result):
    return grad / (2 * conj(result))


@derivative("rsqrt", save=())
def rsqrt_backward(grad, input, *, result):
    r = conj(result)
    return grad * -0.5 * r * r * r


@derivative("reciprocal", save=())
def reciprocal_backward(grad, input, *, result):
    r = conj(result)
    return grad * -(r * r)


@derivative("sin")
def sin_backward(grad, input):
    return grad * conj(input.cos())


@derivative("cos")
def cos_backward(grad, input):
    return grad * -conj(input.sin())


@derivative("tan", save=())
def tan_backward(grad, input, *, result):
    r = conj(result)
    return grad * (1 + r * r)


@derivative("asin")
def asin_backward(grad, input):
    return grad * conj((1 - input * input).rsqrt())


@derivative("acos")
def acos_backward(grad, input):
    return grad * -conj((1 - input * input).rsqrt())


@derivative("atan")
def atan_backward(grad, input):
    return grad / conj(1 + input * input)


@derivative("sinh")
def sinh_backward(grad, input):
    return grad * conj(input.cosh())


@derivative("cosh")
def cosh_backward(grad, input):
    return grad * conj(input.sinh())


@derivative("tanh", save=())
def tanh_backward(grad, input, *, result):
    r = conj(result)
    return grad * (1 - r * r)


@derivative("asinh")
def asinh_backward(grad, input):
    return grad * conj((input * input + 1).rsqrt())


@derivative("acosh")
def acosh_backward(grad, input):
    return grad * conj(((input - 1) * (input + 1)).rsqrt())


@derivative("atanh")
def atanh_backward(grad, input):
    return grad / conj(1 - input * input)


_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


@derivative("erf")
def erf_backward(grad, input):
    return grad * _TWO_OVER_SQRT_PI * (-input * input).exp()


@derivative("erfc")
def erfc_backward(grad, input):
    return grad * -_TWO_OVER_SQRT_PI * (-input * input).exp()


@derivative("erfinv", save=())
def erfinv_backward(grad, input, *, result):
    return grad * (math.sqrt(math.pi) / 2) * (result * result).exp()


@derivative("lgamma")
def lgamma_backward(grad, input):
    return grad * input.digamma()


def trigamma(x):
    """psi'(x): the recurrence up to 6, then the asymptotic series; reflection below 0.5."""
    reflect = x < 0.5
    y = ember.where(reflect, 1 - x, x)
    acc = ember.zeros_like(y)
    for _ in range(6):
        acc = acc + 1 / (y * y)
        y = y + 1
    inv = 1 / y
    inv2 = inv * inv
    series = inv + inv2 / 2 + inv * inv2 * (1 / 6 - inv2 * (1 / 30 - inv2 * (1 / 42 - inv2 / 30)))
    value = acc + series
    s = (x * math.pi).sin()
    return ember.where(reflect, math.pi * math.pi / (s * s) - value, value)


@derivative("digamma")
def digamma_backward(grad, input):
    return grad * trigamma(input)


@derivative("sigmoid", save=())
def sigmoid_backward(grad, input, *, result):
    r = conj(result)
    return grad * r * (1 - r)


@derivative("logit")
def logit_backward(grad, input, eps=None):
    g = grad / (input * (1 - input))
    if eps is None:
        return g
    return ember.where((input < eps) | (input > 1 - eps), 0.0, g)


@derivative("silu")
def silu_backward(grad, input):
    s = input.sigmoid()
    return grad * s * (1 + input * (1 - s))


_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


@derivative("gelu")
def gelu_backward(grad, input, approximate="none"):
    if approximate == "tanh":
        return gelu_tanh_backward(grad, input)
    cdf = 0.5 * (1 + (input * (1 / math.sqrt(2.0))).erf())
    pdf = (-0.5 * input * input).exp() * _INV_SQRT_2PI
    return grad * (cdf + input * pdf)


@derivative("gelu_tanh")
def gelu_tanh_backward(grad, input):
    k = math.sqrt(2.0 / math.pi)
    inner = k * (input + 0.044715 * input * input * input)
    t = inner.tanh()
    d_inner = k * (1 + 3 * 0.044715 * input * input)
    return grad * (0.5 * (1 + t) + 0.5 * input * (1 - t * t) * d_inner)


@derivative("mish")
def mish_backward(grad, input):
    t = _C.softplus(input).tanh()
    return grad * (t + input * input.sigmoid() * (1 - t * t))


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


@derivative("selu")
def selu_backward(grad, input):
    return grad * ember.where(input > 0, _SELU_SCALE, _SELU_SCALE * _SELU_ALPHA * input.exp())


@derivative("hardsigmoid")
def hardsigmoid_backward(grad, input):
    return grad * ((input > -3) & (input < 3)) / 6


@derivative("hardswish")
def hardswish_backward(grad, input):
    d = ember.where(input < -3, 0.0, ember.where(input <= 3, (2 * input + 3) / 6, 1.0))
    return grad * d


@derivative("leaky_relu")
def leaky_relu_backward(grad, input, negative_slope=0.01):
    return grad * ember.where(input > 0, 1.0, negative_slope)


@derivative("elu")
def elu_backward(grad, input, alpha=1.0, scale=1.0, input_scale=1.0):
    return grad * ember.where(input > 0, scale, scale * alpha * input_scale * (input * input_scale).exp())


@derivative("celu")
def celu_backward(grad, input, alpha=1.0):
    return grad * ember.where(input > 0, 1.0, (input / alpha).exp())


@derivative("softplus")
def softplus_backward(grad, input, beta=1.0, threshold=20.0):
    z = input * beta
    return grad * ember.where(z > threshold, 1.0, z.sigmoid())


@derivative("hardtanh")
def hardtanh_backward(grad, input, min_val=-1.0, max_val=1.0):
    return grad * ((input > min_val) & (input < max_val))


@derivative("nan_to_num")
def nan_to_num_backward(grad, input, nan=0.0, posinf=None, neginf=None):
    return grad * input.isfinite()


# three operands


@derivative("where", inputs=("input", "other"), save=("condition",))
def where_backward(grad, condition, input, other):
    zero = grad * 0
    return ember.where(condition, grad, zero), ember.where(condition, zero, grad)


@derivative("clamp", inputs=("input", "min", "max"))
def clamp_backward(grad, input, min=None, max=None):
    keep = ember.ones_like(input, dtype=ember.bool)
    if min is not None:
        keep = keep & (input >= min)
    if max is not None:
        keep = keep & (input <= max)
    g_min = grad * (input < min) if isinstance(min, Tensor) else None
    g_max = grad * (input > max) if isinstance(max, Tensor) else None
    return grad * keep, g_min, g_max


@derivative("lerp", inputs=("input", "end", "weight"))
def lerp_backward(grad, input, end, weight):
    g_weight = grad * conj(end - input) if isinstance(weight, Tensor) else None
    return grad * (1 - conj(weight)), grad * conj(weight), g_weight


@derivative("addcmul", inputs=("input", "tensor1", "tensor2"), save=("tensor1", "tensor2"))
def addcmul_backward(grad, input, tensor1, tensor2, *, value=1):
    return grad, grad * conj(tensor2 * value), grad * conj(tensor1 * value)


@derivative("addcdiv", inputs=("input", "tensor1", "tensor2"), save=("tensor1", "tensor2"))
def addcdiv_backward(grad, input, tensor1, tensor2, *, value=1):
    return grad, grad * conj(value / tensor2), grad * conj(-value * tensor1 / (tensor2 * tensor2))
