"""The native recorder (ember._C) builds the same graph as the Python recorder it stands in for.

Every gradcheck sample runs twice, once with the native recorder installed and
once with only recorder.record, and the two graphs are compared node by node:
names, edges, what each node saved, the shapes the engine fits gradients to;
then the gradients themselves.
"""

import numpy as np
import pytest
from grad_db import SAMPLES
from test_gradcheck import CASES, make_factory

import ember
from ember.autograd import recorder
from ember.autograd.graph import AccumulateGrad, SavedTensor, TensorMeta


@pytest.fixture
def python_recorder_only():
    ember._C._set_native_recorder(None)
    yield
    recorder.install_native()


def _describe_saved(value):
    if isinstance(value, SavedTensor):
        return ("saved", tuple(value.data.shape), value.version, value.is_output, value.requires_grad)
    if isinstance(value, TensorMeta):
        return ("meta", tuple(value.shape), value.dtype, value.device, value._strides)
    if isinstance(value, list):
        return [_describe_saved(v) for v in value]
    plain = isinstance(value, int | float | complex | str | tuple | type(None) | ember.dtype)
    return ("value", repr(value) if plain else type(value).__name__)


def _describe(out):
    """The graph behind out, as plain data, in a deterministic walk order."""
    roots = out if isinstance(out, tuple | list) else (out,)
    seen, lines, stack = {}, [], [r.grad_fn for r in roots if isinstance(r, ember.Tensor) and r.grad_fn is not None]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen[node] = len(seen)
        if isinstance(node, AccumulateGrad):
            lines.append(("leaf", tuple(node.variable.shape)))
            continue
        line = [node.name(), getattr(node, "layout", None), getattr(node, "outputs", None)]
        line.append([(tuple(m[0]), m[1]) if m is not None else None for m in (node.input_meta or [])])
        if hasattr(node, "args"):
            line.append([_describe_saved(a) for a in node.args])
            line.append(node.freed)
            result = getattr(node, "result", None)
            line.append([_describe_saved(r) if r is not None else None for r in result] if result else None)
        edges = []
        for e in node.next_functions:
            edges.append(None if e is None else (e[0].name(), e[1]))
            if e is not None:
                stack.append(e[0])
        line.append(edges)
        lines.append(tuple(map(repr, line)))
    return lines


def _run(op, index):
    fn, inputs = SAMPLES[op][index](make_factory(index))
    out = fn(*inputs)
    graph = _describe(out)
    outs = [o for o in (out if isinstance(out, tuple | list) else (out,)) if isinstance(o, ember.Tensor)]
    loss = sum((o.double().sum() for o in outs if o.requires_grad), ember.zeros((), dtype=ember.float64))
    grads = []
    if loss.requires_grad:
        wanted = [x for x in inputs if isinstance(x, ember.Tensor) and x.requires_grad]
        grads = ember.autograd.grad(loss, wanted, allow_unused=True)
    return graph, [None if g is None else g.numpy().copy() for g in grads]


@pytest.mark.parametrize(("op", "index"), CASES, ids=[f"{n}-{i}" for n, i in CASES])
def test_same_graph_as_the_python_recorder(op, index, request):
    native_graph, native_grads = _run(op, index)
    request.getfixturevalue("python_recorder_only")
    python_graph, python_grads = _run(op, index)
    assert native_graph == python_graph
    assert len(native_grads) == len(python_grads)
    for a, b in zip(native_grads, python_grads, strict=True):
        assert (a is None) == (b is None)
        if a is not None:
            np.testing.assert_array_equal(a, b)


def test_the_common_calls_take_the_native_path():
    # a node the Python recorder made would not satisfy this: it sets no result slot for mul
    x = ember.ones(3, requires_grad=True)
    y = x * 2
    assert y.grad_fn.result is None
    assert isinstance(y.grad_fn.args[0], TensorMeta)  # x * 2 does not keep x
    z = y.sin()
    assert isinstance(z.grad_fn.args[0], SavedTensor) and z.grad_fn.args[0].data is y


