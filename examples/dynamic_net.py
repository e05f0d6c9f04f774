"""A network whose depth changes on every forward pass: define-by-run in action.

Each forward pass draws how many times (0 to 3) to apply one shared middle
layer, so the graph autograd records differs from step to step while the
parameters stay the same. The middle layer's gradient sums over every use.

    python examples/dynamic_net.py [--steps 500] [--device cpu|cuda]
"""

import argparse

from _device import add_device_argument, checked_device

import ember
import ember.nn as nn


class DynamicNet(nn.Module):
    def __init__(self, d_in, hidden, d_out, generator, max_repeats=3):
        super().__init__()
        self.input = nn.Linear(d_in, hidden)
        self.middle = nn.Linear(hidden, hidden)
        self.output = nn.Linear(hidden, d_out)
        self.generator = generator
        self.max_repeats = max_repeats
        self.depths = []  # the number of middle-layer uses of each forward pass, for the printout

    def forward(self, x):
        repeats = int(ember.randint(0, self.max_repeats + 1, (1,), generator=self.generator).item())
        self.depths.append(repeats)
        h = self.input(x).relu()
        for _ in range(repeats):  # plain Python control flow decides the graph
            h = self.middle(h).relu()
        return self.output(h)


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
    model = DynamicNet(d_in, hidden, d_out, generator=ember.Generator().manual_seed(1)).to(device)
    loss_fn = nn.MSELoss(reduction="sum")
    optimizer = ember.optim.SGD(model.parameters(), lr=1e-4, momentum=0.9)
    for step in range(args.steps):
        loss = loss_fn(model(x), y)
        if step % 100 == 0 or step == args.steps - 1:
            print(f"step {step:4d}  depth {model.depths[-1] + 2}  loss {loss.item():.4f}")
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    counts = [model.depths.count(r) for r in range(model.max_repeats + 1)]
    print("forward passes by middle-layer uses (0..3):", counts)
    return loss.item()


if __name__ == "__main__":
    main()
