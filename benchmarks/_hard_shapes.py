"""The hard plan shapes for the benchmarks: many trails in one account, wide IAM policies, and
an organization of many accounts.

- ``dense``: SIZE trails in one account over 5 Regions (provider aliases), every one with data
  events on overlapping S3 prefixes and half of them delivering to shared buckets, plus
  10 × SIZE IAM policies written with wildcards, ``NotAction``, ``Deny`` + ``NotResource`` and
  conditions, attached to SIZE / 5 roles with known policy ARNs (so the access analysis resolves
  every one). SIZE = 1,000 gives the shape measured in BENCHMARKS.md (about 31 MB).
- ``access``: like ``dense``, with 20 × SIZE policies attached 20 to a role (SIZE roles);
  SIZE = 100 is the input of the ``access --format json`` benchmark.
- ``org``: SIZE accounts, each behind its own provider alias (``assume_role`` into the account),
  with 3 trails (one multi-Region) and 20 roles with inline policies; the trails and roles already
  exist (no-op changes with known ARNs), as a plan of an organization's baseline would show them.

Both are deterministic for a seed and are written as ``terraform show -json`` writes a plan.
"""
from __future__ import annotations

import json
import random
from typing import Any

AWS = "registry.terraform.io/hashicorp/aws"
ACCOUNT = "111122223333"
DENSE_REGIONS = ("us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2")
ORG_REGIONS = ("us-east-1", "eu-west-1", "ap-northeast-1")
_WIDE_ACTIONS = ("cloudtrail:*", "cloudtrail:Get*", "cloudtrail:Describe*", "cloudtrail:Stop*",
                 "cloudtrail:Put*", "cloudtrail:*Trail*", "s3:*", "s3:Get*", "iam:*", "kms:*", "ec2:*",
                 "logs:*", "*", "sts:AssumeRole", "cloudtrail:LookupEvents", "cloudtrail:StartLogging")
_CONDITIONS = ({"StringEquals": {"aws:RequestedRegion": "eu-west-1"}},
               {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
               {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin-*"}},
               {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})


def _compact(document: dict[str, Any]) -> str:
    return json.dumps(document, separators=(",", ":"))


def _field(field: str, **operators: list[str]) -> dict[str, Any]:
    spelled = {name: [] for name in ("equals", "starts_with", "ends_with", "not_equals", "not_starts_with",
                                      "not_ends_with")}
    spelled.update(operators)
    return {"field": field, **spelled}


def _trail_resource(rng: random.Random, name: str, bucket: str, region: str, account: str, multi_region: bool,
                    prefix: str) -> dict[str, Any]:
    """A trail as `after` values; data events on one of a few shared prefixes, so trails overlap."""
    advanced: list[dict[str, Any]] = []
    selectors: list[dict[str, Any]] = []
    if rng.random() < 0.5:
        selectors = [{"data_resource": [{"type": "AWS::S3::Object", "values": [f"arn:aws:s3:::{prefix}/"]}],
                      "exclude_management_event_sources": [], "include_management_events": rng.random() < 0.8,
                      "read_write_type": rng.choice(("All", "WriteOnly", "ReadOnly"))}]
    else:
        advanced = [{"name": "management", "field_selector": [_field("eventCategory", equals=["Management"])]},
                    {"name": "data", "field_selector": [
                        _field("eventCategory", equals=["Data"]),
                        _field("resources.type", equals=["AWS::S3::Object"]),
                        _field("resources.ARN", starts_with=[f"arn:aws:s3:::{prefix}/"])]}]
    return {"advanced_event_selector": advanced, "arn": f"arn:aws:cloudtrail:{region}:{account}:trail/{name}",
            "cloud_watch_logs_group_arn": None, "cloud_watch_logs_role_arn": None,
            "enable_log_file_validation": rng.random() < 0.8, "enable_logging": True, "event_selector": selectors,
            "home_region": region, "id": name, "include_global_service_events": multi_region or rng.random() < 0.2,
            "insight_selector": [], "is_multi_region_trail": multi_region, "is_organization_trail": False,
            "kms_key_id": None, "name": name, "s3_bucket_name": bucket, "s3_key_prefix": None,
            "sns_topic_name": None, "tags": {}, "tags_all": {}}


def wide_policy(rng: random.Random, account: str) -> str:
    """1–4 statements mixing wildcards, NotAction, Deny + NotResource and conditions."""
    statements = []
    for n in range(rng.randint(1, 4)):
        kind = rng.random()
        statement: dict[str, Any] = {"Sid": f"S{n}", "Effect": "Allow"}
        actions = sorted(set(rng.choices(_WIDE_ACTIONS, k=rng.randint(1, 4))))
        if kind < 0.2:
            statement["NotAction"] = actions
            statement["Resource"] = "*"
        elif kind < 0.35:
            statement.update(Effect="Deny", Action=actions,
                             NotResource=f"arn:aws:cloudtrail:*:{account}:trail/audit-{rng.randint(0, 9)}*")
        else:
            statement["Action"] = actions
            statement["Resource"] = rng.choice(("*", f"arn:aws:cloudtrail:*:{account}:trail/*",
                                                f"arn:aws:cloudtrail:us-east-1:{account}:trail/dense-{n}*"))
        if rng.random() < 0.25:
            statement["Condition"] = rng.choice(_CONDITIONS)
        statements.append(statement)
    return _compact({"Version": "2012-10-17", "Statement": statements})


def _assume_role() -> str:
    return _compact({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                              "Principal": {"Service": "ec2.amazonaws.com"}}]})


