"""TL504 on network activity events: recorded only by advanced selectors (eventCategory
NetworkActivity, eventSource required, Equals only) and charged for every event delivered, so two
trails of one account recording the same event source's network activity events pay twice.
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-network-events-with-cloudtrail.html
https://aws.amazon.com/cloudtrail/pricing/
"""
from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from trail_lint.cli import main
from trail_lint.model import AdvancedSelector, DataScope, FieldSelector, Trail
from trail_lint.selectors.recording import NETWORK_ACTIVITY, data_events

SOURCES = ("cloudtrail.amazonaws.com", "ec2.amazonaws.com", "kms.amazonaws.com", "secretsmanager.amazonaws.com")
HEAD = "Parameters:\n  Source:\n    Type: String\nResources:\n"
TRAIL = """  {key}:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: {name}
      S3BucketName: logs-123456789012
      S3KeyPrefix: {name}
      IsLogging: true
      AdvancedEventSelectors:
"""
SELECTOR = """        - FieldSelectors:
            - {{Field: eventCategory, Equals: [{category}]}}
"""


def _lint(tmp_path: Path, capsys, *trails: tuple[str, list[tuple[str, str]]]) -> list[str]:
    """Each trail: its name and its selectors, each an event category and its other field selectors."""
    text = HEAD
    for n, (name, selectors) in enumerate(trails):
        text += TRAIL.format(key=f"T{n}", name=name)
        for category, extra in selectors:
            text += SELECTOR.format(category=category) + "".join(f"            - {line}\n" for line in extra.splitlines())
    (tmp_path / "t.yaml").write_text(text)
    capsys.readouterr()
    main(["--format", "parsable", "--select", "TL504,TL002", "--region", "us-east-2", "--account", "123456789012",
          str(tmp_path / "t.yaml")])
    return [line.split(": ", 1)[1] for line in capsys.readouterr().out.splitlines() if line]


def _source(name: str) -> str:
    return "{Field: eventSource, Equals: [" + name + "]}"


def test_two_trails_of_one_event_source_pay_twice(tmp_path: Path, capsys) -> None:
    ec2 = ("NetworkActivity", _source("ec2.amazonaws.com"))
    assert _lint(tmp_path, capsys, ("a", [ec2]), ("b", [ec2])) == [
        "TL504 trails 'a' and 'b' both log network activity of ec2.amazonaws.com in us-east-2"]


def test_other_event_sources_and_categories_share_nothing(tmp_path: Path, capsys) -> None:
    assert _lint(tmp_path, capsys, ("a", [("NetworkActivity", _source("ec2.amazonaws.com"))]),
                 ("b", [("NetworkActivity", _source("kms.amazonaws.com"))]),
                 ("c", [("Data", '{Field: resources.type, Equals: ["AWS::S3::Object"]}')])) == []


def test_data_and_network_activity_events_are_said_apart(tmp_path: Path, capsys) -> None:
    both = [("NetworkActivity", _source("kms.amazonaws.com")),
            ("Data", '{Field: resources.type, Equals: ["AWS::S3::Object"]}')]
    assert _lint(tmp_path, capsys, ("a", both), ("b", both), ("c", both)) == [
        ("TL504 3 trails 'a', 'b' and 'c' log the same data and network activity events (all AWS::S3::Object "
        "and network activity of kms.amazonaws.com) in us-east-2")]


def test_event_names_narrow_network_activity_events(tmp_path: Path, capsys) -> None:
    named = ("NetworkActivity", _source("kms.amazonaws.com") + "\n{Field: eventName, Equals: [Decrypt]}")
    other = ("NetworkActivity", _source("kms.amazonaws.com") + "\n{Field: eventName, Equals: [Encrypt]}")
    assert _lint(tmp_path, capsys, ("a", [named]), ("b", [("NetworkActivity", _source("kms.amazonaws.com"))])) == [
        "TL504 trails 'a' and 'b' both log Decrypt events of network activity of kms.amazonaws.com in us-east-2"]
    assert _lint(tmp_path, capsys, ("a", [named]), ("b", [other])) == []


def test_an_endpoint_filter_is_said_undecided_once(tmp_path: Path, capsys) -> None:
    endpoint = ("NetworkActivity", _source("ec2.amazonaws.com") + "\n{Field: vpcEndpointId, Equals: [vpce-0abc]}")
    denied = ("NetworkActivity", _source("ec2.amazonaws.com") + "\n{Field: errorCode, Equals: [VpceAccessDenied]}")
    found = _lint(tmp_path, capsys, ("a", [endpoint]), ("b", [denied]))
    assert found == [
        ("TL002 TL504 (overlapping-data-events) cannot decide: whether trails 'a' and 'b' log the same network "
        "activity events in us-east-2 is not known: the network activity event selectors of 'a' and 'b' filter "
        "events in ways that are not compared offline")]


def test_an_event_source_not_known_offline_is_said_at_its_value(tmp_path: Path, capsys) -> None:
    unknown = ("NetworkActivity", "{Field: eventSource, Equals: [!Ref Source]}")
    found = _lint(tmp_path, capsys, ("a", [unknown]), ("b", [("NetworkActivity", _source("kms.amazonaws.com"))]))
    assert len(found) == 1 and found[0].startswith("TL002") and "TL504" in found[0], found
    # a known source beside it is certain whatever the other value is
    both = ("NetworkActivity", "{Field: eventSource, Equals: [!Ref Source, kms.amazonaws.com]}")
    found = _lint(tmp_path, capsys, ("a", [both]), ("b", [("NetworkActivity", _source("kms.amazonaws.com"))]))
    assert "TL504 trails 'a' and 'b' both log network activity of kms.amazonaws.com in us-east-2" in found


def _trail(sources: list[str]) -> Trail:
    return Trail("t", advanced_selectors=(AdvancedSelector("s", (
        FieldSelector("eventCategory", equals=("NetworkActivity",)), FieldSelector("eventSource", equals=tuple(sources)))),))


@given(st.lists(st.sampled_from(SOURCES), min_size=1, max_size=4, unique=True))
def test_a_selector_records_its_event_sources(sources: list[str]) -> None:
    found = data_events(_trail(sources))
    assert isinstance(found, tuple) and len(found) == 1
    scope = found[0]
    assert isinstance(scope, DataScope) and scope.type == NETWORK_ACTIVITY
    assert set(scope.equals) == set(sources) and scope.prefixes == () and scope.read is True and scope.write is True
