"""Module API behaviour; expected strings and orders are facts read off torch 2.13."""

import copy
from collections import OrderedDict

import numpy as np
import pytest

import ember
import ember.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 4)
        self.bn = nn.BatchNorm1d(4)
        self.register_buffer("scratch", ember.zeros(2), persistent=False)
        self.head = nn.Sequential(nn.ReLU(), nn.Linear(4, 2))

    def forward(self, x):
        return self.head(self.bn(self.fc(x)))


def test_state_dict_keys_follow_pytorch_order_and_skip_non_persistent_buffers():
    assert list(Net().state_dict()) == [
        "fc.weight",
        "fc.bias",
        "bn.weight",
        "bn.bias",
        "bn.running_mean",
        "bn.running_var",
        "bn.num_batches_tracked",
        "head.1.weight",
        "head.1.bias",
    ]


def test_state_dict_values_are_detached_unless_keep_vars():
    net = Net()
    assert not net.state_dict()["fc.weight"].requires_grad
    assert net.state_dict(keep_vars=True)["fc.weight"] is net.fc.weight
    assert isinstance(net.state_dict(prefix="m.")["m.fc.weight"], ember.Tensor)


def test_named_members_prefix_recurse_and_duplicates():
    shared = nn.Linear(2, 2)
    seq = nn.Sequential(shared, shared)
    assert [n for n, _ in seq.named_parameters()] == ["0.weight", "0.bias"]
    assert [n for n, _ in seq.named_parameters(remove_duplicate=False)] == ["0.weight", "0.bias", "1.weight", "1.bias"]
    assert [n for n, _ in seq.named_parameters(prefix="p")] == ["p.0.weight", "p.0.bias"]
    assert list(seq.named_parameters(recurse=False)) == []
    assert [n for n, _ in seq.named_modules()] == ["", "0"]
    assert [n for n, _ in seq.named_modules(remove_duplicate=False)] == ["", "0", "1"]
    assert [n for n, _ in Net().named_buffers()] == [
        "scratch",
        "bn.running_mean",
        "bn.running_var",
        "bn.num_batches_tracked",
    ]
    assert [n for n, _ in Net().named_children()] == ["fc", "bn", "head"]


def test_load_state_dict_reports_missing_unexpected_and_every_size_mismatch():
    lin = nn.Linear(4, 3)
    lin.register_buffer("b", ember.zeros(2))
    with pytest.raises(RuntimeError) as err:
        lin.load_state_dict({"weight": ember.zeros(2, 4), "bias": ember.zeros(5), "zz": ember.zeros(1)})
    assert str(err.value) == (
        "Error(s) in loading state_dict for Linear:\n"
        '\tMissing key(s) in state_dict: "b". \n'
        '\tUnexpected key(s) in state_dict: "zz". \n'
        "\tsize mismatch for weight: copying a param with shape ember.Size([2, 4]) from checkpoint, the shape in "
        "current model is ember.Size([3, 4]).\n"
        "\tsize mismatch for bias: copying a param with shape ember.Size([5]) from checkpoint, the shape in current "
        "model is ember.Size([3])."
    )
    result = lin.load_state_dict({"weight": ember.ones(3, 4), "zz": ember.zeros(1)}, strict=False)
    assert result.missing_keys == ["bias", "b"] and result.unexpected_keys == ["zz"]
    assert repr(result) == "_IncompatibleKeys(missing_keys=['bias', 'b'], unexpected_keys=['zz'])"
    np.testing.assert_array_equal(lin.weight.detach().numpy(), np.ones((3, 4)))
    assert repr(lin.load_state_dict(lin.state_dict())) == "<All keys matched successfully>"


def test_load_state_dict_copies_in_place_and_assign_replaces():
    a, b = Net(), Net()
    weight = b.fc.weight
    b.load_state_dict(a.state_dict())
    assert b.fc.weight is weight
    np.testing.assert_array_equal(b.fc.weight.detach().numpy(), a.fc.weight.detach().numpy())
    b.load_state_dict(a.state_dict(), assign=True)
    assert b.fc.weight is not weight and isinstance(b.fc.weight, nn.Parameter)


