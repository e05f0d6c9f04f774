"""The float32 math of vec_math.inl over arrays long enough for the blocked
contiguous loop (32 or 64 results at a time, by instruction set) and its tail: each result matches a
float64 reference, and the contiguous loop agrees bit for bit with the strided
one, which computes one element at a time."""

import math

import numpy as np
import pytest

import ember

SPECIAL = [0.0, -0.0, np.inf, -np.inf, np.nan, 1e-30, -1e-30, 88.7, 88.8, -87.5, -103.9, -104.5, 10.2, -10.2]


def _erf(x):
    return np.vectorize(math.erf)(x)


def _erfc(x):
    return np.vectorize(math.erfc)(x)


def _sigmoid(x):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-x))


REFERENCES = {
    "exp": (ember.exp, np.exp),
    "tanh": (ember.tanh, np.tanh),
    "sigmoid": (ember.sigmoid, _sigmoid),
    "silu": (ember._C.silu, lambda x: x * _sigmoid(x)),
    "erf": (ember.erf, _erf),
    "erfc": (ember.erfc, _erfc),
    "gelu": (lambda t: ember._C.gelu(t, "none"), lambda x: 0.5 * x * _erfc(-x / math.sqrt(2))),
    "gelu_tanh": (
        lambda t: ember._C.gelu(t, "tanh"),
        lambda x: 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3))),
    ),
}


# gelu's far negative tail: 1e-6 relative down to results of 1e-3, 5e-6 to
# 1e-20, 1.2e-5 to 1e-37 (vec_math.inl's measured bounds). The tanh form computes 1 + tanh(...) in
# float32 as PyTorch does, so it cancels: absolute error ~ |x| * 2^-24.
RTOL = {"gelu": 1.2e-5}
ATOL = {"gelu_tanh": 1e-6}


def _inputs(n):
    rng = np.random.default_rng(n)
    x = np.concatenate([rng.normal(0, 4, n - len(SPECIAL)), SPECIAL]).astype(np.float32)
    rng.shuffle(x)
    return x


@pytest.mark.parametrize("n", [31, 32, 33, 63, 64, 65, 1000, 1027])
@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_blocked_loop_matches_reference_and_strided_loop(name, n):
    op, reference = REFERENCES[name]
    x = _inputs(n)
    contiguous = op(ember.tensor(x)).numpy()
    strided_source = ember.tensor(np.repeat(x, 2))[::2]
    assert not strided_source.is_contiguous()
    strided = op(strided_source).numpy()
    np.testing.assert_array_equal(contiguous.view(np.int32), strided.view(np.int32), err_msg=name)
    with np.errstate(all="ignore"):
        expected = reference(x.astype(np.float64)).astype(np.float32)
    np.testing.assert_allclose(
        contiguous, expected, rtol=RTOL.get(name, 2e-6), atol=ATOL.get(name, 1e-30), err_msg=name
    )


@pytest.mark.parametrize("name", ["exp", "tanh", "sigmoid", "erf", "erfc"])
def test_blocked_loop_out_and_in_place(name):
    x = _inputs(100)
    expected = getattr(ember.tensor(x), name)().numpy()
    out = ember.empty(100)
    getattr(ember, name)(ember.tensor(x), out=out)
    np.testing.assert_array_equal(out.numpy(), expected)
    t = ember.tensor(x)
    getattr(t, name + "_")()  # reads and writes the same block
    np.testing.assert_array_equal(t.numpy(), expected)
