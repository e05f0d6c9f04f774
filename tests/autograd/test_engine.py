"""The backward pass: accumulation, graphs kept or freed, grad(), hooks, grad modes, in-place rules."""

import threading

import numpy as np
import pytest

import ember
import ember.autograd as autograd


def leaf(values, dtype=ember.float64):
    return ember.tensor(values, dtype=dtype, requires_grad=True)


def close(t, expected):
    np.testing.assert_allclose(t.detach().numpy(), np.asarray(expected, dtype=np.float64), rtol=1e-12, atol=1e-12)


def test_chain_rule_and_accumulation():
    x = leaf([1.0, 2.0, 3.0])
    y = (x * x).sum()
    y.backward()
    close(x.grad, [2, 4, 6])
    (x * 3).sum().backward()  # accumulates into .grad
    close(x.grad, [5, 7, 9])


def test_shared_subexpression_sums_gradients():
    x = leaf(2.0)
    a = x * x
    y = a * a + a  # x^4 + x^2
    y.backward()
    close(x.grad, 4 * 8 + 2 * 2)


def test_grad_fn_names_and_next_functions():
    x = leaf([1.0, 2.0])
    y = (x.exp() * 2).sum()
    assert y.grad_fn.name() == "SumBackward0"
    mul = y.grad_fn.next_functions[0][0]
    assert mul.name() == "MulBackward0"
    exp = mul.next_functions[0][0]
    assert exp.name() == "ExpBackward0"
    acc = exp.next_functions[0][0]
    assert acc.name() == "AccumulateGrad" and acc.variable is x
    assert x.is_leaf and not y.is_leaf and x.grad_fn is None


def test_backward_twice_through_a_freed_graph_raises():
    x = leaf([1.0, 2.0])
    y = (x.exp()).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        y.backward()


def test_retain_graph_allows_a_second_backward():
    x = leaf([1.0, 2.0])
    y = (x.exp()).sum()
    y.backward(retain_graph=True)
    y.backward()
    close(x.grad, 2 * np.exp([1.0, 2.0]))


def test_non_scalar_backward_needs_a_gradient():
    x = leaf([1.0, 2.0])
    y = x * 2
    with pytest.raises(RuntimeError, match="grad can be implicitly created only for scalar outputs"):
        y.backward()
    y.backward(ember.tensor([1.0, 10.0], dtype=ember.float64))
    close(x.grad, [2, 20])


def test_backward_on_a_tensor_without_grad_raises():
    x = ember.tensor([1.0, 2.0])
    with pytest.raises(RuntimeError, match="does not require grad and does not have a grad_fn"):
        x.sum().backward()


def test_create_graph_gives_second_derivatives():
    x = leaf(1.5)
    y = x * x * x
    (g,) = autograd.grad(y, x, create_graph=True)
    close(g, 3 * 1.5**2)
    (gg,) = autograd.grad(g, x)
    close(gg, 6 * 1.5)


def test_grad_allow_unused_and_materialize():
    x, z = leaf([1.0]), leaf([2.0])
    y = (x * 2).sum()
    with pytest.raises(RuntimeError, match="appears to not have been used in the graph"):
        autograd.grad(y, [x, z], retain_graph=True)
    gx, gz = autograd.grad(y, [x, z], allow_unused=True, retain_graph=True)
    close(gx, [2]) and None
    assert gz is None
    gx, gz = autograd.grad(y, [x, z], materialize_grads=True)
    close(gz, [0])
    assert x.grad is None  # grad() does not accumulate


def test_grad_of_a_non_leaf():
    x = leaf([1.0, 2.0])
    h = x * 3
    y = (h * h).sum()
    (gh,) = autograd.grad(y, h)
    close(gh, [6, 12])


def test_backward_inputs_restricts_accumulation():
    x, z = leaf([1.0]), leaf([2.0])
    (x * z).sum().backward(inputs=[x])
    close(x.grad, [2])
    assert z.grad is None


