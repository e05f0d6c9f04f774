"""The two-layer network as a custom nn.Module: layers made in __init__, the computation in forward.

python examples/two_layer_custom_module.py [--steps 500] [--device cpu|cuda]
"""

import argparse

from _device import add_device_argument, checked_device

import ember
import ember.nn as nn


class TwoLayerNet(nn.Module):
    def __init__(self, d_in, hidden, d_out):
        super().__init__()
        # Assigning a Module to an attribute registers its parameters with this one.
        self.linear1 = nn.Linear(d_in, hidden)
        self.linear2 = nn.Linear(hidden, d_out)

    def forward(self, x):
        return self.linear2(self.linear1(x).clamp(min=0))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=500)
    add_device_argument(parser)
    args = parser.parse_args(argv)
    device = checked_device(parser, args.device)
    ember.manual_seed(0)
    gen = ember.Generator().manual_seed(0)
    n, d_in, hidden, d_out = 64, 1000, 100, 10
    x = ember.randn(n, d_in, generator=gen).to(device)
    y = ember.randn(n, d_out, generator=gen).to(device)
    model = TwoLayerNet(d_in, hidden, d_out).to(device)
    loss_fn = nn.MSELoss(reduction="sum")
    optimizer = ember.optim.SGD(model.parameters(), lr=1e-4, momentum=0.9)
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
