"""default_collate and default_convert: PyTorch 2.13's structure rules
(checked by hand against it), result dtypes and errors, and collate with a
custom type map."""

import collections
from types import MappingProxyType

import numpy as np
import pytest

import ember
from ember.data import default_collate, default_convert
from ember.data.collate import collate, default_collate_fn_map

Point = collections.namedtuple("Point", "x y")


class Tagged(list):
    """A list subclass: collation keeps its type."""


def test_tensors_stack_along_a_new_first_dim():
    a, b = ember.arange(6).reshape(2, 3), ember.arange(6, 12).reshape(2, 3)
    out = default_collate([a, b])
    assert out.shape == (2, 2, 3) and out.dtype == ember.int64
    assert out.tolist() == [a.tolist(), b.tolist()]
    # 0-d, non-contiguous and empty samples.
    assert default_collate([ember.tensor(1.0), ember.tensor(2.0)]).tolist() == [1.0, 2.0]
    t = ember.arange(6.0).reshape(2, 3).t()
    assert default_collate([t, t]).tolist() == [t.tolist(), t.tolist()]
    assert default_collate([ember.empty(0, 2), ember.empty(0, 2)]).shape == (2, 0, 2)
    with pytest.raises(RuntimeError, match="stack expects each tensor to be equal size"):
        default_collate([ember.zeros(2), ember.zeros(3)])


@pytest.mark.parametrize(
    "batch, dtype, values",
    [
        ([1, 2], ember.int64, [1, 2]),
        ([1.5, 2.0], ember.float64, [1.5, 2.0]),
        ([True, False], ember.bool, [True, False]),
        ([np.float32(1), np.float32(2)], ember.float32, [1.0, 2.0]),
        ([np.float64(1), np.float64(2)], ember.float64, [1.0, 2.0]),
        ([np.int32(3)], ember.int32, [3]),
        ([np.bool_(True)], ember.bool, [True]),
        ([np.array([1, 2], np.int16), np.array([3, 4], np.int16)], ember.int16, [[1, 2], [3, 4]]),
        ([np.array(1.5), np.array(2.0)], ember.float64, [1.5, 2.0]),
    ],
)
def test_numbers_and_arrays(batch, dtype, values):
    out = default_collate(batch)
    assert isinstance(out, ember.Tensor) and out.dtype == dtype and out.tolist() == values


def test_strings_stay_as_they_are():
    assert default_collate(["a", "b"]) == ["a", "b"]
    assert default_collate([b"ab", b"cd"]) == [b"ab", b"cd"]


def test_containers():
    out = default_collate([Point(1, 2.0), Point(3, 4.0)])
    assert type(out) is Point and out.x.tolist() == [1, 3] and out.y.dtype == ember.float64
    # Tuples become lists; strings inside a sequence stay a tuple (zip's).
    out = default_collate([{"a": (1, "s")}, {"a": (2, "t")}])
    assert type(out) is dict and type(out["a"]) is list
    assert out["a"][0].tolist() == [1, 2] and out["a"][1] == ("s", "t")
    assert type(default_collate([(1, 2), (3, 4)])) is list
    lists = default_collate([[1, 2], [3, 4]])
    assert type(lists) is list and [t.tolist() for t in lists] == [[1, 3], [2, 4]]
    tagged = default_collate([Tagged([1, 2]), Tagged([3, 4])])
    assert type(tagged) is Tagged and tagged[1].tolist() == [2, 4]
    ordered = default_collate([collections.OrderedDict(a=1), collections.OrderedDict(a=2)])
    assert type(ordered) is collections.OrderedDict and ordered["a"].tolist() == [1, 2]
    proxy = default_collate([MappingProxyType({"a": 1}), MappingProxyType({"a": 2})])
    assert type(proxy) is MappingProxyType and proxy["a"].tolist() == [1, 2]
    # A sequence type that cannot be rebuilt from a list gives a list.
    ranges = default_collate([range(2), range(2)])
    assert type(ranges) is list and [t.tolist() for t in ranges] == [[0, 0], [1, 1]]


def test_nested_batches():
    batch = [{"img": ember.full((2,), float(i)), "meta": {"id": i, "name": f"n{i}"}} for i in range(3)]
    out = default_collate(batch)
    assert out["img"].shape == (3, 2) and out["meta"]["id"].tolist() == [0, 1, 2]
    assert out["meta"]["name"] == ["n0", "n1", "n2"]


def test_errors():
    msg = "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found {}"
    with pytest.raises(TypeError, match=msg.format("<class 'object'>")):
        default_collate([object()])
    with pytest.raises(TypeError, match=msg.format("<U1")):
        default_collate([np.array(["a"])])
    with pytest.raises(TypeError, match=msg.format("object")):
        default_collate([np.array([None])])
    with pytest.raises(RuntimeError, match="each element in list of batch should be of equal size"):
        default_collate([[1, 2], [3]])


def test_default_convert():
    out = default_convert((np.array([1]), "a", 3))
    assert type(out) is list and out[0].tolist() == [1] and out[1:] == ["a", 3]
    p = default_convert(Point(np.array(1), 2))
    assert type(p) is Point and isinstance(p.x, ember.Tensor) and p.y == 2
    d = default_convert({"k": np.float32(2)})
    assert d["k"].dtype == ember.float32 and d["k"].item() == 2.0
    strings = np.array(["a"])
    assert default_convert(strings) is strings
    assert type(default_convert(np.str_("x"))) is np.str_
    t = ember.ones(2)
    assert default_convert(t) is t and default_convert("s") == "s"
    assert type(default_convert(Tagged([np.int64(1)]))) is Tagged


def test_custom_collate_map():
    class Box:
        def __init__(self, v):
            self.v = v

    def collate_box(batch, *, collate_fn_map=None):
        return sum(b.v for b in batch)

    out = collate([(Box(1), 2), (Box(3), 4)], collate_fn_map={Box: collate_box, **default_collate_fn_map})
    assert out[0] == 4 and out[1].tolist() == [2, 4]
