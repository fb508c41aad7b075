"""aws:RequestedRegion decided per trail for the actions CloudTrail performs only in a trail's home Region.

StopLogging, UpdateTrail, DeleteTrail, PutEventSelectors, ... on a trail succeed only when called in the
trail's home Region (InvalidHomeRegionException otherwise): a request that acts on the trail is made
there, so a condition on aws:RequestedRegion is decided on a trail whose Region the inputs know.
GetTrailStatus and the other reads are answered in any Region: there the key stays request context. The
reference evaluator (iam.evaluate with the trail's ResourceContext) and the access matrix agree.
"""
from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from plan_changes import change, write_plan

from trail_lint.cli import main
from trail_lint.iam.access import (
    ACCOUNT_WIDE,
    GLOBAL_ACTIONS,
    TRAIL_ACTIONS,
    analyse,
    trail_context,
    trail_home_region,
)
from trail_lint.iam.actions import home_region_only
from trail_lint.iam.evaluator import NO_RESOURCE, UNKNOWN_RESOURCE, Decision, ResourceContext, evaluate
from trail_lint.iam.reasons import Reasons
from trail_lint.iam.resolve import request_context
from trail_lint.iam.scp_levels import levels as scp_levels
from trail_lint.iam.scp_levels import organization as organization_of
from trail_lint.model import (
    UNKNOWN,
    Condition,
    Inventory,
    OrgNode,
    OrgNodeKind,
    Policy,
    Principal,
    PrincipalKind,
    ServiceControlPolicy,
    Statement,
    Trail,
)

ACCOUNT = "111122223333"
STOP, STATUS = "cloudtrail:StopLogging", "cloudtrail:GetTrailStatus"
ALLOWED_REGIONS = ("eu-west-1", "us-east-1")
NOW = 1_800_000_000.0       # the time of the run
# The usual Region SCP: deny everything but global services outside the allowed Regions.
REGION_SCP = Policy("allowed-regions", (Statement(
    "Deny", not_actions=("iam:*", "organizations:*", "sts:*", "support:*"), resources=("*",),
    conditions=(Condition("StringNotEquals", "aws:RequestedRegion", ALLOWED_REGIONS),)),))
ADMIN = Policy("admin", (Statement("Allow", actions=("*",), resources=("*",)),))
BELOW_OU = (OrgNode(ACCOUNT, OrgNodeKind.ACCOUNT, "ou-a"), OrgNode("ou-a", OrgNodeKind.UNIT))


def test_the_home_region_actions() -> None:
    assert [action for action in TRAIL_ACTIONS if home_region_only(action)] == [
        "cloudtrail:StartLogging", "cloudtrail:StopLogging", "cloudtrail:UpdateTrail", "cloudtrail:DeleteTrail",
        "cloudtrail:PutEventSelectors", "cloudtrail:PutInsightSelectors"]
    assert home_region_only("CloudTrail:stoplogging")
    assert not any(home_region_only(action) for action in (*GLOBAL_ACTIONS, STATUS, "cloudtrail:GetTrail",
                                                          "cloudtrail:AddTags", "ec2:StopInstances"))


def _decide(condition: Condition, action: str, on: ResourceContext, effect: str = "Allow") -> Decision:
    statements = (Statement(effect, actions=("cloudtrail:*",), resources=("*",), conditions=(condition,)),)
    if effect == "Deny":
        statements += (Statement("Allow", actions=("cloudtrail:*",), resources=("*",)),)
    return evaluate((Policy("p", statements),), action, f"arn:aws:cloudtrail:eu-west-1:{ACCOUNT}:trail/t",
                    on=on).decision


IRELAND = ResourceContext((), ACCOUNT, "eu-west-1")


