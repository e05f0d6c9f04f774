"""Shape views: view/reshape/flatten/unflatten, squeeze, transposes and
permutes, expand/broadcast, unfold, diagonal, real/imag and untyped_storage.

Every view shares its input's storage. Geometry (shape, stride, offset) and
errors follow PyTorch: the tables below were produced by running the same
expressions under torch 2.13 (the strides of view/reshape on random
non-contiguous inputs also agreed with torch on 3000 random cases while this
was written). Values are checked against NumPy.
"""

import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ember

ALL_DTYPES = [
    ember.bool,
    ember.uint8,
    ember.int8,
    ember.int16,
    ember.int32,
    ember.int64,
    ember.float16,
    ember.bfloat16,
    ember.float32,
    ember.float64,
    ember.complex64,
    ember.complex128,
]


def sample(shape, dtype=ember.int64):
    """A tensor of small exact values in `dtype`, and the same values in NumPy (int64)."""
    n = int(np.prod(shape))
    arr = (np.arange(n) % (2 if dtype == ember.bool else 7)).reshape(shape)
    return ember.from_numpy(arr.copy()).to(dtype), arr


def storage_ptr(t):
    return t.untyped_storage().data_ptr()


def shares(view, base):
    return storage_ptr(view) == storage_ptr(base)


def base_tensors():
    t = ember.arange(12, dtype=ember.float32).reshape(3, 4)
    c = ember.arange(12, dtype=ember.float32).to(ember.complex64).reshape(3, 4)
    return t, c


# ------------------------------------------------------- geometry vs PyTorch

# (expression, shape, stride, storage offset, dtype) from torch 2.13, where
# t = arange(12.).reshape(3, 4) and c = t as complex64.
TORCH_GEOMETRY = [
    ("t.view(12)", (12,), (1,), 0, "float32"),
    ("t.view(2, -1)", (2, 6), (6, 1), 0, "float32"),
    ("t.view(1, 3, 1, 4, 1)", (1, 3, 1, 4, 1), (12, 4, 4, 1, 1), 0, "float32"),
    ("t[:1, :1].view(())", (), (), 0, "float32"),
    ("t[:, :2].view(3, 1, 2)", (3, 1, 2), (4, 2, 1), 0, "float32"),
    ("t.t().view(4, 1, 3)", (4, 1, 3), (1, 12, 4), 0, "float32"),
    ("t.t().view(2, 2, 3)", (2, 2, 3), (2, 1, 4), 0, "float32"),
    ("t.reshape(6, 2)", (6, 2), (2, 1), 0, "float32"),
    ("t.reshape(-1)", (12,), (1,), 0, "float32"),
    ("t[:, ::2].reshape(3, 2)", (3, 2), (4, 2), 0, "float32"),
    ("t[:, 1:].reshape(9)", (9,), (1,), 0, "float32"),
    ("t.t().reshape(12)", (12,), (1,), 0, "float32"),
    ("t.t().reshape(2, 2, 3)", (2, 2, 3), (2, 1, 4), 0, "float32"),
    ("t.flatten()", (12,), (1,), 0, "float32"),
    ("t.flatten(0, 0)", (3, 4), (4, 1), 0, "float32"),
    ("t[:, ::2].flatten()", (6,), (2,), 0, "float32"),
    ("t.unsqueeze(1).flatten(1)", (3, 4), (4, 1), 0, "float32"),
    ("t.t().flatten()", (12,), (1,), 0, "float32"),
    ("t.unflatten(1, (2, 2))", (3, 2, 2), (4, 2, 1), 0, "float32"),
    ("t.unflatten(0, (1, 3, 1))", (1, 3, 1, 4), (12, 4, 4, 1), 0, "float32"),
    ("t.unflatten(-1, (-1, 2))", (3, 2, 2), (4, 2, 1), 0, "float32"),
    ("t.t().unflatten(0, (2, 2))", (2, 2, 3), (2, 1, 4), 0, "float32"),
    ("t.unsqueeze(0).unsqueeze(2).squeeze()", (3, 4), (4, 1), 0, "float32"),
    ("t.unsqueeze(0).unsqueeze(2).squeeze(2)", (1, 3, 4), (12, 4, 1), 0, "float32"),
    ("t.unsqueeze(0).unsqueeze(2).squeeze((0, 1))", (3, 1, 4), (4, 4, 1), 0, "float32"),
    ("t.unsqueeze(-1).squeeze(-1)", (3, 4), (4, 1), 0, "float32"),
    ("t.squeeze(0)", (3, 4), (4, 1), 0, "float32"),
    ("t.transpose(0, 1)", (4, 3), (1, 4), 0, "float32"),
    ("t.swapaxes(0, 1)", (4, 3), (1, 4), 0, "float32"),
    ("t.swapdims(1, 0)", (4, 3), (1, 4), 0, "float32"),
    ("t.T", (4, 3), (1, 4), 0, "float32"),
    ("t.mT", (4, 3), (1, 4), 0, "float32"),
    ("t[None].mT", (1, 4, 3), (12, 1, 4), 0, "float32"),
    ("t[None].permute(2, 0, 1)", (4, 1, 3), (1, 12, 4), 0, "float32"),
    ("t.permute(1, 0)", (4, 3), (1, 4), 0, "float32"),
    ("t[None].movedim(0, 2)", (3, 4, 1), (4, 1, 12), 0, "float32"),
    ("t[None].movedim((0, 1), (2, 0))", (3, 4, 1), (4, 1, 12), 0, "float32"),
    ("t[None].moveaxis(-1, 0)", (4, 1, 3), (1, 12, 4), 0, "float32"),
    ("t.expand(2, 3, 4)", (2, 3, 4), (0, 4, 1), 0, "float32"),
    ("t[:, :1].expand(3, 5)", (3, 5), (4, 0), 0, "float32"),
    ("t[:1].expand(2, -1, -1)", (2, 1, 4), (0, 4, 1), 0, "float32"),
    ("t[0].expand(1, 1, 4)", (1, 1, 4), (4, 4, 1), 0, "float32"),
    ("t[0, 0].expand(2, 2)", (2, 2), (0, 0), 0, "float32"),
    ("t.expand_as(lib.ones(2, 3, 4))", (2, 3, 4), (0, 4, 1), 0, "float32"),
    ("t[:, None].broadcast_to((3, 2, 4))", (3, 2, 4), (4, 0, 1), 0, "float32"),
    ("t.unfold(1, 2, 1)", (3, 3, 2), (4, 1, 1), 0, "float32"),
    ("t.unfold(0, 2, 1)", (2, 4, 2), (4, 1, 4), 0, "float32"),
    ("t.unfold(1, 3, 2)", (3, 1, 3), (4, 2, 1), 0, "float32"),
    ("t.unfold(-1, 0, 1)", (3, 5, 0), (4, 1, 1), 0, "float32"),
    ("t[:, ::2].unfold(1, 1, 1)", (3, 2, 1), (4, 2, 2), 0, "float32"),
    ("t.diagonal()", (3,), (5,), 0, "float32"),
    ("t.diagonal(1)", (3,), (5,), 1, "float32"),
    ("t.diagonal(-1)", (2,), (5,), 4, "float32"),
    ("t.diagonal(-2)", (1,), (5,), 8, "float32"),
    ("t.diagonal(0, 1, 0)", (3,), (5,), 0, "float32"),
    ("t.diagonal(5)", (0,), (5,), 0, "float32"),
    ("t[None].diagonal(0, 0, 2)", (3, 1), (4, 13), 0, "float32"),
    ("t[None].diagonal(1, -1, 1)", (1, 2), (12, 5), 4, "float32"),
    ("t[1:].narrow(1, 1, 2)", (2, 2), (4, 1), 5, "float32"),
    ("t.as_strided((2, 2), (1, 4), 1)", (2, 2), (1, 4), 1, "float32"),
    ("c.real", (3, 4), (8, 2), 0, "float32"),
    ("c.imag", (3, 4), (8, 2), 1, "float32"),
    ("c.t().imag", (4, 3), (2, 8), 1, "float32"),
    ("c[1:, ::2].imag", (2, 2), (8, 4), 9, "float32"),
    ("lib.view_as_real(c)", (3, 4, 2), (8, 2, 1), 0, "float32"),
    ("lib.view_as_real(c.t())", (4, 3, 2), (2, 8, 1), 0, "float32"),
    ("lib.view_as_real(c[1:])", (2, 4, 2), (8, 2, 1), 8, "float32"),
    ("t.view(lib.int32)", (3, 4), (4, 1), 0, "int32"),
    ("t.view(lib.int8)", (3, 16), (16, 1), 0, "int8"),
    ("t.view(lib.float64)", (3, 2), (2, 1), 0, "float64"),
    ("t[:, :2].view(lib.float64)", (3, 1), (2, 1), 0, "float64"),
    ("t.view(lib.complex64)", (3, 2), (2, 1), 0, "complex64"),
    ("t[1:].view(lib.int16)", (2, 8), (8, 1), 8, "int16"),
    ("lib.view_as_complex(t.view(3, 2, 2))", (3, 2), (2, 1), 0, "complex64"),
    ("lib.view_as_complex(t[1:].view(2, 2, 2))", (2, 2), (2, 1), 2, "complex64"),
]

