"""CloudFormation normaliser: values, conditions, positions, IAM, suppressions and the corpus."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.load import load_file, load_text
from trail_lint.model import (
    UNKNOWN,
    AdvancedSelector,
    At,
    Bucket,
    Condition,
    DataResource,
    EventSelector,
    Existence,
    FieldSelector,
    Insight,
    Policy,
    PolicyRef,
    Position,
    Principal,
    PrincipalKind,
    ReadWrite,
    ResourcePolicy,
    Statement,
    Suppression,
    Trail,
)
from trail_lint.normalise import Contents, MalformedInput, Supplied
from trail_lint.normalise.cloudformation import template as cloudformation

FIXTURES = Path(__file__).parent / "fixtures" / "cloudformation"
CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "cloudformation"


def _read(path: Path) -> Contents:
    doc = load_file(str(path))
    assert cloudformation.detect(doc.data)
    return cloudformation.normalise(doc)


def _trail(properties: str, head: str = "", extra: str = "") -> Contents:
    """A one-trail YAML template; ``properties`` are indented under Properties."""
    body = "\n".join("      " + line for line in properties.strip("\n").splitlines())
    text = (f"AWSTemplateFormatVersion: '2010-09-09'\n{head}Resources:\n  Audit:\n"
            f"    Type: AWS::CloudTrail::Trail\n{extra}    Properties:\n{body}\n")
    return cloudformation.normalise(load_text(text, "t.yaml"))


def _only(properties: str, head: str = "", extra: str = "") -> Trail:
    contents = _trail(properties, head, extra)
    assert len(contents.trails) == 1
    return contents.trails[0]


# --- The fixture trail, YAML and JSON ----------------------------------------------------------

AUDIT = Trail(
    name="audit", multi_region=True, organization=False, include_global_events=True, logging=True,
    log_file_validation=True, kms_key_id=UNKNOWN, s3_bucket="audit-logs-archive", s3_key_prefix="audit/logs",
    sns_topic=None, cloudwatch_logs_group_arn=UNKNOWN, cloudwatch_logs_role_arn=None,
    event_selectors=(
        EventSelector(read_write=ReadWrite.WRITE_ONLY, management=False,
                      exclude_management_sources=("kms.amazonaws.com",),
                      data_resources=(DataResource("AWS::S3::Object", ("arn:aws:s3:::", UNKNOWN)),)),
        EventSelector(read_write=ReadWrite.ALL, management=True,
                      data_resources=(DataResource("AWS::Lambda::Function", ("arn:aws:lambda",)),)),
    ),
    advanced_selectors=(AdvancedSelector("management writes", (
        FieldSelector("eventCategory", equals=("Management",)),
        FieldSelector("readOnly", equals=("false",), not_starts_with=("kms",)),
    )),),
    insights=(Insight("ApiCallRateInsight"),),
    existence=Existence.CREATED,
)
SECURITY = Trail(name=UNKNOWN, logging=False, s3_bucket="security-logs", existence=Existence.CONDITIONAL)


def test_yaml_fixture_gives_exact_trails() -> None:
    contents = _read(FIXTURES / "trail.yaml")
    assert contents.kind == "cloudformation"
    assert contents.trails == (AUDIT, SECURITY)
    assert [t.label for t in contents.trails] == ["audit", "SecurityTrail"]
    assert contents.buckets == (Bucket("audit-logs-archive"),)
    assert contents.buckets[0].origin.resource == "AuditBucket"
    assert contents.unknowns == ()


def test_json_long_form_gives_the_same_model() -> None:
    from_yaml, from_json = _read(FIXTURES / "trail.yaml"), _read(FIXTURES / "trail.json")
    assert from_json.trails == from_yaml.trails == (AUDIT, SECURITY)
    assert from_json.buckets == from_yaml.buckets
    # JSON has no comments: only the metadata form is there
    assert [s for s in from_yaml.suppressions if s.resource == "AuditTrail"] == [
        Suppression("TL303", "the archive account checks delivery", At(str(FIXTURES / "trail.yaml"),
                    ("Resources", "AuditTrail", "Metadata", "trail-lint", "ignore", 0)), resource="AuditTrail")]
    assert from_json.suppressions == (
        Suppression("TL303", "the archive account checks delivery", At(str(FIXTURES / "trail.json"),
                    ("Resources", "AuditTrail", "Metadata", "trail-lint", "ignore", 0)), resource="AuditTrail"),)


def test_origins() -> None:
    audit = _read(FIXTURES / "trail.yaml").trails[0]
    assert audit.origin.path == ("Resources", "AuditTrail", "Properties")
    assert audit.origin.resource == "AuditTrail"
    assert audit.origin.kind == "cloudformation"
    assert audit.origin.keys == cloudformation.TRAIL_KEYS
    assert audit.event_selectors[1].origin.path == ("Resources", "AuditTrail", "Properties", "EventSelectors", 1)
    assert audit.advanced_selectors[0].origin.of("fields").path[-3:] == ("AdvancedEventSelectors", 0, "FieldSelectors")


def test_positions_yaml() -> None:
    doc = load_file(str(FIXTURES / "trail.yaml"))
    audit, security = cloudformation.normalise(doc).trails
    assert doc.position(audit.origin.of("log_file_validation").path) == Position(33, 7)
    assert doc.position(audit.origin.of("name").path) == Position(29, 7)
    assert doc.position(audit.origin.of("kms_key_id").path) == Position(34, 7)
    assert doc.position(audit.event_selectors[0].origin.of("read_write").path) == Position(40, 11)
    assert doc.position(audit.event_selectors[1].origin.path) == Position(46, 11)
    assert doc.position(audit.advanced_selectors[0].origin.of("name").path) == Position(50, 11)
    # a property that is not written points at the Properties key of its trail
    assert doc.position(security.origin.of("log_file_validation").path) == Position(63, 5)


def _find(text: str, needle: str, nth: int = 0) -> Position:
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(needle, offset + 1)
    return Position(text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset))


def test_positions_json() -> None:
    doc = load_file(str(FIXTURES / "trail.json"))
    audit = cloudformation.normalise(doc).trails[0]
    assert doc.position(audit.origin.of("log_file_validation").path) == _find(doc.text, '"EnableLogFileValidation"')
    assert doc.position(audit.origin.of("multi_region").path) == _find(doc.text, '"IsMultiRegionTrail"')
    assert doc.position(audit.event_selectors[1].origin.of("data_resources").path) == \
        _find(doc.text, '"DataResources"', 1)


def test_yaml_suppressions() -> None:
    file = str(FIXTURES / "trail.yaml")
    suppressions = _read(FIXTURES / "trail.yaml").suppressions
    security = At(file, ("Resources", "SecurityTrail"))
    assert suppressions == (
        Suppression("TL303", "the archive account checks delivery",
                    At(file, ("Resources", "AuditTrail", "Metadata", "trail-lint", "ignore", 0)), resource="AuditTrail"),
        Suppression("TL302", "validated by the archive",
                    At(file, ("Resources", "AuditTrail", "Properties", "EnableLogFileValidation")), line=33),
        Suppression("TL301", "a second trail for the security team", security, resource="SecurityTrail", line=60),
        Suppression("TL304", "a second trail for the security team", security, resource="SecurityTrail", line=60),
    )


@pytest.mark.parametrize("comment, rules, reason", [
    ("trail-lint: ignore=TL302 checked elsewhere", ["TL302"], "checked elsewhere"),
    ("trail-lint:ignore=TL302", ["TL302"], ""),
    ("trail-lint: ignore TL302,TL303 both reviewed", ["TL302", "TL303"], "both reviewed"),
    ("trail-lint: ignore log-file-validation-disabled, TL303 named", ["log-file-validation-disabled", "TL303"],
     "named"),
    ("trail-lint ignore TL302", [], ""),
    ("nothing to see", [], ""),
])
def test_comment_forms(comment: str, rules: list[str], reason: str) -> None:
    contents = _trail(f"IsLogging: true  # {comment}\nS3BucketName: logs")
    found = [s for s in contents.suppressions]
    assert [s.rule for s in found] == rules
    assert all(s.reason == reason and s.line == 6 and s.resource == "" for s in found)


def test_metadata_without_reason_is_kept_for_the_engine() -> None:
    extra = "    Metadata:\n      trail-lint:\n        ignore: [TL302, {rule: TL303}]\n"
    contents = _trail("IsLogging: true\nS3BucketName: logs", extra=extra)
    assert [(s.rule, s.reason, s.resource) for s in contents.suppressions] == [
        ("TL302", "", "Audit"), ("TL303", "", "Audit")]


def test_metadata_entry_without_rule_is_malformed() -> None:
    extra = "    Metadata:\n      trail-lint:\n        ignore: [{reason: why}]\n"
    with pytest.raises(MalformedInput) as error:
        _trail("IsLogging: true\nS3BucketName: logs", extra=extra)
    assert error.value.at == At("t.yaml", ("Resources", "Audit", "Metadata", "trail-lint", "ignore", 0))


# --- Values ----------------------------------------------------------------------------------

PARAMS = """Parameters:
  Flag: {Type: String, Default: "false"}
  Prefix: {Type: String, Default: logs}
  NoDefault: {Type: String}
  Names: {Type: CommaDelimitedList, Default: "a, b"}
  Only: {Type: String, AllowedValues: [one]}
