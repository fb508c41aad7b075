"""What a Terraform configuration writes stays known beside what it does not: event selector blocks
and policy statements written beside a ``dynamic`` block over a value not known offline, and the
known lists ``concat`` joins to a list not known. The written ones are certain (a finding they
support is made); the unknown part may add any number of blocks or statements, maybe none (where
it could change the answer: the variable's TL002 names the rule).

https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks
https://developer.hashicorp.com/terraform/language/functions/concat
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.finding import Finding
from trail_lint.model import UNKNOWN, Coverage, EventSelector, Statement
from trail_lint.normalise.terraform.hcl import normalise_dir
from trail_lint.registry import all_rules
from trail_lint.selectors.recording import ALL_MANAGEMENT, management_events

PROVIDER = 'provider "aws" {\n  region = "us-east-1"\n}\nvariable "more" {}\n'
OTHER_TRAIL = '''
resource "aws_cloudtrail" "other" {
  name                          = "other-trail"
  s3_bucket_name                = "other-logs-bucket"
  is_multi_region_trail         = true
  include_global_service_events = true
}
'''


def _trail(blocks: str) -> str:
    return f'''
resource "aws_cloudtrail" "audit" {{
  name                          = "audit-trail"
  s3_bucket_name                = "audit-logs-bucket"
  is_multi_region_trail         = true
  include_global_service_events = true
{blocks}
}}
'''


def _basic(read_write: str = "All", management: bool = True, values: tuple[str, ...] = ()) -> str:
    data = "".join(f'''
    data_resource {{
      type   = "AWS::S3::Object"
      values = ["{value}"]
    }}''' for value in values)
    return f'''  event_selector {{
    read_write_type           = "{read_write}"
    include_management_events = {str(management).lower()}{data}
  }}
'''


def _advanced(category: str, *fields: tuple[str, str]) -> str:
    written = "".join(f'''
    field_selector {{
      field  = "{field}"
      equals = ["{value}"]
    }}''' for field, value in fields)
    return f'''  advanced_event_selector {{
    field_selector {{
      field  = "eventCategory"
      equals = ["{category}"]
    }}{written}
  }}
'''


def _dynamic(kind: str, over: str = "var.more") -> str:
    content = '''      read_write_type = event_selector.value''' if kind == "event_selector" else '''      field_selector {
        field  = "eventCategory"
        equals = [advanced_event_selector.value]
      }'''
    return f'''  dynamic "{kind}" {{
    for_each = {over}
    content {{
{content}
    }}
  }}
'''


def _lint(directory: Path, text: str, *select: str, regions: tuple[str, ...] = ()) -> list[Finding]:
    (directory / "main.tf").write_text(PROVIDER + text)
    config = Config(select=select, regions=regions) if select else Config(regions=regions)
    return run([str(directory)], config, all_rules(), raise_errors=True).findings


def _said(findings: list[Finding], rule: str) -> list[str]:
    return [f.message for f in findings if f.rule == rule]


def _variable_tl002(findings: list[Finding]) -> str:
    said = [f.message for f in findings if f.rule == "TL002" and "var.more" in f.message]
    assert len(said) == 1, said
    return said[0]


# --- the model ------------------------------------------------------------------------------

@pytest.mark.parametrize("written_first", [True, False])
def test_selectors_written_beside_a_dynamic_block_are_known_among_them(tmp_path: Path, written_first: bool) -> None:
    parts = [_basic("ReadOnly"), _dynamic("event_selector")]
    (tmp_path / "main.tf").write_text(PROVIDER + _trail("".join(parts if written_first else parts[::-1])))
    trail, = normalise_dir([str(tmp_path / "main.tf")])[0].trails
    assert trail.event_selectors is UNKNOWN
    assert trail.known_event_selectors == (EventSelector(read_write="ReadOnly", management=True),)
    assert trail.advanced_selectors == ()
    # read events certainly, writes only if a selector not known adds them
    coverage = management_events(trail)
    assert (coverage.read, coverage.write, coverage.records) == (True, UNKNOWN, True)
    assert coverage.full is UNKNOWN


def test_a_written_selector_of_every_management_event_records_them_all_whatever_is_beside_it(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(PROVIDER + _trail(_advanced("Management") + _dynamic("advanced_event_selector")))
    trail, = normalise_dir([str(tmp_path / "main.tf")])[0].trails
    assert trail.advanced_selectors is UNKNOWN and len(trail.known_advanced_selectors) == 1
    assert management_events(trail) == ALL_MANAGEMENT


def test_a_dynamic_block_alone_leaves_nothing_known(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(PROVIDER + _trail(_dynamic("event_selector")))
    trail, = normalise_dir([str(tmp_path / "main.tf")])[0].trails
    assert trail.event_selectors is UNKNOWN and trail.known_event_selectors == ()
    assert management_events(trail).records is UNKNOWN


# --- the rules ------------------------------------------------------------------------------

def test_tl210_reports_a_written_selector_beside_a_dynamic_one(tmp_path: Path) -> None:
    found = _lint(tmp_path, _trail(_basic(values=("arn:aws:s3:::*",)) + _dynamic("event_selector")), "TL210")
    assert _said(found, "TL210") == [("event selector of trail 'audit-trail' has wildcard data resource value "
                                     "'arn:aws:s3:::*'")]


def test_tl210_reports_a_written_advanced_selector_beside_a_dynamic_one(tmp_path: Path) -> None:
    blocks = _advanced("Managment") + _dynamic("advanced_event_selector")
    assert any("'Managment'" in message for message in _said(_lint(tmp_path, _trail(blocks), "TL210"), "TL210"))


def test_tl210_reports_a_written_field_selector_beside_a_dynamic_one(tmp_path: Path) -> None:
    # a field selector's own faults (a wildcard, an unknown field) whatever the dynamic ones make
    blocks = '''  advanced_event_selector {
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field       = "resources.ARN"
      starts_with = ["arn:aws:s3:::audit-data/*"]
    }
    dynamic "field_selector" {
      for_each = var.more
      content {
        field  = field_selector.key
        equals = field_selector.value
      }
    }
  }
'''
    found = _said(_lint(tmp_path, _trail(blocks), "TL210"), "TL210")
    assert found == [("advanced event selector of trail 'audit-trail' uses wildcard value 'arn:aws:s3:::audit-data/*' "
                     "on field resources.ARN")]


def test_tl103_counts_at_least_the_written_selectors(tmp_path: Path) -> None:
    blocks = "".join(_basic(read_write) for read_write in ["All", "ReadOnly"] * 3) + _dynamic("event_selector")
    assert _said(_lint(tmp_path, _trail(blocks), "TL103"), "TL103") == [
        "trail 'audit-trail' has at least 6 event selectors; the limit is 5"]


def test_tl103_is_silent_while_the_written_selectors_are_within_the_limit(tmp_path: Path) -> None:
    blocks = _basic() + _dynamic("event_selector")
    assert _said(_lint(tmp_path, _trail(blocks), "TL103"), "TL103") == []


def test_tl205_reports_both_kinds_written_beside_a_dynamic_block(tmp_path: Path) -> None:
    blocks = _basic() + _dynamic("event_selector") + _advanced("Management")
    assert _said(_lint(tmp_path, _trail(blocks), "TL205"), "TL205") == [
        "trail 'audit-trail' has both basic and advanced event selectors"]


def test_tl205_cannot_decide_when_the_other_kind_is_only_dynamic(tmp_path: Path) -> None:
    # the dynamic block may make no advanced selector, or some: the variable's TL002 names TL205
    found = _lint(tmp_path, _trail(_basic() + _dynamic("advanced_event_selector")), "TL205", "TL002")
    assert _said(found, "TL205") == []
    assert "TL205 (both-selector-kinds)" in _variable_tl002(found)


def test_tl501_and_tl503_count_a_trail_whose_written_selector_records_every_management_event(tmp_path: Path) -> None:
    found = _lint(tmp_path, _trail(_basic() + _dynamic("event_selector")) + OTHER_TRAIL, "TL501", "TL503")
    assert len(_said(found, "TL501")) == 1 and "audit-trail, other-trail" in _said(found, "TL501")[0]
    assert len(_said(found, "TL503")) == 1


def test_tl501_is_not_certain_when_the_written_selectors_record_no_management_event(tmp_path: Path) -> None:
    # a data-only selector: the dynamic part may add management events, or not
    blocks = _basic(management=False, values=("arn:aws:s3:::audit-data/",)) + _dynamic("event_selector")
    found = _lint(tmp_path, _trail(blocks) + OTHER_TRAIL, "TL501", "TL002")
    assert _said(found, "TL501") == []
    assert "TL501" in _variable_tl002(found)


def test_tl305_cannot_decide_on_a_written_read_only_selector_beside_a_dynamic_one(tmp_path: Path) -> None:
    # writes are left out unless a selector not known adds them: the variable's TL002 names TL305
    regions = ("us-east-1",)
    found = _lint(tmp_path, _trail(_basic("ReadOnly") + _dynamic("event_selector")), "TL305", "TL002",
                  regions=regions)
    assert _said(found, "TL305") == []
    assert "TL305 (management-events-reduced)" in _variable_tl002(found)
    known = _lint(tmp_path, _trail(_basic("ReadOnly") + _dynamic("event_selector", "[]")), "TL305", "TL002",
                  regions=regions)
    assert len(_said(known, "TL305")) == 1


def test_a_written_selector_with_values_not_known_is_still_among_them(tmp_path: Path) -> None:
    # a value known only after apply, or a variable without a value, inside a written block: the
    # block is kept with that value not known, and the variable's own TL002 says why
    blocks = _basic(values=("${aws_s3_bucket.data.arn}/",)) + _basic("${var.rw}", management=False,
                                                                      values=("arn:aws:s3:::*",)) \
        + _dynamic("event_selector")
    text = 'variable "rw" {}\nresource "aws_s3_bucket" "data" {\n  bucket_prefix = "data"\n}\n' + _trail(blocks)
    (tmp_path / "main.tf").write_text(PROVIDER + text)
    trail, = normalise_dir([str(tmp_path / "main.tf")])[0].trails
    first, second = trail.known_event_selectors
    assert first.read_write == "All" and isinstance(first.data_resources, tuple)
    assert first.data_resources[0].values == (UNKNOWN,)
    assert second.read_write is UNKNOWN
    found = _lint(tmp_path, text + OTHER_TRAIL, "TL501", "TL210", "TL002")
    assert len(_said(found, "TL501")) == 1
    assert _said(found, "TL210") == [("event selector of trail 'audit-trail' has wildcard data resource value "
                                     "'arn:aws:s3:::*'")]
    assert any(f.rule == "TL002" and "var.rw" in f.message for f in found)


# --- any mix of written and dynamic selector blocks -------------------------------------------

_READ_WRITE = st.sampled_from(["All", "ReadOnly", "WriteOnly", "Bogus"])
_VALUES = st.sampled_from([(), ("arn:aws:s3:::*",), ("arn:aws:s3:::audit-data/",)])
_WRITTEN = st.lists(st.tuples(_READ_WRITE, st.booleans(), _VALUES), min_size=1, max_size=7)
_DECIDED = ("TL103", "TL205", "TL210", "TL501", "TL503")


def _places(findings: list[Finding]) -> set[tuple[str, str]]:
    """The decided findings, by rule and message ("at least" left out: a count of the written ones)."""
    return {(f.rule, f.message.replace("at least ", "")) for f in findings if f.rule in _DECIDED}


@settings(max_examples=15)
@given(_WRITTEN, st.integers(min_value=0, max_value=7), st.booleans())
def test_findings_beside_a_dynamic_block_hold_whatever_it_makes(
        written: list[tuple[str, bool, tuple[str, ...]]], at: int, advanced_too: bool) -> None:
    # Each finding made with the dynamic block over a value not known holds when it makes nothing and
    # when it makes one more selector; every TL210 finding of the written blocks is still made.
    def blocks(over: str) -> str:
        parts = [_basic(read_write, management, values) for read_write, management, values in written]
        parts.insert(min(at, len(parts)), _dynamic("event_selector", over))
        return _trail("".join(parts) + (_advanced("Management") if advanced_too else "")) + OTHER_TRAIL

    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second, \
            tempfile.TemporaryDirectory() as third:
        unknown = _lint(Path(first), blocks("var.more"))
        none = _lint(Path(second), blocks("[]"))
        one_more = _lint(Path(third), blocks('["ReadOnly"]'))
    # (one more selector makes TL103 count one more)
    assert _places(unknown) <= _places(none)
    assert {(rule, message) for rule, message in _places(unknown) if rule != "TL103"} <= _places(one_more)
    assert {place for place in _places(none) if place[0] == "TL210"} <= _places(unknown)
    assert not any(f.rule in ("TL000", "TL001") for f in unknown)


# --- policy statements ------------------------------------------------------------------------

_ROLE = '''
resource "aws_iam_role" "{name}" {{
  name               = "{name}"
  assume_role_policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Allow", Principal = {{ Service = "ec2.amazonaws.com" }}, Action = "sts:AssumeRole" }}]
  }})
}}
'''


def _document_with_dynamic(effect: str) -> str:
    return f'''
data "aws_iam_policy_document" "doc" {{
  statement {{
    effect    = "{effect}"
    actions   = ["cloudtrail:StopLogging"]
    resources = ["*"]
  }}
  dynamic "statement" {{
    for_each = var.more
    content {{
      effect    = statement.value.effect
      actions   = statement.value.actions
      resources = ["*"]
    }}
  }}
}}
'''


def test_a_written_statement_beside_a_dynamic_one_is_read_with_its_content_maybe_there(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(PROVIDER + _document_with_dynamic("Deny") + _DYNAMIC_POLICY)
    contents, _ = normalise_dir([str(tmp_path / "main.tf")])
    worker, = [p for p in contents.principals if p.name == "worker"]
    policy, = worker.inline_policies
    statements = policy.statements
    assert isinstance(statements, tuple) and len(statements) == 2
    written, rest = statements
    assert (written.effect, written.actions, written.resources) == ("Deny", ("cloudtrail:StopLogging",), ("*",))
    # the dynamic block's content as written, any number of times, maybe none
    # (over var.more: another dynamic block over it is there with it, Statement.made_over)
    assert rest == Statement(UNKNOWN, actions=UNKNOWN, resources=("*",), maybe=True, made_over=rest.made_over)
    assert rest.made_over is not None and "more" in rest.made_over


def _concat_policy(effect: str, rest: str = "var.more") -> str:
    return f'''
resource "aws_iam_role_policy" "own" {{
  role   = aws_iam_role.worker.id
  policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = concat([{{ Effect = "{effect}", Action = ["cloudtrail:StopLogging"], Resource = "*" }}], {rest})
  }})
}}
''' + _ROLE.format(name="worker") + _trail("")


_DYNAMIC_POLICY = '''
resource "aws_iam_role_policy" "own" {
  role   = aws_iam_role.worker.id
  policy = data.aws_iam_policy_document.doc.json
}
''' + _ROLE.format(name="worker") + _trail("")
_WIDE = '''
resource "aws_iam_role_policy" "wide" {
  role   = aws_iam_role.worker.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["cloudtrail:*"], Resource = "*" }] })
}
'''


def _decisions(directory: Path, text: str) -> dict[str, str]:
    """The worker role's decision on each action on the trail, as `trail-lint access` gives it."""
    import csv

    from trail_lint.cli import main

    (directory / "main.tf").write_text(PROVIDER + text)
    out = directory / "access.csv"
    main(["access", str(directory), "--format", "csv", "--all", "--output", str(out)])
    with out.open() as handle:
        return {row["action"]: row["decision"] for row in csv.DictReader(handle)
                if row["principal"] == "aws_iam_role.worker" and row["trail"] == "audit-trail"}


