"""TL504 on data event selectors filtered beyond the ARN and readOnly: eventName Equals is compared
("Filtering data events by using advanced event selectors": conditions ANDed, the values of one
condition ORed); other filters are said undecided once per group of trails."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from test_selectors import SCOPES, overlap

from trail_lint.cli import main
from trail_lint.model import DataScope, Origin, Trail
from trail_lint.overlap import groups, undecided_groups
from trail_lint.selectors.compare import undecided_scope

HEAD = "Resources:\n"
S3 = "AWS::S3::Object"
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
            - {{Field: resources.ARN, StartsWith: ["arn:aws:s3:::{bucket}/"]}}
"""


def _lint(tmp_path: Path, capsys, *trails: tuple[str, str, str]) -> list[str]:
    text = HEAD
    for n, (name, bucket, extra) in enumerate(trails):
        trail = TRAIL.format(key=f"T{n}", name=name, bucket=bucket)
        if "resources.ARN" in extra:        # the trail's own ARN condition instead
            trail = trail[:trail.rindex("            - {Field: resources.ARN")]
        text += trail + "".join(
            f"            - {line}\n" for line in extra.splitlines())
    (tmp_path / "t.yaml").write_text(text)
    capsys.readouterr()
    main(["--format", "parsable", "--select", "TL504,TL002", "--region", "us-east-2", "--account", "123456789012",
          str(tmp_path / "t.yaml")])
    return [line.split(": ", 1)[1] for line in capsys.readouterr().out.splitlines() if line]


def test_unfiltered_trail_records_every_event_of_a_filtered_one(tmp_path: Path, capsys) -> None:
    assert _lint(tmp_path, capsys, ("all", "media", ""), ("puts", "media", "{Field: eventName, Equals: [PutObject]}")) \
        == [("TL504 trails 'all' and 'puts' both log data events for PutObject events of "
            "AWS::S3::Object arn:aws:s3:::media/ in us-east-2")]


def test_event_name_lists_share_what_both_hold(tmp_path: Path, capsys) -> None:
    assert _lint(tmp_path, capsys, ("a", "media", "{Field: eventName, Equals: [PutObject, DeleteObject]}"),
                 ("b", "media", "{Field: eventName, Equals: [PutObject]}")) \
        == [("TL504 trails 'a' and 'b' both log data events for PutObject events of "
            "AWS::S3::Object arn:aws:s3:::media/ in us-east-2")]
    assert _lint(tmp_path, capsys, ("a", "media", "{Field: eventName, Equals: [GetObject]}"),
                 ("b", "media", "{Field: eventName, Equals: [PutObject]}")) == []


def test_event_names_of_other_buckets_share_nothing(tmp_path: Path, capsys) -> None:
    assert _lint(tmp_path, capsys, ("a", "media", ""),
                 ("b", "invoices", "{Field: eventName, Equals: [PutObject]}"),
                 ("c", "other", "{Field: eventName, NotEquals: [GetObject]}")) == []


def test_filters_that_cannot_be_compared_are_said_once_per_group(tmp_path: Path, capsys) -> None:
    """Three trails that may share events through two undecidable filters: one TL002, not one per pair."""
    assert _lint(tmp_path, capsys, ("a", "media", ""),
                 ("b", "media", "{Field: eventName, NotEquals: [GetObject]}"),
                 ("c", "media", "{Field: userIdentity.arn, StartsWith: ['arn:aws:iam::123456789012:role/']}")) \
        == [("TL002 TL504 (overlapping-data-events) cannot decide: whether trails 'a', 'b' and 'c' log the same data "
            "events in us-east-2 is not known: the data event selectors of 'b' and 'c' filter events in ways "
            "that are not compared offline")]


def test_a_trail_that_may_join_a_certain_group_asks_about_the_group(tmp_path: Path, capsys) -> None:
    found = _lint(tmp_path, capsys, ("a", "media", ""), ("b", "media", "{Field: eventName, Equals: [PutObject]}"),
                  ("c", "media", "{Field: eventSource, Equals: [s3.amazonaws.com]}"))
    assert found == [
        ("TL504 trails 'a' and 'b' both log data events for PutObject events of AWS::S3::Object "
        "arn:aws:s3:::media/ in us-east-2"),
        ("TL002 TL504 (overlapping-data-events) cannot decide: whether trails 'a', 'b' and 'c' log the same data "
        "events in us-east-2 is not known: the data event selectors of 'c' filter events in ways that are not "
        "compared offline")]


