"""How ember's separately installed sub-packages find, and check, each other."""

import sys

# Sub-package -> the distribution that installs it.
SUBPACKAGES = {
    "autograd": "ember-autograd",
    "nn": "ember-nn",
    "optim": "ember-optim",
    "data": "ember-data",
}


class MissingSubpackageFinder:
    """Last on sys.meta_path: reached only when no installed distribution
    provides an ember sub-package, and says which one to install."""

    @staticmethod
    def find_spec(fullname, path=None, target=None):
        root, _, sub = fullname.partition(".")
        if root == "ember" and sub in SUBPACKAGES:
            dist = SUBPACKAGES[sub]
            raise ModuleNotFoundError(
                f"No module named {fullname!r}: it is provided by the distribution "
                f"{dist!r}, which is not installed. Install it with `pip install {dist}` "
                f"(or `pip install ember-ml` for all of ember).",
                name=fullname,
            )
        return None


def install_missing_finder():
    if not any(isinstance(f, MissingSubpackageFinder) for f in sys.meta_path):
        sys.meta_path.append(MissingSubpackageFinder())


def require_core_version(distribution, version):
    """Raises ImportError unless `distribution` (at `version`) matches the
    installed ember-core: the packages are released and pinned together."""
    from ember import __version__ as core_version

    if version != core_version:
        raise ImportError(
            f"{distribution} {version} requires ember-core {version}, but ember-core "
            f"{core_version} is installed. ember's packages must have the same version: "
            f"`pip install ember-ml=={version}` installs a matching set."
        )
