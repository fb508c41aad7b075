"""TL408: a CloudTrail action name that is not on the Service Authorization Reference page.

Every action the page lists, in any case and in either element, is known; a name one letter off
is not, and the finding says what was meant. A wildcard is known when it matches some action.
https://docs.aws.amazon.com/service-authorization/latest/reference/list_cloudtrail.html
"""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from trail_lint.rules import tl408_unknown_cloudtrail_action as tl408

from trail_lint.iam.actions import action_table
from trail_lint.model import UNKNOWN, Inventory, Origin, Policy, Problem, Statement
from trail_lint.normalise.policy_json import parse_policy

NAMES = sorted(info.name for info in action_table().values())


def _problems(*statements: dict[str, object]) -> list[Problem]:
    policy = parse_policy({"Version": "2012-10-17", "Statement": list(statements)}, name="p", origin=Origin("p.json", ()))
    return list(tl408.check(Inventory(policies=(policy,))))


def _in_any_case(draw: st.DrawFn, text: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(char.swapcase() if flip else char for char, flip in zip(text, flips))


@given(st.data())
def test_every_action_of_the_page_is_known_in_any_case(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(NAMES))
    action = _in_any_case(data.draw, f"cloudtrail:{name}")
    effect = data.draw(st.sampled_from(["Allow", "Deny"]))
    element = data.draw(st.sampled_from(["Action", "NotAction"]))
    assert _problems({"Effect": effect, element: [action], "Resource": "*"}) == []


@given(st.sampled_from(NAMES), st.integers(0, 100))
def test_a_name_with_a_letter_left_out_is_unknown_and_its_action_suggested(name: str, at: int) -> None:
    index = at % len(name)
    typo = name[:index] + name[index + 1:]
    if typo.lower() in action_table():
        return          # a letter left out of one action's name may spell another's
    found = _problems({"Sid": "S", "Effect": "Deny", "Action": f"cloudtrail:{typo}", "Resource": "*"})
    assert len(found) == 1
    assert f"names cloudtrail:{typo}, which is no CloudTrail action: it denies nothing by it" in found[0].message
    if len(name) >= 10:     # long enough for the closest name to be unambiguous
        assert "(did you mean cloudtrail:" in found[0].message


def test_wildcards_and_other_services() -> None:
    assert _problems({"Effect": "Allow", "Action": ["cloudtrail:Get*", "cloudtrail:?etTrail", "cloudtrail:*",
                                                    "cloudtrail-data:PutAuditEvents", "s3:GetObjekt"],
                      "Resource": "*"}) == []
    found = _problems({"Sid": "S", "Effect": "Allow", "Action": ["cloudtrail:Descibe*", "cloudtrail:Lookup*"],
                       "Resource": "*"})
    assert [p.message for p in found] == [
        "statement 'S' of policy p names cloudtrail:Descibe*, which matches no CloudTrail action: it allows nothing by it"]


def test_an_api_operation_without_an_action_of_its_own() -> None:
    found = _problems({"Sid": "S", "Effect": "Allow", "NotAction": "cloudtrail:ListInsightsMetricData",
                       "Resource": "*"})
    assert [p.message for p in found] == [
        ("statement 'S' of policy p names cloudtrail:ListInsightsMetricData, which is no CloudTrail action: it excludes "
        "nothing by it (the API operation ListInsightsMetricData is authorised by cloudtrail:ListInsightsData and "
        "cloudtrail:LookupEvents)")]


def test_actions_not_known_offline_are_undecided() -> None:
    statement = Statement("Deny", actions=UNKNOWN, resources=("*",), origin=Origin("p.json", ("Statement", 0)))
    found = list(tl408.check(Inventory(policies=(Policy("p", (statement,), origin=Origin("p.json", ())),))))
    assert len(found) == 1 and found[0].undecided and found[0].subject.startswith("input-value:")


def test_a_name_with_a_space_or_a_hyphen_is_no_action() -> None:
    found = _problems({"Sid": "S", "Effect": "Deny", "Action": ["cloudtrail:StopLogging ", "cloudtrail:Delete-Trail",
                                                                 "cloudtrail:a:b"], "Resource": "*"})
    assert [p.message for p in found] == [
        ("statement 'S' of policy p names 'cloudtrail:StopLogging ', which is no CloudTrail action: it denies nothing "
         "by it (did you mean cloudtrail:StopLogging?)"),
        ("statement 'S' of policy p names cloudtrail:Delete-Trail, which is no CloudTrail action: it denies nothing "
         "by it (did you mean cloudtrail:DeleteTrail?)")]
