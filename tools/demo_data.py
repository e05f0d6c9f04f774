"""ember.data at work: a DataLoader with worker processes behind a tqdm
progress bar (it has a len, so the bar knows its total).

    python tools/demo_data.py [--workers 2] [--epochs 2]

Each sample takes 1 ms to "load" (a sleep standing in for disk or decoding)
and is then augmented with ember ops and NumPy noise inside the worker.
Needs tqdm (`pip install tqdm`).
"""

import argparse
import time

import numpy as np
from tqdm import tqdm

import ember
from ember.data import DataLoader, Dataset


class Images(Dataset):
    """2048 noisy 28x28 images of their label."""

    def __len__(self):
        return 2048

    def __getitem__(self, i):
        time.sleep(0.001)
        image = ember.full((28, 28), float(i % 10)) / 10.0
        # NumPy's global RNG: seeded differently in every worker and epoch.
        noise = ember.from_numpy(np.random.standard_normal((28, 28)).astype(np.float32))
        return image + 0.1 * noise, i % 10


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()

    ember.manual_seed(0)
    loader = DataLoader(
        Images(), batch_size=64, shuffle=True, num_workers=args.workers, persistent_workers=args.workers > 0
    )
    for epoch in range(args.epochs):
        total = 0.0
        for images, labels in tqdm(loader, desc=f"epoch {epoch}", unit="batch"):
            total += float(images.mean().item()) * labels.shape[0]
        print(f"epoch {epoch}: mean pixel {total / len(loader.dataset):.4f}")


if __name__ == "__main__":
    main()
