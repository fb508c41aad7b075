"""Fuzz the whole command line: `trail-lint FILE --format json` on arbitrary bytes.

    python tests/fuzz/fuzz_cli.py -atheris_runs=100000 -max_len=65536

Checks: the exit code is 0, 1 or 2; the report is valid JSON; nothing was swallowed by the last
guards (no "internal error" on stderr, no TL000 finding for a reader or rule that crashed).
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common

atheris = _common.atheris_or_exit()
_common.import_instrumented(atheris)

from trail_lint.cli import main as cli_main

WORKDIR = tempfile.mkdtemp(prefix="tl-fuzz-cli-")
os.chdir(WORKDIR)        # no configuration file of the caller's checkout is picked up


class SwallowedCrash(Exception):
    """A crash the CLI caught and reported instead of a proper finding."""


def test_one_input(data: bytes) -> None:
    path = _common.input_file(WORKDIR, data)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main([os.path.basename(path), "--format", "json", "--no-color"])
    if code not in (0, 1, 2):
        raise SwallowedCrash(f"exit code {code}: {err.getvalue()}")
    if "internal error" in err.getvalue():
        raise SwallowedCrash(err.getvalue())
    report = json.loads(out.getvalue())
    for finding in report["findings"]:
        if finding["rule"] == "TL000":
            raise SwallowedCrash(finding["message"])


if __name__ == "__main__":
    _common.main(sys.argv, test_one_input, atheris)