def test_parameter_assignment_rules():
    lin = nn.Linear(4, 3)
    with pytest.raises(
        TypeError,
        match=r"cannot assign 'ember.FloatTensor' as parameter 'weight' \(ember.nn.Parameter or None expected\)",
    ):
        lin.weight = ember.zeros(3, 4)
    lin.weight = None
    assert lin.weight is None and "weight" in lin._parameters

    class Early(nn.Module):
        def __init__(self):
            self.p = nn.Parameter(ember.zeros(1))

    with pytest.raises(AttributeError, match=r"cannot assign parameters before Module.__init__\(\) call"):
        Early()
    with pytest.raises(KeyError, match="parameter name can"):
        lin.register_parameter("a.b", None)
    with pytest.raises(KeyError, match="attribute 'bias' already exists"):
        lin.register_buffer("bias", None)
    lin.register_buffer("buf", ember.zeros(1))
    with pytest.raises(TypeError, match=r"cannot assign 'int' as buffer 'buf'"):
        lin.buf = 3
    with pytest.raises(TypeError, match=r"cannot assign 'ember.nn.modules.activation.ReLU' as parameter 'weight'"):
        lin.weight = nn.ReLU()
    with pytest.raises(AttributeError, match="'Linear' object has no attribute 'nope'"):
        lin.nope  # noqa: B018


def test_parameter_is_a_leaf_tensor_sharing_storage():
    data = ember.randn(3)
    p = nn.Parameter(data)
    assert isinstance(p, nn.Parameter) and isinstance(p, ember.Tensor) and p.requires_grad and p.is_leaf
    assert p.data_ptr() == data.data_ptr()
    assert not isinstance(data, nn.Parameter)
    assert not nn.Parameter(data, requires_grad=False).requires_grad


def test_parameter_repr_matches_pytorch():
    assert repr(nn.Parameter(ember.ones(2))) == "Parameter containing:\ntensor([1., 1.], requires_grad=True)"
    assert str(nn.Parameter(ember.ones(2), requires_grad=False)) == "Parameter containing:\ntensor([1., 1.])"
    p = nn.Parameter(ember.ones(2, dtype=ember.float64))
    assert repr(p) == "Parameter containing:\ntensor([1., 1.], dtype=ember.float64, requires_grad=True)"
    # what is derived from a Parameter is an ordinary tensor again
    assert repr(p.detach()) == "tensor([1., 1.], dtype=ember.float64)"
    assert repr(p * 2) == "tensor([2., 2.], dtype=ember.float64, grad_fn=<MulBackward0>)"


def test_deepcopy_gives_an_independent_module_with_parameters_and_buffers():
    net = Net()
    twin = copy.deepcopy(net)
    for (name, a), (_, b) in zip([*net.named_parameters(), *net.named_buffers()],
                                 [*twin.named_parameters(), *twin.named_buffers()], strict=True):  # fmt: skip
        assert a.data_ptr() != b.data_ptr() and ember.equal(a, b), name
        assert isinstance(b, nn.Parameter) == isinstance(a, nn.Parameter) and b.requires_grad == a.requires_grad
    with ember.no_grad():
        twin.fc.weight.add_(1.0)
    assert not ember.equal(twin.fc.weight, net.fc.weight)


def test_buffer_marker_registers_buffer():
    m = nn.Module()
    m.b = nn.Buffer(ember.ones(2), persistent=False)
    assert "b" in m._buffers and list(m.state_dict()) == []


def test_submodule_and_parameter_lookup():
    net = Net()
    assert net.get_submodule("head.1") is net.head[1]
    assert net.get_parameter("head.1.bias") is net.head[1].bias
    with pytest.raises(AttributeError, match="Linear has no attribute `foo`"):
        net.get_submodule("fc.foo")


