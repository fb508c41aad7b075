"""CloudFormation evaluation: intrinsic functions, pseudo parameters and the one parameter rule.

The examples follow the CloudFormation intrinsic-function reference
(https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html):
a value is what CloudFormation would make of it, UNKNOWN with a cause, or a parameter's Default
taken as a likely value and recorded as an Assumption.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.load import load_text
from trail_lint.model import UNKNOWN, EventSelector, ReadWrite, Trail
from trail_lint.normalise import Contents, Supplied
from trail_lint.normalise.cloudformation import template as cloudformation
from trail_lint.registry import all_rules

HEAD = """AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Given: {Type: String}
  Pinned: {Type: String, AllowedValues: ['true']}
  Defaulted: {Type: String, Default: 'true'}
  Open: {Type: String}
  FromSsm: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /org/trail/multi-region}
  Subnets: {Type: CommaDelimitedList, Default: 'a, b, c'}
Mappings:
  RegionMap:
    us-east-1: {Bucket: logs-use1}
    eu-west-1: {Bucket: logs-euw1}
Conditions:
  GivenIsTrue: !Equals [!Ref Given, 'true']
  PinnedIsTrue: !Equals [!Ref Pinned, 'true']
  DefaultedIsTrue: !Equals [!Ref Defaulted, 'true']
  OpenIsTrue: !Equals [!Ref Open, 'true']
  FromSsmIsTrue: !Equals [!Ref FromSsm, 'true']
"""
SUPPLIED = Supplied(parameters={"Given": "true"})


def _contents(properties: str, *, head: str = HEAD, supplied: Supplied = SUPPLIED,
              extra: str = "") -> Contents:
    body = "\n".join("      " + line for line in ("IsLogging: true\nS3BucketName: logs\n" + properties)
                     .strip("\n").splitlines())
    text = f"{head}Resources:\n  Audit:\n    Type: AWS::CloudTrail::Trail\n{extra}    Properties:\n{body}\n"
    return cloudformation.normalise(load_text(text, "t.yaml"), supplied)


def _trail(properties: str, **kwargs: object) -> Trail:
    trail, = _contents(properties, **kwargs).trails  # type: ignore[arg-type]
    return trail


# --- One rule for parameters, the same through Ref, Fn::Sub, Fn::If and Conditions ----------------

# parameter -> (value, the Default it assumed or None); UNKNOWN when the rule says so
RULE = {"Given": ("true", None), "Pinned": ("true", None), "Defaulted": ("true", "true"),
        "Open": (UNKNOWN, None), "FromSsm": (UNKNOWN, None)}
FORMS = {
    "Ref": "S3KeyPrefix: !Ref {p}",
    "Fn::Sub": "S3KeyPrefix: !Sub '${{{p}}}'",
    "Fn::Sub list form": "S3KeyPrefix: !Sub ['${{X}}', {{X: !Ref {p}}}]",
    "Fn::If on a condition": "S3KeyPrefix: !If [{p}IsTrue, 'true', 'false']",
}


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("parameter", RULE)
def test_one_parameter_rule_everywhere(parameter: str, form: str) -> None:
    value, assumed = RULE[parameter]
    contents = _contents(FORMS[form].format(p=parameter))
    prefix = contents.trails[0].s3_key_prefix
    assert prefix is UNKNOWN if value is UNKNOWN else prefix == value
    assert [a.defaults for a in contents.assumptions] == ([((parameter, assumed),)] if assumed else [])
    reported = [(p.message, p.cause.text if p.cause else "") for p in contents.unknowns]
    if value is UNKNOWN:
        (message, cause), = reported
        assert message.startswith("S3KeyPrefix of trail 'Audit' is not known before deployment")
        assert f"parameter {parameter} " in message + cause
    else:
        assert reported == []


def test_a_parameter_without_value_is_one_cause_for_all_it_blocks(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.yaml").write_text(HEAD + """Resources:
  One: {Type: AWS::CloudTrail::Trail, Properties: {IsLogging: true, S3BucketName: a-logs, S3KeyPrefix: !Ref Open}}
  Two:
    Type: AWS::CloudTrail::Trail
    Properties: {IsLogging: true, S3BucketName: b-logs, IsMultiRegionTrail: !If [OpenIsTrue, true, false]}
