"""TL504 on advanced event selectors holding values not known offline (a CloudFormation parameter
without a value, a Terraform variable without one, a plan's "known after apply"): what is certain
whatever the values are is still compared, and what they leave open is said once as TL002 at the
value, naming TL504; never a silent pass, never a guess.

Semantics from the API reference of AdvancedFieldSelector
(https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html):
NotStartsWith, NotEquals and NotEndsWith exclude the events whose field matches; Equals and StartsWith
values of one field are ORed; the fields of a selector are ANDed; values are 1 to 2048 characters.
"""
from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from test_selectors import _excluded

from trail_lint.cli import main
from trail_lint.model import UNKNOWN, AdvancedSelector, DataScope, FieldSelector, Trail
from trail_lint.overlap_sweep import shared_data
from trail_lint.selectors.compare import loosened
from trail_lint.selectors.recording import data_events
from trail_lint.selectors.unknown_values import scopes_despite_unknowns

S3 = "AWS::S3::Object"
HEAD = "Parameters:\n  Excluded:\n    Type: String\nResources:\n"
TRAIL = """  {key}:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: {name}
      S3BucketName: logs-123456789012
      S3KeyPrefix: {name}
      IsLogging: true
      AdvancedEventSelectors:
        - FieldSelectors:
            - {{Field: eventCategory, Equals: [Data]}}
            - {{Field: resources.type, Equals: ["AWS::S3::Object"]}}
"""


def _lint(tmp_path: Path, capsys, *trails: tuple[str, str], name: str = "t.yaml") -> list[str]:
    """TL504 and TL002 on trails given as (name, their further field selectors, one per line)."""
    text = HEAD
    for n, (trail, extra) in enumerate(trails):
        text += TRAIL.format(key=f"T{n}", name=trail) + "".join(f"            - {line}\n" for line in extra.splitlines())
    (tmp_path / name).write_text(text)
    return _placed(_run(capsys, tmp_path / name, "TL504,TL002", "--region", "us-east-2"))


def _run(capsys, path: Path, select: str, *options: str) -> str:
    """The parsable output of the ``select``ed rules on ``path``, in account 123456789012."""
    capsys.readouterr()
    main(["--format", "parsable", "--select", select, *options, "--account", "123456789012", str(path)])
    return capsys.readouterr().out


def _placed(out: str) -> list[str]:
    """Each finding of parsable output as "line:column: message", without its file name."""
    return [line.split(":", 1)[1] for line in out.splitlines() if line]


def _value_at(tmp_path: Path) -> str:
    """The "line:column: " of the first value the template leaves unknown (its !ImportValue, the value
    of another stack's output, known only at deployment)."""
    lines = (tmp_path / "t.yaml").read_text().splitlines()
    at = next(n for n, line in enumerate(lines) if "!ImportValue" in line)
    return f"{at + 1}:{lines[at].index('!ImportValue') + 1}: "


MEDIA = '{Field: resources.ARN, StartsWith: ["arn:aws:s3:::media/"]}'
EVERY_BUT_UNKNOWN_PREFIX = "{Field: resources.ARN, NotStartsWith: [!ImportValue excluded]}"
UNDECIDED = ("TL002 TL504 (overlapping-data-events) cannot decide: what trail {which} records is not known: its event "
             "selectors hold a value not known offline")


def test_an_unknown_excluded_prefix_may_leave_out_everything(tmp_path: Path, capsys) -> None:
    """Every S3 object but those of a prefix not known offline: the prefix may be "arn:aws:s3:::" (or
    "arn:aws:s3:::media/"), so whether it shares media/ with another trail is undecided, said once at
    the value; before, the trail was left out and nothing was said."""
    assert _lint(tmp_path, capsys, ("all", EVERY_BUT_UNKNOWN_PREFIX), ("media", MEDIA)) == [
        _value_at(tmp_path) + UNDECIDED.format(which="'all'")]