@pytest.mark.parametrize("written", ["concat", "dynamic"])
def test_a_written_deny_is_certain_beside_statements_not_known(tmp_path: Path, written: str) -> None:
    text = _concat_policy("Deny") if written == "concat" else _document_with_dynamic("Deny") + _DYNAMIC_POLICY
    found = _decisions(tmp_path, text + _WIDE)
    # StopLogging is denied whatever the rest is; DeleteTrail, allowed by "wide", may be denied by the rest
    assert found["cloudtrail:StopLogging"] == "denied"
    assert found["cloudtrail:DeleteTrail"] == "unknown"


@pytest.mark.parametrize("written", ["concat", "dynamic"])
def test_an_allow_beside_statements_not_known_is_not_certain(tmp_path: Path, written: str) -> None:
    # a statement not known may Deny what the written one allows
    text = _concat_policy("Allow") if written == "concat" else _document_with_dynamic("Allow") + _DYNAMIC_POLICY
    assert _decisions(tmp_path, text)["cloudtrail:StopLogging"] == "unknown"
    known = _concat_policy("Allow", "[]") if written == "concat" else \
        _document_with_dynamic("Allow").replace("var.more", "[]") + _DYNAMIC_POLICY
    assert _decisions(tmp_path, known)["cloudtrail:StopLogging"] == "allowed"