Mappings:
  Settings:
    prod: {Validation: "true"}
Conditions:
  Literal: !Equals [a, a]
  Fixed: !Equals [!Ref Only, one]
  FixedFalse: !Not [!Equals [!Ref Only, one]]
  Chosen: !Equals [!Ref Prefix, logs]
  Both: !And [!Condition Fixed, !Condition Chosen]
  Either: !Or [!Condition Fixed, !Condition Chosen]
  NeitherKnown: !And [!Condition FixedFalse, !Condition Chosen]
  Loop: !Not [!Condition Loop]
  Open: !Equals [!Ref NoDefault, x]
"""


@pytest.mark.parametrize("written, field, expected", [
    ("IsMultiRegionTrail: 'true'", "multi_region", True),
    ("IsMultiRegionTrail: 'True'", "multi_region", True),
    ("IsMultiRegionTrail: 'FALSE'", "multi_region", False),
    ("IsMultiRegionTrail: True", "multi_region", True),
    ("IsMultiRegionTrail: !Ref Flag", "multi_region", False),
    ("IsMultiRegionTrail: !Ref NoDefault", "multi_region", UNKNOWN),
    ("IsMultiRegionTrail: !Ref AWS::NoValue", "multi_region", False),
    ("IsMultiRegionTrail: !If [Open, true, !Ref AWS::NoValue]", "multi_region", UNKNOWN),
    ("IsMultiRegionTrail: !If [Chosen, true, !Ref AWS::NoValue]", "multi_region", True),   # Prefix's Default
    ("IsMultiRegionTrail: !If [Open, true, true]", "multi_region", True),
    # every branch true, written two ways: decided, whatever the condition is
    ("IsMultiRegionTrail: !If [Open, true, 'true']", "multi_region", True),
    ("IsMultiRegionTrail: !If [Literal, true, false]", "multi_region", True),
    ("IsMultiRegionTrail: !If [Fixed, true, false]", "multi_region", True),
    ("IsMultiRegionTrail: !If [FixedFalse, true, false]", "multi_region", False),
    ("IsMultiRegionTrail: !If [Both, true, false]", "multi_region", True),
    ("IsMultiRegionTrail: !If [Either, true, false]", "multi_region", True),
    ("IsMultiRegionTrail: !If [NeitherKnown, true, false]", "multi_region", False),
    ("IsMultiRegionTrail: !If [Loop, true, false]", "multi_region", UNKNOWN),
    ("IsMultiRegionTrail: !If [Missing, true, false]", "multi_region", UNKNOWN),
    ("IsMultiRegionTrail: !FindInMap [Settings, prod, Validation]", "multi_region", True),
    ("IsMultiRegionTrail: !FindInMap [Settings, test, Validation]", "multi_region", UNKNOWN),
    ("IsMultiRegionTrail: {'Fn::ImportValue': shared-flag}", "multi_region", UNKNOWN),
    ("IncludeGlobalServiceEvents: !GetAtt Other.Flag", "include_global_events", UNKNOWN),
    ("S3KeyPrefix: !Sub '${Prefix}/${!Literal}'", "s3_key_prefix", "logs/${Literal}"),
    ("S3KeyPrefix: !Sub ['${P}-x', {P: !Ref Prefix}]", "s3_key_prefix", "logs-x"),
    ("S3KeyPrefix: !Sub '${AWS::AccountId}/logs'", "s3_key_prefix", UNKNOWN),
    ("S3KeyPrefix: !Sub '${Bucket.Arn}'", "s3_key_prefix", UNKNOWN),
    ("S3KeyPrefix: !Join ['-', [!Ref Prefix, 2024]]", "s3_key_prefix", "logs-2024"),
    ("S3KeyPrefix: !Join ['-', [!Ref Prefix, !Ref 'AWS::Region']]", "s3_key_prefix", UNKNOWN),
    ("S3KeyPrefix: !Select [1, !Ref Names]", "s3_key_prefix", "b"),
    ("S3KeyPrefix: !Select [5, !Ref Names]", "s3_key_prefix", UNKNOWN),
    ("S3KeyPrefix: !Include ./prefix.yaml", "s3_key_prefix", UNKNOWN),
    ("S3KeyPrefix: !Base64 abc", "s3_key_prefix", "YWJj"),
    ("S3KeyPrefix: ''", "s3_key_prefix", None),
    ("S3KeyPrefix: 2024", "s3_key_prefix", "2024"),
    ("KMSKeyId: !Ref AWS::NoValue", "kms_key_id", None),
    ("KMSKeyId: alias/trail", "kms_key_id", "alias/trail"),
    ("TrailName: !Ref AWS::StackName", "name", UNKNOWN),
    ("InsightSelectors: !If [Open, [{InsightType: ApiErrorRateInsight}], !Ref AWS::NoValue]", "insights",
     UNKNOWN),
    ("InsightSelectors: !If [Chosen, [{InsightType: ApiErrorRateInsight}], !Ref AWS::NoValue]", "insights",
     (Insight("ApiErrorRateInsight"),)),
    ("InsightSelectors: [{InsightType: ApiErrorRateInsight}, !Ref AWS::NoValue]", "insights",
     (Insight("ApiErrorRateInsight"),)),
])
def test_values(written: str, field: str, expected: object) -> None:
    trail = _only(f"IsLogging: true\nS3BucketName: logs\n{written}", head=PARAMS)
    assert getattr(trail, field) == expected if expected is not UNKNOWN else getattr(trail, field) is UNKNOWN


def test_defaults_when_nothing_is_written() -> None:
    trail = _only("IsLogging: true\nS3BucketName: logs")
    assert trail == Trail(name=UNKNOWN, logging=True, s3_bucket="logs", existence=Existence.CREATED)
    assert (trail.region, trail.account, trail.label) == (None, None, "Audit")


def test_unknown_flags_are_reported() -> None:
    contents = _trail("IsLogging: !Ref NoDefault\nS3BucketName: logs\nTrailName: !GetAtt X.Name\n"
                      "EventSelectors: !If [Open, [], !Ref AWS::NoValue]", head=PARAMS)
    no_default = "parameter NoDefault has no Default: pass --parameter NoDefault=VALUE"
    assert [(p.message, p.at.path[-1], p.resource, p.cause.text if p.cause else None)
            for p in contents.unknowns] == [
        (("TrailName of trail 'Audit' is not known before deployment: Fn::GetAtt X.Name is known only after "
         "deployment"), "TrailName", "Audit", None),
        ("IsLogging of trail 'Audit' is not known before deployment", "IsLogging", "Audit", no_default),
        ("EventSelectors of trail 'Audit' is not known before deployment", "EventSelectors", "Audit", no_default),
    ]


def test_empty_bucket_name_from_a_default_is_missing_with_the_assumption() -> None:
    head = "Parameters:\n  Bucket: {Type: String, Default: ''}\n"
    contents = _trail("IsLogging: true\nS3BucketName: !Ref Bucket", head=head)
    assert contents.trails[0].s3_bucket is UNKNOWN and contents.trails[0].missing == ("s3_bucket",)
    assert [(a.at.path[-1], a.defaults) for a in contents.assumptions] == [("S3BucketName", (("Bucket", ""),))]


def test_bucket_ref_uses_the_literal_bucket_name() -> None:
    template = """AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Named: {Type: AWS::S3::Bucket, Properties: {BucketName: named-logs}}
  Unnamed: {Type: AWS::S3::Bucket}
  One: {Type: AWS::CloudTrail::Trail, Properties: {IsLogging: true, S3BucketName: !Ref Named}}
  Two: {Type: AWS::CloudTrail::Trail, Properties: {IsLogging: true, S3BucketName: !Ref Unnamed}}
