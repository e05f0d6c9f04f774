"""In-place ops on views of tensors that require grad rewrite the base's history (CopySlices).

Gradients are checked by finite differences (gradcheck, float64) and, for
double backward, by gradgradcheck; a few by hand.
"""

import gc
import weakref

import numpy as np
import pytest

import ember
from ember.autograd import gradcheck, gradgradcheck


def _inputs(*shapes, seed=0):
    rng = np.random.default_rng(seed)
    return [ember.tensor(rng.standard_normal(s), dtype=ember.float64, requires_grad=True) for s in shapes]


def _mul_select(a, x):
    b = a * 1
    b[0].mul_(x)
    return b


def _setitem_column(a, x):
    b = a.sin()  # saves a, not b
    b[:, 1] = x * x
    return b


def _view_add(a, y):
    b = a * 2
    b.view(-1).add_(y)
    return b


def _diagonal_mul(a, x):
    b = a * 1
    b.diagonal().mul_(x)
    return b


def _transpose_mul(a, c):
    b = a * 1
    b.t().mul_(c)
    return b


def _chained(a, x):
    b = a * 1
    b[1:, ::2][0].mul_(x)
    return b


def _exp_of_chained(a):
    b = a * 2
    b[1:][:, 1:3].exp_()
    return b


def _sigmoid_narrow(a):
    b = a * 2
    b.narrow(1, 1, 2).sigmoid_()
    return b


def _advanced_setitem(a, x):
    b = a * 1
    b[ember.tensor([0, 2])] = x * 2
    return b


def _advanced_setitem_after_slice(a, x):
    b = a * 1
    b[:, ember.tensor([0, 3])] = x.unsqueeze(1) * 2
    return b


def _masked_fill_view(a):
    b = a * 3
    b[1].masked_fill_(ember.tensor([True, False, True, False]), 0.5)
    return b


def _into_zeros(x):
    z = ember.zeros(4, dtype=ember.float64)
    z[1:] = x * 2
    return z


def _into_zeros_advanced(x):
    z = ember.zeros(4, dtype=ember.float64)
    z[ember.tensor([0, 2])] = x * 2
    return z


def _view_used_after_write(a, y):
    b = a * 1
    v = b.view(-1)
    v.add_(y)
    return v * b.sum()


def _other_view_read_after_write(a):
    b = a * 1
    v1, v2 = b[0], b[1]
    v2.mul_(3)
    return v1 * 2 + b.sum()


def _base_written_view_read(a):
    b = a * 1
    v = b[2]
    b.mul_(2)
    return v * v


def _two_writes(a, x):
    b = a * 1
    b[0].mul_(x)
    b[0][1:].mul_(b[1][1:].clone())
    return b


def _as_strided_write(a, x):
    b = a * 1
    b.as_strided((2, 2), (4, 1), 1).mul_(x)
    return b


def _permuted_write(a, c):
    b = a.reshape(2, 2, 3) * 1
    b.permute(2, 0, 1)[1].mul_(c)
    return b


def _nonzero_offset_base(a, x):
    b = (a * 1)[1:]  # a view: the write goes to its root, a * 1
    b[0].mul_(x)
    return b


def _write_into_non_contiguous_base(a, x):
    b = (a * 1).t().contiguous().t()  # a non-view whose strides are not row-major
    b[1].mul_(x)
    return b


CASES = [
    (_mul_select, [(3, 4), (4,)]),
    (_setitem_column, [(3, 4), (3,)]),
    (_view_add, [(3, 4), (12,)]),
    (_diagonal_mul, [(3, 4), (3,)]),
    (_transpose_mul, [(3, 4), (4, 3)]),
    (_chained, [(3, 4), (2,)]),
    (_exp_of_chained, [(3, 4)]),
    (_sigmoid_narrow, [(3, 4)]),
    (_advanced_setitem, [(3, 4), (4,)]),
    (_advanced_setitem_after_slice, [(3, 4), (3,)]),
    (_masked_fill_view, [(3, 4)]),
    (_into_zeros, [(3,)]),
    (_into_zeros_advanced, [(2,)]),
    (_view_used_after_write, [(3, 4), (12,)]),
    (_other_view_read_after_write, [(3, 4)]),
    (_base_written_view_read, [(3, 4)]),
    (_two_writes, [(3, 4), (4,)]),
    (_as_strided_write, [(3, 4), (2,)]),
    (_permuted_write, [(12,), (2, 2)]),
    (_nonzero_offset_base, [(3, 4), (4,)]),
    (_write_into_non_contiguous_base, [(3, 4), (4,)]),
]


@pytest.mark.parametrize("fn, shapes", CASES, ids=[c[0].__name__.strip("_") for c in CASES])
def test_gradient_through_a_write_into_a_view_matches_finite_differences(fn, shapes):
    assert gradcheck(fn, _inputs(*shapes))


@pytest.mark.parametrize(
    "fn, shapes", [CASES[0], CASES[1], CASES[2], CASES[5], CASES[9]], ids=lambda c: getattr(c, "__name__", "")
)
def test_second_order_gradient_through_a_write_into_a_view(fn, shapes):
    assert gradgradcheck(fn, _inputs(*shapes))


def test_gradient_by_hand_for_a_scaled_row():
    a = ember.ones(2, 3, requires_grad=True)
    b = a * 1
    b[0].mul_(2)
    (b * b).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), [[8, 8, 8], [2, 2, 2]])