def test_broadcasting_is_undone():
    a, b = leaf([[1.0], [2.0]]), leaf([10.0, 20.0, 30.0])
    (a * b).sum().backward()
    close(a.grad, [[60], [60]])
    close(b.grad, [3, 3, 3])


def test_mixed_dtypes_get_gradients_in_their_dtype():
    a = leaf([1.0, 2.0], dtype=ember.float32)
    b = leaf(3.0, dtype=ember.float64)
    (a * b).sum().backward()
    assert a.grad.dtype == ember.float32 and b.grad.dtype == ember.float64
    close(b.grad, 3.0)


def test_tensor_hooks_and_retain_grad():
    x = leaf([1.0, 2.0])
    h = x * 2
    h.retain_grad()
    seen = []
    h.register_hook(lambda g: seen.append(g.clone()))
    handle = x.register_hook(lambda g: g * 10)
    (h * h).sum().backward()
    close(h.grad, [4, 8])
    close(seen[0], [4, 8])
    close(x.grad, [80, 160])
    handle.remove()
    x.grad = None
    (x * 1).sum().backward()
    close(x.grad, [1, 1])


def test_post_accumulate_grad_hook():
    x = leaf([1.0])
    calls = []
    x.register_post_accumulate_grad_hook(lambda t: calls.append(t.grad.item()))
    (x * 5).sum().backward()
    assert calls == [5.0]


def test_node_hooks():
    x = leaf([1.0, 2.0])
    y = x * 2
    y.grad_fn.register_prehook(lambda grads: (grads[0] * 3,))
    y.grad_fn.register_hook(lambda grad_inputs, grad_outputs: (grad_inputs[0] + 1, *grad_inputs[1:]))
    y.sum().backward()
    close(x.grad, [7, 7])


def test_no_grad_and_enable_grad():
    x = leaf([1.0])
    with ember.no_grad():
        y = x * 2
        with ember.enable_grad():
            z = x * 2
    assert not y.requires_grad and y.grad_fn is None
    assert z.requires_grad
    assert ember.is_grad_enabled()

    @ember.no_grad()
    def f(t):
        return t * 2

    assert not f(x).requires_grad
    ember.set_grad_enabled(False)
    assert not ember.is_grad_enabled()
    ember.set_grad_enabled(True)
    with ember.set_grad_enabled(False):
        assert not (x * 2).requires_grad
    assert (x * 2).requires_grad


def test_grad_mode_is_thread_local():
    seen = []
    with ember.no_grad():
        t = threading.Thread(target=lambda: seen.append(ember.is_grad_enabled()))
        t.start()
        t.join()
    assert seen == [True]


def test_inference_mode():
    x = leaf([1.0])
    with ember.inference_mode():
        y = x * 2
        assert ember.is_inference_mode_enabled()
    assert y.is_inference() and not y.requires_grad
    assert not x.is_inference()
    with pytest.raises(RuntimeError, match="inference tensor outside InferenceMode"):
        y.requires_grad_()
    with pytest.raises(RuntimeError, match="Inference tensors cannot be saved for backward"):
        x * y


def test_detach_shares_memory_and_leaves_the_graph():
    x = leaf([1.0, 2.0])
    y = x * 2
    d = y.detach()
    assert not d.requires_grad and d.grad_fn is None and d.data_ptr() == y.data_ptr()
    y.detach_()
    assert y.is_leaf and not y.requires_grad


def test_inplace_on_a_leaf_that_requires_grad_raises():
    x = leaf([1.0])
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an in-place operation"):
        x.add_(1)
    with ember.no_grad():
        x.add_(1)  # allowed without recording
    close(x, [2])


def test_inplace_on_a_non_leaf_is_recorded():
    x = leaf([1.0, 2.0])
    y = x * 2
    y.mul_(y)  # y = (2x)^2
    y.sum().backward()
    close(x.grad, [8, 16])
    assert y.grad_fn.name() == "MulBackward0"


