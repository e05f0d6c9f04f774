"""ember.strided and the memory formats: the names PyTorch code passes as
layout= and memory_format=. ember has one layout (dense, strided) and keeps
each result's stride order unless asked for a contiguous one."""


class layout:
    """How a tensor's elements are laid out; ember has only ember.strided (dense, with strides).

    >>> ember.ones(2).layout
    ember.strided
    """

    __slots__ = ("_name",)

    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return f"ember.{self._name}"

    def __reduce__(self):
        return self._name  # pickles as the module-level singleton


class memory_format:
    """The stride order a copy gets: ember.preserve_format (the input's) or ember.contiguous_format.

    >>> ember.ones(2, 3).t().double(memory_format=ember.contiguous_format).is_contiguous()
    True
    """

    __slots__ = ("_name",)

    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return f"ember.{self._name}"

    def __reduce__(self):
        return self._name


strided = layout("strided")
preserve_format = memory_format("preserve_format")
contiguous_format = memory_format("contiguous_format")
