"""Fn::ForEach (AWS::LanguageExtensions): loops expanded as the transform does, findings at the
lines the user wrote, unknown collections said (TL002), invalid loops rejected (TL001)."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.config import from_mapping
from trail_lint.engine import run
from trail_lint.finding import Finding
from trail_lint.load import Intrinsic, load_text
from trail_lint.model import UNKNOWN, At, Existence
from trail_lint.normalise import Contents, MalformedInput, Supplied
from trail_lint.normalise.cloudformation import template as cloudformation
from trail_lint.registry import all_rules

ACCOUNT = "111122223333"
HEADER = "Transform: AWS::LanguageExtensions\n"


def normalise(text: str, **parameters: str) -> Contents:
    return cloudformation.normalise(load_text(text, "t.yaml"), Supplied(parameters=parameters))


def findings(text: str, *rules: str, name: str = "t.yaml", **config: object) -> list[Finding]:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / name).write_text(text)
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            selected = {"select": list(rules)} if rules else {}
            settings_ = from_mapping({"region": "us-east-1", "account": ACCOUNT, **selected, **config})
            result = run([name], settings_, all_rules(), raise_errors=True)
        finally:
            os.chdir(cwd)
    return list(result.findings)


def lines(text: str, *rules: str, **config: object) -> list[str]:
    return [f"{f.line}:{f.column}: {f.rule} {f.message}" for f in findings(text, *rules, **config)]


LOOP = HEADER + """Resources:
  Fn::ForEach::Trails:
    - Name
    - [Audit, ops-1]
    - Trail&{Name}:
        Type: AWS::CloudTrail::Trail
        Properties:
          TrailName: !Sub trail-${Name}
          IsLogging: true
          S3BucketName: !Ref Name
