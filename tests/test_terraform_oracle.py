"""Terraform as the oracle for the .tf reader: each module in tests/fixtures/terraform-oracle/ is
planned offline by terraform with the AWS provider, and what trail-lint reads from the module's
source must equal what it reads from the plan (``terraform show -json``): the trails, the buckets,
the policies' statements and the findings (rule and message; their positions differ).

Where the plan rightly knows more than the source can, the difference is listed in ``EXPECTED``
with the reason. The modules plan without calling AWS: fake credentials, the provider's skip flags,
and no data source that reads from the API.
"""
from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from trail_lint.config import Config
from trail_lint.engine import RunResult, run
from trail_lint.model import Policy, Statement, trust_policy
from trail_lint.registry import all_rules

CASES = Path(__file__).parent / "fixtures" / "terraform-oracle"
# A provider mirror (terraform init -plugin-dir layout) holding hashicorp/aws
PLUGINS = Path(os.environ.get("TRAIL_LINT_TF_PLUGINS", "/opt/tf-plugins"))
HAS_TERRAFORM = shutil.which("terraform") is not None
HAS_AWS = HAS_TERRAFORM and (PLUGINS / "registry.terraform.io" / "hashicorp" / "aws").is_dir()

pytestmark = pytest.mark.skipif(not HAS_AWS, reason=f"needs terraform on PATH and the AWS provider in {PLUGINS}")

# Trail fields that differ by reader and are not values of the trail: where it was read, the names of
# what it refers to, and what is held as holes or derived from the deployment.
NOT_COMPARED = frozenset({"origin", "region_at", "deployment", "holes", "scope", "existence", "kept_until_replaced",
                          "missing", "s3_bucket_ref", "sns_topic_ref", "kms_key_ref", "cloudwatch_logs_group_ref",
                          "cloudwatch_logs_role_ref", "delivery_errors", "account", "arn"})

# A bucket's id and ARN are known after apply in a plan, and its configuration keeps only the
# references of an expression, not its text: the source knows `aws_s3_bucket.logs.id` is the bucket's name
_BUCKET_ID = "the plan has aws_s3_bucket.logs.id (known after apply), the source the bucket's name it is"

_MISSING_BUCKET = ("TL002 TL207 (bucket-policy-blocks-delivery), TL307 (log-bucket-public), TL310 "
                   "(log-bucket-access-logging-disabled), TL311 (log-bucket-unprotected), TL312 "
                   "(log-bucket-public-access-unblocked) and TL320 (log-bucket-no-lifecycle) cannot decide: log bucket "
                   "'{}' of trail '{}' "
                   "(and 4 other trails) is not in the inputs")
_MISSING_BUCKET_KEYED = _MISSING_BUCKET.replace("TL002 ", "TL002 TL204 (kms-key-region-mismatch), ", 1)
_DOCUMENT_WRITE = ("TL002 TL207 (bucket-policy-blocks-delivery) cannot decide: bucket policy of 'oracle-document-logs' "
                   "of trail '{0}' may not let CloudTrail call s3:PutObject on "
                   "arn:aws:s3:::oracle-document-logs/{1}/AWSLogs/<account-id>/*: statement '{2}': {3}")
_ACCOUNT = "the source knows the Resource: the trail's account, which it must match, is not known"
_ARN = "the plan does not know the Resource: it holds aws_s3_bucket.logs.arn"
_COVERS = ("whether the Resource covers arn:aws:s3:::oracle-document-logs/{}/AWSLogs/<account-id>/* depends on the "
           "trail's account, which is not known (pass --account, or set account in the configuration)")

