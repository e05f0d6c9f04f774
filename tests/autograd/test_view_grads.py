"""Ops that build their result from their inputs' elements (views, shape ops,
splits, joins, their aliases and Tensor-only spellings) keep requires_grad and
give the right gradient, as functions and as methods.

The expected gradient comes from NumPy, not from ember.autograd: run the op on
the inputs' element numbers 1..n (no grad), so each output entry names the input
element it came from (0 or less: a constant such as padding), and sum each
output's upstream gradient into those elements with np.add.at.
A last test fails when a public native function or method is neither recorded
for autograd nor listed below as having no gradient, so that a new view added
without recording can't silently drop requires_grad again.
"""

import copy
import warnings

import numpy as np
import pytest

import ember

E = ember


def _cat(ts):
    return E.cat(ts, 1)


# id -> (op on ember tensors, input shapes). Functions and methods both, as users call them.
CASES = {
    # views
    "ember.unbind": (lambda x: E.unbind(x, 1), [(2, 3, 4)]),
    "Tensor.unbind": (lambda x: x.unbind(-1), [(2, 3, 4)]),
    "iter": (lambda x: tuple(x), [(3, 2)]),
    "ember.swapaxes": (lambda x: E.swapaxes(x, 0, 2), [(2, 3, 4)]),
    "Tensor.swapaxes": (lambda x: x.swapaxes(-1, 0), [(2, 3, 4)]),
    "ember.swapdims": (lambda x: E.swapdims(x, 1, 2), [(2, 3, 4)]),
    "Tensor.swapdims": (lambda x: x.swapdims(0, 1), [(2, 3, 4)]),
    "ember.moveaxis": (lambda x: E.moveaxis(x, 0, 2), [(2, 3, 4)]),
    "Tensor.moveaxis": (lambda x: x.moveaxis((0, 1), (2, 0)), [(2, 3, 4)]),
    "ember.movedim": (lambda x: E.movedim(x, -1, 0), [(2, 3, 4)]),
    "Tensor.movedim": (lambda x: x.movedim(1, 0), [(2, 3, 4)]),
    "ember.transpose": (lambda x: E.transpose(x, 0, 1), [(2, 3)]),
    "Tensor.transpose": (lambda x: x.transpose(2, 0), [(2, 3, 4)]),
    "ember.permute": (lambda x: E.permute(x, (2, 0, 1)), [(2, 3, 4)]),
    "Tensor.permute": (lambda x: x.permute(1, 2, 0), [(2, 3, 4)]),
    "ember.t": (lambda x: E.t(x), [(2, 3)]),
    "Tensor.t": (lambda x: x.t(), [(2, 3)]),
    "Tensor.T": (lambda x: x.T, [(2, 3)]),
    "Tensor.mT": (lambda x: x.mT, [(2, 3, 4)]),
    "Tensor.H": (lambda x: x.H, [(2, 3)]),
    "Tensor.mH": (lambda x: x.mH, [(2, 3, 4)]),
    "Tensor.view": (lambda x: x.view(4, 6), [(2, 3, 4)]),
    "Tensor.view_as": (lambda x: x.view_as(E.zeros(6, 4)), [(2, 3, 4)]),
    "ember.reshape": (lambda x: E.reshape(x.t(), (6,)), [(2, 3)]),
    "Tensor.reshape": (lambda x: x.reshape(6, 4), [(2, 3, 4)]),
    "Tensor.reshape_as": (lambda x: x.t().reshape_as(E.zeros(6)), [(2, 3)]),
    "ember.flatten": (lambda x: E.flatten(x, 1), [(2, 3, 4)]),
    "Tensor.flatten": (lambda x: x.t().flatten(), [(2, 3)]),
    "Tensor.ravel": (lambda x: x.t().ravel(), [(2, 3)]),
    "ember.unflatten": (lambda x: E.unflatten(x, 1, (2, 2)), [(3, 4)]),
    "Tensor.unflatten": (lambda x: x.unflatten(0, (2, 3)), [(6,)]),
    "ember.squeeze": (lambda x: E.squeeze(x), [(2, 1, 3)]),
    "Tensor.squeeze": (lambda x: x.squeeze(1), [(2, 1, 3)]),
    "ember.unsqueeze": (lambda x: E.unsqueeze(x, 1), [(2, 3)]),
    "Tensor.unsqueeze": (lambda x: x.unsqueeze(-1), [(2, 3)]),
    "ember.select": (lambda x: E.select(x, 1, 2), [(2, 3, 4)]),
    "Tensor.select": (lambda x: x.select(0, -1), [(2, 3)]),
    "ember.narrow": (lambda x: E.narrow(x, 1, 1, 2), [(2, 3, 4)]),
    "Tensor.narrow": (lambda x: x.narrow(0, 1, 1), [(2, 3)]),
    "getitem": (lambda x: x[1:, None, ::2, 0], [(3, 4, 2)]),
    "ember.diagonal": (lambda x: E.diagonal(x, 1), [(3, 4)]),
    "Tensor.diagonal": (lambda x: x.diagonal(0, 0, 2), [(3, 2, 3)]),
    "Tensor.unfold": (lambda x: x.unfold(1, 3, 2), [(2, 7)]),  # overlapping windows add up
    "ember.as_strided": (lambda x: E.as_strided(x, (3, 2), (1, 1)), [(6,)]),  # overlapping
    "Tensor.as_strided": (lambda x: x.as_strided((2, 2), (2, 1), 1), [(6,)]),
    "Tensor.expand": (lambda x: x.expand(2, 3, 4), [(3, 1)]),
    "Tensor.expand_as": (lambda x: x.expand_as(E.zeros(2, 3, 4)), [(3, 1)]),
    "ember.broadcast_to": (lambda x: E.broadcast_to(x, (3, 4)), [(4,)]),
    "Tensor.broadcast_to": (lambda x: x.broadcast_to((2, 3)), [(2, 1)]),
    "ember.broadcast_tensors": (lambda x, y: E.broadcast_tensors(x, y), [(3, 1), (1, 4)]),
    "ember.atleast_1d": (lambda x: E.atleast_1d(x), [()]),
    "ember.atleast_2d": (lambda x: E.atleast_2d(x), [(3,)]),
    "ember.atleast_3d": (lambda x, y: E.atleast_3d(x, y), [(3,), (2, 2)]),
    "ember.real": (lambda x: E.real(x * 1), [(3,)]),  # self for a real tensor, as in PyTorch
    "Tensor.real": (lambda x: (x * 1).real, [(3,)]),
    "ember.meshgrid": (lambda x, y: E.meshgrid(x, y, indexing="xy"), [(2,), (3,)]),
    # splits: every piece is a view
    "ember.split": (lambda x: E.split(x, 2, 1), [(2, 5)]),
    "Tensor.split": (lambda x: x.split([1, 3], 1), [(2, 4)]),
    "ember.split_with_sizes": (lambda x: E.split_with_sizes(x, [3, 1], 0), [(4,)]),
    "Tensor.split_with_sizes": (lambda x: x.split_with_sizes([2, 1], 0), [(3, 2)]),
    "ember.chunk": (lambda x: E.chunk(x, 3, 1), [(2, 5)]),
    "Tensor.chunk": (lambda x: x.chunk(2), [(4, 2)]),
    "ember.tensor_split": (lambda x: E.tensor_split(x, [1, 3], 1), [(2, 5)]),
    "Tensor.tensor_split": (lambda x: x.tensor_split(3), [(4,)]),
    "ember.hsplit": (lambda x: E.hsplit(x, 2), [(2, 4)]),
    "Tensor.hsplit": (lambda x: x.hsplit([1]), [(2, 3)]),
    "ember.vsplit": (lambda x: E.vsplit(x, 2), [(4, 2)]),
    "Tensor.vsplit": (lambda x: x.vsplit([1]), [(3, 2)]),
    "ember.dsplit": (lambda x: E.dsplit(x, 2), [(1, 2, 4)]),
    "Tensor.dsplit": (lambda x: x.dsplit([3]), [(1, 2, 4)]),
    # copies that only move elements
    "Tensor.contiguous": (lambda x: x.t().contiguous(), [(2, 3)]),
    "Tensor.clone": (lambda x: x.clone(), [(2, 3)]),
    "ember.cat": (lambda x, y: E.cat([x, y], 1), [(2, 1), (2, 3)]),
    "ember.concat": (lambda x, y: E.concat((x, y), 1), [(2, 1), (2, 3)]),
    "ember.concatenate": (lambda x, y: E.concatenate([x, y]), [(1, 2), (3, 2)]),
    "ember.stack": (lambda x, y: E.stack([x, y], 1), [(2, 3), (2, 3)]),
    "ember.hstack": (lambda x, y: E.hstack([x, y]), [(2,), (3,)]),
    "ember.vstack": (lambda x, y: E.vstack([x, y]), [(3,), (2, 3)]),
    "ember.row_stack": (lambda x, y: E.row_stack([x, y]), [(3,), (2, 3)]),
    "ember.dstack": (lambda x, y: E.dstack([x, y]), [(2, 2), (2, 2)]),
    "ember.column_stack": (lambda x, y: E.column_stack([x, y]), [(3,), (3, 2)]),
    "ember.flip": (lambda x: E.flip(x, (0, 1)), [(2, 3)]),
    "Tensor.flip": (lambda x: x.flip(-1), [(2, 3)]),  # an int dim, as torch's method takes
    "Tensor.flip(dims)": (lambda x: x.flip((0, -1)), [(2, 3)]),
    "ember.fliplr": (lambda x: E.fliplr(x), [(2, 3)]),
    "ember.flipud": (lambda x: E.flipud(x), [(2, 3)]),
    "ember.roll": (lambda x: E.roll(x, 1, 1), [(2, 3)]),
    "ember.rot90": (lambda x: E.rot90(x, 1, (0, 1)), [(2, 3)]),
    "Tensor.repeat": (lambda x: x.repeat(2, 1), [(2, 3)]),
    "ember.tile": (lambda x: E.tile(x, (2,)), [(3,)]),
    "ember.repeat_interleave": (lambda x: E.repeat_interleave(x, 2, 0), [(2, 3)]),
    "ember.tril": (lambda x: E.tril(x), [(3, 3)]),
    "ember.triu": (lambda x: E.triu(x, 1), [(3, 3)]),
    "ember.diag": (lambda x: E.diag(x), [(3, 3)]),
    "ember.diag_embed": (lambda x: E.diag_embed(x), [(2, 3)]),
    "ember.diagflat": (lambda x: E.diagflat(x), [(3,)]),
    "ember.block_diag": (lambda x, y: E.block_diag(x, y), [(2, 2), (1, 3)]),
    "ember.cartesian_prod": (lambda x, y: E.cartesian_prod(x, y), [(2,), (3,)]),
    "ember.constant_pad_nd": (lambda x: E.constant_pad_nd(x, (1, 2, 0, 1), -1.0), [(2, 3)]),
    "ember.index_put": (lambda x, v: E.index_put(x, (E.tensor([0, 2]),), v), [(4, 3), (3,)]),
    "Tensor.index_put": (lambda x, v: x.index_put((E.tensor([1]), E.tensor([0])), v), [(3, 2), (1,)]),
    "ember.put": (lambda x, v: E.put(x, E.tensor([0, 5]), v), [(2, 3), (2,)]),
    "Tensor.put": (lambda x, v: x.put(E.tensor([4, 1]), v), [(2, 3), (2,)]),
    # dtype spellings (float to float keeps the graph) and no-op conjugates of real tensors
    "Tensor.double": (lambda x: x.float().double(), [(2, 3)]),
    "Tensor.float": (lambda x: x.float(), [(2, 3)]),
    "Tensor.half": (lambda x: x.half(), [(2, 3)]),
    "Tensor.bfloat16": (lambda x: x.bfloat16(), [(2, 3)]),
    "Tensor.type_as": (lambda x: x.type_as(E.zeros(1, dtype=E.float32)), [(2, 3)]),
    "Tensor.to": (lambda x: x.to(E.float32), [(2, 3)]),
    "ember.conj_physical": (lambda x: E.conj_physical(x * 1), [(3,)]),
    # these return self for a real tensor: a non-leaf keeps its graph
    "Tensor.conj": (lambda x: (x * 1).conj(), [(3,)]),
    "Tensor.resolve_conj": (lambda x: (x * 1).resolve_conj(), [(3,)]),
    "Tensor.resolve_neg": (lambda x: (x * 1).resolve_neg(), [(3,)]),
    "pos": (lambda x: +(x * 1), [(3,)]),
}


