"""How messages say conditions: each key spelt as AWS documents it, each negation in a reader's words,
and a request through a VPC endpoint carrying the endpoint's keys together.

- "Context key names are not case-sensitive" (the Condition element page): a policy may write
  ``AWS:SOURCEIP``; messages say ``aws:SourceIp``, the global condition keys page's spelling, and a
  finding's fingerprint does not move with the author's casing.
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
- ForAnyValue "returns true if at least one" value matches, ForAllValues if every value does (and
  for a request without the key); their negations are said as such, never as "not (...)".
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
- aws:SourceIp "is included in the request context, except when the requester uses a VPC endpoint";
  aws:SourceVpc, aws:SourceVpce and aws:VpcSourceIp are included "only if the requester uses a VPC
  endpoint": a request carries all of the endpoint's keys, or none (the global condition keys page).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_access import ACCOUNT, MAIN, inline, run_rule, user
from test_request_conditions import NOW, _deny, _stop, _tl401

from trail_lint.config import Config
from trail_lint.engine import check_inventory, run
from trail_lint.iam.conditions import GLOBAL_KEYS, documented_key, grammar_spelling, way_of_calling
from trail_lint.iam.requests import phrase
from trail_lint.iam.resolve import never_met
from trail_lint.model import Condition, Inventory, Statement, subject_of
from trail_lint.registry import all_rules

ENDPOINT = Condition("StringEquals", "aws:SourceVpce", ("vpce-1a2b3c4d",))


@pytest.mark.parametrize(("written", "documented"), [
    ("AWS:SOURCEIP", "aws:SourceIp"), ("aws:sourceip", "aws:SourceIp"), (" aws:SourceIp", "aws:SourceIp"),
    ("aws:multifactorauthpresent", "aws:MultiFactorAuthPresent"), ("AWS:USERID", "aws:userid"),
    ("aws:Referer", "aws:referer"), ("aws:sourcevpce", "aws:SourceVpce"), ("aws:vpcsourceip", "aws:VpcSourceIp"),
    # a tag key is said as written after the documented prefix
    ("AWS:RESOURCETAG/Team", "aws:ResourceTag/Team"), ("aws:principaltag/team", "aws:PrincipalTag/team"),
    # CloudTrail's action table lists aws:TagKeys and aws:RequestTag/${TagKey}
    ("aws:tagkeys", "aws:TagKeys"), ("aws:requesttag/owner", "aws:RequestTag/owner"),
    # a key no page of trail-lint's lists: as written
    ("s3:x-amz-acl", "s3:x-amz-acl"), ("kms:EncryptionContext:aws:cloudtrail:arn", "kms:EncryptionContext:aws:cloudtrail:arn"),
])
def test_keys_are_said_as_documented(written: str, documented: str) -> None:
    assert documented_key(written) == documented


def test_every_global_key_is_its_own_spelling() -> None:
    assert all(documented_key(key) == key for key in GLOBAL_KEYS)
    assert all(documented_key(key.upper()) == key for key in GLOBAL_KEYS)
    assert len({key.lower() for key in GLOBAL_KEYS}) == len(GLOBAL_KEYS)


@pytest.mark.parametrize("written", ["aws:MultiFactorAuthPresent", "AWS:MULTIFACTORAUTHPRESENT",
                                     "aws:multifactorauthpresent"])
def test_a_grant_says_the_key_as_documented_and_keeps_its_fingerprint(written: str) -> None:
    statement = _stop(Condition("Bool", written, ("true",)))
    assert _tl401(statement) == ["user alice can StopLogging on 'main' when aws:MultiFactorAuthPresent is true"]
    import importlib
    rule = importlib.import_module("trail_lint.rules.tl401_can_tamper_with_trail").RULE
    inventory = Inventory(trails=(MAIN,), account=ACCOUNT, principals=(user("alice", inline(statement)),))
    [problem] = check_inventory(rule, inventory, now=NOW)
    assert subject_of(problem) == f"tamper:arn:aws:iam::{ACCOUNT}:user/alice"


def test_a_run_says_and_fingerprints_the_same_whatever_the_keys_case(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The documented case iam-deny-called-via-any-value, and the same with its key written AWS:CALLEDVIA:
    every finding the same, message and fingerprint."""
    source = Path(__file__).parent / "documented" / "iam-deny-called-via-any-value.aws"

    def findings(folder: Path) -> list[tuple[str, str, str]]:
        found = run([str(folder)], Config(), all_rules()).findings
        return [(finding.rule, finding.message, finding.fingerprint) for finding in found]
    written = tmp_path / "case.aws"
    shutil.copytree(source, written)
    details = written / "authorization-details.json"
    details.write_text(details.read_text().replace('"aws:CalledVia"', '"AWS:CALLEDVIA"'))
    copied = tmp_path / "copy" / "case.aws"
    shutil.copytree(source, copied)
    assert "AWS:CALLEDVIA" in details.read_text()
    monkeypatch.chdir(tmp_path)
    said = findings(Path("case.aws"))
    monkeypatch.chdir(tmp_path / "copy")
    assert findings(Path("case.aws")) == said
    assert any("when aws:CalledVia does not include cloudformation.amazonaws.com" in message for _, message, _ in said)


