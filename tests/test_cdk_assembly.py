"""A CDK cloud assembly (cdk.out): the manifest gives each stack defined with an environment its
account and Region, which its template does not say (the template writes ``AWS::AccountId``,
``AWS::Region`` and ``AWS::Partition``). Such a template is read as if --account and --region named
them for it alone; a stack without an environment stays as unknown as any template."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from trail_lint.cli import main

ACCOUNT, REGION = "111122223333", "eu-west-1"


def partition_arn(*parts: Any) -> dict[str, Any]:
    return {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, *parts]]}


# The shape `cdk synth` writes for a trail with its bucket and a function's role, reduced
TEMPLATE = {
    "Resources": {
        "TrailS30071F172": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain"},
        "Trail022F0CF2": {"Type": "AWS::CloudTrail::Trail", "Properties": {
            "IsLogging": True, "S3BucketName": {"Ref": "TrailS30071F172"}, "EnableLogFileValidation": True,
            "IncludeGlobalServiceEvents": True, "IsMultiRegionTrail": False, "EventSelectors": []}},
        "AdminRoleA1B2C3D4": {"Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}}]},
            "ManagedPolicyArns": [partition_arn(":iam::aws:policy/AWSCloudTrail_FullAccess")]}},
    },
    "Parameters": {"BootstrapVersion": {"Type": "AWS::SSM::Parameter::Value<String>",
                                        "Default": "/cdk-bootstrap/hnb659fds/version"}},
}


def assembly(root: Path, environment: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "Audit.template.json").write_text(json.dumps(TEMPLATE, indent=1))
    (root / "manifest.json").write_text(json.dumps({"version": "44.0.0", "artifacts": {
        "Audit.assets": {"type": "cdk:asset-manifest", "properties": {"file": "Audit.assets.json"}},
        "Audit": {"type": "aws:cloudformation:stack", "environment": environment,
                  "properties": {"templateFile": "Audit.template.json", "validateOnSynth": False},
                  "dependencies": ["Audit.assets"], "displayName": "Audit"},
        "Tree": {"type": "cdk:tree", "properties": {"file": "tree.json"}}}}, indent=1))
    return root


def lint(*arguments: str, capsys: pytest.CaptureFixture[str]) -> list[tuple[Any, ...]]:
    main(["--format", "json", *arguments])
    findings = json.loads(capsys.readouterr().out)["findings"]
    return sorted((f["rule"], f["account"], f["region"], f["line"], f["message"]) for f in findings)


@pytest.mark.parametrize("named", ["directory", "template"])
def test_a_stack_with_an_environment_is_read_in_its_account_and_region(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], named: str) -> None:
    out = assembly(tmp_path / "cdk.out", f"aws://{ACCOUNT}/{REGION}")
    found = lint(str(out if named == "directory" else out / "Audit.template.json"), capsys=capsys)
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "Audit.template.json").write_text((out / "Audit.template.json").read_text())
    assert found == lint("--account", ACCOUNT, "--region", REGION, str(alone), capsys=capsys)
    assert not [f for f in found if f[0] == "TL002"]
    # the AWS managed policy the partition names is read: the role's grant is decided
    assert [f[4] for f in found if f[0] == "TL401"] == [
        "role AdminRoleA1B2C3D4 can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'Trail022F0CF2'"]
    assert ("TL316", ACCOUNT, REGION) in [f[:3] for f in found]


def test_a_stack_without_an_environment_stays_unknown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = assembly(tmp_path / "cdk.out", "aws://unknown-account/unknown-region")
    found = lint(str(out), capsys=capsys)
    messages = [f[4] for f in found if f[0] == "TL002"]
    assert any(m.startswith("home Region of trail 'Trail022F0CF2' is not known") for m in messages)
    assert any(m.startswith("AWS::Partition is not known") for m in messages)
    assert {f[1] for f in found} == {None}


def test_the_account_alone_or_another_manifest_shape_is_read_as_far_as_it_goes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = assembly(tmp_path / "cdk.out", f"aws://{ACCOUNT}/unknown-region")
    found = lint(str(out), capsys=capsys)
    assert {f[1] for f in found if f[0] != "TL002"} == {ACCOUNT}
    assert any(f[0] == "TL002" and f[4].startswith("home Region") for f in found)
    # a manifest.json of another tool beside a template says nothing of it
    (out / "manifest.json").write_text(json.dumps({"name": "app", "version": "1.0.0", "artifacts": [ACCOUNT]}))
    assert {f[1] for f in lint(str(out), capsys=capsys)} == {None}


def test_a_nested_stack_is_read_where_its_parent_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A nested stack's template is a file asset of its parent stack (`<stack>.assets.json`)."""
    out = assembly(tmp_path / "cdk.out", f"aws://{ACCOUNT}/{REGION}")
    nested = "AuditLogsNestedStackLogsNestedStackResource1234ABCD.nested.template.json"
    (out / nested).write_text((out / "Audit.template.json").read_text())
    (out / "Audit.template.json").write_text(json.dumps({"Resources": {
        "LogsNestedStackLogsNestedStackResource1234ABCD": {"Type": "AWS::CloudFormation::Stack", "Properties": {
            "TemplateURL": {"Fn::Join": ["", ["https://s3.", {"Ref": "AWS::Region"}, ".", {"Ref": "AWS::URLSuffix"},
                                              "/cdk-hnb659fds-assets-", {"Ref": "AWS::AccountId"}, "-",
                                              {"Ref": "AWS::Region"}, "/0a1b2c.json"]]}}}}}))
    source = {"path": nested, "packaging": "file"}
    destinations = {f"{ACCOUNT}-{REGION}": {"bucketName": f"cdk-hnb659fds-assets-{ACCOUNT}-{REGION}",
                                            "objectKey": "0a1b2c.json"}}
    (out / "Audit.assets.json").write_text(json.dumps({"version": "44.0.0", "files": {
        "0a1b2c": {"source": source, "destinations": destinations},
        "9f8e7d": {"source": {"path": "Audit.template.json", "packaging": "file"}, "destinations": destinations}},
        "dockerImages": {}}))
    found = lint(str(out), capsys=capsys)
    assert not [f for f in found if f[0] == "TL002" and "not known" in f[4] and "Region" in f[4]]
    assert ("TL316", ACCOUNT, REGION) in [f[:3] for f in found]
    # without the asset manifest, the nested template says nothing of where it is deployed
    (out / "Audit.assets.json").unlink()
    assert any(f[0] == "TL002" and f[4].startswith("home Region") for f in lint(str(out), capsys=capsys))