@pytest.mark.parametrize("written", ["concat", "dynamic"])
def test_tl402_cannot_decide_where_a_statement_not_known_may_deny(tmp_path: Path, written: str) -> None:
    # "Allow StopLogging on *" beside statements not known: one of them may deny it on every trail
    text = _concat_policy("Allow") if written == "concat" else _document_with_dynamic("Allow") + _DYNAMIC_POLICY
    found = _lint(tmp_path, text, "TL402", "TL002")
    assert _said(found, "TL402") == []
    assert "TL402 (tamper-on-every-trail)" in _variable_tl002(found)
    known = _concat_policy("Allow", "[]") if written == "concat" else \
        _document_with_dynamic("Allow").replace("var.more", "[]") + _DYNAMIC_POLICY
    assert len(_said(_lint(tmp_path, known, "TL402", "TL002"), "TL402")) == 1



def test_tl402_still_decides_beside_a_deny_known_offline_under_a_condition(tmp_path: Path) -> None:
    """A Deny written in full whose condition holds for some principals only (aws:PrincipalArn) is no
    statement "not known offline": the Allow on every trail is a finding, as without it."""
    policy = ('{"Version": "2012-10-17", "Statement": ['
              '{"Sid": "S0", "Effect": "Allow", "Action": ["cloudtrail:*Trail*"], "Resource": "*"}, '
              '{"Sid": "S1", "Effect": "Deny", "Action": ["*"], '
              '"NotResource": "arn:aws:cloudtrail:*:111122223333:trail/audit-3*", '
              '"Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin-*"}}}]}')
    text = 'resource "aws_iam_policy" "wide" {\n  name   = "wide"\n  policy = <<EOF\n' + policy + '\nEOF\n}\n'
    found = _lint(tmp_path, text, "TL402", "TL002")
    assert [f.message for f in found if f.rule == "TL002"] == []
    assert _said(found, "TL402") == [("statement 'S0' of policy aws_iam_policy.wide allows DeleteTrail, UpdateTrail "
                                     "on every trail")]



