"""One version for every ember package, kept in the root VERSION file.

python tools/version.py --check     fail if any package disagrees with VERSION
python tools/version.py --set 0.2.0 write a new version everywhere
"""

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Each pattern's second group is a version to keep equal to VERSION.
PATTERNS = [
    ("packages/*/pyproject.toml", re.compile(r'^(version = ")([^"]+)(")', re.M)),
    ("packages/*/pyproject.toml", re.compile(r'("ember-(?:core|autograd|nn|optim|data)==)([^"]+)(")')),
    ("packages/*/src/ember/**/__init__.py", re.compile(r'^(__version__ = ")([^"]+)(")', re.M)),
    ("packages/core/src/ember/__init__.py", re.compile(r'^(__version__ = ")([^"]+)(")', re.M)),
]


def files():
    for pattern, regex in PATTERNS:
        for path in sorted(ROOT.glob(pattern)):
            yield path, regex


def check(version):
    bad = []
    for path, regex in files():
        for match in regex.finditer(path.read_text()):
            if match.group(2) != version:
                bad.append(f"{path.relative_to(ROOT)}: {match.group(0)} (VERSION says {version})")
    return bad


def set_version(version):
    for path, regex in files():
        text = path.read_text()
        path.write_text(regex.sub(lambda m: m.group(1) + version + m.group(3), text))
    (ROOT / "VERSION").write_text(version + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--check", action="store_true")
    group.add_argument("--set", metavar="VERSION")
    args = parser.parse_args()
    if args.set:
        set_version(args.set)
    version = (ROOT / "VERSION").read_text().strip()
    bad = check(version)
    for line in bad:
        print(line, file=sys.stderr)
    if bad:
        sys.exit(f"{len(bad)} version mismatch(es); fix with: python tools/version.py --set {version}")
    print(f"every package is at version {version}")


if __name__ == "__main__":
    main()
