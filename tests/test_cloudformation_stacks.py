"""Nested stacks (AWS::CloudFormation::Stack): the parent says which it did not read, and the
parameters to lint the child template with."""
from __future__ import annotations

from pathlib import Path

from trail_lint.config import from_mapping
from trail_lint.engine import run
from trail_lint.load import load_text
from trail_lint.normalise import Supplied
from trail_lint.normalise.cloudformation import template as cloudformation
from trail_lint.registry import all_rules

NESTED = """Parameters:
  Env: {Type: String}
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties: {BucketName: org-logs}
  Audit:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ./stacks/audit.yaml
      Parameters:
        BucketName: !Ref Logs
        Regions: [us-east-1, eu-west-1]
        Role: !GetAtt Role.Arn
        Env: !Ref Env
  Remote:
    Type: AWS::CloudFormation::Stack
    Condition: Never
    Properties: {TemplateURL: https://bucket.s3.amazonaws.com/t.yaml}
  Packaged:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: !Sub 'https://bucket.s3.${AWS::Region}.amazonaws.com/t.yaml'}
Conditions:
  Never: !Equals [a, b]
"""


def test_a_nested_stack_is_said_not_read_with_the_parameters_to_lint_its_template_with() -> None:
    contents = cloudformation.normalise(load_text(NESTED, "infra/parent.yaml"), Supplied())
    assert [(p.message, p.at.path) for p in contents.unknowns] == [
        (("nested stack 'Audit' is not read with this template: lint its template infra/stacks/audit.yaml on its "
         "own with --parameter BucketName=org-logs --parameter Regions=us-east-1,eu-west-1 (Role is not known here: "
         "Fn::GetAtt Role.Arn is known only after deployment; Env is not known here: parameter Env has no Default: "
         "pass --parameter Env=VALUE)"), ("Resources", "Audit", "Properties", "TemplateURL")),
        (("nested stack 'Packaged' is not read with this template: lint its template (its TemplateURL is not known: "
         "AWS::Region is not known: pass --region) on its own"), ("Resources", "Packaged", "Properties", "TemplateURL"))]
    given = cloudformation.normalise(load_text(NESTED, "parent.yaml"), Supplied(region="eu-west-1",
                                                                                 parameters={"Env": "prod"}))
    assert [p.message for p in given.unknowns][1:] == [
        ("nested stack 'Packaged' is not read with this template: lint its template "
        "https://bucket.s3.eu-west-1.amazonaws.com/t.yaml on its own")]
    assert "--parameter Env=prod" in given.unknowns[0].message


def test_a_value_passed_from_a_default_is_said_to_be_assumed(tmp_path: Path) -> None:
    (tmp_path / "parent.yaml").write_text(
        "Parameters:\n  Bucket: {Type: String, Default: logs}\nResources:\n  Audit:\n"
        "    Type: AWS::CloudFormation::Stack\n"
        "    Properties: {TemplateURL: child.yaml, Parameters: {BucketName: !Ref Bucket}}\n")
    result = run([str(tmp_path / "parent.yaml")], from_mapping({"select": ["TL002"]}), all_rules(), raise_errors=True)
    assert [(f.line, f.message) for f in result.findings] == [
        (6, (f"nested stack 'Audit' is not read with this template: lint its template {tmp_path}/child.yaml on its "
             "own with --parameter BucketName=logs (assuming parameter Bucket keeps its Default 'logs')"))]