def test_two_trails_each_minus_an_unknown_prefix_are_undecided(tmp_path: Path, capsys) -> None:
    """Each may leave out everything: one TL002 at each value."""
    assert _lint(tmp_path, capsys, ("a", EVERY_BUT_UNKNOWN_PREFIX), ("b", EVERY_BUT_UNKNOWN_PREFIX)) == [
        _value_at(tmp_path) + UNDECIDED.format(which="'a'"),
        _value_at(tmp_path).replace("16:", "28:") + UNDECIDED.format(which="'b'")]


def test_an_unknown_excluded_arn_leaves_every_prefix_recorded_in_part(tmp_path: Path, capsys) -> None:
    """NotEquals an ARN not known offline leaves out at most one ARN: a trail of every S3 object but
    that one certainly shares part of media/ (one ARN under it may be the one left out), and whether
    it logs the one object another trail names is undecided."""
    one_object = '{Field: resources.ARN, Equals: ["arn:aws:s3:::invoices/2024.pdf"]}'
    assert _lint(tmp_path, capsys, ("all", "{Field: resources.ARN, NotEquals: [!ImportValue excluded]}"), ("media", MEDIA),
                 ("invoice", one_object)) == [
        _value_at(tmp_path) + UNDECIDED.format(which="'all'"),
        ("24:7: TL504 trails 'all' and 'media' both log data events for part of AWS::S3::Object "
        "arn:aws:s3:::media/ in us-east-2")]


def test_two_trails_each_minus_an_unknown_arn_overlap_in_part(tmp_path: Path, capsys) -> None:
    """Each leaves out at most one ARN: together they still log the same events of every other S3 object."""
    excluded = "{Field: resources.ARN, NotEquals: [!ImportValue excluded]}"
    assert _lint(tmp_path, capsys, ("a", excluded), ("b", excluded)) == [
        "24:7: TL504 trails 'a' and 'b' both log data events for part of all AWS::S3::Object in us-east-2"]


def test_an_unknown_excluded_ending_is_an_exclusion_in_part(tmp_path: Path, capsys) -> None:
    ending = "{Field: resources.ARN, NotEndsWith: [!ImportValue excluded]}"
    assert _lint(tmp_path, capsys, ("all", ending), ("media", MEDIA)) == [
        ("24:7: TL504 trails 'all' and 'media' both log data events for part of AWS::S3::Object "
        "arn:aws:s3:::media/ in us-east-2")]


def test_an_unknown_included_value_adds_nothing_certain(tmp_path: Path, capsys) -> None:
    """StartsWith [known, unknown]: the known prefix is certain (values are ORed); StartsWith [unknown]
    alone is no longer read as every object of the type."""
    some = '{Field: resources.ARN, StartsWith: ["arn:aws:s3:::media/", !ImportValue excluded]}'
    assert _lint(tmp_path, capsys, ("some", some), ("media", MEDIA)) == [
        ("12:7: TL504 trails 'media' and 'some' both log data events for AWS::S3::Object arn:aws:s3:::media/ "
        "in us-east-2")]
    only = "{Field: resources.ARN, StartsWith: [!ImportValue excluded]}"
    assert _lint(tmp_path, capsys, ("only", only), ("media", MEDIA)) == [
        _value_at(tmp_path) + UNDECIDED.format(which="'only'")]


def test_unknown_event_names_and_read_only(tmp_path: Path, capsys) -> None:
    """eventName Equals [PutObject, unknown] certainly records PutObject; readOnly [unknown] may be
    either direction, so nothing is certain."""
    names = "{Field: eventName, Equals: [PutObject, !ImportValue excluded]}"
    assert _lint(tmp_path, capsys, ("names", names), ("media", MEDIA)) == [
        ("12:7: TL504 trails 'media' and 'names' both log data events for PutObject events of AWS::S3::Object "
        "arn:aws:s3:::media/ in us-east-2")]
    read_only = "{Field: readOnly, Equals: [!ImportValue excluded]}"
    assert _lint(tmp_path, capsys, ("reads", read_only), ("media", MEDIA)) == [
        _value_at(tmp_path) + UNDECIDED.format(which="'reads'")]


