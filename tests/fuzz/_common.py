"""Shared set-up for the atheris fuzz targets: instrumentation, seed corpus, temp files.

The seed corpus is copied into a temporary folder at run time (libFuzzer adds the inputs it
finds to the first corpus folder, and the repository must not collect them).
"""
from __future__ import annotations

import hashlib
import importlib
import os
import pkgutil
import shutil
import sys
import tempfile
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED_SOURCES = (REPO / ".." / "shared" / "corpus", REPO / "tests" / "rules", REPO / "tests" / "fixtures")
# The input's length picks the file name the loader sees, so the fuzzer reaches both the JSON and
# the YAML paths (the loader chooses by extension first, then by content) while the seeds stay intact.
SUFFIXES = (".json", ".yaml", ".tfstate", ".template", ".yml", "")


def atheris_or_exit():
    try:
        import atheris
    except ImportError:
        print("atheris is not installed (pip install atheris); skipping this fuzz target", file=sys.stderr)
        raise SystemExit(0)
    return atheris


def import_instrumented(atheris) -> None:
    """Import every trail-lint module now, inside the instrumentation, since the product imports
    its normalisers and reporters lazily and later imports would not be instrumented."""
    with atheris.instrument_imports(include=["trail_lint"]):
        import trail_lint.rules

        import trail_lint
        for package in (trail_lint, trail_lint.rules):
            for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
                if info.name.endswith(".__main__"):     # runs the CLI when imported
                    continue
                try:
                    importlib.import_module(info.name)
                except ImportError:
                    pass      # an optional reader whose dependency is not installed


def seed_corpus() -> str:
    """A temporary folder holding copies of the real inputs and the rule fixtures."""
    target = tempfile.mkdtemp(prefix="tl-fuzz-corpus-")
    for source in SEED_SOURCES:
        if not source.is_dir():
            continue
        for path in sorted(source.rglob("*")):
            if path.is_file() and path.stat().st_size <= 256 * 1024:
                name = "_".join(path.relative_to(source).parts)
                shutil.copyfile(path, os.path.join(target, f"{source.name}_{name}"))
    return target


def has_corpus_arg(argv: list[str]) -> bool:
    return any(not arg.startswith("-") for arg in argv[1:])


def input_file(workdir: str, data: bytes) -> str:
    """Write the input to a file whose suffix the input's length chooses."""
    path = os.path.join(workdir, f"input{SUFFIXES[len(data) % len(SUFFIXES)]}")
    with open(path, "wb") as out:
        out.write(data)
    return path


def keep_going(test_one_input, folder: str):
    """Wrap a target so that it records each distinct crash (exception type and the innermost
    trail-lint line) under ``folder`` and goes on, instead of stopping at the first one."""
    seen: set[str] = set()
    os.makedirs(folder, exist_ok=True)

    def wrapped(data: bytes) -> None:
        try:
            test_one_input(data)
        except Exception as error:  # noqa: BLE001 - a crash of the code under test, whatever it is
            frames = [f for f in traceback.extract_tb(error.__traceback__) if "trail_lint" in f.filename
                      or f"{os.sep}rules{os.sep}" in f.filename]
            where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
            signature = f"{type(error).__name__} at {where}"
            if signature in seen:
                return
            seen.add(signature)
            name = hashlib.sha1(signature.encode()).hexdigest()[:12]
            with open(os.path.join(folder, f"{name}.input"), "wb") as out:
                out.write(data)
            with open(os.path.join(folder, f"{name}.txt"), "w", encoding="utf-8") as out:
                out.write(signature + "\n\n" + "".join(traceback.format_exception(error)))
            print(f"\n== new crash: {signature} -> {folder}/{name}.input", file=sys.stderr, flush=True)
    return wrapped


def main(argv: list[str], test_one_input, atheris) -> None:
    args = list(argv)
    folder = os.environ.get("TL_FUZZ_KEEP_GOING")
    if folder:
        test_one_input = keep_going(test_one_input, folder)
    if not has_corpus_arg(args):
        args.append(seed_corpus())
    if not any(arg.startswith("-artifact_prefix=") for arg in args):
        crashes = tempfile.mkdtemp(prefix="tl-fuzz-crashes-")
        args.append(f"-artifact_prefix={crashes}/")
        print(f"crashing inputs go to {crashes}/", file=sys.stderr)
    atheris.Setup(args, test_one_input)
    atheris.Fuzz()
