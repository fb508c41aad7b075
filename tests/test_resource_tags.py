"""Conditions on keys the trail fixes (aws:ResourceTag/<key>, aws:ResourceAccount) are decided per trail
where the inputs hold them: the reference evaluator with the trail's ResourceContext, and the access
matrix, which narrows each statement's Resource by them, agree request by request."""
from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.cli import main
from trail_lint.iam.access import (
    ACCOUNT_WIDE,
    GLOBAL_ACTIONS,
    TRAIL_ACTIONS,
    analyse,
    trail_context,
    trail_tags,
)
from trail_lint.iam.evaluator import NO_RESOURCE, UNKNOWN_RESOURCE, Decision, ResourceContext, evaluate
from trail_lint.iam.reasons import Reasons
from trail_lint.iam.resolve import request_context
from trail_lint.iam.scp_levels import levels as scp_levels
from trail_lint.iam.scp_levels import organization as organization_of
from trail_lint.model import (
    UNKNOWN,
    Condition,
    InputKind,
    Inventory,
    OrgNode,
    OrgNodeKind,
    Origin,
    Policy,
    Principal,
    PrincipalKind,
    ServiceControlPolicy,
    Statement,
    Tag,
    Trail,
)

ACCOUNT = "111122223333"
OTHER = "444455556666"
STOP = "cloudtrail:StopLogging"
PLAN = Origin("plan.json", ("resource_changes", 0), kind=InputKind.TERRAFORM_PLAN)
LISTING = Origin("trails.json", ("trailList", 0), kind=InputKind.AWS_CLI)
CLOUDFORMATION_TRAIL = Origin("t.yaml", ("Resources", "T"), kind=InputKind.CLOUDFORMATION)
SOURCE_TRAIL = Origin("main.tf", ("resource", "aws_cloudtrail", "t"), kind=InputKind.TERRAFORM_HCL)


def _trail(name: str, tags: tuple[Tag, ...] | object = (), origin: Origin = PLAN, account: str = ACCOUNT) -> Trail:
    return Trail(name=name, account=account, region="us-east-1", tags=tags, origin=origin)  # type: ignore[arg-type]


def _decide(statement: Statement, on: ResourceContext, action: str = STOP, *others: Statement) -> Decision:
    resource = "*" if on is NO_RESOURCE else f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/t"
    return evaluate((Policy("p", (statement, *others)),), action, resource, on=on).decision


def _when(operator: str, key: str, *values: str, effect: str = "Allow") -> Statement:
    return Statement(effect, actions=("cloudtrail:*",), resources=("*",), conditions=(Condition(operator, key, values),))


DEV = ResourceContext((("team", "dev"),), ACCOUNT)
BARE = ResourceContext((), ACCOUNT)
ALL = Statement("Allow", actions=("cloudtrail:*",), resources=("*",))


def test_a_trail_tag_condition_is_decided_on_a_trail_whose_tags_are_known() -> None:
    only_dev = _when("StringEquals", "aws:ResourceTag/team", "dev")
    assert _decide(only_dev, DEV) is Decision.ALLOWED
    assert _decide(only_dev, BARE) is Decision.DENIED          # the key is absent: StringEquals fails
    assert _decide(only_dev, ResourceContext((("team", "prod"),))) is Decision.DENIED
    assert _decide(only_dev, UNKNOWN_RESOURCE) is Decision.CONDITIONAL    # as before: tags not known
    # the tag key as written, in another case only: not documented, so not decided
    assert _decide(only_dev, ResourceContext((("Team", "dev"),))) is Decision.CONDITIONAL
    assert _decide(only_dev, ResourceContext((("team", "dev"), ("team", "prod")))) is Decision.CONDITIONAL
    assert _decide(_when("StringEqualsIfExists", "aws:ResourceTag/team", "dev"), BARE) is Decision.ALLOWED
    assert _decide(_when("Null", "aws:resourcetag/team", "true"), BARE) is Decision.ALLOWED
    assert _decide(_when("Null", "aws:ResourceTag/team", "true"), DEV) is Decision.DENIED
    assert _decide(_when("ForAnyValue:StringEquals", "aws:ResourceTag/team", "dev"), BARE) is Decision.DENIED
    assert _decide(_when("ForAnyValue:StringLike", "aws:ResourceTag/team", "d*"), DEV) is Decision.ALLOWED


def test_a_deny_unless_protected_guards_the_protected_trails_only() -> None:
    deny = _when("StringNotEquals", "aws:ResourceTag/protected", "true", effect="Deny")
    assert _decide(ALL, ResourceContext((("protected", "true"),)), STOP, deny) is Decision.ALLOWED
    assert _decide(ALL, BARE, STOP, deny) is Decision.DENIED       # absent: StringNotEquals holds
    assert _decide(ALL, UNKNOWN_RESOURCE, STOP, deny) is Decision.CONDITIONAL