def test_an_unknown_resource_type_may_be_any(tmp_path: Path, capsys) -> None:
    text = TRAIL.format(key="T0", name="any").replace('["AWS::S3::Object"]', "[!ImportValue excluded]")
    (tmp_path / "t.yaml").write_text(HEAD + text + TRAIL.format(key="T1", name="media"))
    assert _run(capsys, tmp_path / "t.yaml", "TL504,TL002", "--region", "us-east-2").splitlines() == [
        f"{tmp_path / 't.yaml'}:{_value_at(tmp_path)}" + UNDECIDED.format(which="'any'")]


def test_no_other_trail_no_question(tmp_path: Path, capsys) -> None:
    assert _lint(tmp_path, capsys, ("all", EVERY_BUT_UNKNOWN_PREFIX)) == []
    other_type = '{Field: resources.ARN, StartsWith: ["arn:aws:s3:::media/"]}'
    lambda_trail = TRAIL.replace("AWS::S3::Object", "AWS::Lambda::Function")
    (tmp_path / "t.yaml").write_text(HEAD + TRAIL.format(key="T0", name="all")
                                     + f"            - {EVERY_BUT_UNKNOWN_PREFIX}\n"
                                     + lambda_trail.format(key="T1", name="fn") + f"            - {other_type}\n")
    assert _run(capsys, tmp_path / "t.yaml", "TL504,TL002", "--region", "us-east-2") == ""


TF = """provider "aws" {
  region = "us-east-1"
}

variable "excluded" {
  type = string
}

resource "aws_cloudtrail" "all" {
  name           = "all-objects"
  s3_bucket_name = "central-logs"
  advanced_event_selector {
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }
    field_selector {
      field           = "resources.ARN"
      not_starts_with = [var.excluded]
    }
  }
}

resource "aws_cloudtrail" "media" {
  name           = "media"
  s3_bucket_name = "central-logs"
  advanced_event_selector {
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }
    field_selector {
      field       = "resources.ARN"
      starts_with = ["arn:aws:s3:::media/"]
    }
  }
}
"""


def test_terraform_variable_without_value_names_tl504_in_its_finding(tmp_path: Path, capsys) -> None:
    """The variable's own TL002 (one per cause) says TL504 cannot decide: no second finding."""
    (tmp_path / "main.tf").write_text(TF)
    assert _run(capsys, tmp_path, "TL504,TL002").splitlines() == [
        (f"{tmp_path / 'main.tf'}:5:1: TL002 var.excluded has no value: no default, and none given in a tfvars file "
        f"or --var (in the root module {tmp_path}), so not known: "
        "advanced_event_selector.0.field_selector.2.not_starts_with.0 of aws_cloudtrail.all "
        "(TL504 (overlapping-data-events) cannot decide)")]


def _plan_trail(name: str, field: dict, unknown: dict) -> dict:
    selectors = [{"field_selector": [{"field": "eventCategory", "equals": ["Data"]},
                                     {"field": "resources.type", "equals": [S3]}, field]}]
    after = {"name": name, "s3_bucket_name": "central-logs", "is_multi_region_trail": True, "enable_logging": True,
             "advanced_event_selector": selectors, "event_selector": []}
    return {"address": f"aws_cloudtrail.{name}", "mode": "managed", "type": "aws_cloudtrail", "name": name,
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": ["create"], "before": None, "after": after,
                       "after_unknown": {"advanced_event_selector": [{"field_selector": [{}, {}, unknown]}]}}}