"""
    one, two = cloudformation.normalise(load_text(template, "t.yaml")).trails
    assert one.s3_bucket == "named-logs"
    assert two.s3_bucket is UNKNOWN


@pytest.mark.parametrize("extra, existence", [
    ("    Condition: Literal\n", Existence.CREATED),
    ("    Condition: Fixed\n", Existence.CREATED),
    ("    Condition: Chosen\n", Existence.CONDITIONAL),
    ("    Condition: Missing\n", Existence.CONDITIONAL),
    ("", Existence.CREATED),
])
def test_existence(extra: str, existence: Existence) -> None:
    assert _only("IsLogging: true\nS3BucketName: logs", head=PARAMS, extra=extra).existence is existence


def test_decidably_false_condition_drops_the_trail() -> None:
    assert _trail("IsLogging: true", head=PARAMS, extra="    Condition: FixedFalse\n").trails == ()


# --- Malformed templates -----------------------------------------------------------------------

@pytest.mark.parametrize("text, path", [
    ("AWSTemplateFormatVersion: '2010-09-09'\nResources: 5\n", ("Resources",)),
    ("AWSTemplateFormatVersion: '2010-09-09'\nConditions: [a]\n", ("Conditions",)),
    ("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  T: 5\n", ("Resources", "T")),
    ("Resources:\n  T:\n    Type: AWS::CloudTrail::Trail\n    Properties: [IsLogging]\n",
     ("Resources", "T", "Properties")),
    ("Resources:\n  T:\n    Type: AWS::CloudTrail::Trail\n    Condition: [a]\n", ("Resources", "T", "Condition")),
    ("Resources:\n  T:\n    Type: AWS::CloudTrail::Trail\n    Properties: {IsLogging: 'yes'}\n",
     ("Resources", "T", "Properties", "IsLogging")),
    ("Resources:\n  T:\n    Type: AWS::CloudTrail::Trail\n    Properties: {IsLogging: true, EventSelectors: 5}\n",
     ("Resources", "T", "Properties", "EventSelectors")),
    ("Resources:\n  T:\n    Type: AWS::CloudTrail::Trail\n    Properties: {IsLogging: true, EventSelectors: [5]}\n",
     ("Resources", "T", "Properties", "EventSelectors", 0)),
    ("Resources:\n  T:\n    Type: AWS::CloudTrail::Trail\n    Properties: {IsLogging: true, TrailName: [a]}\n",
     ("Resources", "T", "Properties", "TrailName")),
    ("Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties: {Policies: 5}\n",
     ("Resources", "R", "Properties", "Policies")),
    # found by fuzzing: a Type that is a mapping once crashed the bucket reader
    ("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Logs:\n    Type:\n      A: 1\n",
     ("Resources", "Logs", "Type")),
])
def test_malformed(text: str, path: tuple) -> None:
    doc = load_text(text, "t.yaml")
    assert cloudformation.detect(doc.data)
    with pytest.raises(MalformedInput) as error:
        cloudformation.normalise(doc)
    assert error.value.at == At("t.yaml", path)


def test_a_malformed_policy_is_reported_not_fatal() -> None:
    text = ("Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n"
            "        - PolicyName: p\n          PolicyDocument: {Statement: 5}\n")
    contents = cloudformation.normalise(load_text(text, "t.yaml"))
    assert contents.principals[0].inline_policies == (Policy("p", UNKNOWN),)
    assert [(p.message, p.at.path) for p in contents.unknowns] == [
        ("Statement of policy p must be an object or a list",
         ("Resources", "R", "Properties", "Policies", 0, "PolicyDocument", "Statement"))]


@pytest.mark.parametrize("data, expected", [
    ({"AWSTemplateFormatVersion": "2010-09-09"}, True),
    ({"Resources": {"T": {"Type": "AWS::CloudTrail::Trail"}}}, True),
    ({"Resources": {"C": {"Type": "Custom::Thing"}}}, True),
    ({"Resources": {"T": {"Type": "aws_cloudtrail"}}}, False),
    ({"Resources": {}}, False),
    ({"Resources": 5}, False),
    ({"trailList": []}, False),
    ([], False),
    ("text", False),
])
def test_detect(data: object, expected: bool) -> None:
    assert cloudformation.detect(data) is expected


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8),
                     st.sampled_from(["true", "False", "All", "ReadOnly", "arn:aws:s3:::"]))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.sampled_from(["Ref", "Fn::If", "Fn::Sub", "Fn::Join", "Type", "Values", "Field",
                                     "Equals", "DataResources", "InsightType", "Statement", "Effect"]),
                    inner, max_size=3)), max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(list(cloudformation.TRAIL_KEYS.values())), _VALUES, max_size=6))
def test_any_property_values_give_a_model_or_malformed_input(properties: dict) -> None:
    template = {"Resources": {"T": {"Type": "AWS::CloudTrail::Trail", "Properties": properties},
                              "P": {"Type": "AWS::S3::BucketPolicy", "Properties": {
                                  "Bucket": properties.get("S3BucketName"),
                                  "PolicyDocument": properties.get("EventSelectors")}}}}
    doc = load_text(json.dumps(template), "t.json")
    try:
        contents = cloudformation.normalise(doc)
    except MalformedInput as error:
        assert error.at.file == "t.json"
    else:
        assert len(contents.trails) == 1


# --- IAM and the delivery chain ------------------------------------------------------------------

def test_iam_fixture() -> None:
    contents = _read(FIXTURES / "iam.yaml")
    # the Region and account are known only at deployment: they stay holes in the pattern
    stop = Policy("stop-logging", (Statement("Allow", ("cloudtrail:StopLogging", "cloudtrail:DeleteTrail"),
                                             resources=("arn:aws:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/*",),
                                             sid="Stop"),), version="2012-10-17")
    put = Policy("put-selectors", (Statement("Allow", ("cloudtrail:PutEventSelectors",), resources=("*",)),))
    assert contents.principals == (
        Principal("admins", PrincipalKind.GROUP, "admins",
                  managed_policies=(PolicyRef("arn:aws:iam::aws:policy/AdministratorAccess"),)),
        Principal("alice", PrincipalKind.USER, "alice", managed_policies=(PolicyRef("TrailAdmin"),),
                  boundary=PolicyRef("arn:aws:iam::111122223333:policy/boundary"), groups=("admins", "operators")),
        Principal("DeployRole", PrincipalKind.ROLE, UNKNOWN, inline_policies=(stop, put),
                  managed_policies=(PolicyRef("TrailAdmin"), PolicyRef(UNKNOWN))),
        Principal("operators", PrincipalKind.GROUP, "operators"),
        Principal("auditors", PrincipalKind.GROUP, "auditors", inline_policies=(put,)),
    )
    assert contents.policies == (Policy("TrailAdmin", (Statement("Allow", ("cloudtrail:*",), resources=("*",)),)),)
    role = contents.principals[2]
    assert role.origin.of("inline_policies").path == ("Resources", "DeployRole", "Properties", "Policies")
    assert role.inline_policies[0].statements[0].origin.path == (
        "Resources", "DeployRole", "Properties", "Policies", 0, "PolicyDocument", "Statement", 0)
    assert contents.principals[3].origin.path == ("Resources", "Alice", "Properties", "Groups")
    assert contents.unknowns == ()


def test_resource_policies_and_buckets() -> None:
    contents = _read(FIXTURES / "iam.yaml")
    cloudtrail = {"Service": ("cloudtrail.amazonaws.com",)}
    bucket_policy = Policy("TrailBucketPolicy", (Statement("Allow", ("s3:PutObject",), resources=UNKNOWN,
                                                           principals=cloudtrail),))
    deny = Policy("NamedBucketPolicy", (Statement("Deny", ("s3:DeleteObject",),
                                                  resources=("arn:aws:s3:::existing-bucket/*",),
                                                  principals={"AWS": ("*",)}),))
    topic = Policy("TopicPolicy", (Statement("Allow", ("SNS:Publish",), resources=("*",), principals=cloudtrail),))
    # an AWS principal whose account is not known offline: the kind is kept (model.Principals)
    key = Policy("Key", (Statement("Allow", ("kms:*",), resources=("*",), principals={"AWS": UNKNOWN}),))
    assert contents.resource_policies == (
        ResourcePolicy("TrailBucket", "s3", bucket_policy),
        ResourcePolicy("existing-bucket", "s3", deny),
        ResourcePolicy("Topic", "sns", Policy("Topic", ()), default=True),   # the topic itself: no policy of its own
        ResourcePolicy("Topic", "sns", topic),
        ResourcePolicy("arn:aws:sns:us-east-1:111122223333:other", "sns", topic),
        ResourcePolicy("Key", "kms", key),
    )
    assert contents.buckets == (Bucket(UNKNOWN),)
    assert contents.buckets[0].origin.resource == contents.resource_policies[0].target == "TrailBucket"


def test_policy_conditions_and_unknown_elements() -> None:
    text = """Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Sid: !Ref AWS::StackName
            Effect: Allow
            Action: [s3:GetObject, !Ref AWS::NoValue]
            Resource: "*"
            Condition: {StringEquals: {aws:SourceAccount: !Ref AWS::AccountId}}
          - Effect: !If [C, Allow, Deny]
            NotAction: iam:*
            NotResource: [!GetAtt X.Arn]
            Principal: {AWS: [!Sub "arn:aws:iam::${AWS::AccountId}:root"]}
          - Effect: Deny
            Action: "*"
            Resource: "*"
            Condition: {Bool: {aws:SecureTransport: false}}
