"""Views: narrow/select/unsqueeze/transpose/t/as_strided and basic indexing.

Views share their base's storage; their sizes, strides, offsets and
contiguity follow PyTorch (expected values from torch 2.13), and indexing
results match NumPy's basic indexing.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ember


def grid(*shape, dtype=np.int64):
    """A tensor 0, 1, 2, ... of the given shape, and the NumPy array it shares."""
    arr = np.arange(int(np.prod(shape)), dtype=dtype).reshape(shape)
    return ember.from_numpy(arr), arr


def address(t):
    return t.data_ptr()


# ------------------------------------------------------------ storage sharing


def test_views_share_storage_and_writes_show_through():
    base = ember.zeros(3, 4)
    row = base[1]
    row.copy_(ember.ones(4))
    col = base[:, 2]
    col.copy_(ember.full((3,), 5.0))
    base.t()[0].copy_(ember.full((3,), 7.0))
    assert base.tolist() == [[7.0, 0.0, 5.0, 0.0], [7.0, 1.0, 5.0, 1.0], [7.0, 0.0, 5.0, 0.0]]


@pytest.mark.parametrize(
    "make, offset",
    [
        (lambda t: t[1], 4),
        (lambda t: t[:, 2], 2),
        (lambda t: t[1:, 1:], 5),
        (lambda t: t[2, 3], 11),
        (lambda t: t.narrow(1, 1, 2), 1),
        (lambda t: t.select(0, -1), 8),
        (lambda t: t.t(), 0),
        (lambda t: t.transpose(0, 1)[3], 3),
        (lambda t: t.unsqueeze(0), 0),
        (lambda t: t[None, ..., 1], 1),
        (lambda t: t.as_strided((2,), (3,), 2), 2),
        (lambda t: t[1:][:, 1:], 5),
        (lambda t: t[::2, ::3], 0),
    ],
)
def test_view_offsets_and_data_ptr(make, offset):
    base = ember.ones(3, 4, dtype=ember.float64)
    v = make(base)
    assert v.storage_offset() == offset
    assert address(v) == address(base) + offset * 8


@pytest.mark.parametrize(
    "make, shape, stride, contiguous",
    [
        # Expected values from torch 2.13.
        (lambda t: t.t(), (4, 3), (1, 4), False),
        (lambda t: t[:, ::2], (3, 2), (4, 2), False),
        (lambda t: t[None], (1, 3, 4), (12, 4, 1), True),
        (lambda t: t[:, None], (3, 1, 4), (4, 4, 1), True),
        (lambda t: t[..., None], (3, 4, 1), (4, 1, 1), True),
        (lambda t: t.unsqueeze(2), (3, 4, 1), (4, 1, 1), True),
        (lambda t: t.unsqueeze(-1), (3, 4, 1), (4, 1, 1), True),
        (lambda t: t.unsqueeze(1), (3, 1, 4), (4, 4, 1), True),
        (lambda t: t.t().unsqueeze(1), (4, 1, 3), (1, 12, 4), False),
        (lambda t: t[:, 1:].unsqueeze(2), (3, 3, 1), (4, 1, 1), False),
        (lambda t: t[:, 1:].unsqueeze(0), (1, 3, 3), (12, 4, 1), False),
        (lambda t: t[:, 0], (3,), (4,), False),
        (lambda t: t[0], (4,), (1,), True),
        (lambda t: t[1:2], (1, 4), (4, 1), True),
        (lambda t: t[:, 1:2], (3, 1), (4, 1), False),
        (lambda t: t.t()[None, ..., 1], (1, 4), (4, 1), True),
        (lambda t: t[2:1], (0, 4), (4, 1), True),
        (lambda t: t[5:], (0, 4), (4, 1), True),
        (lambda t: t[-10:2], (2, 4), (4, 1), True),
        (lambda t: t[1, ..., 2], (), (), True),
        (lambda t: t[None, None], (1, 1, 3, 4), (12, 12, 4, 1), True),
        (lambda t: t.transpose(-1, -2), (4, 3), (1, 4), False),
        (lambda t: t.narrow(-1, -2, 2), (3, 2), (4, 1), False),
    ],
)
def test_view_geometry(make, shape, stride, contiguous):
    t, _ = grid(3, 4)
    v = make(t)
    assert v.shape == shape
    assert v.stride() == stride
    assert v.is_contiguous() is contiguous


def test_size_and_stride_with_dim():
    t = ember.zeros(2, 3, 4)
    assert t.size() == (2, 3, 4)
    assert [t.size(d) for d in (0, 1, 2, -1, -3)] == [2, 3, 4, 4, 2]
    assert [t.stride(d) for d in (0, 1, 2, -1)] == [12, 4, 1, 1]
    s = ember.tensor(1.0)
    assert s.size() == () and s.stride() == () and s.dim() == 0


def test_is_contiguous_ignores_size_one_dims():
    assert ember.ones(3, 1, 2).is_contiguous()
    assert ember.ones(3, 1, 2).as_strided((3, 1, 2), (2, 7, 1)).is_contiguous()
    assert ember.ones(2, 1).t().is_contiguous()
    assert not ember.ones(4).as_strided((2, 2), (1, 2)).is_contiguous()


def test_empty_views_are_contiguous():
    # A tensor with no elements is contiguous whatever its strides (torch 2.13:
    # torch.zeros(6).as_strided((0, 3), (1, 5)).is_contiguous() is True).
    assert ember.zeros(0, 3).t().is_contiguous()
    assert ember.zeros(6).as_strided((0, 3), (1, 5)).is_contiguous()
    assert ember.ones(4, 6)[:, ::2][:0].is_contiguous()


# ----------------------------------------------------- individual view methods


def test_narrow():
    t, a = grid(4, 5)
    assert t.narrow(0, 1, 2).tolist() == a[1:3].tolist()
    assert t.narrow(1, -3, 3).tolist() == a[:, -3:].tolist()
    assert t.narrow(1, 5, 0).shape == (4, 0)
    assert t.narrow(-1, 0, 5).tolist() == a.tolist()


def test_select():
    t, a = grid(2, 3, 4)
    for dim in range(3):
        for i in range(-a.shape[dim], a.shape[dim]):
            assert t.select(dim, i).tolist() == np.take(a, i, axis=dim).tolist()
    assert t.select(-1, -1).tolist() == a[..., -1].tolist()


def test_transpose_and_t():
    t, a = grid(2, 3, 4)
    for d0 in range(-3, 3):
        for d1 in range(-3, 3):
            v = t.transpose(d0, d1)
            assert v.tolist() == np.swapaxes(a, d0, d1).tolist()
    m, b = grid(3, 5)
    assert m.t().tolist() == b.T.tolist()
    assert m.t().t().stride() == m.stride()
    vec = ember.arange(3)
    assert vec.t().shape == (3,) and vec.t().tolist() == [0, 1, 2]
    s = ember.tensor(2.0)
    assert s.t().shape == () and s.transpose(0, 0).shape == () and s.transpose(-1, 0).item() == 2.0


def test_unsqueeze_every_position():
    t, a = grid(2, 3)
    for d in range(-3, 3):
        v = t.unsqueeze(d)
        assert v.shape == np.expand_dims(a, d).shape
        assert v.tolist() == np.expand_dims(a, d).tolist()
    s = ember.tensor(1.0)
    assert s.unsqueeze(0).shape == (1,) and s.unsqueeze(-1).shape == (1,)


def test_as_strided_sliding_windows_match_numpy():
    t, a = grid(6)
    v = t.as_strided((4, 3), (1, 1))
    assert v.tolist() == np.lib.stride_tricks.sliding_window_view(a, 3).tolist()
    assert t.as_strided((2, 2), (1, 2), 1).tolist() == [[1, 3], [2, 4]]
    assert t.as_strided((3,), (2,), 1).storage_offset() == 1
    # The offset defaults to the view's own offset.
    assert t[2:].as_strided((2,), (1,)).tolist() == [2, 3]
    # Zero strides repeat an element.
    assert t.as_strided((2, 3), (0, 1)).tolist() == [[0, 1, 2], [0, 1, 2]]
    assert t.as_strided((0, 5), (100, 1)).shape == (0, 5)


def test_high_rank_views_match_numpy():
    t, a = grid(2, 1, 3, 1, 2, 2, 1, 3)
    assert t.stride() == tuple(s // 8 for s in a.strides)
    assert t.transpose(0, 7).tolist() == np.swapaxes(a, 0, 7).tolist()
    assert t.transpose(2, 5)[1, :, ::2].tolist() == np.swapaxes(a, 2, 5)[1, :, ::2].tolist()
    assert t.transpose(0, 7).contiguous().tolist() == np.swapaxes(a, 0, 7).tolist()
    assert t.unsqueeze(8).shape == a.shape + (1,)


# ------------------------------------------------- contiguous / clone / copy_


def test_contiguous_returns_self_when_contiguous():
    t = ember.ones(2, 3)
    assert t.contiguous() is t
    v = t.t()
    c = v.contiguous()
    assert c is not v and c.is_contiguous() and c.stride() == (2, 1)
    assert c.tolist() == v.tolist()
    assert c.data_ptr() != t.data_ptr()


def test_clone_copies():
    t, a = grid(3, 4)
    v = t[:, 1::2]
    c = v.clone()
    assert c.tolist() == a[:, 1::2].tolist()
    assert c.data_ptr() != v.data_ptr()
    a[0, 1] = 100
    assert v[0, 0].item() == 100 and c[0, 0].item() == 1
    assert ember.zeros(0, 3).clone().shape == (0, 3)
    assert ember.tensor(5).clone().item() == 5


def test_copy_into_views_with_casting():
    base = ember.zeros(3, 4, dtype=ember.int32)
    out = base[:, ::2].copy_(ember.tensor([[1.7, -2.2], [3.0, 4.9], [5.5, 6.0]]))
    assert out.shape == (3, 2)
    assert base.tolist() == [[1, 0, -2, 0], [3, 0, 4, 0], [5, 0, 6, 0]]
    src = ember.arange(6.0).as_strided((2, 3), (1, 2))
    assert ember.ones(2, 3).copy_(src).tolist() == [[0.0, 2.0, 4.0], [1.0, 3.0, 5.0]]
    # Overlapping transpose-copy within one tensor goes through the source's values.
    t = ember.tensor([[1.0, 2.0], [3.0, 4.0]])
    assert ember.empty(2, 2).copy_(t.t()).tolist() == [[1.0, 3.0], [2.0, 4.0]]


def test_copy_broadcasts_the_source():
    assert ember.zeros(2, 3).copy_(ember.tensor([1.0, 2.0, 3.0])).tolist() == [[1.0, 2.0, 3.0]] * 2
    assert ember.zeros(2, 2).copy_(ember.tensor([[5], [6]])).tolist() == [[5.0, 5.0], [6.0, 6.0]]
    assert ember.zeros(3).copy_(ember.tensor(7.0)).tolist() == [7.0] * 3
    with pytest.raises(RuntimeError, match=r"copy_: source of shape \(2,\) can't be broadcast to .*\(2, 3\)"):
        ember.zeros(2, 3).copy_(ember.ones(2))
    with pytest.raises(RuntimeError, match=r"copy_: source of shape \(2, 3\) can't be broadcast to .*\(3,\)"):
        ember.zeros(3).copy_(ember.ones(2, 3))


def test_copy_returns_self():
    t = ember.zeros(2)
    assert t.copy_(ember.ones(2)) is t


# ------------------------------------------------------------ Python protocols


def test_len_iter_and_scalar_protocols():
    t, a = grid(3, 2)
    assert len(t) == 3
    rows = list(t)
    assert [r.tolist() for r in rows] == a.tolist()
    assert all(r.data_ptr() == t.data_ptr() + 2 * 8 * i for i, r in enumerate(rows))
    assert [x.shape for x in ember.ones(2, 3)] == [(3,), (3,)]
    assert list(ember.zeros(0, 2)) == []
    assert int(ember.tensor(2.7)) == 2 and int(ember.tensor(-2.7)) == -2
    assert float(ember.tensor(7)) == 7.0 and isinstance(float(ember.tensor(7)), float)
    assert int(ember.tensor(True)) == 1
    assert bool(ember.tensor(0.0)) is False and bool(ember.tensor([[3]])) is True
    assert bool(ember.tensor([0])) is False
    assert ember.tensor(3).__index__() == 3
    assert range(10)[ember.tensor(4)] == 4
    assert [0, 1, 2][ember.tensor([1])] == 1


def test_tolist_of_views():
    t, a = grid(3, 4, 2)
    v = t.transpose(0, 2)[:, 1:, ::2]
    assert v.tolist() == np.swapaxes(a, 0, 2)[:, 1:, ::2].tolist()
    assert ember.tensor(5).tolist() == 5
    assert ember.tensor([[True]]).tolist() == [[True]]


# ------------------------------------------------------------------- indexing


def test_getitem_returns_views():
    t, a = grid(4, 5)
    v = t[1:, ::2]
    a[1, 0] = -1
    assert v[0, 0].item() == -1
    assert t[2, 3].shape == () and t[2, 3].item() == 13
    assert t[ember.tensor(1)].tolist() == a[1].tolist()
    assert t[...].shape == (4, 5) and t[...].data_ptr() == t.data_ptr()
    assert ember.tensor(1.0)[None].shape == (1,)
    assert ember.tensor(1.0)[...].shape == ()


def test_getitem_accepts_numpy_integers():
    # torch accepts any integer with __index__ (NumPy ints) as an index.
    t, a = grid(2, 3)
    assert t[np.int64(1)].tolist() == [3, 4, 5]
    assert t[:, np.int32(2)].tolist() == [2, 5]
    assert t[1 : np.int64(2)].shape == (1, 3)


def test_getitem_bool_is_not_an_integer_index():
    # In torch x[True] adds a dim of size 1 and x[False] one of size 0
    # (torch 2.13: shapes (1, 2, 3) and (0, 2, 3)); it is never x[1] / x[0].
    t, _ = grid(2, 3)
    assert t[True].shape == (1, 2, 3)
    assert t[False].shape == (0, 2, 3)


@st.composite
def shape_and_index(draw):
    """A shape and a basic index for it: ints, slices, None and one Ellipsis."""
    shape = tuple(draw(st.lists(st.integers(0, 5), min_size=0, max_size=4)))

    def index_for(n):
        if n > 0 and draw(st.booleans()):
            return draw(st.integers(-n, n - 1))
        start = draw(st.none() | st.integers(-7, 7))
        stop = draw(st.none() | st.integers(-7, 7))
        return slice(start, stop, draw(st.none() | st.integers(1, 4)))

    consumed = draw(st.integers(0, len(shape)))
    items = []
    for d in range(consumed):
        while draw(st.integers(0, 4)) == 0:
            items.append(None)
        items.append(index_for(shape[d]))
    if draw(st.booleans()):
        items.append(Ellipsis)
        trailing = draw(st.integers(0, len(shape) - consumed))
        for d in range(len(shape) - trailing, len(shape)):
            items.append(index_for(shape[d]))
    if draw(st.booleans()):
        items.append(None)
    return shape, tuple(items)


@settings(max_examples=200, deadline=None)
@given(shape_and_index())
def test_getitem_matches_numpy(case):
    shape, index = case
    t, a = grid(*shape)
    v = t[index]
    # With an Ellipsis NumPy returns a 0-d view rather than a scalar copy.
    expected = a[index if any(i is Ellipsis for i in index) else index + (Ellipsis,)]
    assert v.shape == expected.shape
    assert v.tolist() == expected.tolist()
    # A view at the same address as NumPy's view of the same memory.
    if v.numel() > 0:
        assert v.data_ptr() == expected.__array_interface__["data"][0]
        assert np.shares_memory(v.numpy(), a)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=3), st.data())
def test_out_of_range_int_index_raises_index_error(shape, data):
    t, a = grid(*shape)
    dim = data.draw(st.integers(0, len(shape) - 1))
    n = shape[dim]
    i = data.draw(st.one_of(st.integers(n, n + 10), st.integers(-n - 10, -n - 1)))
    index = (slice(None),) * dim + (i,)
    with pytest.raises(IndexError):
        a[index]
    with pytest.raises(IndexError):
        t[index]


@pytest.mark.parametrize(
    "shape, index",
    [((3,), (0, 0)), ((2, 3), (0, 0, 0)), ((), (0,)), ((2, 3), (..., ...)), ((2,), (None, 0, 0))],
    ids=str,
)
def test_too_many_indices_raise_index_error(shape, index):
    t, _ = grid(*shape)
    with pytest.raises(IndexError):
        t[index]


@pytest.mark.parametrize("step", [0, -1, -2])
def test_non_positive_slice_step_raises_value_error(step):
    t, _ = grid(5)
    with pytest.raises(ValueError):
        t[::step]


@pytest.mark.parametrize("index", [1.5, "a", {0: 1}], ids=repr)  # lists and tensors: test_indexing.py
def test_unsupported_index_types_raise(index):
    t, _ = grid(3)
    with pytest.raises((NotImplementedError, TypeError, IndexError)):
        t[index]