def test_an_identity_statement_not_known_is_said_with_the_access_rules_it_leaves_open(tmp_path: Path) -> None:
    """Allow StopLogging concat'd to a list not known: the role may stop logging unless the rest denies
    it, so TL401 cannot decide: the variable's TL002 names it (and TL404), never a silent pass."""
    text = ('resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  s3_bucket_name = "audit-logs"\n}\n'
            'resource "aws_iam_role" "ops" {\n  name = "ops"\n  assume_role_policy = jsonencode({Version = '
            '"2012-10-17", Statement = [{Effect = "Allow", Principal = {Service = "ec2.amazonaws.com"}, '
            'Action = "sts:AssumeRole"}]})\n}\n'
            'resource "aws_iam_role_policy" "ops" {\n  role = aws_iam_role.ops.id\n  policy = jsonencode({\n'
            '    Version = "2012-10-17"\n    Statement = concat([{Effect = "Allow", Action = '
            '["cloudtrail:StopLogging"], Resource = "*"}], var.more)\n  })\n}\n'
            'variable "more" {\n  type = list(any)\n}\n')
    found = _lint(tmp_path, text, "TL401", "TL404", "TL002")
    assert _said(found, "TL401") == []
    [said] = [message for message in _said(found, "TL002") if "var.more" in message]
    assert "TL401 (can-tamper-with-trail) and TL404 (trail-arn-matches-no-trail) cannot decide: statement 2 of " \
           "policy aws_iam_role_policy.ops is not known offline" in said