def test_terraform_plan_known_after_apply(tmp_path: Path, capsys) -> None:
    """An exclusion known only after apply (a bucket ARN the plan creates): said at the value."""
    plan = {"format_version": "1.2", "terraform_version": "1.9.5", "planned_values": {"root_module": {}},
            "resource_changes": [
                _plan_trail("all", {"field": "resources.ARN", "not_starts_with": [None]},
                            {"not_starts_with": [True]}),
                _plan_trail("media", {"field": "resources.ARN", "starts_with": ["arn:aws:s3:::media/"]}, {})]}
    (tmp_path / "plan.json").write_text(json.dumps(plan, indent=2))
    out = _run(capsys, tmp_path / "plan.json", "TL504,TL002", "--region", "us-east-1").splitlines()
    assert len(out) == 1 and out[0].endswith(
        "TL002 TL504 (overlapping-data-events) cannot decide: what trail 'all' records is not known: its event "
        "selectors hold a value not known offline"), out
    lines = json.dumps(plan, indent=2).splitlines()
    line = next(n for n, text in enumerate(lines) if '"not_starts_with": [' in text) + 2    # its one item
    assert out[0].startswith(f"{tmp_path / 'plan.json'}:{line}:"), (out, line)


# --- the certain and the wider scope, against every value the unknown ones may take ----------

VALUES = st.text(alphabet="ab/", min_size=1, max_size=3)
OPERATORS = ("equals", "starts_with", "not_equals", "not_starts_with", "not_ends_with")


@st.composite
def _selectors(draw: st.DrawFn) -> tuple[AdvancedSelector, AdvancedSelector]:
    """A data selector with some values not known, and the same selector with those values given."""
    fields = [FieldSelector("eventCategory", equals=("Data",)), FieldSelector("resources.type", equals=(S3,))]
    given_fields = list(fields)
    arn: dict[str, tuple] = {}
    known: dict[str, tuple] = {}
    for operator in draw(st.lists(st.sampled_from(OPERATORS), min_size=1, max_size=3, unique=True)):
        values = draw(st.lists(st.one_of(VALUES, st.just(UNKNOWN)), min_size=1, max_size=2))
        arn[operator] = tuple(values)
        known[operator] = tuple(v if isinstance(v, str) else draw(VALUES) for v in values)
    fields.append(FieldSelector("resources.ARN", **arn))
    given_fields.append(FieldSelector("resources.ARN", **known))
    if draw(st.booleans()):
        names = draw(st.lists(st.sampled_from(["PutObject", "GetObject", UNKNOWN]), min_size=1, max_size=2))
        fields.append(FieldSelector("eventName", equals=tuple(names)))
        given_fields.append(FieldSelector("eventName", equals=tuple(
            n if isinstance(n, str) else draw(st.sampled_from(["PutObject", "GetObject", "DeleteObject"]))
            for n in names)))
    return AdvancedSelector(None, tuple(fields)), AdvancedSelector(None, tuple(given_fields))


OTHERS = st.builds(lambda prefixes, equals, names: DataScope(S3, True, True, prefixes, equals, bool(names),
                                                             tuple(sorted(set(names)))),
                   st.lists(st.text(alphabet="ab/", max_size=3), max_size=2).map(tuple),
                   st.lists(st.text(alphabet="ab/", min_size=1, max_size=3), max_size=1).map(tuple),
                   st.lists(st.sampled_from(["PutObject", "GetObject", "DeleteObject"]), max_size=1))


def _shares(first: DataScope, second: DataScope) -> bool:
    return any(True for _ in shared_data([(0, first), (1, second)]))


@settings(max_examples=300)
@given(_selectors(), OTHERS)
def test_certain_shares_only_what_every_value_shares_and_wider_all_it_may(selectors: tuple, other: DataScope) -> None:
    """Whatever the unknown values turn out to be, what the certain scope shares with another scope the
    given selector shares too (no guess), and what the given one shares the wider scope shares (no
    silent pass)."""
    unknown, known = selectors
    found = scopes_despite_unknowns(Trail("t", advanced_selectors=(unknown,)))
    given_scopes = data_events(Trail("t", advanced_selectors=(known,)))
    assert isinstance(found, tuple) and isinstance(given_scopes, tuple)
    (scope,), (concrete,) = found, given_scopes
    has_unknown = any(UNKNOWN in getattr(f, op) for f in unknown.fields for op in OPERATORS)
    assert bool(scope.unknown) == has_unknown
    if _shares(scope, other):
        assert _shares(concrete, other)
    if _shares(concrete, other):
        assert _shares(loosened(scope) or scope, other)


