"""Time trail-lint on generated plans against the JSON parse floor and checkov; print Markdown.

    python benchmarks/run.py [--sizes 10,100,1000,3000,10000,30000,100000] [--repeat 3]

Every command runs under ``/usr/bin/time -v`` so one run gives wall time (measured here),
CPU time and peak RSS. The best of ``--repeat`` runs (by wall time) is reported. checkov runs
only while a run stays under ``--checkov-limit`` seconds; larger sizes are left blank, not
extrapolated. Run this on demand; it is not part of the test suite.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
FLOOR = "import json,sys; json.load(open(sys.argv[1]))"
SMALL = HERE.parent / "tests" / "rules" / "TL101" / "bad.tfplan.json"
# what a pre-commit hook passes: one Terraform file, one CloudFormation template
PRE_COMMIT = (HERE / "startup" / "one.tf", HERE / "startup" / "one.yaml")


@dataclass(frozen=True)
class Timing:
    wall: float          # seconds
    cpu: float           # user + sys seconds
    rss_mb: float        # peak resident set size
    code: int


def python_env(workdir: Path) -> dict[str, str]:
    """An installed tool has its bytecode cached; keep the cache outside the checkout."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    return env


def measure(argv: list[str], repeat: int, env: dict[str, str] | None = None,
            timeout: float | None = None) -> Timing:
    """The best of ``repeat`` runs; a run that takes longer than ``timeout`` seconds is stopped
    (with everything it started) and raises TimeoutError."""
    best: Timing | None = None
    for _ in range(repeat):
        start = time.perf_counter()
        with subprocess.Popen(["/usr/bin/time", "-v", *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True, env=env, start_new_session=True) as process:
            try:
                _, stderr = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
                raise TimeoutError(f"{' '.join(argv)} took longer than {timeout} s") from None
        wall = time.perf_counter() - start
        stats = dict(re.findall(r"^\s*([^:\n]+):\s*(.+)$", stderr, re.MULTILINE))
        timing = Timing(wall, float(stats["User time (seconds)"]) + float(stats["System time (seconds)"]),
                        int(stats["Maximum resident set size (kbytes)"]) / 1024, process.returncode)
        if best is None or timing.wall < best.wall:
            best = timing
    assert best is not None
    return best


def startup(commands: list[list[str]], runs: int, env: dict[str, str], workdir: Path) -> str:
    """hyperfine when installed (mean, min, max); else the best of ``runs`` plain runs.
    Either way also the best CPU time, which the load of other processes disturbs less."""
    lines = ["| command | wall: hyperfine mean ± σ (min) | best wall | best CPU |", "|---|---:|---:|---:|"]
    for argv in commands:
        timing = measure(argv, runs, env)
        shown = " ".join(argv).replace(str(HERE.parent) + "/", "")
        fine = "not installed"
        if shutil.which("hyperfine"):
            export = workdir / "hyperfine.json"
            subprocess.run(["hyperfine", "--warmup", "3", "--runs", str(runs), "-N", "-i", "--export-json",
                            str(export), " ".join(argv)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           check=True, env=env)
            result = json.loads(export.read_text())["results"][0]
            fine = f"{result['mean'] * 1000:.0f} ± {result['stddev'] * 1000:.0f} ms ({result['min'] * 1000:.0f})"
        lines.append(f"| `{shown}` | {fine} | {timing.wall * 1000:.0f} ms | {timing.cpu * 1000:.0f} ms |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000,3000,10000,30000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", default="/tmp/tl-bench")
    parser.add_argument("--trail-lint", default=str(Path(sys.executable).with_name("trail-lint")))
    parser.add_argument("--checkov", default="/tmp/checkov-venv/bin/checkov")
    parser.add_argument("--checkov-limit", type=float, default=180.0,
                        help="stop running checkov on larger plans once one run takes longer (seconds)")
    parser.add_argument("--checkov-repeat", type=int, default=1)
    parser.add_argument("--skip-checkov", action="store_true")
    parser.add_argument("--revision", help="what --trail-lint runs, when it is not this checkout (a pinned install)")
    args = parser.parse_args(argv)
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    # checkov asks a web service for its guideline mapping at start-up; offline that only adds retries
    checkov_env = {**os.environ, "BC_SKIP_MAPPING": "TRUE"}
    use_checkov = Path(args.checkov).is_file() and not args.skip_checkov
    env = python_env(work)
    measure([args.trail_lint, str(SMALL), "--format", "json"], 1, env)      # fill the bytecode cache
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        plan = work / f"plan-{size}.json"
        if not plan.exists():
            subprocess.run([sys.executable, str(HERE / "generate_plan.py"), str(size), str(plan)], check=True)
        mb = plan.stat().st_size / 1e6
        floor = measure([sys.executable, "-c", FLOOR, str(plan)], args.repeat, env)
        lint = measure([args.trail_lint, str(plan), "--format", "json"], args.repeat, env)
        checkov = None
        if use_checkov:
            checkov = measure([args.checkov, "-f", str(plan), "--framework", "terraform_plan", "--quiet",
                               "--compact", "-o", "json", "--skip-download"], args.checkov_repeat, checkov_env)
            use_checkov = checkov.wall <= args.checkov_limit
        rows.append((size, mb, floor, lint, checkov))
        print(f"measured {size}: trail-lint {lint.wall:.2f}s (exit {lint.code}), json.load {floor.wall:.2f}s"
              + (f", checkov {checkov.wall:.1f}s" if checkov else ""), file=sys.stderr, flush=True)
    print(f"trail-lint at {args.revision or revision()}\n")
    print(table(rows))
    print()
    # the interpreter trail-lint runs on, bare: the floor of --version
    python = str(Path(args.trail_lint).with_name("python"))
    print(startup([[python, "-S", "-c", "pass"], [python, "-c", "pass"], [args.trail_lint, "--version"],
                   *([args.trail_lint, str(path)] for path in PRE_COMMIT),
                   [args.trail_lint, str(SMALL), "--format", "json"]], 30, env, work))
    return 0


def revision() -> str:
    """The commit measured, and whether the product files differ from it (an editable install
    runs the working tree)."""
    git = ["git", "-C", str(HERE.parent)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False).stdout.strip()
    dirty = subprocess.run([*git, "status", "--porcelain", "--", "trail_lint", "rules", "schemas"],
                           capture_output=True, text=True, check=False).stdout.strip()
    return f"commit {commit or 'unknown'}" + (" with uncommitted changes to the product" if dirty else "")


def table(rows: list) -> str:
    lines = [("| resources | file MB | json.load s | trail-lint s | ratio | json.load CPU s | trail-lint CPU s "
             "| CPU ratio | checkov s | checkov CPU s | checkov ÷ trail-lint (wall, CPU) | json.load RSS MB "
             "| trail-lint RSS MB | RSS ÷ input | checkov RSS MB |"),
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for size, mb, floor, lint, checkov in rows:
        ck = (f"{checkov.wall:.2f} | {checkov.cpu:.2f} | {checkov.wall / lint.wall:.0f}×, {checkov.cpu / lint.cpu:.0f}×"
              if checkov else "not run | – | –")
        lines.append(f"| {size:,} | {mb:.2f} | {floor.wall:.3f} | {lint.wall:.3f} | {lint.wall / floor.wall:.2f} "
                     f"| {floor.cpu:.2f} | {lint.cpu:.2f} | {lint.cpu / floor.cpu:.2f} | {ck} "
                     f"| {floor.rss_mb:.0f} | {lint.rss_mb:.0f} | {lint.rss_mb / mb:.1f} "
                     f"| {f'{checkov.rss_mb:.0f}' if checkov else '–'} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