"""


def test_a_loop_makes_one_resource_per_item_written_where_the_loop_is() -> None:
    contents = normalise(LOOP)
    assert [(t.origin.resource, t.name, t.s3_bucket) for t in contents.trails] == [
        ("TrailAudit", "trail-Audit", "Audit"), ("Trailops1", "trail-ops-1", "ops-1")]
    # every trail points at the output template the user wrote, not at a path that does not exist
    assert {t.origin.path for t in contents.trails} == {
        ("Resources", "Fn::ForEach::Trails", 2, "Trail&{Name}", "Properties")}
    assert contents.unknowns == ()


def test_findings_of_a_trail_made_in_a_loop_point_at_the_loop() -> None:
    assert lines(LOOP, "TL302") == [
        "8:9: TL302 log file validation is disabled for trail 'trail-Audit'",
        "8:9: TL302 log file validation is disabled for trail 'trail-ops-1'"]


def test_a_loop_in_json_points_at_its_output_template_too() -> None:
    text = json.dumps({"Transform": ["AWS::LanguageExtensions"], "Resources": {"Fn::ForEach::Trails": [
        "Name", ["a", "b"], {"Trail${Name}": {"Type": "AWS::CloudTrail::Trail", "Properties": {
            "IsLogging": True, "S3BucketName": "logs", "EnableLogFileValidation": False}}}]}}, indent=1)
    assert lines(text, "TL302", name="t.json") == [  # the EnableLogFileValidation key
        "18:7: TL302 log file validation is disabled for trail 'Traila'",
        "18:7: TL302 log file validation is disabled for trail 'Trailb'"]


def _by_hand(names: list[str], validation: dict[str, bool]) -> str:
    text = HEADER + "Resources:\n"
    for name in names:
        text += (f"  Trail{name}:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n"
                 f"      TrailName: t-{name}\n      IsLogging: true\n      S3BucketName: logs\n"
                 f"      EnableLogFileValidation: {str(validation[name]).lower()}\n")
    return text


def _looped(names: list[str], validation: dict[str, bool]) -> str:
    mapping = "".join(f"    {name}: {{Enabled: {str(validation[name]).lower()}}}\n" for name in names)
    return (HEADER + ("Mappings:\n  Validation:\n" + mapping if names else "") + "Resources:\n"
            f"  Fn::ForEach::Trails:\n    - Name\n    - [{', '.join(names)}]\n"
            "    - Trail${Name}:\n        Type: AWS::CloudTrail::Trail\n        Properties:\n"
            "          TrailName: !Sub t-${Name}\n          IsLogging: true\n          S3BucketName: logs\n"
            "          EnableLogFileValidation: !FindInMap [Validation, !Ref Name, Enabled, {DefaultValue: true}]\n")


# YAML 1.1 (as the loader reads it) takes an unquoted On, Yes, No, ... in the loop's list for a boolean or null:
# such a name is not the same resource written out, so the property leaves those words out
_YAML_WORDS = {"y", "yes", "n", "no", "true", "false", "on", "off", "null"}
NAMES = st.lists(st.from_regex(r"[A-Z][A-Za-z0-9]{0,6}", fullmatch=True).filter(
    lambda name: name.lower() not in _YAML_WORDS), max_size=4, unique=True)


@settings(max_examples=25, deadline=None)
@given(NAMES, st.data())
def test_a_loop_gives_the_trails_and_findings_of_the_same_resources_written_out(names: list[str],
                                                                               data: st.DataObject) -> None:
    validation = {name: data.draw(st.booleans()) for name in names}
    by_hand, looped = normalise(_by_hand(names, validation)), normalise(_looped(names, validation))

    def facts(contents: Contents) -> list[tuple[object, ...]]:
        return [(t.origin.resource, t.name, t.log_file_validation, t.multi_region, t.s3_bucket, t.existence)
                for t in contents.trails]
    assert facts(looped) == facts(by_hand)

    def said(text: str) -> list[tuple[str, str, str]]:
        return sorted((f.rule, f.message, f.resource) for f in findings(text))
    looped_findings = findings(_looped(names, validation))
    assert sorted((f.rule, f.message, f.resource) for f in looped_findings) == said(_by_hand(names, validation))
    # each finding of a trail sits in the loop's output template (lines 7 to 12 with Mappings)
    first = 7 + (len(names) + 2 if names else 0)
    assert all(first <= f.line <= first + 5 for f in looped_findings if f.resource.startswith("Trail"))


ENVIRONMENTS = HEADER + """Resources:
  Fn::ForEach::Env:
    - Env
    - [dev, prod]
    - Logs${Env}:
        Type: AWS::S3::Bucket
        Properties: {BucketName: !Sub 'logs-${Env}-${AWS::AccountId}'}
      LogsPolicy${Env}:
        Type: AWS::S3::BucketPolicy
        Properties:
          Bucket: !Ref {Fn::Sub: 'Logs${Env}'}
          PolicyDocument:
            Statement:
              - {Effect: Allow, Principal: {Service: cloudtrail.amazonaws.com}, Action: s3:GetBucketAcl,
                 Resource: !Sub 'arn:aws:s3:::logs-${Env}-${AWS::AccountId}'}
              - Effect: Allow
                Principal: {Service: cloudtrail.amazonaws.com}
                Action: s3:PutObject
                Resource: !Sub 'arn:aws:s3:::logs-${Env}-${AWS::AccountId}/AWSLogs/*'
                Condition: {StringEquals: {s3:x-amz-acl: bucket-owner-full-control}}
      Trail${Env}:
        Type: AWS::CloudTrail::Trail
        Properties: {IsLogging: true, TrailName: {Ref: Env}, S3BucketName: !Ref {Fn::Sub: 'Logs${Env}'}}
