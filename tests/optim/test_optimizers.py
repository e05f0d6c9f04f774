"""Optimizers against NumPy re-implementations of their update rules, and the
machinery around them: flat and per-parameter paths, skipped parameters,
state_dict round trips, hooks, training a small model (ember.nn)."""

import io

import numpy as np
import numpy_ref
import pytest

import ember
import ember.nn as nn
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
    ("SGD", dict(lr=0.1, momentum=0.5, weight_decay=0.1, nesterov=True)),
    ("AdamW", dict(lr=0.01, betas=(0.5, 0.6), eps=1e-3, maximize=True)),
    ("Adamax", dict(lr=0.01, betas=(0.5, 0.9), eps=1e-3)),
    ("NAdam", dict(lr=0.01, betas=(0.8, 0.95), maximize=True)),
    ("Adagrad", dict(lr=0.05, eps=1e-6, maximize=True)),
    ("Adadelta", dict(lr=1.0, eps=1e-3)),
    ("RMSprop", dict(lr=0.01, alpha=0.5, eps=1e-4, centered=True)),
    ("ASGD", dict(lr=0.02, t0=3, maximize=True)),
]
NAMES = sorted({name for name, _ in CONFIGS})


def config_id(config):
    name, kwargs = config
    return name + "-" + "-".join(f"{k}={v}" for k, v in kwargs.items())


def make_data(seed=0, shapes=SHAPES, steps=STEPS):
    rng = np.random.default_rng(seed)
    params = [rng.standard_normal(s).astype(np.float32) for s in shapes]
    grads = [[rng.standard_normal(s).astype(np.float32) for s in shapes] for _ in range(steps)]
    return params, grads


def ember_params(arrays):
    return [ember.tensor(a).requires_grad_(True) for a in arrays]


def run(optim, params, grads):
    for step_grads in grads:
        for p, g in zip(params, step_grads, strict=True):
            p.grad = ember.tensor(g)
        optim.step()


