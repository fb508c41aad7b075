"""Time trail-lint on generated organization snapshots against parsing their JSON; print Markdown.

    python benchmarks/snapshot.py [--accounts 100,1000] [--repeat 1] [--timeout 3600] [--every-rule-up-to N]
                                  [--trail-lint PATH] [--revision TEXT]

For each size, benchmarks/generate_snapshot.py writes the snapshot once into ``--workdir``; then,
each under ``/usr/bin/time -v`` (best of ``--repeat``):

- the floor: ``json.load`` of every file of the snapshot (walking the directory), same interpreter;
- ``trail-lint SNAPSHOT --format json`` (every rule; only up to ``--every-rule-up-to`` accounts);
- ``trail-lint SNAPSHOT --format json --select TL301``: the read path (discovery, loading,
  normalising, the inventory) with one rule that only looks at each trail once.

The targets of issue 16: CPU time ≤ 2× the floor, peak RSS ≤ 5× the snapshot's size on disk (the
sum of its files). A run longer than ``--timeout`` seconds is stopped and reported as such. Run on
demand; it is not part of the test suite.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import Timing, measure, python_env, revision

FLOOR = ("import json,os,sys\n"
         "for d,_,fs in os.walk(sys.argv[1]):\n"
         "    for f in fs:\n"
         "        with open(os.path.join(d,f),'rb') as h: json.load(h)")


def size_of(snapshot: Path) -> tuple[int, int]:
    """(files, bytes) of a snapshot directory."""
    files = size = 0
    for directory, _, names in os.walk(snapshot):
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(directory, name))
    return files, size


def timed(argv: list[str], repeat: int, env: dict[str, str], timeout: float) -> Timing | None:
    try:
        return measure(argv, repeat, env, timeout)
    except TimeoutError as error:
        print(error, file=sys.stderr, flush=True)
        return None


def cells(timing: Timing | None, floor: Timing, mb: float, timeout: float | None) -> str:
    if timing is None:
        return f"stopped after {timeout:.0f} s | – | – | – | –" if timeout else "not run | – | – | – | –"
    return (f"{timing.cpu:.1f} | {timing.cpu / floor.cpu:.1f}× | {timing.wall:.1f} | {timing.rss_mb:.0f} "
            f"| {timing.rss_mb / mb:.1f}×")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", default="100,1000")
    parser.add_argument("--regions", type=int, default=17)
    parser.add_argument("--trails", type=int, default=5)
    parser.add_argument("--roles", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=3600.0, help="stop a trail-lint run after this many seconds")
    parser.add_argument("--every-rule-up-to", type=int, help="above this many accounts, time the read path only")
    parser.add_argument("--workdir", default="/tmp/tl-bench-snapshot")
    parser.add_argument("--trail-lint", default=str(Path(sys.executable).with_name("trail-lint")))
    parser.add_argument("--revision", help="what --trail-lint runs, when it is not this checkout (a pinned install)")
    args = parser.parse_args(argv)
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    env = python_env(work)
    lines = [("| accounts | files | snapshot MB | json.load CPU s | json.load RSS MB "
              "| trail-lint CPU s | ÷ floor | wall s | RSS MB | RSS ÷ snapshot "
              "| read path (TL301 only) CPU s | ÷ floor | wall s | RSS MB | RSS ÷ snapshot |"),
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for accounts in (int(a) for a in args.accounts.split(",")):
        snapshot = work / f"snapshot-{accounts}-{args.regions}-{args.trails}-{args.roles}"
        if not snapshot.exists():
            subprocess.run([sys.executable, str(HERE / "generate_snapshot.py"), str(accounts), str(snapshot),
                            "--regions", str(args.regions), "--trails", str(args.trails), "--roles", str(args.roles)],
                           check=True)
        files, size = size_of(snapshot)
        mb = size / 1e6
        floor = measure([sys.executable, "-c", FLOOR, str(snapshot)], args.repeat, env)
        every_rule = args.every_rule_up_to is None or accounts <= args.every_rule_up_to
        full = timed([args.trail_lint, str(snapshot), "--format", "json"], args.repeat, env,
                     args.timeout) if every_rule else None
        read = timed([args.trail_lint, str(snapshot), "--format", "json", "--select", "TL301"], args.repeat, env,
                     args.timeout)
        lines.append(f"| {accounts:,} | {files:,} | {mb:.1f} | {floor.cpu:.2f} | {floor.rss_mb:.0f} "
                     f"| {cells(full, floor, mb, args.timeout if every_rule else None)} | {cells(read, floor, mb, args.timeout)} |")
        print(lines[-1], file=sys.stderr, flush=True)
    print(f"trail-lint at {args.revision or revision()}\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
