"""ember's main job: train a small CNN (or an MLP) on scikit-learn's handwritten digits.

    python examples/demo_digits.py [--model cnn|mlp] [--epochs 20] [--workers 0]
                                   [--device cpu|cuda] [--out demo_out] [--limit N]

The 1797 real 8x8 images ship inside scikit-learn (no download). The script
splits them into train and test sets, trains with a tqdm progress bar per
epoch, prints the test accuracy and the time per epoch, saves the model's
state_dict, reloads it into a fresh model and checks it scores the same, and
writes a PNG with the loss/accuracy curves and a grid of test digits with
their predictions. It is the code a PyTorch user would write, with `ember`
for `torch` and `ember.data` for `torch.utils.data`.
"""

import argparse
import os
import time

import numpy as np
from _device import add_device_argument, checked_device
from tqdm import tqdm

import ember
import ember.nn as nn
import ember.nn.functional as F
from ember.data import DataLoader, TensorDataset


class CNN(nn.Module):
    """conv 1->16 k3 p1, relu, maxpool 2, conv 16->32 k3 p1, relu, maxpool 2, linear 128->10."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.fc = nn.Linear(32 * 2 * 2, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc(x.flatten(1))


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))


def make_model(kind):
    return CNN() if kind == "cnn" else mlp()


def load_digits(seed, limit=None):
    """(x_train, y_train, x_test, y_test): images scaled to [0, 1] as N x 1 x 8 x 8, a 75/25 split."""
    from sklearn.datasets import load_digits as sk_digits

    digits = sk_digits()
    images = (digits.images / 16.0).astype(np.float32)[:, None]
    labels = digits.target.astype(np.int64)
    order = np.random.default_rng(seed).permutation(len(labels))
    if limit:
        order = order[:limit]
    cut = int(len(order) * 0.75)
    train, test = order[:cut], order[cut:]
    return (ember.from_numpy(images[train]), ember.from_numpy(labels[train]),
            ember.from_numpy(images[test]), ember.from_numpy(labels[test]))  # fmt: skip


@ember.no_grad()
def evaluate(model, loader, device):
    model.eval()
    correct = total = 0
    loss = 0.0
    predictions = []
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        logits = model(x)
        loss += F.cross_entropy(logits, y, reduction="sum").item()
        pred = logits.argmax(1)
        predictions.append(pred)
        correct += int((pred == y).sum().item())
        total += y.shape[0]
    return correct / total, loss / total, ember.cat(predictions)


def train(args):
    ember.manual_seed(args.seed)
    x_train, y_train, x_test, y_test = load_digits(args.seed, args.limit)
    generator = ember.Generator().manual_seed(args.seed)
    train_loader = DataLoader(
        TensorDataset(x_train, y_train), batch_size=64, shuffle=True, num_workers=args.workers, generator=generator
    )
    test_loader = DataLoader(TensorDataset(x_test, y_test), batch_size=256)
    model = make_model(args.model).to(args.device)
    optimizer = ember.optim.Adam(model.parameters(), lr=args.lr)
    history = {"loss": [], "test_loss": [], "test_acc": []}
    epoch_times = []
    for epoch in range(1, args.epochs + 1):
        model.train()
        start = time.perf_counter()
        running, seen = 0.0, 0
        bar = tqdm(train_loader, desc=f"epoch {epoch:2d}/{args.epochs}", leave=False, disable=args.quiet)
        for x, y in bar:
            x, y = x.to(args.device), y.to(args.device)
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
            running += loss.item() * y.shape[0]
            seen += y.shape[0]
            bar.set_postfix(loss=f"{running / seen:.4f}")
        epoch_times.append(time.perf_counter() - start)
        acc, test_loss, _ = evaluate(model, test_loader, args.device)
        history["loss"].append(running / seen)
        history["test_loss"].append(test_loss)
        history["test_acc"].append(acc)
        print(f"epoch {epoch:2d}: train loss {running / seen:.4f}  test loss {test_loss:.4f}  "
              f"test accuracy {acc:.4f}  ({epoch_times[-1]:.2f} s)")  # fmt: skip
    return model, history, epoch_times, (x_test, y_test, test_loader)


def checkpoint_roundtrip(model, args, test_loader):
    """Saves the state_dict, loads it into a fresh model, and scores that one."""
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, f"digits_{args.model}.ember")
    ember.save(model.state_dict(), path)
    fresh = make_model(args.model).to(args.device)
    fresh.load_state_dict(ember.load(path))
    acc, _, predictions = evaluate(fresh, test_loader, args.device)
    return path, acc, predictions


def plot(history, x_test, y_test, predictions, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(12, 5))
    grid = fig.add_gridspec(4, 10)
    ax = fig.add_subplot(grid[:, :4])
    epochs = range(1, len(history["loss"]) + 1)
    ax.plot(epochs, history["loss"], label="train loss")
    ax.plot(epochs, history["test_loss"], label="test loss")
    ax.set_xlabel("epoch")
    ax.set_yscale("log")
    twin = ax.twinx()
    twin.plot(epochs, history["test_acc"], color="tab:green", label="test accuracy")
    twin.set_ylim(0, 1)
    ax.legend(loc="center right")
    twin.legend(loc="lower right")
    ax.set_title("ember: digits")
    images = x_test.numpy()[:, 0]
    truth, pred = y_test.numpy(), predictions.numpy()
    for i in range(min(24, len(truth))):
        cell = fig.add_subplot(grid[i // 6, 4 + i % 6])
        cell.imshow(images[i], cmap="gray_r")
        cell.set_xticks([])
        cell.set_yticks([])
        ok = pred[i] == truth[i]
        cell.set_title(f"{pred[i]}" if ok else f"{pred[i]} ({truth[i]})", color="black" if ok else "red", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", choices=("cnn", "mlp"), default="cnn")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--workers", type=int, default=0, help="DataLoader worker processes")
    add_device_argument(parser)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="demo_out", help="folder for the checkpoint and the figure")
    parser.add_argument("--limit", type=int, default=None, help="use only this many images (quick runs)")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    args = parser.parse_args(argv)
    args.device = checked_device(parser, args.device)

    model, history, epoch_times, (x_test, y_test, test_loader) = train(args)
    path, reloaded_acc, predictions = checkpoint_roundtrip(model, args, test_loader)
    figure = os.path.join(args.out, f"digits_{args.model}.png")
    plot(history, x_test, y_test, predictions, figure)
    final = history["test_acc"][-1]
    print(f"\ntest accuracy {final:.4f} after {args.epochs} epochs ({args.model}); "
          f"{np.mean(epoch_times):.2f} s per epoch")  # fmt: skip
    print(f"checkpoint {path}: reloaded model scores {reloaded_acc:.4f}")
    print(f"figure {figure}")
    if reloaded_acc != final:
        raise SystemExit("the reloaded checkpoint does not score the same as the trained model")
    return final


if __name__ == "__main__":
    main()