def test_setitem_source_gets_its_slice_of_the_gradient():
    a = ember.ones(2, 3, requires_grad=True)
    x = ember.tensor([10.0, 20.0], requires_grad=True)
    b = a * 1
    b[:, 1] = x
    (b * b).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), [[2, 0, 2], [2, 0, 2]])
    np.testing.assert_allclose(x.grad.numpy(), [20, 40])


def test_graph_names_after_a_write_into_a_view():
    a = ember.ones(2, 3, requires_grad=True)
    b = a * 1
    v = b[0]
    assert v.grad_fn.name() == "SelectBackward0"
    mul = b.grad_fn
    v.mul_(2)
    assert b.grad_fn.name() == "CopySlices"
    assert b.grad_fn.next_functions[0] == (mul, 0)
    assert v.grad_fn.name() == "AsStridedBackward0"
    assert v.grad_fn.next_functions == ((b.grad_fn, 0),)
    assert not v.is_leaf and v.requires_grad


def test_other_views_are_rebased_after_a_write():
    a = ember.ones(2, 3, requires_grad=True)
    b = a * 1
    v1, v2 = b[0], b[1]
    v2.mul_(3)
    assert v1.grad_fn.name() == "AsStridedBackward0"
    assert v1.grad_fn.next_functions[0][0] is b.grad_fn


def test_setitem_into_a_tensor_without_history_gives_it_one():
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    z = ember.zeros(3)
    z[1:] = x * 2
    assert z.requires_grad and not z.is_leaf
    assert z.grad_fn.name() == "CopySlices"
    assert z.grad_fn.next_functions[0] is None
    z.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [2, 2])
    w = ember.zeros(3)
    w[ember.tensor([0, 2])] = x * 3
    assert w.grad_fn.name() == "IndexPutBackward0"


def test_setitem_of_a_constant_leaves_no_graph():
    z = ember.zeros(3)
    z[1] = 5.0
    assert not z.requires_grad and z.grad_fn is None


def test_write_into_a_view_of_a_leaf_raises():
    a = ember.ones(2, 3, requires_grad=True)
    with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad is being used in an in-place"):
        a[0].mul_(2)
    with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad"):
        a[0] = 1.0
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an in-place"):
        a[ember.tensor([0])] = 1.0


def test_write_into_a_view_of_a_leaf_under_no_grad_is_allowed():
    a = ember.ones(2, 3, requires_grad=True)
    v = a[0]
    with ember.no_grad():
        v.mul_(2)
    assert a.is_leaf
    (a * 1).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), np.ones((2, 3)))


@pytest.mark.parametrize(
    "make, name",
    [
        (lambda b: b.unbind(0)[0], "Unbind"),
        (lambda b: b.split(1)[1], "Split"),
        (lambda b: b.chunk(2, 1)[0], "Split"),
        (lambda b: b.split_with_sizes([1, 1])[0], "SplitWithSizes"),
    ],
)
def test_write_into_one_of_several_output_views_raises(make, name):
    b = ember.ones(2, 4, requires_grad=True) * 1
    v = make(b)
    with pytest.raises(RuntimeError, match=f"Output [01] of {name} is a view and is being modified inplace"):
        v.mul_(2)


def test_tensor_split_outputs_may_be_written():
    a = ember.ones(2, 4, dtype=ember.float64, requires_grad=True)
    b = a * 1
    b.tensor_split(2, 1)[1].mul_(3)
    b.sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), [[1, 1, 3, 3], [1, 1, 3, 3]])


def test_write_under_no_grad_keeps_the_old_history():
    a = ember.ones(2, 3, requires_grad=True)
    b = a * 1
    with ember.no_grad():
        b[0].mul_(2)
    (b * b).sum().backward()
    # d(b*b)/db = 2b, b = [[2,2,2],[1,1,1]]; the no-grad write is not differentiated
    np.testing.assert_allclose(a.grad.numpy(), [[4, 4, 4], [2, 2, 2]])


def test_saved_view_modified_through_the_base_raises_the_version_error():
    a = ember.ones(2, 3, requires_grad=True)
    b = a * 1
    v = b[0]
    y = v.pow(2)  # saves v, which shares b's memory
    b.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()


def test_graph_of_writes_into_views_is_freed():
    def step():
        a = ember.ones(4, 4, requires_grad=True)
        b = a * 1
        v = b[0]
        v.mul_(b[1].clone())
        b[:, 2] = a[:, 0] * v.sum()  # a view is saved by a node of the base's history
        (b * b).sum().backward()
        return weakref.ref(b), weakref.ref(b.grad_fn)

    refs = step()
    gc.collect()
    assert refs[0]() is None and refs[1]() is None


def test_scaling_by_a_number_does_not_save_the_tensor():
    # PyTorch keeps nothing of b[1] for b[1] * 0.5, so the later write into b is no version error
    a = ember.ones(3, requires_grad=True)
    b = a * 1
    b[0] = b[1] * 0.5
    b.sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), [0, 1.5, 1])
    w = ember.ones(3, requires_grad=True)
    c = w * 1
    y = c / 2
    c[0] = 5.0
    y.sum().backward()
    np.testing.assert_allclose(w.grad.numpy(), [0.5, 0.5, 0.5])
