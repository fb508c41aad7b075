"""How much of one trail-lint run is spent in Python's cyclic garbage collector.

    python benchmarks/gc_time.py PLAN.json

Prints the CPU time of the run, the CPU time inside collections (by generation) and the
number of collections. A large plan becomes millions of dicts and lists, all tracked by the
collector, and each full collection walks all of them.
"""
from __future__ import annotations

import gc
import io
import sys
import time
from contextlib import redirect_stdout


def main(argv: list[str]) -> int:
    from trail_lint.cli import main as cli_main

    spent = [0.0, 0.0, 0.0]
    counts = [0, 0, 0]
    started: list[float] = []

    def callback(phase: str, info: dict) -> None:
        if phase == "start":
            started.append(time.process_time())
        elif started:
            generation = info["generation"]
            spent[generation] += time.process_time() - started.pop()
            counts[generation] += 1

    gc.callbacks.append(callback)
    begin = time.process_time()
    with redirect_stdout(io.StringIO()):
        cli_main([argv[0], "--format", "json"])
    total = time.process_time() - begin
    gc.callbacks.remove(callback)
    print(f"run CPU {total:.2f} s; in gc {sum(spent):.2f} s ({sum(spent) / total:.0%}); "
          + ", ".join(f"gen{g}: {counts[g]} collections {spent[g]:.2f} s" for g in range(3)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
