"""The two-layer network with autograd computing the backward pass.

python examples/two_layer_autograd.py [--steps 500] [--device cpu|cuda]
"""

import argparse

from _device import add_device_argument, checked_device

import ember


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=500)
    add_device_argument(parser)
    args = parser.parse_args(argv)
    device = checked_device(parser, args.device)
    gen = ember.Generator().manual_seed(0)
    n, d_in, hidden, d_out = 64, 1000, 100, 10
    x = ember.randn(n, d_in, generator=gen).to(device)
    y = ember.randn(n, d_out, generator=gen).to(device)
    w1 = (ember.randn(d_in, hidden, generator=gen).to(device) * 0.01).requires_grad_()
    w2 = (ember.randn(hidden, d_out, generator=gen).to(device) * 0.01).requires_grad_()
    lr = 1e-3
    for step in range(args.steps):
        loss = ((x @ w1).relu() @ w2 - y).square().sum()
        if step % 100 == 0 or step == args.steps - 1:
            print(f"step {step:4d}  loss {loss.item():.4f}")
        loss.backward()
        with ember.no_grad():
            w1 -= lr * w1.grad
            w2 -= lr * w2.grad
            w1.grad = None
            w2.grad = None
    return loss.item()


if __name__ == "__main__":
    main()
