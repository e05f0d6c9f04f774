"""ember's sub-packages are separate distributions: installed ones import,
missing ones explain which distribution to install, versions must match."""

import importlib
import os
import sys

import pytest

import ember
from ember import _packages

SUBPACKAGES = {"autograd": "ember-autograd", "nn": "ember-nn", "optim": "ember-optim", "data": "ember-data"}


def test_subpackage_table():
    assert _packages.SUBPACKAGES == SUBPACKAGES


@pytest.mark.parametrize("sub", sorted(SUBPACKAGES))
def test_installed_subpackages_import(sub):
    module = importlib.import_module(f"ember.{sub}")
    assert module.__name__ == f"ember.{sub}"
    assert module.__version__ == ember.__version__
    # Attribute access without an import statement reaches the same module.
    assert getattr(ember, sub) is module


def test_unknown_attribute_raises_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        ember.nope  # noqa: B018


def test_missing_finder_is_installed_last():
    finders = [f for f in sys.meta_path if isinstance(f, _packages.MissingSubpackageFinder)]
    assert len(finders) == 1
    assert isinstance(sys.meta_path[-1], _packages.MissingSubpackageFinder)
    _packages.install_missing_finder()  # idempotent
    assert sum(isinstance(f, _packages.MissingSubpackageFinder) for f in sys.meta_path) == 1


@pytest.mark.parametrize("sub, dist", sorted(SUBPACKAGES.items()))
def test_finder_names_the_distribution(sub, dist):
    with pytest.raises(ModuleNotFoundError) as info:
        _packages.MissingSubpackageFinder.find_spec(f"ember.{sub}")
    message = str(info.value)
    assert f"pip install {dist}" in message
    assert "pip install ember-ml" in message
    assert info.value.name == f"ember.{sub}"


@pytest.mark.parametrize("name", ["ember", "ember.foo", "ember.nn.layers", "numpy", "torch.nn", "embers.nn"])
def test_finder_ignores_other_modules(name):
    assert _packages.MissingSubpackageFinder.find_spec(name) is None


@pytest.fixture
def without_nn(monkeypatch):
    """Makes ember.nn look uninstalled: drops it from ember's namespace path
    and from the import caches, all restored afterwards."""
    path = [p for p in ember.__path__ if not os.path.isdir(os.path.join(p, "nn"))]
    monkeypatch.setattr(ember, "__path__", path)
    for name in [m for m in sys.modules if m == "ember.nn" or m.startswith("ember.nn.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.delattr(ember, "nn", raising=False)
    importlib.invalidate_caches()


def test_import_of_missing_subpackage_says_what_to_install(without_nn):
    with pytest.raises(ModuleNotFoundError, match="pip install ember-nn") as info:
        import ember.nn  # noqa: F401
    assert info.value.name == "ember.nn"
    with pytest.raises(ModuleNotFoundError, match="pip install ember-nn"):
        importlib.import_module("ember.nn")


def test_attribute_access_of_missing_subpackage_says_what_to_install(without_nn):
    with pytest.raises(ModuleNotFoundError, match="pip install ember-nn"):
        ember.nn  # noqa: B018
    # Other sub-packages are unaffected.
    assert importlib.import_module("ember.optim").__name__ == "ember.optim"


def test_require_core_version_accepts_the_same_version():
    assert _packages.require_core_version("ember-nn", ember.__version__) is None


@pytest.mark.parametrize("version", ["9.9.9", "0.0.1", ember.__version__ + ".post1"])
def test_require_core_version_mismatch_names_both_versions(version):
    with pytest.raises(ImportError) as info:
        _packages.require_core_version("ember-nn", version)
    message = str(info.value)
    assert "ember-nn" in message
    assert version in message
    assert ember.__version__ in message
    assert f"pip install ember-ml=={version}" in message