def test_train_eval_requires_grad_zero_grad_apply():
    net = Net()
    assert net.eval() is net and not net.bn.training and not net.head[0].training
    net.train()
    assert net.bn.training
    net.requires_grad_(False)
    assert not any(p.requires_grad for p in net.parameters())
    net.requires_grad_(True)
    net(ember.randn(5, 3)).sum().backward()
    assert net.fc.weight.grad is not None
    net.zero_grad()
    assert net.fc.weight.grad is None
    seen = []
    net.apply(lambda m: seen.append(type(m).__name__))
    assert seen == ["Linear", "BatchNorm1d", "ReLU", "Linear", "Sequential", "Net"]


def test_to_double_keeps_parameters_and_integer_buffers():
    net = Net().double()
    assert net.fc.weight.dtype == ember.float64 and isinstance(net.fc.weight, nn.Parameter)
    assert net.bn.num_batches_tracked.dtype == ember.int64
    assert net.to(ember.float32).fc.bias.dtype == ember.float32
    with pytest.raises(TypeError, match="nn.Module.to only accepts floating point or complex dtypes"):
        net.to(ember.int32)


def test_forward_hooks_pre_post_kwargs_and_removal():
    lin = nn.Linear(2, 2)
    calls = []
    h1 = lin.register_forward_pre_hook(lambda m, args: (args[0] * 0,))
    h2 = lin.register_forward_hook(lambda m, args, out: calls.append("post") or out + 1)
    h3 = lin.register_forward_hook(lambda m, args, out: calls.append("first"), prepend=True)
    out = lin(ember.ones(1, 2))
    np.testing.assert_allclose(out.detach().numpy(), lin.bias.detach().numpy()[None] + 1, rtol=1e-6)
    assert calls == ["first", "post"]
    for h in (h1, h2, h3):
        h.remove()
    kw = lin.register_forward_pre_hook(lambda m, args, kwargs: ((args[0] * 2,), kwargs), with_kwargs=True)
    doubled = lin(ember.ones(1, 2))
    kw.remove()
    np.testing.assert_allclose(doubled.detach().numpy(), lin(ember.full((1, 2), 2.0)).detach().numpy(), rtol=1e-6)


def test_full_backward_hook_sees_grad_input_and_grad_output_and_may_replace():
    lin = nn.Linear(3, 2, bias=False)
    seen = {}

    def hook(module, grad_input, grad_output):
        seen["in"], seen["out"] = grad_input, grad_output
        return (grad_input[0] * 0,)

    lin.register_full_backward_hook(hook)
    x = ember.randn(4, 3, requires_grad=True)
    lin(x).sum().backward()
    np.testing.assert_allclose(seen["out"][0].numpy(), np.ones((4, 2)))
    np.testing.assert_allclose(seen["in"][0].numpy(), np.ones((4, 2)) @ lin.weight.detach().numpy(), rtol=1e-6)
    np.testing.assert_array_equal(x.grad.numpy(), np.zeros((4, 3)))
    assert lin.weight.grad is not None


def test_full_backward_pre_hook_replaces_grad_output():
    lin = nn.Linear(3, 2)
    lin.register_full_backward_pre_hook(lambda m, g: (g[0] * 2,))
    x = ember.randn(4, 3, requires_grad=True)
    lin(x).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), 2 * np.ones((4, 2)) @ lin.weight.detach().numpy(), rtol=1e-6)