# The rows above where torch's result is a copy, not a view.
TORCH_COPIES = {"t[:, 1:].reshape(9)", "t.t().reshape(12)", "t.t().flatten()"}


@pytest.mark.parametrize("expr, shape, stride, offset, dtype", TORCH_GEOMETRY, ids=[g[0] for g in TORCH_GEOMETRY])
def test_view_geometry_matches_torch(expr, shape, stride, offset, dtype):
    t, c = base_tensors()
    v = eval(expr, {"t": t, "c": c, "lib": ember})
    assert v.shape == shape
    assert v.stride() == stride
    assert v.storage_offset() == offset
    assert v.dtype == getattr(ember, dtype)
    base = c if expr.startswith("c") or "(c" in expr else t
    if expr in TORCH_COPIES:
        assert not shares(v, base) and v.is_contiguous()
    else:  # a view: same memory, and its first element sits `offset` items in
        assert shares(v, base)
        assert v.data_ptr() == storage_ptr(base) + offset * v.element_size()


# (size, stride, offset, target shape, torch's view strides or None when view
# fails, torch's reshape strides) for views of a storage, picked from random
# cases run under torch 2.13.
TORCH_VIEW_STRIDES = [
    ((4, 2), (2, 1), 0, (4, -1, 2), (2, 2, 1), (2, 2, 1)),
    ((1, 1, 1), (2, 6, 7), 1, (), (), ()),
    ((1, 4, 0), (1, 1, 1), 1, (1, 4, -1), (1, 1, 1), (1, 1, 1)),
    ((3, 4, 1), (1, 3, 3), 3, (1, 3, 2, 2), (3, 1, 6, 3), (3, 1, 6, 3)),
    ((3, 4), (8, 2), 0, (2, 1, 2, 3), (12, 12, 6, 2), (12, 12, 6, 2)),
    ((2, 2, 3), (12, 6, 1), 1, (2, 2, 3, 1), (12, 6, 1, 1), (12, 6, 1, 1)),
    ((1, 3, 3, 4), (5, 12, 4, 1), 1, (1, 2, 9, 2), (36, 18, 2, 1), (36, 18, 2, 1)),
    ((3, 1, 3), (6, 6, 2), 0, (1, 9, -1), (18, 2, 2), (18, 2, 2)),
    ((3, 4, 2, 3), (24, 6, 3, 1), 0, (4, 3, 1, 3, 2, -1), (18, 6, 6, 2, 1, 1), (18, 6, 6, 2, 1, 1)),
    ((3, 4), (4, 1), 2, (6, 2), (2, 1), (2, 1)),
    ((2, 1, 2), (4, 13, 2), 0, (2, 2), (4, 2), (4, 2)),
    ((2, 1, 1, 2), (4, 8, 17, 1), 0, (2, 2, 1, 1), (4, 1, 1, 1), (4, 1, 1, 1)),
    ((3, 1), (1, 1), 0, (1, 3, 1), (3, 1, 1), (3, 1, 1)),
    ((1, 3), (15, 2), 0, (3,), (2,), (2,)),
    ((1, 2, 2), (4, 0, 1), 0, (4, -1), None, (1, 1)),
    ((3, 2, 4, 2), (128, 2, 8, 64), 1, (-1, 3, 2, 2), None, (12, 4, 2, 1)),
    ((1, 2, 3, 4), (1, 24, 8, 0), 0, (2, 1, 2, -1), None, (12, 12, 6, 1)),
    ((3, 2, 2), (8, 4, 0), 3, (1, 4, 3), None, (12, 3, 1)),
    ((4, 4, 3, 3), (0, 8, 96, 32), 2, (4, 1, 2, 6, 1, 3), None, (36, 36, 18, 3, 3, 1)),
    ((3, 4, 1), (2, 12, 15), 1, (2, 1, -1, 1, 3), None, (6, 6, 3, 3, 1)),
    ((3, 2, 3, 1), (24, 0, 2, 17), 2, (3, 1, 1, 6), None, (6, 6, 6, 1)),
    ((4, 1, 3), (0, 19, 8), 2, (12,), None, (1,)),
    ((3, 3, 4), (24, 4, 1), 1, (4, 9), None, (9, 1)),
    ((1, 2, 3), (12, 6, 1), 2, (3, 1, 2), None, (2, 2, 1)),
    ((1, 2, 4), (4, 8, 1), 0, (8,), None, (1,)),
    ((2, 3, 4, 4), (8, 16, 1, 0), 3, (1, 1, 4, 2, 12), None, (96, 96, 24, 12, 1)),
    ((4, 4), (1, 4), 2, (2, 1, 8), None, (8, 8, 1)),
    ((0,), (0,), 1, (0,), (0,), (0,)),
    ((4, 1, 1), (1, 1, 0), 2, (4, 1), (1, 0), (1, 0)),
    ((2, 1, 1, 1), (1, 10, 0, 1), 3, (1, 1, 2), (2, 2, 1), (2, 2, 1)),
    ((4, 1, 3, 1), (12, 4, 4, 0), 0, (1, 3, 2, 1, 2), (48, 16, 8, 8, 4), (48, 16, 8, 8, 4)),
    ((1, 1, 1, 2), (2, 0, 2, 1), 1, (1, 2), (2, 1), (2, 1)),
    ((1, 1), (0, 1), 0, (), (), ()),
]


