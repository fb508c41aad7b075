"""A ``dynamic "statement"`` block of an ``aws_iam_policy_document`` over a ``for_each`` not known
offline makes its content as written any number of times, maybe none: its Effect, Action and
Resource are read, with holes where the iterator is used. An Allow can only add, a Deny only take
away: a statement that cannot touch a trail settles nothing, one that can leaves the access rules
open, said once in a TL002 that names them.

https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks
"""
from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.cli import main
from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.finding import Finding
from trail_lint.registry import all_rules

PROVIDER = 'provider "aws" {\n  region = "us-east-1"\n}\nvariable "more" {\n  type = list(any)\n}\n'
ROLE = '''
resource "aws_cloudtrail" "audit" {
  name           = "audit-trail"
  s3_bucket_name = "audit-logs-bucket"
}
resource "aws_iam_role" "worker" {
  name = "worker"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow",
    Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy" "own" {
  role   = aws_iam_role.worker.id
  policy = data.aws_iam_policy_document.doc.json
}
'''
TAMPER = ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"]
# (TL404 checks the ARNs a statement writes, whether or not it is there: not named where they are known)
ACCESS_RULES = ("TL401 (can-tamper-with-trail), TL402 (tamper-on-every-trail), TL406 (stop-without-start) and "
                "TL407 (deny-guardrail-gap) cannot decide: ")


def _statement(effect: str, actions: list[str], resources: str = '["*"]') -> str:
    return f'''
  statement {{
    effect    = "{effect}"
    actions   = {_list(actions)}
    resources = {resources}
  }}'''


# a for_each known only after apply (as in the corpus's expel-cloudtrail), which no TL002 says by itself
COMPUTED = "aws_kms_key.k.arn == null ? [] : [1]"


def _dynamic(effect: str, actions: list[str], over: str = COMPUTED, resources: str = '["*"]') -> str:
    return f'''
  dynamic "statement" {{
    for_each = {over}
    content {{
      effect    = "{effect}"
      actions   = {_list(actions)}
      resources = {resources}
    }}
  }}'''


def _document(*blocks: str) -> str:
    return 'data "aws_iam_policy_document" "doc" {' + "".join(blocks) + "\n}\n" + 'resource "aws_kms_key" "k" {}\n'


def _list(values: list[str]) -> str:
    return "[" + ", ".join(f'"{value}"' for value in values) + "]"


def _lint(directory: Path, text: str) -> list[Finding]:
    (directory / "main.tf").write_text(PROVIDER + ROLE + text)
    return list(run([str(directory)], Config(), all_rules(), raise_errors=True).findings)


def _decisions(directory: Path, text: str) -> dict[str, str]:
    """The worker role's decision on each action on the trail, as `trail-lint access` gives it."""
    (directory / "main.tf").write_text(PROVIDER + ROLE + text)
    out = directory / "access.csv"
    main(["access", str(directory), "--format", "csv", "--all", "--output", str(out)])
    with out.open() as handle:
        return {row["action"]: row["decision"] for row in csv.DictReader(handle)
                if row["principal"] == "aws_iam_role.worker" and row["trail"] == "audit-trail"}


def _said(findings: list[Finding], rule: str) -> list[Finding]:
    return [finding for finding in findings if finding.rule == rule]


def _statement_tl002(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in _said(findings, "TL002") if "dynamic block over" in finding.message
            or "dynamic blocks over" in finding.message or "not known offline: what it allows" in finding.message]