@pytest.mark.parametrize("foreach", [None, False], ids=["flat", "loop"])
@pytest.mark.parametrize("config", CONFIGS, ids=config_id)
def test_matches_numpy(config, foreach):
    name, kwargs = config
    arrays, grads = make_data()
    params = ember_params(arrays)
    run(getattr(ember.optim, name)(params, foreach=foreach, **kwargs), params, grads)
    ref = getattr(numpy_ref, name)([a.astype(np.float64) for a in arrays], **kwargs)
    for step_grads in grads:
        ref.step([g.astype(np.float64) for g in step_grads])
    for p, r, a in zip(params, ref.params, arrays, strict=True):
        assert not np.allclose(r, a)  # the run moved the parameter
        np.testing.assert_allclose(p.detach().numpy(), r, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("config", CONFIGS, ids=config_id)
def test_flat_and_loop_paths_agree(config):
    """The same rule over flat buffers, per parameter, and over parameters that
    are views of one buffer (updated in place, no copy back)."""
    name, kwargs = config
    arrays, grads = make_data(1)
    results = []
    for foreach, shared in ((None, False), (False, False), (None, True)):
        if shared:
            buffer = ember.tensor(np.concatenate([a.reshape(-1) for a in arrays]))
            sizes = [a.size for a in arrays]
            params = [v.view(a.shape) for v, a in zip(buffer.split_with_sizes(sizes), arrays, strict=True)]
            for p in params:
                p.requires_grad_(True)
        else:
            params = ember_params(arrays)
        optim = getattr(ember.optim, name)(params, foreach=foreach, **kwargs)
        run(optim, params, grads)
        if shared:
            assert optim._flat[id(optim.param_groups[0])].param_flat is not None
        results.append([p.detach().numpy() for p in params])
    for other in results[1:]:
        for a, b in zip(results[0], other, strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("name", NAMES)
def test_parameters_without_grad_are_skipped(name):
    arrays, grads = make_data(2)
    params = ember_params(arrays)
    optim = getattr(ember.optim, name)(params, lr=0.01)
    run(optim, params, grads[:3])
    before = params[1].detach().numpy().copy()
    state_before = {k: v.clone() for k, v in optim.state[params[1]].items()}
    for i, p in enumerate(params):
        p.grad = None if i == 1 else ember.tensor(grads[3][i])
    optim.step()
    np.testing.assert_array_equal(params[1].detach().numpy(), before)
    for k, v in optim.state[params[1]].items():
        np.testing.assert_array_equal(v.numpy(), state_before[k].numpy())
    # the per-parameter path takes over from here: same values as a loop-only optimizer
    loop_params = ember_params(arrays)
    loop = getattr(ember.optim, name)(loop_params, lr=0.01, foreach=False)
    run(loop, loop_params, grads[:3])
    for i, p in enumerate(loop_params):
        p.grad = None if i == 1 else ember.tensor(grads[3][i])
    loop.step()
    run(optim, params, grads[4:8])
    run(loop, loop_params, grads[4:8])
    for a, b in zip(params, loop_params, strict=True):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("config", CONFIGS, ids=config_id)
def test_state_dict_round_trip_gives_the_same_next_step(config):
    name, kwargs = config
    arrays, grads = make_data(3)
    params = ember_params(arrays)
    optim = getattr(ember.optim, name)(params, **kwargs)
    run(optim, params, grads[:10])
    buffer = io.BytesIO()
    ember.save(optim.state_dict(), buffer)
    buffer.seek(0)
    saved = ember.load(buffer)
    snapshot = [p.detach().clone() for p in params]
    run(optim, params, grads[10:12])
    expected = [p.detach().numpy().copy() for p in params]

    resumed_params = [s.clone().requires_grad_(True) for s in snapshot]
    resumed = getattr(ember.optim, name)(resumed_params, **kwargs)
    resumed.load_state_dict(saved)
    run(resumed, resumed_params, grads[10:12])
    for p, e in zip(resumed_params, expected, strict=True):
        np.testing.assert_array_equal(p.detach().numpy(), e)


def test_state_dict_layout():
    params = ember_params(make_data()[0])
    optim = ember.optim.Adam([{"params": params[:2]}, {"params": params[2:], "lr": 0.1}], amsgrad=True)
    run(optim, params, make_data()[1][:2])
    sd = optim.state_dict()
    assert [g["params"] for g in sd["param_groups"]] == [[0, 1], [2, 3]]
    assert sd["param_groups"][1]["lr"] == 0.1 and sd["param_groups"][0]["lr"] == 1e-3
    assert sorted(sd["state"]) == [0, 1, 2, 3]
    assert list(sd["state"][2]) == ["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"]
    assert sd["state"][2]["step"].item() == 2.0 and sd["state"][2]["step"].dtype == ember.float32
    assert sd["state"][3]["exp_avg"].shape == (2, 1, 3)
    # state_dict copies: stepping on doesn't change it
    before = sd["state"][0]["exp_avg"].numpy().copy()
    run(optim, params, make_data()[1][2:3])
    np.testing.assert_array_equal(sd["state"][0]["exp_avg"].numpy(), before)


def test_sgd_state_without_momentum_is_empty():
    params = ember_params(make_data()[0])
    optim = ember.optim.SGD(params, lr=0.1)
    run(optim, params, make_data()[1][:2])
    assert optim.state_dict()["state"] == {}


@pytest.mark.parametrize("name", NAMES + ["LBFGS"])
def test_training_lowers_the_loss(name):
    """A small MLP fitting a nonlinear target, with autograd and ember.nn."""
    rng = np.random.default_rng(4)
    xs = rng.standard_normal((64, 3)).astype(np.float32)
    x, y = ember.tensor(xs), ember.tensor(np.sin(xs @ np.float32([[1.5], [-2.0], [0.5]])) + np.float32(0.3))
    ember.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 16), nn.Tanh(), nn.Linear(16, 1))
    lr = {"Adadelta": 10.0, "LBFGS": 0.5, "SGD": 0.1, "ASGD": 0.1}.get(name, 0.05)
    optim = getattr(ember.optim, name)(model.parameters(), lr=lr)

    def closure():
        optim.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        return loss

    first = closure().item()
    for _ in range(5 if name == "LBFGS" else 50):
        optim.step(closure)
    assert closure().item() < 0.5 * first


