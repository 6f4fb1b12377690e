#!/usr/bin/env python
"""Fail when a translatable string has no French translation, or a French one is fuzzy.

The catalogues are regenerated in a scratch copy of the sources, so that a string added to the
code but missing from a catalogue is caught, and the working tree is left untouched.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    "manage.py",
    "seg_portal",
    "aid_tracking",
    "coordination",
    "code_of_conduct",
    "templates",
    "locale",
]


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch)
        for name in SOURCES:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(
                    source, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
                )
            elif source.exists():
                shutil.copy2(source, copy / name)
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                "-l",
                "fr",
                "--no-location",
                "--no-obsolete",
                "--verbosity",
                "0",
            ],
            cwd=copy,
            check=True,
        )
        problems = []
        for catalogue in sorted(copy.glob("**/locale/fr/LC_MESSAGES/django.po")):
            for flag in ("--untranslated", "--only-fuzzy"):
                out = subprocess.run(
                    ["msgattrib", flag, "--no-wrap", str(catalogue)],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                entries = [
                    line
                    for line in out.splitlines()
                    if line.startswith("msgid ") and line != 'msgid ""'
                ]
                for entry in entries:
                    problems.append(f"{catalogue.relative_to(copy)}: {flag[2:]}: {entry[6:]}")
    for problem in problems:
        print(problem)
    if problems:
        print(
            f"{len(problems)} French strings missing or fuzzy: "
            "run `make messages` and translate them."
        )
        return 1
    print("French catalogues complete.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
