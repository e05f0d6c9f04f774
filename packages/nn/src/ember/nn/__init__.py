"""ember.nn: neural-network modules, layers, functional ops, initialisers and losses."""

from ember._packages import require_core_version

__version__ = "0.1.0"
require_core_version("ember-nn", __version__)