"""


@settings(max_examples=50, deadline=None)
@given(st.lists(st.from_regex(r"[a-z0-9.-]{1,8}", fullmatch=True), max_size=5, unique=True))
def test_the_expanded_resources_are_those_written_out_by_hand(items: list[str]) -> None:
    made = {f"Topic{''.join(c for c in item if c.isalnum())}" for item in items}
    if len(made) < len(items):   # two items that differ only in what &{} leaves out: rejected
        with pytest.raises(MalformedInput, match="twice"):
            cloudformation.template_of("t.yaml", load_text(_topics(items), "t.yaml").data)
        return
    looped = cloudformation.template_of("t.yaml", load_text(_topics(items), "t.yaml").data)
    by_hand = {f"Topic{''.join(c for c in item if c.isalnum())}": {
        "Type": "AWS::SNS::Topic", "Properties": {"TopicName": f"n-{item}", "DisplayName": item,
                                                  "Tags": [{"Key": f"k-{item}", "Value": Intrinsic("Ref", "Other")}]}}
        for item in items}
    assert looped.resources == by_hand
    assert set(looped.paths.values()) == ({("Resources", "Fn::ForEach::Topics", 2, "Topic&{Item}")} if items else set())


def _topics(items: list[str]) -> str:
    collection = ", ".join(f"'{item}'" for item in items)
    return (HEADER + "Resources:\n  Fn::ForEach::Topics:\n    - Item\n"
            f"    - [{collection}]\n    - Topic&{{Item}}:\n        Type: AWS::SNS::Topic\n        Properties:\n"
            "          TopicName: !Sub n-${Item}\n          DisplayName: {Ref: Item}\n"
            "          Tags: [{Key: !Sub 'k-${Item}', Value: !Ref Other}]\n")


def test_ref_and_sub_of_the_identifier_and_references_a_sub_makes() -> None:
    contents = cloudformation.normalise(load_text(ENVIRONMENTS, "t.yaml"), Supplied(account=ACCOUNT))
    assert [(t.name, t.s3_bucket, t.s3_bucket_ref) for t in contents.trails] == [
        ("dev", f"logs-dev-{ACCOUNT}", "Logsdev"), ("prod", f"logs-prod-{ACCOUNT}", "Logsprod")]
    assert [(p.origin.resource, p.target) for p in contents.resource_policies] == [
        ("LogsPolicydev", f"logs-dev-{ACCOUNT}"), ("LogsPolicyprod", f"logs-prod-{ACCOUNT}")]


def test_a_bucket_policy_made_in_a_loop_links_to_the_trails_of_its_bucket() -> None:
    assert lines(ENVIRONMENTS, "TL207") == []
    without_policy = ENVIRONMENTS.replace("Bucket: !Ref {Fn::Sub: 'Logs${Env}'}", "Bucket: other")
    assert lines(without_policy, "TL207") == [
        (f"8:9: TL207 log bucket 'logs-dev-{ACCOUNT}' of trail 'dev' has no bucket policy, so CloudTrail cannot "
        "deliver to it"),
        (f"8:9: TL207 log bucket 'logs-prod-{ACCOUNT}' of trail 'prod' has no bucket policy, so CloudTrail cannot "
        "deliver to it")]


LIST_PARAMETER = HEADER + """Parameters:
  Names:
    Type: CommaDelimitedList
    Default: "a,b"
Resources:
  Fn::ForEach::Trails:
    - Name
    - !Ref Names
    - Trail${Name}:
        Type: AWS::CloudTrail::Trail
        Properties: {IsLogging: true, S3BucketName: logs, TrailName: !Ref Name}