class _Plan:
    """Collects resources into the three places a plan lists them."""

    def __init__(self) -> None:
        self.changes: list[dict[str, Any]] = []
        self.planned: list[dict[str, Any]] = []
        self.configured: list[dict[str, Any]] = []
        self.providers: dict[str, dict[str, Any]] = {
            "aws": {"name": "aws", "full_name": AWS, "expressions": {"region": {"constant_value": "us-east-1"}}}}

    def add(self, kind: str, name: str, after: dict[str, Any], provider: str, action: str = "create",
            unknown: dict[str, Any] | None = None) -> None:
        address = f"{kind}.{name}"
        before = None if action == "create" else after
        self.changes.append({"address": address, "mode": "managed", "type": kind, "name": name,
                             "provider_name": AWS, "change": {
                                 "actions": [action], "before": before, "after": after,
                                 "after_unknown": unknown or {}, "before_sensitive": False if before is None else {},
                                 "after_sensitive": {}}})
        values = {k: v for k, v in after.items() if (unknown or {}).get(k) is not True}
        self.planned.append({"address": address, "mode": "managed", "type": kind, "name": name,
                             "provider_name": AWS, "schema_version": 0, "values": values, "sensitive_values": {}})
        self.configured.append({"address": address, "mode": "managed", "type": kind, "name": name,
                                "provider_config_key": provider, "schema_version": 0,
                                "expressions": {"name": {"constant_value": after.get("name", name)}}})

    def provider(self, alias: str, region: str, role_arn: str | None = None) -> str:
        expressions: dict[str, Any] = {"region": {"constant_value": region}}
        if role_arn:
            expressions["assume_role"] = [{"role_arn": {"constant_value": role_arn}}]
        self.providers[f"aws.{alias}"] = {"name": "aws", "full_name": AWS, "alias": alias,
                                          "expressions": expressions}
        return f"aws.{alias}"

    def document(self) -> dict[str, Any]:
        return {"format_version": "1.2", "terraform_version": "1.9.5", "variables": {},
                "planned_values": {"root_module": {"resources": self.planned}},
                "resource_changes": self.changes,
                "configuration": {"provider_config": self.providers,
                                  "root_module": {"resources": self.configured}},
                "timestamp": "2026-01-01T00:00:00Z", "applyable": True, "complete": True, "errored": False}


