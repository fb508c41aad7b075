"""Write a deterministic organization snapshot (docs/snapshot.md) with N_ACCOUNTS accounts.

    python benchmarks/generate_snapshot.py N_ACCOUNTS OUT [--regions 17] [--trails 5] [--roles 50] [--seed 0]

The layout and the AWS CLI shapes are the ones `trail-lint collect` writes (pretty JSON, indent 4):

- ``manifest.json``: every account with the Regions read, no failures;
- ``organization/``: the management account, one root, OUs two levels deep (Security,
  Infrastructure, Workloads > Prod / NonProd / Sandbox, with one team OU per 50 accounts under
  Prod and NonProd), the accounts of each parent, and the SCPs with their targets: FullAWSAccess on
  every root, OU and account (as Organizations attaches it), a "deny StopLogging / DeleteTrail /
  UpdateTrail / PutEventSelectors on the organization trail" guardrail on Security and Prod only (the
  other OUs lack it), a deny-leave-organization SCP on the root and a Region deny (NotAction) on
  Sandbox;
- per account and Region, ``describe-trails`` with shadow copies as the API returns them: the
  organization trail of the management account (multi-Region, homed in us-east-1) in every account
  and Region, the account's own multi-Region trails (one or two, homed in the account's home Region)
  in every Region, and single-Region trails, so that each listing holds at most ``--trails`` trails
  (about half of the Regions are at that number);
- per trail, in its home Region and account only: ``get-trail-status`` (a few stopped, a few with a
  delivery error), ``get-event-selectors`` (the default selector, basic selectors with S3 data events,
  or advanced selectors with management and S3/Lambda data events, read-only or write-only and KMS
  exclusions) and ``get-insight-selectors`` for the trails with Insights;
- once per account, ``get-account-authorization-details``: ``--roles`` roles with 0–2 inline policies
  and 0–3 attached managed policies, and the account's customer managed policies (some with two
  versions) plus the AWS managed policies attached, whose documents come from the copy shipped with
  trail-lint. The statements mix CloudTrail read and tamper actions, service and action wildcards,
  mixed case, ``NotAction``, ``Deny`` and conditions. The 117 KB AWSSupportServiceRolePolicy real
  accounts carry is left out, so the parse floor is not padded with one repeated document.

A snapshot of 1,000 accounts × 17 Regions × 5 trails is about 120,000 files and 400 MB.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from trail_lint.snapshot import (
    MANIFEST,
    SCHEMA,
    account_file,
    organization_file,
    region_file,
    trail_file,
)

# The 17 Regions enabled by default in an account (no opt-in needed), us-east-1 first.
REGIONS = ("us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1", "eu-west-1",
           "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "ap-south-1", "ap-northeast-1",
           "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2")
HOME_REGIONS = ("us-east-1", "eu-west-1", "us-west-2", "eu-central-1")
ORG_ID = "o-a1b2c3d4e5"
ROOT_ID = "r-a1b2"
MANAGEMENT = "100000000000"
ORG_TRAIL = "organization-audit"
ORG_TRAIL_REGION = "us-east-1"
FULL_ACCESS = "p-FullAWSAccess"
TIME = "2026-12-01T10:00:00+00:00"
AWS_MANAGED = ("arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess",
               "arn:aws:iam::aws:policy/AWSCloudTrail_FullAccess", "arn:aws:iam::aws:policy/AWSCloudTrailReadOnlyAccess",
               "arn:aws:iam::aws:policy/service-role/AmazonMacieSetupRole",
               "arn:aws:iam::aws:policy/AWSCodePipeline_FullAccess")
TAMPER = ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"]


def account_id(index: int) -> str:
    return f"{int(MANAGEMENT) + index:012d}"


def org_arn(kind: str, ident: str) -> str:
    return f"arn:aws:organizations::{MANAGEMENT}:{kind}/{ORG_ID}/{ident}"


def trail_arn(account: str, region: str, name: str) -> str:
    return f"arn:aws:cloudtrail:{region}:{account}:trail/{name}"


# --- The organization ------------------------------------------------------------------------

def units(n_accounts: int) -> list[tuple[str, str, str]]:
    """(OU id, name, parent id) in creation order: fixed OUs, then one team OU per 50 accounts."""
    found = [("ou-a1b2-security", "Security", ROOT_ID), ("ou-a1b2-infra", "Infrastructure", ROOT_ID),
             ("ou-a1b2-workloads", "Workloads", ROOT_ID), ("ou-a1b2-prod", "Prod", "ou-a1b2-workloads"),
             ("ou-a1b2-nonprod", "NonProd", "ou-a1b2-workloads"), ("ou-a1b2-sandbox", "Sandbox", "ou-a1b2-workloads")]
    for team in range(max(1, n_accounts // 50)):
        parent = "ou-a1b2-prod" if team % 2 == 0 else "ou-a1b2-nonprod"
        found.append((f"ou-a1b2-team{team:04d}", f"team-{team}", parent))
    return found


def parents(n_accounts: int, rng: random.Random) -> dict[str, str]:
    """account -> the root or OU it sits in (the management account sits in the root)."""
    leaves = [ident for ident, _, parent in units(n_accounts) if ident not in ("ou-a1b2-workloads",)]
    placed = {MANAGEMENT: ROOT_ID}
    for index in range(1, n_accounts):
        placed[account_id(index)] = rng.choice(leaves)
    return placed


def scps(n_accounts: int, placed: dict[str, str]) -> list[tuple[dict[str, Any], dict[str, Any], list[str]]]:
    """(summary, document, targets) of every SCP."""
    every = [ROOT_ID, *(ident for ident, _, _ in units(n_accounts)), *placed]
    guard = {"Version": "2012-10-17", "Statement": [{
        "Sid": "ProtectOrganizationTrail", "Effect": "Deny", "Action": TAMPER,
        "Resource": f"arn:aws:cloudtrail:*:{MANAGEMENT}:trail/{ORG_TRAIL}",
        "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/OrganizationAccountAccessRole"}}}]}
    leave = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]}
    regions = {"Version": "2012-10-17", "Statement": [{
        "Sid": "DenyOutsideEU", "Effect": "Deny",
        "NotAction": ["iam:*", "organizations:*", "sts:*", "cloudfront:*", "support:*", "cloudtrail:Describe*"],
        "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}}}]}
    full = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    policies = [(FULL_ACCESS, "FullAWSAccess", True, full, every),
                ("p-guardtrail", "DenyOrganizationTrailChanges", False, guard, ["ou-a1b2-security", "ou-a1b2-prod"]),
                ("p-denyleave", "DenyLeaveOrganization", False, leave, [ROOT_ID]),
                ("p-euonly", "DenyOutsideEU", False, regions, ["ou-a1b2-sandbox"])]
    found = []
    for ident, name, managed, document, targets in policies:
        owner = "aws" if managed else MANAGEMENT
        summary = {"Id": ident, "Arn": f"arn:aws:organizations::{owner}:policy/{ORG_ID}/service_control_policy/{ident}",
                   "Name": name, "Description": name, "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": managed}
        found.append((summary, document, targets))
    return found


def organization_files(n_accounts: int, placed: dict[str, str]) -> Iterator[tuple[str, Any]]:
    yield organization_file("describe-organization"), {"Organization": {
        "Id": ORG_ID, "Arn": f"arn:aws:organizations::{MANAGEMENT}:organization/{ORG_ID}",
        "FeatureSet": "ALL", "MasterAccountArn": f"arn:aws:organizations::{MANAGEMENT}:account/{ORG_ID}/{MANAGEMENT}",
        "MasterAccountId": MANAGEMENT, "MasterAccountEmail": "aws-management@example.com",
        "AvailablePolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}]}}
    yield organization_file("list-roots"), {"Roots": [{
        "Id": ROOT_ID, "Arn": org_arn("root", ROOT_ID), "Name": "Root",
        "PolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}]}]}
    all_units = units(n_accounts)
    for parent in (ROOT_ID, *(ident for ident, _, _ in all_units)):
        yield organization_file("list-organizational-units-for-parent", parent=parent), {"OrganizationalUnits": [
            {"Id": ident, "Arn": org_arn("ou", ident), "Name": name} for ident, name, up in all_units if up == parent]}
        yield organization_file("list-accounts-for-parent", parent=parent), {"Accounts": [
            {"Id": account, "Arn": f"arn:aws:organizations::{MANAGEMENT}:account/{ORG_ID}/{account}",
             "Email": f"aws+{account}@example.com", "Name": account_name(account), "Status": "ACTIVE",
             "JoinedMethod": "CREATED", "JoinedTimestamp": TIME}
            for account, up in placed.items() if up == parent]}
    policies = scps(n_accounts, placed)
    yield organization_file("list-policies"), {"Policies": [summary for summary, _, _ in policies]}
    names = {ident: name for ident, name, _ in all_units}
    for summary, document, targets in policies:
        yield organization_file("describe-policy", policy=summary["Id"]), {
            "Policy": {"PolicySummary": summary, "Content": json.dumps(document)}}
        yield organization_file("list-targets-for-policy", policy=summary["Id"]), {"Targets": [
            _target(target, names) for target in targets]}


def _target(target: str, names: dict[str, str]) -> dict[str, Any]:
    if target.startswith("r-"):
        return {"TargetId": target, "Arn": org_arn("root", target), "Name": "Root", "Type": "ROOT"}
    if target.startswith("ou-"):
        return {"TargetId": target, "Arn": org_arn("ou", target), "Name": names[target], "Type": "ORGANIZATIONAL_UNIT"}
    return {"TargetId": target, "Arn": f"arn:aws:organizations::{MANAGEMENT}:account/{ORG_ID}/{target}",
            "Name": account_name(target), "Type": "ACCOUNT"}


def account_name(account: str) -> str:
    return "management" if account == MANAGEMENT else f"workload-{int(account) - int(MANAGEMENT)}"


# --- Trails ----------------------------------------------------------------------------------

def trail(rng: random.Random, account: str, region: str, name: str, *, multi: bool, organization: bool = False
          ) -> dict[str, Any]:
    """A trail as describe-trails lists it (also in the shadow Regions of a multi-Region trail)."""
    item: dict[str, Any] = {
        "Name": name, "S3BucketName": f"cloudtrail-logs-{account}",
        "IncludeGlobalServiceEvents": multi or region == "us-east-1", "IsMultiRegionTrail": multi,
        "HomeRegion": region, "TrailARN": trail_arn(account, region, name),
        "LogFileValidationEnabled": rng.random() < 0.9, "HasCustomEventSelectors": rng.random() < 0.7,
        "HasInsightSelectors": rng.random() < 0.1, "IsOrganizationTrail": organization}
    if rng.random() < 0.5:
        item["S3KeyPrefix"] = rng.choice(["audit", "cloudtrail", f"team/{name}"])
    if rng.random() < 0.6:
        item["KmsKeyId"] = f"arn:aws:kms:{region}:{account}:key/{rng.getrandbits(64):016x}-0000-4000-8000-000000000000"
    if rng.random() < 0.3:
        item["CloudWatchLogsLogGroupArn"] = f"arn:aws:logs:{region}:{account}:log-group:cloudtrail/{name}:*"
        item["CloudWatchLogsRoleArn"] = f"arn:aws:iam::{account}:role/CloudTrailToCloudWatch"
    if rng.random() < 0.2:
        item["SnsTopicName"] = item["SnsTopicARN"] = f"arn:aws:sns:{region}:{account}:cloudtrail-{name}"
    return item


def status(rng: random.Random) -> dict[str, Any]:
    logging = rng.random() < 0.95
    found: dict[str, Any] = {"IsLogging": logging, "LatestDeliveryTime": TIME, "StartLoggingTime": TIME,
                             "LatestDeliveryAttemptTime": "2026-12-01T09:59:00Z",
                             "LatestDeliveryAttemptSucceeded": "2026-12-01T09:59:00Z",
                             "TimeLoggingStarted": "2026-01-01T00:00:00Z"}
    if not logging:
        found.update(StopLoggingTime=TIME, TimeLoggingStopped="2026-11-30T00:00:00Z")
    if rng.random() < 0.03:
        found["LatestDeliveryError"] = "AccessDenied"
    return found


def selectors(rng: random.Random, account: str, arn: str, custom: bool) -> dict[str, Any]:
    if not custom:
        return {"TrailARN": arn, "EventSelectors": [
            {"ReadWriteType": "All", "IncludeManagementEvents": True, "DataResources": [],
             "ExcludeManagementEventSources": []}]}
    bucket = f"arn:aws:s3:::data-{account}-{rng.randrange(5)}/"
    if rng.random() < 0.5:
        return {"TrailARN": arn, "EventSelectors": [
            {"ReadWriteType": rng.choice(["All", "WriteOnly", "ReadOnly"]), "IncludeManagementEvents": rng.random() < 0.8,
             "DataResources": [{"Type": "AWS::S3::Object", "Values": [bucket + rng.choice(["", "logs/", "exports/"])]}],
             "ExcludeManagementEventSources": rng.choice([[], ["kms.amazonaws.com"]])}]}
    management = [{"Field": "eventCategory", "Equals": ["Management"]}]
    if rng.random() < 0.3:
        management.append({"Field": "eventSource", "NotEquals": ["kms.amazonaws.com", "rdsdata.amazonaws.com"]})
    if rng.random() < 0.3:
        management.append({"Field": "readOnly", "Equals": [rng.choice(["true", "false"])]})
    data = [{"Field": "eventCategory", "Equals": ["Data"]},
            {"Field": "resources.type", "Equals": [rng.choice(["AWS::S3::Object", "AWS::Lambda::Function"])]}]
    if data[1]["Equals"] == ["AWS::S3::Object"]:
        data.append({"Field": "resources.ARN", "StartsWith": [bucket]})
    return {"TrailARN": arn, "AdvancedEventSelectors": [
        {"Name": "Management events", "FieldSelectors": management},
        {"Name": "Data events", "FieldSelectors": data}]}


def region_files(rng: random.Random, account: str, home: str, n_multi: int, regions: tuple[str, ...],
                 most: int) -> Iterator[tuple[str, Any]]:
    """describe-trails of every Region and the files of the trails homed there."""
    org_trail = trail(random.Random(0), MANAGEMENT, ORG_TRAIL_REGION, ORG_TRAIL, multi=True, organization=True)
    org_trail.update(LogFileValidationEnabled=True, HasCustomEventSelectors=False, HasInsightSelectors=False,
                     S3BucketName=f"organization-trail-{MANAGEMENT}")
    own_multi = [trail(rng, account, home, f"account-trail-{n}", multi=True) for n in range(n_multi)]
    room = max(0, most - 1 - n_multi)
    for region in regions:
        singles = room if rng.random() < 0.5 else rng.randint(0, room)
        own_single = [trail(rng, account, region, f"{region}-app-{n}", multi=False) for n in range(singles)]
        listed = [org_trail, *own_multi, *own_single][:most]
        yield region_file(account, region, "describe-trails"), {"trailList": listed}
        for item in listed:
            if item["HomeRegion"] != region or item["TrailARN"].split(":")[4] != account:
                continue       # a shadow copy: its settings are read where it lives
            yield trail_file(account, region, item["Name"], "get-trail-status"), status(rng)
            yield trail_file(account, region, item["Name"], "get-event-selectors"), selectors(
                rng, account, item["TrailARN"], item["HasCustomEventSelectors"])
            if item["HasInsightSelectors"]:
                yield trail_file(account, region, item["Name"], "get-insight-selectors"), {
                    "TrailARN": item["TrailARN"], "InsightSelectors": [{"InsightType": "ApiCallRateInsight"}]}


# --- IAM -------------------------------------------------------------------------------------

def statements(rng: random.Random, account: str) -> list[dict[str, Any]]:
    """1-3 statements drawn from a pool of shapes seen in real accounts."""
    trail_pattern = f"arn:aws:cloudtrail:*:{account}:trail/*"
    pool = [
        lambda: {"Effect": "Allow", "Action": ["cloudtrail:Describe*", "cloudtrail:Get*", "cloudtrail:List*",
                                               "cloudtrail:LookupEvents"], "Resource": "*"},
        lambda: {"Sid": "TrailAdmin", "Effect": "Allow", "Action": rng.sample(TAMPER, rng.randint(1, 4)),
                 "Resource": trail_pattern},
        lambda: {"Effect": "Allow", "Action": "cloudtrail:*",
                 "Resource": trail_arn(account, rng.choice(REGIONS), f"account-trail-{rng.randrange(2)}")},
        lambda: {"Effect": "Allow", "Action": "*", "Resource": "*",
                 "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
        lambda: {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*", "account:*"], "Resource": "*"},
        lambda: {"Sid": "ForceMFA", "Effect": "Deny", "NotAction": "iam:*", "Resource": "*",
                 "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}},
        lambda: {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket", "s3:PutObject"],
                 "Resource": [f"arn:aws:s3:::data-{account}-{rng.randrange(5)}",
                              f"arn:aws:s3:::data-{account}-{rng.randrange(5)}/*"]},
        lambda: {"Effect": "Allow", "Action": ["ec2:Describe*", "ec2:StartInstances", "ec2:StopInstances"],
                 "Resource": "*", "Condition": {"StringEquals": {"aws:RequestedRegion": rng.choice(REGIONS)}}},
        lambda: {"Effect": "Allow", "Action": ["logs:*", "CloudWatch:Get*", "cloudwatch:PutMetricData"],
                 "Resource": "*"},
        lambda: {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": f"arn:aws:kms:*:{account}:key/*",
                 "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}},
        lambda: {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": f"arn:aws:iam::{account}:role/deploy-*"},
        lambda: {"Effect": "Deny", "Action": ["CloudTrail:StopLogging", "cloudtrail:DeleteTrail"],
                 "Resource": f"arn:aws:cloudtrail:{ORG_TRAIL_REGION}:{MANAGEMENT}:trail/{ORG_TRAIL}"},
        lambda: {"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": f"arn:aws:iam::{account}:role/*",
                 "Condition": {"StringEquals": {"iam:PassedToService": "cloudtrail.amazonaws.com"}}},
    ]
    drawn = [rng.choice(pool)() for _ in range(rng.randint(1, 3))]
    # a shape drawn twice keeps its first statement: IAM refuses a policy that gives two statements one
    # Sid (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html), so no
    # account holds one (the draws are kept, so that the rest of the snapshot is what it was)
    sids = [statement.get("Sid") for statement in drawn]
    return [statement for index, statement in enumerate(drawn)
            if not statement.get("Sid") or statement["Sid"] not in sids[:index]]


def document(rng: random.Random, account: str) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": statements(rng, account)}


def authorization_details(rng: random.Random, account: str, n_roles: int, shipped: dict[str, Any]) -> dict[str, Any]:
    customer = []
    for n in range(max(1, n_roles // 5)):
        versions = [{"Document": document(rng, account), "VersionId": "v2", "IsDefaultVersion": True,
                     "CreateDate": TIME}]
        if rng.random() < 0.3:
            versions.append({"Document": document(rng, account), "VersionId": "v1", "IsDefaultVersion": False,
                             "CreateDate": TIME})
        name = f"team-policy-{n}"
        customer.append({"PolicyName": name, "PolicyId": f"ANPA{account}{n:05d}XYZ", "Path": "/",
                         "Arn": f"arn:aws:iam::{account}:policy/{name}", "DefaultVersionId": "v2",
                         "AttachmentCount": 0, "PermissionsBoundaryUsageCount": 0, "IsAttachable": True,
                         "CreateDate": TIME, "UpdateDate": TIME, "PolicyVersionList": versions})
    choices = [p["Arn"] for p in customer] + list(AWS_MANAGED)
    roles, attached = [], set()
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{MANAGEMENT}:root"}, "Action": "sts:AssumeRole"}]}
    for n in range(n_roles):
        name = "OrganizationAccountAccessRole" if n == 0 else f"role-{n}"
        arns = ["arn:aws:iam::aws:policy/AdministratorAccess"] if n == 0 else rng.sample(choices, rng.randint(0, 3))
        attached.update(arns)
        roles.append({
            "Path": "/", "RoleName": name, "RoleId": f"AROA{account}{n:05d}ABC",
            "Arn": f"arn:aws:iam::{account}:role/{name}", "CreateDate": TIME, "AssumeRolePolicyDocument": trust,
            "InstanceProfileList": [],
            "RolePolicyList": [{"PolicyName": f"inline-{k}", "PolicyDocument": document(rng, account)}
                               for k in range(0 if n == 0 else rng.randint(0, 2))],
            "AttachedManagedPolicies": [{"PolicyName": arn.rsplit("/", 1)[1], "PolicyArn": arn} for arn in arns],
            "Tags": [{"Key": "team", "Value": f"team-{n % 7}"}] if n % 3 == 0 else [], "RoleLastUsed": {}})
    aws = [{"PolicyName": arn.rsplit("/", 1)[1], "PolicyId": f"ANPAAWS{index:05d}", "Arn": arn,
            "Path": arn.split(":policy", 1)[1].rsplit("/", 1)[0] + "/", "DefaultVersionId": shipped[arn]["version"],
            "AttachmentCount": 1, "PermissionsBoundaryUsageCount": 0, "IsAttachable": True,
            "CreateDate": TIME, "UpdateDate": TIME,
            "PolicyVersionList": [{"Document": shipped[arn]["document"], "VersionId": shipped[arn]["version"],
                                   "IsDefaultVersion": True, "CreateDate": TIME}]}
           for index, arn in enumerate(AWS_MANAGED) if arn in attached]
    return {"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": roles, "Policies": customer + aws}


# --- The snapshot ----------------------------------------------------------------------------

def snapshot(n_accounts: int, *, regions: int = 17, trails: int = 5, roles: int = 50, seed: int = 0
             ) -> Iterator[tuple[str, Any]]:
    """(path relative to the snapshot, document) of every file, the manifest first."""
    rng = random.Random(seed)
    chosen = REGIONS[:regions]
    shipped = json.loads((ROOT / "trail_lint" / "data" / "managed-policies.json").read_text())["policies"]
    placed = parents(n_accounts, rng)
    yield MANIFEST, {
        "schema": SCHEMA, "tool": {"name": "generate_snapshot.py", "version": "1"},
        "caller": f"arn:aws:sts::{MANAGEMENT}:assumed-role/Auditor/benchmark", "started": "2026-12-01T10:00:00Z",
        "finished": "2026-12-01T11:00:00Z",
        "organization": {"id": ORG_ID, "management_account": MANAGEMENT, "structure": True},
        "accounts": [{"id": account, "name": account_name(account),
                      "role": None if account == MANAGEMENT else f"arn:aws:iam::{account}:role/TrailLintRead",
                      "regions": list(chosen)} for account in sorted(placed)],
        "failures": []}
    yield from organization_files(n_accounts, placed)
    for account in sorted(placed):
        own = random.Random(f"{seed}:{account}")    # each account the same whatever N_ACCOUNTS is
        home = own.choice([r for r in HOME_REGIONS if r in chosen] or [chosen[0]])
        yield account_file(account, "get-account-authorization-details"), authorization_details(
            own, account, roles, shipped)
        yield from region_files(own, account, home, min(own.choice((1, 1, 2)), max(0, trails - 1)), chosen, trails)


def write(out: Path, n_accounts: int, **options: Any) -> tuple[int, int]:
    """Write the snapshot under ``out`` (which must not exist or be empty); (files, bytes) written."""
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise SystemExit(f"{out} is not empty")
    files = size = 0
    made: set[str] = set()
    for relative, content in snapshot(n_accounts, **options):
        path = os.path.join(out, relative)
        directory = os.path.dirname(path)
        if directory not in made:
            os.makedirs(directory, exist_ok=True)
            made.add(directory)
        text = json.dumps(content, indent=4) + "\n"
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        files += 1
        size += len(text.encode())
    return files, size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("accounts", type=int, metavar="N_ACCOUNTS")
    parser.add_argument("out", type=Path, metavar="OUT")
    parser.add_argument("--regions", type=int, default=17, help="Regions per account (at most 17)")
    parser.add_argument("--trails", type=int, default=5, help="most trails listed in one account and Region")
    parser.add_argument("--roles", type=int, default=50, help="IAM roles per account")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if not 1 <= args.regions <= len(REGIONS) or args.accounts < 1 or args.trails < 1 or args.roles < 1:
        parser.error(f"N_ACCOUNTS, --trails and --roles must be at least 1, --regions 1 to {len(REGIONS)}")
    files, size = write(args.out, args.accounts, regions=args.regions, trails=args.trails, roles=args.roles,
                        seed=args.seed)
    print(f"{files} files, {size / 1e6:.1f} MB in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
