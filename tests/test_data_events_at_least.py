"""What a trail records at least, where the event selectors of its one kind are not all known: the
selectors written beside a ``dynamic`` block record what they record whatever the block makes, since a
trail's selectors add up (an event is recorded when any selector matches it) and the field selectors of
one selector narrow that selector only. So TL315 is satisfied by a written selector of every S3 object,
and TL504 reports the overlaps the written selectors make; the rest is the variable's TL002, naming the
rules it leaves open.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.finding import Finding
from trail_lint.model import UNKNOWN, AdvancedSelector, DataScope, EventSelector, FieldSelector, Trail
from trail_lint.registry import all_rules
from trail_lint.selectors.unknown_values import written_scopes

PROVIDER = 'provider "aws" {\n  region = "us-east-1"\n}\nvariable "more" {}\n'
REGIONS = ("us-east-1",)


def _field(field: str, operator: str, value: str) -> str:
    return f'''
    field_selector {{
      field  = "{field}"
      {operator} = ["{value}"]
    }}'''


def _selector(*fields: tuple[str, str, str]) -> str:
    return "  advanced_event_selector {" + "".join(_field(*f) for f in fields) + "\n  }\n"


def _data(kind: str, *more: tuple[str, str, str]) -> str:
    return _selector(("eventCategory", "equals", "Data"), ("resources.type", "equals", kind), *more)


# a dynamic block making, for each value, a selector of every S3 object (or of the value's category)
DYNAMIC = '''  dynamic "advanced_event_selector" {
    for_each = OVER
    content {
      field_selector {
        field  = "eventCategory"
        equals = [advanced_event_selector.value]
      }
      field_selector {
        field  = "resources.type"
        equals = ["AWS::S3::Object"]
      }
    }
  }
'''


def _trail(name: str, blocks: str) -> str:
    return f'''
resource "aws_cloudtrail" "{name}" {{
  name                          = "{name}-trail"
  s3_bucket_name                = "{name}-logs-bucket"
  is_multi_region_trail         = true
  include_global_service_events = true
{blocks}}}
'''


def _lint(directory: Path, text: str, *select: str) -> list[Finding]:
    (directory / "main.tf").write_text(PROVIDER + text)
    return run([str(directory)], Config(select=select, regions=REGIONS), all_rules(), raise_errors=True).findings


def _said(findings: list[Finding], rule: str) -> list[str]:
    return [f.message for f in findings if f.rule == rule]


def _variable_tl002(findings: list[Finding]) -> str:
    said = [f.message for f in findings if f.rule == "TL002" and "var.more" in f.message]
    assert len(said) == 1, said
    return said[0]


def _with_dynamic(written: str, over: str = "var.more") -> str:
    return written + DYNAMIC.replace("OVER", over)


# --- the model ------------------------------------------------------------------------------

def _fields(*pairs: tuple[str, str]) -> tuple[FieldSelector, ...]:
    return tuple(FieldSelector(field, equals=(value,)) for field, value in pairs)


def test_written_advanced_selectors_are_recorded_at_least() -> None:
    every_object = AdvancedSelector("s", fields=_fields(("eventCategory", "Data"), ("resources.type", "AWS::S3::Object")))
    writes = AdvancedSelector("s", fields=_fields(("eventCategory", "Data"), ("resources.type", "AWS::Lambda::Function"),
                                             ("readOnly", "false")))
    management = AdvancedSelector("s", fields=_fields(("eventCategory", "Management"),))
    unknown_type = AdvancedSelector("s", fields=(*_fields(("eventCategory", "Data")),
                                            FieldSelector("resources.type", equals=(UNKNOWN,))))
    trail = Trail("t", event_selectors=(), advanced_selectors=UNKNOWN,
                  known_advanced_selectors=(every_object, management, unknown_type, writes))
    assert written_scopes(trail) == (DataScope("AWS::S3::Object", True, True),
                                     DataScope("AWS::Lambda::Function", False, True))


def test_written_basic_selectors_are_recorded_at_least() -> None:
    from trail_lint.model import DataResource

    trail = Trail("t", event_selectors=UNKNOWN, advanced_selectors=(), known_event_selectors=(
        EventSelector(read_write="WriteOnly", data_resources=(DataResource("AWS::S3::Object", ("arn:aws:s3",)),)),
        EventSelector(data_resources=(DataResource("AWS::S3::Object", (UNKNOWN,)),))))
    assert written_scopes(trail) == (DataScope("AWS::S3::Object", False, True),)


def test_nothing_is_written_beside_known_selectors() -> None:
    # every selector known: what the trail records is read from them (recording), not "at least"
    assert written_scopes(Trail("t", event_selectors=(), advanced_selectors=())) == ()
    assert written_scopes(Trail("t", event_selectors=UNKNOWN, advanced_selectors=UNKNOWN)) == ()


# --- the rules ------------------------------------------------------------------------------

def test_tl315_is_satisfied_by_a_written_selector_of_every_object(tmp_path: Path) -> None:
    found = _lint(tmp_path, _trail("audit", _with_dynamic(_data("AWS::S3::Object"))), "TL315", "TL002")
    assert _said(found, "TL315") == []
    assert "TL315" not in " ".join(_said(found, "TL002"))


def test_tl315_is_open_when_the_written_selectors_record_no_object_events(tmp_path: Path) -> None:
    # a Lambda selector written: the dynamic block may add every S3 object, or nothing
    found = _lint(tmp_path, _trail("audit", _with_dynamic(_data("AWS::Lambda::Function"))), "TL315", "TL002")
    assert _said(found, "TL315") == []
    assert "TL315 (s3-object-events-not-recorded)" in _variable_tl002(found)
    known = _lint(tmp_path, _trail("audit", _with_dynamic(_data("AWS::Lambda::Function"), "[]")), "TL315")
    assert len(_said(known, "TL315")) == 2


def test_tl315_written_write_only_selector_settles_writes_only(tmp_path: Path) -> None:
    written = _data("AWS::S3::Object", ("readOnly", "equals", "false"))
    found = _lint(tmp_path, _trail("audit", _with_dynamic(written)), "TL315", "TL002")
    assert _said(found, "TL315") == []
    assert "TL315 (s3-object-events-not-recorded)" in _variable_tl002(found)   # the read events are open
    known = _lint(tmp_path, _trail("audit", _with_dynamic(written, "[]")), "TL315")
    assert _said(known, "TL315") == ["no multi-Region trail records S3 object-level read events for every bucket"]


def test_tl504_reports_an_overlap_the_written_selectors_make(tmp_path: Path) -> None:
    text = _trail("audit", _with_dynamic(_data("AWS::Lambda::Function"))) + _trail("other", _data(
        "AWS::Lambda::Function"))
    found = _lint(tmp_path, text, "TL504", "TL002")
    # what the dynamic block adds may share more: the message says "at least"; its fingerprint is
    # the one of the same overlap with every selector known
    assert _said(found, "TL504") == [("trails 'audit-trail' and 'other-trail' both log at least data events for "
                                      "all AWS::Lambda::Function in every enabled Region")]
    known = _lint(tmp_path, text.replace("var.more", "[]"), "TL504")
    assert _said(known, "TL504") == [("trails 'audit-trail' and 'other-trail' both log data events for all "
                                      "AWS::Lambda::Function in every enabled Region")]
    assert [f.fingerprint for f in known if f.rule == "TL504"] == [f.fingerprint for f in found if f.rule == "TL504"]


def test_tl504_says_at_least_for_a_group_of_trails(tmp_path: Path) -> None:
    text = _trail("audit", _with_dynamic(_data("AWS::Lambda::Function"))) + "".join(
        _trail(name, _data("AWS::Lambda::Function")) for name in ("other", "third"))
    found = _said(_lint(tmp_path, text, "TL504"), "TL504")
    assert found == [("3 trails 'audit-trail', 'other-trail' and 'third-trail' log the same data events (at least "
                      "all AWS::Lambda::Function) in every enabled Region")]


def test_tl504_excluded_part_of_a_written_selector_stays_excluded(tmp_path: Path) -> None:
    # NotStartsWith narrows its own selector only: what the dynamic block adds cannot undo it, nor
    # make the written selector record the excluded bucket; the rest is open
    written = _data("AWS::S3::Object", ("resources.ARN", "not_starts_with", "arn:aws:s3:::media/"))
    text = _trail("audit", _with_dynamic(written)) + _trail("other", _data(
        "AWS::S3::Object", ("resources.ARN", "starts_with", "arn:aws:s3:::logs/")))
    found = _lint(tmp_path, text, "TL504", "TL002")
    assert _said(found, "TL504") == [("trails 'audit-trail' and 'other-trail' both log at least data events for "
                                      "AWS::S3::Object arn:aws:s3:::logs/ in every enabled Region")]
    media = text.replace("arn:aws:s3:::logs/", "arn:aws:s3:::media/")
    found = _lint(tmp_path, media, "TL504", "TL002")
    assert _said(found, "TL504") == []
    assert "TL504 (overlapping-data-events)" in _variable_tl002(found)


# --- any written selectors beside the dynamic block ------------------------------------------

_KINDS = st.sampled_from(["AWS::S3::Object", "AWS::Lambda::Function"])
_NARROWING = st.sampled_from([(), (("readOnly", "equals", "true"),), (("readOnly", "equals", "false"),),
                              (("resources.ARN", "starts_with", "arn:aws:s3:::media/"),),
                              (("resources.ARN", "not_starts_with", "arn:aws:s3:::media/"),)])
_WRITTEN = st.lists(st.tuples(_KINDS, _NARROWING), min_size=1, max_size=3)
_OTHER = st.sampled_from(["", _data("AWS::S3::Object"), _data("AWS::Lambda::Function"),
                          _data("AWS::S3::Object", ("resources.ARN", "starts_with", "arn:aws:s3:::media/"))])


_RULES = ("TL309", "TL315", "TL504")


@settings(max_examples=12, deadline=None)
@given(_WRITTEN, _OTHER)
def test_data_event_findings_beside_a_dynamic_block_hold_whatever_it_makes(
        written: list[tuple[str, tuple[tuple[str, str, str], ...]]], other: str) -> None:
    # Each TL309, TL315 and TL504 finding made with the dynamic block over a value not known is made when it
    # makes nothing and when it makes a selector of every S3 object; where those two differ, the
    # variable's TL002 names the rule (never a silent pass).
    blocks = "".join(_data(kind, *narrowing) for kind, narrowing in written)

    def text(over: str) -> str:
        return _trail("audit", _with_dynamic(blocks, over)) + (_trail("other", other) if other else "")

    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second, \
            tempfile.TemporaryDirectory() as third:
        unknown = _lint(Path(first), text("var.more"), *_RULES, "TL002")
        none = _lint(Path(second), text("[]"), *_RULES)
        one_more = _lint(Path(third), text('["Data"]'), *_RULES)
    assert not any(f.rule in ("TL000", "TL001") for f in unknown)
    for rule in _RULES:
        certain = _groups(unknown, rule)
        assert certain <= _groups(none, rule) and certain <= _groups(one_more, rule), rule
        if _groups(none, rule) != _groups(one_more, rule) and not certain:
            assert f"{rule} (" in _variable_tl002(unknown), rule


def _groups(findings: list[Finding], rule: str) -> set[str]:
    """The findings of ``rule``; of TL504, the trails each names (what they share grows with what the
    dynamic block adds: at least the shared events are certain, not all of them)."""
    return {message.split(" both log ")[0] if rule == "TL504" else message for message in _said(findings, rule)}


_ARN_FROM_VARIABLE = '''
    field_selector {
      field       = "resources.ARN"
      starts_with = [var.more]
    }'''


def _with_value_not_known(written: str) -> str:
    """``written`` and a selector of S3 objects under a prefix a variable without a value gives."""
    selector = _data("AWS::S3::Object")
    return written + selector[:-4] + _ARN_FROM_VARIABLE + "\n  }\n"


def test_tl315_is_satisfied_beside_a_selector_holding_a_value_not_known(tmp_path: Path) -> None:
    found = _lint(tmp_path, _trail("audit", _with_value_not_known(_data("AWS::S3::Object"))), "TL315", "TL002")
    assert _said(found, "TL315") == []
    assert "TL315" not in " ".join(_said(found, "TL002"))


def test_tl315_is_open_on_a_selector_holding_a_value_not_known(tmp_path: Path) -> None:
    # the prefix may be every bucket's ("arn:aws:s3:::"), or one bucket's: the variable's TL002 says so
    found = _lint(tmp_path, _trail("audit", _with_value_not_known("")), "TL315", "TL002")
    assert _said(found, "TL315") == []
    assert "TL315 (s3-object-events-not-recorded)" in _variable_tl002(found)


def test_tl309_a_written_selector_of_every_object_records_the_trails_own_logs(tmp_path: Path) -> None:
    for blocks in (_with_dynamic(_data("AWS::S3::Object")), _with_value_not_known(_data("AWS::S3::Object"))):
        found = _lint(tmp_path, _trail("audit", blocks), "TL309", "TL002")
        assert _said(found, "TL309") == [("trail 'audit-trail' records S3 write data events for its own log "
                                          "bucket 'audit-logs-bucket'")]


def test_tl309_is_open_when_the_written_selectors_record_no_writes_of_objects(tmp_path: Path) -> None:
    written = _data("AWS::S3::Object", ("readOnly", "equals", "true"))
    found = _lint(tmp_path, _trail("audit", _with_dynamic(written)), "TL309", "TL002")
    assert _said(found, "TL309") == []
    assert "TL309 (trail-logs-own-bucket)" in _variable_tl002(found)