"""


def test_a_list_parameter_is_the_collection_and_a_default_is_said_to_be_assumed() -> None:
    assert lines(LIST_PARAMETER, "TL302") == [
        "12:9: TL302 log file validation is disabled for trail 'a' (assuming parameter Names keeps its Default 'a,b')",
        "12:9: TL302 log file validation is disabled for trail 'b' (assuming parameter Names keeps its Default 'a,b')"]
    assert lines(LIST_PARAMETER, "TL302", parameters={"Names": "x"}) == [
        "12:9: TL302 log file validation is disabled for trail 'x'"]
    assert [t.name for t in normalise(LIST_PARAMETER, Names="").trails] == []


def test_a_collection_not_known_is_one_tl002_naming_the_loop_never_a_guess() -> None:
    text = LIST_PARAMETER.replace('    Default: "a,b"\n', "")
    contents = normalise(text)
    assert contents.trails == ()
    problem, = contents.unknowns
    assert (problem.message, problem.at, problem.cause and problem.cause.text) == (
        "Fn::ForEach::Trails is not expanded: the resources it declares are not read",
        At("t.yaml", ("Resources", "Fn::ForEach::Trails")), "parameter Names has no Default: pass --parameter Names=VALUE")
    assert lines(text, "TL002") == [
        ("3:3: TL002 parameter Names has no Default: pass --parameter Names=VALUE, so not known: "
        "Fn::ForEach::Trails is not expanded: the resources it declares are not read")]
    imported = normalise(LIST_PARAMETER.replace("!Ref Names", "!Split [',', !ImportValue names]"))
    assert [p.message for p in imported.unknowns] == [
        ("Fn::ForEach::Trails is not expanded (Fn::ImportValue names is another stack's export): "
        "the resources it declares are not read")]


UNREAD = HEADER + """Parameters:
  Names:
    Type: CommaDelimitedList
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  LogGroup:
    Type: AWS::Logs::LogGroup
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: audit
      IsLogging: true
      S3BucketName: !Ref Bucket
      CloudWatchLogsLogGroupArn: !GetAtt LogGroup.Arn
      CloudWatchLogsRoleArn: !Sub arn:aws:iam::${AWS::AccountId}:role/trail-logs
  Fn::ForEach::Made:
    - Name
    - !Ref Names
    - Made${Name}:
        Type: AWS::S3::BucketPolicy
        Properties:
          Bucket: !Ref Bucket
          PolicyDocument: {Statement: [{Effect: Allow, Principal: '*', Action: '*', Resource: '*'}]}
"""


def test_a_loop_not_expanded_may_make_the_policy_or_alarm_a_check_looks_for() -> None:
    """A bucket policy, metric filter or alarm the loop may make: before, TL207 said the bucket has no
    policy and TL314 that no filter watches the trail's log group, on resources never read."""
    said = ("3:3: TL002 parameter Names has no Default: pass --parameter Names=VALUE, so not known: "
            "Fn::ForEach::Made is not expanded: the resources it declares are not read")
    no_alarm = ("16:7: TL314 no metric filter with an alarm on log group 'LogGroup' of trail 'audit' selects every "
                "CreateTrail, UpdateTrail, DeleteTrail, StartLogging, StopLogging event")
    assert lines(UNREAD, "TL207", "TL314", "TL002") == [
        f"{said} (TL207 (bucket-policy-blocks-delivery) cannot decide)", no_alarm]
    assert normalise(UNREAD, Names="a").resource_policies[0].target == "Bucket"
    # filters without any alarm cannot ring: still certain
    filters = UNREAD.replace("Type: AWS::S3::BucketPolicy", "Type: AWS::Logs::MetricFilter")
    no_policy = "6:3: TL207 log bucket 'Bucket' of trail 'audit' has no bucket policy, so CloudTrail cannot deliver to it"
    assert lines(filters, "TL207", "TL314", "TL002") == [said, no_policy, no_alarm]
    alarmed = filters + """      Alarm${Name}:
        Type: AWS::CloudWatch::Alarm
        Properties: {MetricName: !Ref Name, Namespace: Trails}
"""
    assert lines(alarmed, "TL207", "TL314", "TL002") == [
        said, no_policy,
        ("16:7: TL002 TL314 (no-trail-change-alarm) cannot decide: whether an alarm on log group 'LogGroup' of trail "
        "'audit' catches changes to trails is not known: the metric filters and alarms 'Fn::ForEach::Made' may "
        "declare")]