@pytest.mark.parametrize("size, stride, offset, target, view_stride, reshape_stride", TORCH_VIEW_STRIDES, ids=str)
def test_view_and_reshape_strides_match_torch(size, stride, offset, target, view_stride, reshape_stride):
    storage = ember.arange(500.0)
    x = storage.as_strided(size, stride, offset)
    expected = np.asarray(x.tolist()).reshape(target)
    if view_stride is None:
        with pytest.raises(RuntimeError, match=r"view: view size is not compatible .* Use \.reshape\(\.\.\.\) instead"):
            x.view(target)
    else:
        v = x.view(target)
        assert v.stride() == view_stride and v.storage_offset() == offset and shares(v, x)
        assert v.tolist() == expected.tolist()
    r = x.reshape(target)
    assert r.stride() == reshape_stride
    assert r.tolist() == expected.tolist()
    # reshape copies exactly when view can't express the shape.
    assert shares(r, x) == (view_stride is not None)


# ------------------------------------------------------ values against NumPy

VALUE_CASES = [
    # (name, ember op, NumPy op, input shape)
    ("view", lambda t: t.view(4, -1), lambda a: a.reshape(4, -1), (2, 3, 4)),
    ("view_as", lambda t: t.view_as(ember.empty(6, 4)), lambda a: a.reshape(6, 4), (2, 3, 4)),
    ("reshape", lambda t: t.reshape(3, 8), lambda a: a.reshape(3, 8), (2, 3, 4)),
    ("reshape_t", lambda t: t.mT.reshape(-1), lambda a: np.swapaxes(a, -1, -2).reshape(-1), (2, 3, 4)),
    ("reshape_as", lambda t: t.reshape_as(ember.empty(4, 6)), lambda a: a.reshape(4, 6), (2, 3, 4)),
    ("flatten", lambda t: t.flatten(), lambda a: a.reshape(-1), (2, 3, 4)),
    ("flatten_mid", lambda t: t.flatten(1, 2), lambda a: a.reshape(2, 12), (2, 3, 4)),
    ("unflatten", lambda t: t.unflatten(2, (2, 2)), lambda a: a.reshape(2, 3, 2, 2), (2, 3, 4)),
    ("transpose", lambda t: t.transpose(0, 2), lambda a: np.swapaxes(a, 0, 2), (2, 3, 4)),
    ("swapaxes", lambda t: t.swapaxes(-1, 0), lambda a: np.swapaxes(a, -1, 0), (2, 3, 4)),
    ("swapdims", lambda t: t.swapdims(1, 2), lambda a: np.swapaxes(a, 1, 2), (2, 3, 4)),
    ("T", lambda t: t.T, lambda a: a.T, (3, 4)),
    ("mT", lambda t: t.mT, lambda a: np.swapaxes(a, -1, -2), (2, 3, 4)),
    ("permute", lambda t: t.permute(2, 0, 1), lambda a: np.transpose(a, (2, 0, 1)), (2, 3, 4)),
    ("permute_tuple", lambda t: t.permute((1, -1, 0)), lambda a: np.transpose(a, (1, 2, 0)), (2, 3, 4)),
    ("movedim", lambda t: t.movedim(0, -1), lambda a: np.moveaxis(a, 0, -1), (2, 3, 4)),
    ("moveaxis", lambda t: t.moveaxis((0, 1), (2, 0)), lambda a: np.moveaxis(a, (0, 1), (2, 0)), (2, 3, 4)),
    ("squeeze", lambda t: t.squeeze(), lambda a: np.squeeze(a), (1, 3, 1, 2)),
    ("squeeze_dim", lambda t: t.squeeze(2), lambda a: np.squeeze(a, 2), (1, 3, 1, 2)),
    ("squeeze_dims", lambda t: t.squeeze((0, 2)), lambda a: np.squeeze(a, (0, 2)), (1, 3, 1, 2)),
    ("squeeze_keeps", lambda t: t.squeeze(1), lambda a: a, (1, 3, 1, 2)),
    ("unsqueeze", lambda t: t.unsqueeze(-2), lambda a: np.expand_dims(a, -2), (3, 2)),
    ("expand", lambda t: t.expand(4, -1, 5), lambda a: np.broadcast_to(a, (4, 3, 5)), (3, 1)),
    ("expand_as", lambda t: t.expand_as(ember.empty(2, 3, 4)), lambda a: np.broadcast_to(a, (2, 3, 4)), (1, 4)),
    ("broadcast_to", lambda t: t.broadcast_to((2, 3, 4)), lambda a: np.broadcast_to(a, (2, 3, 4)), (3, 1)),
    ("broadcast_to_fn", lambda t: ember.broadcast_to(t, (2, 2)), lambda a: np.broadcast_to(a, (2, 2)), ()),
    (
        "unfold",
        lambda t: t.unfold(1, 3, 2),
        lambda a: np.lib.stride_tricks.sliding_window_view(a, 3, axis=1)[:, ::2],
        (2, 7),
    ),
    (
        "unfold_dim0",
        lambda t: t.unfold(0, 2, 1),
        lambda a: np.moveaxis(np.lib.stride_tricks.sliding_window_view(a, 2, axis=0), -1, -1),
        (4, 3),
    ),
    ("diagonal", lambda t: t.diagonal(), lambda a: np.diagonal(a), (3, 4)),
    ("diagonal_offset", lambda t: t.diagonal(1), lambda a: np.diagonal(a, 1), (3, 4)),
    ("diagonal_neg", lambda t: t.diagonal(-1), lambda a: np.diagonal(a, -1), (3, 4)),
    ("diagonal_dims", lambda t: t.diagonal(1, 2, 0), lambda a: np.diagonal(a, 1, 2, 0), (3, 2, 4)),
    ("narrow", lambda t: t.narrow(1, 1, 2), lambda a: a[:, 1:3], (3, 4)),
]


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
@pytest.mark.parametrize("name, op, ref, shape", VALUE_CASES, ids=[c[0] for c in VALUE_CASES])
def test_values_match_numpy(name, op, ref, shape, dtype):
    t, a = sample(shape, dtype)
    v = op(t)
    expected = ref(a)
    assert v.dtype == dtype
    assert v.shape == expected.shape
    assert v.tolist() == expected.tolist()
    if name != "reshape_t":  # the one case that has to copy
        assert shares(v, t)