NESTED = "AuditLogsNestedStackLogsNestedStackResource1234ABCD.nested.template.json"
NESTED_ID = "LogsNestedStackLogsNestedStackResource1234ABCD"


def nested_assembly(root: Path, passed: dict[str, Any], metadata: bool = True) -> Path:
    """A stack whose trail is in a nested stack (`new NestedStack(this, 'Logs')`), the parent's bucket
    and the trail's name passed as parameters, as `cdk synth` writes it (asset metadata on)."""
    out = assembly(root, f"aws://{ACCOUNT}/{REGION}")
    stack: dict[str, Any] = {"Type": "AWS::CloudFormation::Stack", "Properties": {
        "Parameters": passed,
        "TemplateURL": {"Fn::Join": ["", ["https://s3.", {"Ref": "AWS::Region"}, ".", {"Ref": "AWS::URLSuffix"},
                                          "/", {"Fn::Sub": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}"},
                                          "/0a1b2c.json"]]}},
        "UpdateReplacePolicy": "Delete", "DeletionPolicy": "Delete"}
    if metadata:
        stack["Metadata"] = {"aws:cdk:path": "Audit/Logs.NestedStack/Logs.NestedStackResource",
                             "aws:asset:path": NESTED, "aws:asset:property": "TemplateURL"}
    parent = {"Resources": {"Bucket83908E77": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain"},
                            NESTED_ID: stack},
              "Parameters": {"Stage": {"Type": "String", "Default": "prod"}}}
    (out / "Audit.template.json").write_text(json.dumps(parent, indent=1))
    child = {"Parameters": {name: {"Type": "String"} for name in passed},
             "Resources": {"Trail022F0CF2": {"Type": "AWS::CloudTrail::Trail", "Properties": {
                 "IsLogging": True, "TrailName": {"Ref": "TrailName"}, "IsMultiRegionTrail": False,
                 "S3BucketName": {"Ref": "referencetoAuditBucket83908E77Ref"}, "EnableLogFileValidation": True}}}}
    (out / NESTED).write_text(json.dumps(child, indent=1))
    return out