def test_modified_saved_tensor_raises():
    x = leaf([1.0, 2.0])
    h = x * 1
    y = h.exp()  # saves its result
    y.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()
    a = x * 1
    b = a * a  # saves a
    a.add_(1)
    with pytest.raises(RuntimeError, match="is at version 1; expected version 0"):
        b.sum().backward()


def test_out_argument_with_grad_raises():
    x = leaf([1.0])
    with pytest.raises(RuntimeError, match="out=... arguments don't support automatic differentiation"):
        ember.add(x, 1, out=ember.empty(1, dtype=ember.float64))


def test_requires_grad_rules():
    with pytest.raises(RuntimeError, match="only tensors of floating point and complex dtype"):
        ember.tensor([1]).requires_grad_()
    y = leaf([1.0]) * 2
    with pytest.raises(RuntimeError, match="you can only change requires_grad flags of leaf variables"):
        y.requires_grad = False


def test_grad_setter_checks():
    x = leaf([1.0, 2.0])
    with pytest.raises(RuntimeError, match="different size"):
        x.grad = ember.zeros(3, dtype=ember.float64)
    with pytest.raises(RuntimeError, match="different type"):
        x.grad = ember.zeros(2, dtype=ember.float32)
    x.grad = ember.ones(2, dtype=ember.float64)
    close(x.grad, [1, 1])
    del x.grad
    assert x.grad is None


def test_grad_of_two_leaves_are_independent_copies():
    a, b = leaf([1.0]), leaf([2.0])
    (a + b).sum().backward()
    a.grad.add_(5)
    close(b.grad, [1])


def test_gradient_shape_mismatch_in_backward_names_the_shapes():
    x = leaf([1.0, 2.0])
    with pytest.raises(RuntimeError, match=r"Mismatch in shape"):
        (x * 2).backward(ember.ones(3, dtype=ember.float64))


def test_anomaly_detection_names_the_forward_op():
    x = leaf([0.0])
    with pytest.warns(UserWarning, match="Anomaly Detection has been enabled"):
        with autograd.detect_anomaly():
            y = x.sqrt() * 0  # d sqrt at 0 is inf, times 0 is nan
            with pytest.raises(RuntimeError, match="returned nan values"):
                with pytest.warns(RuntimeWarning, match="Traceback of forward call"):
                    y.sum().backward()


def _rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


def test_memory_stays_flat_over_many_steps():
    w = leaf(np.ones((64, 64)))  # each leaked step would keep ~100 KB of graph

    def step():
        ((w @ w).tanh() * w).sum().backward()

    for _ in range(300):
        step()
    before = _rss_bytes()
    for _ in range(3000):
        step()
    assert _rss_bytes() - before < 16 * 2**20


def test_to_dot_draws_the_graph():
    x = leaf([1.0, 2.0])
    y = (x.exp() * x).sum()
    dot = autograd.graph.to_dot(y)
    assert dot.startswith("digraph") and "SumBackward0" in dot and "MulBackward0" in dot
    assert "ExpBackward0" in dot and "AccumulateGrad" in dot and "->" in dot


def test_repr_shows_grad_fn():
    x = leaf([1.0, 2.0])
    assert repr(x) == "tensor([1., 2.], dtype=ember.float64, requires_grad=True)"
    assert repr((x * 2).sum()) == "tensor(6., dtype=ember.float64, grad_fn=<SumBackward0>)"


def test_backward_works_without_importing_ember_autograd():
    import subprocess
    import sys

    code = (
        "import ember\n"
        "x = ember.tensor([1.0, 2.0], requires_grad=True)\n"
        "(x * x).sum().backward()\n"
        "assert x.grad.tolist() == [2.0, 4.0], x.grad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_copy_from_a_broadcast_source_sums_its_gradient():
    x = ember.ones(3, requires_grad=True)
    y = ember.zeros(2, 3).copy_(x)
    y.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0, 2.0]
