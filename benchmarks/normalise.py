"""CPU seconds to parse an input and to normalise it (no rules, no report); print one Markdown row.

    python benchmarks/normalise.py PLAN.json [PLAN.json ...] [--repeat 5]

`json.load` of the file is the floor. Normalising runs --repeat times, each on a document loaded
afresh, with the normalisers' caches emptied before each run (so every run reads every
policy string as a first run does), with the garbage collector off as the CLI has it; the
best run is printed. Run on demand; it is not part of the test suite.
"""
from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import sys
import time
from collections.abc import Callable


def _caches() -> list[Callable[[], None]]:
    """cache_clear of every functools cache in trail_lint.normalise."""
    found = []
    for name, module in list(sys.modules.items()):
        if name.startswith("trail_lint.normalise"):
            found.extend(value.cache_clear for value in vars(module).values()
                         if isinstance(value, functools._lru_cache_wrapper))
    return found


def _best(repeat: int, run: Callable[[], object], before: Callable[[], None] = lambda: None) -> float:
    best = float("inf")
    for _ in range(repeat):
        before()
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def row(path: str, repeat: int) -> str:
    from trail_lint.engine import _normalise, _normalisers
    from trail_lint.load import load_file

    _normalisers()
    with open(path, "rb") as raw:
        text = raw.read()
    parse = _best(repeat, lambda: json.loads(text))
    load = _best(repeat, lambda: load_file(path))
    caches = _caches()
    loaded: list = []

    def fresh() -> None:
        for clear in caches:
            clear()
        # a reader takes a document once (Document.take); the values of a large plan's members are
        # built as it reads them, so they count here, not in the load
        loaded[:] = [load_file(path)]

    normalise = _best(repeat, lambda: _normalise(loaded[0]), fresh)
    return (f"| {os.path.basename(path)} | {os.path.getsize(path) / 1e6:.1f} MB | {parse:.3f} s | {load:.3f} s "
            f"| {normalise:.3f} s | {normalise / parse:.2f}× |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    gc.disable()   # as the CLI does
    print("| input | size | json.load | trail-lint's load | normalise | normalise ÷ json.load |")
    print("|---|---:|---:|---:|---:|---:|")
    for path in args.inputs:
        print(row(path, args.repeat))


if __name__ == "__main__":
    main()