REPRS = [
    (lambda: nn.Conv2d(3, 8, 3, stride=2, padding=1, bias=False),
     "Conv2d(3, 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)"),
    (lambda: nn.ConvTranspose2d(4, 2, 3, stride=2, output_padding=1),
     "ConvTranspose2d(4, 2, kernel_size=(3, 3), stride=(2, 2), output_padding=(1, 1))"),
    (lambda: nn.MaxPool2d(2), "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)"),
    (lambda: nn.AvgPool2d(3, 2, 1), "AvgPool2d(kernel_size=3, stride=2, padding=1)"),
    (lambda: nn.AdaptiveAvgPool2d((1, 1)), "AdaptiveAvgPool2d(output_size=(1, 1))"),
    (lambda: nn.BatchNorm1d(4, momentum=None),
     "BatchNorm1d(4, eps=1e-05, momentum=None, affine=True, bias=True, track_running_stats=True)"),
    (lambda: nn.InstanceNorm2d(3),
     "InstanceNorm2d(3, eps=1e-05, momentum=0.1, affine=False, bias=False, track_running_stats=False)"),
    (lambda: nn.LayerNorm(8), "LayerNorm((8,), eps=1e-05, elementwise_affine=True, bias=True)"),
    (lambda: nn.GroupNorm(2, 4), "GroupNorm(2, 4, eps=1e-05, affine=True, bias=True)"),
    (lambda: nn.Embedding(10, 3, padding_idx=0), "Embedding(10, 3, padding_idx=0)"),
    (lambda: nn.LSTM(3, 4, 2, batch_first=True, bidirectional=True),
     "LSTM(3, 4, num_layers=2, batch_first=True, bidirectional=True)"),
    (lambda: nn.GRU(3, 4, dropout=0.5, num_layers=2), "GRU(3, 4, num_layers=2, dropout=0.5)"),
    (lambda: nn.RNN(3, 4), "RNN(3, 4)"),
    (lambda: nn.LSTMCell(3, 4), "LSTMCell(3, 4)"),
    (lambda: nn.Dropout(0.2), "Dropout(p=0.2, inplace=False)"),
    (lambda: nn.Softmax(dim=1), "Softmax(dim=1)"),
    (lambda: nn.LeakyReLU(0.2, inplace=True), "LeakyReLU(negative_slope=0.2, inplace=True)"),
    (lambda: nn.GELU(), "GELU(approximate='none')"),
    (lambda: nn.Threshold(0.1, 20), "Threshold(threshold=0.1, value=20)"),
    (lambda: nn.RReLU(), "RReLU(lower=0.125, upper=0.3333333333333333)"),
    (lambda: nn.PReLU(), "PReLU(num_parameters=1)"),
    (lambda: nn.Flatten(), "Flatten(start_dim=1, end_dim=-1)"),
    (lambda: nn.Unflatten(1, (2, 2)), "Unflatten(dim=1, unflattened_size=(2, 2))"),
    (lambda: nn.Bilinear(2, 3, 4), "Bilinear(in1_features=2, in2_features=3, out_features=4, bias=True)"),
    (lambda: nn.Upsample(scale_factor=2), "Upsample(scale_factor=2.0, mode='nearest')"),
    (lambda: nn.ZeroPad2d(1), "ZeroPad2d((1, 1, 1, 1))"),
    (lambda: nn.ConstantPad1d(2, 3.5), "ConstantPad1d(padding=(2, 2), value=3.5)"),
    (lambda: nn.ReflectionPad1d(2), "ReflectionPad1d((2, 2))"),
    (lambda: nn.PixelShuffle(2), "PixelShuffle(upscale_factor=2)"),
    (lambda: nn.Identity(), "Identity()"),
    (lambda: nn.MSELoss(), "MSELoss()"),
    (lambda: nn.ParameterList([nn.Parameter(ember.ones(2)), ember.ones(2, 3, dtype=ember.float64), 5]),
     "ParameterList(\n    (0): Parameter containing: [ember.float32 of size 2]\n"
     "    (1): Parameter containing: [ember.float64 of size 2x3]\n    (2): Object of type: int\n)"),
    (lambda: nn.ParameterList([nn.Parameter(ember.ones(()))]),
     "ParameterList(  (0): Parameter containing: [ember.float32 of size ])"),
    (lambda: nn.ParameterDict({"a": nn.Parameter(ember.ones(2)), "b": ember.ones(2, dtype=ember.float64)}),
     "ParameterDict(\n    (a): Parameter containing: [ember.FloatTensor of size 2]\n"
     "    (b): Parameter containing: [ember.DoubleTensor of size 2]\n)"),
    (lambda: nn.ModuleList([nn.Linear(2, 2) for _ in range(3)] + [nn.ReLU()]),
     "ModuleList(\n  (0-2): 3 x Linear(in_features=2, out_features=2, bias=True)\n  (3): ReLU()\n)"),
    (lambda: nn.TransformerEncoderLayer(8, 2, 16),
     "TransformerEncoderLayer(\n"
     "  (self_attn): MultiheadAttention(\n"
     "    (out_proj): NonDynamicallyQuantizableLinear(in_features=8, out_features=8, bias=True)\n"
     "  )\n"
     "  (linear1): Linear(in_features=8, out_features=16, bias=True)\n"
     "  (dropout): Dropout(p=0.1, inplace=False)\n"
     "  (linear2): Linear(in_features=16, out_features=8, bias=True)\n"
     "  (norm1): LayerNorm((8,), eps=1e-05, elementwise_affine=True, bias=True)\n"
     "  (norm2): LayerNorm((8,), eps=1e-05, elementwise_affine=True, bias=True)\n"
     "  (dropout1): Dropout(p=0.1, inplace=False)\n"
     "  (dropout2): Dropout(p=0.1, inplace=False)\n"
     ")"),
]  # fmt: skip