def dense(size: int, seed: int = 1) -> dict[str, Any]:
    """SIZE trails in one account over 5 Regions, 10 × SIZE wide policies on SIZE / 5 roles."""
    return _one_account(size, seed, policies=10 * size, roles=max(1, size // 5))


def access(size: int, seed: int = 1) -> dict[str, Any]:
    """SIZE trails in one account over 5 Regions, 20 × SIZE wide policies, 20 on each of SIZE roles.

    SIZE = 100 gives the input of issue 11's `access --format json` target (100 trails × 2,000 policies).
    """
    return _one_account(size, seed, policies=20 * size, roles=size)


def _one_account(size: int, seed: int, *, policies: int, roles: int) -> dict[str, Any]:
    rng = random.Random(seed)
    plan = _Plan()
    aliases = [plan.provider(region.replace("-", ""), region) for region in DENSE_REGIONS]
    buckets = [f"dense-logs-{n}-{ACCOUNT}" for n in range(max(1, size // 20))]
    for bucket in buckets:
        plan.add("aws_s3_bucket", bucket.replace("-", "_"), {"bucket": bucket, "force_destroy": False}, "aws",
                 unknown={"arn": True, "id": True})
    prefixes = [f"dense-data-{n}" for n in range(max(1, size // 50))]
    for n in range(size):
        provider = aliases[n % len(aliases)]
        region = DENSE_REGIONS[n % len(DENSE_REGIONS)]
        name = f"dense-{n}"
        after = _trail_resource(rng, name, rng.choice(buckets), region, ACCOUNT, n % 97 == 0,
                                rng.choice(prefixes))
        plan.add("aws_cloudtrail", name.replace("-", "_"), after, provider, action="no-op")
    for n in range(roles):
        plan.add("aws_iam_role", f"role_{n}", {
            "name": f"dense-role-{n}", "arn": f"arn:aws:iam::{ACCOUNT}:role/dense-role-{n}",
            "assume_role_policy": _assume_role(), "inline_policy": [], "managed_policy_arns": [], "path": "/",
            "permissions_boundary": None, "tags": {}}, "aws", action="no-op")
    for n in range(policies):
        arn = f"arn:aws:iam::{ACCOUNT}:policy/dense-policy-{n}"
        plan.add("aws_iam_policy", f"policy_{n}", {"name": f"dense-policy-{n}", "arn": arn, "path": "/",
                                                   "policy": wide_policy(rng, ACCOUNT)}, "aws", action="no-op")
        plan.add("aws_iam_role_policy_attachment", f"attach_{n}", {"role": f"dense-role-{n % roles}",
                                                                   "policy_arn": arn}, "aws", action="no-op")
    return plan.document()


def org(size: int, seed: int = 1) -> dict[str, Any]:
    """SIZE accounts × (3 trails + 20 roles), each account behind its own provider alias."""
    rng = random.Random(seed)
    plan = _Plan()
    for a in range(size):
        account = f"{200000000000 + a:012d}"
        for t, region in enumerate(ORG_REGIONS):
            provider = plan.provider(f"a{a}_{region.replace('-', '')}", region,
                                     f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole")
            name = f"acct-{a}-trail-{t}"
            bucket = f"org-logs-{account}"
            plan.add("aws_cloudtrail", name.replace("-", "_"),
                     _trail_resource(rng, name, bucket, region, account, t == 0, f"app-{account}"), provider,
                     action="no-op")
        for r in range(20):
            name = f"acct-{a}-role-{r}"
            plan.add("aws_iam_role", name.replace("-", "_"), {
                "name": name, "arn": f"arn:aws:iam::{account}:role/{name}", "assume_role_policy": _assume_role(),
                "inline_policy": [{"name": f"{name}-inline", "policy": wide_policy(rng, account)}],
                "managed_policy_arns": [], "path": "/", "permissions_boundary": None, "tags": {}}, provider,
                action="no-op")
    return plan.document()
