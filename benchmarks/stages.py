"""CPU seconds per stage of one trail-lint run: where the time of a large input goes.

    python benchmarks/stages.py INPUT [trail-lint options, e.g. --format json --select TL301]

Runs ``trail-lint INPUT ...`` in this process with the stage functions below wrapped in
``time.process_time`` (what each returns is unchanged), then prints a Markdown table of CPU
seconds and shares of the whole run, nested as the stages nest, and the peak RSS. Unlike
cProfile it adds almost nothing to the run, so the shares hold for an uninstrumented run; it
says only which stage, not which function inside it (profile a smaller input for that). A stage
function that no longer exists is left out and named on standard error. Not part of the suite.
"""
from __future__ import annotations

import functools
import importlib
import io
import resource
import sys
import time
from collections.abc import Callable
from contextlib import redirect_stdout
from typing import Any

# (depth, module, function, what it is): a stage's time includes the deeper stages below it
STAGES = (
    (0, "trail_lint.engine", "_discover_each", "discovery"),
    (0, "trail_lint.engine", "_read", "reading"),
    (1, "trail_lint.engine", "snapshot_places", "snapshot places"),
    (1, "trail_lint.load", "load_file", "loading (read, decode, parse)"),
    (1, "trail_lint.load", "without_text", "positions kept per file (the text dropped)"),
    (1, "trail_lint.engine", "_normalise", "normalising"),
    (2, "trail_lint.normalise.aws_json", "normalise", "AWS CLI output"),
    (2, "trail_lint.normalise.aws_iam", "normalise", "IAM"),
    (2, "trail_lint.normalise.aws_organizations", "normalise", "Organizations"),
    (2, "trail_lint.normalise.snapshot_manifest", "normalise", "snapshot manifest"),
    (0, "trail_lint.engine", "build", "inventory"),
    (1, "trail_lint.inventory", "recordings", "what each trail records"),
    (1, "trail_lint.inventory", "of_inventory", "trails grouped by account"),
    (0, "trail_lint.engine", "_unique", "rules"),
    (1, "trail_lint.engine", "analyse", "access analysis"),
    (0, "trail_lint.engine", "_locate_together", "locating findings"),
    (0, "trail_lint.engine", "_findings", "building findings"),
    (0, "trail_lint.commands.lint", "_organization", "organization summary"),
    (0, "trail_lint.commands.lint", "write_reports", "reports"),
)


def _timed(function: Callable[..., Any], spent: list[float]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[0] += time.process_time() - start
    return wrapper


def main(argv: list[str]) -> int:
    started = time.process_time()
    from trail_lint.cli import main as cli_main

    spent: dict[int, list[float]] = {}
    originals: list[tuple[Any, str, Callable[..., Any]]] = []
    for index, (_, module_name, name, _what) in enumerate(STAGES):
        module = importlib.import_module(module_name)
        function = getattr(module, name, None)
        if function is None:
            print(f"stages.py: {module_name}.{name} is gone: left out", file=sys.stderr)
            continue
        spent[index] = [0.0]
        originals.append((module, name, function))
        setattr(module, name, _timed(function, spent[index]))
    try:
        with redirect_stdout(io.StringIO()):
            cli_main(argv)
    except SystemExit:
        pass
    finally:
        for module, name, function in originals:
            setattr(module, name, function)
    total = time.process_time() - started
    print("| stage | CPU s | share |\n|---|---:|---:|")
    for index, (depth, module_name, name, what) in enumerate(STAGES):
        if index in spent:
            seconds = spent[index][0]
            print(f"| {'&nbsp;' * 4 * depth}{what} (`{module_name.rsplit('.', 1)[-1]}.{name}`) | {seconds:.2f} "
                  f"| {seconds / total:.0%} |")
    print(f"| the whole run | {total:.2f} | 100% |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