""")
    result = run(["t.yaml"], Config(region="us-east-1"), all_rules(), raise_errors=True)
    # one TL002, where the parameter is declared, listing both values it left unknown (the log buckets'
    # rules also cannot decide, as the template does not define the buckets: their TL002s name them)
    assert [f"{f.line}:{f.column} {f.message}" for f in result.findings
            if f.rule == "TL002" and not f.message.startswith(("TL207", "TL3"))] == [
        ("6:3 parameter Open has no Default: pass --parameter Open=VALUE, so not known: S3KeyPrefix of trail 'One' "
        "(TL206 (s3-key-prefix-too-long) cannot decide); IsMultiRegionTrail of trail 'Two' (TL316 "
        "(trail-single-region) cannot decide)")]


def test_the_parameter_option_wins_over_allowed_values_and_default() -> None:
    contents = _contents("S3KeyPrefix: !Sub '${Defaulted}-${Open}'",
                         supplied=Supplied(parameters={"Defaulted": "false", "Open": "x"}))
    assert contents.trails[0].s3_key_prefix == "false-x" and contents.assumptions == ()


def test_list_parameters_split_on_commas() -> None:
    assert _trail("S3KeyPrefix: !Select [2, !Ref Subnets]").s3_key_prefix == "c"


def test_a_parameter_is_never_half_empty() -> None:
    # CloudFormation passes "" when whoever deploys gives nothing: only a known "" unsets the key
    contents = _contents("KMSKeyId: !Ref Open")
    assert contents.trails[0].kms_key_id is UNKNOWN
    assert [(p.message, p.cause.text if p.cause else "") for p in contents.unknowns] == [
        ("KMSKeyId of trail 'Audit' may be unset at deployment", ("parameter Open has no Default: "
         "pass --parameter Open=VALUE"))]
    constrained = HEAD.replace("Open: {Type: String}", "Open: {Type: String, MinLength: 20}")
    assert _contents("KMSKeyId: !Ref Open", head=constrained).unknowns == ()


@pytest.mark.parametrize(("written", "may_be_unset"), [
    ("SnsTopicName: !Join ['-', [audit, !Ref Open, notices]]", False),    # literal parts: never empty
    ("SnsTopicName: !Join ['', [!Ref Open, '-notices']]", False),
    ("SnsTopicName: !Join ['-', [!Ref Open, !Ref Open]]", False),         # the delimiter stands between
    ("SnsTopicName: !Join ['', [!Ref Open]]", True),                      # the parameter alone
    ("SnsTopicName: !Join ['-', [!Ref Open]]", True),                     # one part: no delimiter written
    ("SnsTopicName: !Sub 'audit-${Open}'", False),
])
def test_a_join_with_literal_text_is_never_empty(written: str, may_be_unset: bool) -> None:
    contents = _contents(written)
    assert contents.trails[0].sns_topic is UNKNOWN
    assert [p.message for p in contents.unknowns] == (
        ["SnsTopicName of trail 'Audit' may be unset at deployment"] if may_be_unset else [])


# --- Fn::If, as a value and as a list item --------------------------------------------------------

SELECTOR = "{ReadWriteType: %s}"
ITEMS = {
    "literal": ("%s", "kept"),
    "if-known-true": ("!If [GivenIsTrue, %s, !Ref AWS::NoValue]", "kept"),
    "if-known-false": ("!If [PinnedIsTrue, !Ref AWS::NoValue, %s]", "dropped"),
    "if-likely-true": ("!If [DefaultedIsTrue, %s, !Ref AWS::NoValue]", "kept"),
    "if-open": ("!If [OpenIsTrue, %s, !Ref AWS::NoValue]", "open"),
}
READ_WRITE = ["All", "ReadOnly", "WriteOnly"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(sorted(ITEMS)), st.sampled_from(READ_WRITE)), max_size=5))
def test_fn_if_items_in_event_selectors(items: list[tuple[str, str]]) -> None:
    written = "EventSelectors:\n" + "".join(
        f"  - {ITEMS[kind][0] % (SELECTOR % read_write)}\n" for kind, read_write in items)
    contents = _contents(written if items else "EventSelectors: []")
    trail = contents.trails[0]
    if any(ITEMS[kind][1] == "open" for kind, _ in items):
        assert trail.event_selectors is UNKNOWN
        assert [p.message.split(":")[0] for p in contents.unknowns] == [
            "EventSelectors of trail 'Audit' is not known before deployment"]
        return
    kept = [(index, read_write) for index, (kind, read_write) in enumerate(items) if ITEMS[kind][1] == "kept"]
    assert trail.event_selectors == tuple(EventSelector(read_write=ReadWrite(rw)) for _, rw in kept)
    # each selector keeps the index it has in the file, so findings point at the right line
    assert [s.origin.path[-1] for s in trail.event_selectors] == [index for index, _ in kept]
    assert contents.unknowns == ()
    likely = [index for index, (kind, _) in enumerate(items) if kind == "if-likely-true"]
    assert [a.at.path[-1] for a in contents.assumptions] == likely


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["GivenIsTrue", "PinnedIsTrue", "DefaultedIsTrue", "OpenIsTrue"]),
       st.sampled_from([True, False, "NoValue"]), st.sampled_from([True, False, "NoValue"]))
def test_fn_if_branches(condition: str, when_true: object, when_false: object) -> None:
    def spelled(branch: object) -> str:
        return "!Ref AWS::NoValue" if branch == "NoValue" else str(branch).lower()

    trail = _trail(f"EnableLogFileValidation: !If [{condition}, {spelled(when_true)}, {spelled(when_false)}]")
    settled = {True: True, False: False, "NoValue": False}   # absent: the service default, false
    if condition == "OpenIsTrue" and when_true != when_false:
        assert trail.log_file_validation is UNKNOWN
    else:
        # the three other conditions hold: given, pinned, or by the Default (assumed)
        assert trail.log_file_validation is settled[when_true]


def test_a_resource_condition_holds_inside_it() -> None:
    head = HEAD + "  BucketGiven: !Not [!Equals [!Ref Bucket, '']]\n"
    head = head.replace("Parameters:\n", "Parameters:\n  Bucket: {Type: String, Default: ''}\n")
    contents = _contents("S3BucketName: !Ref Bucket\nS3KeyPrefix: !If [BucketGiven, inside, outside]",
                         head=head, extra="    Condition: BucketGiven\n")
    trail = contents.trails[0]
    # the trail exists only when Bucket is not its Default '': not "missing", and !If is decided
    assert trail.missing == () and trail.s3_bucket is UNKNOWN and trail.s3_key_prefix == "inside"


# --- The other functions, as the reference's examples -------------------------------------------------

@pytest.mark.parametrize("written, expected", [
    ("!Join [':', [a, b, c]]", "a:b:c"),
    ("!Join ['', ['arn:', !Ref 'AWS::Partition', ':s3:::logs']]", "arn:aws-cn:s3:::logs"),
    ("!Select ['1', [apples, grapes, oranges, mangoes]]", "grapes"),
    ("!Select [2, !Split [',', 'a,b,c']]", "c"),
    ("!Join ['/', !Split [',', 'a,b']]", "a/b"),
    ("!Sub ['www.${Domain}', {Domain: !Ref Defaulted}]", "www.true"),
    ("!Sub '${AWS::AccountId}-${AWS::Region}-${!Literal}'", "111122223333-cn-north-1-${Literal}"),
    ("!Sub 'logs.${AWS::URLSuffix}'", "logs.amazonaws.com.cn"),
    ("!FindInMap [RegionMap, !Ref 'AWS::Region', Bucket]", UNKNOWN),   # no cn-north-1 entry
    ("!FindInMap [RegionMap, eu-west-1, Bucket]", "logs-euw1"),
    ("!FindInMap [RegionMap, cn-north-1, Bucket, {DefaultValue: logs-other}]", "logs-other"),
    ("!Base64 'AWS CloudFormation'", "QVdTIENsb3VkRm9ybWF0aW9u"),
    ("!Select [0, !GetAZs '']", UNKNOWN),
    ("!Ref AWS::StackName", UNKNOWN),
    ("!ImportValue shared-prefix", UNKNOWN),
])
def test_intrinsic_functions(written: str, expected: object) -> None:
    supplied = Supplied(region="cn-north-1", account="111122223333", parameters=SUPPLIED.parameters)
    prefix = _trail(f"S3KeyPrefix: {written}", supplied=supplied).s3_key_prefix
    assert prefix is UNKNOWN if expected is UNKNOWN else prefix == expected


@pytest.mark.parametrize("region, partition, suffix", [
    ("us-iso-east-1", "aws-iso", UNKNOWN), ("us-isob-east-1", "aws-iso-b", UNKNOWN),
    ("eu-isoe-west-1", "aws-iso-e", UNKNOWN), ("us-isof-south-1", "aws-iso-f", UNKNOWN),
    ("eusc-de-east-1", "aws-eusc", UNKNOWN), ("us-gov-west-1", "aws-us-gov", "amazonaws.com"),
])
def test_pseudo_parameters_in_the_other_partitions(region: str, partition: str, suffix: object) -> None:
    """AWS::Partition of every partition (the SDKs' partitions file); AWS::URLSuffix only where
    trail-lint knows the partition's DNS suffix, else unknown, never amazonaws.com by default."""
    supplied = Supplied(region=region, account="111122223333", parameters=SUPPLIED.parameters)
    assert _trail("S3KeyPrefix: !Ref AWS::Partition", supplied=supplied).s3_key_prefix == partition
    found = _trail("S3KeyPrefix: !Sub 'logs.${AWS::URLSuffix}'", supplied=supplied).s3_key_prefix
    assert found is UNKNOWN if suffix is UNKNOWN else found == f"logs.{suffix}"


@pytest.mark.parametrize("written, cause", [
    ("!Select [0, !GetAZs '']", "Fn::GetAZs depends on the account's Availability Zones"),
    ("!Ref AWS::StackName", "AWS::StackName: the stack name is chosen at deploy time"),
    ("!ImportValue shared-prefix", "Fn::ImportValue shared-prefix is another stack's export"),
    ("!Sub '${AWS::Region}/logs'", "AWS::Region is not known: pass --region"),
    ("!Sub '${AWS::AccountId}/logs'", "AWS::AccountId is not known: pass --account"),
    ("!GetAtt Bucket.Arn", "Fn::GetAtt Bucket.Arn is known only after deployment"),
    ("!Ref FromSsm", ("parameter FromSsm is read from SSM Parameter Store at deploy time: "
                     "pass --parameter FromSsm=VALUE")),
    ("!Include prefix.yaml", "!Include is not evaluated by trail-lint"),
    ("'{{resolve:ssm:/org/prefix:2}}'",
     "dynamic reference {{resolve:ssm:/org/prefix:2}} is resolved from SSM Parameter Store at deploy time"),
    ("!Sub 'logs/{{resolve:secretsmanager:${AWS::Partition}-prefix:SecretString:p}}'",
     ("dynamic reference {{resolve:secretsmanager:${AWS::Partition}-prefix:SecretString:p}} is resolved from "
      "Secrets Manager at deploy time")),
])
def test_unknown_values_say_why(written: str, cause: str) -> None:
    contents = _contents(f"S3KeyPrefix: {written}", supplied=Supplied())
    assert [p.message for p in contents.unknowns] == [
        f"S3KeyPrefix of trail 'Audit' is not known before deployment: {cause}"]


def test_a_dynamic_reference_is_unknown_not_malformed() -> None:
    # A boolean or a name read from SSM at deploy time is not a malformed template (no TL001)
    # and not a literal name to check (TL212).
    contents = _contents("IsMultiRegionTrail: '{{resolve:ssm:/org/multi-region}}'\n"
                         "TrailName: 'audit-{{resolve:ssm:/org/suffix}}'", supplied=Supplied())
    trail, = contents.trails
    assert (trail.multi_region, trail.name) == (UNKNOWN, UNKNOWN)
    assert sorted(p.message.split(":")[0] for p in contents.unknowns) == [
        "IsMultiRegionTrail of trail 'Audit' is not known before deployment",
        "TrailName of trail 'Audit' is not known before deployment"]


# --- Through the engine: findings that rest on a Default say so ---------------------------------------

TEMPLATE = """AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Validation: {Type: String, Default: 'false', AllowedValues: ['true', 'false']}
  KeyArn: {Type: String, Default: ''}
Conditions:
  HasKey: !Not [!Equals [!Ref KeyArn, '']]
Resources:
  Audit:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      IsMultiRegionTrail: true
      S3BucketName: audit-logs-111122223333
      EnableLogFileValidation: !Ref Validation
      KMSKeyId: !If [HasKey, !Ref KeyArn, !Ref AWS::NoValue]
"""


def _lint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: Config) -> list[str]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "trail.yaml").write_text(TEMPLATE)
    result = run(["trail.yaml"], config, all_rules(), raise_errors=True)
    return [f"{f.line}:{f.column} {f.rule} {f.message}" for f in result.findings if f.rule in ("TL302", "TL303")]


