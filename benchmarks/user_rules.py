"""Time 50 user rules over a generated plan against the built-in rules alone; print one Markdown row.

    python benchmarks/user_rules.py [--size 10000] [--rules 50] [--repeat 3] [--trail-lint trail-lint]

The rules are spread over every subject kind the way a house rule set would be: most on trails
(globs on buckets and keys, JSON Schema on flags and per-Region records), then buckets, policy
statements, principals (`can` access decisions, which reuse the access analysis the built-in
TL4xx rules compute anyway) and account × Region. Run on demand; it is not part of the test suite.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import measure, python_env

ACTIONS = ("DeleteTrail", "StopLogging", "UpdateTrail", "PutEventSelectors", "StartLogging", "GetTrail")
DOCS = "docs: {summary: Benchmark rule., why: Benchmark., fix: Benchmark.}\n"
SHAPES = [
    ("trail", 'not: {match: {s3_bucket: "org-audit-%d-*"}}'),
    ("trail", "schema: {properties: {multi_region: {const: false}, kms_key_id: {type: 'null'}}}"),
    ("trail", ("any: [{schema: {properties: {log_file_validation: {const: false}}}}, "
              "{match: {name: 'team-%d*'}}]")),
    ("trail", ("schema: {properties: {records: {additionalProperties: "
              "{properties: {management: {properties: {write: {const: false}}}}}}}}")),
    ("trail", "schema: {properties: {event_selectors: {contains: {properties: {read_write: {enum: [ReadOnly]}}}}}}"),
    ("bucket", 'match: {name: "org-audit-%d-*"}'),
    ("bucket", "schema: {properties: {acl: {enum: [public-read, public-read-write]}}, required: [acl]}"),
    ("statement", '[{schema: {properties: {effect: {const: Allow}}}}, {match: {actions: "cloudtrail:*%d"}}]'),
    ("principal", '[{not: {match: {name: "breakglass-%d"}}}, {can: {action: %A, trail: "*trail_%d"}}]'),
    ("account-region", "schema: {properties: {trails: {maxItems: %d}}}"),
]


def write_rules(folder: Path, count: int) -> None:
    for index in range(count):
        subject, where = SHAPES[index % len(SHAPES)]
        where = where if where.startswith("[") else "{" + where + "}"
        where = where.replace("%A", ACTIONS[index % len(ACTIONS)])
        text = (f"id: BENCH-{index:03d}\nname: bench-rule-{index}\nseverity: warning\nsubject: {subject}\n"
                f"message: bench rule {index}\nwhere: {where.replace('%d', str(index))}\n{DOCS}")
        (folder / f"rule{index:03d}.yaml").write_text(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--rules", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--trail-lint", default="trail-lint")
    parser.add_argument("--with-config", action="store_true", help="both runs read a .trail-lint.yaml (which "
                        "imports jsonschema anyway); the user rules come from its `rules-dir`")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tl-user-rules-") as work:
        workdir = Path(work)
        plan = workdir / "plan.json"
        subprocess.run([sys.executable, str(Path(__file__).parent / "generate_plan.py"), str(args.size), str(plan)],
                       check=True)
        rules = workdir / "rules"
        rules.mkdir()
        write_rules(rules, args.rules)
        env = python_env(workdir)
        command = [args.trail_lint, str(plan), "--format", "json"]
        with_rules = [*command, "--rules-dir", str(rules)]
        if args.with_config:
            (workdir / "base.yaml").write_text("fail-on: error\n")
            (workdir / "user.yaml").write_text("fail-on: error\nrules-dir: rules\n")
            command, with_rules = [*command, "--config", str(workdir / "base.yaml")], \
                [*command, "--config", str(workdir / "user.yaml")]
        base = measure(command, args.repeat, env)
        user = measure(with_rules, args.repeat, env)
        if {base.code, user.code} - {0, 1}:
            raise SystemExit(f"trail-lint failed: exit {base.code}, {user.code}")
    print("| resources | rules | config | built-in only s (CPU s) | + user rules s (CPU s) | added wall | added CPU |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    print(f"| {args.size:,} | {args.rules} | {'yes' if args.with_config else 'no'} | {base.wall:.3f} ({base.cpu:.2f}) | {user.wall:.3f} ({user.cpu:.2f}) "
          f"| {100 * (user.wall / base.wall - 1):+.0f} % | {100 * (user.cpu / base.cpu - 1):+.0f} % |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