def test_string_operators_on_the_trails_region_decide_a_home_region_action() -> None:
    for operator, values, expected in [
            ("StringEquals", ("eu-west-1",), Decision.ALLOWED),
            ("StringEquals", ("us-east-1",), Decision.DENIED),
            ("StringNotEquals", ("us-east-1",), Decision.ALLOWED),
            ("StringNotEquals", ("eu-west-1", "us-east-1"), Decision.DENIED),
            ("StringLike", ("eu-*",), Decision.ALLOWED),
            ("StringLike", ("us-*",), Decision.DENIED),
            ("StringNotLike", ("eu-*",), Decision.DENIED),
            ("StringEqualsIfExists", ("eu-west-1",), Decision.ALLOWED),
            ("StringNotEqualsIfExists", ("eu-west-1",), Decision.DENIED),
            ("StringEqualsIgnoreCase", ("EU-WEST-1",), Decision.ALLOWED),
            ("StringEquals", ("EU-WEST-1",), Decision.DENIED),
            ("ForAnyValue:StringEquals", ("eu-west-1",), Decision.ALLOWED),     # a single-valued key
            ("ForAnyValue:StringEquals", ("us-east-1",), Decision.DENIED)]:
        condition = Condition(operator, "aws:RequestedRegion", values)
        assert _decide(condition, STOP, IRELAND) is expected, (operator, values)
        # an action answered in any Region: the key is the request's, not the trail's
        assert _decide(condition, STATUS, IRELAND) is Decision.CONDITIONAL, (operator, values)
        # the trail's Region not known: as before
        assert _decide(condition, STOP, ResourceContext((), ACCOUNT)) is Decision.CONDITIONAL, (operator, values)
        assert _decide(condition, STOP, UNKNOWN_RESOURCE) is Decision.CONDITIONAL, (operator, values)
    # the key written in another case is the same key ("Context key names are not case-sensitive")
    assert _decide(Condition("StringEquals", "AWS:requestedregion", ("eu-west-1",)), STOP, IRELAND) \
        is Decision.ALLOWED
    # a Deny outside the trail's Region protects nothing; one on it does
    outside = Condition("StringNotEquals", "aws:RequestedRegion", ("eu-west-1",))
    assert _decide(outside, STOP, IRELAND, "Deny") is Decision.ALLOWED
    assert _decide(outside, STOP, ResourceContext((), ACCOUNT, "ap-south-1"), "Deny") is Decision.DENIED
    assert _decide(outside, STATUS, ResourceContext((), ACCOUNT, "ap-south-1"), "Deny") is Decision.CONDITIONAL


