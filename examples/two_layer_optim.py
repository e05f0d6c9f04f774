"""The two-layer network with ember.optim doing the update: zero_grad, backward, step.

python examples/two_layer_optim.py [--steps 500] [--device cpu|cuda]
"""

import argparse

from _device import add_device_argument, checked_device

import ember
import ember.nn as nn


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=500)
    parser.add_argument("--lr", type=float, default=1e-3)
    add_device_argument(parser)
    args = parser.parse_args(argv)
    device = checked_device(parser, args.device)
    ember.manual_seed(0)
    gen = ember.Generator().manual_seed(0)
    n, d_in, hidden, d_out = 64, 1000, 100, 10
    x = ember.randn(n, d_in, generator=gen).to(device)
    y = ember.randn(n, d_out, generator=gen).to(device)
    model = nn.Sequential(nn.Linear(d_in, hidden), nn.ReLU(), nn.Linear(hidden, d_out)).to(device)
    loss_fn = nn.MSELoss(reduction="sum")
    optimizer = ember.optim.Adam(model.parameters(), lr=args.lr)
    for step in range(args.steps):
        loss = loss_fn(model(x), y)
        if step % 100 == 0 or step == args.steps - 1:
            print(f"step {step:4d}  loss {loss.item():.4f}")
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return loss.item()


if __name__ == "__main__":
    main()