@pytest.mark.parametrize("make, expected", REPRS, ids=[e.split("(")[0] for _, e in REPRS])
def test_repr_matches_pytorch(make, expected):
    assert repr(make()) == expected


def test_sequential_indexing_slicing_append_and_delete():
    seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    assert isinstance(seq[-1], nn.Linear) and seq[-1] is seq[2]
    assert isinstance(seq[1:], nn.Sequential) and len(seq[1:]) == 2
    seq.append(nn.Sigmoid())
    assert len(seq) == 4 and list(seq._modules) == ["0", "1", "2", "3"]
    del seq[1]
    assert list(seq._modules) == ["0", "1", "2"] and isinstance(seq[1], nn.Linear)
    with pytest.raises(IndexError, match="index 5 is out of range"):
        seq[5]
    named = nn.Sequential(OrderedDict([("a", nn.ReLU()), ("b", nn.Tanh())]))
    assert [n for n, _ in named.named_children()] == ["a", "b"]


def test_module_list_dict_and_parameter_containers():
    ml = nn.ModuleList([nn.ReLU()])
    ml.append(nn.Tanh())
    ml += [nn.Sigmoid()]
    assert len(ml) == 3 and isinstance(ml[-1], nn.Sigmoid)
    md = nn.ModuleDict({"a": nn.ReLU()})
    md["b"] = nn.Linear(1, 1)
    assert (
        list(md.keys()) == ["a", "b"] and "b" in md and [n for n, _ in md.named_parameters()] == ["b.weight", "b.bias"]
    )
    pl = nn.ParameterList([ember.zeros(2), nn.Parameter(ember.ones(3))])
    assert all(isinstance(p, nn.Parameter) for p in pl) and [n for n, _ in pl.named_parameters()] == ["0", "1"]
    pd = nn.ParameterDict({"w": ember.zeros(2)})
    assert isinstance(pd["w"], nn.Parameter) and list(pd.keys()) == ["w"]


def test_lazy_linear_takes_in_features_from_first_input():
    lazy = nn.LazyLinear(3)
    assert lazy(ember.randn(2, 5)).shape == (2, 3)
    assert type(lazy) is nn.Linear and lazy.in_features == 5 and lazy.weight.shape == (3, 5)