def test_a_trails_home_region_is_its_arns() -> None:
    assert trail_home_region(Trail(name="t", account=ACCOUNT, region="eu-west-1")) == "eu-west-1"
    assert trail_home_region(Trail(name="t", arn=f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/t")) == "us-east-1"
    # a multi-Region trail: its home Region, where its ARN is
    assert trail_home_region(Trail(name="t", account=ACCOUNT, region="eu-west-1", multi_region=True)) == "eu-west-1"
    assert trail_home_region(Trail(name="t", account=ACCOUNT)) is UNKNOWN
    assert trail_context(Trail(name="t", account=ACCOUNT, region="eu-west-1")).region == "eu-west-1"


def _region_scp_inventory(*trails: Trail) -> tuple[Inventory, Principal]:
    who = Principal(id=f"arn:aws:iam::{ACCOUNT}:role/admin", kind=PrincipalKind.ROLE, name="admin", account=ACCOUNT,
                    inline_policies=(ADMIN,))
    return Inventory(trails=trails, principals=(who,), account=ACCOUNT, organization=BELOW_OU,
                     scps=(ServiceControlPolicy(REGION_SCP, (ACCOUNT,)),)), who


def test_a_region_scp_decides_the_home_region_actions_trail_by_trail() -> None:
    inventory, who = _region_scp_inventory(
        Trail(name="allowed", account=ACCOUNT, region="eu-west-1"),
        Trail(name="outside", account=ACCOUNT, region="ap-south-1", multi_region=True),
        Trail(name="nowhere", account=ACCOUNT))
    result = analyse(inventory)
    allowed, outside, nowhere = result.trail_keys
    for action in TRAIL_ACTIONS:
        home = home_region_only(action)
        assert result.decision(who.id, allowed, action) is (Decision.ALLOWED if home else Decision.CONDITIONAL)
        assert result.decision(who.id, outside, action) is (Decision.DENIED if home else Decision.CONDITIONAL)
        assert result.decision(who.id, nowhere, action) is Decision.CONDITIONAL       # its Region is not known
    for action in GLOBAL_ACTIONS:
        assert result.decision(who.id, ACCOUNT_WIDE, action) is Decision.CONDITIONAL
    # the denial is the SCP's explicit Deny, and the reasons say so
    assert [because.policy for because in result.grant(who.id, outside, STOP).because] == ["allowed-regions"]
    assert [because.policy for because in Reasons(result).grant(who.id, outside, STOP).because] == ["allowed-regions"]
    assert "allowed-regions" not in [because.policy for because in result.grant(who.id, allowed, STOP).because]


# --- a read, answered in any Region, made in the trail's home Region -----------------------------------

READS = ("cloudtrail:GetTrail", STATUS, "cloudtrail:GetEventSelectors")


def test_a_read_under_a_region_condition_is_allowed_when_made_in_the_trails_home_region() -> None:
    """GetTrailStatus is answered in any Region: its aws:RequestedRegion is the Region the request is made
    in, which the requester chooses. A request made in the trail's home Region reaches the trail (it
    exists there); one made elsewhere is not known to (a shadow trail of a multi-Region trail, in a
    Region the account may not have enabled). So "Allow where aws:RequestedRegion is eu-west-1" is a
    read of the trails homed in eu-west-1 when the request is made there, and stays conditional,
    without a `when`, on the others; the actions performed only in the home Region are decided."""
    ireland, virginia = (Trail(name=name, account=ACCOUNT, region=region)
                         for name, region in (("ireland", "eu-west-1"), ("virginia", "us-east-1")))
    nowhere = Trail(name="nowhere", account=ACCOUNT)
    policy = Policy("p", (Statement("Allow", actions=("cloudtrail:*",), resources=("*",), conditions=(
        Condition("StringEquals", "aws:RequestedRegion", ("eu-west-1",)),)),))
    who = Principal(id=f"arn:aws:iam::{ACCOUNT}:role/ops", kind=PrincipalKind.ROLE, name="ops", account=ACCOUNT,
                    inline_policies=(policy,))
    result = analyse(Inventory(trails=(ireland, virginia, nowhere), principals=(who,), account=ACCOUNT))
    keys = dict(zip(("ireland", "virginia", "nowhere"), result.trail_keys))
    for action in READS:
        grants = {name: result.grant(who.id, key, action) for name, key in keys.items()}
        assert {name: (grant.decision, grant.when) for name, grant in grants.items()} == {
            "ireland": (Decision.CONDITIONAL, "aws:RequestedRegion is eu-west-1"),
            "virginia": (Decision.CONDITIONAL, None), "nowhere": (Decision.CONDITIONAL, None)}, action
    assert result.decision(who.id, keys["ireland"], STOP) is Decision.ALLOWED
    assert result.decision(who.id, keys["virginia"], STOP) is Decision.DENIED
    # the account-wide actions are answered in any Region the account has enabled, which the home Region of
    # a trail of the account surely is: made in eu-west-1, where 'ireland' is, DescribeTrails is allowed
    assert {key[2]: said for key, said in result.requested().items() if key[1] == ACCOUNT_WIDE} == {
        action: "aws:RequestedRegion is eu-west-1" for action in GLOBAL_ACTIONS}
    assert {key[2] for key in result.requested()} == {*READS, *GLOBAL_ACTIONS}


def test_an_account_wide_action_is_allowed_when_made_in_a_region_the_account_surely_has_enabled() -> None:
    """DescribeTrails, ListTrails and LookupEvents are answered in any Region the account has enabled. The
    inputs do not list those Regions, but a trail's home Region is one (the trail exists there): a request
    made there under "Allow where aws:RequestedRegion is us-east-1" is allowed; a Region no trail of the
    account is homed in is not known to be enabled (an opt-in Region may not be), and stays conditional."""
    def when(region: str, trail_region: str | None) -> str | None:
        policy = Policy("p", (Statement("Allow", actions=("cloudtrail:*",), resources=("*",), conditions=(
            Condition("StringEquals", "aws:RequestedRegion", (region,)),)),))
        who = Principal(id=f"arn:aws:iam::{ACCOUNT}:role/ops", kind=PrincipalKind.ROLE, name="ops", account=ACCOUNT,
                        inline_policies=(policy,))
        trail = Trail(name="t", account=ACCOUNT, region=trail_region if trail_region else UNKNOWN)
        result = analyse(Inventory(trails=(trail,), principals=(who,), account=ACCOUNT))
        grant = result.grant(who.id, ACCOUNT_WIDE, "cloudtrail:LookupEvents")
        assert grant.decision is Decision.CONDITIONAL
        return grant.when
    assert when("us-east-1", "us-east-1") == "aws:RequestedRegion is us-east-1"
    assert when("af-south-1", "us-east-1") is None
    assert when("us-east-1", None) is None
    # a trail of another account says nothing of the principal's account
    policy = Policy("p", (Statement("Allow", actions=("cloudtrail:*",), resources=("*",), conditions=(
        Condition("StringEquals", "aws:RequestedRegion", ("us-east-1",)),)),))
    who = Principal(id=f"arn:aws:iam::{ACCOUNT}:role/ops", kind=PrincipalKind.ROLE, name="ops", account=ACCOUNT,
                    inline_policies=(policy,))
    other = Trail(name="t", account="444455556666", region="us-east-1")
    result = analyse(Inventory(trails=(other,), principals=(who,), account=ACCOUNT))
    assert result.grant(who.id, ACCOUNT_WIDE, "cloudtrail:LookupEvents").when is None


def test_a_region_scp_leaves_the_reads_of_the_trails_homed_in_an_allowed_region() -> None:
    inventory, who = _region_scp_inventory(
        Trail(name="allowed", account=ACCOUNT, region="eu-west-1"),
        Trail(name="outside", account=ACCOUNT, region="ap-south-1", multi_region=True))
    result = analyse(inventory)
    allowed, outside = result.trail_keys
    # (the root user of the account alike: the SCP is over it too)
    assert {key: said for key, said in result.requested().items() if key[0] == who.id} == {
        **{(who.id, allowed, action): "aws:RequestedRegion is eu-west-1" for action in READS},
        **{(who.id, ACCOUNT_WIDE, action): "aws:RequestedRegion is eu-west-1" for action in GLOBAL_ACTIONS}}
    assert result.grant(who.id, outside, STATUS).when is None


# --- the access matrix agrees with the evaluator on every trail and action -------------------------

REGIONS = st.sampled_from(["eu-west-1", "us-east-1", "ap-south-1", None])
OPERATORS = st.sampled_from(["StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "StringEqualsIfExists",
                             "StringNotEqualsIfExists", "ForAnyValue:StringEquals", "ForAllValues:StringNotEquals",
                             "StringEqualsIgnoreCase", "Null"])
KEYS = st.sampled_from(["aws:RequestedRegion", "aws:requestedregion", "aws:ResourceAccount", "aws:SourceIp",
                        "aws:PrincipalTag/team"])
VALUES = st.lists(st.sampled_from(["eu-west-1", "us-east-1", "eu-*", "US-EAST-1", ACCOUNT, "dev"]),
                  min_size=1, max_size=2).map(tuple)
CONDITIONS = st.builds(lambda operator, key, values: Condition(
    operator, key, (("true" if values[0] == "dev" else "false"),) if operator == "Null" else values),
    OPERATORS, KEYS, VALUES)
STATEMENTS = st.builds(
    lambda effect, actions, negated, conditions: Statement(
        effect, actions=() if negated else actions, not_actions=actions if negated else None, resources=("*",),
        conditions=conditions),
    st.sampled_from(["Allow", "Allow", "Deny"]),
    st.sampled_from([("cloudtrail:*",), ("cloudtrail:StopLogging", "cloudtrail:GetTrailStatus"),
                     ("cloudtrail:Put*",), ("cloudtrail:Get*", "cloudtrail:DescribeTrails"), ("iam:*",)]),
    st.booleans(), st.lists(CONDITIONS, max_size=2).map(tuple))
POLICIES = st.lists(STATEMENTS, min_size=1, max_size=3).map(lambda s: Policy("p", tuple(s)))


def _inventory(regions, policies, scps) -> tuple[Inventory, list[Principal]]:
    principals = [Principal(id=f"arn:aws:iam::{ACCOUNT}:user/u{n}", kind=PrincipalKind.USER, name=f"u{n}",
                            account=ACCOUNT, tags=(("team", "dev"),), inline_policies=(policy,))
                  for n, policy in enumerate(policies)]
    trails = tuple(Trail(name=f"t{n}", account=ACCOUNT, region=region if region else UNKNOWN,
                         multi_region=bool(n % 2)) for n, region in enumerate(regions))
    return Inventory(trails=trails, principals=tuple(principals), account=ACCOUNT,
                     organization=BELOW_OU if scps else (),
                     scps=tuple(ServiceControlPolicy(scp, (ACCOUNT,)) for scp in scps)), principals


@settings(max_examples=300, deadline=None)
@given(st.lists(REGIONS, min_size=1, max_size=4), st.lists(POLICIES, min_size=1, max_size=3),
       st.lists(POLICIES, max_size=2))
def test_masks_agree_with_evaluate_on_the_requested_region(regions, policies, scps) -> None:
    inventory, principals = _inventory(regions, policies, scps)
    result = analyse(inventory)
    levels = scp_levels(organization_of(inventory), ACCOUNT)
    for principal in principals:
        context = request_context(principal, ACCOUNT)
        for bit, (key, resource) in enumerate(zip(result.trail_keys, result.resources)):
            on = trail_context(result.trails[bit], ACCOUNT)
            for action in TRAIL_ACTIONS:
                expected = evaluate(principal.inline_policies, action, resource, scps=levels, context=context, on=on)
                assert result.decision(principal.id, key, action) is expected.decision, (key, action)
        for action in GLOBAL_ACTIONS:
            expected = evaluate(principal.inline_policies, action, "*", scps=levels, context=context, on=NO_RESOURCE)
            assert result.decision(principal.id, ACCOUNT_WIDE, action) is expected.decision, action


@settings(max_examples=150, deadline=None)
@given(st.lists(REGIONS, min_size=1, max_size=4), st.lists(POLICIES, min_size=1, max_size=3),
       st.lists(POLICIES, max_size=2))
def test_shared_reasons_are_those_of_each_decision_on_the_requested_region(regions, policies, scps) -> None:
    inventory, _ = _inventory(regions, policies, scps)
    result = analyse(inventory)
    slow = [result.grant(d.principal, d.trail, d.action) for d in result.decisions()
            if d.decision is not Decision.DENIED]
    assert list(Reasons(result).grants()) == slow


# --- end to end: `trail-lint access --format json` on a plan with a Region SCP ------------------------

def _trail(name: str, region: str) -> dict:
    return change(f"aws_cloudtrail.{name}", {
        "name": name, "arn": f"arn:aws:cloudtrail:{region}:{ACCOUNT}:trail/{name}", "home_region": region,
        "s3_bucket_name": "logs", "is_multi_region_trail": True, "enable_log_file_validation": True})


def test_access_json_decides_the_region_scp_per_trail(tmp_path: Path, capsys) -> None:
    scp = {"Version": "2012-10-17", "Statement": [{
        "Sid": "DenyOutsideAllowedRegions", "Effect": "Deny",
        "NotAction": ["iam:*", "organizations:*", "sts:*", "support:*"], "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:RequestedRegion": list(ALLOWED_REGIONS)}}}]}
    admin = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*"}]}
    write_plan(tmp_path / "plan.json", [
        change("aws_organizations_organization.org", {"id": "o-abc", "master_account_id": "999988887777",
                                                      "roots": [{"id": "r-abcd"}]}),
        change("aws_organizations_account.app", {"id": ACCOUNT, "parent_id": "r-abcd"}),
        change("aws_organizations_policy.regions", {"id": "p-1", "type": "SERVICE_CONTROL_POLICY",
                                                    "content": json.dumps(scp)}),
        change("aws_organizations_policy_attachment.regions", {"policy_id": "p-1", "target_id": "r-abcd"}),
        _trail("ireland", "eu-west-1"), _trail("mumbai", "ap-south-1"),
        change("aws_iam_role.admin", {"name": "admin", "arn": f"arn:aws:iam::{ACCOUNT}:role/admin",
                                      "assume_role_policy": "{}"}),
        change("aws_iam_role_policy.admin", {"name": "admin", "role": "admin", "policy": json.dumps(admin)})])
    assert main(["access", "--format", "json", "--all", str(tmp_path)]) == 0
    grants = json.loads(capsys.readouterr().out)["grants"]
    found = {(grant["trail"].rsplit("/", 1)[1], grant["action"]): grant["decision"] for grant in grants
             if grant["principal"].endswith("role/admin") and grant["trail"] != ACCOUNT_WIDE}
    assert found[("mumbai", STOP)] == "denied"
    assert found[("ireland", STOP)] == "allowed"
    assert found[("mumbai", STATUS)] == found[("ireland", STATUS)] == "conditional"
    assert found[("mumbai", "cloudtrail:DeleteTrail")] == "denied"
    # a read made in the trail's home Region reaches it: allowed when made in eu-west-1, one the SCP allows
    when = {(grant["trail"].rsplit("/", 1)[1], grant["action"]): grant.get("when") for grant in grants
            if grant["principal"].endswith("role/admin") and grant["trail"] != ACCOUNT_WIDE}
    assert when[("ireland", STATUS)] == "aws:RequestedRegion is eu-west-1"
    assert when[("mumbai", STATUS)] is None


