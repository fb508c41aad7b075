"""A stack set (AWS::CloudFormation::StackSet) whose template is written into it (``TemplateBody``, a
string holding a JSON or YAML template: "The structure that contains the template body, with a
minimum length of 1 byte and a maximum length of 51,200 bytes",
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-stackset.html)
is read in place: its trails and policies are placed at the stack set's TemplateBody, read with the
values of its ParameterKey/ParameterValue pairs, in the account and Region its StackInstancesGroup
names (``DeploymentTargets.Accounts``, ``Regions``,
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudformation-stackset-stackinstances.html);
what those leave open (several Regions, accounts of OUs, a parameter without a value) is said."""
from __future__ import annotations

import json
from pathlib import Path

from trail_lint.config import Config
from trail_lint.engine import RunResult, run
from trail_lint.load import load_text
from trail_lint.normalise import Supplied
from trail_lint.normalise.cloudformation import template as cloudformation
from trail_lint.registry import all_rules

BODY = """Parameters:
  ArchiveBucket: {Type: String}
  Validation: {Type: String, Default: 'true'}
Resources:
  Guard:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      IsMultiRegionTrail: true
      S3BucketName: !Ref ArchiveBucket
      EnableLogFileValidation: !Ref Validation
  Ops:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]
      Policies:
        - PolicyName: ops
          PolicyDocument:
            Statement: [{Effect: Allow, Action: 'cloudtrail:*', Resource: '*'}]
"""


def parent(body: str = BODY, targets: str = 'Accounts: ["111122223333"]', regions: str = "[eu-west-1]",
           pairs: str = "[{ParameterKey: ArchiveBucket, ParameterValue: org-archive}, "
                        "{ParameterKey: Validation, ParameterValue: 'false'}]", extra: str = "") -> str:
    indented = "".join(f"        {line}\n" for line in body.splitlines())
    return (f"""AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Baseline:
    Type: AWS::CloudFormation::StackSet
    Properties:
      StackSetName: baseline
      PermissionModel: SELF_MANAGED
      Parameters: {pairs}
      StackInstancesGroup:
        - DeploymentTargets: {{{targets}}}
          Regions: {regions}
{extra}      TemplateBody: |
""" + indented)


def lint(tmp_path: Path, text: str, name: str = "baseline.yaml") -> RunResult:
    file = tmp_path / name
    file.write_text(text)
    return run([str(file)], Config(select=("TL002", "TL302", "TL401")), all_rules(), raise_errors=True)


def test_the_template_body_is_read_in_place_with_the_pairs_in_the_account_and_region_targeted(tmp_path: Path) -> None:
    result = lint(tmp_path, parent())
    assert [(f.line, f.rule, f.message) for f in result.findings if f.rule != "TL002"] == [
        (12, "TL302", "log file validation is disabled for trail 'Guard'"),
        (12, "TL401", "role Ops can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'Guard'")]
    assert [(f.account, f.region) for f in result.findings if f.rule == "TL302"] == [("111122223333", "eu-west-1")]
    # nothing left to lint on its own, and no parameter said to lack a value
    assert not [f for f in result.findings if "is not read" in f.message or "has no Default" in f.message]
    (trail,) = result.inventory.trails
    assert (trail.s3_bucket, trail.region) == ("org-archive", "eu-west-1")


def test_every_place_of_what_it_makes_is_below_the_template_body() -> None:
    contents = cloudformation.normalise(load_text(parent(), "org/baseline.yaml"), Supplied())
    here = ("Resources", "Baseline", "Properties", "TemplateBody")
    places = [t.origin for t in contents.trails] + [p.origin for p in contents.principals] + \
        [s.origin for p in contents.policies for s in p.statements]  # type: ignore[union-attr]
    assert len(places) >= 2 and all(o.file == "org/baseline.yaml" and o.path[:4] == here for o in places)
    assert contents.trails[0].origin.of("log_file_validation").path == (
        *here, "Resources", "Guard", "Properties", "EnableLogFileValidation")


def test_a_json_template_body_in_a_json_parent_is_placed_at_its_line(tmp_path: Path) -> None:
    body = json.dumps({"Resources": {"Guard": {"Type": "AWS::CloudTrail::Trail", "Properties": {
        "IsLogging": True, "S3BucketName": "org-archive", "EnableLogFileValidation": False}}}})
    template = {"Resources": {"Baseline": {"Type": "AWS::CloudFormation::StackSet", "Properties": {
        "StackSetName": "baseline", "PermissionModel": "SELF_MANAGED",
        "StackInstancesGroup": [{"DeploymentTargets": {"Accounts": ["111122223333"]}, "Regions": ["eu-west-1"]}],
        "TemplateBody": body}}}}
    text = json.dumps(template, indent=2)
    line = next(n for n, written in enumerate(text.splitlines(), 1) if '"TemplateBody"' in written)
    result = lint(tmp_path, text, "baseline.json")
    assert [(f.line, f.rule) for f in result.findings if f.rule == "TL302"] == [(line, "TL302")]


