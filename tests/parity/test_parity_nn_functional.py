"""nn.functional over the native primitives against torch.nn.functional: values, indices,
running statistics and the gradients autograd gives through the primitives' formulas."""

import numpy as np
import pytest
from oracle import torch

import ember
import ember.nn as enn
import ember.nn.functional as EF

TF = torch.nn.functional


def both(fn_e, fn_t, *arrays, grad_seed=0):
    """(ember outputs, torch outputs, ember grads, torch grads) of fn(*arrays) for one random grad_output."""
    e_in = [ember.tensor(a, requires_grad=True) for a in arrays]
    t_in = [torch.from_numpy(a).requires_grad_() for a in arrays]
    e_out, t_out = fn_e(*e_in), fn_t(*t_in)
    e0 = e_out[0] if isinstance(e_out, tuple) else e_out
    t0 = t_out[0] if isinstance(t_out, tuple) else t_out
    g = np.random.default_rng(grad_seed).standard_normal(tuple(t0.shape)).astype(arrays[0].dtype)
    e0.backward(ember.tensor(g))
    t0.backward(torch.from_numpy(g))
    return e_out, t_out, [a.grad.numpy() for a in e_in], [a.grad.numpy() for a in t_in]


def close(a, b, tol=1e-10):
    a = a.detach().numpy() if hasattr(a, "detach") else a
    np.testing.assert_allclose(a, b.detach().numpy() if hasattr(b, "detach") else b, tol, tol)


@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("ceil_mode", [False, True])
def test_max_pool_return_indices_and_unpool(n, ceil_mode):
    x = np.random.default_rng(n).standard_normal((2, 3, *[7, 6, 5][:n]))
    mp = lambda m: lambda a: getattr(m, f"max_pool{n}d")(a, 3, 2, 1, 1, ceil_mode, True)  # noqa: E731
    (eo, ei), (to, ti), eg, tg = both(mp(EF), mp(TF), x)
    close(eo, to)
    np.testing.assert_array_equal(ei.numpy(), ti.numpy())
    close(eg[0], tg[0])
    # unpool scatters back to the pooled positions; its gradient reads them
    size = x.shape[2:]
    up = lambda m, i: lambda a: getattr(m, f"max_unpool{n}d")(a, i, 3, 2, 1, size)  # noqa: E731
    _, tu, eg, tg = both(up(EF, ei), up(TF, ti), to.detach().numpy())
    close(getattr(EF, f"max_unpool{n}d")(eo, ei, 3, 2, 1, size), tu)
    close(eg[0], tg[0])


def test_max_pool_and_unpool_modules():
    x = np.random.default_rng(3).standard_normal((1, 2, 6, 6)).astype(np.float32)
    eo, ei = enn.MaxPool2d(2, return_indices=True)(ember.tensor(x))
    to, ti = torch.nn.MaxPool2d(2, return_indices=True)(torch.from_numpy(x))
    np.testing.assert_array_equal(ei.numpy(), ti.numpy())
    close(enn.MaxUnpool2d(2)(eo, ei), torch.nn.MaxUnpool2d(2)(to, ti), 1e-6)
    with pytest.raises(RuntimeError, match="max_unpool2d.*indices"):
        enn.MaxUnpool2d(2)(eo, ei[:, :1])


@pytest.mark.parametrize("n", [1, 2, 3])
def test_adaptive_max_pool_indices_and_lp_pool(n):
    x = np.random.default_rng(n).standard_normal((2, 3, *[9, 7, 5][:n]))
    am = lambda m: lambda a: getattr(m, f"adaptive_max_pool{n}d")(a, [4, 3, 2][:n], True)  # noqa: E731
    (eo, ei), (to, ti), eg, tg = both(am(EF), am(TF), x)
    close(eo, to)
    np.testing.assert_array_equal(ei.numpy(), ti.numpy())
    close(eg[0], tg[0])
    for p, ceil in [(2.0, False), (3, True)]:
        lp = lambda m, p=p, c=ceil: lambda a: getattr(m, f"lp_pool{n}d")(a, p, 2, None, c)  # noqa: E731
        eo, to, eg, tg = both(lp(EF), lp(TF), np.abs(x) + 0.1)
        close(eo, to)
        close(eg[0], tg[0])


INTERP = [
    ("nearest", 3, dict(size=7)),
    ("nearest", 4, dict(scale_factor=(1.5, 0.7))),
    ("nearest-exact", 5, dict(scale_factor=1.6)),
    ("linear", 3, dict(scale_factor=2.3, align_corners=False)),
    ("bilinear", 4, dict(size=(5, 9), align_corners=True)),
    ("bilinear", 4, dict(scale_factor=1.7, recompute_scale_factor=True)),
    ("bicubic", 4, dict(size=(7, 5), align_corners=False)),
    ("bicubic", 4, dict(scale_factor=1.3, align_corners=True)),
    ("trilinear", 5, dict(size=(3, 5, 4))),
    ("area", 4, dict(size=(2, 3))),
    ("area", 3, dict(scale_factor=0.6)),
]


