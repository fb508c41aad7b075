"""The requests iam.requests finds, against @cloud-copilot/iam-simulate.

TL401 reports a grant under a condition on the request's own keys (aws:MultiFactorAuthPresent,
aws:SourceIp, aws:CurrentTime, ...) where a request that meets it is allowed: iam.requests makes that
request from the policies' conditions, and iam.evaluate decides it with every layer. Where trail-lint
says such a request is allowed, the simulator, given the same values of those keys (a key the request
lacks left out) and any values of the other request keys, must allow it too. The cases are those of
test_differential_conditions.py (every operator family, ...IfExists, set operators over keys a request
lacks, Null, two operators on one key, in identity policies, a permissions boundary and SCP levels).
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

import iam_cases as cases
import pytest
from hypothesis import given
from hypothesis import strategies as st
from iam_simulator import available, simulate
from test_differential_conditions import CONTEXTS, condition_cases, layers, resource_context, simulated

from trail_lint.iam.conditions import ValueSet
from trail_lint.iam.evaluator import Decision, evaluate
from trail_lint.iam.requests import requests
from trail_lint.records import replace

pytestmark = pytest.mark.differential

if not available():
    pytest.skip("node or @cloud-copilot/iam-simulate is not installed", allow_module_level=True)

# the time the requests are made from: the request pool's aws:CurrentTime (iam_cases.TYPED_KEYS)
NOW = datetime(2026, 12, 2, 8, tzinfo=timezone.utc).timestamp()
SPELLED = {key.lower(): key for key in cases.TYPED_KEYS}


def allowed_requests(case: dict, region: str | None = None) -> list[tuple[str, dict[str, object]]]:
    """The requests iam.requests finds for the case that iam.evaluate allows: (what they meet, their values).
    ``region``: those made in that Region (aws:RequestedRegion one of their values), which the request's
    resource is surely answered in (a trail's home Region; for "*", one the account has enabled)."""
    identity, boundary, scps, context = layers(case)
    statements = [statement for policy in (*identity, *((boundary,) if boundary else ()),
                                           *(p for level in scps for p in level.policies))
                  if isinstance(policy.statements, tuple) for statement in policy.statements]
    found = []
    for request in requests(statements, NOW, region):
        asked = replace(context, values=(*context.values, *request.values))
        on = resource_context(case)
        if region is not None and case["resource"] == "*":
            on = replace(on, reached=(region,))
        decision = evaluate(identity, case["action"], case["resource"], boundary=boundary, scps=scps, context=asked,
                            on=on).decision
        if decision is Decision.ALLOWED:
            found.append((request.said, {key: list(value.values) if isinstance(value, ValueSet) else value
                                         for key, value in request.values}))
    return found


def with_values(request: dict[str, object], values: dict[str, object]) -> dict[str, object]:
    """The simulated request with the request keys' values replaced (None: the key left out)."""
    context = {key: value for key, value in request["context"].items()      # type: ignore[union-attr]
               if key.lower() not in values}
    context.update({SPELLED.get(key, key): value for key, value in values.items() if value is not None})
    return {**request, "context": context}


@cases.budget(10)
@given(st.lists(condition_cases(), min_size=10, max_size=20))
def test_requests_trail_lint_allows_the_simulator_allows(drawn: list[dict]) -> None:
    asked = [(said, with_values(simulated(case, chosen), values))
             for case in drawn for said, values in allowed_requests(case) for chosen in case["contexts"][:CONTEXTS // 2]]
    for (said, request), result in zip(asked, simulate([request for _, request in asked])):
        assert "error" not in result, (json.dumps(request, indent=1), result)
        assert result["result"] == "Allowed", f"when {said}\n{json.dumps(request, indent=1)}"


def in_home_region(case: dict) -> str | None:
    """The trail's home Region, for an action on it answered in any Region (GetTrailStatus): a request made
    there surely reaches the trail (iam.evaluator.requested_region); for an account-wide action on "*"
    (DescribeTrails), us-east-1, as the home Region of a trail of the account would be; None for any other case."""
    if case["resource"] == "*":
        return "us-east-1"
    if not case["resource"].split(":")[-1].startswith("trail/") or cases.home_region_only(case["action"]):
        return None
    return case["resource"].split(":")[3]


@cases.budget(10)
@given(st.lists(st.one_of(condition_cases(reads=True), condition_cases()), min_size=10, max_size=20))
def test_requests_made_in_the_trails_home_region_trail_lint_allows_the_simulator_allows(drawn: list[dict]) -> None:
    """A read of a trail (GetTrail, GetTrailStatus, GetEventSelectors) may be made in any Region; made in
    the trail's home Region it reaches the trail, and its aws:RequestedRegion is that Region (so with an
    account-wide action made in a Region the account has enabled): a request iam.requests makes there that
    trail-lint allows, the simulator allows with that Region."""
    asked = [(said, with_values(simulated(case, chosen), values))
             for case in drawn if (region := in_home_region(case)) is not None
             for said, values in allowed_requests(case, region) for chosen in case["contexts"][:CONTEXTS // 2]]
    for (said, request), result in zip(asked, simulate([request for _, request in asked])):
        assert "error" not in result, (json.dumps(request, indent=1), result)
        assert result["result"] == "Allowed", f"when {said}\n{json.dumps(request, indent=1)}"
