"""A two-layer network fitted to random data with NumPy alone: forward and backward by hand.

The first step of the classic progression; the next scripts replace NumPy with
ember tensors, then the hand-written backward with autograd, and so on.

    python examples/two_layer_numpy.py [--steps 500]
"""

import argparse

import numpy as np


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=500)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(0)
    n, d_in, hidden, d_out = 64, 1000, 100, 10
    x = rng.standard_normal((n, d_in))
    y = rng.standard_normal((n, d_out))
    w1 = rng.standard_normal((d_in, hidden)) * 0.01
    w2 = rng.standard_normal((hidden, d_out)) * 0.01
    lr = 1e-3
    for step in range(args.steps):
        h = x @ w1
        h_relu = np.maximum(h, 0)
        y_pred = h_relu @ w2
        loss = np.square(y_pred - y).sum()
        if step % 100 == 0 or step == args.steps - 1:
            print(f"step {step:4d}  loss {loss:.4f}")
        grad_y_pred = 2.0 * (y_pred - y)
        grad_w2 = h_relu.T @ grad_y_pred
        grad_h = grad_y_pred @ w2.T
        grad_h[h < 0] = 0
        grad_w1 = x.T @ grad_h
        w1 -= lr * grad_w1
        w2 -= lr * grad_w2
    return loss


if __name__ == "__main__":
    main()
