"""DataLoader: batches from a dataset through a sampler and collate_fn,
in this process (num_workers=0) or in worker processes."""

import math
import multiprocessing
import warnings
import weakref

import ember

from . import pin_memory as _pin
from .collate import default_collate, default_convert
from .dataset import IterableDataset
from .fetch import make_fetcher
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler


class _InfiniteConstantSampler(Sampler):
    """An IterableDataset's "indices": None forever; batching counts them."""

    def __iter__(self):
        while True:
            yield None


def _context(multiprocessing_context, num_workers):
    """multiprocessing_context as given (a start method name or a context)
    checked like PyTorch does; None means the platform's default."""
    if multiprocessing_context is None:
        return None
    if num_workers == 0:
        raise ValueError(
            "multiprocessing_context can only be used with multi-process loading (num_workers > 0), "
            f"but got num_workers={num_workers}"
        )
    if isinstance(multiprocessing_context, str):
        methods = multiprocessing.get_all_start_methods()
        if multiprocessing_context not in methods:
            raise ValueError(
                f"multiprocessing_context option should specify a valid start method in {methods!r}, "
                f"but got multiprocessing_context={multiprocessing_context!r}"
            )
        return multiprocessing.get_context(multiprocessing_context)
    if not isinstance(multiprocessing_context, multiprocessing.context.BaseContext):
        raise TypeError(
            "multiprocessing_context option should be a valid context object or a string specifying "
            f"the start method, but got multiprocessing_context={multiprocessing_context}"
        )
    return multiprocessing_context


class DataLoader:
    """Iterates over `dataset` in batches: PyTorch's torch.utils.data.DataLoader.

    Worker processes (num_workers > 0) each hold a copy of the dataset; a
    worker that raises re-raises here with its traceback, a worker that dies
    or a timeout raises RuntimeError, and workers stop when the iteration
    ends, breaks, or is interrupted.

    Example:

    >>> from ember.data import DataLoader, TensorDataset
    >>> ds = TensorDataset(ember.arange(5.0), ember.tensor([0, 1, 0, 1, 0]))
    >>> for x, y in DataLoader(ds, batch_size=2):
    ...     print(x, y)
    tensor([0., 1.]) tensor([0, 1])
    tensor([2., 3.]) tensor([0, 1])
    tensor([4.]) tensor([0])
    """

    _FROZEN = ("batch_size", "batch_sampler", "sampler", "drop_last", "dataset", "persistent_workers")
    _initialized = False

    def __init__(
        self,
        dataset,
        batch_size=1,
        shuffle=None,
        sampler=None,
        batch_sampler=None,
        num_workers=0,
        collate_fn=None,
        pin_memory=False,
        drop_last=False,
        timeout=0,
        worker_init_fn=None,
        multiprocessing_context=None,
        generator=None,
        *,
        prefetch_factor=None,
        persistent_workers=False,
        pin_memory_device="",
        in_order=True,
    ):
        if num_workers < 0:
            raise ValueError("num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.")
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError(
                "prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 to enable "
                "multiprocessing, otherwise set prefetch_factor to None."
            )
        if num_workers > 0 and prefetch_factor is None:
            prefetch_factor = 2
        elif prefetch_factor is not None and prefetch_factor < 0:
            raise ValueError("prefetch_factor option should be non-negative")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")

        self._iterable = isinstance(dataset, IterableDataset)
        if self._iterable:
            if shuffle not in {False, None}:
                raise ValueError(
                    f"DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle={shuffle}"
                )
            if sampler is not None:
                raise ValueError(
                    f"DataLoader with IterableDataset: expected unspecified sampler option, but got sampler={sampler}"
                )
            if batch_sampler is not None:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified batch_sampler option, "
                    f"but got batch_sampler={batch_sampler}"
                )
        shuffle = bool(shuffle)
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError(
                    "batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last"
                )
            batch_size, drop_last = None, False
        elif batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually exclusive with drop_last")

        if sampler is None:
            if self._iterable:
                sampler = _InfiniteConstantSampler()
            elif shuffle:
                sampler = RandomSampler(dataset, generator=generator)
            else:
                sampler = SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)

        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = prefetch_factor
        self.pin_memory = pin_memory
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = _context(multiprocessing_context, num_workers)
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.generator = generator
        self.collate_fn = collate_fn or (default_collate if batch_sampler is not None else default_convert)
        self.persistent_workers = persistent_workers
        self.in_order = in_order
        self._iterator = None
        self._iterable_len = None
        self._initialized = True

    def __setattr__(self, attr, val):
        if self._initialized and attr in self._FROZEN:
            raise ValueError(f"{attr} attribute should not be set after {self.__class__.__name__} is initialized")
        super().__setattr__(attr, val)

    @property
    def _auto_collation(self):
        return self.batch_sampler is not None

    @property
    def _index_sampler(self):
        return self.batch_sampler if self._auto_collation else self.sampler

    def __iter__(self):
        if self.num_workers == 0:
            return _SingleProcessIter(self)
        from .multiprocess import MultiProcessIter

        if not self.persistent_workers:
            return MultiProcessIter(self)
        if self._iterator is None:
            self._iterator = MultiProcessIter(self)
        else:
            self._iterator.reset(self)
        return self._iterator

    def __len__(self):
        if not self._iterable:
            return len(self._index_sampler)
        length = len(self.dataset)  # a TypeError when the stream has no length
        self._iterable_len = length  # iterators warn when the stream turns out longer
        if self.batch_size is not None:
            length = length // self.batch_size if self.drop_last else math.ceil(length / self.batch_size)
        return length