def test_a_leaf_used_twice_gets_one_accumulator():
    x = ember.ones(2, requires_grad=True)
    y = x * x
    (a, _), (b, _) = y.grad_fn.next_functions
    assert a is b and isinstance(a, AccumulateGrad)
    y.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]


def test_keyword_arguments_are_recorded_natively_and_kept_on_the_node():
    x = ember.ones(2, 3, requires_grad=True)
    s = x.sum(dim=1, keepdim=True)
    assert s.grad_fn.kwargs == {"dim": 1, "keepdim": True}
    assert s.grad_fn.result is None  # set by the native recorder only
    s.sum().backward()
    assert x.grad.tolist() == [[1.0] * 3] * 2


def test_tensors_by_keyword_out_and_lists_take_the_python_recorder():
    x = ember.ones(2, 3, requires_grad=True)
    y = ember.add(x, other=x * 2)  # a formula input by keyword
    c = ember.cat([x, x])  # tensors inside a list
    assert y.grad_fn.name() == "AddBackward0" and c.grad_fn.name() == "CatBackward0"
    (y.sum() + c.sum()).backward()
    assert x.grad.tolist() == [[5.0] * 3] * 2
    with pytest.raises(RuntimeError, match="out=... arguments don't support automatic differentiation"):
        ember.exp(x, out=ember.empty(2, 3))


def test_saving_an_inference_tensor_raises():
    x = ember.ones(2, requires_grad=True)
    with ember.inference_mode():
        y = ember.ones(2)
    with pytest.raises(RuntimeError, match="Inference tensors cannot be saved for backward"):
        x * y
    assert ember.is_grad_enabled()


def test_an_error_in_the_op_leaves_grad_mode_on():
    x = ember.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="size"):
        x + ember.ones(3)
    assert ember.is_grad_enabled()
    assert (x * 2).requires_grad


def test_anomaly_mode_records_where_each_node_was_made():
    x = ember.ones(2, requires_grad=True)
    with pytest.warns(UserWarning, match="Anomaly Detection"), ember.autograd.detect_anomaly():
        y = x.sin()
    assert y.grad_fn.trace and any("test_native_recorder" in line for line in y.grad_fn.trace)


def test_saved_tensor_hooks_see_the_saved_tensors():
    packed = []
    x = ember.ones(2, requires_grad=True)
    with ember.autograd.graph.saved_tensors_hooks(lambda t: packed.append(t) or t, lambda t: t):
        y = x.sin()
    assert len(packed) == 1 and packed[0] is x
    y.sum().backward()
    assert np.allclose(x.grad.numpy(), np.cos(1.0))


def test_a_changed_formula_table_reaches_the_native_recorder(monkeypatch):
    from ember.autograd.formula import TABLE

    x = ember.ones(2, requires_grad=True)
    assert x.sin().grad_fn.name() == "SinBackward0"
    monkeypatch.delitem(TABLE, "sin")
    y = x.sin()
    with pytest.raises(NotImplementedError, match="derivative for 'sin' is not implemented"):
        y.sum().backward()


def test_a_slot_the_native_recorder_does_not_know_is_refused():
    class Wider(recorder.OpNode):
        __slots__ = ("extra",)

    from ember._autograd_slots import AutogradMeta

    with pytest.raises(TypeError, match="has slot 'extra'"):
        ember._C._set_native_recorder(
            recorder.native_plan,
            accumulator=recorder.accumulator,
            finish=recorder.native_finish,
            anomaly=recorder.anomaly._state,
            saved_hooks=ember.autograd.graph._saved_hooks,
            one_output=(True,),
            node_type=Wider,
            meta_type=AutogradMeta,
            saved_type=SavedTensor,
            tensor_meta_type=TensorMeta,
        )
    recorder.install_native()
    assert (ember.ones(1, requires_grad=True) * 2).requires_grad