def test_a_key_no_request_carries_is_named_as_documented() -> None:
    statement = Statement("Deny", actions=("cloudtrail:StopLogging",), resources=("*",),
                          conditions=(Condition("StringEquals", "AWS:REQUESTTAG/owner", ("me",)),))
    assert never_met(statement) == ("aws:RequestTag/owner",)


CALLED_VIA = Condition("ForAnyValue:StringEquals", "aws:calledvia", ("cloudformation.amazonaws.com",))
TAG_KEYS = Condition("ForAllValues:StringEquals", "aws:TagKeys", ("env", "team"))


@pytest.mark.parametrize(("condition", "negated", "said"), [
    (CALLED_VIA, False, "aws:CalledVia includes cloudformation.amazonaws.com"),
    (CALLED_VIA, True, "aws:CalledVia does not include cloudformation.amazonaws.com"),
    (Condition("ForAnyValue:StringEquals", "aws:CalledVia", ("a.amazonaws.com", "b.amazonaws.com")), True,
     "aws:CalledVia does not include any of a.amazonaws.com, b.amazonaws.com"),
    (Condition("ForAnyValue:StringLike", "aws:CalledVia", ("cloud*",)), False, "a value of aws:CalledVia is like cloud*"),
    (Condition("ForAnyValue:StringLike", "aws:CalledVia", ("cloud*",)), True, "no value of aws:CalledVia is like cloud*"),
    (TAG_KEYS, False, "every value of aws:TagKeys is one of env, team (or it has none)"),
    (TAG_KEYS, True, "a value of aws:TagKeys is not one of env, team"),
    # operators no words are kept for: as written, negated in words
    (Condition("BinaryEquals", "aws:UserAgent", ("QmluYXJ5",)), False, "aws:UserAgent meets BinaryEquals QmluYXJ5"),
    (Condition("BinaryEquals", "aws:UserAgent", ("QmluYXJ5",)), True, "aws:UserAgent does not meet BinaryEquals QmluYXJ5"),
    (Condition("Null", "aws:SourceIp", ("yes",)), True, "aws:SourceIp does not meet Null yes"),
    (Condition("Bool", "aws:SecureTransport", ("maybe",)), True, "aws:SecureTransport does not meet Bool maybe"),
    (Condition("NotIpAddress", "AWS:SOURCEIP", ("203.0.113.0/24",)), True, "aws:SourceIp is in 203.0.113.0/24"),
])
def test_phrases_in_a_readers_words(condition: Condition, negated: bool, said: str) -> None:
    assert phrase(condition, negated) == said


def test_the_deny_unless_called_through_cloudformation_reads_as_a_sentence() -> None:
    # the documented case iam-deny-called-via-any-value: a user the Deny leaves only calls made directly
    assert _tl401(_stop(), _deny(CALLED_VIA)) == [
        "user alice can StopLogging on 'main' when aws:CalledVia does not include cloudformation.amazonaws.com"]