def _components(pairs: set[frozenset[int]], count: int) -> set[frozenset[int]]:
    group = {i: frozenset((i,)) for i in range(count)}
    for pair in pairs:
        joined = frozenset().union(*(group[i] for i in pair))
        for i in joined:
            group[i] = joined
    return set(group.values())


def _loose(scope: DataScope) -> DataScope:
    """Undecidable filters read as recording everything (prefixes in part are compared as they are)."""
    if undecided_scope(scope):
        return DataScope(scope.type, scope.read, scope.write, scope.prefixes + scope.partial, scope.equals)
    return scope


@given(st.lists(st.lists(SCOPES, max_size=2), max_size=7))
def test_undecided_groups_are_those_of_every_pair(specs: list) -> None:
    """The pairwise definition: trails joined when undecidable filters are read as recording everything,
    whose certain overlaps do not join them all; found without comparing two by two."""
    trails = [Trail(f"t{n}", origin=Origin(f"{n}.json", ())) for n in range(len(specs))]
    scopes = {id(t): tuple(found) for t, found in zip(trails, specs)}
    pairs = range(len(trails))

    def linked(loose: bool) -> set[frozenset[int]]:
        read = _loose if loose else (lambda s: s)
        return {frozenset((a, b)) for a in pairs for b in pairs if a < b and any(
            overlap(read(x), read(y)) for x in specs[a] for y in specs[b])}
    certain = _components(linked(False), len(trails))
    expected = {group for group in _components(linked(True), len(trails))
                if len(group) > 1 and sum(1 for c in certain if c <= group) > 1}
    found = undecided_groups(trails, scopes)
    assert {frozenset(int(t.name[1:]) for t in group) for group, _ in found} == expected
    assert all(filtering == [t for t in group if any(undecided_scope(s) for s in scopes[id(t)])]
               for group, filtering in found)
    assert {frozenset(id(t) for t in group) for group, _ in groups(trails, scopes)} == {
        frozenset(id(trails[i]) for i in c) for c in certain if len(c) > 1}


def test_excluded_arns_leave_prefixes_whole_in_part_or_nothing() -> None:
    from trail_lint.model import AdvancedSelector, FieldSelector
    from trail_lint.selectors.recording import data_events

    def scope(*arn: FieldSelector) -> tuple[DataScope, ...] | object:
        fields = (FieldSelector("eventCategory", equals=("Data",)), FieldSelector("resources.type", equals=(S3,)), *arn)
        return data_events(Trail("t", advanced_selectors=(AdvancedSelector(None, fields),)))
    media, logs = "arn:aws:s3:::media/", "arn:aws:s3:::logs/"
    assert scope(FieldSelector("resources.ARN", starts_with=(media,), not_starts_with=(logs,))) == (
        DataScope(S3, True, True, (media,)),)                                   # untouched: whole
    assert scope(FieldSelector("resources.ARN", starts_with=(media,), not_starts_with=(media + "tmp/",))) == (
        DataScope(S3, True, True, (), filtered=True, partial=(media,), excluding=((media + "tmp/",), (), ())),)
    assert scope(FieldSelector("resources.ARN", not_starts_with=(logs,))) == (
        DataScope(S3, True, True, (), filtered=True, partial=("",), excluding=((logs,), (), ())),)  # all but one
    assert scope(FieldSelector("resources.ARN", starts_with=(media + "a/",), equals=(media + "b",),
                               not_starts_with=(media,))) == (DataScope(S3, True, True, ()),)   # nothing left
    assert scope(FieldSelector("resources.ARN", starts_with=(media,), not_ends_with=("",))) == (
        DataScope(S3, True, True, ()),)                                          # every ARN ends with ""
    assert scope(FieldSelector("resources.ARN", starts_with=(media,), ends_with=(".png",))) == (
        DataScope(S3, True, True, (media,), filtered=True, ends=(".png",)),)   # EndsWith: undecided, kept