# --- a trail whose home Region the inputs do not say: the TL002 of its Region names the access rules ----

TEMPLATE = """\
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: main
      S3BucketName: logs
      IsLogging: true
      IsMultiRegionTrail: true
  Ops:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {{}}
      Policies:
        - PolicyName: ops
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: {action}
                Resource: "*"
{condition}"""
IN_IRELAND = """\
                Condition:
                  StringEquals:
                    aws:RequestedRegion: eu-west-1
"""


def _findings(tmp_path: Path, region: str | None, action: str = "cloudtrail:*", condition: str = IN_IRELAND
              ) -> list[tuple[str, str]]:
    from trail_lint.config import Config
    from trail_lint.engine import run
    from trail_lint.registry import all_rules
    path = tmp_path / "template.yaml"
    path.write_text(TEMPLATE.format(action=action, condition=condition))
    result = run([str(path)], Config(region=region, account=ACCOUNT), all_rules(), raise_errors=True)
    return [(f.rule, f.message) for f in result.findings if f.rule in ("TL002", "TL401", "TL406")]


REGION_NOT_KNOWN = ("home Region of trail 'main' is not known: pass --region or set `region` in .trail-lint.yaml; "
                    "quota and cost checks count it in the stack's Region, coverage checks leave it out")


def test_a_region_condition_on_a_trail_of_no_known_region_is_said_in_its_tl002(tmp_path: Path) -> None:
    """Allow StopLogging where aws:RequestedRegion is eu-west-1: a grant if the stack is deployed in
    eu-west-1 (the request is made in the trail's home Region), none elsewhere. Without --region the
    inputs cannot settle it: the TL002 saying the trail's home Region is not known names TL401, not a
    silent pass; with --region it is decided."""
    assert ("TL002", f"TL401 (can-tamper-with-trail) and TL406 (stop-without-start) cannot decide: {REGION_NOT_KNOWN}") \
        in _findings(tmp_path, None)
    assert ("TL401", "role Ops can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'main'") \
        in _findings(tmp_path, "eu-west-1")
    assert not [f for f in _findings(tmp_path, "us-east-1") if f[0] == "TL401" or "TL401" in f[1]]
    # only a condition on the Region leaves the rule open there: not a grant without one, nor a read
    assert ("TL002", REGION_NOT_KNOWN) in _findings(tmp_path, None, condition="")
    assert ("TL002", REGION_NOT_KNOWN) in _findings(tmp_path, None, action="cloudtrail:GetTrail*")