def _numbers(shapes):
    """Each input's element numbers 1.. (counting on across inputs), as float64 tensors."""
    out, start = [], 1
    for shape in shapes:
        n = int(np.prod(shape)) if shape else 1
        out.append(E.arange(start, start + n, dtype=E.float64).reshape(shape))
        start += n
    return out, start - 1


def _as_tuple(out):
    return tuple(out) if isinstance(out, (list, tuple)) else (out,)


def _upstream(outputs):
    """A distinct, exactly representable gradient per output entry: 1, 2, ... (+50 per output)."""
    return [
        E.tensor(np.arange(1, o.numel() + 1, dtype=np.float64).reshape(tuple(o.shape)) + 50 * i).to(o.dtype)
        for i, o in enumerate(outputs)
    ]


def _expected(fn, shapes, grads):
    """NumPy's gradients: each upstream entry summed into the input element its output entry came from."""
    numbers, total = _numbers(shapes)
    with ember.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sources = _as_tuple(fn(*numbers))
    acc = np.zeros(total + 1)
    for src, g in zip(sources, grads, strict=True):
        index = np.rint(src.double().numpy()).astype(np.int64).ravel()
        index[index < 0] = 0  # constants (padding) feed no input
        np.add.at(acc, index, g.double().numpy().ravel())
    flat, out, start = acc[1:], [], 0
    for shape in shapes:
        n = int(np.prod(shape)) if shape else 1
        out.append(flat[start : start + n].reshape(shape))
        start += n
    return out