_BUCKET_POLICY = '''
resource "aws_cloudtrail" "audit" {
  name           = "audit-trail"
  s3_bucket_name = aws_s3_bucket.logs.id
}
resource "aws_s3_bucket" "logs" {
  bucket = "audit-logs-bucket-1234"
}
resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = STATEMENTS
  })
}
'''
_DELIVERY = '''[
      { Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "s3:GetBucketAcl",
        Resource = aws_s3_bucket.logs.arn },
      { Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "s3:PutObject",
        Resource = "${aws_s3_bucket.logs.arn}/AWSLogs/*" }
    ]'''


@pytest.mark.parametrize("statements", [f"concat({_DELIVERY}, var.more)", ("[{ Effect = \"Allow\", Principal = "
                                        "{ Service = \"cloudtrail.amazonaws.com\" }, Action = \"s3:GetBucketAcl\", "
                                        "Resource = aws_s3_bucket.logs.arn }, var.more]")])
def test_a_bucket_policy_statement_not_known_may_name_anyone(tmp_path: Path, statements: str) -> None:
    # the statements not known are part of a bucket's policy: they name some principal (a policy
    # without one is rejected, which they are not known to be), and may deny CloudTrail its writes
    found = _lint(tmp_path, _BUCKET_POLICY.replace("STATEMENTS", statements), "TL001", "TL207", "TL002")
    assert _said(found, "TL001") == [] and _said(found, "TL207") == []
    assert "TL207 (bucket-policy-blocks-delivery)" in _variable_tl002(found)