# case -> the differences that are right, in the order the test lists them: what differs -> why
EXPECTED: Mapping[str, Mapping[str, str]] = {
    "basic": {
        "source only: TL309 trail 'oracle-basic' records S3 write data events for its own log bucket "
        "'oracle-basic-logs'": "a data resource's values hold aws_s3_bucket.logs.arn, known after apply",
        "plan only: TL002 TL309 (trail-logs-own-bucket) cannot decide: what trail 'oracle-basic' records is not "
        "known: its event selectors hold a value not known offline": "the same",
        "trail oracle-basic in eu-west-1: event_selectors": "the same",
        "trail oracle-basic in eu-west-1: s3_bucket": _BUCKET_ID,
    },
    "for-each": {
        # the one TL002 for a bucket missing from the inputs names the first of its trails in input
        # order (problems.first_to_name: a finding that stays put when trails are added after it):
        # the source's declaration order, the plan's order of addresses
        "source only: " + _MISSING_BUCKET.format("oracle-foreach-logs", "oracle-local"): "input order",
        "plan only: " + _MISSING_BUCKET.format("oracle-foreach-logs", "alpha"): "input order",
    },
    "module-loops": {
        # two of the trails name a key by its ARN: where the bucket is, no input says (TL204 open too)
        "source only: " + _MISSING_BUCKET_KEYED.format("oracle-units-logs", "oracle-payments"): "input order",
        "plan only: " + _MISSING_BUCKET_KEYED.format("oracle-units-logs", "oracle-after-search"): "input order",
    },
    "modules": {
        "trail oracle-regional-eu in eu-west-1: s3_bucket": _BUCKET_ID,
        "trail oracle-regional-us in us-east-1: s3_bucket": _BUCKET_ID,
    },
    "policy-document": {
        # both hold TL207 back, as the trails' account is not known; the plan, which reads the document
        # only when the bucket's ARN is known (after apply), for its Resource first
        "source only: " + _DOCUMENT_WRITE.format("audit", "audit", "WriteAudit", _COVERS.format("audit")): _ACCOUNT,
        "source only: " + _DOCUMENT_WRITE.format("security", "sec", "WriteSecurity", _COVERS.format("sec")): _ACCOUNT,
        "plan only: " + _DOCUMENT_WRITE.format("audit", "audit", "WriteAudit", "Resource not known"): _ARN,
        "plan only: " + _DOCUMENT_WRITE.format("security", "sec", "WriteSecurity", "Resource not known"): _ARN,
        "s3 policy of oracle-document-logs": "the statements' Resource holds aws_s3_bucket.logs.arn",
        "trail audit in eu-west-1: s3_bucket": _BUCKET_ID,
        "trail security in eu-west-1: s3_bucket": _BUCKET_ID,
    },
    "templatefile": {
        "trail audit in eu-west-1: s3_bucket": _BUCKET_ID,
        "trail ops in eu-west-1: s3_bucket": _BUCKET_ID,
    },
}