@settings(max_examples=200, deadline=None)
@given(st.lists(REGIONS, min_size=1, max_size=4), st.lists(POLICIES, min_size=1, max_size=3),
       st.lists(POLICIES, max_size=2))
def test_every_when_is_a_request_the_evaluator_allows(regions, policies, scps) -> None:
    """Each conditional decision the analysis says a request turns allowed ("when ...") is allowed by the
    reference evaluator for a request iam.requests makes with those words: in the trail's home Region
    for a read (answered in any Region), with the Region the trail's for an action performed only there,
    and for an account-wide action in the home Region of a trail of the account."""
    from trail_lint.iam.evaluator import action_applies
    from trail_lint.iam.requests import requests
    from trail_lint.records import replace
    inventory, principals = _inventory(regions, policies, scps)
    result = analyse(inventory, now=NOW)
    levels = scp_levels(organization_of(inventory), ACCOUNT)
    by_id = {principal.id: principal for principal in principals}
    # the statements that may cover the CloudTrail actions the analysis decides together (those iam.requests
    # reads, whose words name their conditions): the actions decided on the trails' ARNs, and those decided
    # against "*" (the actions without resource-level permissions and the account-wide ones)
    from trail_lint.iam.actions import requires_wildcard_resource
    on_trails = tuple(action for action in TRAIL_ACTIONS if not requires_wildcard_resource(action))
    on_any = (*(action for action in TRAIL_ACTIONS if action not in on_trails), *GLOBAL_ACTIONS)
    statements = {principal.id: [[statement for policy in (*principal.inline_policies, *(
        p for level in levels for p in level.policies)) for statement in policy.statements
        if any(action_applies(statement, action) is not False for action in decided)]
        for decided in (on_trails, on_any)] for principal in principals}
    bits = {key: bit for bit, key in enumerate(result.trail_keys)}
    enabled = tuple(sorted({region for region in regions if region}))
    for (who, key, action), said in result.requested().items():
        if who not in by_id:    # the account's root user (iam.root): held to the SCPs alone
            continue
        principal = by_id[who]
        if key == ACCOUNT_WIDE:     # "*", answered in the Regions where the account's trails are
            on, resource = ResourceContext((), reached=enabled), "*"
            regions_tried: tuple[str, ...] = enabled
        else:
            bit = bits[key]
            on, resource = result.contexts[bit], result.resources[bit]
            regions_tried = () if home_region_only(action) or not isinstance(on.region, str) else (on.region,)
        # made in no Region of its own choosing, or (an action answered in any Region) in one it surely reaches
        made = tuple(request for covering in statements[who] for region in (None, *regions_tried)
                     for request in requests(covering, NOW, region))
        context = request_context(principal, ACCOUNT)
        assert any(evaluate(principal.inline_policies, action, resource, scps=levels, on=on,
                            context=replace(context, values=(*context.values, *request.values))).decision
                   is Decision.ALLOWED for request in made if request.said == said)


def test_trails_of_regions_no_condition_tells_apart_are_each_said_in_their_own_region() -> None:
    """The Region SCP allows eu-west-1 and us-east-1 alike: one evaluation serves the trails of both (each
    read made in its trail's own home Region, iam.evaluator.IN_HOME), and each is said with its Region."""
    inventory, who = _region_scp_inventory(
        Trail(name="ireland", account=ACCOUNT, region="eu-west-1"),
        Trail(name="virginia", account=ACCOUNT, region="us-east-1"),
        Trail(name="mumbai", account=ACCOUNT, region="ap-south-1"))
    result = analyse(inventory)
    ireland, virginia, mumbai = result.trail_keys
    said = {(key, action): when for (principal, key, action), when in result.requested().items() if principal == who.id}
    assert said == {**{(ireland, action): "aws:RequestedRegion is eu-west-1" for action in READS},
                    **{(virginia, action): "aws:RequestedRegion is us-east-1" for action in READS},
                    **{(ACCOUNT_WIDE, action): "aws:RequestedRegion is eu-west-1" for action in GLOBAL_ACTIONS}}
    assert result.grant(who.id, mumbai, STATUS).when is None
