"""ember.optim: optimizers and learning-rate schedulers."""

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

__all__ = [
    "ASGD",
    "LBFGS",
    "SGD",
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