class BaseIter:
    """What both iterators share: options read from the loader, len, pinning."""

    def __init__(self, loader):
        # Weak: a persistent loader holds its iterator, and a cycle would leave
        # the workers' shutdown to the garbage collector.
        self._loader = weakref.ref(loader)
        self._yielded = 0
        self._dataset = loader.dataset
        self._iterable = loader._iterable
        self._auto_collation = loader._auto_collation
        self._collate_fn = loader.collate_fn
        self._drop_last = loader.drop_last
        # Drawn with or without workers, so a seeded generator gives the same
        # shuffle whatever num_workers is.
        self._base_seed = base_seed(loader.generator)
        self._pin = loader.pin_memory and _pin.available()
        # Without a device PyTorch warns (once, by the warnings filter) and loads unpinned.
        if loader.pin_memory and not self._pin:
            warnings.warn(
                "'pin_memory' argument is set as true but no accelerator is found, "
                "then device pinned memory won't be used.",
                stacklevel=3,
            )
        self._pin_device = _pin.device_index(loader.pin_memory_device) if self._pin else None

    def _finish(self, data):
        return _pin.pin_on(data, self._pin_device) if self._pin else data

    def __iter__(self):
        return self

    def __next__(self):
        data = self._next_data()
        self._yielded += 1
        reported = self._loader()._iterable_len if self._iterable and self._loader() is not None else None
        if reported is not None and self._yielded > reported:
            msg = (
                f"Length of IterableDataset {self._dataset} was reported to be {reported}"
                f"(when accessing len(dataloader)), but {self._yielded} samples have been fetched. "
            )
            if self._loader().num_workers > 0:
                msg += (
                    "For multiprocessing data-loading, this could be caused by not properly configuring the "
                    "IterableDataset replica at each worker. Please see "
                    "https://pytorch.org/docs/stable/data.html#torch.utils.data.IterableDataset for examples."
                )
            warnings.warn(msg, stacklevel=2)
        return data

    def __len__(self):
        return len(self._loader())

    def __getstate__(self):
        raise NotImplementedError(f"{self.__class__.__name__} cannot be pickled")


def base_seed(generator):
    """A fresh 63-bit seed from generator (or the global RNG) for one
    epoch's workers."""
    return int(ember.empty((), dtype=ember.int64).random_(generator=generator).item())


class _SingleProcessIter(BaseIter):
    def __init__(self, loader):
        super().__init__(loader)
        if loader.timeout != 0:
            raise AssertionError(
                f"DataLoader: timeout={loader.timeout} needs worker processes (num_workers > 0); "
                "with num_workers=0 the timeout must be 0"
            )
        self._sampler_iter = iter(loader._index_sampler)
        self._fetcher = make_fetcher(
            self._dataset, self._iterable, self._auto_collation, self._collate_fn, self._drop_last
        )

    def _next_data(self):
        index = next(self._sampler_iter)
        return self._finish(self._fetcher.fetch(index))  # StopIteration ends an IterableDataset