def test_zero_grad():
    params = ember_params(make_data()[0])
    optim = ember.optim.SGD(params, lr=0.1)
    for p in params:
        p.grad = ember.ones_like(p)
    optim.zero_grad(set_to_none=False)
    assert all(p.grad is not None and not p.grad.any().item() for p in params)
    optim.zero_grad()
    assert all(p.grad is None for p in params)


def test_zero_grad_of_a_grad_with_a_graph():
    """A grad made with create_graph=True is zeroed outside the graph, as in PyTorch."""
    p = ember.tensor([1.0, 2.0], requires_grad=True)
    (p**3).sum().backward(create_graph=True)
    assert p.grad.grad_fn is not None
    ember.optim.SGD([p], lr=0.1).zero_grad(set_to_none=False)
    assert p.grad.grad_fn is None and not p.grad.requires_grad
    np.testing.assert_array_equal(p.grad.numpy(), [0.0, 0.0])


def test_step_pre_hook_replaces_the_arguments():
    params = ember_params(make_data()[0])
    optim = ember.optim.SGD(params, lr=0.1)
    handle = optim.register_step_pre_hook(lambda o, args, kwargs: ((lambda: 3.0,), {}))
    assert optim.step(lambda: 7.0) == 3.0
    handle.remove()
    optim.register_step_pre_hook(lambda o, args, kwargs: 5)
    with pytest.raises(RuntimeError, match=r"must return None or a tuple of \(new_args, new_kwargs\), but got 5"):
        optim.step()


def test_step_hooks_and_closure():
    params = ember_params(make_data()[0])
    optim = ember.optim.SGD(params, lr=0.1)
    calls = []
    pre = optim.register_step_pre_hook(lambda o, args, kwargs: calls.append(("pre", o is optim)))
    optim.register_step_post_hook(lambda o, args, kwargs: calls.append(("post", o is optim)))
    assert optim.step(lambda: 7.0) == 7.0
    pre.remove()
    optim.step()
    assert calls == [("pre", True), ("post", True), ("post", True)]


def test_state_dict_hooks():
    params = ember_params(make_data()[0])
    optim = ember.optim.SGD(params, lr=0.1)
    calls = []
    optim.register_state_dict_pre_hook(lambda o: calls.append("pre"))
    optim.register_state_dict_pre_hook(lambda o: calls.append("pre-first"), prepend=True)
    optim.register_state_dict_post_hook(lambda o, sd: {**sd, "extra": 1})
    sd = optim.state_dict()
    assert calls == ["pre-first", "pre"] and sd["extra"] == 1

    def halve_lr(o, sd):
        return {**sd, "param_groups": [{**g, "lr": g["lr"] / 2} for g in sd["param_groups"]]}

    optim.register_load_state_dict_pre_hook(halve_lr)
    handle = optim.register_load_state_dict_post_hook(lambda o: calls.append(o.param_groups[0]["lr"]))
    optim.load_state_dict(sd)
    assert calls[-1] == 0.05 and optim.param_groups[0]["lr"] == 0.05
    handle.remove()
    optim.load_state_dict(sd)
    assert len(calls) == 3