"""
    policy, = cloudformation.normalise(load_text(text, "t.yaml")).policies
    assert policy.statements == (
        # a value not known offline stays one UNKNOWN value of its condition; the principal keeps its kind
        Statement("Allow", ("s3:GetObject",), resources=("*",),
                  conditions=(Condition("StringEquals", "aws:SourceAccount", (UNKNOWN,)),), sid=None),
        Statement(UNKNOWN, (), not_actions=("iam:*",), not_resources=UNKNOWN, principals={"AWS": UNKNOWN}),
        Statement("Deny", ("*",), resources=("*",), conditions=(Condition("Bool", "aws:SecureTransport", (False,)),)),
    )


def test_unknown_policy_document() -> None:
    text = "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: !Include x\n"
    assert cloudformation.normalise(load_text(text, "t.yaml")).policies == (Policy("P", UNKNOWN),)


SAM_FUNCTIONS = """Transform: AWS::Serverless-2016-10-31
Resources:
  Remediate:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Policies:
        - AWSCloudTrail_ReadOnlyAccess
        - Statement:
            - Effect: Allow
              Action: [cloudtrail:StopLogging]
              Resource: '*'
        - S3ReadPolicy: {BucketName: logs}
  OnePolicy:
    Type: AWS::Serverless::Function
    Properties:
      Policies: arn:aws:iam::111122223333:policy/ops
  OwnRole:
    Type: AWS::Serverless::Function
    Properties:
      Role: arn:aws:iam::111122223333:role/existing
      Policies: AdministratorAccess