# --- Groups.largest_spanning: many base trails, a few "every ARN but some" trails added --------

def _partly(prefix: str, starts: tuple[str, ...], arns: tuple[str, ...], ends: tuple[str, ...]) -> DataScope:
    return _excluded(DataScope(S3, True, True, prefixes=(prefix,)), starts, arns, ends)


SHORT = st.text(alphabet="ab", min_size=1, max_size=2)
BASE = st.lists(st.builds(lambda text, exact: DataScope(S3, True, True, prefixes=() if exact else (text,),
                                                        equals=(text,) if exact else ()), SHORT, st.booleans()),
                min_size=1, max_size=12)
ADDED = st.lists(st.builds(_partly, st.sampled_from(["", "a"]), st.lists(SHORT, max_size=2).map(tuple),
                           st.lists(SHORT, max_size=2).map(tuple),
                           st.lists(st.sampled_from(["b", "ab"]), max_size=1).map(tuple)), min_size=1, max_size=3)


@settings(max_examples=300)
@given(BASE, ADDED, st.lists(st.booleans(), min_size=12, max_size=12))
def test_trails_added_to_many_base_trails_group_as_all_of_them(base: list, added: list, accounts: list) -> None:
    """The runs of base patterns an added prefix in part meets, less those its exclusions leave out,
    join it as grouping every trail together joins it."""
    from trail_lint.model import Origin
    from trail_lint.overlap import Groups, groups
    from trail_lint.scope.trail_scope import scope_of

    base_trails = [Trail(f"b{n}", account="111122223333" if accounts[n] else "444455556666",
                         origin=Origin(f"b{n}.json", ())) for n in range(len(base))]
    extra = [Trail(f"x{n}", account="777788889999", origin=Origin(f"x{n}.json", ())) for n in range(len(added))]
    scopes = {id(t): (s,) for t, s in [*zip(base_trails, base), *zip(extra, added)]}
    every = groups([*base_trails, *extra], scopes)
    spanning = [len(group) for group, _ in every if len({scope_of(t).account for t in group}) > 1]
    assert Groups.of(base_trails, scopes).largest_spanning(extra, scopes) == max(spanning, default=0)


# --- TL501 and TL502: the same values, the same one finding ------------------------------------

MANAGEMENT_TRAILS = """Parameters:
  Excluded:
    Type: String
Resources:
  Org:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: org
      IsLogging: true
      S3BucketName: logs-bucket
  Team:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: team
      IsLogging: true
      S3BucketName: logs-bucket
      AdvancedEventSelectors:
        - FieldSelectors:
            - Field: eventCategory
              Equals: [{category}]
            - {field}
"""


def _lint_copies(tmp_path: Path, capsys, category: str, field: str) -> list[str]:
    (tmp_path / "t.yaml").write_text(MANAGEMENT_TRAILS.format(category=category, field=field))
    return _placed(_run(capsys, tmp_path / "t.yaml", "TL501,TL502,TL002", "--region", "us-east-2"))


def test_an_unknown_read_only_value_leaves_the_management_copy_undecided(tmp_path: Path, capsys) -> None:
    """readOnly [unknown] of a management selector: 'team' records read or write events, maybe both;
    whether it is a paid copy beside 'org', or the same trail, is said once at the value (before:
    nothing was said)."""
    assert _lint_copies(tmp_path, capsys, "Management", "{Field: readOnly, Equals: [!ImportValue excluded]}") == [
        _value_at(tmp_path) + "TL002 TL501 (duplicate-management-events) and TL502 (duplicate-trail) cannot "
        "decide: what trail 'team' records is not known: its event selectors hold a value not known offline"]


def test_a_data_selector_with_an_unknown_value_records_no_management_events(tmp_path: Path, capsys) -> None:
    """A Data selector's eventCategory decides: it records no management events whatever its ARN
    exclusion is, so it is no copy and no duplicate of a trail of management events."""
    assert _lint_copies(tmp_path, capsys, "Data", "{Field: resources.ARN, NotStartsWith: [!ImportValue excluded]}") == []
    team = Trail("team", advanced_selectors=(AdvancedSelector(None, (
        FieldSelector("eventCategory", equals=("Data",)), FieldSelector("resources.type", equals=(S3,)),
        FieldSelector("resources.ARN", not_starts_with=(UNKNOWN,)))),))
    from trail_lint.selectors.recording import NO_MANAGEMENT, management_events
    assert management_events(team) == NO_MANAGEMENT