def test_several_regions_or_accounts_of_ous_leave_the_home_region_unknown_said_once(tmp_path: Path) -> None:
    result = lint(tmp_path, parent(targets="OrganizationalUnitIds: [ou-ab12-cdef3456]",
                                   regions="[eu-west-1, us-east-1]"))
    assert [(f.line, f.message) for f in result.findings if f.rule == "TL002"] == [
        (9, ("stack set 'Baseline' deploys its TemplateBody to the Regions eu-west-1, us-east-1: the home Region "
             "of the trails it makes is not known, and Region checks (quota, coverage, cost) leave them out"))]
    assert [(f.rule, f.account, f.region) for f in result.findings if f.rule == "TL302"] == [("TL302", None, None)]


def test_a_parameter_without_a_value_or_with_overrides_is_not_known_with_its_cause(tmp_path: Path) -> None:
    overrides = "          ParameterOverrides: [{ParameterKey: Validation, ParameterValue: 'true'}]\n"
    text = parent(pairs="[]").replace("          Regions: [eu-west-1]\n", "          Regions: [eu-west-1]\n" + overrides)
    messages = [f.message for f in lint(tmp_path, text).findings]
    assert sorted(m.split(", so not known")[0] for m in messages if "so not known" in m) == [
        "stack set 'Baseline' of " + str(tmp_path / "baseline.yaml") + " gives parameter Validation other values for "
        "some of its stack instances (ParameterOverrides)",
        "stack set 'Baseline' of " + str(tmp_path / "baseline.yaml") + " passes parameter ArchiveBucket no value, "
        "and it has no Default"]
    assert not [m for m in messages if "log file validation is disabled" in m]


def test_a_body_that_is_not_a_template_is_said_and_one_not_known_is_left_to_lint_alone(tmp_path: Path) -> None:
    broken = lint(tmp_path, parent(body="Resources: [unclosed"))
    assert [(f.line, f.message.split(" (")[0]) for f in broken.findings] == [
        (12, "the TemplateBody of stack set 'Baseline' is not JSON or YAML CloudFormation reads")]
    unknown = parent(body="BODY").replace("TemplateBody: |\n        BODY\n", "TemplateBody: !Ref Body\n")
    unknown = unknown.replace("Resources:\n", "Parameters:\n  Body: {Type: String}\nResources:\n", 1)
    messages = [f.message for f in lint(tmp_path, unknown).findings]
    assert any(m.startswith("stack set 'Baseline' is not read with this template: lint its TemplateBody") for m in messages)


def test_a_body_that_makes_no_trail_says_nothing_of_their_region(tmp_path: Path) -> None:
    """A Config conformance pack deployed to four Regions (the shape of a real template): no trail,
    so no home Region to say unknown."""
    body = ("Resources:\n  Pack:\n    Type: AWS::Config::OrganizationConformancePack\n"
            "    Properties: {OrganizationConformancePackName: cirt}\n")
    result = lint(tmp_path, parent(body=body, pairs="[]", regions="[us-east-1, us-east-2, us-west-1, us-west-2]"))
    assert result.findings == ()


def test_a_pair_from_a_parent_parameter_s_default_is_read_as_resting_on_it(tmp_path: Path) -> None:
    """The shape of aws-samples/aws-control-tower-existing-cloudtrail-integration: every pair is
    `!Ref` of a parent parameter, most with a Default."""
    text = parent(pairs="[{ParameterKey: ArchiveBucket, ParameterValue: org-archive}, "
                        "{ParameterKey: Validation, ParameterValue: !Ref Validation}]")
    text = text.replace("Resources:\n", "Parameters:\n  Validation: {Type: String, Default: 'false'}\nResources:\n", 1)
    found = [(f.rule, f.message) for f in lint(tmp_path, text).findings if f.rule == "TL302"]
    assert found == [("TL302", ("log file validation is disabled for trail 'Guard' "
                               "(assuming parameter Validation keeps its Default 'false')"))]


def test_an_ignore_comment_in_the_text_does_not_cover_the_parent_s_line_of_its_number(tmp_path: Path) -> None:
    """Line 5 of the TemplateBody is no line of the parent: the parent's own trail there is reported."""
    text = parent(body="Resources:\n  Guard:\n    Type: AWS::CloudTrail::Trail\n"
                       "    # trail-lint: ignore TL302 written in the text\n"
                       "    Properties: {IsLogging: true, S3BucketName: b, EnableLogFileValidation: false}\n")
    # (the parent's own trail is named as the text's: an ignore covers a line and the resource there)
    text = text.replace("Resources:\n", "Resources:\n  Guard:\n    Type: AWS::CloudTrail::Trail\n"
                        "    Properties: {IsLogging: true, S3BucketName: b, EnableLogFileValidation: false}\n", 1)
    assert [(f.line, f.rule, f.suppressed) for f in lint(tmp_path, text).findings if f.rule == "TL302"] == [
        (5, "TL302", None), (15, "TL302", None)]
