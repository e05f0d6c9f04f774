"""Run inside a venv made by `nox -s packaging`: checks that what is
installed works and that what is missing fails with the right advice.

usage: check_install.py {core|autograd|nn|optim|data|all} [--downstream]
"""

import importlib
import sys

DEPENDS = {  # what each distribution brings besides itself
    "core": set(),
    "autograd": set(),
    "nn": {"autograd"},
    "optim": {"autograd"},
    "data": set(),
}
SUBPACKAGES = ["autograd", "nn", "optim", "data"]


def main(target, downstream):
    import ember

    x = ember.tensor([[1.0, 2.0], [3.0, 4.0]])
    assert ember.matmul(x, x).tolist() == [[7.0, 10.0], [15.0, 22.0]], "matmul through the installed wheel"
    installed = set(SUBPACKAGES) if target == "all" else ({target} | DEPENDS.get(target, set())) - {"core"}
    for sub in SUBPACKAGES:
        if sub in installed:
            module = importlib.import_module(f"ember.{sub}")
            assert module.__version__ == ember.__version__, (sub, module.__version__)
            print(f"ok: ember.{sub} {module.__version__}")
            continue
        try:
            importlib.import_module(f"ember.{sub}")
        except ModuleNotFoundError as e:
            assert f"pip install ember-{sub}" in str(e), f"unhelpful error for ember.{sub}: {e}"
            print(f"ok: ember.{sub} missing, and the error says: pip install ember-{sub}")
        else:
            raise AssertionError(f"ember.{sub} imported though ember-{sub} is not installed")
    if downstream:
        from ember_downstream import gram

        assert gram([[1, 2], [3, 4]]).tolist() == [[5.0, 11.0], [11.0, 25.0]]
        print("ok: a package depending only on ember-core works")
    print(f"packaging check passed: {target}")


if __name__ == "__main__":
    main(sys.argv[1], "--downstream" in sys.argv[2:])
