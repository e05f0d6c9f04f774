"""ember.optim: optimizers and learning-rate schedulers (PyTorch's torch.optim).

`swa_utils` (stochastic weight averaging: AveragedModel, SWALR, update_bn)
needs ember-nn and is imported on first use. `SparseAdam` exists only to
raise: ember has no sparse tensors, so there are no sparse gradients.
"""

from ember._packages import require_core_version

__version__ = "0.1.0"
require_core_version("ember-optim", __version__)

from . import lr_scheduler  # noqa: E402
from .adadelta import Adadelta  # noqa: E402
from .adagrad import Adagrad  # noqa: E402
from .adam import Adam, AdamW  # noqa: E402
from .adamax import Adamax  # noqa: E402
from .asgd import ASGD  # noqa: E402
from .lbfgs import LBFGS  # noqa: E402
from .nadam import NAdam  # noqa: E402
from .optimizer import Optimizer  # noqa: E402
from .radam import RAdam  # noqa: E402
from .rmsprop import RMSprop  # noqa: E402
from .rprop import Rprop  # noqa: E402
from .sgd import SGD  # noqa: E402
from .sparse_adam import SparseAdam  # noqa: E402

__all__ = [
    "ASGD",
    "LBFGS",
    "SGD",
    "SparseAdam",
    "Adadelta",
    "Adagrad",
    "Adam",
    "AdamW",
    "Adamax",
    "NAdam",
    "Optimizer",
    "RAdam",
    "RMSprop",
    "Rprop",
    "lr_scheduler",
]


def __getattr__(name):
    # swa_utils builds on ember.nn (a separate distribution): import it on first use
    if name == "swa_utils":
        import importlib

        return importlib.import_module(".swa_utils", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
