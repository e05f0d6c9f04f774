"""gradcheck of every differentiable op of the core, from the samples in grad_db.py,
and a check that no differentiable op lacks a derivative formula or samples."""

import numpy as np
import pytest
from grad_db import SAMPLES

import ember
from ember.autograd.formula import TABLE
from ember.autograd.gradcheck import GradcheckError

DOMAINS = {
    "any": lambda r, n: r.uniform(-2, 2, n),
    "positive": lambda r, n: r.uniform(0.5, 2, n),
    "negative": lambda r, n: r.uniform(-2, -0.5, n),
    "away_from_zero": lambda r, n: r.choice([-1, 1], n) * r.uniform(0.5, 2, n),
    "unit": lambda r, n: r.uniform(-0.8, 0.8, n),
    "probability": lambda r, n: r.uniform(0.1, 0.9, n),
    "ge_one": lambda r, n: r.uniform(1.2, 3, n),
}


def make_factory(seed):
    rng = np.random.default_rng(seed)

    def make(*shape, domain="any", layout="contiguous"):
        n = int(np.prod(shape)) if shape else 1
        values = DOMAINS[domain](rng, n)
        if domain == "any":
            values = values + np.where(np.abs(values) < 0.2, 0.3, 0)  # away from kinks at 0
        if layout == "transposed" and len(shape) >= 2:
            base = values.reshape(shape[::-1])
            t = ember.tensor(base, dtype=ember.float64).permute(*range(len(shape) - 1, -1, -1))
            assert not t.is_contiguous()
        elif layout == "sliced" and shape:
            wide = np.zeros(shape[:-1] + (shape[-1] * 2,))
            wide[..., ::2] = values.reshape(shape)
            t = ember.tensor(wide, dtype=ember.float64)[..., ::2]
            assert not t.is_contiguous()
        else:
            t = ember.tensor(values.reshape(shape), dtype=ember.float64)
        return t.requires_grad_()

    return make


CASES = [(name, i) for name in sorted(SAMPLES) for i in range(len(SAMPLES[name]))]


@pytest.mark.parametrize(("op", "index"), CASES, ids=[f"{n}-{i}" for n, i in CASES])
def test_gradcheck(op, index):
    fn, inputs = SAMPLES[op][index](make_factory(index))
    assert ember.autograd.gradcheck(fn, inputs, eps=1e-6, atol=1e-6, rtol=1e-4)


# The backward ops of layer and batch norm are differentiated once (their own formulas restate them
# in ember ops): a third derivative raises instead of coming back cut off from the graph.
SECOND_ORDER_ONLY = {"native_layer_norm_backward", "native_batch_norm_backward"}
# Every formula is written in ember ops, so every sampled op gets its second derivative checked.
GRADGRAD = sorted(set(SAMPLES) - SECOND_ORDER_ONLY)


@pytest.mark.parametrize("op", sorted(SECOND_ORDER_ONLY))
def test_third_derivatives_that_are_missing_raise(op):
    fn, inputs = SAMPLES[op][0](make_factory(7))
    with pytest.raises(NotImplementedError, match=f"derivative for '{op}' is implemented to second order only"):
        ember.autograd.gradgradcheck(fn, inputs, eps=1e-6, atol=1e-5, rtol=1e-3)


@pytest.mark.parametrize("op", GRADGRAD)
def test_gradgradcheck(op):
    fn, inputs = SAMPLES[op][0](make_factory(7))
    assert ember.autograd.gradgradcheck(fn, inputs, eps=1e-6, atol=1e-5, rtol=1e-3)


def differentiable_ops():
    return sorted(op["name"] for op in ember._C._op_registry() if op["differentiable"])


# Differentiable ops written in Python from recorded ops: no formula of their own,
# their gradients come from their parts (gradchecked through samples all the same).
COMPOSITE = {
    "einsum", "tensordot", "inner", "multi_dot", "chain_matmul", "vecdot", "matrix_norm", "linalg_norm",
    "cond", "matrix_power", "matrix_exp", "cross", "tensorinv", "tensorsolve", "vander", "pinv", "lu",
}  # fmt: skip
# Ops whose derivative is not written yet: backward through them raises NotImplementedError
# naming the op (test below). Each is a gap to close, not a pass.
MISSING = set()
UNSAMPLED_COMPOSITES = set()  # composites built on a MISSING op: no samples until it has a formula


def test_every_differentiable_op_has_a_formula():
    missing = [n for n in differentiable_ops() if n not in TABLE and n not in COMPOSITE and n not in MISSING]
    assert not missing, f"differentiable ops without a derivative formula: {missing}"


def test_every_formula_has_samples():
    covered = [n for n in differentiable_ops() if n in TABLE or (n in COMPOSITE and n not in UNSAMPLED_COMPOSITES)]
    untested = [n for n in covered if n not in SAMPLES]
    assert not untested, f"ops with a formula but no gradcheck sample in grad_db.py: {untested}"


@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("svd", lambda a: ember.linalg.svd(a)[1]),
        ("qr", lambda a: ember.linalg.qr(a)[1]),
        ("svdvals", lambda a: ember.linalg.svdvals(a)),
        ("mul", lambda a: a * a),
    ],
)
def test_missing_derivatives_raise_naming_the_op(name, call, monkeypatch):
    # the recorder's fallback for an op without a formula: take the formula out of the table
    monkeypatch.delitem(TABLE, name)
    a = ember.eye(3, dtype=ember.float64).requires_grad_()
    out = call(a)
    assert out.requires_grad
    with pytest.raises(NotImplementedError, match=f"derivative for '{name}' is not implemented"):
        out.sum().backward()


def test_gradcheck_catches_a_wrong_formula():
    class Wrong(ember.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * x

        @staticmethod
        def backward(ctx, grad):
            return grad  # should be 2 * x * grad

    x = ember.tensor([1.0, 2.0], dtype=ember.float64, requires_grad=True)
    with pytest.raises(GradcheckError, match="Jacobian mismatch"):
        ember.autograd.gradcheck(Wrong.apply, (x,))
    assert ember.autograd.gradcheck(Wrong.apply, (x,), raise_exception=False) is False
