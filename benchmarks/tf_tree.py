"""Time trail-lint on a generated .tf tree (benchmarks/generate_tf.py); print a Markdown table.

    python benchmarks/tf_tree.py [--files 50,200,1000] [--repeat 5] [--trail-lint PATH]

Each size is timed end to end (start-up, discovery, parse, evaluation, every rule, report),
best of ``--repeat`` by wall time, with CPU time and peak RSS from ``/usr/bin/time -v``; and
the parse alone (lexer + parser over every file, in this process). Not part of the test suite.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_tf import generate
from run import measure, python_env


def parse_seconds(root: Path) -> float:
    from trail_lint.normalise.terraform.hcl_syntax import read_tf

    files = sorted(str(p) for p in root.rglob("*.tf"))
    start = time.process_time()
    for file in files:
        read_tf(file)
    return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", default="50,200,1000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--trail-lint", default=shutil.which("trail-lint") or "trail-lint")
    parser.add_argument("--workdir", default="/tmp/tl-bench-tf")
    args = parser.parse_args()
    workdir = Path(args.workdir)
    env = python_env(workdir)
    print("| .tf files | KB | trail-lint wall s | trail-lint CPU s | peak RSS MB | parse alone CPU s |")
    print("|---:|---:|---:|---:|---:|---:|")
    for files in (int(size) for size in args.files.split(",")):
        root = workdir / f"tf-{files}"
        if not root.exists():
            generate(files, str(root))
        size = sum(p.stat().st_size for p in root.rglob("*.tf")) / 1024
        timing = measure([args.trail_lint, str(root), "--format", "parsable"], args.repeat, env)
        print(f"| {files} | {size:.0f} | {timing.wall:.3f} | {timing.cpu:.2f} | {timing.rss_mb:.0f} | "
              f"{min(parse_seconds(root) for _ in range(3)):.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