def _cases():
    return sorted(CASES)


@pytest.mark.parametrize("case", _cases())
def test_requires_grad_and_gradient(case):
    fn, shapes = CASES[case]
    numbers, _ = _numbers(shapes)
    inputs = [n.clone().requires_grad_() for n in numbers]
    outputs = _as_tuple(fn(*inputs))
    assert outputs, case
    for o in outputs:
        assert o.requires_grad, f"{case}: an output lost requires_grad"
        assert o.grad_fn is not None, f"{case}: an output has no grad_fn"
    grads = _upstream(outputs)
    loss = sum(((o * g).sum().double() for o, g in zip(outputs, grads, strict=True)), E.zeros((), dtype=E.float64))
    loss.backward()
    for x, want in zip(inputs, _expected(fn, shapes, grads), strict=True):
        assert x.grad is not None, f"{case}: no gradient reached an input"
        np.testing.assert_array_equal(x.grad.numpy(), want, err_msg=case)


@pytest.mark.parametrize("case", sorted(CASES))
def test_no_grad_mode_records_nothing(case):
    fn, shapes = CASES[case]
    inputs = [n.requires_grad_() for n in _numbers(shapes)[0]]
    with ember.no_grad():
        outputs = _as_tuple(fn(*inputs))
    assert all(not o.requires_grad and o.grad_fn is None for o in outputs), case


