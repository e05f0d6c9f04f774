"""ember.data: datasets, samplers, collation and a DataLoader with worker
processes: PyTorch's torch.utils.data, with the same names and behaviour."""

from ember._packages import require_core_version

__version__ = "0.1.0"
require_core_version("ember-data", __version__)

from .collate import default_collate, default_convert  # noqa: E402
from .dataloader import DataLoader  # noqa: E402
from .dataset import (  # noqa: E402
    ChainDataset,
    ConcatDataset,
    Dataset,
    IterableDataset,
    StackDataset,
    Subset,
    TensorDataset,
    random_split,
)
from .distributed import DistributedSampler  # noqa: E402
from .sampler import (  # noqa: E402
    BatchSampler,
    RandomSampler,
    Sampler,
    SequentialSampler,
    SubsetRandomSampler,
    WeightedRandomSampler,
)
from .worker import WorkerInfo, get_worker_info  # noqa: E402

__all__ = [
    "BatchSampler",
    "ChainDataset",
    "ConcatDataset",
    "DataLoader",
    "Dataset",
    "DistributedSampler",
    "IterableDataset",
    "RandomSampler",
    "Sampler",
    "SequentialSampler",
    "StackDataset",
    "Subset",
    "SubsetRandomSampler",
    "TensorDataset",
    "WeightedRandomSampler",
    "WorkerInfo",
    "default_collate",
    "default_convert",
    "get_worker_info",
    "random_split",
]
