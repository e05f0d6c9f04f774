"""pad: ember._C.pad(input, pad, mode, value) is the primitive that
nn.functional.pad calls (torch's torch._C._nn.pad); ember.constant_pad_nd is
torch.constant_pad_nd. Pads come in (before, after) pairs from the last dim
backwards; negative pads crop. Values against np.pad (reflect = 'reflect',
replicate = 'edge', circular = 'wrap'); crops, errors and edge cases as torch
2.13 (checked by hand)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shape_util import ALL_DTYPES, LAYOUTS, SOME_DTYPES, check, make, shares

import ember

pad = ember._C.pad
NP_MODES = {"constant": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def reference(arr, pads, mode, value=0):
    """torch's pad in NumPy: pad the positive parts, crop the negative ones
    (circular crops first, then wraps the cropped input, as torch's does)."""
    widths = [(0, 0)] * arr.ndim
    crops = [slice(None)] * arr.ndim
    for i in range(len(pads) // 2):
        d = arr.ndim - 1 - i
        before, after = pads[2 * i], pads[2 * i + 1]
        widths[d] = (max(before, 0), max(after, 0))
        crops[d] = slice(max(-before, 0), arr.shape[d] - max(-after, 0) + max(before, 0) + max(after, 0))
    if mode == "circular":  # crop the input first
        pre = [slice(None)] * arr.ndim
        for i in range(len(pads) // 2):
            d = arr.ndim - 1 - i
            pre[d] = slice(max(-pads[2 * i], 0), arr.shape[d] - max(-pads[2 * i + 1], 0))
        return np.pad(arr[tuple(pre)], widths, mode="wrap")
    kwargs = {"constant_values": value} if mode == "constant" else {}
    padded = np.pad(arr, widths, mode=NP_MODES[mode], **kwargs)
    return padded[tuple(crops)]


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_constant_pad_matches_numpy(dtype, layout):
    t, arr = make((2, 3, 4), dtype, layout)
    for pads in [(1, 2), (0, 0), (1, 2, 3, 4), (1, 0, 0, 1, 2, 1), (-1, -2), (1, 2, -3, 0), (-1, 1, -1, 1, 1, -1), ()]:
        out = pad(t, pads)
        check(out, reference(arr, pads, "constant"), dtype)
        assert not shares(out, t)  # always a copy, as torch
        check(ember.constant_pad_nd(t, pads, 1), reference(arr, pads, "constant", 1), dtype)
        check(pad(t, pads, value=1), reference(arr, pads, "constant", 1), dtype)


def test_constant_pad_values_convert_as_torch():
    ints = ember.ones(2, dtype=ember.int64)
    check(ember.constant_pad_nd(ints, (1, 1), 3.7), np.array([3, 1, 1, 3]), ember.int64)  # truncates
    check(ember.constant_pad_nd(ints, (1, 1), -3.7), np.array([-3, 1, 1, -3]))
    check(pad(ember.ones(2, dtype=ember.bool), (1, 1), value=2), np.array([True] * 4))
    check(pad(ember.ones(2, dtype=ember.complex64), (1, 1), value=1 + 2j), np.array([1 + 2j, 1, 1, 1 + 2j]))
    for value in (-1, 300):
        with pytest.raises(RuntimeError, match=r"pad"):
            pad(ember.ones(2, dtype=ember.uint8), (1, 1), value=value)
    with pytest.raises(RuntimeError, match=r"pad"):
        pad(ember.ones(2, dtype=ember.float16), (1, 1), value=1e10)


def test_constant_pad_shapes_as_torch():
    m = ember.arange(12.0).reshape(3, 4)
    assert pad(m, (1, 2)).shape == (3, 7)
    assert pad(m, (1, 2, 3, 4)).shape == (10, 7)
    assert pad(m, (-1, -2)).shape == (3, 1)
    assert pad(m, (1, 2, -3, 0)).shape == (0, 7)
    assert pad(m[None], (-2, -2)).shape == (1, 3, 0)
    assert pad(ember.tensor(1.0), ()).shape == ()
    assert pad(m.t(), (1, 1)).is_contiguous()


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
@pytest.mark.parametrize("dtype", SOME_DTYPES, ids=str)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_other_modes_match_numpy(mode, dtype, layout):
    shapes_and_pads = [
        ((2, 5), [(1, 2), (0, 0), (4, 3), (-1, 2), (2, -1)]),  # unbatched 1-D padding
        ((2, 3, 5), [(1, 2), (3, 0), (1, 2, 2, 1), (-1, 2, 1, -1)]),
        ((1, 2, 3, 4), [(1, 2, 1, 1), (3, 0, 2, 2), (1, 1, 1, 1, 1, 0)]),
        ((1, 2, 3, 4, 3), [(1, 2, 1, 1, 1, 0), (2, 2, 2, 2, 1, 1)]),
    ]
    for shape, pad_list in shapes_and_pads:
        t, arr = make(shape, dtype, layout)
        for pads in pad_list:
            check(pad(t, pads, mode), reference(arr, pads, mode), dtype)


def test_other_modes_values_as_torch():
    x = ember.arange(4.0)[None, None]
    expected = {
        ("reflect", (3, 2)): [3, 2, 1, 0, 1, 2, 3, 2, 1],
        ("reflect", (-1, 2)): [1, 2, 3, 2, 1],
        ("reflect", (2, -1)): [2, 1, 0, 1, 2],
        ("replicate", (-1, 2)): [1, 2, 3, 3, 3],
        ("replicate", (-5, 2)): [3],
        ("circular", (-1, 2)): [1, 2, 3, 1, 2],
        ("circular", (2, -1)): [1, 2, 0, 1, 2],
        ("circular", (4, 2)): [0, 1, 2, 3, 0, 1, 2, 3, 0, 1],
    }
    for (mode, pads), values in expected.items():
        check(pad(x, pads, mode), np.array(values, dtype=np.float64)[None, None])
    assert pad(ember.ones(0, 2, 4), (1, 1), "reflect").shape == (0, 2, 6)  # empty batch
    assert pad(ember.ones(1, 0, 4), (1, 1), "circular").shape == (1, 0, 6)
    assert pad(ember.ones(1, 2, 3), (-1, -2), "circular").shape == (1, 2, 0)


def test_pad_errors():
    m = ember.ones(3, 4)
    with pytest.raises(RuntimeError, match=r"pad: Padding length must be divisible by 2"):
        pad(m, (1,))
    with pytest.raises(
        RuntimeError,
        match=r"Padding length should be less than or equal to two times the input dimension "
        r"but got padding length 6 and input of dimension 2",
    ):
        pad(m, (1, 2, 3, 4, 5, 6))
    with pytest.raises(RuntimeError, match=r"pad: padding \(-3, -2\) of dimension 1 of size 4 leaves a negative size"):
        pad(m, (-3, -2))
    with pytest.raises(RuntimeError, match=r"Padding mode \"reflect\" doesn't take in value argument"):
        pad(m[None], (1, 2), "reflect", 1.0)
    with pytest.raises(NotImplementedError, match=r"pad: Unrecognised padding mode foo"):
        pad(m[None], (1, 2), "foo")
    # reflect: each pad smaller than its dim
    with pytest.raises(
        RuntimeError,
        match=r"Padding size should be less than the corresponding input dimension, but got: "
        r"padding \(4, 2\) at dimension 2 of input \(1, 3, 4\)",
    ):
        pad(m[None], (4, 2), "reflect")
    with pytest.raises(RuntimeError, match=r"padding \(3, 1\) at dimension 1"):
        pad(m[None], (1, 2, 3, 1), "reflect")
    with pytest.raises(RuntimeError, match=r"pad: Padding size should be less"):
        pad(ember.ones(1, 2, 1), (1, 1), "reflect")
    for mode in ("reflect", "replicate"):
        with pytest.raises(RuntimeError, match=r"is too small. Calculated output size: 0"):
            pad(ember.ones(1, 2, 4), (-1, -3), mode)
        with pytest.raises(
            RuntimeError,
            match=r"Expected 2D or 3D \(batch mode\) tensor with possibly 0 batch size and other "
            r"non-zero dimensions for input, but got: \(1, 0\)",
        ):
            pad(ember.ones(1, 0), (1, 1), mode)
        with pytest.raises(RuntimeError, match=r"but got: \(0, 4\)"):
            pad(ember.ones(0, 4), (1, 1), mode)
    with pytest.raises(RuntimeError, match=r"Padding value causes wrapping around more than once"):
        pad(m[None], (5, 2), "circular")
    # non-constant modes pad 1-3 trailing dims of a tensor with 1 or 2 more dims
    for mode in ("reflect", "replicate", "circular"):
        with pytest.raises(NotImplementedError, match=r"Padding size 2 is not supported for 1D input tensor"):
            pad(ember.arange(4.0), (1, 2), mode)
        with pytest.raises(NotImplementedError, match=r"Padding size 2 is not supported for 4D input tensor"):
            pad(ember.ones(1, 2, 3, 4), (1, 1), mode)
        with pytest.raises(NotImplementedError, match=r"Padding size 8 is not supported for 6D input tensor"):
            pad(ember.ones(2, 3, 4, 5, 6, 7), (1,) * 8, mode)


@settings(max_examples=150, deadline=None)
@given(
    shape=st.lists(st.integers(1, 5), min_size=2, max_size=4),
    data=st.data(),
    mode=st.sampled_from(["constant", "reflect", "replicate", "circular"]),
    layout=st.sampled_from(LAYOUTS),
)
def test_pad_hypothesis(shape, data, mode, layout):
    t, arr = make(shape, ember.float32, layout)
    if mode == "constant":
        k = data.draw(st.integers(0, len(shape)))
    else:  # 1-3 trailing dims of a tensor with 1 or 2 more
        k = data.draw(st.sampled_from([k for k in (len(shape) - 2, len(shape) - 1) if 1 <= k <= 3]))
    pads = []
    for i in range(k):
        n = shape[-1 - i]
        if mode == "reflect":
            pair = st.tuples(st.integers(-n + 1, n - 1), st.integers(-n + 1, n - 1))
        elif mode == "circular":
            pair = st.tuples(st.integers(-n, n), st.integers(-n, n))
        else:
            pair = st.tuples(st.integers(-n, 2 * n), st.integers(-n, 2 * n))
        before, after = data.draw(pair)
        if mode == "circular":  # wrap at most once around what the crop leaves
            kept = n - max(-before, 0) - max(-after, 0)
            if kept < 0 or before > kept or after > kept:
                before = after = 0
        if n + before + after < (1 if mode in ("reflect", "replicate") else 0):
            before = after = 0
        pads += [before, after]
    check(pad(t, tuple(pads), mode), reference(arr, pads, mode))
