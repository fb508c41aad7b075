"""Time `trail-lint merge` of a CI matrix's parts against parsing the same JSON; print one Markdown row.

    python benchmarks/merge.py [--findings 50000] [--parts 20] [--repeat 3] [--trail-lint trail-lint]

The parts are findings JSON as `trail-lint --format json` writes it (the json reporter itself), each
finding in one part and one in ten also in a second part (shared files linted by two jobs). Run on
demand; it is not part of the test suite.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import measure, python_env

from trail_lint.finding import Finding
from trail_lint.report import render
from trail_lint.rule import Severity


def parts(count: int, how_many: int, seed: int = 1) -> list[list[Finding]]:
    chooser = random.Random(seed)
    dealt: list[list[Finding]] = [[] for _ in range(how_many)]
    for index in range(count):
        finding = Finding("TL302", "log-file-validation-disabled", chooser.choice(list(Severity)),
                          f"log file validation is disabled for trail 'team-{index}'",
                          f"snapshots/ou-{index % how_many}/accounts/{index % 1000:012d}/us-east-1/describe-trails.json",
                          1 + index % 400, 7, resource=f"arn:aws:cloudtrail:us-east-1:{index % 1000:012d}:trail/t{index}",
                          account=f"{index % 1000:012d}", region="us-east-1", fingerprint=f"{index:032x}")
        dealt[index % how_many].append(finding)
        if index % 10 == 0:
            dealt[(index + 1) % how_many].append(finding)
    return [sorted(part, key=lambda f: f.sort_key) for part in dealt]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--findings", type=int, default=50_000)
    parser.add_argument("--parts", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--trail-lint", default="trail-lint")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        files = []
        for index, part in enumerate(parts(args.findings, args.parts)):
            path = workdir / f"part-{index}.json"
            path.write_text(render("json", part, (), tool_version="0"), encoding="utf-8")
            files.append(str(path))
        size = sum(Path(f).stat().st_size for f in files) / 1024 / 1024
        env = python_env(workdir)
        floor = measure([sys.executable, "-c", "import json, sys\nfor f in sys.argv[1:]: json.load(open(f))", *files],
                        args.repeat, env)
        merged = measure([args.trail_lint, "merge", *files, "--format", "json", "--output", "/dev/null"],
                         args.repeat, env)
        print(f"| {args.findings:,} | {args.parts} | {size:.1f} | {floor.wall:.2f} ({floor.cpu:.2f}) | "
              f"{merged.wall:.2f} ({merged.cpu:.2f}) | {merged.rss_mb:.0f} | {merged.cpu / floor.cpu:.1f}× |")


if __name__ == "__main__":
    main()