def test_an_unknown_event_category_may_be_a_copy(tmp_path: Path, capsys) -> None:
    out = _lint_copies(tmp_path, capsys, "!ImportValue excluded", "{Field: readOnly, Equals: ['true']}")
    assert out == [_value_at(tmp_path) + "TL002 TL501 (duplicate-management-events) and TL502 (duplicate-trail) "
                   "cannot decide: what trail 'team' records is not known: its event selectors hold a value not "
                   "known offline"]


def test_a_parameter_without_value_says_what_it_blocks_in_its_own_finding(tmp_path: Path, capsys) -> None:
    """The template reader says each selector value a parameter without a value leaves open, in the
    parameter's one TL002 (at its declaration): the rules it leaves undecided are named there."""
    text = MANAGEMENT_TRAILS.replace("!ImportValue excluded", "!Ref Excluded").format(
        category="Management", field="{Field: readOnly, Equals: [!Ref Excluded]}")
    text += TRAIL.format(key="Media", name="media") + f"            - {MEDIA}\n"
    text += TRAIL.format(key="All", name="all") + "            - {Field: resources.ARN, NotEquals: [!Ref Excluded]}\n"
    (tmp_path / "t.yaml").write_text(text)
    out = _run(capsys, tmp_path / "t.yaml", "TL501,TL502,TL504,TL002", "--region", "us-east-2")
    assert [line.split(":", 1)[1] for line in out.splitlines()] == [
        ("2:3: TL002 parameter Excluded has no Default: pass --parameter Excluded=VALUE, so not known: Equals value of "
        "readOnly in advanced event selector 1 of trail 'Team' (TL501 (duplicate-management-events) and TL502 "
        "(duplicate-trail) cannot decide); NotEquals value of resources.ARN in advanced event selector 1 of trail "
        "'All'"),
        ("29:7: TL504 trails 'all' and 'media' both log data events for part of AWS::S3::Object arn:aws:s3:::media/ "
        "in us-east-2")]


TWO_DATA_TRAILS = """Resources:
  One:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: one
      IsLogging: true
      S3BucketName: logs-bucket
      AdvancedEventSelectors:
        - FieldSelectors:
            - {{Field: eventCategory, Equals: [Management]}}
        - FieldSelectors:
            - {{Field: eventCategory, Equals: [Data]}}
            - {{Field: resources.type, Equals: ["AWS::S3::Object"]}}
            - {{Field: resources.ARN, StartsWith: [!ImportValue data-bucket-arn]}}
  Two:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: two
      IsLogging: true
      S3BucketName: logs-bucket
      AdvancedEventSelectors:
        - FieldSelectors:
            - {{Field: eventCategory, Equals: [Management]}}
{other}"""


def _lint_duplicates(tmp_path: Path, capsys, other: str) -> list[str]:
    (tmp_path / "t.yaml").write_text(TWO_DATA_TRAILS.format(other=other))
    return _placed(_run(capsys, tmp_path / "t.yaml", "TL502,TL002", "--region", "us-east-2"))


def test_data_events_of_a_type_the_other_trail_does_not_record_are_no_duplicate(tmp_path: Path, capsys) -> None:
    """'one' records S3 object events under a prefix not known offline; 'two' records no data events,
    or those of Lambda functions only. Whatever the prefix is, the two record different events: TL502
    has nothing to ask (before: a TL002 said TL502 could not decide)."""
    assert _lint_duplicates(tmp_path, capsys, "") == []
    lambdas = ("        - FieldSelectors:\n"
               "            - {Field: eventCategory, Equals: [Data]}\n"
               "            - {Field: resources.type, Equals: [\"AWS::Lambda::Function\"]}\n")
    assert _lint_duplicates(tmp_path, capsys, lambdas) == []