"""


def test_sam_functions_get_the_role_the_transform_makes() -> None:
    # SAM makes "<LogicalId>Role" with the listed policies unless the function names its Role;
    # a SAM policy template is its statements (tests/test_sam_policy_templates.py).
    remediate, one = cloudformation.normalise(load_text(SAM_FUNCTIONS, "sam.yaml")).principals
    assert (remediate.id, remediate.kind, remediate.name) == ("RemediateRole", PrincipalKind.ROLE, UNKNOWN)
    # in the stack's partition, which the stack's Region gives (arn:aws-us-gov: in GovCloud)
    assert [(ref.arn, ref.cause and ref.cause.text) for ref in remediate.managed_policies] == [
        (UNKNOWN, "AWS::Partition is not known: pass --region")]
    for region, partition in (("us-east-1", "aws"), ("us-gov-west-1", "aws-us-gov"), ("cn-north-1", "aws-cn")):
        placed = cloudformation.normalise(load_text(SAM_FUNCTIONS, "sam.yaml"), Supplied(region=region)).principals
        assert placed[0].managed_policies == (PolicyRef(f"arn:{partition}:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess"),)
    assert remediate.inline_policies == (
        Policy("Remediate.Policies[1]", (Statement("Allow", ("cloudtrail:StopLogging",), resources=("*",)),)),
        Policy("Remediate.S3ReadPolicy", (Statement(
            "Allow", ("s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion",
                      "s3:GetLifecycleConfiguration"),
            resources=("arn:${AWS::Partition}:s3:::logs", "arn:${AWS::Partition}:s3:::logs/*")),)))
    assert remediate.inline_policies[0].statements[0].origin.path == (  # type: ignore[index]
        "Resources", "Remediate", "Properties", "Policies", 1, "Statement", 0)
    assert (one.id, one.managed_policies) == ("OnePolicyRole", (PolicyRef("arn:aws:iam::111122223333:policy/ops"),))
    assert one.managed_policies[0].origin.path == ("Resources", "OnePolicy", "Properties", "Policies")


ORGANIZATION = """Resources:
  Org:
    Type: AWS::Organizations::Organization
    Properties: {FeatureSet: ALL}
  Security:
    Type: AWS::Organizations::OrganizationalUnit
    Properties: {Name: Security, ParentId: !GetAtt Org.RootId}
  Protect:
    Type: AWS::Organizations::Policy
    Properties:
      Name: protect
      Type: SERVICE_CONTROL_POLICY
      TargetIds: [!GetAtt Org.RootId]
      Content: {Statement: [{Effect: Deny, Action: 'cloudtrail:StopLogging', Resource: '*'}]}
