"""Trails whose input holds only some of their tags: a CloudFormation template (its stack adds the
stack-level tags, and which value a key written in both keeps is not documented) and a .tf source
(TF_AWS_DEFAULT_TAGS_<key> environment variables add default tags; the resource's own tags win over
default tags, and the provider's default_tags block over the environment). A condition on aws:ResourceTag is decided where what the input holds settles it, else
it is open: one TL002 per run naming the trails and the rules it blocks, never a silent pass."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.cli import main
from trail_lint.config import Config
from trail_lint.engine import RunResult, run
from trail_lint.iam.access import some_trail_tags, trail_context
from trail_lint.iam.conditions import PRESENT
from trail_lint.iam.evaluator import ResourceContext
from trail_lint.model import UNKNOWN, InputKind, Origin, Tag, Trail
from trail_lint.registry import all_rules

ACCOUNT = "111122223333"
OPEN = "TL401 (can-tamper-with-trail), TL404 (trail-arn-matches-no-trail), TL406 (stop-without-start) and " \
       "TL407 (deny-guardrail-gap) cannot decide: the tags of "


def _statements(condition: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"Effect": "Allow", "Action": "cloudtrail:StopLogging", "Resource": "*"},
            {"Sid": "Guard", "Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "*",
             "Condition": condition}]


DENY_PROTECTED = {"StringEquals": {"aws:ResourceTag/protected": "true"}}
DENY_UNTAGGED = {"Null": {"aws:ResourceTag/protected": "true"}}     # deny where the trail has no such tag


def _template(condition: dict[str, Any], tags: list[dict[str, str]]) -> str:
    trail = {"Type": "AWS::CloudTrail::Trail", "Properties": {
        "TrailName": "guarded", "S3BucketName": "logs", "IsLogging": True, "IsMultiRegionTrail": True,
        "EnableLogFileValidation": True, "Tags": tags}}
    role = {"Type": "AWS::IAM::Role", "Properties": {
        "RoleName": "operator", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"}]},
        "Policies": [{"PolicyName": "guard", "PolicyDocument": {"Version": "2012-10-17",
                                                                 "Statement": _statements(condition)}}]}}
    return json.dumps({"Resources": {"Guarded": trail, "Operator": role}}, indent=1)


def _lint(folder: Path, name: str, text: str) -> RunResult:
    (folder / name).write_text(text)
    config = Config(account=ACCOUNT, region="eu-west-1")
    return run([str(folder / name)], config, all_rules(), raise_errors=True)


def _said(result: RunResult, rule: str) -> list[str]:
    return [f"{f.rule} {f.message}" for f in result.findings if f.rule == rule]


def test_a_template_trail_tag_condition_on_a_written_key_stays_open_with_one_note(tmp_path: Path) -> None:
    """The template writes protected=true, but a stack-level tag of that key may replace its value
    (the CloudFormation docs do not say which wins): the Deny is not decided, and it is said."""
    result = _lint(tmp_path, "stack.json", _template(DENY_PROTECTED, [{"Key": "protected", "Value": "true"}]))
    notes = [s for s in _said(result, "TL002") if "the tags of" in s]
    assert notes == [(f"TL002 {OPEN}trail 'guarded' are known only in part: its stack adds its stack-level tags, "
                     "which the template does not hold and which may replace a tag its Tags write, so whether "
                     "aws:ResourceTag conditions (policy 'guard') hold on it is not known")]
    assert not _said(result, "TL401")


def test_a_template_trail_has_the_keys_it_writes_whatever_the_stack_adds(tmp_path: Path) -> None:
    """Whether the key is there is decided: the tag the template writes is on the trail, whatever its value."""
    result = _lint(tmp_path, "stack.json", _template(DENY_UNTAGGED, [{"Key": "protected", "Value": "no"}]))
    assert _said(result, "TL401") == ["TL401 role operator can StopLogging on 'guarded'"]
    assert not [s for s in _said(result, "TL002") if "the tags of" in s]


@pytest.mark.parametrize("tags", [[], [{"Key": "team", "Value": "a"}], [{"Key": "Protected", "Value": "a"}]])
def test_a_template_trail_is_open_on_a_key_it_does_not_write(tmp_path: Path, tags: list[dict[str, str]]) -> None:
    """The stack may add the key (a key written in another case only: whether the tag part of the
    condition key is compared case-sensitively is not documented)."""
    result = _lint(tmp_path, "stack.json", _template(DENY_UNTAGGED, tags))
    assert not _said(result, "TL401")
    assert len([s for s in _said(result, "TL002") if s.startswith(f"TL002 {OPEN}trail 'guarded'")]) == 1


PROVIDER = 'provider "aws" {\n  region = "eu-west-1"\n%s}\n'
TF_TRAIL = '''resource "aws_cloudtrail" "%s" {
  name                       = "%s"
  s3_bucket_name             = "logs"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  tags                       = %s
}
'''
TF_ROLE = '''resource "aws_iam_role" "operator" {
  name               = "operator"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::%s:root" } }] })
  inline_policy {
    name   = "guard"
    policy = %s
  }
}
'''


def _source(condition: dict[str, Any], trails: dict[str, str], defaults: str = "") -> str:
    policy = json.dumps(json.dumps({"Version": "2012-10-17", "Statement": _statements(condition)}))
    return (PROVIDER % defaults + "".join(TF_TRAIL % (name, name, tags) for name, tags in trails.items())
            + TF_ROLE % (ACCOUNT, policy))


def _stop(folder: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    assert main(["access", "--format", "json", "--all", "--account", ACCOUNT, "--region", "eu-west-1",
                 str(folder)]) == 0
    return {g["trail"].rsplit("/", 1)[1]: g["decision"] for g in json.loads(capsys.readouterr().out)["grants"]
            if g["principal"] == "aws_iam_role.operator" and g["action"] == "cloudtrail:StopLogging"}


def test_a_tf_trails_own_tag_decides_and_a_key_it_does_not_write_is_open(tmp_path: Path, capsys) -> None:
    """The resource's own tags win over default tags, whatever the environment adds: protected=true
    decides the Deny; a trail without that tag may get it from TF_AWS_DEFAULT_TAGS_protected."""
    text = _source(DENY_PROTECTED, {"guarded": '{ protected = "true" }', "scratch": "{}"})
    result = _lint(tmp_path, "main.tf", text)
    notes = [s for s in _said(result, "TL002") if "the tags of" in s]
    assert notes == [(f"TL002 {OPEN}trail 'scratch' are known only in part: TF_AWS_DEFAULT_TAGS_<key> environment "
                     "variables may add default tags to it, so whether aws:ResourceTag conditions (policy 'guard') "
                     "hold on it is not known")]
    assert _stop(tmp_path, capsys) == {"guarded": "denied", "scratch": "conditional"}
    assert not _said(result, "TL401")


def test_a_tf_default_tag_decides_as_the_trails_own(tmp_path: Path, capsys) -> None:
    """The provider's default_tags block wins over TF_AWS_DEFAULT_TAGS_<key> (terraform-provider-aws
    pull request 33339), so a key it writes is on the trail with its value."""
    defaults = '  default_tags {\n    tags = { protected = "true" }\n  }\n'
    (tmp_path / "null").mkdir()
    (tmp_path / "value").mkdir()
    _lint(tmp_path / "null", "main.tf", _source(DENY_UNTAGGED, {"guarded": "{}"}, defaults))
    assert _stop(tmp_path / "null", capsys) == {"guarded": "allowed"}
    _lint(tmp_path / "value", "main.tf", _source(DENY_PROTECTED, {"guarded": "{}"}, defaults))
    assert _stop(tmp_path / "value", capsys) == {"guarded": "denied"}


# --- what each input's tags fix about a request on the trail ------------------------------------

CLOUDFORMATION = Origin("t.yaml", ("Resources", "T"), kind=InputKind.CLOUDFORMATION)
SOURCE = Origin("main.tf", ("resource", "aws_cloudtrail", "t"), kind=InputKind.TERRAFORM_HCL)
KEYS = st.sampled_from(["team", "Team", "protected"])
VALUES = st.sampled_from(["dev", "prod", None, UNKNOWN])
TAGS = st.lists(st.builds(Tag, KEYS, VALUES), max_size=4).map(tuple)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TAGS, st.sampled_from([CLOUDFORMATION, SOURCE]), KEYS)
def test_a_partly_known_trail_fixes_only_what_its_input_settles(tags: tuple[Tag, ...], origin: Origin,
                                                                 key: str) -> None:
    trail = Trail(name="t", account=ACCOUNT, region="eu-west-1", tags=tags, origin=origin)
    context = trail_context(trail, ACCOUNT)
    assert context.more and context.tags == some_trail_tags(trail)
    value = context.get(f"aws:resourcetag/{key}")
    # a .tf value not known offline may be null, which leaves the tag out
    sure = [t for t in tags if t.value is not None and (origin is CLOUDFORMATION or isinstance(t.value, str))]
    written = [t for t in sure if t.key == key]
    if not written:
        assert value is UNKNOWN         # never "absent": the stack or the environment may add it
        return
    alike = [t for t in sure if t.key != key and t.key.lower() == key.lower()]
    if len(written) != 1 or alike:
        assert value is UNKNOWN         # a key written twice, or in another case too: not decided
        return
    (tag,) = written
    # on the trail; its value sure in a .tf source, not in a template (a stack tag may replace it)
    assert value == tag.value if origin is SOURCE else value is PRESENT


def test_a_context_with_more_tags_never_says_a_key_is_absent() -> None:
    assert ResourceContext((("team", "dev"),), ACCOUNT).get("aws:resourcetag/owner") is None
    assert ResourceContext((("team", "dev"),), ACCOUNT, more=True).get("aws:resourcetag/owner") is UNKNOWN
    assert ResourceContext((("team", "dev"),), ACCOUNT, more=True).get("aws:resourcetag/team") == "dev"


@pytest.mark.parametrize(("operator", "value", "decision"), [
    ("Null", "false", "ALLOWED"), ("Null", "true", "DENIED"), ("StringEquals", "x", "CONDITIONAL"),
    ("StringNotEquals", "x", "CONDITIONAL"), ("StringEqualsIfExists", "x", "CONDITIONAL"),
    # "*" matches any text; whether IAM matches an empty value with it is not documented, so only the
    # set operators whose answer an empty value (an empty set) does not change are decided
    ("StringLike", "*", "CONDITIONAL"), ("StringLike", "dev*", "CONDITIONAL"), ("StringNotLike", "*", "CONDITIONAL"),
    ("StringLikeIfExists", "*", "CONDITIONAL"), ("ForAnyValue:StringLike", "*", "CONDITIONAL"),
    ("ForAllValues:StringLike", "*", "ALLOWED"), ("ForAllValues:StringLike", "**", "ALLOWED"),
    ("ForAllValues:StringLikeIfExists", "*", "ALLOWED"), ("ForAllValues:StringLike", "?*", "CONDITIONAL"),
    ("ForAnyValue:StringNotLike", "*", "DENIED"), ("ForAllValues:StringNotLike", "*", "CONDITIONAL"),
    ("StringEquals", "*", "CONDITIONAL")])
def test_a_tag_surely_there_with_a_value_not_sure_decides_null_and_any_text(operator: str, value: str,
                                                                    decision: str) -> None:
    from trail_lint.iam.evaluator import Decision, evaluate
    from trail_lint.model import Condition, Policy, Statement

    statement = Statement("Allow", actions=("cloudtrail:*",), resources=("*",),
                          conditions=(Condition(operator, "aws:ResourceTag/team", (value,)),))
    on = ResourceContext((("team", UNKNOWN),), ACCOUNT, more=True)
    found = evaluate((Policy("p", (statement,)),), "cloudtrail:StopLogging",
                     f"arn:aws:cloudtrail:eu-west-1:{ACCOUNT}:trail/t", on=on).decision
    assert found is Decision[decision]


_OPERATORS = st.sampled_from(["Null", "StringLike", "StringNotLike", "StringLikeIfExists", "StringNotLikeIfExists",
                              "ForAnyValue:StringLike", "ForAllValues:StringLike", "ForAnyValue:StringNotLike",
                              "ForAllValues:StringNotLike", "StringEquals", "StringNotEquals"])
_PATTERNS = st.lists(st.sampled_from(["*", "**", "dev*", "?*", "*-prod", "true", "false", ""]), min_size=1, max_size=3)


@settings(max_examples=200, deadline=None)
@given(_OPERATORS, _PATTERNS, st.text(alphabet="dev-prod*?", min_size=1, max_size=6))
def test_what_a_tag_surely_there_decides_holds_whatever_its_value(operator: str, patterns: list[str],
                                                                   value: str) -> None:
    # decided with the value not known (PRESENT): the same decision as with any value it may have (an
    # empty one is read otherwise by set operators, which the table above pins)
    from trail_lint.iam.conditions import PRESENT, condition_holds
    from trail_lint.model import Condition

    condition = Condition(operator, "aws:ResourceTag/team", tuple(patterns))
    present = condition_holds(condition, lambda key: PRESENT)
    if present is not UNKNOWN:
        assert condition_holds(condition, lambda key: value) is present, (operator, patterns, value)