def test_the_numbers_oracle_sees_a_wrong_gradient():
    """The oracle is not vacuous: a transpose's gradient taken as the identity's is caught."""
    fn, shapes = CASES["ember.swapaxes"]
    numbers, _ = _numbers(shapes)
    outputs = _as_tuple(fn(*numbers))
    wrong = _upstream(outputs)[0].reshape(shapes[0])  # what dropping the transpose in backward would give
    assert not np.array_equal(wrong.numpy(), _expected(fn, shapes, _upstream(outputs))[0])


@pytest.mark.parametrize(
    "convert",
    [
        lambda x: x.int(),
        lambda x: x.long(),
        lambda x: x.short(),
        lambda x: x.char(),
        lambda x: x.byte(),
        lambda x: x.bool(),
        lambda x: x.type_as(E.zeros(1, dtype=E.int64)),
    ],
)
def test_integer_conversions_end_the_graph(convert):
    x = E.tensor([1.5, -2.0], requires_grad=True)
    out = convert(x)
    assert not out.requires_grad and out.grad_fn is None


def test_pad_value_equal_to_an_element_number():
    # autograd's pad formula runs pad on element numbers: a fill of 2.0 must not read as element 2
    x = E.tensor([10.0, 20.0], requires_grad=True)
    E.constant_pad_nd(x, (1, 0), 2.0).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [1.0, 1.0])