_OPERATORS = st.sampled_from(sorted({spelled for name in (
    "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike",
    "StringNotLike", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "NumericEquals", "NumericNotEquals",
    "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals",
    "DateNotEquals", "DateLessThan", "DateGreaterThanEquals", "Bool", "BinaryEquals", "IpAddress", "NotIpAddress",
    "Null") for spelled in (name, f"{name}IfExists", f"ForAnyValue:{name}", f"ForAllValues:{name}")
    if grammar_spelling(spelled) == spelled}))


@settings(max_examples=300, deadline=None)
@given(_OPERATORS, st.sampled_from(["aws:CalledVia", "AWS:SOURCEIP", "aws:TagKeys", "aws:sourcevpce", "aws:CurrentTime"]),
       st.lists(st.sampled_from(["true", "false", "x", "10.0.0.0/8", "2030-01-01T00:00:00Z", "7"]), min_size=1,
                max_size=2), st.booleans(), st.booleans())
def test_no_condition_is_said_as_not_in_parentheses(operator: str, key: str, values: list[str], negated: bool,
                                                   absent: bool) -> None:
    said = phrase(Condition(operator, key, tuple(values)), negated, absent)
    assert "not (" not in said and "meets not" not in said
    assert documented_key(key) in said


def test_the_endpoints_keys_come_together_and_without_the_source_address() -> None:
    assert [way_of_calling(key) for key in ("aws:sourcevpce", "aws:sourcevpc", "aws:vpcsourceip", "aws:sourcevpcarn",
                                            "aws:sourceip", "aws:multifactorauthpresent")] == \
        [True, True, True, True, False, None]
    # an Allow through the endpoint, a Deny of requests without aws:SourceVpc: the endpoint's request has it
    absent_vpc = Condition("Null", "aws:SourceVpc", ("true",))
    assert _tl401(_stop(ENDPOINT), _deny(absent_vpc)) == [
        "user alice can StopLogging on 'main' when aws:SourceVpce is vpce-1a2b3c4d and aws:SourceVpc is present"]
    # a Deny of every request with aws:SourceVpc: the endpoint's request has it, so no grant
    assert _tl401(_stop(ENDPOINT), _deny(Condition("Null", "aws:SourceVpc", ("false",)))) == []
    # nor an Allow asking for the endpoint and, at once, no aws:VpcSourceIp
    assert _tl401(_stop(ENDPOINT, Condition("Null", "aws:VpcSourceIp", ("true",)))) == []
    # through the endpoint, aws:SourceVpc is present: "or absent" is not said of it
    assert _tl401(_stop(ENDPOINT), _deny(Condition("StringEquals", "aws:SourceVpc", ("vpc-111",)))) == [
        "user alice can StopLogging on 'main' when aws:SourceVpce is vpce-1a2b3c4d and aws:SourceVpc is not vpc-111"]


def test_or_absent_is_said_of_an_endpoint_key_only_for_a_request_made_otherwise() -> None:
    deny_off = Condition("StringNotEquals", "aws:SourceVpce", ("vpce-1a2b3c4d",))
    assert phrase(deny_off, negated=True) == "aws:SourceVpce is vpce-1a2b3c4d"
    assert phrase(Condition("StringEquals", "aws:SourceVpce", ("vpce-1",)), True) == "aws:SourceVpce is not vpce-1"
    assert phrase(Condition("StringEquals", "aws:SourceVpce", ("vpce-1",)), True, absent=True) == \
        "aws:SourceVpce is not vpce-1 or absent"
    # a key of no way of calling: "or absent" whether or not this request lacks it
    assert phrase(Condition("BoolIfExists", "aws:MultiFactorAuthPresent", ("false",))) == \
        "aws:MultiFactorAuthPresent is false or absent"



def test_tl403_names_the_tag_key_as_documented() -> None:
    statement = Statement("Allow", actions=("cloudtrail:DescribeTrails",), resources=("*",),
                          conditions=(Condition("StringEquals", "AWS:RESOURCETAG/team", ("audit",)),))
    inventory = Inventory(trails=(MAIN,), account=ACCOUNT, principals=(user("alice", inline(statement)),))
    [said] = run_rule("tl403_resource_level_unsupported", inventory)
    assert "only under a condition on aws:ResourceTag/team, which never holds" in said
