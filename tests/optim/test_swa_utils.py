"""ember.optim.swa_utils against NumPy: averaged weights, BatchNorm statistics
recomputed over a loader, SWALR's annealed lr; state_dict and bad input."""

import io
import math

import numpy as np
import pytest

import ember
import ember.nn as nn
import ember.optim
from ember.optim import swa_utils

RNG_SHAPES = {"0.weight": (4, 3), "0.bias": (4,), "1.weight": (4,), "1.bias": (4,)}


def make_model():
    return nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4))


def snapshots(count, seed=0):
    """`count` sets of parameter values, as {name: array}."""
    rng = np.random.default_rng(seed)
    return [{k: rng.standard_normal(s).astype(np.float32) for k, s in RNG_SHAPES.items()} for _ in range(count)]


def set_params(model, values):
    with ember.no_grad():
        for name, p in model.named_parameters():
            p.copy_(ember.tensor(values[name]))


def averaged_params(averaged):
    return {k.removeprefix("module."): v.detach().numpy() for k, v in averaged.named_parameters()}


@pytest.mark.parametrize(
    "kind", ["swa", "ema-multi", "ema-fn", "swa-fn", "custom-fn"], ids=lambda k: k.replace("-", "_")
)
def test_averaged_model_matches_numpy(kind):
    decay = 0.9
    fns = {
        "swa": {},
        "ema-multi": {"multi_avg_fn": swa_utils.get_ema_multi_avg_fn(decay)},
        "ema-fn": {"avg_fn": swa_utils.get_ema_avg_fn(decay)},
        "swa-fn": {"avg_fn": swa_utils.get_swa_avg_fn()},
        "custom-fn": {"avg_fn": lambda avg, cur, n: ember.maximum(avg, cur)},
    }
    model = make_model()
    averaged = swa_utils.AveragedModel(model, **fns[kind])
    values = snapshots(5)
    for v in values:
        set_params(model, v)
        averaged.update_parameters(model)
    assert averaged.n_averaged.item() == 5 and averaged.n_averaged.dtype == ember.int64
    got = averaged_params(averaged)
    for name in RNG_SHAPES:
        seq = [v[name].astype(np.float64) for v in values]
        if kind.startswith("swa"):
            expected = np.mean(seq, axis=0)
        elif kind == "custom-fn":
            expected = np.max(seq, axis=0)
        else:
            expected = seq[0]
            for x in seq[1:]:
                expected = decay * expected + (1 - decay) * x
        np.testing.assert_allclose(got[name], expected, rtol=1e-5, atol=1e-6, err_msg=name)


def test_averaged_model_is_a_copy_and_forwards_to_it():
    model = make_model().eval()
    averaged = swa_utils.AveragedModel(model).eval()
    assert averaged.module is not model
    x = ember.tensor(np.random.default_rng(1).standard_normal((5, 3)).astype(np.float32))
    np.testing.assert_array_equal(averaged(x).detach().numpy(), model(x).detach().numpy())
    set_params(model, snapshots(1)[0])  # the copy doesn't follow the model until updated
    assert not np.allclose(averaged(x).detach().numpy(), model(x).detach().numpy())
    assert all(p.requires_grad for p in averaged.parameters())


@pytest.mark.parametrize("use_buffers", [False, True])
def test_buffers_copied_or_averaged(use_buffers):
    model = make_model().train()
    averaged = swa_utils.AveragedModel(model, use_buffers=use_buffers)
    rng = np.random.default_rng(2)
    means = []
    for _ in range(3):
        model(ember.tensor(rng.standard_normal((8, 3)).astype(np.float32)))
        means.append(model[1].running_mean.numpy().copy())
        averaged.update_parameters(model)
    got = averaged.module[1].running_mean.numpy()
    expected = np.mean(means, axis=0) if use_buffers else means[-1]
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-7)
    # num_batches_tracked: copied (3), or averaged as integers (1, then 1 + 1 // 2, then 1 + 2 // 3)
    assert averaged.module[1].num_batches_tracked.item() == (1 if use_buffers else 3)


def test_state_dict_keys_and_round_trip():
    model = make_model()
    averaged = swa_utils.AveragedModel(model)
    for v in snapshots(3):
        set_params(model, v)
        averaged.update_parameters(model)
    sd = averaged.state_dict()
    assert list(sd) == ["n_averaged"] + ["module." + k for k in model.state_dict()]
    buffer = io.BytesIO()
    ember.save(sd, buffer)
    buffer.seek(0)
    resumed = swa_utils.AveragedModel(make_model())
    resumed.load_state_dict(ember.load(buffer))
    assert resumed.n_averaged.item() == 3
    # the next update continues the same mean
    last = snapshots(1, seed=9)[0]
    set_params(model, last)
    averaged.update_parameters(model)
    resumed.update_parameters(model)
    for name, value in averaged_params(averaged).items():
        np.testing.assert_array_equal(averaged_params(resumed)[name], value)


def test_averaged_model_bad_input():
    with pytest.raises(ValueError, match=r"Invalid decay value 1.5 provided. Please provide a value in \[0,1\] range."):
        swa_utils.get_ema_avg_fn(1.5)
    with pytest.raises(ValueError, match=r"Invalid decay value -0.1 provided"):
        swa_utils.get_ema_multi_avg_fn(-0.1)
    with pytest.raises(TypeError, match="AveragedModel: model must be an ember.nn.Module, got Tensor"):
        swa_utils.AveragedModel(ember.zeros(2))
    averaged = swa_utils.AveragedModel(make_model())
    with pytest.raises(ValueError, match="the model has 2 parameters, the averaged copy 4: it was made from another"):
        averaged.update_parameters(nn.Linear(3, 4))


