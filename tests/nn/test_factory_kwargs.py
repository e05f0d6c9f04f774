"""Every layer that creates parameters or buffers takes PyTorch's device= and dtype= keywords and honours them."""

import pytest

import ember
import ember.nn as nn

LAYERS = {
    "Linear": lambda **kw: nn.Linear(3, 2, **kw),
    "Bilinear": lambda **kw: nn.Bilinear(3, 4, 2, **kw),
    "Conv1d": lambda **kw: nn.Conv1d(2, 3, 3, **kw),
    "Conv2d": lambda **kw: nn.Conv2d(2, 3, 3, **kw),
    "Conv3d": lambda **kw: nn.Conv3d(2, 3, 1, **kw),
    "ConvTranspose1d": lambda **kw: nn.ConvTranspose1d(2, 3, 3, **kw),
    "ConvTranspose2d": lambda **kw: nn.ConvTranspose2d(2, 3, 3, **kw),
    "ConvTranspose3d": lambda **kw: nn.ConvTranspose3d(2, 3, 1, **kw),
    "BatchNorm1d": lambda **kw: nn.BatchNorm1d(3, **kw),
    "BatchNorm2d": lambda **kw: nn.BatchNorm2d(3, **kw),
    "BatchNorm3d": lambda **kw: nn.BatchNorm3d(3, **kw),
    "InstanceNorm2d": lambda **kw: nn.InstanceNorm2d(3, affine=True, track_running_stats=True, **kw),
    "LayerNorm": lambda **kw: nn.LayerNorm(3, **kw),
    "GroupNorm": lambda **kw: nn.GroupNorm(1, 3, **kw),
    "RMSNorm": lambda **kw: nn.RMSNorm(3, **kw),
    "Embedding": lambda **kw: nn.Embedding(5, 3, **kw),
    "EmbeddingBag": lambda **kw: nn.EmbeddingBag(5, 3, **kw),
    "PReLU": lambda **kw: nn.PReLU(3, **kw),
    "RNN": lambda **kw: nn.RNN(3, 4, **kw),
    "LSTM": lambda **kw: nn.LSTM(3, 4, num_layers=2, bidirectional=True, proj_size=2, **kw),
    "GRU": lambda **kw: nn.GRU(3, 4, **kw),
    "RNNCell": lambda **kw: nn.RNNCell(3, 4, **kw),
    "LSTMCell": lambda **kw: nn.LSTMCell(3, 4, **kw),
    "GRUCell": lambda **kw: nn.GRUCell(3, 4, **kw),
    "MultiheadAttention": lambda **kw: nn.MultiheadAttention(4, 2, kdim=3, vdim=5, add_bias_kv=True, **kw),
    "TransformerEncoderLayer": lambda **kw: nn.TransformerEncoderLayer(4, 2, 8, **kw),
    "TransformerDecoderLayer": lambda **kw: nn.TransformerDecoderLayer(4, 2, 8, **kw),
    "Transformer": lambda **kw: nn.Transformer(4, 2, 1, 1, 8, **kw),
}


def _tensors(module):
    return [*module.named_parameters(), *module.named_buffers()]


@pytest.mark.parametrize("device", ["cpu", ember.device("cpu")], ids=["str", "device"])
@pytest.mark.parametrize("make", LAYERS.values(), ids=LAYERS.keys())
def test_parameters_and_buffers_take_the_given_dtype_and_device(make, device):
    module = make(device=device, dtype=ember.float64)
    tensors = _tensors(module)
    assert tensors
    for name, t in tensors:
        expected = ember.int64 if name.endswith("num_batches_tracked") else ember.float64
        assert (t.dtype, t.device) == (expected, ember.device("cpu")), name
    default = make()
    assert {t.dtype for name, t in _tensors(default) if "num_batches" not in name} == {ember.get_default_dtype()}


def test_lazy_linear_materialises_with_the_given_dtype():
    lazy = nn.LazyLinear(2, device="cpu", dtype=ember.float64)
    lazy(ember.randn(4, 3, dtype=ember.float64))
    assert lazy.weight.dtype == lazy.bias.dtype == ember.float64


def test_generate_square_subsequent_mask_takes_dtype_and_device():
    mask = nn.Transformer.generate_square_subsequent_mask(3, device="cpu", dtype=ember.float64)
    inf = float("-inf")
    assert mask.dtype == ember.float64 and mask.tolist() == [[0, inf, inf], [0, 0, inf], [0, 0, 0]]


@pytest.mark.parametrize("make", LAYERS.values(), ids=LAYERS.keys())
def test_cuda_device_is_honoured_or_refused(make):
    if ember.cuda.is_available():
        assert {t.device.type for _, t in _tensors(make(device="cuda"))} == {"cuda"}
    else:  # as torch on a machine without CUDA: the constructor raises, it does not fall back to CPU
        with pytest.raises(RuntimeError, match="CUDA is not available"):
            make(device="cuda")