def test_the_resource_account_is_the_trails() -> None:
    mine = _when("StringEquals", "aws:ResourceAccount", ACCOUNT)
    assert _decide(mine, BARE) is Decision.ALLOWED
    assert _decide(mine, ResourceContext((), OTHER)) is Decision.DENIED
    assert _decide(mine, ResourceContext(())) is Decision.CONDITIONAL
    # a policy variable's value is the principal's: not decided here
    assert _decide(_when("StringEquals", "aws:ResourceAccount", "${aws:PrincipalAccount}"), BARE) \
        is Decision.CONDITIONAL


def test_an_action_without_a_resource_type_carries_no_resource_tag() -> None:
    assert _decide(_when("StringEquals", "aws:ResourceTag/team", "dev"), NO_RESOURCE,
                   "cloudtrail:DescribeTrails") is Decision.DENIED
    assert _decide(_when("StringNotEquals", "aws:ResourceTag/team", "dev"), NO_RESOURCE,
                   "cloudtrail:DescribeTrails") is Decision.ALLOWED
    # its account is not said by any page: not decided
    assert _decide(_when("StringEquals", "aws:ResourceAccount", ACCOUNT), NO_RESOURCE,
                   "cloudtrail:DescribeTrails") is Decision.CONDITIONAL


def test_which_inputs_hold_a_trails_tags_in_full() -> None:
    assert trail_tags(_trail("a", (Tag("team", "dev"),))) == (("team", "dev"),)
    assert trail_tags(_trail("a", ())) == ()
    assert trail_tags(_trail("a", UNKNOWN, LISTING)) is UNKNOWN       # describe-trails: list-tags holds them
    assert trail_tags(_trail("a", (Tag("team", "dev"),), LISTING)) == (("team", "dev"),)    # list-tags joined
    assert trail_tags(_trail("a", (), LISTING)) == ()                 # list-tags: the trail has none
    assert trail_tags(_trail("a", (Tag("team", "dev"),), CLOUDFORMATION_TRAIL)) is UNKNOWN    # stack tags propagate
    assert trail_tags(_trail("a", (Tag("team", "dev"), Tag(UNKNOWN, UNKNOWN, any_number=True)))) is UNKNOWN
    assert trail_tags(_trail("a", (Tag("team", UNKNOWN),))) is UNKNOWN
    assert trail_context(_trail("a"), None) == ResourceContext((), ACCOUNT, "us-east-1")


# --- the access matrix agrees with the evaluator on every trail ----------------------------------

TAG_KEYS = ("team", "Team", "protected")
TAG_VALUES = ("dev", "prod", "true", UNKNOWN)
TAG_SETS = st.one_of(st.just(UNKNOWN), st.lists(st.builds(Tag, st.sampled_from(TAG_KEYS), st.sampled_from(TAG_VALUES)),
                                                max_size=3).map(tuple),
                     st.just((Tag("team", "dev"), Tag(UNKNOWN, UNKNOWN, any_number=True))))
TRAILS = st.lists(st.tuples(TAG_SETS, st.sampled_from([PLAN, PLAN, LISTING, CLOUDFORMATION_TRAIL, SOURCE_TRAIL]),
                            st.sampled_from([ACCOUNT, None])), min_size=1, max_size=4)
OPERATORS = st.sampled_from(["StringEquals", "StringNotEquals", "StringLike", "StringEqualsIfExists",
                             "StringNotEqualsIfExists", "ForAnyValue:StringEquals", "ForAllValues:StringEquals",
                             "StringEqualsIgnoreCase", "Null"])
KEYS = st.sampled_from(["aws:ResourceTag/team", "aws:resourcetag/Team", "aws:ResourceTag/protected",
                        "aws:ResourceAccount", "aws:PrincipalTag/team", "aws:username", "aws:SourceIp"])
CONDITIONS = st.builds(lambda operator, key, value: Condition(operator, key, (
    ("true" if value == "dev" else "false") if operator == "Null" else value,)),
    OPERATORS, KEYS, st.sampled_from(["dev", "prod", "true", "d*", ACCOUNT,
                                      # policy variables the principal settles, with a default or without
                                      "${aws:PrincipalTag/team, 'prod'}", "${aws:username, 'dev'}",
                                      "${aws:PrincipalTag/team}", "${aws:PrincipalAccount}"]))
