"""The two-layer network with ember tensors and the backward still written by hand.

python examples/two_layer_tensors.py [--steps 500] [--device cpu|cuda]
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
    w1 = ember.randn(d_in, hidden, generator=gen).to(device) * 0.01
    w2 = ember.randn(hidden, d_out, generator=gen).to(device) * 0.01
    lr = 1e-3
    for step in range(args.steps):
        h = x @ w1
        h_relu = h.clamp_min(0)
        y_pred = h_relu @ w2
        loss = (y_pred - y).square().sum().item()
        if step % 100 == 0 or step == args.steps - 1:
            print(f"step {step:4d}  loss {loss:.4f}")
        grad_y_pred = 2.0 * (y_pred - y)
        grad_w2 = h_relu.t() @ grad_y_pred
        grad_h = (grad_y_pred @ w2.t()).masked_fill(h < 0, 0)
        grad_w1 = x.t() @ grad_h
        w1 -= lr * grad_w1
        w2 -= lr * grad_w2
    return loss


if __name__ == "__main__":
    main()