def test_bad_input_names_layer_and_shapes():
    with pytest.raises(
        RuntimeError, match=r"Linear: expected input with last dimension 4, got input of shape \[2, 3\]"
    ):
        nn.Linear(4, 2)(ember.randn(2, 3))
    with pytest.raises(RuntimeError, match=r"Conv2d: expected input of shape \(N, 3, \.\.\.\)"):
        nn.Conv2d(3, 2, 1)(ember.randn(1, 2, 4, 4))
    with pytest.raises(
        ValueError, match=r"BatchNorm2d: expected 4D input \(got 3D input\), input of shape \[2, 3, 4\]"
    ):
        nn.BatchNorm2d(3)(ember.randn(2, 3, 4))
    with pytest.raises(
        RuntimeError, match=r"BatchNorm2d: expected input with 3 channels \(dim 1\), got input of shape"
    ):
        nn.BatchNorm2d(3)(ember.randn(2, 4, 4, 4))
    with pytest.raises(ValueError, match=r"InstanceNorm2d: expected 3D or 4D input \(got 2D input\), input of shape"):
        nn.InstanceNorm2d(3)(ember.randn(2, 3))
    with pytest.raises(
        RuntimeError, match=r"LayerNorm: given normalized_shape=\[3\], expected input with shape \[\*, 3\], but got "
        r"input of size\[2, 4\]"
    ):  # fmt: skip
        nn.LayerNorm(3)(ember.randn(2, 4))
    with pytest.raises(RuntimeError, match=r"RMSNorm: given normalized_shape=\[2, 3\].*size\[4, 3\]"):
        nn.RMSNorm((2, 3))(ember.randn(4, 3))
    with pytest.raises(
        RuntimeError, match=r"GroupNorm: expected input of shape \(N, 3, \*\), got input of shape \[2, 4, 5\]"
    ):
        nn.GroupNorm(1, 3)(ember.randn(2, 4, 5))
    with pytest.raises(
        RuntimeError, match=r"LSTM: input.size\(-1\) must be equal to input_size. Expected 3, got 4 \(input of shape "
        r"\[5, 1, 4\]\)"
    ):  # fmt: skip
        nn.LSTM(3, 2)(ember.randn(5, 1, 4))
    with pytest.raises(RuntimeError, match=r"GRUCell: input has inconsistent input_size: got 4 expected 3"):
        nn.GRUCell(3, 2)(ember.randn(1, 4))
    with pytest.raises(
        AssertionError, match=r"MultiheadAttention: was expecting embedding dimension of 4, but got 3 \(query of "
        r"shape \[5, 1, 3\]\)"
    ):  # fmt: skip
        nn.MultiheadAttention(4, 2)(*[ember.randn(5, 1, 3)] * 3)
    with pytest.raises(IndexError, match="Target 5 is out of bounds."):
        nn.CrossEntropyLoss()(ember.randn(3, 5), ember.tensor([0, 5, 1]))
    with pytest.raises(IndexError, match="Target -1 is out of bounds."):
        nn.functional.nll_loss(ember.randn(3, 5), ember.tensor([0, -1, 1]))
    with pytest.raises(RuntimeError, match=r"weight tensor should be defined either for all 5 classes or no classes "
                       r"but got weight tensor of shape: \[4\]"):  # fmt: skip
        nn.CrossEntropyLoss(weight=ember.ones(4))(ember.randn(3, 5), ember.tensor([0, 1, 1]))
    with pytest.raises(RuntimeError, match="weight tensor should be defined either for all 5 classes"):
        nn.functional.nll_loss(ember.randn(3, 5), ember.tensor([0, 1, 1]), weight=ember.ones(5, 1))
    with pytest.raises(RuntimeError, match="all elements of target should be between 0 and 1"):
        nn.BCELoss()(ember.full((3,), 0.5), ember.tensor([0.0, 2.0, 1.0]))
    with pytest.raises(RuntimeError, match="target out of range"):
        nn.MultiMarginLoss()(ember.randn(3, 5), ember.tensor([0, 5, 1]))
    with pytest.raises(ValueError, match="foo is not a valid value for reduction"):
        nn.functional.mse_loss(ember.randn(2), ember.randn(2), reduction="foo")
    with pytest.raises(ValueError, match=r"Expected input batch_size \(3\) to match target batch_size \(2\)."):
        nn.functional.cross_entropy(ember.randn(3, 5), ember.tensor([0, 1]))


def test_save_and_load_state_dict_round_trip(tmp_path):
    net = Net()
    ember.save(net.state_dict(), tmp_path / "net.pt")
    other = Net()
    other.load_state_dict(ember.load(tmp_path / "net.pt"))
    x = ember.randn(4, 3)
    net.eval(), other.eval()
    np.testing.assert_array_equal(net(x).detach().numpy(), other(x).detach().numpy())