STATEMENTS = st.builds(
    lambda effect, actions, conditions: Statement(effect, actions=actions, resources=("*",), conditions=conditions),
    st.sampled_from(["Allow", "Allow", "Deny", UNKNOWN]),
    st.sampled_from([("cloudtrail:*",), ("cloudtrail:StopLogging", "cloudtrail:DescribeTrails"), (UNKNOWN,)]),
    st.one_of(st.lists(CONDITIONS, max_size=2).map(tuple), st.just(UNKNOWN)))
POLICIES = st.lists(STATEMENTS, min_size=1, max_size=3).map(lambda s: Policy("p", tuple(s)))
WHO = st.sampled_from([{"kind": PrincipalKind.USER, "name": "dev", "tags": (("team", "dev"),)},
                       {"kind": PrincipalKind.ROLE, "name": "ops"}])


def _inventory(trails, policies, who, account: str | None = ACCOUNT,
               scps: tuple[Policy, ...] = ()) -> tuple[Inventory, list[Principal]]:
    principals = [Principal(id=f"arn:aws:iam::{ACCOUNT}:{w['kind'].value}/{w['name']}{n}", account=ACCOUNT,
                            inline_policies=(policy,), origin=Origin("iam.json", ("Users", n)), **w)
                  for n, (policy, w) in enumerate(zip(policies, who))]
    built = tuple(Trail(name=f"t{n}", account=account, region="us-east-1", tags=tags,
                        origin=Origin(origin.file, (*origin.path, n), kind=origin.kind))
                  for n, (tags, origin, account) in enumerate(trails))
    # SCPs attached to the principals' account, below an OU (every level must allow)
    organization = (OrgNode(ACCOUNT, OrgNodeKind.ACCOUNT, "ou-a"), OrgNode("ou-a", OrgNodeKind.UNIT)) if scps else ()
    return Inventory(trails=built, principals=tuple(principals), account=account, organization=organization,
                     scps=tuple(ServiceControlPolicy(scp, (ACCOUNT,)) for scp in scps)), principals


@settings(max_examples=400, deadline=None)
@given(TRAILS, st.lists(POLICIES, min_size=1, max_size=3), st.lists(WHO, min_size=3, max_size=3),
       st.sampled_from([ACCOUNT, None]), st.lists(POLICIES, max_size=2).map(tuple))
def test_masks_agree_with_evaluate_on_conditions_on_the_trail(trails, policies, who, account, scps) -> None:
    # the run's account unknown: a trail that names none has an aws:ResourceAccount not known offline
    inventory, principals = _inventory(trails, policies, who, account, scps)
    result = analyse(inventory)
    levels = scp_levels(organization_of(inventory), ACCOUNT)
    for principal in principals:
        context = request_context(principal, ACCOUNT)
        for bit, (key, resource) in enumerate(zip(result.trail_keys, result.resources)):
            on = trail_context(result.trails[bit], account)
            for action in TRAIL_ACTIONS:
                expected = evaluate(principal.inline_policies, action, resource, scps=levels, context=context, on=on)
                assert result.decision(principal.id, key, action) is expected.decision, (key, action)
        for action in GLOBAL_ACTIONS:
            expected = evaluate(principal.inline_policies, action, "*", scps=levels, context=context, on=NO_RESOURCE)
            assert result.decision(principal.id, ACCOUNT_WIDE, action) is expected.decision, action


@settings(max_examples=150, deadline=None)
@given(TRAILS, st.lists(POLICIES, min_size=1, max_size=3), st.lists(WHO, min_size=3, max_size=3),
       st.sampled_from([ACCOUNT, None]), st.lists(POLICIES, max_size=2).map(tuple))
def test_shared_reasons_are_those_of_each_decision_on_conditions_on_the_trail(trails, policies, who, account,
                                                                              scps) -> None:
    inventory, _ = _inventory(trails, policies, who, account, scps)
    result = analyse(inventory)
    slow = [result.grant(d.principal, d.trail, d.action) for d in result.decisions()
            if d.decision is not Decision.DENIED]
    assert list(Reasons(result).grants()) == slow


# --- end to end: `trail-lint access` and TL401 on a plan, beside a describe-trails listing ------------