def test_clip_and_true_divide_in_place_are_recorded():
    x = E.tensor([-2.0, 0.5, 3.0], requires_grad=True)
    (x * 1).clip_(-1.0, 1.0).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 1.0, 0.0])
    x.grad = None
    (x * 1).true_divide_(4.0).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0.25, 0.25, 0.25])
    x.grad = None
    E.clip(x, max=1.0).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [1.0, 1.0, 0.0])


def test_ger_and_true_divide_gradients():
    a = E.tensor([1.0, 2.0], requires_grad=True)
    b = E.tensor([3.0, 4.0, 5.0], requires_grad=True)
    E.ger(a, b).sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), [12.0, 12.0])  # d/da_i sum_j a_i b_j
    np.testing.assert_array_equal(b.grad.numpy(), [3.0, 3.0, 3.0])
    a.grad = None
    b2 = E.tensor([2.0, 4.0], requires_grad=True)
    a.true_divide(b2).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), [0.5, 0.25])
    np.testing.assert_allclose(b2.grad.numpy(), [-1.0 / 4.0, -2.0 / 16.0])


def test_deepcopy_of_a_leaf_is_a_new_leaf_and_of_a_non_leaf_raises():
    w = E.tensor([1.0, 2.0], requires_grad=True)
    c = copy.deepcopy(w)
    (c * 3).sum().backward()
    np.testing.assert_array_equal(c.grad.numpy(), [3.0, 3.0])
    assert w.grad is None
    with pytest.raises(RuntimeError, match=r"Only Tensors created explicitly by the user \(graph leaves\)"):
        copy.deepcopy(w * 2)
    assert copy.deepcopy((w * 2).detach()).tolist() == [2.0, 4.0]


# Public native functions and methods autograd does not record, and why: their
# results are integers or booleans, not tensors, or carry no gradient.
NOT_DIFFERENTIABLE = {
    # comparisons, predicates, bit ops, integer division: bool or integer-valued results
    *"eq ne lt le gt ge eq_ ne_ lt_ le_ gt_ ge_ equal allclose isclose isfinite isinf isnan isneginf".split(),
    *"isposinf signbit isin all any logical_and logical_or logical_xor logical_not logical_and_".split(),
    *"logical_or_ logical_xor_ logical_not_ floor_divide floor_divide_".split(),
    *"bitwise_and bitwise_or bitwise_xor bitwise_not bitwise_left_shift bitwise_right_shift".split(),
    *"bitwise_and_ bitwise_or_ bitwise_xor_ bitwise_not_ bitwise_left_shift_ bitwise_right_shift_".split(),
    # indices, counts and sets
    *"argmax argmin argsort argwhere nonzero bincount histc bucketize searchsorted count_nonzero".split(),
    *"unique unique_consecutive tril_indices triu_indices".split(),
    # facts, settings and interop
    *"broadcast_shapes can_cast promote_types result_type get_num_threads set_num_threads".split(),
    *"is_grad_enabled is_inference_mode_enabled from_dlpack from_numpy data_ptr device dim dtype".split(),
    *"element_size is_contiguous is_cuda is_inference is_pinned item ndim numel numpy shape size".split(),
    *"storage_offset stride tolist untyped_storage pin_memory".split(),
}


def _native_unrecorded(value):
    fn = value.fget if isinstance(value, property) else value
    return type(fn).__name__ in ("builtin_function_or_method", "instancemethod")


