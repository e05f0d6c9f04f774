"""Learning-rate schedulers against hand-computed lr sequences, their
state_dict, and bad input."""

import math
import warnings

import numpy as np
import pytest

import ember
import ember.optim
from ember.optim import lr_scheduler as S


def make_optim(lr=1.0, kind="sgd"):
    p = ember.zeros(2, requires_grad=True)
    if kind == "adam":
        return ember.optim.Adam([p], lr=lr)
    return ember.optim.SGD([p], lr=lr, momentum=0.9)


def lrs(scheduler, optim, steps):
    out = [scheduler.get_last_lr()[0]]
    for _ in range(steps):
        optim.step()
        scheduler.step()
        out.append(scheduler.get_last_lr()[0])
    return out


# (factory, expected lr(epoch) for epochs 0..99 with base lr 1.0)
CASES = {
    "LambdaLR": (lambda o: S.LambdaLR(o, lambda e: 1 / (e + 1)), lambda e: 1 / (e + 1)),
    "MultiplicativeLR": (lambda o: S.MultiplicativeLR(o, lambda e: 0.9), lambda e: 0.9**e),
    "StepLR": (lambda o: S.StepLR(o, step_size=30, gamma=0.1), lambda e: 0.1 ** (e // 30)),
    "MultiStepLR": (lambda o: S.MultiStepLR(o, [10, 40, 40], gamma=0.5), lambda e: 0.5 ** ((e >= 10) + 2 * (e >= 40))),
    "ConstantLR": (lambda o: S.ConstantLR(o, factor=0.5, total_iters=4), lambda e: 0.5 if e < 4 else 1.0),
    "LinearLR": (
        lambda o: S.LinearLR(o, start_factor=0.5, end_factor=1.0, total_iters=10),
        lambda e: 0.5 + 0.5 * min(e, 10) / 10,
    ),
    "ExponentialLR": (lambda o: S.ExponentialLR(o, gamma=0.95), lambda e: 0.95**e),
    "PolynomialLR": (lambda o: S.PolynomialLR(o, total_iters=50, power=2.0), lambda e: (1 - min(e, 50) / 50) ** 2),
    "CosineAnnealingLR": (
        lambda o: S.CosineAnnealingLR(o, T_max=25, eta_min=0.1),
        lambda e: 0.1 + 0.9 * (1 + math.cos(math.pi * e / 25)) / 2,
    ),
    "CosineAnnealingWarmRestarts": (
        lambda o: S.CosineAnnealingWarmRestarts(o, T_0=10, eta_min=0.0),
        lambda e: (1 + math.cos(math.pi * (e % 10) / 10)) / 2,
    ),
    "CyclicLR": (
        lambda o: S.CyclicLR(o, base_lr=0.1, max_lr=1.1, step_size_up=4),
        lambda e: 0.1 + 1.0 * (1 - abs((e % 8) - 4) / 4),
    ),
    "OneCycleLR-linear": (
        lambda o: S.OneCycleLR(o, max_lr=1.0, total_steps=100, pct_start=0.25, anneal_strategy="linear"),
        lambda e: 0.04 + (1 - 0.04) * e / 24.0 if e <= 24 else 1.0 + (0.04e-4 - 1.0) * (e - 24.0) / (99 - 24.0),
    ),
    "SequentialLR": (
        lambda o: S.SequentialLR(o, [S.ConstantLR(o, factor=0.1, total_iters=5), S.ExponentialLR(o, 0.9)], [5]),
        lambda e: 0.1 if e < 5 else 0.9 ** (e - 5),
    ),
    "ChainedScheduler": (
        lambda o: S.ChainedScheduler([S.ExponentialLR(o, 0.9), S.StepLR(o, 10, 0.5)]),
        lambda e: 0.9**e * 0.5 ** (e // 10),
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_lr_sequence(name):
    factory, expected = CASES[name]
    optim = make_optim()
    got = lrs(factory(optim), optim, 99)
    np.testing.assert_allclose(got, [expected(e) for e in range(100)], rtol=1e-9, atol=1e-12)
    assert optim.param_groups[0]["lr"] == got[-1]


def test_cyclic_lr_cycles_momentum_and_adam_beta1():
    optim = make_optim()
    scheduler = S.CyclicLR(optim, 0.1, 1.0, step_size_up=2, base_momentum=0.8, max_momentum=0.9)
    momenta = [optim.param_groups[0]["momentum"]]
    for _ in range(4):
        optim.step()
        scheduler.step()
        momenta.append(optim.param_groups[0]["momentum"])
    np.testing.assert_allclose(momenta, [0.9, 0.85, 0.8, 0.85, 0.9])
    adam = make_optim(kind="adam")
    S.OneCycleLR(adam, max_lr=1.0, total_steps=10)
    assert adam.param_groups[0]["betas"] == (0.95, 0.999)
    with pytest.raises(ValueError, match="optimizer must support momentum or beta1"):
        S.CyclicLR(ember.optim.Adagrad([ember.zeros(1, requires_grad=True)]), 0.1, 1.0)


def test_reduce_lr_on_plateau():
    optim = make_optim()
    scheduler = S.ReduceLROnPlateau(optim, factor=0.5, patience=2, cooldown=1, min_lr=0.2)
    got = []
    for metric in [5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4]:
        scheduler.step(metric)
        got.append(scheduler.get_last_lr()[0])
    # improvement at 4; 3 bad epochs -> halve; 1 cooldown epoch; 3 more bad -> halve; then min_lr
    assert got == [1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25]


def test_state_dict_round_trip():
    optim = make_optim()
    scheduler = S.StepLR(optim, step_size=3, gamma=0.5)
    lrs(scheduler, optim, 4)
    state = scheduler.state_dict()
    assert "optimizer" not in state and state["last_epoch"] == 4
    other_optim = make_optim()
    other = S.StepLR(other_optim, step_size=3, gamma=0.5)
    other.load_state_dict(state)
    other_optim.param_groups[0]["lr"] = optim.param_groups[0]["lr"]
    assert lrs(other, other_optim, 5) == lrs(scheduler, optim, 5)


def test_step_with_epoch_uses_the_closed_form():
    optim = make_optim()
    scheduler = S.ExponentialLR(optim, gamma=0.5)
    with pytest.warns(UserWarning, match="epoch parameter"):
        scheduler.step(3)
    assert scheduler.get_last_lr() == [0.125]


def test_bad_input():
    optim = make_optim()
    with pytest.raises(ValueError, match="Constant multiplicative factor expected to be between 0 and 1."):
        S.ConstantLR(optim, factor=1.5)
    with pytest.raises(ValueError, match="Starting multiplicative factor expected to be greater than 0"):
        S.LinearLR(optim, start_factor=0)
    with pytest.raises(ValueError, match="Expected positive integer T_0, but got 0"):
        S.CosineAnnealingWarmRestarts(optim, T_0=0)
    with pytest.raises(ValueError, match="Factor should be < 1.0."):
        S.ReduceLROnPlateau(optim, factor=1.0)
    with pytest.raises(ValueError, match="mode foo is unknown!"):
        S.ReduceLROnPlateau(optim, mode="foo")
    with pytest.raises(ValueError, match="You must define either total_steps OR"):
        S.OneCycleLR(optim, max_lr=1.0)
    with pytest.raises(ValueError, match="Tried to step 4 times. The specified number of total steps is 3"):
        scheduler = S.OneCycleLR(make_optim(), max_lr=1.0, total_steps=3)
        for _ in range(4):
            scheduler.step()
    with pytest.raises(KeyError, match="param 'initial_lr' is not specified in param_groups\\[0\\]"):
        S.StepLR(make_optim(), step_size=2, last_epoch=3)
    with pytest.raises(TypeError, match="list is not an Optimizer"):
        S.StepLR([], step_size=2)
    other = make_optim()
    with pytest.raises(ValueError, match="expects all schedulers to belong to the same optimizer"):
        S.SequentialLR(optim, [S.StepLR(optim, 2), S.StepLR(other, 2)], milestones=[3])
    with pytest.raises(ValueError, match="one more than the number of milestone points"):
        S.SequentialLR(optim, [S.StepLR(optim, 2)], milestones=[3])


def test_sequential_lr_warns_no_deprecation_of_its_own():
    """SequentialLR jumps its next scheduler to epoch 0: the user didn't pass an epoch, so no warning."""
    optim = make_optim()
    scheduler = S.SequentialLR(
        optim, [S.ConstantLR(optim, factor=0.5, total_iters=2), S.ExponentialLR(optim, 0.9)], [3]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(6):
            optim.step()
            scheduler.step()
    assert scheduler.get_last_lr()[0] == pytest.approx(0.9**3)  # epoch 3 restarts at 1.0, then 4, 5, 6
    with pytest.warns(UserWarning, match="The epoch parameter in `scheduler.step"):
        S.StepLR(optim, 3).step(5)  # a user's step(epoch) still warns