def _trail_change(name: str, tags: dict[str, str]) -> dict:
    arn = f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/{name}"
    after = {"name": name, "s3_bucket_name": "logs", "is_multi_region_trail": True, "enable_log_file_validation": True,
             "enable_logging": True, "include_global_service_events": True, "is_organization_trail": False,
             "kms_key_id": f"arn:aws:kms:us-east-1:{ACCOUNT}:key/k", "tags": tags or None, "tags_all": tags,
             "arn": arn, "home_region": "us-east-1", "id": arn, "event_selector": [], "advanced_event_selector": [],
             "insight_selector": []}
    return {"address": f"aws_cloudtrail.{name}", "mode": "managed", "type": "aws_cloudtrail", "name": name,
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": ["no-op"], "before": after, "after": after, "after_unknown": {}}}


POLICY = {"Version": "2012-10-17", "Statement": [
    {"Sid": "StopDevTrails", "Effect": "Allow", "Action": "cloudtrail:StopLogging", "Resource": "*",
     "Condition": {"StringEquals": {"aws:ResourceTag/team": "dev"}}}]}


def _write(folder: Path, policy: dict = POLICY) -> None:
    role = {"address": "aws_iam_role.dev", "mode": "managed", "type": "aws_iam_role", "name": "dev",
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": ["no-op"], "before": None, "after": {
                "name": "dev", "arn": f"arn:aws:iam::{ACCOUNT}:role/dev", "path": "/", "assume_role_policy": "{}",
                "permissions_boundary": None, "managed_policy_arns": [],
                "inline_policy": [{"name": "abac", "policy": json.dumps(policy)}]}, "after_unknown": {}}}
    plan = {"format_version": "1.2", "terraform_version": "1.9.5", "planned_values": {"root_module": {}},
            "resource_changes": [_trail_change("dev", {"team": "dev"}), _trail_change("prod", {"team": "prod"}),
                                 _trail_change("bare", {}), role],
            "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {
                "region": {"constant_value": "us-east-1"}}}}, "root_module": {"resources": []}}}
    (folder / "plan.json").write_text(json.dumps(plan, indent=1))
    listed = {"trailList": [{"Name": "listed", "TrailARN": f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/listed",
                             "HomeRegion": "us-east-1", "S3BucketName": "logs", "IsMultiRegionTrail": True,
                             "LogFileValidationEnabled": True}]}
    (folder / "trails.json").write_text(json.dumps(listed, indent=1))


def test_access_and_tl401_decide_the_tagged_trail_and_leave_an_unlisted_tag_set_conditional(tmp_path: Path,
                                                                                           capsys) -> None:
    _write(tmp_path)
    assert main(["access", "--format", "json", "--region", "us-east-1", "--account", ACCOUNT, str(tmp_path)]) == 0
    grants = json.loads(capsys.readouterr().out)["grants"]
    stop = {grant["trail"].rsplit("/", 1)[1]: grant["decision"] for grant in grants
            if grant["action"] == STOP and grant["principal"].endswith("role/dev")}
    # prod and bare are denied (implicitly: not listed); listed's tags are in no input
    assert stop == {"dev": "allowed", "listed": "conditional"}
    main(["--format", "parsable", "--select", "TL401", "--region", "us-east-1", "--account", ACCOUNT, str(tmp_path)])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(": ", 1)[1] for line in lines] == ["TL401 role dev can StopLogging on 'dev'"]


GUARDRAIL = {"Version": "2012-10-17", "Statement": [
    {"Sid": "All", "Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*"},
    {"Sid": "KeepProd", "Effect": "Deny", "Resource": "*",
     "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail",
                "cloudtrail:PutEventSelectors"],
     "Condition": {"StringEquals": {"aws:ResourceTag/team": "prod"}}}]}


def _tl407(folder: Path, capsys, *paths: str) -> list[str]:
    main(["--format", "parsable", "--select", "TL407", "--region", "us-east-1", "--account", ACCOUNT,
          *(str(folder / path) for path in paths)])
    return [line.split(": ", 1)[1] for line in capsys.readouterr().out.splitlines()]


def test_tl407_decides_a_deny_on_a_trail_tag_trail_by_trail(tmp_path: Path, capsys) -> None:
    """A Deny conditioned on the trail's tags alone protects the trails so tagged and misses the
    others, where the inputs hold the trails' tags in full (a plan's tags_all); a trail whose tags no
    input holds is not said to be missed."""
    _write(tmp_path, GUARDRAIL)
    found = _tl407(tmp_path, capsys, "plan.json", "trails.json")
    assert len(found) == 1 and found[0].startswith("TL407 deny statement 'KeepProd' of policy ")
    assert found[0].endswith("does not cover 'dev', 'bare' of account 111122223333"), found[0]


def test_tl407_keeps_a_deny_on_a_trail_tag_conditional_where_no_trail_tags_are_known(tmp_path: Path,
                                                                                      capsys) -> None:
    _write(tmp_path, GUARDRAIL)
    plan = json.loads((tmp_path / "plan.json").read_text())
    plan["resource_changes"] = [change for change in plan["resource_changes"] if change["type"] != "aws_cloudtrail"]
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    found = _tl407(tmp_path, capsys, "plan.json", "trails.json")
    assert [line.split(" is ", 1)[1] for line in found] == ["conditional: it applies only to trails tagged team=prod"]