def batches(count=4, size=6, seed=3):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal((size, 3)).astype(np.float32) * 2 + 1 for _ in range(count)]


@pytest.mark.parametrize("with_targets", [False, True])
@pytest.mark.parametrize("training", [False, True])
def test_update_bn_recomputes_running_stats(with_targets, training):
    model = make_model()
    model[1].momentum = 0.3
    model[1].running_mean.fill_(5.0)  # stale statistics: reset first
    model.train(training)
    data = batches()
    loader = [(ember.tensor(x), ember.zeros(len(x))) if with_targets else ember.tensor(x) for x in data]
    swa_utils.update_bn(loader, model)
    # the cumulative average of equal batches: the mean of the batch means and unbiased variances
    w, b = model[0].weight.detach().numpy(), model[0].bias.detach().numpy()
    outs = [x @ w.T + b for x in data]
    np.testing.assert_allclose(model[1].running_mean.numpy(), np.mean([o.mean(0) for o in outs], 0), rtol=1e-5)
    np.testing.assert_allclose(model[1].running_var.numpy(), np.mean([o.var(0, ddof=1) for o in outs], 0), rtol=1e-5)
    assert model[1].num_batches_tracked.item() == len(data)
    assert model[1].momentum == 0.3 and model.training is training and model[1].training is training


def test_update_bn_without_batchnorm_leaves_the_model_alone():
    model = nn.Linear(3, 4).eval()
    swa_utils.update_bn(iter([]), model)  # no BatchNorm: the loader isn't even read
    assert model.training is False


def _swalr_lrs(strategy, anneal_epochs, steps=15, lr=1.0, swa_lr=0.1):
    optim = ember.optim.SGD([ember.zeros(2, requires_grad=True)], lr=lr)
    scheduler = swa_utils.SWALR(optim, swa_lr=swa_lr, anneal_epochs=anneal_epochs, anneal_strategy=strategy)
    out = [scheduler.get_last_lr()[0]]
    for _ in range(steps):
        optim.step()
        scheduler.step()
        out.append(scheduler.get_last_lr()[0])
    return out, optim


@pytest.mark.parametrize("strategy", ["cos", "linear"])
@pytest.mark.parametrize("anneal_epochs", [0, 1, 5])
def test_swalr_anneals_to_swa_lr(strategy, anneal_epochs):
    got, optim = _swalr_lrs(strategy, anneal_epochs)
    shape = (lambda t: t) if strategy == "linear" else (lambda t: (1 - math.cos(math.pi * t)) / 2)
    # step k of the schedule sits at t = k / anneal_epochs between lr 1.0 and swa_lr 0.1
    expected = [0.1 if anneal_epochs == 0 else 1.0 + (0.1 - 1.0) * shape(min(1, k / anneal_epochs)) for k in range(16)]
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)
    assert optim.param_groups[0]["swa_lr"] == 0.1


def test_swalr_per_group_and_bad_input():
    a, b = ember.zeros(2, requires_grad=True), ember.zeros(2, requires_grad=True)
    optim = ember.optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.5}], lr=1.0)
    scheduler = swa_utils.SWALR(optim, swa_lr=[0.1, 0.2], anneal_epochs=2, anneal_strategy="linear")
    for _ in range(3):
        scheduler.step()
    assert scheduler.get_last_lr() == pytest.approx([0.1, 0.2])
    sd = scheduler.state_dict()
    assert sd["anneal_strategy"] == "linear" and sd["anneal_epochs"] == 2
    with pytest.raises(ValueError, match="swa_lr must have the same length as optimizer.param_groups. swa_lr has 3"):
        swa_utils.SWALR(optim, swa_lr=[0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="anneal_strategy must be one of 'cos' or 'linear', instead got exp"):
        swa_utils.SWALR(optim, swa_lr=0.1, anneal_strategy="exp")
    for bad in (-1, 2.5):
        with pytest.raises(ValueError, match=f"anneal_epochs must be equal or greater than 0, got {bad}"):
            swa_utils.SWALR(optim, swa_lr=0.1, anneal_epochs=bad)


def test_swa_training_recipe_lowers_the_loss():
    """SGD, then SWALR and an AveragedModel, then update_bn: the averaged model
    fits the data about as well as the last iterate."""
    rng = np.random.default_rng(4)
    xs = rng.standard_normal((64, 3)).astype(np.float32)
    x, y = ember.tensor(xs), ember.tensor((xs @ np.float32([[1.5], [-2.0], [0.5]])) + 0.3)
    model = nn.Sequential(nn.Linear(3, 8), nn.BatchNorm1d(8), nn.Linear(8, 1))
    swa_model = swa_utils.AveragedModel(model)
    optim = ember.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    scheduler = swa_utils.SWALR(optim, swa_lr=0.01, anneal_epochs=5)

    def loss_of(m):
        return ((m(x) - y) ** 2).mean().item()

    first = loss_of(model.eval())
    for epoch in range(60):
        model.train()
        for i in range(0, 64, 16):
            optim.zero_grad()
            ((model(x[i : i + 16]) - y[i : i + 16]) ** 2).mean().backward()
            optim.step()
        if epoch >= 40:
            swa_model.update_parameters(model)
            scheduler.step()
    swa_utils.update_bn([x[i : i + 16] for i in range(0, 64, 16)], swa_model)
    assert swa_model.n_averaged.item() == 20
    assert loss_of(swa_model.eval()) < 0.1 * first
