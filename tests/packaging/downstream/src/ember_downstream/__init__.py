"""A tiny library on top of ember-core: normalises the rows of a matrix."""

import ember


def gram(rows):
    """The Gram matrix X @ X.T of a list of rows, as an ember tensor."""
    x = ember.tensor(rows, dtype=ember.float64)
    return ember.matmul(x, x.t())