@pytest.mark.parametrize("mode,ndim,kwargs", INTERP, ids=lambda v: str(v))
def test_interpolate_and_grad(mode, ndim, kwargs):
    x = np.random.default_rng(ndim).standard_normal((2, 3, 4, 5, 3)[:ndim])
    call = lambda m: lambda a: m.interpolate(a, mode=mode, **kwargs)  # noqa: E731
    eo, to, eg, tg = both(call(EF), call(TF), x)
    close(eo, to)
    close(eg[0], tg[0])


def test_interpolate_bad_input_names_the_mode():
    x = ember.zeros(1, 2, 4)
    with pytest.raises(NotImplementedError, match="bilinear mode needs 4D input"):
        EF.interpolate(x, size=3, mode="bilinear")
    with pytest.raises(NotImplementedError, match="got bicubic"):
        EF.interpolate(x, size=3, mode="bicubic")
    with pytest.raises(ValueError, match="align_corners"):
        EF.interpolate(x, size=3, align_corners=True)


@pytest.mark.parametrize("training", [True, False])
def test_batch_and_instance_norm_running_stats_and_grads(training):
    rng = np.random.default_rng(4)
    x, w, b = rng.standard_normal((4, 3, 5)), rng.standard_normal(3), rng.standard_normal(3)
    for name in ("batch_norm", "instance_norm"):
        stats = [rng.standard_normal(3), rng.random(3) + 0.5]
        e_stats = [ember.tensor(s) for s in stats]
        t_stats = [torch.from_numpy(s.copy()) for s in stats]

        def call(m, s, name=name):
            if name == "batch_norm":
                return lambda a, ww, bb: m.batch_norm(a, s[0], s[1], ww, bb, training, 0.3, 1e-4)
            return lambda a, ww, bb: m.instance_norm(a, s[0], s[1], ww, bb, training, 0.3, 1e-4)

        eo, to, eg, tg = both(call(EF, e_stats), call(TF, t_stats), x, w, b)
        close(eo, to)
        for got, want in zip(eg, tg, strict=True):
            close(got, want)
        for got, want in zip(e_stats, t_stats, strict=True):
            close(got, want, 1e-9)


def test_fold_unfold_grads():
    x = np.random.default_rng(5).standard_normal((2, 3, 5, 6))
    call = lambda m: lambda a: m.fold(m.unfold(a, (2, 3), 1, 1, (2, 1)) * 2, (5, 6), (2, 3), 1, 1, (2, 1))  # noqa: E731
    eo, to, eg, tg = both(call(EF), call(TF), x)
    close(eo, to)
    close(eg[0], tg[0])


@pytest.mark.parametrize("bidirectional", [False, True])
def test_lstm_layer_node_grads_match_torch(bidirectional):
    # the LSTM without projection or packing runs each layer and direction as one node with its own backward
    rng = np.random.default_rng(6)
    t_lstm = torch.nn.LSTM(5, 4, 2, bidirectional=bidirectional).double()
    e_lstm = enn.LSTM(5, 4, 2, bidirectional=bidirectional).double()
    e_lstm.load_state_dict({k: ember.tensor(v.detach().numpy()) for k, v in t_lstm.state_dict().items()})
    d = 2 if bidirectional else 1
    x, h0, c0 = rng.standard_normal((6, 3, 5)), rng.standard_normal((2 * d, 3, 4)), rng.standard_normal((2 * d, 3, 4))

    def run(lstm, mod):
        xs = [mod.tensor(a, requires_grad=True) for a in (x, h0, c0)]
        out, (hn, cn) = lstm(xs[0], (xs[1], xs[2]))
        (out.sum() + (hn * 2).sum() + (cn * 3).sum()).backward()
        return [out, hn, cn], [a.grad for a in xs] + [p.grad for p in lstm.parameters()]

    (e_vals, e_grads), (t_vals, t_grads) = run(e_lstm, ember), run(t_lstm, torch)
    for got, want in zip(e_vals + e_grads, t_vals + t_grads, strict=True):
        close(got, want)