def test_param_groups_and_defaults():
    params = ember_params(make_data()[0])
    optim = ember.optim.SGD([{"params": params[:2], "momentum": 0.5}, {"params": params[2]}], lr=0.2)
    assert optim.param_groups[0]["momentum"] == 0.5 and optim.param_groups[1]["momentum"] == 0
    assert optim.param_groups[1]["params"] == [params[2]] or optim.param_groups[1]["params"][0] is params[2]
    optim.add_param_group({"params": [params[3]], "lr": 0.01})
    assert optim.param_groups[2]["lr"] == 0.01 and optim.param_groups[2]["nesterov"] is False
    adam = ember.optim.Adam(params)
    assert adam.defaults["lr"] == 1e-3 and adam.defaults["betas"] == (0.9, 0.999) and adam.defaults["eps"] == 1e-8
    assert ember.optim.AdamW(params).defaults["weight_decay"] == 1e-2
    assert ember.optim.SGD(params).defaults["lr"] == 1e-3
    assert ember.optim.LBFGS(params).defaults["max_eval"] == 25


BAD_ARGS = [
    ("SGD", dict(lr=-0.1), "Invalid learning rate: -0.1"),
    ("SGD", dict(momentum=-0.5), "Invalid momentum value: -0.5"),
    ("SGD", dict(weight_decay=-1), "Invalid weight_decay value: -1"),
    ("SGD", dict(nesterov=True), "Nesterov momentum requires a momentum and zero dampening"),
    ("Adam", dict(lr=-1e-3), "Invalid learning rate: -0.001"),
    ("Adam", dict(eps=-1.0), "Invalid epsilon value: -1.0"),
    ("Adam", dict(betas=(1.0, 0.999)), "Invalid beta parameter at index 0: 1.0"),
    ("AdamW", dict(betas=(0.9, -0.1)), "Invalid beta parameter at index 1: -0.1"),
    ("NAdam", dict(momentum_decay=-1), "Invalid momentum_decay value: -1"),
    ("RAdam", dict(betas=(0.9, 1.5)), "Invalid beta parameter at index 1: 1.5"),
    ("Adamax", dict(eps=-1e-8), "Invalid epsilon value: -1e-08"),
    ("Adagrad", dict(lr_decay=-1), "Invalid lr_decay value: -1"),
    ("Adagrad", dict(initial_accumulator_value=-1), "Invalid initial_accumulator_value value: -1"),
    ("Adadelta", dict(rho=1.5), "Invalid rho value: 1.5"),
    ("RMSprop", dict(alpha=-0.1), "Invalid alpha value: -0.1"),
    ("Rprop", dict(etas=(1.5, 1.2)), "Invalid eta values: 1.5, 1.2"),
    ("ASGD", dict(weight_decay=-0.1), "Invalid weight_decay value: -0.1"),
    ("LBFGS", dict(lr=-1), "Invalid learning rate: -1"),
]


@pytest.mark.parametrize("name, kwargs, message", BAD_ARGS)
def test_bad_hyperparameters_raise_value_error(name, kwargs, message):
    with pytest.raises(ValueError, match=f"^{message.replace('(', '[(]').replace('.', '[.]')}$"):
        getattr(ember.optim, name)([ember.zeros(2, requires_grad=True)], **kwargs)


def test_bad_parameters():
    p = ember.zeros(2, requires_grad=True)
    with pytest.raises(ValueError, match="some parameters appear in more than one parameter group"):
        ember.optim.SGD([{"params": [p]}, {"params": [p]}], lr=0.1)
    with pytest.raises(ValueError, match="optimizer contains a parameter group with duplicate parameters"):
        ember.optim.SGD([p, p], lr=0.1)
    with pytest.raises(ValueError, match="can't optimize a non-leaf Tensor"):
        ember.optim.SGD([p * 2], lr=0.1)
    with pytest.raises(TypeError, match="optimizer can only optimize Tensors, but one of the params is list"):
        ember.optim.SGD([[p]], lr=0.1)
    with pytest.raises(TypeError, match="should be an iterable of Tensors or dicts, but got Tensor"):
        ember.optim.SGD(p, lr=0.1)
    with pytest.raises(ValueError, match="optimizer got an empty parameter list"):
        ember.optim.SGD([], lr=0.1)
    with pytest.raises(TypeError, match="ordered collections"):
        ember.optim.SGD([{"params": {p}}], lr=0.1)
    with pytest.raises(ValueError, match="some parameters appear in more than one parameter group"):
        ember.optim.SGD([p], lr=0.1).add_param_group({"params": [p]})
    with pytest.raises(NotImplementedError, match="Adam: differentiable=True is not supported"):
        ember.optim.Adam([p], differentiable=True)
    with pytest.raises(NotImplementedError, match="RMSprop: capturable=True is not supported"):
        ember.optim.RMSprop([p], capturable=True)
    with pytest.raises(NotImplementedError, match="SparseAdam is not available: ember has no sparse tensors"):
        ember.optim.SparseAdam([p])
    q = ember.zeros(2, requires_grad=True)
    with pytest.raises(ValueError, match="LBFGS doesn't support per-parameter options"):
        ember.optim.LBFGS([{"params": [p]}, {"params": [q]}])
    with pytest.raises(RuntimeError, match="only 'strong_wolfe' is supported"):
        ember.optim.LBFGS([p], line_search_fn="armijo").step(lambda: ember.tensor(0.0))