def test_every_native_op_is_recorded_or_listed():
    unlisted = []
    for owner, names in (("ember", vars(ember)), ("Tensor", vars(ember.Tensor))):
        for name, value in names.items():
            if not name.startswith("_") and _native_unrecorded(value) and name not in NOT_DIFFERENTIABLE:
                unlisted.append(f"{owner}.{name}")
    assert not unlisted, (
        f"native functions not recorded for autograd: {sorted(unlisted)}. A differentiable one needs a "
        "derivative (ember.autograd) and recording (ember/_recording.py); otherwise list it in NOT_DIFFERENTIABLE"
    )


def test_the_table_covers_every_view_and_shape_op():
    """Every registry view/shape op (and their aliases) that exists as ember.<name> or Tensor.<name> is in CASES."""
    skip = {"view_dtype", "imag", "view_as_real", "view_as_complex", "slice", "pad", "copy_", "kron"}
    names = {op["name"] for op in ember._C._op_registry() if op["kind"] in ("view", "shape", "copy")} - skip
    missing = [
        f"{owner}.{n}"
        for n in sorted(names)
        for owner, ns in (("ember", ember), ("Tensor", ember.Tensor))
        if hasattr(ns, n) and f"{owner}.{n}" not in CASES and not (owner == "Tensor" and f"ember.{n}" in CASES)
    ]
    assert not missing, f"add these to CASES: {missing}"


@pytest.mark.parametrize("fill", ["zero_", "fill_number", "fill_tensor"])
def test_fills_in_place_cut_the_old_values_off_the_graph(fill):
    x = E.tensor([1.0, 2.0, 3.0], requires_grad=True)
    v = E.tensor(5.0, requires_grad=True)
    y = x * 2
    if fill == "zero_":
        y.zero_()
    elif fill == "fill_number":
        y.fill_(4.0)
    else:
        y.fill_(v)
    (3 * y + x).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [1.0, 1.0, 1.0])  # only through "+ x"
    assert (v.grad.item() == 9.0) if fill == "fill_tensor" else v.grad is None
    assert y.requires_grad and y.grad_fn is not None  # as torch: the filled tensor stays on the graph


@pytest.mark.parametrize("value", [0.0, -1.0, 3.0])
def test_pad_gradient_ignores_the_fill_value(value):
    x = E.arange(1.0, 7.0).reshape(2, 3).requires_grad_()
    y = E._C.pad(x, [1, 2], "constant", value)
    (y * E.arange(12.0).reshape(2, 6)).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [[1.0, 2.0, 3.0], [7.0, 8.0, 9.0]])


def test_slices_and_joins_give_zero_gradient_to_unused_pieces():
    x = E.arange(10.0).reshape(2, 5).requires_grad_()
    parts = {
        "chunk": x.chunk(3, dim=1)[1],  # sizes 2, 2, 1
        "split": x.split([1, 3, 1], dim=-1)[2],
        "unbind": x.unbind(0)[1],
        "slice": x[:, -4::2],
        "narrow": x.narrow(-1, -3, 2),
        "select": x.select(1, -1),
    }
    expected = {
        "chunk": [[0, 0, 1, 1, 0]] * 2,
        "split": [[0, 0, 0, 0, 1]] * 2,
        "unbind": [[0] * 5, [1] * 5],
        "slice": [[0, 1, 0, 1, 0]] * 2,
        "narrow": [[0, 0, 1, 1, 0]] * 2,
        "select": [[0, 0, 0, 0, 1]] * 2,
    }
    for name, part in parts.items():
        x.grad = None
        part.sum().backward()
        np.testing.assert_array_equal(x.grad.numpy(), expected[name], err_msg=name)


def test_cat_skips_legacy_empty_tensors_and_stack_splits_back():
    a = E.ones(2, 2, requires_grad=True)
    e = E.zeros(0, requires_grad=True)
    b = E.ones(1, 2, requires_grad=True)
    (E.cat([a, e, b]) * E.arange(6.0).reshape(3, 2)).sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), [[0, 1], [2, 3]])
    np.testing.assert_array_equal(b.grad.numpy(), [[4, 5]])
    assert tuple(e.grad.shape) == (0,)
    c = E.ones(3, requires_grad=True)
    (E.stack([c, c * 2], dim=-1) * E.tensor([1.0, 10.0])).sum().backward()
    np.testing.assert_array_equal(c.grad.numpy(), [21.0, 21.0, 21.0])