def test_lstm_layer_node_with_frozen_weights():
    # only the input needs a gradient: the node skips the weight products and still gives torch's d_input
    rng = np.random.default_rng(7)
    t_lstm = torch.nn.LSTM(3, 4).double().requires_grad_(False)
    e_lstm = enn.LSTM(3, 4).double().requires_grad_(False)
    e_lstm.load_state_dict({k: ember.tensor(v.numpy()) for k, v in t_lstm.state_dict().items()})
    x = rng.standard_normal((5, 2, 3))
    ex, tx = ember.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    e_lstm(ex)[0].sum().backward()
    t_lstm(tx)[0].sum().backward()
    close(ex.grad, tx.grad)
    assert all(p.grad is None for p in e_lstm.parameters())


EB_CASES = [
    dict(mode="sum", offsets=[0, 2, 2, 5]),  # an empty bag gives zeros
    dict(mode="mean", offsets=[0, 3], padding_idx=4),
    dict(mode="max", offsets=[0, 1, 4]),
    dict(mode="sum", offsets=[0, 2, 6], include_last_offset=True, per_sample_weights=True),
    dict(mode="mean", max_norm=1.0, offsets=[0, 4]),
    dict(mode="sum", two_d=True, padding_idx=-1),
]


@pytest.mark.parametrize("case", EB_CASES, ids=lambda c: "-".join(f"{k}" for k in c))
def test_embedding_bag_matches_torch(case):
    case = dict(case)
    rng = np.random.default_rng(7)
    w = rng.standard_normal((6, 3))
    idx = np.array([1, 4, 2, 5, 4, 0])
    e_w, t_w = ember.tensor(w, requires_grad=True), torch.tensor(w, requires_grad=True)
    e_args, t_args = {}, {}
    if case.pop("two_d", False):
        idx = idx.reshape(2, 3)
    else:
        off = case.pop("offsets")
        e_args["offsets"], t_args["offsets"] = ember.tensor(off), torch.tensor(off)
    if case.pop("per_sample_weights", False):
        psw = rng.standard_normal(idx.shape)
        e_args["per_sample_weights"], t_args["per_sample_weights"] = ember.tensor(psw), torch.tensor(psw)
    if case.get("max_norm"):  # renorming writes into weight: a leaf that requires grad is refused by both
        e_w, t_w = e_w.detach(), t_w.detach()
    e = EF.embedding_bag(ember.tensor(idx), e_w, **e_args, **case)
    t = TF.embedding_bag(torch.tensor(idx), t_w, **t_args, **case)
    close(e, t)
    close(e_w, t_w)  # max_norm renormalised the same rows in place
    if t_w.requires_grad:
        g = rng.standard_normal(tuple(t.shape))
        e.backward(ember.tensor(g))
        t.backward(torch.tensor(g))
        close(e_w.grad, t_w.grad)


def test_embedding_bag_rejects_bad_arguments_like_torch():
    w, idx = ember.randn(4, 2), ember.tensor([0, 1])
    with pytest.raises(NotImplementedError, match="per_sample_weights is only supported for mode='sum'"):
        EF.embedding_bag(idx, w, ember.tensor([0]), per_sample_weights=ember.ones(2))
    with pytest.raises(ValueError, match="if input is 2D, then offsets has to be None"):
        EF.embedding_bag(idx.reshape(1, 2), w, ember.tensor([0]))
    with pytest.raises(ValueError, match="offsets has to be a 1D Tensor but got None"):
        EF.embedding_bag(idx, w)


@pytest.mark.parametrize("name", ["selu_", "celu_", "rrelu_"])
def test_inplace_activation_variants_match_torch(name):
    x = np.random.default_rng(2).standard_normal((3, 4))
    e, t = ember.tensor(x), torch.tensor(x)
    e_out, t_out = getattr(EF, name)(e), getattr(TF, name)(t)
    assert e_out is e
    close(e, t)
    close(e_out, t_out)


@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("adaptive", [False, True])
def test_pool_with_indices_names_match_torch(n, adaptive):
    x = np.random.default_rng(n).standard_normal((1, 2, *[6, 5, 4][:n]))
    name = f"{'adaptive_' if adaptive else ''}max_pool{n}d_with_indices"
    arg = 3 if adaptive else 2
    (ev, ei), (tv, ti) = getattr(EF, name)(ember.tensor(x), arg), getattr(TF, name)(torch.tensor(x), arg)
    close(ev, tv)
    np.testing.assert_array_equal(ei.numpy(), ti.numpy())


def test_softmax2d_matches_torch():
    x = np.random.default_rng(4).standard_normal((2, 3, 4, 5))
    close(enn.Softmax2d()(ember.tensor(x)), torch.nn.Softmax2d()(torch.tensor(x)))
    close(enn.Softmax2d()(ember.tensor(x[0])), torch.nn.Softmax2d()(torch.tensor(x[0])))
    with pytest.raises(ValueError, match="Softmax2d: expected input to be 3D or 4D, got 2D instead"):
        enn.Softmax2d()(ember.tensor(x[0, 0]))
