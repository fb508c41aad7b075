"""Fuzz the loader and the normalisers: only LoadError and MalformedInput may escape.

    python tests/fuzz/fuzz_load.py -atheris_runs=100000 -max_len=65536

Without a corpus folder argument, the real inputs and rule fixtures are copied into a temporary
seed folder. Crashing inputs are written under /tmp (see the printed folder).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common

atheris = _common.atheris_or_exit()
_common.import_instrumented(atheris)

from trail_lint.engine import _normalise
from trail_lint.load import LoadError, load_file, load_text
from trail_lint.normalise import MalformedInput

WORKDIR = tempfile.mkdtemp(prefix="tl-fuzz-load-")


def test_one_input(data: bytes) -> None:
    path = _common.input_file(WORKDIR, data)
    try:
        doc = load_file(path)
    except LoadError:
        doc = None
    if doc is not None:
        _normalise_quietly(doc)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    try:
        doc = load_text(text, "input", None)
    except LoadError:
        return
    _normalise_quietly(doc)


def _normalise_quietly(doc) -> None:
    try:
        _normalise(doc)
    except MalformedInput:
        pass


if __name__ == "__main__":
    _common.main(sys.argv, test_one_input, atheris)
