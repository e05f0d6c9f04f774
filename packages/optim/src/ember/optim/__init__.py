"""ember.optim: optimizers and learning-rate schedulers."""

from ember._packages import require_core_version

__version__ = "0.1.0"
require_core_version("ember-optim", __version__)
