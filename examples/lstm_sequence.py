"""An LSTM that reads a noisy sine wave and predicts its next clean value at every step.

Each batch holds fresh waves with random frequency and phase, so the model has
to infer the frequency from what it has read so far and filter out the noise.
For scale the script prints the loss of the naive forecast "the next value is
the last one read", which the LSTM should beat within a few hundred steps.

    python examples/lstm_sequence.py [--steps 300] [--seq-len 40] [--device cpu|cuda]
"""

import argparse
import math

from _device import add_device_argument, checked_device

import ember
import ember.nn as nn
import ember.nn.functional as F


def noisy_waves(batch, seq_len, generator, noise=0.1):
    """(inputs, targets), each batch x seq_len x 1: noisy samples read, and the clean sample one step later."""
    freq = 0.1 + 0.3 * ember.rand(batch, 1, generator=generator)
    phase = 2 * math.pi * ember.rand(batch, 1, generator=generator)
    t = ember.arange(seq_len + 1, dtype=ember.float32)
    clean = ember.sin(freq * t + phase)
    noisy = clean + noise * ember.randn(batch, seq_len + 1, generator=generator)
    return noisy[:, :-1, None], clean[:, 1:, None]


class NextValue(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.lstm = nn.LSTM(input_size=1, hidden_size=hidden, batch_first=True)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.lstm(x)  # out: batch x seq_len x hidden, the state after each step
        return self.head(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--seq-len", type=int, default=40)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-2)
    add_device_argument(parser)
    args = parser.parse_args(argv)
    device = checked_device(parser, args.device)
    ember.manual_seed(0)
    gen = ember.Generator().manual_seed(0)
    model = NextValue(args.hidden).to(device)
    optimizer = ember.optim.Adam(model.parameters(), lr=args.lr)
    x, y = noisy_waves(256, args.seq_len, gen)
    print(f"repeat-the-last-value forecast: loss {F.mse_loss(x, y).item():.4f}")
    for step in range(args.steps):
        x, y = noisy_waves(args.batch, args.seq_len, gen)
        loss = F.mse_loss(model(x.to(device)), y.to(device))
        if step % 50 == 0 or step == args.steps - 1:
            print(f"step {step:4d}  loss {loss.item():.4f}")
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return loss.item()


if __name__ == "__main__":
    main()