def test_a_statement_that_cannot_touch_a_trail_settles_nothing(tmp_path: Path) -> None:
    # the corpus's expel-cloudtrail: kms:Decrypt on a key ARN known only after apply, over a for_each
    # that depends on it, beside a written Allow of CloudTrail reads
    text = _document(_dynamic("Allow", ["kms:Decrypt"], resources="[aws_kms_key.k.arn]"),
                     _statement("Allow", ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus"]))
    findings = _lint(tmp_path, text)
    assert _statement_tl002(findings) == []
    assert _said(findings, "TL401") == []
    decisions = _decisions(tmp_path, text)
    assert decisions["cloudtrail:GetTrailStatus"] == "allowed"
    assert {decisions[action] for action in TAMPER} == {"denied"}


def test_an_allow_of_stop_logging_maybe_there_is_conditional_and_said_once(tmp_path: Path) -> None:
    text = _document(_dynamic("Allow", ["cloudtrail:StopLogging"]))
    findings = _lint(tmp_path, text)
    assert _said(findings, "TL401") == [] and _said(findings, "TL402") == []
    [said] = _statement_tl002(findings)
    assert said.message == ACCESS_RULES + (
        "statement 1 of policy aws_iam_role_policy.own is made by a dynamic block over a for_each not known "
        "offline, any number of times, maybe none: what it allows on trails may or may not be so")
    assert said.line == (PROVIDER + ROLE + text).splitlines().index('  dynamic "statement" {') + 1
    decisions = _decisions(tmp_path, text)
    assert decisions["cloudtrail:StopLogging"] == "conditional"
    assert decisions["cloudtrail:DeleteTrail"] == "denied"


def test_a_deny_maybe_there_takes_away_only_what_it_names(tmp_path: Path) -> None:
    text = _document(_statement("Allow", ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"]),
                     _dynamic("Deny", ["cloudtrail:StopLogging"]))
    decisions = _decisions(tmp_path, text)
    # the Deny may be there: StopLogging may be denied; DeleteTrail is allowed whatever it is
    assert decisions["cloudtrail:StopLogging"] == "conditional"
    assert decisions["cloudtrail:DeleteTrail"] == "allowed"
    findings = _lint(tmp_path, text)
    [tl401] = _said(findings, "TL401")
    assert "DeleteTrail on" in tl401.message and "StopLogging" not in tl401.message
    # TL402: DeleteTrail on every trail for certain, StopLogging open (the Deny may be there)
    assert [f.message for f in _said(findings, "TL402")] == [
        "statement 1 of policy aws_iam_role_policy.own allows DeleteTrail on every trail"]
    [said] = _statement_tl002(findings)
    assert said.message == ACCESS_RULES + (
        "statement 2 of policy aws_iam_role_policy.own is made by a dynamic block over a for_each not known "
        "offline, any number of times, maybe none: what it denies on trails may or may not be so")


def test_a_statement_maybe_there_whose_resource_uses_the_iterator_is_not_known(tmp_path: Path) -> None:
    resources = '["arn:aws:cloudtrail:us-east-1:111122223333:trail/${statement.value}"]'
    text = _document(_dynamic("Allow", ["cloudtrail:StopLogging"], resources=resources))
    findings = _lint(tmp_path, text)
    assert _said(findings, "TL401") == []
    [said] = _statement_tl002(findings)
    assert "statement 1 of policy aws_iam_role_policy.own" in said.message and "TL401" in said.message


def test_two_dynamic_blocks_each_said_at_its_own_place(tmp_path: Path) -> None:
    # over two collections (each may be empty while the other is not): two unknowns
    text = _document(_dynamic("Allow", ["cloudtrail:StopLogging"]),
                     _dynamic("Allow", ["cloudtrail:DeleteTrail"], over="aws_kms_key.k.arn == null ? [1] : []"))
    said = _statement_tl002(_lint(tmp_path, text))
    assert [f.message.split(": ")[1].split(" is made")[0] for f in said] == [
        "statement 1 of policy aws_iam_role_policy.own", "statement 2 of policy aws_iam_role_policy.own"]
    assert len({f.line for f in said}) == 2


_CONTENT = st.tuples(st.sampled_from(["Allow", "Deny"]), st.lists(st.sampled_from(TAMPER + ["kms:Decrypt"]),
                                                                  min_size=1, max_size=2, unique=True))


@settings(max_examples=8, deadline=None)
@given(st.lists(_CONTENT, min_size=1, max_size=2), st.lists(_CONTENT, min_size=1, max_size=2))
def test_decisions_hold_however_many_copies_a_dynamic_block_makes(
        written: list[tuple[str, list[str]]], dynamic: list[tuple[str, list[str]]]) -> None:
    # A decision made with the for_each not known (allowed, denied) is the one made with no copy and
    # with copies; one that differs between them is conditional. Dynamic blocks over one for_each
    # make copies together (Statement.made_over): an Allow and a Deny drawn here share it.
    blocks = [_statement(effect, actions) for effect, actions in written]
    with tempfile.TemporaryDirectory() as directory:
        def decisions(over: str) -> dict[str, str]:
            return _decisions(Path(directory), _document(
                *blocks, *(_dynamic(effect, actions, over=over) for effect, actions in dynamic)))
        unknown = decisions(COMPUTED)
        known = [decisions("[]"), decisions("[1]"), decisions("[1, 2]")]
    for action in TAMPER:
        found = {each[action] for each in known}
        if unknown[action] != "conditional":
            assert found == {unknown[action]}, (action, unknown[action], found)
        assert len(found) == 1 or unknown[action] == "conditional", (action, found)


def test_a_for_each_without_a_value_says_the_statement_in_its_tl002(tmp_path: Path) -> None:
    text = _document(_dynamic("Allow", ["kms:Decrypt"], over="var.more"),
                     _dynamic("Allow", ["cloudtrail:StopLogging"], over="var.more"))
    [said] = _statement_tl002(_lint(tmp_path, text))
    assert said.message.startswith("var.more has no value")
    # each dynamic block is said; the one that may act on a trail with the rules it leaves open
    assert 'the for_each of dynamic "statement" block 1 of data.aws_iam_policy_document.doc' in said.message
    assert f'the for_each of dynamic "statement" block 2 of data.aws_iam_policy_document.doc ({ACCESS_RULES}' \
           "statement 2 of policy aws_iam_role_policy.own is made by a dynamic block" in said.message


def test_a_bucket_policy_deny_maybe_there_leaves_delivery_open(tmp_path: Path) -> None:
    text = '''
resource "aws_kms_key" "k" {}
resource "aws_s3_bucket" "logs" {
  bucket = "audit-logs-bucket"
}
resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.bucket.json
}
data "aws_iam_policy_document" "bucket" {
  statement {
    actions   = ["s3:GetBucketAcl"]
    resources = [aws_s3_bucket.logs.arn]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
  }
  statement {
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.logs.arn}/*"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
  }
  dynamic "statement" {
    for_each = EACH
    content {
      effect    = "Deny"
      actions   = ["DENIED"]
      resources = ["${aws_s3_bucket.logs.arn}/*"]
      principals {
        type        = "*"
        identifiers = ["*"]
      }
    }
  }
}
'''
    def delivery(each: str, denied: str) -> list[str]:
        found = _lint(tmp_path, text.replace("EACH", each).replace("DENIED", denied))
        return [f.message for f in found if f.rule == "TL207" or "TL207" in f.message]
    [said] = delivery(COMPUTED, "s3:PutObject")
    assert "TL207 (bucket-policy-blocks-delivery) cannot decide" in said and "made by a dynamic block" in said
    assert [m for m in delivery("[1]", "s3:PutObject") if m.startswith("bucket policy")]
    assert delivery("[]", "s3:PutObject") == []
    # a Deny of what CloudTrail never asks for leaves delivery as it is
    assert delivery(COMPUTED, "s3:DeleteObject") == []


def test_content_that_may_make_the_document_rejected_stays_one_statement_not_known(tmp_path: Path) -> None:
    # a bucket policy whose dynamic content names no principal: were it made, the policy would be
    # rejected, so how many it makes decides whether the policy exists at all
    from trail_lint.model import UNKNOWN
    from trail_lint.normalise.terraform.hcl import normalise_dir

    text = _document(_statement("Allow", ["cloudtrail:DescribeTrails"]),
                     _dynamic("Allow", ["cloudtrail:StopLogging"]).replace(
                         "content {", 'content {\n      principals {\n        type = "AWS"\n'
                         '        identifiers = ["*"]\n      }'))
    (tmp_path / "main.tf").write_text(PROVIDER + ROLE + text)
    contents, _ = normalise_dir([str(tmp_path / "main.tf")])
    worker, = [p for p in contents.principals if p.name == "worker"]
    policy, = worker.inline_policies
    assert isinstance(policy.statements, tuple)
    written, rest = policy.statements
    assert not written.maybe and (rest.effect, rest.actions, rest.maybe) == (UNKNOWN, UNKNOWN, False)


def test_an_scp_guardrail_maybe_there_leaves_tl407_open(tmp_path: Path) -> None:
    text = _document(_statement("Deny", ["cloudtrail:DeleteTrail"]), _dynamic("Deny", ["cloudtrail:StopLogging"])) \
        + '''
resource "aws_organizations_policy" "protect" {
  name    = "protect-trail"
  content = data.aws_iam_policy_document.doc.json
}
resource "aws_organizations_policy_attachment" "root" {
  policy_id = aws_organizations_policy.protect.id
  target_id = "r-abcd"
}
'''
    findings = _lint(tmp_path, text)
    # the written Deny protects every trail; the one a dynamic block may make is neither a gap nor a guardrail
    assert _said(findings, "TL407") == []
    said = [f.message for f in _said(findings, "TL002") if "aws_organizations_policy.protect" in f.message]
    assert said == [("TL407 (deny-guardrail-gap) cannot decide: statement 2 of policy aws_organizations_policy.protect "
                     "is made by a dynamic block over a for_each not known offline, any number of times, maybe none: "
                     "what it denies on trails may or may not be so")]


# Two dynamic blocks over the same for_each make as many statements each: "The for_each argument
# provides the complex value to iterate over", and one expression of a module instance is one value
# (https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks). Where the Deny is
# there, so is the Allow, and "an explicit deny in any policy overrides any allows"
# (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
SAME = "aws_kms_key.k.arn == null ? [] : [1]"


def test_an_allow_and_a_deny_over_one_for_each_are_there_together(tmp_path: Path) -> None:
    text = _document(_dynamic("Allow", ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"], over=SAME),
                     _dynamic("Deny", ["cloudtrail:StopLogging"], over=SAME))
    decisions = _decisions(tmp_path, text)
    # whenever the Allow is there the Deny is: StopLogging is never granted; DeleteTrail may be
    assert decisions["cloudtrail:StopLogging"] == "denied"
    assert decisions["cloudtrail:DeleteTrail"] == "conditional"
    findings = _lint(tmp_path, text)
    assert _said(findings, "TL401") == [] and _said(findings, "TL402") == []
    # one unknown, not two: said once, at the first of the two blocks
    [said] = _statement_tl002(findings)
    assert said.message.endswith(
        "statement 1 and statement 2 of policy aws_iam_role_policy.own are made by dynamic blocks over one for_each "
        "not known offline, as many times each, maybe none: what they allow and deny on trails may or may not be so")
    assert said.line == (PROVIDER + ROLE + text).splitlines().index('  dynamic "statement" {') + 1


@pytest.mark.parametrize("other", [
    "aws_kms_key.k.arn == null ? [1] : []",         # another collection: one may be empty, the other not
    'uuid() == "" ? [] : [1]',                      # a value that differs from one call to the next
])
def test_blocks_over_collections_that_may_differ_stay_apart(tmp_path: Path, other: str) -> None:
    text = _document(_dynamic("Allow", ["cloudtrail:StopLogging"], over=SAME),
                     _dynamic("Deny", ["cloudtrail:StopLogging"], over=other))
    assert _decisions(tmp_path, text)["cloudtrail:StopLogging"] == "conditional"
    assert len(_statement_tl002(_lint(tmp_path, text))) == 2


def test_a_deny_tied_to_an_allow_still_takes_away_only_where_it_surely_applies(tmp_path: Path) -> None:
    # the Deny names another trail: where the statements are there, StopLogging on this one is granted
    other = '["arn:aws:cloudtrail:us-east-1:111122223333:trail/other"]'
    text = _document(_dynamic("Allow", ["cloudtrail:StopLogging"], over=SAME),
                     _dynamic("Deny", ["cloudtrail:StopLogging"], over=SAME, resources=other))
    assert _decisions(tmp_path, text)["cloudtrail:StopLogging"] == "conditional"
    # a Deny whose Resource is each copy's own value is not sure to name the trail
    mine = '["arn:aws:cloudtrail:us-east-1:111122223333:trail/${statement.value}"]'
    text = _document(_dynamic("Allow", ["cloudtrail:StopLogging"], over=SAME),
                     _dynamic("Deny", ["cloudtrail:StopLogging"], over=SAME, resources=mine))
    assert _decisions(tmp_path, text)["cloudtrail:StopLogging"] == "unknown"      # not "denied"


def _rules_named(said: Finding) -> list[str]:
    return [part.split(" ")[0] for part in said.message.split(" cannot decide: ")[0].replace(" and ", ", ").split(", ")]


def test_tl404_decides_the_arns_a_statement_maybe_there_writes_and_is_not_named_undecided(tmp_path: Path) -> None:
    # TL404 checks what a Resource writes: a trail ARN written in the content matches no trail whether
    # the block makes it once, twice or not at all, so the statement's TL002 does not name TL404
    # (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html)
    wrong = '["arn:aws:cloudtrail:us-east-1:111122223333:trail/audit-trial"]'
    findings = _lint(tmp_path, _document(_dynamic("Allow", ["cloudtrail:StopLogging"], resources=wrong)))
    [tl404] = _said(findings, "TL404")
    assert tl404.message == ("trail ARN 'arn:aws:cloudtrail:us-east-1:111122223333:trail/audit-trial' in statement 1 "
                             "of policy aws_iam_role_policy.own matches no known trail")
    [said] = _statement_tl002(findings)
    assert "TL404" not in _rules_named(said) and "TL401" in _rules_named(said)
    # an ARN that names the trail: TL404 has nothing to say, and is not named either
    right = '["arn:aws:cloudtrail:us-east-1:111122223333:trail/audit-trail", "*"]'
    findings = _lint(tmp_path, _document(_dynamic("Allow", ["cloudtrail:StopLogging"], resources=right)))
    assert _said(findings, "TL404") == []
    [said] = _statement_tl002(findings)
    assert "TL404" not in _rules_named(said)


def test_tl404_is_named_where_the_arn_a_statement_maybe_there_writes_is_not_known(tmp_path: Path) -> None:
    each = '["arn:aws:cloudtrail:us-east-1:111122223333:trail/${statement.value}"]'
    findings = _lint(tmp_path, _document(_dynamic("Allow", ["cloudtrail:StopLogging"], resources=each)))
    assert _said(findings, "TL404") == []
    [said] = _statement_tl002(findings)
    assert "TL404" in _rules_named(said)
    # tied to a statement whose ARN is known: the one TL002 of both still names it
    wrong = '["arn:aws:cloudtrail:us-east-1:111122223333:trail/audit-trial"]'
    findings = _lint(tmp_path, _document(_dynamic("Allow", ["cloudtrail:StopLogging"], resources=wrong, over=SAME),
                                         _dynamic("Deny", ["cloudtrail:DeleteTrail"], resources=each, over=SAME)))
    assert [f.message.split(" in statement")[0] for f in _said(findings, "TL404")] == [
        "trail ARN 'arn:aws:cloudtrail:us-east-1:111122223333:trail/audit-trial'"]
    # the one whose ARN is each copy's own is said on its own, naming TL404, once (TL407 joins it);
    # the other, naming it not
    said = _statement_tl002(findings)
    assert [(f.message.split(" cannot decide: ")[1].split(" is ")[0], "TL404" in _rules_named(f)) for f in said] == [
        ("statement 1 of policy aws_iam_role_policy.own", False),
        ("statement 2 of policy aws_iam_role_policy.own", True)]


def test_a_bucket_policy_allow_and_deny_over_one_for_each_never_let_cloudtrail_write(tmp_path: Path) -> None:
    def block(effect: str, principal: str, over: str) -> str:
        return f'''
  dynamic "statement" {{
    for_each = {over}
    content {{
      effect    = "{effect}"
      actions   = ["s3:PutObject"]
      resources = ["${{aws_s3_bucket.logs.arn}}/*"]
      principals {{
        type        = "{principal}"
        identifiers = ["{'cloudtrail.amazonaws.com' if principal == 'Service' else '*'}"]
      }}
    }}
  }}'''
    text = '''
resource "aws_kms_key" "k" {}
resource "aws_s3_bucket" "logs" {
  bucket = "audit-logs-bucket"
}
resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.bucket.json
}
data "aws_iam_policy_document" "bucket" {
  statement {
    actions   = ["s3:GetBucketAcl"]
    resources = [aws_s3_bucket.logs.arn]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
  }''' + block("Allow", "Service", SAME) + block("Deny", "*", "DENIED") + "\n}\n"

    def delivery(denied: str) -> list[str]:
        found = _lint(tmp_path, text.replace("DENIED", denied))
        return [f.message for f in found if f.rule == "TL207" or "TL207" in f.message]
    # over one for_each: the Allow is never there without the Deny, so CloudTrail can never write
    assert delivery(SAME) == [
        ("bucket policy of 'audit-logs-bucket' blocks delivery for trail 'audit-trail': no statement allows "
        "cloudtrail.amazonaws.com s3:PutObject on arn:aws:s3:::audit-logs-bucket/AWSLogs/<account-id>/*")]
    # over another: the Allow may be there alone, the Deny alone or neither: not known
    [said] = delivery("aws_kms_key.k.arn == null ? [1] : []")
    assert "TL207 (bucket-policy-blocks-delivery) cannot decide" in said