@pytest.mark.parametrize("name, op, ref, shape", VALUE_CASES, ids=[c[0] for c in VALUE_CASES])
def test_values_of_non_contiguous_inputs(name, op, ref, shape):
    # The same ops on a view with a step and an offset into a bigger storage.
    big, arr = sample((2,) + tuple(2 * s for s in shape))
    t = big[(1,) + (slice(None, None, 2),) * len(shape)]
    a = arr[(1,) + (slice(None, None, 2),) * len(shape)]
    assert t.shape == a.shape
    if name in ("view", "view_as"):  # merging stepped dims needs a copy
        with pytest.raises(RuntimeError, match="view size is not compatible"):
            op(t)
        return
    v = op(t)
    assert v.tolist() == ref(a).tolist()


def test_writes_through_views_reach_the_base():
    base = ember.zeros(2, 3, 4, dtype=ember.float64)
    arr = base.numpy()  # NumPy sees the same memory
    # (ember view, the NumPy view of the same elements)
    writers = [
        (lambda t: t.view(6, 4)[5], lambda a: a.reshape(6, 4)[5]),
        (lambda t: t.reshape(24)[:4], lambda a: a.reshape(24)[:4]),
        (lambda t: t.flatten(0, 1)[4], lambda a: a.reshape(6, 4)[4]),
        (lambda t: t.unflatten(2, (2, 2))[0, 1, 1], lambda a: a.reshape(2, 3, 2, 2)[0, 1, 1]),
        (lambda t: t.permute(2, 0, 1)[3, 1], lambda a: a.transpose(2, 0, 1)[3, 1]),
        (lambda t: t.movedim(0, 2)[2, 1], lambda a: np.moveaxis(a, 0, 2)[2, 1]),
        (lambda t: t.transpose(0, 2)[0, 0], lambda a: np.swapaxes(a, 0, 2)[0, 0]),
        (lambda t: t.mT[0, 3], lambda a: np.swapaxes(a, 1, 2)[0, 3]),
        (lambda t: t[:1].squeeze(0)[2], lambda a: a[0, 2]),
        (lambda t: t.unfold(2, 2, 2)[1, 0, 1], lambda a: a[1, 0, 2:4]),
        (lambda t: t.diagonal(0, 1, 2)[1], lambda a: np.diagonal(a, 0, 1, 2)[1]),
        (lambda t: t.diagonal(-1, 2, 1), lambda a: np.diagonal(a, -1, 2, 1)),
    ]
    for make, ref in writers:
        arr[...] = 0
        target = make(base)
        assert shares(target, base)
        target.copy_(ember.full(target.shape, 7.0, dtype=ember.float64))
        assert arr.tolist() == np.where(_positions(ref), 7.0, 0.0).tolist()


def _positions(ref):
    """Which elements of a (2, 3, 4) array the NumPy view `ref` covers."""
    ids = np.arange(24).reshape(2, 3, 4)
    return np.isin(ids, np.asarray(ref(ids)))


def test_expanded_views_see_writes_to_the_base():
    base = ember.zeros(3, 1)
    e = base.expand(3, 4)
    f = ember.broadcast_to(base, (2, 3, 4))
    base.copy_(ember.tensor([[1.0], [2.0], [3.0]]))
    assert e.tolist() == [[1.0] * 4, [2.0] * 4, [3.0] * 4]
    assert f[1].tolist() == e.tolist()
    assert shares(e, base) and shares(f, base)


# ---------------------------------------------------------- 0-d and empty


def test_zero_dim_inputs():
    s = ember.tensor(3.0)
    assert s.view(1, 1).shape == (1, 1) and s.view(1, 1).stride() == (1, 1)
    assert s.view(-1).shape == (1,)
    assert s.view(()).shape == () and ember.ones(1, 1).view([]).shape == ()
    assert s.reshape(()).shape == () and s.reshape(1).tolist() == [3.0]
    assert s.flatten().shape == (1,) and s.flatten(0, -1).shape == (1,)
    assert s.squeeze().shape == () and s.squeeze(0).shape == () and s.squeeze(-1).shape == ()
    assert s.squeeze((0,)).shape == ()
    assert s.permute(()).shape == ()
    assert s.movedim(0, 0).shape == () and s.movedim(0, -1).shape == ()
    assert s.expand(2, 3).stride() == (0, 0) and s.expand(1).stride() == (0,) and s.expand(()).shape == ()
    assert s.unfold(0, 1, 1).shape == (1,) and s.unfold(0, 1, 1).stride() == (1,)
    assert s.unfold(-1, 0, 3).shape == (0,)
    assert s.t().shape == () and s.transpose(0, -1).shape == ()
    assert s.real is s
    assert ember.view_as_real(ember.tensor(1 + 2j)).tolist() == [1.0, 2.0]
    assert ember.view_as_complex(ember.tensor([1.0, 2.0])).shape == ()
    assert ember.view_as_complex(ember.tensor([1.0, 2.0])).item() == 1 + 2j


