"""PyTorch's top-level spellings of linear-algebra functions (torch.det,
torch.inverse, ...) and their Tensor methods, on ember.linalg."""

import math

from ember import linalg
from ember._C import Tensor


def det(input):
    """The determinant of each square matrix (linalg.det)."""
    return linalg.det(input)


def slogdet(input):
    """(sign, log|det|) of each square matrix (linalg.slogdet)."""
    return linalg.slogdet(input)


def logdet(input):
    """log(det): -inf for a singular matrix, NaN where a real determinant is negative."""
    if input.is_complex():
        return linalg.det(input).log()
    sign, logabsdet = linalg.slogdet(input)
    return logabsdet.masked_fill(sign < 0, math.nan)


def inverse(input, *, out=None):
    """The inverse of each square matrix (linalg.inv).

    Example:

    >>> ember.inverse(ember.tensor([[2.0, 0.0], [0.0, 4.0]]))
    tensor([[0.5000, 0.0000],
            [0.0000, 0.2500]])
    """
    return linalg.inv(input, out=out)


def pinverse(input, rcond=1e-15):
    """The pseudo-inverse, singular values below rcond * the largest dropped (linalg.pinv).

    Example:

    >>> ember.pinverse(ember.tensor([[2.0, 0.0], [0.0, 0.0]]))
    tensor([[0.5000, 0.0000],
            [0.0000, 0.0000]])
    """
    return linalg.pinv(input, rtol=rcond)


def matrix_power(input, n):
    """input multiplied by itself n times (linalg.matrix_power).

    Example:

    >>> ember.matrix_power(ember.tensor([[1.0, 1.0], [0.0, 1.0]]), 3)
    tensor([[1., 3.],
            [0., 1.]])
    """
    return linalg.matrix_power(input, n)


def matrix_exp(input):
    """The matrix exponential (linalg.matrix_exp).

    Example:

    >>> ember.matrix_exp(ember.zeros(2, 2))
    tensor([[1., 0.],
            [0., 1.]])
    """
    return linalg.matrix_exp(input)


for _fn in (det, slogdet, logdet, inverse, pinverse, matrix_power, matrix_exp):
    setattr(Tensor, _fn.__name__, _fn)
