"""iam.evaluate against @cloud-copilot/iam-simulate on random (identity policies, action, resource) cases.

Set up with `npm install --prefix tests/differential`; skipped when node or the package is missing.
The cases (iam_cases.py) draw every CloudTrail action in random case, `*` and `?` anywhere in action
names, other services, NotAction, and Resource/NotResource patterns built from ARN pieces of every
partition, Region, account and CloudTrail resource type, against trails, event data stores,
channels and dashboards, some with policy variables and escapes, in documents of Version
2012-10-17, 2008-10-17 or none (where a variable is literal text: iam_simulator.literal_variables)
or one IAM does not accept (iam_cases.REJECTED_VERSIONS: the document's Denies protect nothing),
a single statement sometimes written without a list, some documents long (8 to 30 statements); and
CloudTrail's requests on its CloudWatch Logs log stream, whose ARN's resource part holds colons (iam_cases.log_stream_requests).
trail-lint's UNKNOWN (an undocumented corner, see evaluator.readings and not_resource_matches) is
not compared; everything else must be equal.
"""
from __future__ import annotations

import json

import iam_cases as cases
import pytest
from hypothesis import given
from hypothesis import strategies as st
from iam_simulator import available, simulate

from trail_lint.iam.evaluator import Decision, evaluate
from trail_lint.model import Origin
from trail_lint.normalise.policy_json import parse_policy
from trail_lint.records import replace

pytestmark = pytest.mark.differential

if not available():
    pytest.skip("node or @cloud-copilot/iam-simulate is not installed", allow_module_level=True)


def canonical(action: str) -> str:
    """The action as a request names it (the simulator checks it against its own action list)."""
    if action.lower().startswith("logs:"):
        return next(name for name in cases.LOG_ACTIONS if name.lower() == action.lower())
    names = {name.lower(): name for name in cases.action_names()}
    return "cloudtrail:" + names[action.split(":", 1)[1].lower()]


def account_of(resource: str) -> str:
    return resource.split(":")[4] if resource != "*" else cases.ACCOUNT


def ours(documents: list[dict[str, object]], action: str, resource: str, single: bool = False) -> Decision:
    """trail-lint's decision; ``single``: a document of one statement is read written without a list."""
    policies = tuple(parse_policy(written(document) if single else document, name=f"p{index}", origin=Origin("case", ()))
                     for index, document in enumerate(documents))
    return evaluate(policies, action, resource).decision


def written(document: dict[str, object]) -> dict[str, object]:
    """The document with a single statement written without a list, as the grammar allows."""
    statements = document["Statement"]
    return {**document, "Statement": statements[0]} if isinstance(statements, list) and len(statements) == 1 else document


def theirs(result: dict[str, str]) -> Decision:
    assert "error" not in result, result
    return Decision.ALLOWED if result["result"] == "Allowed" else Decision.DENIED


CASES = st.tuples(st.lists(cases.documents(rejected_versions=True), min_size=1, max_size=2), cases.requests(),
                  st.booleans())
# long policies (iam_cases.long_documents), fewer to an example: hypothesis draws a few at a time
LONG_CASES = st.tuples(st.lists(cases.long_documents(), min_size=1, max_size=2), cases.requests(), st.just(False))


def compare(drawn: list) -> None:
    simulated = [{"identity": documents, "action": canonical(action), "account": account_of(resource),
                  "resource": resource} for documents, (action, resource), _ in drawn]
    for (documents, (action, resource), single), case, result in zip(drawn, simulated, simulate(simulated)):
        decision = ours(documents, action, resource, single)
        if decision is not Decision.UNKNOWN:
            assert decision is theirs(result), json.dumps({**case, "action": action}, indent=1)


@cases.budget(25)
@given(st.lists(CASES, min_size=20, max_size=30))
def test_iam_evaluate_agrees_with_iam_simulate(drawn: list) -> None:
    compare(drawn)


@cases.budget(5)
@given(st.lists(LONG_CASES, min_size=2, max_size=4))
def test_long_policies_agree_with_iam_simulate(drawn: list) -> None:
    """What one statement of a long policy grants, another far below may deny."""
    compare(drawn)


@st.composite
def log_stream_cases(draw: st.DrawFn) -> tuple:
    action, stream = draw(cases.log_stream_requests())
    documents = cases.log_documents(action.lower(), stream)
    return draw(st.lists(documents, min_size=1, max_size=2)), (action, stream), draw(st.booleans())


@cases.budget(15)
@given(st.lists(log_stream_cases(), min_size=20, max_size=30))
def test_log_stream_decisions_agree_with_iam_simulate(drawn: list) -> None:
    """CloudTrail's logs:CreateLogStream and logs:PutLogEvents on its log stream (TL215 asks this of
    the CloudWatch Logs role's policies): an ARN whose resource part holds colons."""
    compare(drawn)




@st.composite
def tied_cases(draw: st.DrawFn) -> tuple:
    """A request, documents, and statements two Terraform dynamic blocks over one for_each make: as many
    copies of each, maybe none (https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks)."""
    action, resource = draw(cases.requests())
    documents = draw(st.lists(cases.documents(action=action, resource=resource), min_size=1, max_size=2))
    tied = draw(st.lists(cases.statements(action=action, resource=resource), min_size=2, max_size=3))
    return documents, tied, (action, resource)


@cases.budget(25)
@given(st.lists(tied_cases(), min_size=20, max_size=30))
def test_statements_there_together_decide_as_with_none_and_with_them(drawn: list) -> None:
    """trail-lint reads the tied statements as maybe there, together (Statement.made_over): where it
    decides (allowed, denied), the simulator gives that decision both without them and with one copy
    of each in the first document."""
    asked = []
    for documents, tied, (action, resource) in drawn:
        first = documents[0]
        with_them = [{**first, "Statement": [*first["Statement"], *tied]}, *documents[1:]]
        policies = [parse_policy(document, name=f"p{index}", origin=Origin("case", ()))
                    for index, document in enumerate(with_them)]
        statements = policies[0].statements
        assert isinstance(statements, tuple)
        kept = len(statements) - len(tied)
        policies[0] = replace(policies[0], statements=(*statements[:kept], *(
            replace(statement, maybe=True, made_over="over") for statement in statements[kept:])))
        decision = evaluate(tuple(policies), action, resource).decision
        if decision in (Decision.ALLOWED, Decision.DENIED):
            asked += [(decision, {"identity": chosen, "action": canonical(action), "account": account_of(resource),
                                  "resource": resource}) for chosen in (documents, with_them)]
    for (decision, case), result in zip(asked, simulate([case for _, case in asked])):
        assert decision is theirs(result), json.dumps(case, indent=1)