def test_zero_dim_T_and_mT_warn_like_torch():
    s = ember.tensor(3.0)
    with pytest.warns(UserWarning, match="Tensor.T is deprecated on 0-D tensors"):
        assert s.T.shape == ()
    with pytest.warns(UserWarning, match="Tensor.mT is deprecated on 0-D tensors"):
        assert s.mT.shape == ()
    with pytest.warns(UserWarning, match="x.T. on tensors of dimension other than 2"):
        assert ember.ones(2, 3, 4).T.shape == (4, 3, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ember.ones(3).T.shape == (3,) and ember.ones(2, 3).T.shape == (3, 2)


def test_empty_inputs():
    e = ember.zeros(0, 3)
    assert e.view(3, 0).shape == (3, 0) and e.view(3, 0).stride() == (1, 1)
    assert e.t().view(3, 0).stride() == (1, 3)  # same shape: torch keeps the strides
    assert e.view(-1).shape == (0,) and e.view(2, 0, 3).shape == (2, 0, 3)
    assert e.reshape(0, 1, 3).stride() == (3, 3, 1)
    assert e.flatten().shape == (0,)
    assert e.unflatten(1, (3, 1)).shape == (0, 3, 1)
    assert e.permute(1, 0).shape == (3, 0)
    assert e.expand(2, 0, 3).shape == (2, 0, 3)
    assert ember.ones(3, 1).expand(3, 0).shape == (3, 0)
    assert e.diagonal().shape == (0,)
    assert e.unfold(0, 0, 1).shape == (1, 3, 0)
    assert ember.zeros(0).unfold(0, 0, 1).shape == (1, 0)
    assert e.squeeze().shape == (0, 3)
    assert ember.zeros(0, 4, dtype=ember.float32).view(ember.float64).shape == (0, 2)


# --------------------------------------------------------------- dtype views


@pytest.mark.parametrize("src", [np.float32, np.int64, np.int8, np.float64, np.uint8, np.int16, np.complex64])
@pytest.mark.parametrize("dst", [np.float32, np.int64, np.int8, np.float64, np.uint8, np.int16, np.complex128])
def test_view_dtype_reinterprets_bytes_like_numpy(src, dst):
    arr = (np.arange(48) * 37 % 251).astype(np.uint8).view(src).reshape(2, -1)
    t = ember.from_numpy(arr)
    dtype = ember.from_numpy(np.zeros(1, dst)).dtype
    if arr.shape[-1] * arr.itemsize % np.dtype(dst).itemsize:
        with pytest.raises(RuntimeError, match="view: self.size.-1. must be divisible"):
            t.view(dtype)
        return
    v = t.view(dtype)
    expected = arr.view(dst)
    assert v.dtype == dtype and v.shape == expected.shape
    assert v.stride() == tuple(s // expected.itemsize for s in expected.strides)
    assert v.numpy().tobytes() == expected.tobytes()
    assert shares(v, t)


def test_view_dtype_forms():
    t = ember.ones(2, 3)
    assert t.view(ember.int32).dtype == ember.int32
    assert t.view(dtype=ember.int32).dtype == ember.int32
    assert t.view(ember.float32).shape == (2, 3)
    s = ember.tensor(1.0)
    assert s.view(ember.int32).item() == 0x3F800000
    assert ember.ones(2, 2, dtype=ember.float16).view(ember.bfloat16).shape == (2, 2)
    # An expanded view keeps its zero strides (torch: (0, 8, 1)).
    assert ember.ones(3, 4).expand(2, 3, 4).view(ember.float16).stride() == (0, 8, 1)


# -------------------------------------------------------- complex real/imag


@pytest.mark.parametrize("dtype, part", [(ember.complex64, ember.float32), (ember.complex128, ember.float64)])
def test_real_imag_are_views_of_the_parts(dtype, part):
    arr = (
        (np.arange(12) + 1j * (np.arange(12) + 100))
        .reshape(3, 4)
        .astype(np.complex64 if dtype == ember.complex64 else np.complex128)
    )
    t = ember.from_numpy(arr)
    for v in (t, t.t(), t[1:, ::2]):
        a = v.numpy()
        assert v.real.dtype == part and v.imag.dtype == part
        assert v.real.tolist() == a.real.tolist() and v.imag.tolist() == a.imag.tolist()
        assert ember.real(v).tolist() == a.real.tolist() and ember.imag(v).tolist() == a.imag.tolist()
        assert ember.view_as_real(v).tolist() == np.stack([a.real, a.imag], -1).tolist()
        assert shares(v.real, t) and shares(v.imag, t)
    # Writes through the parts land in the complex tensor.
    t.imag.copy_(ember.zeros(3, 4))
    t.real[0].copy_(ember.full((4,), -1.0))
    assert arr[0].tolist() == [-1 + 0j] * 4 and arr[1].imag.tolist() == [0.0] * 4
    back = ember.view_as_complex(ember.view_as_real(t))
    assert back.dtype == dtype and back.tolist() == t.tolist() and shares(back, t)


@pytest.mark.parametrize("dtype", [d for d in ALL_DTYPES if d not in (ember.complex64, ember.complex128)], ids=str)
def test_real_of_real_is_self_and_imag_raises(dtype):
    t, _ = sample((2, 3), dtype)
    assert t.real is t and ember.real(t) is t
    with pytest.raises(RuntimeError, match="imag: imag is not implemented for tensors with non-complex dtypes"):
        _ = t.imag
    with pytest.raises(RuntimeError, match="view_as_real: is only supported for complex tensors"):
        ember.view_as_real(t)


# ------------------------------------------------------------- untyped_storage


def test_untyped_storage():
    t = ember.zeros(3, 4, dtype=ember.float64)
    s = t.untyped_storage()
    assert isinstance(s, ember.UntypedStorage)
    assert s.nbytes() == 96 and s.size() == 96 and len(s) == 96 and s.element_size() == 1
    assert s.data_ptr() == t.data_ptr()
    assert s.device == t.device
    v = t[1:, 2:]
    assert v.untyped_storage().data_ptr() == s.data_ptr()
    assert v.data_ptr() == s.data_ptr() + 6 * 8
    assert v.untyped_storage().nbytes() == 96
    assert t.clone().untyped_storage().data_ptr() != s.data_ptr()
    assert ember.zeros(0).untyped_storage().nbytes() == 0
    # The storage keeps its memory alive after the tensor is gone.
    s2 = ember.arange(5).untyped_storage()
    assert s2.nbytes() == 40


# ------------------------------------------------------------- argument forms


def test_size_arguments_take_varargs_sequences_and_size():
    t = ember.arange(24)
    for shape in [(2, 3, 4), [2, 3, 4], ember.Size([2, 3, 4])]:
        assert t.view(shape).shape == (2, 3, 4)
        assert t.reshape(shape).shape == (2, 3, 4)
        assert ember.reshape(t, shape).shape == (2, 3, 4)
        assert t[:4].view(4, 1, 1).expand(shape[::-1]).shape == (4, 3, 2)
        assert ember.broadcast_to(t[:4], shape[:1] + type(shape)([3, 4])).shape == (2, 3, 4)
    for dims in [(2, 0, 1), [2, 0, 1], ember.Size([2, 0, 1])]:
        assert t.view(2, 3, 4).permute(dims).shape == (4, 2, 3)
        assert ember.permute(t.view(2, 3, 4), dims).shape == (4, 2, 3)
        assert t.view(2, 3, 4).permute(*dims).shape == (4, 2, 3)
    assert t.view(-1, np.int64(4)).shape == (6, 4)
    assert t.reshape(shape=(4, 6)).shape == (4, 6)
    assert t.view(size=(4, 6)).shape == (4, 6)
    assert t[:2].view(2, 1).expand(size=(2, 3)).shape == (2, 3)
    assert t.view(2, 3, 4).permute(dims=(1, 0, 2)).shape == (3, 2, 4)
    u = ember.ones(1, 3, 1)
    assert u.squeeze(0, 2).shape == (3,) and u.squeeze(dim=0).shape == (3, 1) and u.squeeze(()).shape == (1, 3, 1)
    assert u.squeeze([0, 1]).shape == (3, 1)
    assert (
        ember.squeeze(u).shape == (3,)
        and ember.squeeze(u, (0, 2)).shape == (3,)
        and ember.squeeze(u, 2).shape == (1, 3)
    )
    assert u.movedim(source=0, destination=1).shape == (3, 1, 1)
    assert u.transpose(dim0=0, dim1=1).shape == (3, 1, 1)
    assert u.swapaxes(axis0=0, axis1=1).shape == (3, 1, 1)
    assert u.unfold(dimension=1, size=2, step=1).shape == (1, 2, 1, 2)
    with pytest.raises(TypeError, match="view"):
        t.view(2.0, 12)
    with pytest.raises(TypeError, match="view"):
        t.view(2, (12,))
    with pytest.raises(TypeError, match="unexpected keyword argument 'shape'"):
        t.view(shape=(24,))
    with pytest.raises(TypeError, match="reshape"):
        t.reshape("ab")
    for method in ("view", "reshape", "expand", "permute"):
        with pytest.raises(TypeError, match=f"{method}.. missing 1 required positional argument"):
            getattr(t, method)()


def test_module_functions():
    t, a = sample((2, 3, 4))
    assert ember.reshape(t, (4, 6)).tolist() == a.reshape(4, 6).tolist()
    assert ember.flatten(t, 1).tolist() == a.reshape(2, 12).tolist()
    assert ember.unflatten(t, 1, (3, 1)).shape == (2, 3, 1, 4)
    assert ember.squeeze(ember.unsqueeze(t, 1), 1).shape == (2, 3, 4)
    assert ember.transpose(t, 0, 1).tolist() == np.swapaxes(a, 0, 1).tolist()
    assert ember.swapaxes(t, 0, 2).tolist() == np.swapaxes(a, 0, 2).tolist()
    assert ember.swapdims(t, 1, 2).tolist() == np.swapaxes(a, 1, 2).tolist()
    assert ember.permute(t, (2, 0, 1)).tolist() == np.transpose(a, (2, 0, 1)).tolist()
    assert ember.movedim(t, 0, 2).tolist() == np.moveaxis(a, 0, 2).tolist()
    assert ember.moveaxis(t, (0, 2), (1, 0)).tolist() == np.moveaxis(a, (0, 2), (1, 0)).tolist()
    assert ember.narrow(t, 2, 1, 2).tolist() == a[..., 1:3].tolist()
    assert ember.select(t, 1, -1).tolist() == a[:, -1].tolist()
    assert ember.diagonal(t, offset=1, dim1=1, dim2=2).tolist() == np.diagonal(a, 1, 1, 2).tolist()
    assert ember.t(t[0]).tolist() == a[0].T.tolist()
    assert ember.as_strided(t, (2, 2), (1, 2), 1).tolist() == [[1, 3], [2, 4]]
    assert [u.tolist() for u in ember.unbind(t, 1)] == [a[:, i].tolist() for i in range(3)]
    assert [u.tolist() for u in t.unbind()] == [a[i].tolist() for i in range(2)]


def test_broadcast_shapes_and_tensors():
    assert ember.broadcast_shapes((3, 1), (4,), (2, 1, 1)) == (2, 3, 4)
    assert isinstance(ember.broadcast_shapes((3, 1), (4,)), ember.Size)
    assert ember.broadcast_shapes() == ()
    assert ember.broadcast_shapes(3, (2, 1)) == (2, 3)
    assert ember.broadcast_shapes((0,), (1,)) == (0,)
    assert ember.broadcast_shapes([2], ember.Size([3, 1])) == (3, 2)
    assert ember.broadcast_shapes((5, 1, 3), ()) == np.broadcast_shapes((5, 1, 3), ())
    a, b, c = ember.broadcast_tensors(ember.ones(3, 1), ember.arange(4.0), ember.tensor(2.0))
    assert a.shape == b.shape == c.shape == (3, 4)
    assert [a.stride(), b.stride(), c.stride()] == [(1, 0), (0, 1), (0, 0)]
    assert b.tolist() == np.broadcast_to(np.arange(4.0), (3, 4)).tolist()
    assert ember.broadcast_tensors() == ()
    assert isinstance(ember.broadcast_tensors(ember.ones(2)), tuple)


# ------------------------------------------------------------------- errors

# (expression, exception class as torch 2.13 raises it, part of ember's message)
ERRORS = [
    ("t.view(3, 5)", RuntimeError, "view: shape '[3, 5]' is invalid for input of size 12"),
    ("t.reshape(5, -1)", RuntimeError, "reshape: shape '[5, -1]' is invalid for input of size 12"),
    ("t.view(-1, -1)", RuntimeError, "view: only one dimension can be inferred"),
    ("t.reshape(-1, 2, -1)", RuntimeError, "reshape: only one dimension can be inferred"),
    ("t.view(-2, 6)", RuntimeError, "view: invalid shape dimension -2 at index 0 of shape [-2, 6]"),
    ("e.view(-1, 0)", RuntimeError, "view: cannot reshape tensor of 0 elements into shape [-1, 0]"),
    ("t.view(0, -1)", RuntimeError, "view: shape '[0, -1]' is invalid for input of size 12"),
    ("t.t().view(12)", RuntimeError, "view: view size is not compatible with input tensor's size and stride"),
    ("t[:, :2].view(6)", RuntimeError, "tensor of size (3, 2) and stride (4, 1) viewed as (6,)"),
    ("t.t().view(lib.float16)", RuntimeError, "view: self.stride(-1) must be 1 to view float32 as float16"),
    ("t[:, :3].view(lib.complex64)", RuntimeError, "view: self.size(-1) must be divisible by 2"),
    ("t[:, 1:].view(lib.float64)", RuntimeError, "view: self.size(-1) must be divisible by 2"),
    ("t[1:2, 1:3].view(lib.float64)", RuntimeError, "view: self.storage_offset() must be divisible by 2"),
    ("t.view(3, 2, 2)[:, :, :1].view(lib.float64)", RuntimeError, "view: self.size(-1) must be divisible by 2"),
    ("t.view(6, 2).unfold(0, 3, 3).view(lib.float64)", RuntimeError, "view: self.stride(-1) must be 1"),
    ("t.view(4, 3)[:, :2].view(lib.float64)", RuntimeError, "view: self.stride(0) must be divisible by 2"),
    ("s.view(lib.float16)", RuntimeError, "view: self.dim() cannot be 0 to view float32 as float16"),
    ("t.flatten(1, 0)", RuntimeError, "flatten: start_dim cannot come after end_dim"),
    ("t.flatten(0, 2)", IndexError, "flatten: dimension out of range (expected to be in range of [-2, 1], but got 2)"),
    ("t.unflatten(1, (3, 2))", RuntimeError, "unflatten: provided sizes [3, 2] don't multiply up to the size of dim 1"),
    ("t.unflatten(1, ())", RuntimeError, "unflatten: sizes must be non-empty"),
    ("t.unflatten(1, (2**40, 2**40))", RuntimeError, "unflatten: provided sizes [1099511627776, 1099511627776] don't"),
    ("t.view(2**40, 2**40)", RuntimeError, "view: shape '[1099511627776, 1099511627776]' is invalid for input"),
    ("t.expand(2**40, 2**40, 3, 4)", RuntimeError, "expand: size (1099511627776, 1099511627776, 3, 4) has more"),
    ("t.unflatten(2, (2, 2))", IndexError, "unflatten: dimension out of range"),
    ("t.unflatten(1, (-1, -1))", RuntimeError, "unflatten: only one dimension can be inferred"),
    ("s.unflatten(0, (1,))", RuntimeError, "unflatten: cannot be applied to a 0-dim tensor"),
    ("t.squeeze(2)", IndexError, "squeeze: dimension out of range (expected to be in range of [-2, 1], but got 2)"),
    ("t.squeeze((0, 2))", IndexError, "squeeze: dimension out of range"),
    ("t.squeeze((0, -2))", RuntimeError, "squeeze: dim 0 appears multiple times in the list of dims (0, -2)"),
    ("s.squeeze(1)", IndexError, "squeeze: dimension out of range (expected to be in range of [-1, 0], but got 1)"),
    ("t.permute(0, 0)", RuntimeError, "permute: duplicate dims are not allowed, got (0, 0)"),
    ("t.permute(1, -1)", RuntimeError, "permute: duplicate dims are not allowed"),
    ("t.permute(0)", RuntimeError, "permute: number of dims don't match: the tensor of size (3, 4) has 2 dimensions"),
    ("t.permute(0, 1, 2)", RuntimeError, "but dims (0, 1, 2) has 3"),
    ("t.permute(0, 2)", IndexError, "permute: dimension out of range"),
    ("s.permute(0)", RuntimeError, "permute: number of dims don't match"),
    ("lib.permute(t, 1, 0)", TypeError, "permute"),
    ("t.movedim(2, 0)", IndexError, "movedim: dimension out of range"),
    ("t.movedim((0, 1), (1,))", RuntimeError, "movedim: Invalid source or destination dims: source (0, 1)"),
    ("t.movedim((0, 0), (1, 0))", RuntimeError, "movedim: repeated dim in `source` (0, 0)"),
    ("t.movedim((0, 1), (1, 1))", RuntimeError, "movedim: repeated dim in `destination` (1, 1)"),
    ("t.movedim(0.5, 1.5)", TypeError, "movedim: expected an int or a sequence of ints"),
    ("t.movedim(0, (1,))", TypeError, "movedim: source and destination must both be ints or both be sequences"),
    ("t.movedim((0,), 1)", TypeError, "movedim: source and destination must both be ints or both be sequences"),
    ("t.squeeze(True)", TypeError, "squeeze: expected an int or a sequence of ints, got bool"),
    ("t.view(True, 12)", TypeError, "view: expected a sequence of ints, got an element of type bool"),
    ("t.unflatten(1, 4)", TypeError, "unflatten: expected a sequence of ints, got int"),
    ("t.expand('ab')", TypeError, "expand: expected a sequence of ints, got str"),
    ("t.transpose(0, 2)", IndexError, "transpose: dimension out of range"),
    ("t.swapaxes(-3, 0)", IndexError, "transpose: dimension out of range"),
    ("t[None].t()", RuntimeError, "t: expects a tensor with <= 2 dimensions, but self is 3-D"),
    ("lib.t(t[None])", RuntimeError, "t: expects a tensor with <= 2 dimensions"),
    ("t[0].mT", RuntimeError, "mT: tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor"),
    ("t.expand(4, 4)", RuntimeError, "expand: the expanded size of the tensor (4) must match the existing size (3)"),
    ("t.expand(4)", RuntimeError, "expand: the number of sizes provided (1) must be greater or equal"),
    ("t.expand(-1, 3, 4)", RuntimeError, "expand: the expanded size -1 isn't allowed in a leading, non-existing"),
    ("t[:, :1].expand(3, 0, 2)", RuntimeError, "expand: the expanded size of the tensor (0) must match"),
    ("e.expand(3, 4)", RuntimeError, "expand: the expanded size of the tensor (4) must match the existing size (3)"),
    ("t[:, :1].expand(3, -2)", RuntimeError, "expand: invalid size -2"),
    ("t[:2].expand_as(lib.ones(3, 2, 3))", RuntimeError, "expand: the expanded size of the tensor (3)"),
    ("lib.broadcast_to(t, (2, 4))", RuntimeError, "broadcast_to: the expanded size of the tensor (2)"),
    ("t.broadcast_to((4,))", RuntimeError, "broadcast_to: the number of sizes provided (1)"),
    ("lib.broadcast_shapes((3, 1), (4, 2))", RuntimeError, "broadcast_shapes: shapes (3, 1) and (4, 2) cannot be"),
    ("lib.broadcast_shapes((-1,), (3,))", ValueError, "broadcast_shapes: shape (-1,) has a negative dimension"),
    ("lib.broadcast_shapes((3,), (-1,))", RuntimeError, "broadcast_shapes: shapes (3,) and (-1,) cannot be"),
    ("lib.broadcast_shapes((3,), 2.5)", RuntimeError, "broadcast_shapes: input shapes should be ints"),
    ("lib.broadcast_shapes((3,), 'a')", RuntimeError, "broadcast_shapes: input shapes should be ints"),
    ("lib.broadcast_tensors(t, lib.ones(3))", RuntimeError, "broadcast_tensors: shapes (3, 4) and (3,) cannot be"),
    ("t.unfold(1, 5, 1)", RuntimeError, "unfold: maximum size for tensor at dimension 1 is 4 but size is 5"),
    ("t.unfold(1, 2, 0)", RuntimeError, "unfold: step is 0 but must be > 0"),
    ("t.unfold(1, -1, 1)", RuntimeError, "unfold: size is -1 but must be >= 0"),
    ("t.unfold(2, 1, 1)", IndexError, "unfold: dimension out of range"),
    ("s.unfold(0, 2, 1)", RuntimeError, "unfold: maximum size for tensor at dimension 0 is 1 but size is 2"),
    ("t.diagonal(0, 1, 1)", RuntimeError, "diagonal: dimensions cannot be identical 1, 1"),
    ("t.diagonal(0, -1, 1)", RuntimeError, "diagonal: dimensions cannot be identical -1, 1"),
    ("t.diagonal(0, 0, 2)", IndexError, "diagonal: dimension out of range"),
    ("s.diagonal()", IndexError, "diagonal: dimension out of range (expected to be in range of [-1, 0], but got 1)"),
    ("t[0].diagonal()", IndexError, "diagonal: dimension out of range"),
    ("t.imag", RuntimeError, "imag: imag is not implemented for tensors with non-complex dtypes, got float32"),
    ("lib.imag(t)", RuntimeError, "imag: imag is not implemented"),
    ("lib.view_as_real(t)", RuntimeError, "view_as_real: is only supported for complex tensors, got float32"),
    ("lib.view_as_complex(t)", RuntimeError, "view_as_complex: Tensor must have a last dimension of size 2"),
    ("lib.view_as_complex(s)", RuntimeError, "view_as_complex: Tensor must have a last dimension of size 2"),
    ("lib.view_as_complex(t.view(3, 2, 2).transpose(1, 2))", RuntimeError, "must have a last dimension with stride 1"),
    ("lib.view_as_complex(t.view(12)[1:11].view(5, 2))", RuntimeError, "must have a storage_offset divisible by 2"),
    ("lib.view_as_complex(t.view(4, 3)[:, 1:])", RuntimeError, "stride divisible by 2 for all but last dimension"),
    ("lib.view_as_complex(i.view(6, 2))", RuntimeError, "view_as_complex: is only supported for float32 and float64"),
    ("t.unbind(2)", IndexError, "unbind: dimension out of range"),
    ("s.unbind()", IndexError, "unbind: cannot be applied to a 0-dim tensor"),
]


@pytest.mark.parametrize("expr, exc, message", ERRORS, ids=[e[0] for e in ERRORS])
def test_errors_match_torch_classes(expr, exc, message):
    env = {
        "lib": ember,
        "t": ember.arange(12, dtype=ember.float32).reshape(3, 4),
        "s": ember.tensor(1.0),
        "e": ember.zeros(0, 3),
        "i": ember.arange(12, dtype=ember.int32),
    }
    if exc is None:  # a tricky input torch accepts
        eval(expr, env)
        return
    with pytest.raises(exc, match=re.escape(message)):
        eval(expr, env)


# --------------------------------------------------------------- hypothesis


@st.composite
def strided_input(draw, max_dims=4):
    """A grid of random shape seen through a random permutation and steps,
    with the NumPy array that holds the same memory."""
    shape = draw(st.lists(st.integers(0, 4), min_size=0, max_size=max_dims))
    steps = [draw(st.integers(1, 2)) for _ in shape]
    full_shape = [s * k for s, k in zip(shape, steps, strict=True)]
    t, a = sample(full_shape)
    index = tuple(slice(None, None, k) for k in steps)
    t, a = t[index], a[index]
    perm = draw(st.permutations(range(len(shape))))
    return t.permute(perm), np.transpose(a, perm)


def factorisation(draw, n):
    """A random shape with n elements, maybe with 1s and a -1."""
    dims = []
    while n > 1:
        d = draw(st.sampled_from([k for k in range(2, n + 1) if n % k == 0]))
        dims.append(d)
        n //= d
    dims += [1] * draw(st.integers(0, 2))
    dims = draw(st.permutations(dims))
    if dims and draw(st.booleans()):
        dims[draw(st.integers(0, len(dims) - 1))] = -1
    return list(dims)


@settings(max_examples=150, deadline=None)
@given(strided_input(), st.data())
def test_reshape_matches_numpy(inp, data):
    t, a = inp
    if a.size == 0:
        target = data.draw(st.sampled_from([[0], [0, 5], [2, 0, 7], list(a.shape)]))
    else:
        target = factorisation(data.draw, a.size)
    r = t.reshape(target)
    expected = a.reshape(target)
    assert r.shape == expected.shape
    assert r.tolist() == expected.tolist()
    try:
        v = t.view(target)
    except RuntimeError as e:
        assert "view size is not compatible" in str(e)
        assert not shares(r, t) and r.is_contiguous()  # reshape had to copy
    else:
        assert v.stride() == r.stride() and shares(r, t) and shares(v, t)
        assert v.tolist() == expected.tolist()
        assert v.data_ptr() == t.data_ptr() or v.numel() == 0
    if t.is_contiguous():
        assert shares(r, t)  # a contiguous tensor can always be viewed


@settings(max_examples=150, deadline=None)
@given(strided_input(), st.data())
def test_permute_matches_numpy(inp, data):
    t, a = inp
    perm = data.draw(st.permutations(range(a.ndim)))
    neg = [p - a.ndim if data.draw(st.booleans()) else p for p in perm]
    v = t.permute(*neg) if neg else t.permute(())
    expected = np.transpose(a, perm)
    assert v.shape == expected.shape
    assert v.tolist() == expected.tolist()
    assert v.stride() == tuple(s // 8 for s in expected.strides) or a.size == 0
    assert shares(v, t)
    inverse = np.argsort(perm).tolist()
    assert v.permute(inverse).stride() == t.stride()


@settings(max_examples=150, deadline=None)
@given(strided_input(), st.data())
def test_flatten_matches_numpy(inp, data):
    t, a = inp
    if a.ndim == 0:
        assert t.flatten().shape == (1,)
        return
    start = data.draw(st.integers(-a.ndim, a.ndim - 1))
    end = data.draw(st.integers(start % a.ndim, a.ndim - 1))
    v = t.flatten(start, end)
    s = start % a.ndim
    expected = a.reshape(a.shape[:s] + (-1 if a.size else int(np.prod(a.shape[s : end + 1])),) + a.shape[end + 1 :])
    assert v.shape == expected.shape
    assert v.tolist() == expected.tolist()
    # flatten is reshape: a view exactly when reshape gives one.
    assert shares(v, t) == shares(t.reshape(expected.shape), t)