def test_coverage_of_written_selectors_beside_unknown_ones_never_says_false() -> None:
    from trail_lint.selectors.recording import known_part

    for read in (True, False):
        for write in (True, False):
            found = known_part(Coverage(read, write))
            assert found.read is (True if read else UNKNOWN) and found.write is (True if write else UNKNOWN)


_TAMPER = ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"]
_STATEMENT = st.tuples(st.sampled_from(["Allow", "Deny"]), st.lists(st.sampled_from(_TAMPER), min_size=1, max_size=2,
                                                                    unique=True))
# what the list not known may turn out to be: nothing, a Deny of everything, an Allow of everything
_RESTS = ["[]", '[{ Effect = "Deny", Action = ["cloudtrail:*"], Resource = "*" }]',
          '[{ Effect = "Allow", Action = ["cloudtrail:*"], Resource = "*" }]']


@settings(max_examples=8)
@given(st.lists(_STATEMENT, min_size=1, max_size=3))
def test_access_decided_beside_statements_not_known_holds_whatever_they_are(
        written: list[tuple[str, list[str]]]) -> None:
    # Each decision `trail-lint access` makes with the concat'd list not known is the decision made with
    # each value it may take; one it leaves open differs between two of them.
    listed = ", ".join(f'{{ Effect = "{effect}", Action = {json_list(actions)}, Resource = "*" }}'
                       for effect, actions in written)
    with tempfile.TemporaryDirectory() as directory:
        def decisions(rest: str) -> dict[str, str]:
            written_one = '[{ Effect = "Allow", Action = ["cloudtrail:StopLogging"], Resource = "*" }], var.more'
            assert written_one in _concat_policy("Allow")
            return _decisions(Path(directory), _concat_policy("Allow").replace(written_one, f"[{listed}], {rest}"))
        unknown = decisions("var.more")
        known = [decisions(rest) for rest in _RESTS]
    for action in _TAMPER:
        found = {each[action] for each in known}
        if unknown[action] != "unknown":
            assert found == {unknown[action]}, (action, unknown[action], found)
        else:
            assert len(found) > 1, (action, found)


def json_list(values: list[str]) -> str:
    return "[" + ", ".join(f'"{value}"' for value in values) + "]"