def test_data_events_of_the_same_type_under_an_unknown_prefix_may_be_a_duplicate(tmp_path: Path, capsys) -> None:
    """'two' records S3 object events of one bucket: the prefix not known offline may be that bucket's."""
    media = ("        - FieldSelectors:\n"
             "            - {Field: eventCategory, Equals: [Data]}\n"
             "            - {Field: resources.type, Equals: [\"AWS::S3::Object\"]}\n"
             "            - {Field: resources.ARN, StartsWith: [\"arn:aws:s3:::media/\"]}\n")
    out = _lint_duplicates(tmp_path, capsys, media)
    assert len(out) == 1 and "TL002 TL502 (duplicate-trail) cannot decide: what trail 'one' records is not known" in out[0]


def test_data_selectors_a_condition_may_leave_out_may_be_a_duplicate(tmp_path: Path, capsys) -> None:
    """'one' records S3 object events only when a parameter without a value says so (Fn::If with
    AWS::NoValue: the whole AdvancedEventSelectors is not known); without them it is 'two'. TL502
    cannot decide, and says so in the parameter's TL002 (before: it was left out of it, a silent pass);
    another stack's export of the whole list is said in the reader's TL002 for it, not in a second one."""
    text = TWO_DATA_TRAILS.format(other="").replace(
        "            - {Field: resources.ARN, StartsWith: [!ImportValue data-bucket-arn]}\n", "").replace(
        "        - FieldSelectors:\n            - {Field: eventCategory, Equals: [Data]}\n"
        "            - {Field: resources.type, Equals: [\"AWS::S3::Object\"]}\n",
        "        - !If\n          - WithData\n          - FieldSelectors:\n"
        "              - {Field: eventCategory, Equals: [Data]}\n"
        "              - {Field: resources.type, Equals: [\"AWS::S3::Object\"]}\n          - !Ref AWS::NoValue\n")
    conditions = ("Parameters:\n  Data:\n    Type: String\n"
                  "Conditions:\n  WithData: !Equals [!Ref Data, \"yes\"]\n")
    (tmp_path / "t.yaml").write_text(conditions + text)
    assert _run(capsys, tmp_path / "t.yaml", "TL502,TL002", "--region", "us-east-2").splitlines() == [
        (f"{tmp_path / 't.yaml'}:2:3: TL002 parameter Data has no Default: pass --parameter Data=VALUE, so not known: "
        "AdvancedEventSelectors of trail 'One' (TL502 (duplicate-trail) cannot decide)")]
    exported = TWO_DATA_TRAILS.format(other="").split("      AdvancedEventSelectors:\n", 1)
    (tmp_path / "t.yaml").write_text(exported[0] + "      AdvancedEventSelectors: !ImportValue selectors\n"
                                     + exported[1][exported[1].index("  Two:"):])
    assert _run(capsys, tmp_path / "t.yaml", "TL502,TL002", "--region", "us-east-2").splitlines() == [
        (f"{tmp_path / 't.yaml'}:8:7: TL002 TL502 (duplicate-trail) cannot decide: AdvancedEventSelectors of trail "
        "'One' is not known before deployment: Fn::ImportValue selectors is another stack's export")]


MEDIA_SELECTOR = ("        - FieldSelectors:\n"
                  "            - {Field: eventCategory, Equals: [Data]}\n"
                  "            - {Field: resources.type, Equals: [\"AWS::S3::Object\"]}\n"
                  "            - {Field: resources.ARN, StartsWith: [\"arn:aws:s3:::media/\"]}\n")


def _lint_open(tmp_path: Path, capsys, text: str, name: str = "t.yaml") -> list[str]:
    """TL309, TL502, TL504 and TL002: "line:column: message" of each finding."""
    (tmp_path / name).write_text(text)
    return _placed(_run(capsys, tmp_path / name, "TL309,TL502,TL504,TL002", "--region", "us-east-2"))