"""


def test_the_organization_resource_is_the_root_and_names_the_management_account() -> None:
    # Only the management account can create the organization: the stack's account.
    from trail_lint.model import OrgNode, OrgNodeKind
    from trail_lint.normalise import Supplied

    given = cloudformation.normalise(load_text(ORGANIZATION, "org.yaml"), Supplied(account="111122223333"))
    assert given.organization == (OrgNode("Org", OrgNodeKind.ROOT), OrgNode("111122223333", OrgNodeKind.MANAGEMENT),
                                  OrgNode("Security", OrgNodeKind.UNIT, "Org"))
    assert [scp.targets for scp in given.scps] == [("Org",)]
    # without --account, the management account is the stack's, known by the stack's key
    assert cloudformation.normalise(load_text(ORGANIZATION, "org.yaml")).organization == (
        OrgNode("Org", OrgNodeKind.ROOT), OrgNode("cloudformation:org.yaml", OrgNodeKind.MANAGEMENT),
        OrgNode("Security", OrgNodeKind.UNIT, "Org"))


# --- The corpus: real templates written by other people ---------------------------------------------

def _corpus(name: str) -> Contents:
    path = CORPUS / name
    if not path.exists():
        pytest.skip("shared corpus not available")
    return _read(path)


def test_every_corpus_template_normalises() -> None:
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not available")
    files = sorted(CORPUS.iterdir())
    assert len(files) == 25
    for path in files:
        doc = load_file(str(path))
        assert cloudformation.detect(doc.data), path.name
        contents = cloudformation.normalise(doc)    # a valid template is never MalformedInput
        assert contents.trails, path.name


def test_corpus_kics_string_booleans() -> None:
    assert [t.multi_region for t in _corpus("kics-trail-multiregion-string-false.yaml").trails] == [False]
    assert [t.multi_region for t in _corpus("kics-trail-multiregion-string-true.json").trails] == [True]


def test_corpus_kics_placeholders_outside_sub_stay_literal() -> None:
    policy = next(p for p in _corpus("kics-trail-multiregion-string-true.json").resource_policies if p.service == "s3")
    assert policy.target == "S3Bucket"
    assert policy.policy.statements[0].resources == ("arn:aws:s3:::${S3Bucket}",)


def test_corpus_widdix_two_conditional_trails() -> None:
    contents = _corpus("widdix-cloudtrail-two-conditional-trails.yaml")
    assert [(t.label, t.existence) for t in contents.trails] == [
        ("Trail", Existence.CONDITIONAL), ("ExternalTrail", Existence.CONDITIONAL)]
    # S3DataEvents defaults to 'false' and ParentKmsKeyStack to '': no data events, no key, as assumed
    assert all(t.multi_region is True and t.event_selectors == () and t.kms_key_id is None
               for t in contents.trails)
    assert all(t.s3_key_prefix is None for t in contents.trails)      # LogFilePrefix defaults to ''
    assert {a.defaults for a in contents.assumptions if a.at.path[-1] == "KMSKeyId"} == {
        (("ParentKmsKeyStack", ""),)}


def test_corpus_orgformation_include_tag() -> None:
    trail, = _corpus("orgformation-include-tag-islogging-false.yml").trails
    assert trail.logging is False
    assert trail.multi_region is True
    assert trail.cloudwatch_logs_group_arn is UNKNOWN


def test_corpus_cfoa_organization_trail() -> None:
    trail, = _corpus("cfoa-organization-trail-kms.yaml").trails
    assert (trail.name, trail.organization, trail.multi_region, trail.log_file_validation) == (
        "aws-cloudtrail-org", True, True, True)
    assert trail.kms_key_id is UNKNOWN and trail.s3_bucket is UNKNOWN   # parameters without a Default
    assert trail.event_selectors == (EventSelector(ReadWrite.ALL, True),)


def test_corpus_checkov_two_single_region_trails() -> None:
    contents = _corpus("checkov-two-single-region-trails.yaml")
    assert [(t.label, t.multi_region, t.logging, t.s3_bucket) for t in contents.trails] == [
        ("MyTrail0", False, True, "String"), ("MyTrail1", False, True, "String")]


def test_corpus_checkov_conditional_json() -> None:
    trail, = _corpus("checkov-conditional-trail-json.json").trails
    assert (trail.name, trail.existence, trail.multi_region, trail.log_file_validation) == (
        "acme-acmecws", Existence.CONDITIONAL, True, True)
    # Fn::If [NewTrailUsesLogFilePrefix, !Ref NewTrailLogFilePrefix, AWS::NoValue]: the Default '' is assumed
    assert trail.s3_key_prefix is None
    assert [a.defaults for a in _corpus("checkov-conditional-trail-json.json").assumptions
            if a.at.path[-1] == "S3KeyPrefix"] == [(("NewTrailLogFilePrefix", ""),)]


def test_corpus_checkov_commented_out_property() -> None:
    trail, = _corpus("checkov-indented-doc-sub-blockscalar.yaml").trails
    assert trail.log_file_validation is False
    assert trail.kms_key_id == "alias/MyAliasName"


def test_corpus_eijikominami_logging_from_a_condition() -> None:
    contents = _corpus("eijikominami-cloudtrail-kms-cwl-conditional-logging.yaml")
    trail, = contents.trails
    assert trail.logging is True and trail.insights == ()   # CreateS3Trail's and Insight's Defaults
    assert trail.event_selectors[0].data_resources == (
        DataResource("AWS::S3::Object", ("arn:aws:s3",)), DataResource("AWS::Lambda::Function", ("arn:aws:lambda",)))
    assert contents.unknowns == ()


def test_corpus_regula_selectors_and_buckets() -> None:
    trail, = _corpus("regula-trail-two-event-selectors.yaml").trails
    assert [(s.read_write, s.management) for s in trail.event_selectors] == [
        (ReadWrite.READ_ONLY, True), (ReadWrite.ALL, True)]
    assert trail.event_selectors[1].data_resources == (DataResource("AWS::S3::Object", (UNKNOWN,)),)
    two = _corpus("regula-two-trails-bucket-acl.yaml")
    assert [t.s3_bucket for t in two.trails] == ["cf-fuguetest-bucket", "cf-fuguetest-bucket2"]
    assert [r.target for r in two.resource_policies] == ["cf-fuguetest-bucket", "cf-fuguetest-bucket2"]


def test_corpus_nist_long_form() -> None:
    trail, = _corpus("cfnlint-quickstart-nist-logging-longform.yaml").trails
    assert (trail.multi_region, trail.log_file_validation, trail.kms_key_id) == (False, True, None)


def test_self_and_chained_references_end() -> None:
    chain = "".join(f"  B{i}: {{Type: AWS::S3::Bucket, Properties: {{BucketName: !Sub '${{B{i - 1}}}-${{B{i - 1}}}'}}}}\n"
                    for i in range(1, 60))
    text = ("Resources:\n  B0: {Type: AWS::S3::Bucket, Properties: {BucketName: !Ref B0}}\n" + chain +
            "  T: {Type: AWS::CloudTrail::Trail, Properties: {IsLogging: true, S3BucketName: !Ref B59}}\n"
            "  U: {Type: AWS::CloudTrail::Trail, Properties: {IsLogging: true, S3BucketName: !Ref B0}}\n")
    contents = cloudformation.normalise(load_text(text, "t.yaml"))
    assert [t.s3_bucket for t in contents.trails] == [UNKNOWN, UNKNOWN]


def test_deep_nesting_is_malformed_input_not_a_crash() -> None:
    value: object = "x"
    for _ in range(600):
        value = [value]
    template = {"Resources": {"T": {"Type": "AWS::CloudTrail::Trail",
                                    "Properties": {"IsLogging": True, "TrailName": value}}}}
    with pytest.raises(MalformedInput) as error:
        cloudformation.normalise(load_text(json.dumps(template), "t.json"))
    assert error.value.message == "template is nested too deeply to read"


def test_a_user_and_a_role_may_share_a_name() -> None:
    text = """Resources:
  OpsUser: {Type: AWS::IAM::User, Properties: {UserName: ops}}
  OpsRole: {Type: AWS::IAM::Role, Properties: {RoleName: ops}}
  Attach:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: p
      Roles: [ops]
      Groups: [ops]
      PolicyDocument: {Statement: [{Effect: Allow, Action: "cloudtrail:StopLogging", Resource: "*"}]}