@pytest.fixture(scope="session")
def terraform_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An environment where `terraform init` installs from the mirror, into one plugin cache per session."""
    home = tmp_path_factory.mktemp("terraform")
    (home / "cache").mkdir()
    rc = home / "terraformrc"
    rc.write_text(f'plugin_cache_dir = "{home / "cache"}"\n'
                  f'provider_installation {{\n  filesystem_mirror {{\n    path = "{PLUGINS}"\n  }}\n}}\n')
    return {**os.environ, "TF_CLI_CONFIG_FILE": str(rc), "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"}


def terraform(directory: Path, env: Mapping[str, str], *command: str) -> str:
    done = subprocess.run(["terraform", *command, "-no-color"], cwd=directory, env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, f"terraform {' '.join(command)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def plan_json(case: Path, work: Path, env: Mapping[str, str]) -> Path:
    """The case planned by terraform, in a copy (terraform writes into the module's directory)."""
    module = work / "module"
    shutil.copytree(case, module)
    terraform(module, env, "init", "-backend=false", "-input=false")
    terraform(module, env, "plan", "-input=false", "-refresh=false", "-out=tfplan")
    out = work / "plan" / "plan.json"
    out.parent.mkdir()
    out.write_text(terraform(module, env, "show", "-json", "tfplan"))
    return out


def lint(path: Path) -> RunResult:
    return run([str(path)], Config(), all_rules(), raise_errors=True)


def statements(policy: Policy | None) -> Any:
    if policy is None or not isinstance(policy.statements, tuple):
        return policy if policy is None else policy.statements
    return sorted(repr(unordered(s)) for s in policy.statements)


def unordered(statement: Statement) -> Statement:
    """The statement with its elements in one order: IAM reads them as sets, and aws_iam_policy_document
    writes its set arguments (actions, resources, conditions, values) in the order of its own hashes."""
    def tidy(items: Any) -> Any:
        return tuple(sorted(items, key=repr)) if isinstance(items, tuple) else items

    conditions = statement.conditions
    if isinstance(conditions, tuple):
        conditions = tidy(tuple(dataclasses.replace(c, values=tidy(c.values)) for c in conditions))
    principals = statement.principals
    if isinstance(principals, Mapping):
        principals = {kind: tidy(names) for kind, names in sorted(principals.items())}
    return dataclasses.replace(statement, actions=tidy(statement.actions), not_actions=tidy(statement.not_actions),
                               resources=tidy(statement.resources), not_resources=tidy(statement.not_resources),
                               conditions=conditions, principals=principals)


def fields(value: Any, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    return {f.name: getattr(value, f.name) for f in dataclasses.fields(value) if f.name not in skip}


def read(result: RunResult) -> dict[str, Any]:
    """What one reading gives, in terms both readers share."""
    inventory = result.inventory
    seen: dict[str, Any] = {}
    for trail in inventory.trails:
        values = fields(trail, NOT_COMPARED)
        if isinstance(trail.advanced_selectors, tuple):
            # field_selector is a set in the provider's schema: the plan lists them in its order
            values["advanced_selectors"] = tuple(
                dataclasses.replace(s, fields=tuple(sorted(s.fields, key=repr)) if isinstance(s.fields, tuple)
                                    else s.fields) for s in trail.advanced_selectors)
        seen[f"trail {trail.name} in {trail.region}"] = values
    for bucket in inventory.buckets:
        values = fields(bucket, frozenset({"origin", "policy", "settings", "deployment", "account"}))
        seen[f"bucket {bucket.name}"] = {**values, "policy": statements(bucket.policy)}
    for held in inventory.resource_policies:
        seen[f"{held.service} policy of {held.target}"] = statements(held.policy)
    for policy in inventory.policies:
        seen[f"policy {policy.name}"] = statements(policy)
    for principal in inventory.principals:
        trust = trust_policy(principal)
        seen[f"{principal.kind.value} {principal.name}"] = {
            "inline": {p.name: statements(p) for p in principal.inline_policies},
            "managed": sorted(repr(ref.arn) for ref in principal.managed_policies),
            "groups": sorted(principal.groups), "trust": statements(trust)}
    seen["findings"] = {f"{f.rule} {f.message}" for f in result.findings}
    return seen


def differences(source: dict[str, Any], plan: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    found: list[tuple[str, Any, Any]] = []
    for what in sorted(set(source) | set(plan)):
        mine, theirs = source.get(what), plan.get(what)
        if what == "findings":
            found += [(f"source only: {line}", line, None) for line in sorted(source[what] - plan[what])]
            found += [(f"plan only: {line}", None, line) for line in sorted(plan[what] - source[what])]
        elif isinstance(mine, dict) and isinstance(theirs, dict):
            found += [(f"{what}: {key}", mine.get(key), theirs.get(key)) for key in sorted(set(mine) | set(theirs))
                      if mine.get(key) != theirs.get(key)]
        elif mine != theirs:
            found.append((what, mine, theirs))
    return found


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_the_source_reads_as_terraform_plans_it(case: str, tmp_path: Path, terraform_env: dict[str, str]) -> None:
    plan = plan_json(CASES / case, tmp_path, terraform_env)
    source_read, plan_read = read(lint(CASES / case)), read(lint(plan.parent))
    assert any(what.startswith("trail ") for what in plan_read), "the case plans no trail"
    found = differences(source_read, plan_read)
    assert [what for what, _, _ in found] == list(EXPECTED.get(case, {})), found


# Blocks and statements written beside a dynamic block or a concat over variables given no value
# (tests/test_written_beside_unknown.py): whatever the variables are, terraform plans a configuration of
# which each finding trail-lint decides from the source alone still holds.
WRITTEN_BESIDE_UNKNOWN = Path(__file__).parent / "fixtures" / "written-beside-unknown"
_VARIABLES = [
    ("[]", "[]"),
    ('["ReadOnly"]', ('[{Effect="Deny", Action=["cloudtrail:PutEventSelectors", "cloudtrail:DeleteTrail"], '
                     'Resource="*"}]')),
    ('["WriteOnly", "All"]', '[{Effect="Allow", Action=["cloudtrail:StopLogging"], Resource="*"}]'),
]


def decided(result: RunResult) -> set[str]:
    """The findings of a run that decide something (no TL002), by rule and message."""
    return {f"{f.rule} {f.message}" for f in result.findings if f.rule not in ("TL000", "TL001", "TL002")}


def test_what_the_source_decides_beside_values_not_known_holds_whatever_they_are(
        tmp_path: Path, terraform_env: dict[str, str]) -> None:
    source = decided(lint(WRITTEN_BESIDE_UNKNOWN))
    assert {"TL501", "TL503"} <= {line.split()[0] for line in source}, source
    module = tmp_path / "module"
    shutil.copytree(WRITTEN_BESIDE_UNKNOWN, module)
    terraform(module, terraform_env, "init", "-backend=false", "-input=false")
    for number, (selectors, statements) in enumerate(_VARIABLES):
        terraform(module, terraform_env, "plan", "-input=false", "-refresh=false", "-out=tfplan",
                  "-var", f"more_selectors={selectors}", "-var", f"more_statements={statements}")
        out = tmp_path / f"plan{number}" / "plan.json"
        out.parent.mkdir()
        out.write_text(terraform(module, terraform_env, "show", "-json", "tfplan"))
        planned = decided(lint(out.parent))
        assert source <= planned, (selectors, statements, sorted(source - planned))