BUCKET_REF = {"referencetoAuditBucket83908E77Ref": {"Ref": "Bucket83908E77"}}


@pytest.mark.parametrize("named", ["directory", "parent"])
def test_a_nested_template_in_the_assembly_is_read_with_what_its_parent_passes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], named: str) -> None:
    out = nested_assembly(tmp_path / "cdk.out", {"TrailName": "org-audit", **BUCKET_REF})
    found = lint(str(out if named == "directory" else out / "Audit.template.json"), capsys=capsys)
    # read, in the stack's account and Region, with the name the parent passes
    assert ("TL316", ACCOUNT, REGION, "trail 'org-audit' records events in its home Region (eu-west-1) only") \
        in [(f[0], f[1], f[2], f[4]) for f in found]
    # what the parent cannot settle is said once, at the nested template's parameter, with the parent's cause
    said = [f for f in found if f[0] == "TL002"]
    assert len(said) == 1, said
    assert said[0][4].startswith(
        f"parameter referencetoAuditBucket83908E77Ref is passed by nested stack {NESTED_ID!r} of ")
    assert "where it is not known: the BucketName of resource Bucket83908E77 is generated at deploy time" in said[0][4]
    assert "S3BucketName of trail 'Trail022F0CF2'" in said[0][4] and "pass --parameter" not in said[0][4]


def test_a_nested_template_that_is_not_there_is_said_once_by_its_parent(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = nested_assembly(tmp_path / "cdk.out", {"TrailName": "org-audit", **BUCKET_REF})
    (out / NESTED).unlink()
    found = lint(str(out), capsys=capsys)
    assert [(f[0], f[4].split(":")[0]) for f in found] == [
        ("TL002", f"nested stack {NESTED_ID!r} is not read with this template")]
    # without the asset metadata the parent cannot tell which file it is: as before, its S3 URL
    out = nested_assembly(tmp_path / "other" / "cdk.out", {"TrailName": "org-audit"}, metadata=False)
    messages = [f[4] for f in lint(str(out / "Audit.template.json"), capsys=capsys)]
    assert messages == [(f"nested stack {NESTED_ID!r} is not read with this template: lint its template "
                        f"https://s3.{REGION}.amazonaws.com/cdk-hnb659fds-assets-{ACCOUNT}-{REGION}/0a1b2c.json "
                        "on its own with --parameter TrailName=org-audit")]


def test_a_value_resting_on_the_parent_s_default_is_read_as_resting_on_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The nested template is read with the value the parent takes from its Stage Default, as a
    template's own Default is read (what rests on it says so: test_nested_local_templates)."""
    out = nested_assembly(tmp_path / "cdk.out", {"TrailName": {"Fn::Sub": "${Stage}-audit"}, **BUCKET_REF})
    found = lint(str(out / "Audit.template.json"), capsys=capsys)
    assert ("TL303", ACCOUNT, REGION, "log files of trail 'prod-audit' are not encrypted with a KMS key") in [
        (f[0], f[1], f[2], f[4]) for f in found]
    assert not [f for f in found if "is not read with this template" in f[4]]
