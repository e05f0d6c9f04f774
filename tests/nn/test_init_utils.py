"""nn.init (gains, fans, distribution bounds: facts from torch) and nn.utils."""

import math

import numpy as np
import pytest

import ember
import ember.nn as nn
from ember.nn import init


@pytest.mark.parametrize(
    "name, param, gain",
    [("linear", None, 1), ("conv2d", None, 1), ("sigmoid", None, 1), ("tanh", None, 5 / 3), ("relu", None, math.sqrt(2)),
     ("leaky_relu", None, math.sqrt(2 / (1 + 0.01**2))), ("leaky_relu", 0.2, math.sqrt(2 / 1.04)), ("selu", None, 0.75)],
)  # fmt: skip
def test_calculate_gain(name, param, gain):
    assert init.calculate_gain(name, param) == pytest.approx(gain)


def test_calculate_gain_rejects_unknown():
    with pytest.raises(ValueError, match="Unsupported nonlinearity foo"):
        init.calculate_gain("foo")


def test_fans_count_the_receptive_field():
    assert init._calculate_fan_in_and_fan_out(ember.empty(8, 3, 5, 5)) == (75, 200)
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init._calculate_fan_in_and_fan_out(ember.empty(3))


def test_uniform_initialisers_stay_in_bounds_and_fill_them():
    w = ember.empty(200, 300)
    for fn, bound in [
        (lambda: init.xavier_uniform_(w, gain=2.0), 2.0 * math.sqrt(6 / 500)),
        (lambda: init.kaiming_uniform_(w, mode="fan_out", nonlinearity="relu"), math.sqrt(2) * math.sqrt(3 / 200)),
        (lambda: init.kaiming_uniform_(w, a=math.sqrt(5)), 1 / math.sqrt(300)),
    ]:
        v = fn().numpy()
        assert np.abs(v).max() <= bound and np.abs(v).max() > 0.99 * bound
        assert v.std() == pytest.approx(bound / math.sqrt(3), rel=0.02)


def test_normal_initialisers_have_their_std():
    w = ember.empty(300, 400)
    assert init.xavier_normal_(w).numpy().std() == pytest.approx(math.sqrt(2 / 700), rel=0.02)
    assert init.kaiming_normal_(w, nonlinearity="relu").numpy().std() == pytest.approx(math.sqrt(2 / 400), rel=0.02)
    v = init.trunc_normal_(w, std=1.0, a=-1.0, b=1.5).numpy()
    assert v.min() >= -1.0 and v.max() <= 1.5 and v.mean() > 0


def test_constant_eye_dirac_orthogonal_sparse():
    assert np.all(init.constant_(ember.empty(2, 3), 0.5).numpy() == 0.5)
    np.testing.assert_array_equal(init.eye_(ember.empty(2, 3)).numpy(), np.eye(2, 3))
    d = init.dirac_(ember.empty(2, 2, 3)).numpy()
    assert d[0, 0, 1] == 1 and d[1, 1, 1] == 1 and d.sum() == 2
    q = init.orthogonal_(ember.empty(4, 6)).numpy()
    np.testing.assert_allclose(q @ q.T, np.eye(4), atol=1e-5)
    s = init.sparse_(ember.empty(10, 4), 0.3).numpy()
    assert ((s == 0).sum(0) >= 3).all()


def test_initialisers_do_not_record_gradients():
    p = nn.Parameter(ember.empty(3, 3))
    init.normal_(p)
    assert p.is_leaf and p.grad_fn is None


def test_clip_grad_norm_and_value():
    a, b = nn.Parameter(ember.zeros(3)), nn.Parameter(ember.zeros(4))
    a.grad, b.grad = ember.full((3,), 3.0), ember.full((4,), 4.0)
    total = nn.utils.clip_grad_norm_([a, b], 1.0)
    assert float(total) == pytest.approx(math.sqrt(27 + 64))
    assert float(nn.utils.get_total_norm([a.grad, b.grad])) == pytest.approx(1.0, rel=1e-5)
    nn.utils.clip_grad_value_([a, b], 0.1)
    assert float(a.grad.abs().max()) == pytest.approx(0.1)  # was ~0.58 after the norm clip
    a.grad = ember.tensor([float("inf"), 0.0, 0.0])
    with pytest.raises(RuntimeError, match="is non-finite, so it cannot be clipped"):
        nn.utils.clip_grad_norm_([a], 1.0, error_if_nonfinite=True)


def test_parameters_to_vector_round_trip():
    lin = nn.Linear(3, 2)
    vec = nn.utils.parameters_to_vector(lin.parameters())
    assert vec.shape == (8,)
    nn.utils.vector_to_parameters(ember.arange(8.0), lin.parameters())
    np.testing.assert_array_equal(lin.weight.detach().numpy(), np.arange(6.0).reshape(2, 3))
    np.testing.assert_array_equal(lin.bias.detach().numpy(), [6.0, 7.0])


def test_pad_and_pack_sequences():
    rnn = nn.utils.rnn
    seqs = [ember.ones(3, 2), ember.full((1, 2), 2.0), ember.full((2, 2), 3.0)]
    padded = rnn.pad_sequence(seqs, batch_first=True, padding_value=-1.0)
    assert padded.shape == (3, 3, 2) and padded.numpy()[1, 1:].tolist() == [[-1, -1], [-1, -1]]
    left = rnn.pad_sequence(seqs, batch_first=True, padding_side="left")
    assert left.numpy()[1, :2].tolist() == [[0, 0], [0, 0]]
    packed = rnn.pack_padded_sequence(padded, [3, 1, 2], batch_first=True, enforce_sorted=False)
    assert packed.batch_sizes.tolist() == [3, 2, 1] and packed.sorted_indices.tolist() == [0, 2, 1]
    out, lengths = rnn.pad_packed_sequence(packed, batch_first=True, padding_value=-1.0)
    np.testing.assert_array_equal(out.numpy(), padded.numpy())
    assert lengths.tolist() == [3, 1, 2]
    with pytest.raises(RuntimeError, match="must be sorted in decreasing order"):
        rnn.pack_padded_sequence(padded, [1, 3, 2], batch_first=True)
    assert [s.shape[0] for s in rnn.unpack_sequence(rnn.pack_sequence(seqs, enforce_sorted=False))] == [3, 1, 2]
