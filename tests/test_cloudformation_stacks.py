"""Nested stacks and stack sets (AWS::CloudFormation::Stack, AWS::CloudFormation::StackSet): the
parent says which it did not read, and the parameters to lint the child template with."""
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


# --- Stack sets (AWS::CloudFormation::StackSet) ----------------------------------------------------

STACK_SETS = """Parameters:
  Archive: {Type: String}
  Targets: {Type: CommaDelimitedList, Default: 'ou-ab12-cdef3456'}
Conditions:
  WithValidation: !Equals [!Ref Archive, strict-archive]
Resources:
  GuardTrails:
    Type: AWS::CloudFormation::StackSet
    Properties:
      StackSetName: guard-trails
      PermissionModel: SERVICE_MANAGED
      Parameters:
        - ParameterKey: ArchiveBucket
          ParameterValue: !Ref Archive
        - ParameterKey: Units
          ParameterValue: !Join [',', !Ref Targets]
        - !If
          - WithValidation
          - {ParameterKey: Validation, ParameterValue: 'true'}
          - !Ref AWS::NoValue
      StackInstancesGroup:
        - DeploymentTargets: {OrganizationalUnitIds: !Ref Targets}
          Regions: [eu-west-1]
      TemplateBody: |
        Resources:
          Guard:
            Type: AWS::CloudTrail::Trail
            Properties: {IsLogging: true, S3BucketName: !Ref ArchiveBucket}
  Published:
    Type: AWS::CloudFormation::StackSet
    Properties:
      PermissionModel: SELF_MANAGED
      StackSetName: published
      TemplateURL: https://templates.s3.amazonaws.com/guard.yaml
      Parameters: !Ref AWS::NoValue
"""


def test_a_stack_set_is_said_not_read_with_its_parameter_pairs() -> None:
    """A TemplateBody whose pairs are known is read in place (test_stack_set_template_body); a
    TemplateURL in S3 is said not read."""
    contents = cloudformation.normalise(load_text(STACK_SETS, "org/baseline.yaml"),
                                        Supplied(parameters={"Archive": "strict-archive"}))
    assert [(p.message, p.at.path) for p in contents.unknowns] == [
        (("stack set 'Published' is not read with this template: lint its template "
          "https://templates.s3.amazonaws.com/guard.yaml on its own"),
         ("Resources", "Published", "Properties", "TemplateURL"))]
    (guard,) = contents.trails
    assert guard.origin.path[:4] == ("Resources", "GuardTrails", "Properties", "TemplateBody")
    assert guard.region == "eu-west-1"


def test_a_stack_set_value_left_open_is_named_with_its_cause() -> None:
    contents = cloudformation.normalise(load_text(STACK_SETS, "org/baseline.yaml"), Supplied())
    first = contents.unknowns[0].message
    assert first.startswith("stack set 'GuardTrails' is not read with this template: lint its TemplateBody")
    assert "(ArchiveBucket is not known here: parameter Archive has no Default: pass --parameter Archive=VALUE" in first
    assert "--parameter Validation" not in first    # the pair exists only when Archive is strict-archive


# --- SAM applications (AWS::Serverless::Application) ------------------------------------------------

APPLICATIONS = """Transform: AWS::Serverless-2016-10-31
Parameters:
  Retention: {Type: Number, Default: 30}
Resources:
  Forwarder:
    Type: AWS::Serverless::Application
    Properties:
      Location:
        ApplicationId: arn:aws:serverlessrepo:us-east-1:111122223333:applications/log-forwarder
        SemanticVersion: 2.4.1
      Parameters:
        RetentionDays: !Ref Retention
  Local:
    Type: AWS::Serverless::Application
    Properties:
      Location: apps/guard.yaml
"""


def test_a_sam_application_is_said_not_read_with_what_to_lint() -> None:
    contents = cloudformation.normalise(load_text(APPLICATIONS, "infra/app.yaml"), Supplied())
    assert [(p.message, p.at.path) for p in contents.unknowns] == [
        (("serverless application 'Forwarder' is not read with this template: lint the template of "
          "arn:aws:serverlessrepo:us-east-1:111122223333:applications/log-forwarder version 2.4.1 on its own with "
          "--parameter RetentionDays=30"), ("Resources", "Forwarder", "Properties", "Location")),
        (("serverless application 'Local' is not read with this template: lint its template infra/apps/guard.yaml "
          "on its own"), ("Resources", "Local", "Properties", "Location"))]


# AWS::Include in the Resources section adds the resources of a snippet in S3, which is not read:
# https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/transform-aws-include.html
INCLUDED = """Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties: {TrailName: audit, IsLogging: true, S3BucketName: !Ref Bucket}
  Fn::Transform:
    Name: AWS::Include
    Parameters: {Location: s3://snippets/policies.yaml}
"""


