"""ember.optim against torch.optim: 20 steps of every optimizer over a grid of
its options, on the same parameters and gradients, give the same parameters
and state; learning-rate schedulers give the same lr sequences."""

import numpy as np
import pytest
from oracle import torch

import ember
import ember.optim

SHAPES = [(3, 4), (5,), (), (2, 1, 3)]
STEPS = 20

CONFIGS = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.1, momentum=0.9)),
    ("SGD", dict(lr=0.1, momentum=0.9, dampening=0.3, weight_decay=0.01)),
    ("SGD", dict(lr=0.1, momentum=0.9, nesterov=True, maximize=True)),
    ("Adam", dict()),
    ("Adam", dict(lr=0.01, weight_decay=0.1, amsgrad=True)),
    ("Adam", dict(lr=0.01, betas=(0.8, 0.9), maximize=True, decoupled_weight_decay=True, weight_decay=0.1)),
    ("AdamW", dict()),
    ("AdamW", dict(lr=0.01, weight_decay=0.5, amsgrad=True)),
    ("Adamax", dict()),
    ("Adamax", dict(lr=0.01, weight_decay=0.1, maximize=True)),
    ("NAdam", dict()),
    ("NAdam", dict(lr=0.01, weight_decay=0.1, momentum_decay=0.01)),
    ("NAdam", dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)),
    ("RAdam", dict()),
    ("RAdam", dict(lr=0.01, weight_decay=0.1, betas=(0.9, 0.9))),
    ("RAdam", dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True, maximize=True)),
    ("Adagrad", dict()),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01, weight_decay=0.1, initial_accumulator_value=0.5)),
    ("Adadelta", dict()),
    ("Adadelta", dict(lr=0.5, rho=0.5, weight_decay=0.1, maximize=True)),
    ("RMSprop", dict()),
    ("RMSprop", dict(lr=0.01, centered=True, momentum=0.9, weight_decay=0.1)),
    ("RMSprop", dict(lr=0.01, momentum=0.5, maximize=True)),
    ("Rprop", dict()),
    ("Rprop", dict(lr=0.05, etas=(0.3, 1.5), step_sizes=(1e-3, 0.2), maximize=True)),
    ("ASGD", dict()),
    ("ASGD", dict(lr=0.05, lambd=1e-2, alpha=0.5, t0=5, weight_decay=0.1)),
]


def _config_id(config):
    name, kwargs = config
    return name + "-" + "-".join(f"{k}={v}" for k, v in kwargs.items())


def _data(seed):
    rng = np.random.default_rng(seed)
    params = [rng.standard_normal(s).astype(np.float32) for s in SHAPES]
    grads = [[rng.standard_normal(s).astype(np.float32) for s in SHAPES] for _ in range(STEPS)]
    return params, grads


@pytest.mark.parametrize("foreach", [None, False], ids=["flat", "loop"])
@pytest.mark.parametrize("config", CONFIGS, ids=_config_id)
def test_optimizer_matches_torch(config, foreach):
    name, kwargs = config
    params, grads = _data(0)
    ep = [ember.tensor(p).requires_grad_(True) for p in params]
    tp = [torch.tensor(p, requires_grad=True) for p in params]
    eopt = getattr(ember.optim, name)(ep, foreach=foreach, **kwargs)
    topt = getattr(torch.optim, name)(tp, **kwargs)
    for step_grads in grads:
        for e, t, g in zip(ep, tp, step_grads, strict=True):
            e.grad = ember.tensor(g)
            t.grad = torch.tensor(g)
        eopt.step()
        topt.step()
    for e, t in zip(ep, tp, strict=True):
        np.testing.assert_allclose(e.detach().numpy(), t.detach().numpy(), rtol=2e-5, atol=2e-6)
    estate, tstate = eopt.state_dict(), topt.state_dict()
    assert estate["state"].keys() == tstate["state"].keys()
    for i in tstate["state"]:
        assert list(estate["state"][i]) == list(tstate["state"][i])
        for key, tv in tstate["state"][i].items():
            ev = estate["state"][i][key]
            np.testing.assert_allclose(np.asarray(ev), tv.numpy(), rtol=2e-5, atol=2e-6, err_msg=key)
    assert [sorted(g) for g in estate["param_groups"]] == [sorted(g) for g in tstate["param_groups"]]


@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
@pytest.mark.parametrize("history_size", [100, 2])
def test_lbfgs_matches_torch(line_search_fn, history_size):
    """A least-squares problem plus a quartic term, a few steps (far from the
    optimum, where stopping on tolerances would hang on rounding)."""
    rng = np.random.default_rng(1)
    a, b, x0 = rng.standard_normal((8, 5)), rng.standard_normal(8), rng.standard_normal(5)
    results = []
    for lib in (ember, torch):
        x = lib.tensor(x0.astype(np.float32)).requires_grad_(True)
        am, bm = lib.tensor(a.astype(np.float32)), lib.tensor(b.astype(np.float32))
        optim = lib.optim.LBFGS([x], lr=0.5, max_iter=4, history_size=history_size, line_search_fn=line_search_fn)

        def closure(x=x, am=am, bm=bm, optim=optim):
            optim.zero_grad()
            loss = (((am * x).sum(1) - bm) ** 2).sum() + (x**4).sum() * 0.1
            loss.backward()
            return loss

        losses = [float(optim.step(closure).detach()) for _ in range(2)]
        results.append((x.detach().numpy().copy(), losses, optim.state[x]["func_evals"], optim.state[x]["n_iter"]))
    (ex, el, ef, en), (tx, tl, tf, tn) = results
    np.testing.assert_allclose(ex, tx, rtol=1e-3, atol=1e-4)  # float32 scalars, dots summed in another order
    np.testing.assert_allclose(el, tl, rtol=1e-3)
    assert (ef, en) == (tf, tn)


