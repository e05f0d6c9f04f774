"""The derivative formulas, one module per area; importing them fills formula.TABLE."""

from ember.autograd.derivatives import elementwise, indexing, linalg, nn, random, reduce, shape, sorting  # noqa: F401