def test_resources_an_include_adds_are_one_tl002_naming_the_checks_they_leave_open(tmp_path: Path) -> None:
    """Before, TL207 said the bucket has no policy, though the snippet may hold it."""
    (tmp_path / "t.yaml").write_text(INCLUDED)
    config = from_mapping({"region": "us-east-1", "account": "111122223333", "select": ["TL207", "TL002"]})
    found = run([str(tmp_path / "t.yaml")], config, all_rules(), raise_errors=True).findings
    assert [f"{f.line}:{f.column}: {f.rule} {f.message}" for f in found] == [
        ("7:3: TL002 Fn::Transform includes a template snippet from s3://snippets/policies.yaml, which is not read, "
        "so not known: the resources it adds (TL207 (bucket-policy-blocks-delivery) cannot decide)")]
    contents = cloudformation.normalise(load_text(INCLUDED.replace("Fn::Transform", "Other"), "t.yaml"), Supplied())
    assert contents.unknowns == () and contents.resource_policies == ()


TRAILS_INCLUDED = """Resources:
  Mixed:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: mixed
      IsLogging: true
      S3BucketName: logs
      Fn::Transform:
        Name: AWS::Include
        Parameters: {Location: s3://snippets/trail-settings.yaml}
  Whole:
    Type: AWS::CloudTrail::Trail
    Properties:
      Fn::Transform:
        Name: AWS::Include
        Parameters: {Location: s3://snippets/trail.yaml}
"""


def test_trail_properties_an_include_may_set_are_not_known_and_said_once(tmp_path: Path) -> None:
    """A property the template leaves out of a trail whose Properties hold an AWS::Include may be
    set by the snippet: before, TL302, TL303, TL306 and TL316 said it was off; and Properties
    included as a whole were one TL002 per property (ten, and five more from the rules). The
    rules whose check needs one of those values are named in the one TL002 (the blocked values
    are listed first)."""
    (tmp_path / "t.yaml").write_text(TRAILS_INCLUDED)
    config = from_mapping({"region": "us-east-1", "account": "111122223333"})
    found = run([str(tmp_path / "t.yaml")], config, all_rules(), raise_errors=True).findings
    lines = [f"{f.line}:{f.column}: {f.rule} {f.message}" for f in found]
    assert lines[1:] == [
        ("8:7: TL002 Fn::Transform in the Properties of trail 'Mixed' includes a template snippet from "
        "s3://snippets/trail-settings.yaml, which is not read, so not known: IsMultiRegionTrail of trail 'Mixed' "
        "(TL202 (multi-region-without-global-events) and TL316 (trail-single-region) cannot decide); "
        "EnableLogFileValidation of trail 'Mixed' (TL302 (log-file-validation-disabled) cannot decide); "
        "AdvancedEventSelectors of trail 'Mixed' (TL309 (trail-logs-own-bucket) cannot decide); and 9 more"),
        # every value the user writes there, and the selectors, are not known: so the rules checking them
        # (the log group and the role each may be unset while the other is set: TL203)
        ("13:5: TL002 TL201 (invalid-trail-name), TL202 (multi-region-without-global-events), TL203 "
        "(cloudwatch-logs-half-set), TL206 (s3-key-prefix-too-long), TL212 (invalid-bucket-name), TL217 (invalid-kms-key-id), TL218 "
        "(invalid-sns-topic-name), TL219 (invalid-cloudwatch-logs-arn), TL224 (invalid-trail-tags), TL301 (logging-disabled), TL302 "
        "(log-file-validation-disabled), TL303 (no-kms-encryption), TL306 (no-cloudwatch-logs), TL309 "
        "(trail-logs-own-bucket) and TL316 (trail-single-region) cannot decide: Properties of trail 'Whole' are "
        "not known before deployment: Fn::Transform is not evaluated by trail-lint")]
    assert lines[0].startswith("7:7: TL002 TL207 (bucket-policy-blocks-delivery), TL307")   # bucket 'logs'


# A transform that is not one of AWS's, a macro, may add or change any resource:
# https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-macros.html
MACRO = """Transform: [AWS::Serverless-2016-10-31, CompanyLogBuckets]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties: {TrailName: audit, IsLogging: true, S3BucketName: !Ref Bucket}
"""


def test_a_macro_is_one_tl002_naming_the_checks_it_leaves_open(tmp_path: Path) -> None:
    """Before, TL207 said the bucket has no policy, though the macro may add it."""
    (tmp_path / "t.yaml").write_text(MACRO)
    config = from_mapping({"region": "us-east-1", "account": "111122223333", "select": ["TL207", "TL002"]})
    found = run([str(tmp_path / "t.yaml")], config, all_rules(), raise_errors=True).findings
    assert [f"{f.line}:{f.column}: {f.rule} {f.message}" for f in found] == [
        ("1:41: TL002 transform CompanyLogBuckets is not run by trail-lint, which reads the template as written, so "
        "not known: the resources it may add or change (TL207 (bucket-policy-blocks-delivery) cannot decide)")]
    (tmp_path / "t.yaml").write_text(MACRO.replace(", CompanyLogBuckets", ""))
    found = run([str(tmp_path / "t.yaml")], config, all_rules(), raise_errors=True).findings
    assert [f.rule for f in found] == ["TL207"]     # SAM adds no bucket policy