def test_weight_norm_parametrization_keys_repr_and_gradients():
    from ember.nn.utils import parametrizations, parametrize

    lin = parametrizations.weight_norm(nn.Linear(3, 4))
    assert list(lin.state_dict()) == ["bias", "parametrizations.weight.original0", "parametrizations.weight.original1"]
    assert repr(lin) == (
        "ParametrizedLinear(\n"
        "  in_features=3, out_features=4, bias=True\n"
        "  (parametrizations): ModuleDict(\n"
        "    (weight): ParametrizationList(\n"
        "      (0): _WeightNorm()\n"
        "    )\n"
        "  )\n"
        ")"
    )
    g = lin.parametrizations.weight.original0.detach().numpy()
    v = lin.parametrizations.weight.original1.detach().numpy()
    np.testing.assert_allclose(lin.weight.detach().numpy(), v * g / np.linalg.norm(v, axis=1, keepdims=True), rtol=1e-6)
    lin(ember.randn(2, 3)).sum().backward()
    assert lin.parametrizations.weight.original0.grad.shape == (4, 1)
    parametrize.remove_parametrizations(lin, "weight")
    assert type(lin) is nn.Linear and list(lin.state_dict()) == ["bias", "weight"]


def test_spectral_norm_divides_by_the_largest_singular_value():
    from ember.nn.utils import parametrizations

    lin = parametrizations.spectral_norm(nn.Linear(5, 4))
    assert list(lin.state_dict()) == [
        "bias",
        "parametrizations.weight.original",
        "parametrizations.weight.0._u",
        "parametrizations.weight.0._v",
    ]
    for _ in range(20):  # each training-mode access runs one power iteration
        w = lin.weight
    assert np.linalg.svd(w.detach().numpy(), compute_uv=False)[0] == pytest.approx(1.0, rel=1e-4)


def test_hardtanh_takes_torchs_deprecated_spellings_and_checks_its_range():
    with pytest.warns(FutureWarning, match="`min_value` is deprecated and renamed to `min_val`"):
        assert repr(nn.Hardtanh(min_value=-2.0)) == "Hardtanh(min_val=-2.0, max_val=1.0)"
    with pytest.raises(AssertionError, match=r"max_val \(0.5\) must be greater than min_val \(1.0\)"):
        nn.Hardtanh(1.0, 0.5)


def test_set_submodule_replaces_adds_and_refuses_like_torch():
    net = nn.Sequential(nn.Sequential(nn.ReLU()))
    net.set_submodule("0.0", nn.Tanh())
    net.set_submodule("0.5", nn.Tanh())  # not strict: added
    assert repr(net) == "Sequential(\n  (0): Sequential(\n    (0): Tanh()\n    (5): Tanh()\n  )\n)"
    with pytest.raises(AttributeError, match="Sequential has no attribute `1`"):
        net.set_submodule("1.0", nn.Tanh())
    with pytest.raises(AttributeError, match="Sequential has no attribute `7`"):
        net.set_submodule("0.7", nn.Tanh(), strict=True)
    with pytest.raises(ValueError, match=r"`module` is not an nn.Module, found <class 'int'>"):
        net.set_submodule("0.0", 3)
    shared = nn.Linear(1, 1)
    assert len(list(nn.Sequential(shared, shared).modules(remove_duplicate=False))) == 3
    assert len(list(nn.Sequential(shared, shared).modules())) == 2


def test_sequential_in_place_add_and_repetition():
    s = nn.Sequential(nn.ReLU())
    twice = 2 * s
    assert len(twice) == 2 and twice[0] is twice[1] is s[0]
    s *= 3
    s += nn.Sequential(nn.Tanh())
    assert [type(m).__name__ for m in s] == ["ReLU"] * 3 + ["Tanh"]
    with pytest.raises(ValueError, match="Non-positive multiplication factor 0"):
        s * 0  # noqa: B018
    with pytest.raises(ValueError, match="add operator supports only objects of Sequential class"):
        s += 3


