"""Gradients of ember against torch.autograd on the same inputs, op by op."""

import numpy as np
import pytest
import torch
from grad_db import BINARY, UNARY

import ember
import ember.autograd  # noqa: F401

TORCH_NAMES = {"gelu_tanh": lambda x: torch.nn.functional.gelu(x, approximate="tanh")}
DOMAINS = {
    "any": (-2, 2),
    "positive": (0.5, 2),
    "away_from_zero": (0.5, 2),
    "nonzero_rhs": (0.5, 2),
    "unit": (-0.8, 0.8),
    "probability": (0.1, 0.9),
    "ge_one": (1.2, 3),
}


def torch_fn(name):
    if name in TORCH_NAMES:
        return TORCH_NAMES[name]
    for space in (torch, torch.nn.functional, torch.special):
        if hasattr(space, name):
            return getattr(space, name)
    raise LookupError(f"no torch function for {name}: add it to TORCH_NAMES")


def ember_fn(name):
    return getattr(ember, name, None) or getattr(ember._C, name)


# torch computes these in lower precision than float64 (hardsigmoid multiplies by a float 1/6;
# ember's trigamma series for digamma's derivative is good to about 1e-9).
RTOL = {"hardsigmoid": 1e-7, "digamma": 1e-8}


def grads(values, upstream, ember_call, torch_call, rtol=1e-10):
    e_in = [ember.tensor(v, dtype=ember.float64, requires_grad=True) for v in values]
    t_in = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in values]
    ember_call(*e_in).backward(ember.tensor(upstream, dtype=ember.float64))
    torch_call(*t_in).backward(torch.tensor(upstream, dtype=torch.float64))
    for e, t in zip(e_in, t_in, strict=True):
        np.testing.assert_allclose(e.grad.numpy(), t.grad.numpy(force=True), rtol=rtol, atol=1e-12)


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_gradients_match_torch(name):
    rng = np.random.default_rng(0)
    lo, hi = DOMAINS[UNARY[name]]
    x = rng.uniform(lo, hi, (3, 5))
    x = np.where(np.abs(x) < 0.1, 0.3, x)
    grads([x], rng.standard_normal((3, 5)), ember_fn(name), torch_fn(name), RTOL.get(name, 1e-10))


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_gradients_match_torch_with_broadcasting(name):
    rng = np.random.default_rng(1)
    lo, hi = DOMAINS[BINARY[name]]
    a = rng.uniform(lo if BINARY[name] == "positive" else -2, hi, (2, 1, 4))
    b = rng.uniform(lo, hi, (3, 1))
    grads([a, b], rng.standard_normal((2, 3, 4)), ember_fn(name), torch_fn(name))


REDUCTIONS = [
    ("sum", lambda m, x: m.sum(x, 1)),
    ("mean", lambda m, x: m.mean(x, (0, 2), keepdim=True)),
    ("prod", lambda m, x: m.prod(x, 1)),
    ("amax", lambda m, x: m.amax(x, 2)),
    ("max", lambda m, x: m.max(x, 1)[0]),
    ("var", lambda m, x: m.var(x, 1)),
    ("std", lambda m, x: m.std(x, 2, keepdim=True)),
    ("logsumexp", lambda m, x: m.logsumexp(x, 1)),
    ("softmax", lambda m, x: m.softmax(x, 1)),
    ("log_softmax", lambda m, x: m.log_softmax(x, 2)),
    ("cumsum", lambda m, x: m.cumsum(x, 1)),
    ("cumprod", lambda m, x: m.cumprod(x, 2)),
    ("norm", lambda m, x: m.linalg.vector_norm(x, 3, dim=1)),
    ("transpose", lambda m, x: x.transpose(0, 2) * 1),
    ("slice", lambda m, x: x[1:, ::2, 1] * 1),
    ("flip", lambda m, x: m.flip(x, (1,))),
    ("gather", lambda m, x: m.gather(x, 1, m.tensor([[[0, 1, 2, 0]], [[2, 2, 1, 0]]]))),
    ("index", lambda m, x: x[m.tensor([1, 0, 1])] * 1),
    ("cat", lambda m, x: m.cat([x, x * 2], 1)),
    ("matmul", lambda m, x: x @ x.transpose(1, 2)),
]


@pytest.mark.parametrize(("name", "call"), REDUCTIONS, ids=[r[0] for r in REDUCTIONS])
def test_reduction_and_shape_gradients_match_torch(name, call):
    rng = np.random.default_rng(2)
    x = rng.uniform(0.5, 2, (2, 3, 4))
    with torch.no_grad():
        shape = tuple(call(torch, torch.tensor(x)).shape)
    grads([x], rng.standard_normal(shape), lambda t: call(ember, t), lambda t: call(torch, t))