def test_one_unknown_selector_value_is_one_tl002_naming_every_rule_it_blocks(tmp_path: Path, capsys) -> None:
    """'one' records S3 object writes under another stack's export: it may be its log bucket (TL309), and
    it may be what 'two' records (TL502, TL504). No reader speaks for such a value; before, TL309 said it
    at the selectors and TL502/TL504 at the value, two TL002 for one unknown."""
    assert _lint_open(tmp_path, capsys, TWO_DATA_TRAILS.format(other=MEDIA_SELECTOR)) == [
        ("14:51: TL002 TL309 (trail-logs-own-bucket), TL502 (duplicate-trail) and TL504 (overlapping-data-events) "
        "cannot decide: what trail 'one' records is not known: its event selectors hold a value not known offline")]
    # alone, TL309 says it at the same value, in the same words
    alone = TWO_DATA_TRAILS.format(other="").split("  Two:")[0]
    assert _lint_open(tmp_path, capsys, alone) == [
        ("14:51: TL002 TL309 (trail-logs-own-bucket) cannot decide: what trail 'one' records is not known: its event "
        "selectors hold a value not known offline")]


def test_a_parameter_in_a_selector_value_names_tl309_in_its_finding(tmp_path: Path, capsys) -> None:
    """A parameter without a value: its TL002 names every rule the value blocks, TL309 among them
    (before: TL309 took the parameter's TL002 for an answer and was not named)."""
    text = "Parameters:\n  Data:\n    Type: String\n" + TWO_DATA_TRAILS.format(other=MEDIA_SELECTOR).replace(
        "!ImportValue data-bucket-arn", "!Ref Data")
    assert _lint_open(tmp_path, capsys, text) == [
        ("2:3: TL002 parameter Data has no Default: pass --parameter Data=VALUE, so not known: StartsWith value of "
        "resources.ARN in advanced event selector 2 of trail 'One' (TL309 (trail-logs-own-bucket), TL502 "
        "(duplicate-trail) and TL504 (overlapping-data-events) cannot decide)")]


def test_selectors_another_stack_exports_are_one_tl002_naming_tl309_and_tl502(tmp_path: Path, capsys) -> None:
    """The whole list another stack's export: the reader's TL002 for it names both rules."""
    exported = TWO_DATA_TRAILS.format(other=MEDIA_SELECTOR).split("      AdvancedEventSelectors:\n", 1)
    text = exported[0] + "      AdvancedEventSelectors: !ImportValue selectors\n" + \
        exported[1][exported[1].index("  Two:"):]
    assert _lint_open(tmp_path, capsys, text) == [
        ("8:7: TL002 TL309 (trail-logs-own-bucket) and TL502 (duplicate-trail) cannot decide: AdvancedEventSelectors "
        "of trail 'One' is not known before deployment: Fn::ImportValue selectors is another stack's export")]


def test_a_value_known_after_apply_is_one_tl002_naming_tl309_and_tl502(tmp_path: Path, capsys) -> None:
    """The same in a Terraform module: a bucket ARN known only after apply, no reader TL002 for it."""
    selector = """  advanced_event_selector {
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }
    field_selector {
      field       = "resources.ARN"
      starts_with = [VALUE]
    }
  }
"""
    text = ('resource "aws_s3_bucket" "data" {\n  bucket_prefix = "data"\n}\n'
            'resource "aws_cloudtrail" "one" {\n  name           = "one"\n  s3_bucket_name = "logs-bucket"\n'
            + selector.replace("VALUE", '"${aws_s3_bucket.data.arn}/"') + "}\n"
            'resource "aws_cloudtrail" "two" {\n  name           = "two"\n  s3_bucket_name = "logs-bucket"\n'
            + selector.replace("VALUE", '"arn:aws:s3:::media/"') + "}\n")
    assert _lint_open(tmp_path, capsys, text, "main.tf") == [
        ("18:7: TL002 TL309 (trail-logs-own-bucket), TL502 (duplicate-trail) and TL504 (overlapping-data-events) "
        "cannot decide: what trail 'one' records is not known: its event selectors hold a value not known offline")]
