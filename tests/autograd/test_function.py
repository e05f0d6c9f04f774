"""Custom autograd Functions: ctx, saved tensors, needs_input_grad, dirty and non-differentiable outputs."""

import numpy as np
import pytest

import ember
from ember.autograd import Function, once_differentiable


def leaf(values):
    return ember.tensor(values, dtype=ember.float64, requires_grad=True)


class Cube(Function):
    @staticmethod
    def forward(ctx, x, scale):
        ctx.save_for_backward(x)
        ctx.scale = scale
        return x * x * x * scale

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * 3 * x * x * ctx.scale, None


def test_forward_and_backward():
    x = leaf([1.0, 2.0])
    y = Cube.apply(x, 2.0)
    assert y.grad_fn.name() == "CubeBackward"
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [6.0, 24.0])


def test_gradcheck_and_gradgradcheck_of_a_custom_function():
    x = leaf([0.5, -1.5])
    assert ember.autograd.gradcheck(lambda t: Cube.apply(t, 1.5), (x,))
    assert ember.autograd.gradgradcheck(lambda t: Cube.apply(t, 1.5), (x,))


class SetupStyle(Function):
    @staticmethod
    def forward(x, y):
        return x * y

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(*inputs)

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        assert ctx.needs_input_grad == (True, False)
        return grad * y, None


def test_setup_context_style_and_needs_input_grad():
    x, y = leaf([2.0]), ember.tensor([5.0], dtype=ember.float64)
    SetupStyle.apply(x, y).sum().backward()
    assert x.grad.item() == 5.0


class WrongCount(Function):
    @staticmethod
    def forward(ctx, x, y):
        return x + y

    @staticmethod
    def backward(ctx, grad):
        return (grad,)


def test_wrong_number_of_gradients_raises():
    x, y = leaf([1.0]), leaf([1.0])
    with pytest.raises(RuntimeError, match="returned an incorrect number of gradients"):
        WrongCount.apply(x, y).sum().backward()


class WrongShape(Function):
    @staticmethod
    def forward(ctx, x):
        return x * 1

    @staticmethod
    def backward(ctx, grad):
        return ember.ones(5, dtype=ember.float64)


def test_wrong_gradient_shape_raises():
    with pytest.raises(RuntimeError, match="returned an invalid gradient at index 0"):
        WrongShape.apply(leaf([1.0, 2.0])).sum().backward()


class SortLike(Function):
    @staticmethod
    def forward(ctx, x):
        idx = ember.arange(x.shape[0])
        ctx.mark_non_differentiable(idx)
        return x * 2, idx

    @staticmethod
    def backward(ctx, grad, grad_idx):
        assert grad_idx is None or float(grad_idx.abs().sum()) == 0
        return grad * 2


def test_mark_non_differentiable():
    x = leaf([1.0, 2.0])
    y, idx = SortLike.apply(x)
    assert not idx.requires_grad and y.requires_grad
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [2.0, 2.0])


class AddOneInPlace(Function):
    @staticmethod
    def forward(ctx, x):
        x.add_(1)
        ctx.mark_dirty(x)
        return x

    @staticmethod
    def backward(ctx, grad):
        return grad


def test_mark_dirty():
    x = leaf([1.0])
    h = x * 2
    out = AddOneInPlace.apply(h)
    assert out is h and h.grad_fn.name() == "AddOneInPlaceBackward"
    out.sum().backward()
    assert x.grad.item() == 2.0
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        AddOneInPlace.apply(leaf([1.0]))


class Materialize(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.set_materialize_grads(False)
        return x * 1, x * 2

    @staticmethod
    def backward(ctx, g1, g2):
        assert g2 is None
        return g1


def test_set_materialize_grads_false_passes_none():
    x = leaf([1.0])
    a, _ = Materialize.apply(x)
    a.sum().backward()
    assert x.grad.item() == 1.0


class Once(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    @once_differentiable
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * 2 * x


def test_once_differentiable_backward_records_nothing():
    x = leaf([3.0])
    (g,) = ember.autograd.grad(Once.apply(x), x, create_graph=True)
    assert g.item() == 6.0 and not g.requires_grad


def test_no_graph_without_grad():
    x = ember.tensor([1.0], dtype=ember.float64)
    y = Cube.apply(x, 1.0)
    assert y.grad_fn is None and not y.requires_grad


def test_saved_tensors_hooks():
    packed = []

    def pack(t):
        packed.append(t.shape)
        return t.clone()

    x = leaf([1.0, 2.0])
    with ember.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        y = (x * x).sum()
    y.backward()
    assert packed and x.grad.tolist() == [2.0, 4.0]