def _lambda(epoch):
    return 0.95**epoch


SCHEDULERS = {
    "LambdaLR": lambda m, o: m.LambdaLR(o, _lambda),
    "MultiplicativeLR": lambda m, o: m.MultiplicativeLR(o, lambda e: 0.97),
    "StepLR": lambda m, o: m.StepLR(o, step_size=7, gamma=0.5),
    "MultiStepLR": lambda m, o: m.MultiStepLR(o, milestones=[10, 30, 30, 80], gamma=0.3),
    "ConstantLR": lambda m, o: m.ConstantLR(o, factor=0.25, total_iters=12),
    "LinearLR": lambda m, o: m.LinearLR(o, start_factor=0.1, end_factor=0.9, total_iters=40),
    "ExponentialLR": lambda m, o: m.ExponentialLR(o, gamma=0.96),
    "PolynomialLR": lambda m, o: m.PolynomialLR(o, total_iters=60, power=2.0),
    "CosineAnnealingLR": lambda m, o: m.CosineAnnealingLR(o, T_max=17, eta_min=0.01),
    "CosineAnnealingWarmRestarts": lambda m, o: m.CosineAnnealingWarmRestarts(o, T_0=5, T_mult=2, eta_min=0.001),
    "CyclicLR": lambda m, o: m.CyclicLR(o, base_lr=0.01, max_lr=[0.1, 0.2], step_size_up=7, step_size_down=11),
    "CyclicLR-triangular2": lambda m, o: m.CyclicLR(o, 0.01, 0.1, step_size_up=5, mode="triangular2"),
    "CyclicLR-exp_range": lambda m, o: m.CyclicLR(o, 0.01, 0.1, step_size_up=5, mode="exp_range", gamma=0.98),
    "OneCycleLR": lambda m, o: m.OneCycleLR(o, max_lr=0.5, total_steps=101),
    "OneCycleLR-3phase": lambda m, o: m.OneCycleLR(
        o, max_lr=[0.5, 0.3], epochs=10, steps_per_epoch=11, anneal_strategy="linear", three_phase=True
    ),
    "SequentialLR": lambda m, o: m.SequentialLR(
        o, [m.LinearLR(o, start_factor=0.1, total_iters=10), m.CosineAnnealingLR(o, T_max=30)], milestones=[20]
    ),
    "ChainedScheduler": lambda m, o: m.ChainedScheduler([m.ExponentialLR(o, 0.98), m.StepLR(o, 9, 0.5)]),
}


def _two_groups(lib, kind):
    a, b = lib.zeros(2, requires_grad=True), lib.zeros(3, requires_grad=True)
    if kind == "adam":
        return lib.optim.Adam([{"params": [a]}, {"params": [b], "lr": 0.3}], lr=0.1)
    return lib.optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.3}], lr=0.1, momentum=0.9)


def _momenta(optim):
    """SGD's momentum or Adam's betas per group (CyclicLR and OneCycleLR cycle them)."""
    return [[g["momentum"]] if "momentum" in g else list(g["betas"]) for g in optim.param_groups]


@pytest.mark.parametrize("kind", ["sgd", "adam"])
@pytest.mark.parametrize("name", list(SCHEDULERS))
def test_scheduler_matches_torch(name, kind):
    runs = []
    for lib, module in ((ember, ember.optim.lr_scheduler), (torch, torch.optim.lr_scheduler)):
        optim = _two_groups(lib, kind)
        scheduler = SCHEDULERS[name](module, optim)
        seq = [(list(scheduler.get_last_lr()), _momenta(optim))]
        for _ in range(100):
            optim.step()
            scheduler.step()
            seq.append((list(scheduler.get_last_lr()), _momenta(optim)))
        runs.append(seq)
    for i, (e, t) in enumerate(zip(*runs, strict=True)):
        np.testing.assert_allclose(e[0], t[0], rtol=1e-12, atol=1e-15, err_msg=f"lr at step {i}")
        np.testing.assert_allclose(e[1], t[1], rtol=1e-12, err_msg=f"momentum at step {i}")


@pytest.mark.parametrize("mode", ["min", "max"])
@pytest.mark.parametrize("threshold_mode", ["rel", "abs"])
def test_reduce_lr_on_plateau_matches_torch(mode, threshold_mode):
    metrics = np.random.default_rng(2).standard_normal(100).cumsum() * 0.1
    runs = []
    for lib in (ember, torch):
        optim = _two_groups(lib, "sgd")
        scheduler = lib.optim.lr_scheduler.ReduceLROnPlateau(
            optim,
            mode=mode,
            factor=0.5,
            patience=3,
            threshold=0.01,
            threshold_mode=threshold_mode,
            cooldown=2,
            min_lr=[0.001, 0.01],
        )
        lrs = []
        for m in metrics:
            scheduler.step(float(m))
            lrs.append(list(scheduler.get_last_lr()))
        runs.append(lrs)
    np.testing.assert_allclose(runs[0], runs[1], rtol=1e-12)
