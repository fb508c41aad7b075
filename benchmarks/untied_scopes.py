"""Time the trail-side rules on deployments that no input ties to an account; print Markdown rows.

    python benchmarks/untied_scopes.py [--deployments 100,300] [--repeat 3]

Each deployment (a Terraform provider configuration without an account, as two root modules
under different profiles are) has two trails, one multi-Region, logging S3 data events on one of
seven buckets. Every deployment is then an account scope of its own, with its own unknown
Region, and may be any other: the duplicate and quota rules pool them to report one TL002. The
inventory is built in code (no file is read), so the rows time the rules alone (CPU, best of
``--repeat``). Run on demand; it is not part of the test suite.
"""
from __future__ import annotations

import argparse
import time

from trail_lint.engine import check_inventory
from trail_lint.inventory import Defaults, build
from trail_lint.model import DataResource, Deployment, EventSelector, InputKind, Inventory, Origin, Trail
from trail_lint.normalise import Contents
from trail_lint.registry import rule_by_id

RULES = ("TL101", "TL304", "TL305", "TL308", "TL501", "TL502", "TL503", "TL504")


def inventory(deployments: int) -> Inventory:
    trails = []
    for number in range(deployments):
        deployment = Deployment(f"terraform:d{number}", f"provider of d{number}", region_key=f"terraform:d{number}",
                                region_label=f"the Region of d{number}")
        data = (EventSelector(data_resources=(DataResource("AWS::S3::Object", (f"arn:aws:s3:::b{number % 7}/",)),)),)
        for index in range(2):
            trails.append(Trail(f"d{number}-t{index}", multi_region=index == 0, s3_bucket=f"logs{number % 5}",
                                deployment=deployment, event_selectors=data,
                                origin=Origin(f"d{number}.json", ("trails", index), kind=InputKind.TERRAFORM_PLAN)))
    return build([Contents(InputKind.TERRAFORM_PLAN, trails=tuple(trails))],
                 Defaults(regions=("us-east-1", "eu-west-1")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deployments", default="100,300")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| deployments | " + " | ".join(RULES) + " |")
    print("|---:|" + "---:|" * len(RULES))
    for size in (int(n) for n in args.deployments.split(",")):
        built = inventory(size)
        cells = []
        for rule_id in RULES:
            best = float("inf")
            for _ in range(args.repeat):
                start = time.process_time()
                check_inventory(rule_by_id(rule_id), built)
                best = min(best, time.process_time() - start)
            cells.append(f"{best:.3f} s")
        print(f"| {size:,} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