def test_load_state_dict_from_another_layout_raises():
    a, b, c = (ember.zeros(2, requires_grad=True) for _ in range(3))
    one = ember.optim.Adam([a, b])
    two_groups = ember.optim.Adam([{"params": [a]}, {"params": [b]}])
    three = ember.optim.Adam([a, b, c])
    with pytest.raises(ValueError, match="different number of parameter groups: 2 saved, the optimizer has 1"):
        one.load_state_dict(two_groups.state_dict())
    with pytest.raises(
        ValueError, match="doesn't match the size of optimizer's group: group 0 has 3 parameters saved, 2"
    ):
        one.load_state_dict(three.state_dict())
    sgd = ember.optim.SGD([a, b], lr=0.1, momentum=0.9)
    with pytest.raises(ValueError, match="group 0 lacks Adam's options betas, eps .*saved by another optimizer"):
        one.load_state_dict(sgd.state_dict())
    with pytest.raises(ValueError, match="group 0 lacks SGD's options momentum, dampening"):
        sgd.load_state_dict(one.state_dict())
    # state saved for parameters of other shapes
    d, e = ember.zeros(3, requires_grad=True), ember.zeros(2, requires_grad=True)
    for p in (d, e):
        p.grad = ember.ones_like(p)
    other = ember.optim.Adam([d, e])
    other.step()
    with pytest.raises(ValueError, match=r"state for parameter 0 has exp_avg of shape \(3,\), but that parameter has"):
        one.load_state_dict(other.state_dict())


def test_load_state_dict_fills_flags_a_saved_group_lacks():
    """Flags (bool or None defaults) missing from a saved group take the default, as PyTorch's
    __setstate__ does for options added after a checkpoint was written."""
    a = ember.zeros(2, requires_grad=True)
    optim = ember.optim.Adam([a], lr=0.1)
    sd = optim.state_dict()
    for flag in ("amsgrad", "foreach", "decoupled_weight_decay"):
        del sd["param_groups"][0][flag]
    optim.load_state_dict(sd)
    group = optim.param_groups[0]
    assert group["amsgrad"] is False and group["foreach"] is None and group["lr"] == 0.1


@pytest.mark.parametrize(
    "numel, shared, foreach, flat",
    [(100, False, None, True), (5000, False, None, False), (5000, True, None, True), (100_000, True, None, False)]
    + [(20000, False, True, True), (100, True, False, False)],
)
def test_flat_path_choice(numel, shared, foreach, flat):
    """Flat buffers by default for many small parameters; per-parameter over large ones."""
    if shared:
        params = list(ember.zeros(3 * numel).split_with_sizes([numel] * 3))
    else:
        params = [ember.zeros(numel) for _ in range(3)]
    for p in params:
        p.requires_grad_(True)
        p.grad = ember.ones(numel)
    optim = ember.optim.Adam(params, foreach=foreach)
    optim.step()
    assert optim._flat[id(optim.param_groups[0])].enabled is flat
    assert all(p.detach().numpy()[0] == pytest.approx(-1e-3) for p in params)