"""
    principals = cloudformation.normalise(load_text(text, "t.yaml")).principals
    assert [(p.id, p.kind, p.name, len(p.inline_policies)) for p in principals] == [
        ("ops", PrincipalKind.USER, "ops", 0), ("OpsRole", PrincipalKind.ROLE, "ops", 1),
        ("group/ops", PrincipalKind.GROUP, "ops", 1)]


# --- Through the engine ------------------------------------------------------------------------

def test_command_line_reads_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    from trail_lint.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    (tmp_path / "unknown.yaml").write_text(
        "Parameters:\n  Logging: {Type: String}\nResources:\n  Audit:\n    Type: AWS::CloudTrail::Trail\n"
        "    Properties:\n      S3BucketName: logs\n      IsLogging: !Ref Logging\n")
    (tmp_path / "broken.json").write_text(
        '{"Resources": {"Audit": {"Type": "AWS::CloudTrail::Trail",\n  "Properties": {"IsLogging": "maybe"}}}}\n')
    code = main(["--region", "us-east-1", "--format", "parsable", "--select", "TL001,TL002",
                 "unknown.yaml", "broken.json"])
    assert capsys.readouterr().out.splitlines() == [
        "broken.json:2:18: TL001 IsLogging must be true or false, not 'maybe'",
        ("unknown.yaml:2:3: TL002 parameter Logging has no Default: pass --parameter Logging=VALUE, so not "
         "known: IsLogging of trail 'Audit'"),
    ]
    assert code == 1
    # the option the message names settles it: IsLogging is now known to be false
    code = main(["--region", "us-east-1", "--format", "parsable", "--select", "TL002,TL301",
                 "--parameter", "Logging=false", "unknown.yaml"])
    assert capsys.readouterr().out.splitlines() == [
        "unknown.yaml:8:7: TL301 trail 'Audit' is not logging"]
    assert code == 1


def test_comment_on_its_own_line_covers_the_next_line_with_content() -> None:
    contents = _trail("IsLogging: true\n# trail-lint: ignore=TL302 reviewed\n\n# another note\nS3BucketName: logs")
    assert contents.suppressions == (Suppression(
        "TL302", "reviewed", At("t.yaml", ("Resources", "Audit", "Properties", "S3BucketName")), line=10),)


def test_a_resource_declared_outside_resources_is_bad_input() -> None:
    """A trail indented one level too little sits beside Resources: CloudFormation rejects the
    template (no such section), and the trail is never made; not a template without a trail."""
    text = ("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n"
            "Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n    S3BucketName: logs\n")
    doc = load_text(text, "t.yaml")
    with pytest.raises(MalformedInput) as error:
        cloudformation.normalise(doc)
    assert error.value.message == ("Trail (AWS::CloudTrail::Trail) is declared outside Resources, as a template "
                                   "section CloudFormation does not have")
    assert (doc.position(error.value.at.path).line, doc.position(error.value.at.path).column) == (5, 1)


@pytest.mark.parametrize("version", ["'2025-01-01'", "'2010-09-10'", "'2010-09-09 '", "2010-09-09T00:00:00"])
def test_a_template_format_version_cloudformation_does_not_have_is_bad_input(version: str) -> None:
    """2010-09-09 is the only version CloudFormation accepts (format-version-structure.html); a
    template written for another (a remediation sample dated 2025-01-01) is rejected whole."""
    text = f"AWSTemplateFormatVersion: {version}\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n"
    doc = load_text(text, "t.yaml")
    with pytest.raises(MalformedInput) as error:
        cloudformation.normalise(doc)
    assert error.value.message.startswith("AWSTemplateFormatVersion '")
    assert error.value.message.endswith("' is not one CloudFormation has: 2010-09-09 is the only one")
    assert doc.position(error.value.at.path).line == 1


@pytest.mark.parametrize("version", ["2010-09-09", "'2010-09-09'", "2010-09-09-OC"])
def test_the_template_format_versions_read(version: str) -> None:
    text = f"AWSTemplateFormatVersion: {version}\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n"
    assert len(cloudformation.normalise(load_text(text, "t.yaml")).buckets) == 1


def test_the_sections_of_sam_and_hooks_are_sections() -> None:
    text = ("Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Timeout: 3\n"
            "Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n"
            "      S3BucketName: logs\n")
    (trail,) = cloudformation.normalise(load_text(text, "t.yaml")).trails
    assert trail.s3_bucket == "logs"
