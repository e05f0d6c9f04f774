"""masked_fill, masked_select, masked_scatter, nonzero, argwhere and where(condition).

References are NumPy (np.where, boolean indexing, np.nonzero, np.argwhere);
argument rules and messages were checked against PyTorch 2.13.
"""

import numpy as np
import pytest
from op_db import ALL, NP_DTYPE, as_numpy

import ember

DTYPES = [(dtype, NP_DTYPE[dtype]) for dtype in ALL]


def data(np_dtype, shape=(3, 4)):
    return (np.arange(int(np.prod(shape))).reshape(shape) % 3).astype(np_dtype)


@pytest.mark.parametrize("dtype, np_dtype", DTYPES, ids=str)
def test_masked_ops_over_dtypes(dtype, np_dtype):
    a = data(np_dtype)
    t = ember.tensor(a.tolist(), dtype=dtype)
    mask = np.array([True, False, True, False])  # broadcast over rows
    m = ember.from_numpy(mask)
    full = np.broadcast_to(mask, a.shape)
    np.testing.assert_array_equal(as_numpy(t.masked_fill(m, 1)), np.where(full, np.ones((), np_dtype), a))
    np.testing.assert_array_equal(as_numpy(ember.masked_select(t, m)), a[full])
    src = np.arange(12).reshape(3, 4).astype(np_dtype)
    expected = a.copy()
    expected[full] = src.reshape(-1)[: full.sum()]
    np.testing.assert_array_equal(as_numpy(t.masked_scatter(m, ember.tensor(src.tolist(), dtype=dtype))), expected)
    np.testing.assert_array_equal(as_numpy(t), a)  # out-of-place forms
    np.testing.assert_array_equal(ember.nonzero(t).numpy(), np.argwhere(a))
    np.testing.assert_array_equal(ember.argwhere(t).numpy(), np.argwhere(a))
    for got, want in zip(t.nonzero(as_tuple=True), np.nonzero(a), strict=True):
        np.testing.assert_array_equal(got.numpy(), want)


def test_in_place_forms_write_self_and_its_views():
    base = ember.arange(12.0).reshape(3, 4)
    view = base.t()
    assert view.masked_fill_(view > 9, -1.0) is view
    assert base.numpy()[2].tolist() == [8.0, 9.0, -1.0, -1.0]
    base.masked_scatter_(base < 2, ember.tensor([100.0, 200.0, 300.0, 400.0, 500.0]))  # 0, 1, -1, -1
    assert base.numpy()[0, :3].tolist() == [100.0, 200.0, 2.0]
    assert base.numpy()[2].tolist() == [8.0, 9.0, 300.0, 400.0]
    i = ember.arange(3)
    i.masked_fill_(ember.tensor([True, False, True]), 2.7)  # truncates, as PyTorch
    assert i.tolist() == [2, 1, 2]
    i.masked_fill_(ember.tensor(True), ember.tensor(5))  # a 0-d mask broadcasts
    assert i.tolist() == [5, 5, 5]


def test_non_contiguous_and_expanded_inputs():
    a = np.arange(12.0).reshape(3, 4)
    t = ember.from_numpy(a.copy())[:, ::2]
    np.testing.assert_array_equal(t.masked_select(t > 3).numpy(), a[:, ::2][a[:, ::2] > 3])
    np.testing.assert_array_equal(ember.nonzero(t > 3).numpy(), np.argwhere(a[:, ::2] > 3))
    e = ember.tensor([0.0, 1.0, 2.0]).expand(2, 3)
    np.testing.assert_array_equal(ember.argwhere(e).numpy(), [[0, 1], [0, 2], [1, 1], [1, 2]])
    mask = ember.tensor([[True], [False]]).expand(2, 3)
    assert e.masked_fill(mask, 9.0).tolist() == [[9.0, 9.0, 9.0], [0.0, 1.0, 2.0]]


def test_zero_d_and_empty():
    assert ember.nonzero(ember.tensor(5)).shape == (1, 0)
    assert ember.argwhere(ember.tensor(0)).shape == (0, 0)
    (only,) = ember.nonzero(ember.tensor(5), as_tuple=True)
    assert only.tolist() == [0]
    assert ember.where(ember.tensor(0.0))[0].tolist() == []
    assert ember.nonzero(ember.zeros(0, 3)).shape == (0, 2)
    assert ember.masked_select(ember.zeros(0), ember.zeros(0, dtype=ember.bool)).shape == (0,)
    s = ember.tensor(2.0)
    assert s.masked_fill(ember.tensor(True), 3.0).item() == 3.0
    assert s.masked_select(ember.tensor(True)).tolist() == [2.0]


def test_where_with_one_argument_is_nonzero_as_tuple():
    a = np.array([[0, 1, 0], [2, 0, 3]])
    got = ember.where(ember.from_numpy(a))
    assert isinstance(got, tuple) and len(got) == 2
    for g, w in zip(got, np.nonzero(a), strict=True):
        np.testing.assert_array_equal(g.numpy(), w)
    assert ember.where(ember.tensor([True, False]), 1.0, 2.0).tolist() == [1.0, 2.0]  # three arguments still work


def test_masked_errors_match_pytorch():
    t = ember.arange(12.0).reshape(3, 4)
    with pytest.raises(RuntimeError, match="masked_fill_ only supports boolean masks, but got mask with dtype int64"):
        t.masked_fill(ember.ones(4, dtype=ember.int64), 1)
    with pytest.raises(RuntimeError, match="masked_fill_ only supports a 0-dimensional value tensor"):
        t.masked_fill(ember.ones(4, dtype=ember.bool), ember.ones(2))
    with pytest.raises(
        RuntimeError, match=r"masked_fill_: output with shape \[3, 4\] doesn't match the broadcast shape"
    ):
        t.masked_fill_(ember.ones(2, 3, 4, dtype=ember.bool), 1)
    with pytest.raises(RuntimeError):
        t.masked_fill(ember.ones(3, dtype=ember.bool), 1)  # (3,) doesn't broadcast to (3, 4)
    with pytest.raises(RuntimeError):
        t.masked_select(ember.ones(3, dtype=ember.bool))
    with pytest.raises(RuntimeError, match=r"masked_scatter_: number of elements of source \(3\) < number of ones"):
        t.masked_scatter_(ember.ones(4, dtype=ember.bool), ember.ones(3))
    with pytest.raises(RuntimeError, match="masked_scatter_: expected self and source to have same dtypes"):
        t.masked_scatter(ember.ones(4, dtype=ember.bool), ember.ones(20, dtype=ember.float64))
    with pytest.raises(RuntimeError, match="masked_select only supports boolean masks"):
        t.masked_select(ember.ones(4, dtype=ember.uint8))
