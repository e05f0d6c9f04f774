"""The derivative formulas, one module per area; importing them fills formula.TABLE."""

from ember.autograd.derivatives import (  # noqa: F401
    elementwise,
    factorizations,
    indexing,
    linalg,
    nn,
    random,
    reduce,
    shape,
    sorting,
)