def test_nested_loops_property_loops_and_a_condition_found_in_a_map() -> None:
    text = HEADER + """Mappings:
  Conditions:
    Condition: {b: InEast}
Conditions:
  InEast: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  Fn::ForEach::Outer:
    - Env
    - [a, b]
    - Fn::ForEach::Inner:
        - Kind
        - [x, y]
        - T${Env}${Kind}:
            Type: AWS::CloudTrail::Trail
            Condition: !FindInMap [Conditions, Condition, !Ref Env, {DefaultValue: !Ref AWS::NoValue}]
            Properties:
              IsLogging: true
              S3BucketName: !Sub logs-${Kind}
              Fn::ForEach::Flags:
                - Flag
                - [EnableLogFileValidation, IsMultiRegionTrail]
                - ${Flag}: true
"""
    contents = normalise(text)
    assert [(t.origin.resource, t.s3_bucket, t.log_file_validation, t.multi_region, t.existence)
            for t in contents.trails] == [
        ("Tax", "logs-x", True, True, Existence.CREATED), ("Tay", "logs-y", True, True, Existence.CREATED),
        ("Tbx", "logs-x", True, True, Existence.CONDITIONAL), ("Tby", "logs-y", True, True, Existence.CONDITIONAL)]
    assert contents.trails[0].origin.path == ("Resources", "Fn::ForEach::Outer", 2, "Fn::ForEach::Inner", 2,
                                              "T${Env}${Kind}", "Properties")
    inside = cloudformation.normalise(load_text(text, "t.yaml"), Supplied(region="us-west-2"))
    assert [t.origin.resource for t in inside.trails] == ["Tax", "Tay"]   # InEast is false there


def test_a_property_loop_with_an_unknown_collection_leaves_the_properties_unknown() -> None:
    text = HEADER + """Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: logs
      Fn::ForEach::Flags:
        - Flag
        - !Split [',', !ImportValue flags]
        - ${Flag}: true
"""
    contents = normalise(text)
    trail, = contents.trails
    assert trail.log_file_validation is UNKNOWN and trail.multi_region is UNKNOWN
    messages = [p.message for p in contents.unknowns]
    # the Properties as a whole, once: not one TL002 per property the loop may make
    assert messages[1:] == [("Properties of trail 'Trail' are not known before deployment: Fn::ForEach::Flags is not "
                             "expanded (Fn::ImportValue flags is another stack's export)")]
    assert messages[0] == ("Fn::ForEach::Flags is not expanded (Fn::ImportValue flags is another stack's export): "
                           "the keys it makes are not read")


@pytest.mark.parametrize(("loop", "message", "path"), [
    ("    - Name\n    - [a, b]\n", "Fn::ForEach::Bad must be a list of [identifier, collection, output template]",
     ("Resources", "Fn::ForEach::Bad")),
    ("    - Na-me\n    - [a]\n    - T${Na-me}: {Type: AWS::SNS::Topic}\n",
     "the identifier of Fn::ForEach::Bad must be alphanumeric, not 'Na-me'", ("Resources", "Fn::ForEach::Bad", 0)),
    ("    - Name\n    - a\n    - T${Name}: {Type: AWS::SNS::Topic}\n",
     "the collection of Fn::ForEach::Bad must be a list or a function that makes one",
     ("Resources", "Fn::ForEach::Bad", 1)),
    ("    - Name\n    - [a]\n    - []\n",
     "the output template of Fn::ForEach::Bad must be a mapping of keys to values", ("Resources", "Fn::ForEach::Bad", 2)),
    ("    - Name\n    - [a, b]\n    - Topic: {Type: AWS::SNS::Topic}\n",
     "Fn::ForEach::Bad makes 'Topic' twice (or another loop makes it too)",
     ("Resources", "Fn::ForEach::Bad", 2, "Topic")),
    ("    - Name\n    - [a, Before]\n    - T${Name}: {Type: AWS::SNS::Topic}\n",
     "Fn::ForEach::Bad makes 'TBefore', which is declared beside the loop already",
     ("Resources", "Fn::ForEach::Bad", 2, "T${Name}")),
    ("    - Name\n    - [a-1]\n    - T${Name}: {Type: AWS::SNS::Topic}\n",
     "Fn::ForEach::Bad makes the logical ID 'Ta-1', which is not alphanumeric (&{...} leaves out what is not)",
     ("Resources", "Fn::ForEach::Bad", 2, "T${Name}")),
])
def test_loops_cloudformation_rejects_are_malformed_where_they_are_written(loop: str, message: str,
                                                                           path: tuple[object, ...]) -> None:
    text = HEADER + "Resources:\n  TBefore: {Type: AWS::SNS::Topic}\n  Fn::ForEach::Bad:\n" + loop
    with pytest.raises(MalformedInput) as raised:
        normalise(text)
    assert (raised.value.message, raised.value.at.path) == (message, path)