def test_a_bucket_but_one_folder_shares_part_of_the_bucket(tmp_path: Path, capsys) -> None:
    assert _lint(tmp_path, capsys, ("all", "media", ""),
                 ("most", "", ("{Field: resources.ARN, StartsWith: ['arn:aws:s3:::media/'], "
                  "NotStartsWith: ['arn:aws:s3:::media/tmp/']}"))) == [
        ("TL504 trails 'all' and 'most' both log data events for part of AWS::S3::Object arn:aws:s3:::media/ "
         "in us-east-2")]


EVERY_BUCKET_BUT_LOGS = "{Field: resources.ARN, NotStartsWith: ['arn:aws:s3:::audit-logs/']}"
MEDIA_BUT_TMP = ("{Field: resources.ARN, StartsWith: ['arn:aws:s3:::media/'], "
                 "NotStartsWith: ['arn:aws:s3:::media/tmp/']}")


def _only(prefix: str) -> str:
    return f"{{Field: resources.ARN, StartsWith: ['arn:aws:s3:::{prefix}']}}"


def test_every_bucket_but_the_log_bucket_records_every_event_of_another_bucket(tmp_path: Path, capsys) -> None:
    """All S3 object data events but those of the log bucket ("Filtering data events by using advanced
    event selectors": NotStartsWith leaves out the ARNs it matches) beside a trail of one bucket: every
    event of that bucket is logged twice."""
    assert _lint(tmp_path, capsys, ("media", "media", ""), ("rest", "", EVERY_BUCKET_BUT_LOGS)) == [
        "TL504 trails 'media' and 'rest' both log data events for AWS::S3::Object arn:aws:s3:::media/ in us-east-2"]


def test_every_bucket_but_the_log_bucket_shares_nothing_with_the_log_bucket(tmp_path: Path, capsys) -> None:
    assert _lint(tmp_path, capsys, ("logs", "audit-logs", ""), ("rest", "", EVERY_BUCKET_BUT_LOGS)) == []
    assert _lint(tmp_path, capsys, ("deep", "", _only("audit-logs/2026/")), ("rest", "", EVERY_BUCKET_BUT_LOGS)) == []


def test_a_bucket_but_one_folder_beside_narrower_prefixes(tmp_path: Path, capsys) -> None:
    """media/ but media/tmp/: all of media/photos/ is shared, nothing of media/tmp/x/, and of media/t the
    part outside media/tmp/ (certain: a key such as media/toys is in both)."""
    assert _lint(tmp_path, capsys, ("most", "", MEDIA_BUT_TMP), ("photos", "", _only("media/photos/"))) == [
        ("TL504 trails 'most' and 'photos' both log data events for AWS::S3::Object arn:aws:s3:::media/photos/ "
         "in us-east-2")]
    assert _lint(tmp_path, capsys, ("most", "", MEDIA_BUT_TMP), ("tmp", "", _only("media/tmp/x/"))) == []
    assert _lint(tmp_path, capsys, ("most", "", MEDIA_BUT_TMP), ("t", "", _only("media/t"))) == [
        ("TL504 trails 'most' and 't' both log data events for part of AWS::S3::Object arn:aws:s3:::media/t "
         "in us-east-2")]


def test_an_excluded_object_is_shared_by_no_one(tmp_path: Path, capsys) -> None:
    """NotEquals leaves out one object: a trail of that object shares nothing, of another object all."""
    most = "{Field: resources.ARN, StartsWith: ['arn:aws:s3:::media/'], NotEquals: ['arn:aws:s3:::media/a.png']}"
    one = "{Field: resources.ARN, Equals: ['arn:aws:s3:::media/%s']}"
    assert _lint(tmp_path, capsys, ("most", "", most), ("a", "", one % "a.png")) == []
    assert _lint(tmp_path, capsys, ("most", "", most), ("b", "", one % "b.png")) == [
        "TL504 trails 'b' and 'most' both log data events for AWS::S3::Object arn:aws:s3:::media/b.png in us-east-2"]
