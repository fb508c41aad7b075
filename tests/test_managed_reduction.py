"""The AWS managed policies shipped reduced decide what the whole documents decide.

iam/managed_reduction.reduced leaves out what cannot match an action of DECIDED_SERVICES; these
tests check it on generated policies and on a few whole documents (tests/fixtures/managed-policies),
and that every action trail-lint evaluates against principals' policies is of those services.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.tl215_cloudwatch_logs_role_blocks_delivery import ACTIONS as LOG_ROLE_ACTIONS
from trail_lint.iam.access import GLOBAL_ACTIONS, TRAIL_ACTIONS
from trail_lint.iam.evaluator import Evaluation, action_matches, evaluate, iam_layer_rejected
from trail_lint.iam.managed_reduction import DECIDED_SERVICES, may_match_service, reduced
from trail_lint.model import Origin, Policy
from trail_lint.normalise.aws_managed import shipped_arn, shipped_policy
from trail_lint.normalise.policy_json import parse_policy
from trail_lint.resources import data_path, load_json_resource

WHOLE = Path(__file__).parent / "fixtures" / "managed-policies" / "whole.json"
CORPUS_POLICIES = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "managed-policies"
TRAIL = "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit"
STREAM = "arn:aws:logs:us-east-1:111122223333:log-group:audit:log-stream:111122223333_CloudTrail_us-east-1"
EVALUATED = (*TRAIL_ACTIONS, *GLOBAL_ACTIONS, *LOG_ROLE_ACTIONS)

# Pattern pieces that come near the services' names: prefixes, wildcards across the colon, case.
PIECES = ("cloudtrail", "CloudTrail", "logs", "Logs", "log", "cloud", "trail", "s3", "iam", "kms", ":", "*", "?",
          "Get", "Stop", "Logging", "Put", "Log", "Events", "Trail", "Describe", "s", "c", "l")
patterns = st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map("".join)
names = st.lists(st.sampled_from(("Get", "Stop", "Start", "Logging", "Put", "Log", "Events", "Trail", "Trails",
                                  "Describe", "Stream", "Create", "x")), min_size=1, max_size=4).map("".join)
actions = st.one_of(st.sampled_from(EVALUATED),
                    st.builds(lambda service, name: f"{service}:{name}", st.sampled_from(DECIDED_SERVICES), names))


def statement(effect: str, key: str, found: list[str], resource: str, condition: bool) -> dict[str, Any]:
    made: dict[str, Any] = {"Effect": effect, key: found[0] if len(found) == 1 else found, "Resource": resource}
    if condition:
        made["Condition"] = {"StringEquals": {"aws:PrincipalTag/team": "audit"}}
    return made


statements = st.builds(statement, st.sampled_from(("Allow", "Deny")), st.sampled_from(("Action", "Action", "NotAction")),
                       st.lists(patterns, min_size=1, max_size=4), st.sampled_from(("*", TRAIL, "arn:aws:s3:::*")),
                       st.booleans())
documents = st.builds(lambda found: {"Version": "2012-10-17", "Statement": found}, st.lists(statements, max_size=6))


def policy(document: dict[str, Any], numbers: list[int] | None = None) -> Policy:
    parsed = parse_policy(document, name="generated", origin=Origin("p.json", ()))
    return Policy(name="generated", statements=parsed.statements, numbers=tuple(numbers) if numbers is not None
                  else None)


def decision(evaluation: Evaluation) -> tuple[str, tuple[tuple[str | None, int | None], ...]]:
    return evaluation.decision.value, tuple((because.sid, because.index) for because in evaluation.because)


@settings(max_examples=300, deadline=None)
@given(patterns, actions)
def test_a_pattern_that_matches_an_action_of_the_services_is_kept(pattern: str, action: str) -> None:
    if action_matches(pattern, action):
        assert may_match_service(pattern, DECIDED_SERVICES)


@settings(max_examples=300, deadline=None)
@given(patterns)
def test_a_pattern_without_wildcards_is_kept_only_when_it_names_the_services(pattern: str) -> None:
    if "*" not in pattern and "?" not in pattern:
        service = pattern.split(":")[0].lower()
        assert may_match_service(pattern, DECIDED_SERVICES) is (":" in pattern and service in DECIDED_SERVICES)


def test_wildcards_across_the_colon_are_kept() -> None:
    assert may_match_service("*", DECIDED_SERVICES)
    assert may_match_service("c*:Stop*", DECIDED_SERVICES)
    assert may_match_service("cloud?rail:*", DECIDED_SERVICES)
    assert may_match_service("*Logging", DECIDED_SERVICES)
    assert may_match_service("LOGS:put*", DECIDED_SERVICES)
    assert not may_match_service("cloudwatch:*", DECIDED_SERVICES)
    assert not may_match_service("s3:*", DECIDED_SERVICES)
    assert not may_match_service("cloudtrail", DECIDED_SERVICES)
    assert not may_match_service("log:*", DECIDED_SERVICES)


@settings(max_examples=300, deadline=None)
@given(documents, st.lists(actions, min_size=1, max_size=5), st.sampled_from((TRAIL, STREAM, "*")))
def test_the_reduced_document_decides_as_the_whole_one(document: dict[str, Any], sampled: list[str],
                                                       resource: str) -> None:
    whole = policy(document)
    smaller, numbers = reduced(document)
    shipped = policy(smaller, numbers)
    assert not iam_layer_rejected(whole) and not iam_layer_rejected(shipped)
    for action in sampled:
        # the same decision, resting on the same statements, named by their place in the whole document
        assert decision(evaluate([shipped], action, resource)) == decision(evaluate([whole], action, resource))


def test_what_cannot_match_is_left_out() -> None:
    document = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:*", "ec2:Describe*"], "Resource": "*"},
        {"Sid": "Trails", "Effect": "Allow", "Action": ["s3:GetObject", "cloudtrail:Get*", "logs:PutLogEvents"],
         "Resource": "*"},
        {"Effect": "Allow", "NotAction": ["s3:*"], "Resource": "*"},
        {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}
    assert reduced(document) == ({"Version": "2012-10-17", "Statement": [
        {"Sid": "Trails", "Effect": "Allow", "Action": ["cloudtrail:Get*", "logs:PutLogEvents"], "Resource": "*"},
        {"Effect": "Allow", "NotAction": ["s3:*"], "Resource": "*"}]}, [2, 3])


def test_a_statement_with_a_pattern_outside_the_documented_form_is_kept_whole() -> None:
    # "cloudtrail" has no colon: a statement it sits in covers cloudtrail:StartLogging only unknown-ly
    loose = {"Effect": "Allow", "Action": ["cloudtrail", "*", "s3:GetObject"], "Resource": "*"}
    document = {"Version": "2012-10-17", "Statement": [loose]}
    assert reduced(document) == (document, [1])
    assert decision(evaluate([policy(document)], "cloudtrail:StartLogging", TRAIL))[0] == "unknown"


def test_every_action_evaluated_against_principals_is_of_the_decided_services() -> None:
    # a check that evaluates another service's action against principals' policies must add the
    # service to DECIDED_SERVICES and ship the reduced policies again
    assert {action.split(":")[0] for action in EVALUATED} <= set(DECIDED_SERVICES)


def _shipped_entries() -> dict[str, Any]:
    entries: dict[str, Any] = load_json_resource(data_path("managed-policies.json"))["policies"]
    return entries


def test_each_reduced_entry_says_so_and_is_already_reduced() -> None:
    entries = _shipped_entries()
    reduced_entries = {arn: entry for arn, entry in entries.items() if "reduced" in entry}
    assert len(reduced_entries) >= 60
    for arn, entry in reduced_entries.items():
        assert entry["reduced"]["services"] == list(DECIDED_SERVICES), arn
        # an entry without a source of its own is from the snapshot the file's header names
        assert entry["version"].startswith("v") and ("updated" not in entry or entry["source"]), arn
        numbers = entry["numbers"]
        assert numbers == sorted(set(numbers)) and all(1 <= n <= entry["reduced"]["statements"] for n in numbers)
        assert len(numbers) == len(entry["document"]["Statement"]), arn
        assert reduced(entry["document"]) == (entry["document"], list(range(1, len(numbers) + 1))), arn
        found = shipped_policy(arn)
        assert found is not None and found.numbers == tuple(numbers) and not iam_layer_rejected(found), arn


def test_the_shipped_reductions_of_whole_documents_decide_as_they_do() -> None:
    whole = json.loads(WHOLE.read_text(encoding="utf-8"))["policies"]
    entries = _shipped_entries()
    for arn, kept in whole.items():
        entry = entries[arn]
        assert entry["version"] == kept["version"]
        smaller, numbers = reduced(kept["document"])
        assert (entry["document"], entry["numbers"]) == (smaller, numbers), arn
        shipped = shipped_policy(arn)
        assert shipped is not None
        full = policy(kept["document"])
        for action in EVALUATED:
            for resource in (TRAIL, STREAM, "*"):
                assert decision(evaluate([shipped], action, resource)) == decision(evaluate([full], action, resource))


@pytest.mark.skipif(not CORPUS_POLICIES.is_dir(), reason="../shared/corpus is not present")
def test_the_shipped_reductions_of_the_corpus_documents_decide_as_they_do() -> None:
    # ../shared/corpus/managed-policies: get-policy-version output of the policies shipped first
    entries = _shipped_entries()
    for path in sorted(CORPUS_POLICIES.glob("*.json")):
        version = json.loads(path.read_text(encoding="utf-8"))["PolicyVersion"]
        arn = shipped_arn(path.stem)
        assert arn is not None, path.stem
        entry = entries[arn]
        assert entry["version"] == version["VersionId"], arn
        smaller, numbers = reduced(version["Document"])
        assert entry["document"] == smaller and entry.get("numbers", numbers) == numbers, arn
        shipped, full = shipped_policy(arn), policy(version["Document"])
        assert shipped is not None
        for action in EVALUATED:
            for resource in (TRAIL, STREAM, "*"):
                assert decision(evaluate([shipped], action, resource)) == decision(evaluate([full], action, resource))


def test_a_whole_document_with_nothing_for_the_services_is_shipped_empty() -> None:
    entry = _shipped_entries()["arn:aws:iam::aws:policy/AmazonS3FullAccess"]
    assert entry["document"]["Statement"] == [] and entry["numbers"] == []