def test_a_loop_without_the_transform_is_rejected_and_the_file_is_still_recognised() -> None:
    text = "Resources:\n  Fn::ForEach::Topics:\n    - Name\n    - [a]\n    - T${Name}: {Type: AWS::SNS::Topic}\n"
    assert cloudformation.detect(load_text(text, "t.yaml").data)
    with pytest.raises(MalformedInput) as raised:
        normalise(text)
    assert raised.value.message == ("Fn::ForEach::Topics needs the AWS::LanguageExtensions transform "
                                    "(Transform: AWS::LanguageExtensions)")
    assert lines(text) == [("2:3: TL001 Fn::ForEach::Topics needs the AWS::LanguageExtensions transform "
                           "(Transform: AWS::LanguageExtensions)")]


def test_loops_in_conditions_and_outputs() -> None:
    text = HEADER + """Conditions:
  Fn::ForEach::Regions:
    - Region
    - [useast1, euwest1]
    - In${Region}: !Equals [!Ref AWS::Region, !Ref Region]
Outputs:
  Fn::ForEach::Bad:
    - Name
    - [a]
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Condition: Ineuwest1
    Properties: {IsLogging: true, S3BucketName: logs}
"""
    with pytest.raises(MalformedInput) as raised:
        normalise(text)
    assert raised.value.at.path == ("Outputs", "Fn::ForEach::Bad")
    fixed = text.replace("    - [a]\n", "    - [a]\n    - Out${Name}: {Value: x}\n")
    assert [t.existence for t in normalise(fixed).trails] == [Existence.CONDITIONAL]   # region not given
    east = cloudformation.normalise(load_text(fixed, "t.yaml"), Supplied(region="useast1"))
    assert east.trails == ()


def test_length_and_to_json_string() -> None:
    text = HEADER + """Parameters:
  Names: {Type: CommaDelimitedList, Default: "a,b,c"}
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: !Sub
        - logs-${Count}
        - Count: {Fn::Length: !Ref Names}
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Fn::ToJsonString:
          Version: "2012-10-17"
          Statement: [{Effect: Allow, Action: cloudtrail:StopLogging, Resource: "*"}]
"""
    contents = normalise(text)
    assert [t.s3_bucket for t in contents.trails] == ["logs-3"]
    policy, = contents.policies
    assert [statement.actions for statement in policy.statements] == [("cloudtrail:StopLogging",)]
    short = normalise(text.replace("      IsLogging: true\n", "      IsLogging: true\n      TrailName: !Length [a]\n", 1))
    assert [p.message for p in short.unknowns] == [
        ("TrailName of trail 'Trail' is not known before deployment: !Length is no short form CloudFormation "
        "knows: write Fn::Length")]


def test_a_comment_on_a_loop_output_suppresses_for_every_resource_it_makes() -> None:
    text = LOOP.replace("    - Trail&{Name}:\n", "    - Trail&{Name}:  # trail-lint: ignore TL302 validated elsewhere\n")
    assert [(f.resource, f.suppressed) for f in findings(text, "TL302")] == [
        ("TrailAudit", "inline: validated elsewhere"), ("Trailops1", "inline: validated elsewhere")]
    assert [f.suppressed for f in findings(LOOP, "TL302")] == [None, None]

