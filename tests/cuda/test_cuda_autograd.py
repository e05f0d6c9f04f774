"""Gradients and a training step on the device equal the CPU's."""

import pytest

import ember

pytestmark = pytest.mark.cuda


def test_moving_records_and_the_gradient_moves_back():
    x = ember.randn(3, 4, requires_grad=True)
    y = (x.cuda() * 2).relu().sum()
    assert y.is_cuda and y.grad_fn is not None
    y.backward()
    assert x.grad.device.type == "cpu"
    assert ember.equal(x.grad, ((x.detach() > 0).to(ember.float32) * 2))
    d = ember.randn(5, device="cuda", requires_grad=True)
    d.cpu().pow(2).sum().backward()
    assert d.grad.is_cuda and ember.allclose(d.grad.cpu(), 2 * d.detach().cpu())


def test_backward_of_common_ops_matches_cpu():
    import ember.nn as nn

    g = ember.Generator().manual_seed(0)
    a0, b0 = ember.randn(6, 5, generator=g), ember.randn(5, 4, generator=g)
    target = ember.tensor([0, 3, 1, 2, 2, 0])

    def run(device):
        a = a0.to(device).requires_grad_()
        b = b0.to(device).requires_grad_()
        h = (a @ b).tanh() * ember.sigmoid(a.sum(1, keepdim=True))
        logits = h - h.amax(1, keepdim=True)
        loss = nn.functional.cross_entropy(logits, target.to(device))
        loss.backward()
        return loss.item(), a.grad.cpu(), b.grad.cpu()

    (lc, ac, bc), (lg, ag, bg) = run("cpu"), run("cuda")
    assert abs(lc - lg) < 1e-5
    assert ember.allclose(ac, ag, rtol=1e-4, atol=1e-5) and ember.allclose(bc, bg, rtol=1e-4, atol=1e-5)


def test_an_mlp_trains_the_same_on_both_devices():
    import ember.nn as nn
    import ember.optim as optim

    def train(device):
        ember.manual_seed(0)
        model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3)).to(device)
        opt = optim.Adam(model.parameters(), lr=1e-2)
        g = ember.Generator().manual_seed(1)
        x = ember.randn(32, 8, generator=g).to(device)
        y = ember.randint(0, 3, (32,), generator=g).to(device)
        losses = []
        for _ in range(5):
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            losses.append(loss.item())
        return losses, [p.detach().cpu() for p in model.parameters()]

    (lc, pc), (lg, pg) = train("cpu"), train("cuda")
    assert all(abs(a - b) < 1e-4 for a, b in zip(lc, lg, strict=True))
    assert all(ember.allclose(a, b, rtol=1e-3, atol=1e-4) for a, b in zip(pc, pg, strict=True))
    assert lg[-1] < lg[0]