def test_parameter_dict_copy_setdefault_popitem_fromkeys():
    d = nn.ParameterDict({"a": nn.Parameter(ember.ones(1)), "b": nn.Parameter(ember.ones(2))})
    c = d.copy()
    assert isinstance(c, nn.ParameterDict) and list(c) == ["a", "b"] and c["a"] is d["a"]
    assert d.setdefault("c", nn.Parameter(ember.zeros(1))).shape == (1,) and list(d) == ["a", "b", "c"]
    assert d.setdefault("a") is d["a"]
    key, value = d.popitem()
    assert key == "c" and value.shape == (1,) and list(d) == ["a", "b"]
    f = d.fromkeys(["x", "y"])
    assert isinstance(f, nn.ParameterDict) and list(f) == ["x", "y"] and f["x"] is None
    with pytest.raises(KeyError, match="popitem"):
        nn.ParameterDict().popitem()


class _WithExtra(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(1, 1)
        self.steps = 3

    def get_extra_state(self):
        return {"steps": self.steps}

    def set_extra_state(self, state):
        self.steps = state["steps"]


def test_extra_state_is_saved_before_children_and_restored_like_torch():
    state = nn.Sequential(_WithExtra()).state_dict()
    assert list(state) == ["0._extra_state", "0.lin.weight", "0.lin.bias"] and state["0._extra_state"] == {"steps": 3}
    fresh = nn.Sequential(_WithExtra())
    fresh[0].steps = 0
    assert repr(fresh.load_state_dict(state)) == "<All keys matched successfully>" and fresh[0].steps == 3
    del state["0._extra_state"]
    with pytest.raises(RuntimeError, match=r'Missing key\(s\) in state_dict: "0._extra_state"'):
        fresh.load_state_dict(state)
    assert fresh.load_state_dict(state, strict=False).missing_keys == ["0._extra_state"]
    plain = nn.Linear(1, 1).state_dict()
    plain["_extra_state"] = 1  # a module without extra state does not expect one
    with pytest.raises(RuntimeError, match=r'Unexpected key\(s\) in state_dict: "_extra_state"'):
        nn.Linear(1, 1).load_state_dict(plain)
    with pytest.raises(RuntimeError, match=r"Module.get_extra_state\(\) that should never be called"):
        nn.Module().get_extra_state()


def test_state_dict_pre_hook_and_load_post_hook_like_torch():
    calls = []
    lin = nn.Linear(1, 1)
    lin.register_state_dict_pre_hook(lambda m, prefix, keep_vars: calls.append(("pre", prefix, keep_vars)))

    def post(module, keys):
        calls.append(("post", module is lin, list(keys.missing_keys)))
        keys.missing_keys.clear()  # judged by strict after the hook: the load passes

    handle = lin.register_load_state_dict_post_hook(post)
    lin.state_dict()
    assert repr(lin.load_state_dict({"weight": ember.ones(1, 1)})) == "<All keys matched successfully>"
    assert calls == [("pre", "", False), ("post", True, ["bias"])]  # loading does not run the save hooks
    handle.remove()
    with pytest.raises(RuntimeError, match=r'Missing key\(s\) in state_dict: "bias"'):
        lin.load_state_dict({"weight": ember.ones(1, 1)})


def test_ctc_loss_names_a_target_that_is_not_a_class():
    log_probs = ember.randn(5, 2, 4).log_softmax(2)
    lengths = ember.tensor([5, 5]), ember.tensor([2, 2])
    with pytest.raises(IndexError, match=r"ctc_loss: target 5 of sample 0 is not a class: expected 0 <= target < 4"):
        nn.functional.ctc_loss(log_probs, ember.tensor([[1, 5], [2, 3]]), *lengths)
    with pytest.raises(IndexError, match=r"target 0 of sample 1 .* not the blank 0"):
        nn.functional.ctc_loss(log_probs, ember.tensor([[1, 2], [0, 3]]), *lengths)
    assert nn.CTCLoss()(log_probs, ember.tensor([[1, 2], [2, 3]]), *lengths).ndim == 0