def test_findings_on_a_default_state_the_assumption(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _lint(tmp_path, monkeypatch, Config(region="us-east-1")) == [
        ("14:7 TL302 log file validation is disabled for trail 'Audit' "
        "(assuming parameter Validation keeps its Default 'false')"),
        ("15:7 TL303 log files of trail 'Audit' are not encrypted with a KMS key "
        "(assuming parameter KeyArn keeps its Default '')"),
    ]


def test_given_parameters_settle_without_assumption(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = Config(region="us-east-1", parameters={"Validation": "false", "KeyArn": "arn:aws:kms:x"})
    assert _lint(tmp_path, monkeypatch, config) == [
        "14:7 TL302 log file validation is disabled for trail 'Audit'"]


def test_config_parameters_and_the_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from trail_lint.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "trail.yaml").write_text(TEMPLATE)
    (tmp_path / ".trail-lint.yaml").write_text("region: us-east-1\nparameters:\n  Validation: true\n  KeyArn: x\n")
    assert main(["--format", "parsable", "--select", "TL302,TL303", "trail.yaml"]) == 0
    assert capsys.readouterr().out == ""
    # the option wins over the file, name by name
    assert main(["--format", "parsable", "--select", "TL302,TL303", "--parameter", "Validation=false",
                 "trail.yaml"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "trail.yaml:14:7: TL302 log file validation is disabled for trail 'Audit'"]
    assert main(["--parameter", "Validation", "trail.yaml"]) == 2
    assert "--parameter 'Validation' is not NAME=VALUE" in capsys.readouterr().err


# --- TL213's reader: what counts as declared ----------------------------------------------------------

@pytest.mark.parametrize("head, expected", [
    ("", [("LogBucket", "Ref"), ("Key", "Fn::GetAtt"), ("Stage", "Fn::Sub")]),
    ("Transform: AWS::Serverless-2016-10-31\n", []),     # SAM adds resources the file does not list
])
def test_missing_references(head: str, expected: list[tuple[str, str]]) -> None:
    text = (f"AWSTemplateFormatVersion: '2010-09-09'\n{head}Resources:\n  Audit:\n"
            "    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n"
            "      S3BucketName: !Ref LogBucket\n      KMSKeyId: !GetAtt Key.Arn\n"
            "      S3KeyPrefix: !Sub ['${Stage}/${Env}/${AWS::Region}/${!Literal}', {Env: x}]\n")
    references = cloudformation.normalise(load_text(text, "t.yaml")).missing_references
    assert [(r.target, r.function) for r in references] == expected


@pytest.mark.parametrize("depends_on, expected", [
    ("BucketPolicy", [("BucketPolicy", ("DependsOn",))]),
    ("[Bucket, TopicPolicy, BucketPolicy]", [("TopicPolicy", ("DependsOn", 1)), ("BucketPolicy", ("DependsOn", 2))]),
    ("Bucket", []),
])
def test_depends_on_a_resource_the_template_does_not_declare(depends_on: str,
                                                             expected: list[tuple[str, tuple[str | int, ...]]]) -> None:
    # a trail copied from an example whose bucket and topic policies were left behind
    text = ("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n"
            f"  Audit:\n    DependsOn: {depends_on}\n    Type: AWS::CloudTrail::Trail\n    Properties:\n"
            "      IsLogging: true\n      S3BucketName: !Ref Bucket\n")
    references = cloudformation.normalise(load_text(text, "t.yaml")).missing_references
    assert [(r.target, r.function) for r in references] == [(target, "DependsOn") for target, _ in expected]
    assert [r.origin.path for r in references] == [("Resources", "Audit", *at) for _, at in expected]


def test_a_trail_resource_the_template_does_not_declare_is_said_once_by_tl213(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # CloudFormation rejects the template (TL213): "the log bucket is not in the inputs" (TL002) would
    # say the same again for each of the trail's bucket, key, topic, log group and role
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.yaml").write_text(
        "Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n"
        "      S3BucketName: !Ref LogBucket\n      KMSKeyId: !GetAtt TrailKey.Arn\n"
        "      SnsTopicName: !GetAtt Topic.TopicName\n      CloudWatchLogsLogGroupArn: !GetAtt LogGroup.Arn\n"
        "      CloudWatchLogsRoleArn: !Sub '${Role.Arn}'\n")
    result = run(["t.yaml"], Config(region="us-east-1"), all_rules(), raise_errors=True)
    assert [(f.line, f.rule) for f in result.findings if f.rule in ("TL002", "TL213")] == [
        (line, "TL213") for line in range(6, 11)]


@pytest.mark.parametrize("written, message", [
    ("KMSKeyId: !If [OpenIsTrue, !GetAtt Key.Arn, !Ref AWS::NoValue]",
     "KMSKeyId of trail 'Audit' may be unset at deployment"),
    ("KMSKeyId: !If [OpenIsTrue, !GetAtt Key.Arn, '']", "KMSKeyId of trail 'Audit' may be unset at deployment"),
    ("KMSKeyId: !If [OpenIsTrue, !GetAtt Key.Arn, !If [DefaultedIsTrue, !Ref AWS::NoValue, x]]",
     "KMSKeyId of trail 'Audit' may be unset at deployment"),
    ("KMSKeyId: !If [OpenIsTrue, !GetAtt Key.Arn, !GetAtt Other.Arn]", None),   # set either way
    ("KMSKeyId: !GetAtt Key.Arn", None),
])
def test_a_key_that_may_be_unset_is_reported(written: str, message: str | None) -> None:
    contents = _contents(written, supplied=Supplied())
    assert contents.trails[0].kms_key_id is UNKNOWN   # never None: TL303 does not guess
    assert [p.message for p in contents.unknowns] == ([message] if message else [])
    # the cause is the parameter behind the condition, declared in Parameters
    assert all(p.cause is not None and p.cause.at is not None and p.cause.at.path == ("Parameters", "Open")
               for p in contents.unknowns)


def test_a_policy_settled_by_a_default_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.yaml").write_text("""AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  LogBucketName: {Type: String, Default: audit-logs-111122223333}
Resources:
  LogBucket: {Type: AWS::S3::Bucket, Properties: {BucketName: !Ref LogBucketName}}
  LogBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref LogBucket
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: cloudtrail.amazonaws.com}
            Action: s3:PutObject
            Resource: !Sub "arn:aws:s3:::${LogBucketName}/AWSLogs/*"
  Trail: {Type: AWS::CloudTrail::Trail, Properties: {IsLogging: true, S3BucketName: !Ref LogBucket}}
""")
    result = run(["t.yaml"], Config(region="us-east-1"), all_rules(), raise_errors=True)
    assert [(f.line, f.message) for f in result.findings if f.rule == "TL207"] == [
        (10, ("bucket policy of 'audit-logs-111122223333' blocks delivery for trail 'Trail': no statement allows "
             "cloudtrail.amazonaws.com s3:GetBucketAcl on arn:aws:s3:::audit-logs-111122223333 "
             "(assuming parameter LogBucketName keeps its Default 'audit-logs-111122223333')"))]


BUCKET_BY_PARAMETER = """\
Parameters:
  LogBucket:
    Type: String
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: !Ref LogBucket
"""


def test_a_log_bucket_named_by_a_parameter_without_a_value_is_said_once_by_the_parameter(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "trail.yaml").write_text(BUCKET_BY_PARAMETER)
    rules = ("TL002", "TL207", "TL310", "TL311")

    def tl002(config: Config) -> list[str]:
        result = run(["trail.yaml"], config, all_rules(), raise_errors=True)
        return [f"{f.line}:{f.column} {f.message}" for f in result.findings if f.rule == "TL002"]

    # the parameter is the one cause: its finding names the log bucket rules it blocks
    assert tl002(Config(region="us-east-1", select=rules)) == [
        ("2:3 parameter LogBucket has no Default: pass --parameter LogBucket=VALUE, so not known: S3BucketName "
         "of trail 'Trail' (TL207 (bucket-policy-blocks-delivery), TL310 (log-bucket-access-logging-disabled) and "
         "TL311 (log-bucket-unprotected) cannot decide)")]
    # given a value, the bucket is named, and only its absence from the inputs is left
    assert tl002(Config(region="us-east-1", select=rules, parameters={"LogBucket": "logs"})) == [
        ("9:7 TL207 (bucket-policy-blocks-delivery), TL310 (log-bucket-access-logging-disabled) and TL311 "
         "(log-bucket-unprotected) cannot decide: log bucket 'logs' of trail 'Trail' is not in the inputs")]
