"""Time the access analysis on N principals × M trails (default 10,000 × 100); print one Markdown row.

    python benchmarks/access.py [--principals 10000] [--trails 100]
    python benchmarks/access.py --input PLAN.json      # the inputs trail-lint reads, e.g. a generated plan

Each principal has its own inline policy (so nothing is shared by accident) drawn from the
shapes real policies take: read-only CloudTrail access, `cloudtrail:*Logging` on a Region's
trails, one trail by ARN, a NotAction admin policy, an explicit Deny guardrail, `*` on `*`,
and policies of other services. Run on demand; it is not part of the test suite.
"""
from __future__ import annotations

import argparse
import gc
import random
import time

from trail_lint.iam.access import AccessReport, analyse, resolved_by
from trail_lint.iam.resolve import Resolved
from trail_lint.model import Existence, Inventory, Origin, Policy, Principal, PrincipalKind, Statement, Trail
from trail_lint.registry import all_rules

ACCOUNT = "111122223333"
REGIONS = ("us-east-1", "us-east-2", "eu-west-1", "eu-central-1", "ap-southeast-2")


def trails(count: int) -> tuple[Trail, ...]:
    return tuple(Trail(name=f"team-{i:03d}", account=ACCOUNT, region=REGIONS[i % len(REGIONS)],
                       arn=f"arn:aws:cloudtrail:{REGIONS[i % len(REGIONS)]}:{ACCOUNT}:trail/team-{i:03d}",
                       multi_region=i == 0, existence=Existence.EXISTS,
                       origin=Origin("bench.json", ("trails", i), resource=f"team-{i:03d}"))
                 for i in range(count))


def statements(rng: random.Random, trail_count: int, i: int) -> tuple[Statement, ...]:
    origin = Origin("bench.json", ("principals", i))
    region = rng.choice(REGIONS)
    target = f"arn:aws:cloudtrail:{region}:{ACCOUNT}:trail/team-{rng.randrange(trail_count):03d}"
    shapes = [
        [Statement("Allow", actions=("cloudtrail:Get*", "cloudtrail:Describe*", "cloudtrail:List*",
                                     "cloudtrail:LookupEvents"), resources=("*",), origin=origin)],
        [Statement("Allow", actions=("cloudtrail:*Logging",),
                   resources=(f"arn:aws:cloudtrail:{region}:{ACCOUNT}:trail/*",), origin=origin)],
        [Statement("Allow", actions=("cloudtrail:StopLogging", "cloudtrail:GetTrailStatus"), resources=(target,),
                   origin=origin)],
        [Statement("Allow", not_actions=("iam:*", "organizations:*"), resources=("*",), origin=origin)],
        [Statement("Allow", actions=("*",), resources=("*",), origin=origin),
         Statement("Deny", actions=("cloudtrail:StopLogging", "cloudtrail:DeleteTrail"),
                   resources=(f"arn:aws:cloudtrail:*:{ACCOUNT}:trail/team-0*",), origin=origin)],
        [Statement("Allow", actions=("s3:GetObject", "s3:PutObject"), resources=(f"arn:aws:s3:::bucket-{i}/*",),
                   origin=origin)],
    ]
    return tuple(rng.choice(shapes))


def inventory(principal_count: int, trail_count: int) -> Inventory:
    rng = random.Random(20261125)
    principals = tuple(Principal(id=f"arn:aws:iam::{ACCOUNT}:role/r{i}", kind=PrincipalKind.ROLE, name=f"r{i}",
                                 account=ACCOUNT,
                                 inline_policies=(Policy(f"p{i}", statements(rng, trail_count, i)),),
                                 origin=Origin("bench.json", ("principals", i), resource=f"r{i}"))
                       for i in range(principal_count))
    return Inventory(trails=trails(trail_count), principals=principals, regions=REGIONS, account=ACCOUNT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--principals", type=int, default=10_000)
    parser.add_argument("--trails", type=int, default=100)
    parser.add_argument("--input", nargs="+", help="read these inputs instead (CPU seconds are printed)")
    args = parser.parse_args()
    subject = read(args.input) if args.input else inventory(args.principals, args.trails)
    gc.disable()   # as the CLI does
    clock = time.process_time if args.input else time.perf_counter
    start = clock()
    report = analyse(subject, time.time())     # as a run does: the time of the run (engine.run)
    analysed = clock()
    access_rules = [r for r in all_rules() if r.id.startswith("TL4")]
    subjects = {AccessReport: report, Resolved: resolved_by(report)}
    findings = sum(1 for rule in access_rules
                   for _ in rule.run(subjects.get(rule.applies_to, subject),
                                     rule.configure(_Config()) if rule.configure else None))
    done = clock()
    decisions = len(report.rows) * (len(report.trails) * 9 + 3)
    print("| principals | trails | decisions | analyse s | TL4xx rules s | findings |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    print(f"| {len(report.rows):,} | {len(report.trails)} | {decisions:,} | {analysed - start:.2f} | "
          f"{done - analysed:.2f} | {findings:,} |")


def read(paths: list[str]) -> Inventory:
    """The inventory trail-lint builds from the inputs (with the shipped AWS managed policies)."""
    from trail_lint.cli import build_parser
    from trail_lint.commands.common import read_inputs

    return read_inputs(build_parser("access").parse_args(paths), "access", None).inventory


class _Config:
    access = ()
    regions = ()


if __name__ == "__main__":
    main()
