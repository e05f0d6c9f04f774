"""ember.data: datasets, samplers, collation and a DataLoader with worker processes."""

from ember._packages import require_core_version

__version__ = "0.1.0"
require_core_version("ember-data", __version__)
