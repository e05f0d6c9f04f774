"""A small character-level Transformer language model, trained on a paragraph shipped with ember.

The text is the opening of Moby-Dick (examples/data/moby_dick_opening.txt,
public domain). The model embeds characters and positions, runs them through
nn.TransformerEncoder with a causal mask (each position sees only the ones
before it) and predicts the next character. After training it writes a sample,
one character at a time, starting from a prompt.

    python examples/transformer_lm.py [--steps 300] [--sample-len 200] [--device cpu|cuda]
"""

import argparse
from pathlib import Path

from _device import add_device_argument, checked_device

import ember
import ember.nn as nn
import ember.nn.functional as F

TEXT = Path(__file__).resolve().parent / "data" / "moby_dick_opening.txt"


def read_text(path=TEXT):
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("#"))


class CharTransformer(nn.Module):
    def __init__(self, vocab, block, d_model=64, nhead=4, layers=2):
        super().__init__()
        self.block = block
        self.tokens = nn.Embedding(vocab, d_model)
        self.positions = nn.Embedding(block, d_model)
        layer = nn.TransformerEncoderLayer(
            d_model, nhead, dim_feedforward=4 * d_model, dropout=0.0, batch_first=True, norm_first=True
        )
        self.encoder = nn.TransformerEncoder(layer, num_layers=layers)
        self.norm = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, vocab)

    def forward(self, idx):
        """idx: batch x T character indices (T <= block) -> batch x T x vocab next-character logits."""
        t = idx.shape[1]
        pos = ember.arange(t, device=idx.device)
        h = self.tokens(idx) + self.positions(pos)
        mask = nn.Transformer.generate_square_subsequent_mask(t, device=idx.device)
        h = self.encoder(h, mask=mask, is_causal=True)
        return self.head(self.norm(h))

    @ember.no_grad()
    def generate(self, idx, length, generator, temperature=0.8):
        """Appends `length` sampled characters to idx (1 x T), each conditioned on the last `block` ones."""
        for _ in range(length):
            logits = self(idx[:, -self.block :])[:, -1] / temperature
            nxt = ember.multinomial(F.softmax(logits, dim=-1).cpu(), 1, generator=generator)
            idx = ember.cat([idx, nxt.to(idx.device)], dim=1)
        return idx


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--block", type=int, default=32, help="context length in characters")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--d-model", type=int, default=64, help="embedding width")
    parser.add_argument("--layers", type=int, default=2, help="Transformer encoder layers")
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--sample-len", type=int, default=200, help="characters to generate at the end")
    parser.add_argument("--prompt", default="Call me ")
    add_device_argument(parser)
    args = parser.parse_args(argv)
    device = checked_device(parser, args.device)
    ember.manual_seed(0)
    gen = ember.Generator().manual_seed(0)

    text = read_text()
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    data = ember.tensor([index[c] for c in text], dtype=ember.int64)
    print(f"{len(text)} characters, vocabulary of {len(chars)}")

    model = CharTransformer(len(chars), args.block, d_model=args.d_model, layers=args.layers).to(device)
    optimizer = ember.optim.AdamW(model.parameters(), lr=args.lr)
    for step in range(args.steps):
        # A batch of random windows; the target is the window shifted by one character.
        starts = ember.randint(0, len(text) - args.block, (args.batch, 1), generator=gen)
        windows = data[starts + ember.arange(args.block + 1)].to(device)
        logits = model(windows[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, len(chars)), windows[:, 1:].reshape(-1))
        if step % 50 == 0 or step == args.steps - 1:
            print(f"step {step:4d}  loss {loss.item():.4f}")
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()

    model.eval()
    prompt = ember.tensor([[index[c] for c in args.prompt if c in index]], dtype=ember.int64, device=device)
    sample = model.generate(prompt, args.sample_len, gen)
    print("sample:", "".join(chars[i] for i in sample[0].tolist()))
    return loss.item()


if __name__ == "__main__":
    main()
