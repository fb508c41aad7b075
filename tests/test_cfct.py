"""Customizations for AWS Control Tower: the package's manifest.yaml says what its files are. A
template is read with the parameters the manifest passes (inline, or in a parameter file), a value
CfCT resolves at deployment unknown with that cause; a policy file deployed as an SCP or RCP is that
policy, never an identity document (an SCP grants nothing). The manifest is read also when only one
file of its package is named (pre-commit)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from trail_lint.config import Config
from trail_lint.engine import RunResult, run
from trail_lint.registry import all_rules

TEMPLATE = """
Parameters:
  pTrailName:
    Type: String
  pBucketName:
    Type: String
  pMultiRegion:
    Type: String
    Default: "true"
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: !Ref pTrailName
      S3BucketName: !Ref pBucketName
      IsLogging: true
      IsMultiRegionTrail: !Ref pMultiRegion
      EnableLogFileValidation: true
"""
ALLOW_LIST = {"Version": "2012-10-17", "Statement": [
    {"Sid": "AllowListed", "Effect": "Allow", "Action": ["cloudtrail:*", "s3:*"], "Resource": "*"}]}

MANIFEST_V2 = """
region: us-east-1
version: 2021-03-15
resources:
  - name: org-trail
    resource_file: templates/org-trail.yaml
    deploy_method: stack_set
    parameters:
      - parameter_key: pTrailName
        parameter_value: org-trail
      - parameter_key: pBucketName
        parameter_value: $[alfred_ssm_/org/cloudtrail/s3_bucket]
      - parameter_key: pMultiRegion
        parameter_value: "false"
    deployment_targets:
      accounts: [Management]
    regions: [us-east-1]
  - name: allow-list
    resource_file: policies/allow-list.json
    deploy_method: scp
    deployment_targets:
      organizational_units: [Workloads]
"""
MANIFEST_V1 = """
region: us-east-1
version: 2020-01-01
organization_policies:
  - name: allow-list
    policy_file: policies/allow-list.json
    apply_to_accounts_in_ou: [Workloads]
cloudformation_resources:
  - name: org-trail
    template_file: templates/org-trail.yaml
    parameter_file: parameters/org-trail.json
    deploy_method: stack_set
    deploy_to_account: [Management]
"""
PARAMETER_FILE = [{"ParameterKey": "pTrailName", "ParameterValue": "org-trail"},
                  {"ParameterKey": "pBucketName", "ParameterValue": "$[alfred_ssm_/org/cloudtrail/s3_bucket]"},
                  {"ParameterKey": "pMultiRegion", "ParameterValue": "false"}]


def package(root: Path, manifest: str) -> Path:
    for folder in ("templates", "policies", "parameters"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "manifest.yaml").write_text(manifest)
    (root / "templates" / "org-trail.yaml").write_text(TEMPLATE)
    (root / "policies" / "allow-list.json").write_text(json.dumps(ALLOW_LIST))
    (root / "parameters" / "org-trail.json").write_text(json.dumps(PARAMETER_FILE))
    return root


def lint(*paths: Path) -> RunResult:
    return run([str(p) for p in paths], Config(), all_rules(), raise_errors=True)


@pytest.mark.parametrize("manifest", [MANIFEST_V2, MANIFEST_V1], ids=["2021-03-15", "2020-01-01"])
def test_a_package_is_read_as_its_manifest_deploys_it(tmp_path: Path, manifest: str) -> None:
    result = lint(package(tmp_path, manifest))
    messages = {(f.rule, f.message) for f in result.findings}
    # the template: the name and the single-Region setting the manifest passes
    assert ("TL316", "trail 'org-trail' records events in its home Region only") in messages
    bucket = [f.message for f in result.findings if "alfred_ssm_" in f.message]
    assert len(bucket) == 1 and bucket[0].startswith(
        "parameter pBucketName is '$[alfred_ssm_/org/cloudtrail/s3_bucket]' in the CfCT manifest ")
    assert not [m for _, m in messages if "pass --parameter" in m]
    # the policy: an SCP placed by OU name, which grants nothing
    assert not [f for f in result.findings if f.rule in ("TL401", "TL402")]
    assert [scp.policy.name for scp in result.inventory.scps] == ["allow-list.json"]
    assert not [p for p in result.inventory.principals if p.id.endswith(".json")]
    assert [Path(f.file).name for f in result.findings if "where SCP allow-list.json applies" in f.message] == \
        ["manifest.yaml"]


def test_one_file_of_a_package_is_read_with_its_manifest(tmp_path: Path) -> None:
    package(tmp_path, MANIFEST_V2)
    result = lint(tmp_path / "policies" / "allow-list.json")
    assert not [f for f in result.findings if f.rule in ("TL401", "TL402")]
    assert [scp.policy.name for scp in result.inventory.scps] == ["allow-list.json"]


def test_another_tool_s_manifest_changes_nothing(tmp_path: Path) -> None:
    package(tmp_path, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n")
    result = lint(tmp_path / "policies" / "allow-list.json")
    assert [f.rule for f in result.findings] == ["TL402"]
    assert "manifest.yaml" not in {Path(f).name for f in result.files}
