"""The access matrix: principals × trails × CloudTrail actions, and its renderings."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.engine import check_inventory
from trail_lint.iam.access import (
    ACCOUNT_WIDE,
    GLOBAL_ACTIONS,
    TRAIL_ACTIONS,
    AccessReport,
    Grant,
    analyse,
    trail_resource,
)
from trail_lint.iam.evaluator import UNKNOWN_RESOURCE, Decision, ResourceArn, evaluate
from trail_lint.iam.render import render as render_access
from trail_lint.inventory import with_shipped
from trail_lint.load import load_file
from trail_lint.model import (
    FULL_AWS_ACCESS,
    UNKNOWN,
    Condition,
    Inventory,
    OrgNode,
    OrgNodeKind,
    Origin,
    Policy,
    PolicyRef,
    Principal,
    PrincipalKind,
    ServiceControlPolicy,
    Statement,
    Trail,
)
from trail_lint.normalise import aws_iam
from trail_lint.records import replace

ROOT = Path(__file__).parents[1]
CORPUS = ROOT / ".." / "shared" / "corpus"
ACCOUNT = "123456789012"
MAIN = Trail(name="main", account=ACCOUNT, region="us-east-1", origin=Origin("trails.json", ("trailList", 0)))
MAIN_ARN = f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main"
STOP = "cloudtrail:StopLogging"


def inline(*statements: Statement, name: str = "inline") -> Policy:
    return Policy(name, statements, origin=Origin("iam.json", ("Policies", 0)))


def user(name: str, *policies: Policy, **extra) -> Principal:
    return Principal(id=f"arn:aws:iam::{ACCOUNT}:user/{name}", kind=PrincipalKind.USER, name=name, account=ACCOUNT,
                     inline_policies=policies, origin=Origin("iam.json", ("UserDetailList", 0)), **extra)


ALL = Statement("Allow", actions=("cloudtrail:*",), resources=("*",), sid="All")


def report(*principals: Principal, trails=(MAIN,), **extra) -> AccessReport:
    return analyse(with_shipped(Inventory(trails=trails, principals=principals, account=ACCOUNT, **extra)))


def test_trail_resource() -> None:
    assert trail_resource(MAIN) == MAIN_ARN
    assert trail_resource(Trail(name="t", arn="arn:aws:cloudtrail:eu-west-1:1:trail/t")) == \
        "arn:aws:cloudtrail:eu-west-1:1:trail/t"
    assert trail_resource(Trail(name="t", region="cn-north-1"), "111122223333") == \
        "arn:aws-cn:cloudtrail:cn-north-1:111122223333:trail/t"
    assert trail_resource(Trail(name="t")) == \
        ResourceArn(("arn", UNKNOWN, "cloudtrail", UNKNOWN, UNKNOWN, "trail/t"))


def test_grants_and_account_wide_actions() -> None:
    scoped = Statement("Allow", actions=("cloudtrail:StopLogging", "cloudtrail:DescribeTrails"),
                       resources=(MAIN_ARN,), sid="Scoped")
    result = report(user("alice", inline(scoped)))
    alice = f"arn:aws:iam::{ACCOUNT}:user/alice"
    assert [(g.trail, g.action, g.decision) for g in result.grants if g.principal == alice] == \
        [(MAIN_ARN, STOP, Decision.ALLOWED)]
    assert result.decision(alice, ACCOUNT_WIDE, "cloudtrail:DescribeTrails") is Decision.DENIED
    (because,) = result.grants[0].because
    assert (because.policy, because.sid, because.statement) == ("inline", "Scoped", "statement 'Scoped'")


def test_groups_boundaries_and_managed_policies() -> None:
    group = Principal(id="arn:aws:iam::123456789012:group/ops", kind=PrincipalKind.GROUP, name="ops",
                      inline_policies=(inline(ALL),))
    member = user("bob", groups=("ops",))
    bounded = user("carol", boundary=PolicyRef("arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess"),
                   managed_policies=(PolicyRef("arn:aws:iam::aws:policy/AdministratorAccess"),))
    result = report(group, member, bounded)
    assert result.decision(member.id, MAIN_ARN, STOP) is Decision.ALLOWED
    assert result.decision(bounded.id, MAIN_ARN, STOP) is Decision.DENIED
    assert result.decision(bounded.id, MAIN_ARN, "cloudtrail:GetTrail") is Decision.ALLOWED
    # a group's row says what membership grants; it is not a principal of requests
    assert result.decision(group.id, MAIN_ARN, STOP) is Decision.ALLOWED
    # the account's root user has a row of its own, after the inputs' principals (iam.root)
    assert [row.principal.id for row in result.rows] == [member.id, bounded.id, f"arn:aws:iam::{ACCOUNT}:root"]
    assert [row.principal.id for row in result.groups] == [group.id]
    assert result.unknown == ()


def test_unknown_policies_and_groups_are_reported() -> None:
    dangling = user("dave", managed_policies=(PolicyRef("arn:aws:iam::123456789012:policy/missing"),),
                    groups=("nowhere",))
    result = report(dangling)
    assert result.decision(dangling.id, MAIN_ARN, STOP) is Decision.UNKNOWN
    assert [p.message for p in result.unknown] == [
        "group nowhere of arn:aws:iam::123456789012:user/dave is not in the inputs: its permissions are unknown",
        ("managed policy arn:aws:iam::123456789012:policy/missing is not in the inputs or the shipped AWS managed "
        "policies: its permissions are unknown"),
    ]


def test_an_unknown_inline_policy_is_reported_not_passed_over() -> None:
    # The known policy allows StopLogging, but the unknown one may deny it: the decision is
    # unknown, and the unknown policy is said once, as for an unknown managed policy.
    unknown = Policy("from-elsewhere", UNKNOWN, origin=Origin("iam.json", ("Policies", 1)))
    erin = user("erin", inline(Statement("Allow", actions=(STOP,), resources=("*",))), unknown)
    result = report(erin)
    assert result.decision(erin.id, MAIN_ARN, STOP) is Decision.UNKNOWN
    assert [(p.message, p.at.path) for p in result.unknown] == [
        (f"policy from-elsewhere of {erin.id} is not known offline: its permissions are unknown", ("Policies", 1))]
    assert report(user("frank", inline(ALL))).unknown == ()


def test_scps() -> None:
    guard = Policy("guard", (Statement("Deny", actions=(STOP,), resources=("*",)),))
    read_only = Policy("read-only", (Statement("Allow", actions=("cloudtrail:Get*",), resources=("*",)),))
    alice = user("alice", inline(ALL))
    management = (OrgNode("111111111111", OrgNodeKind.MANAGEMENT),)
    here = report(alice, scps=(ServiceControlPolicy(guard, ("r-root",)),), organization=management)
    assert here.decision(alice.id, MAIN_ARN, STOP) is Decision.DENIED
    # a deny-only guardrail leaves FullAWSAccess in force for everything else
    assert here.decision(alice.id, MAIN_ARN, "cloudtrail:GetTrail") is Decision.ALLOWED
    elsewhere = report(alice, scps=(ServiceControlPolicy(guard, ("999999999999",)),), organization=management)
    assert elsewhere.decision(alice.id, MAIN_ARN, STOP) is Decision.ALLOWED
    # an allow list restricts where FullAWSAccess is detached from the same target
    detached = ServiceControlPolicy(FULL_AWS_ACCESS, detached_from=(ACCOUNT,))
    allow_list = report(alice, scps=(ServiceControlPolicy(read_only, (ACCOUNT,)), detached), organization=management)
    assert allow_list.decision(alice.id, MAIN_ARN, STOP) is Decision.DENIED
    assert allow_list.decision(alice.id, MAIN_ARN, "cloudtrail:GetTrail") is Decision.ALLOWED
    # ... and where the inputs do not say whether it is, what it does not allow is unknown
    unshown = report(alice, scps=(ServiceControlPolicy(read_only, (ACCOUNT,)),), organization=management)
    assert unshown.decision(alice.id, MAIN_ARN, STOP) is Decision.UNKNOWN
    assert unshown.decision(alice.id, MAIN_ARN, "cloudtrail:GetTrail") is Decision.ALLOWED
    assert [p.message.split(":")[0] for p in unshown.unknown] == [
        (f"SCP read-only is an allow list attached to {ACCOUNT}, where the inputs do not show whether "
         "FullAWSAccess is still attached")]
    # the management account is never restricted, and an account that may be it only conditionally
    owner = report(alice, scps=(ServiceControlPolicy(guard, ("r-root",)),),
                   organization=(OrgNode(ACCOUNT, OrgNodeKind.MANAGEMENT),))
    assert owner.decision(alice.id, MAIN_ARN, STOP) is Decision.ALLOWED
    maybe = report(alice, scps=(ServiceControlPolicy(guard, ("r-root",)),))
    assert maybe.decision(alice.id, MAIN_ARN, STOP) is Decision.CONDITIONAL


def test_an_scp_statement_without_resource_allows_every_resource_and_its_deny_is_unknown() -> None:
    # The SCP syntax page's Allow example has no Resource and "allows the Amazon S3 permissions for
    # any attached accounts" (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html);
    # what a Deny without Resource covers is not documented
    alice = user("alice", inline(ALL))
    management = (OrgNode("111111111111", OrgNodeKind.MANAGEMENT),)
    detached = ServiceControlPolicy(FULL_AWS_ACCESS, detached_from=(ACCOUNT,))
    allow_list = Policy("allow-list", (Statement("Allow", actions=("cloudtrail:Get*", "cloudtrail:StopLogging")),))
    allowed = report(alice, scps=(ServiceControlPolicy(allow_list, (ACCOUNT,)), detached), organization=management)
    assert allowed.decision(alice.id, MAIN_ARN, STOP) is Decision.ALLOWED
    assert allowed.decision(alice.id, MAIN_ARN, "cloudtrail:GetTrail") is Decision.ALLOWED
    assert allowed.decision(alice.id, MAIN_ARN, "cloudtrail:DeleteTrail") is Decision.DENIED
    guard = Policy("guard", (Statement("Deny", actions=(STOP,)),))
    guarded = report(alice, scps=(ServiceControlPolicy(guard, ("r-root",)),), organization=management)
    assert guarded.decision(alice.id, MAIN_ARN, STOP) is Decision.UNKNOWN
    assert guarded.decision(alice.id, MAIN_ARN, "cloudtrail:GetTrail") is Decision.ALLOWED
    assert [p.message for p in guarded.unknown] == [
        ("statement 1 of SCP guard has neither Resource nor NotResource: which resources its Deny covers is not "
         "documented, so what it would deny is unknown")]
    assert guarded.unknown[0].undecided     # the access rules' TL002 names the checks it blocks (engine)
    assert allowed.unknown == ()
    # an identity policy is held to IAM's grammar instead: such an Allow covers nothing (TL001)
    bare = report(user("alice", inline(Statement("Allow", actions=(STOP,)))))
    assert bare.decision(alice.id, MAIN_ARN, STOP) is Decision.DENIED


def test_full_aws_access_is_named_as_an_aws_managed_policy_not_a_line_of_no_file() -> None:
    # FullAWSAccess is in no input: the SCP level it allows at is said to be AWS's policy, as the
    # shipped IAM managed policies are, not a position in a file without a name (":1:")
    guard = Policy("guard", (Statement("Deny", actions=(STOP,), resources=("*",)),),
                   origin=Origin("scp.json", ("Statement",)))
    result = report(user("alice", inline(ALL)), scps=(ServiceControlPolicy(guard, ("r-root",)),),
                    organization=(OrgNode("111111111111", OrgNodeKind.MANAGEMENT),))
    verbose = render_access(result, "text", verbose=True, locate=lambda at: (at.file, 7, 1))
    assert "GetTrail allowed: AWS managed policy FullAWSAccess statement 1\n" in verbose
    assert ":1: FullAWSAccess" not in render_access(result, "csv")
    body = json.loads(render_access(result, "json"))
    becauses = [b for grant in body["grants"] for b in grant["because"] if b["policy"] == "FullAWSAccess"]
    assert becauses and {b["file"] for b in becauses} == {"<aws managed policies>"}


def test_trails_in_other_accounts_and_unknown_regions() -> None:
    other = Trail(name="org", arn="arn:aws:cloudtrail:us-east-1:999999999999:trail/org")
    somewhere = Trail(name="somewhere", account=ACCOUNT)
    scoped = Statement("Allow", actions=(STOP,), resources=(f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/*",))
    alice = user("alice", inline(ALL, scoped))
    result = report(alice, trails=(other, somewhere))
    assert result.decision(alice.id, other.arn, STOP) is Decision.DENIED
    assert result.decision(alice.id, "somewhere", STOP) is Decision.ALLOWED
    scoped_only = user("bob", inline(scoped))
    result = report(scoped_only, trails=(somewhere,))
    assert result.decision(scoped_only.id, "somewhere", STOP) is Decision.UNKNOWN


def test_renderings() -> None:
    conditional = Statement("Allow", actions=("cloudtrail:StartLogging",), resources=("*",), sid="Mfa",
                            conditions=UNKNOWN)
    result = report(user("alice", inline(ALL)), user("bob", inline(conditional)))
    assert render_access(result, "text") == (
        'account-wide actions (Resource "*")\n'
        "  principal                             describe  list  lookup\n"
        "  arn:aws:iam::123456789012:user/alice     ✓       ✓      ✓\n"
        "  arn:aws:iam::123456789012:root           ✓       ✓      ✓\n"
        "\n"
        "trail arn:aws:cloudtrail:us-east-1:123456789012:trail/main\n"
        "  principal                             view  start  stop  update  selectors  insights  delete\n"
        "  arn:aws:iam::123456789012:user/alice   ✓      ✓     ✓      ✓         ✓         ✓        ✓\n"
        "  arn:aws:iam::123456789012:user/bob     ✗      ?     ✗      ✗         ✗         ✗        ✗\n"
        "  arn:aws:iam::123456789012:root         ✓      ✓     ✓      ✓         ✓         ✓        ✓\n"
        "\n"
        "✓ allowed   ? conditional or unknown (cannot be decided offline)   ✗ denied\n")
    verbose = render_access(result, "text", verbose=True, locate=lambda at: (at.file, 7, 1))
    assert "  arn:aws:iam::123456789012:user/bob StartLogging conditional: iam.json:7: inline statement 'Mfa'\n" \
        in verbose
    csv_lines = render_access(result, "csv").splitlines()
    assert csv_lines[0] == "principal,name,kind,account,region,trail,action,decision,because"
    assert csv_lines[1 + 3 + 9 + 1 - 1] == (
        f"arn:aws:iam::123456789012:user/bob,bob,user,123456789012,us-east-1,{MAIN_ARN},"
        "cloudtrail:StartLogging,conditional,iam.json:1: inline statement 'Mfa'")
    # the root user's rows: its display name, kind root, and its access without any policy
    assert csv_lines[-1] == (f"arn:aws:iam::123456789012:root,root (123456789012),root,123456789012,us-east-1,"
                             f"{MAIN_ARN},cloudtrail:GetEventSelectors,allowed,"
                             "root user's own access (every action on its account's resources)")
    assert len(csv_lines) == 1 + 3 + 9 + 1 + 12
    markdown = render_access(result, "markdown")
    assert "| arn:aws:iam::123456789012:user/bob | ✗ | ? | ✗ | ✗ | ✗ | ✗ | ✗ |" in markdown


def test_a_guardrail_on_event_selectors_shows_selectors_denied() -> None:
    """`selectors` is PutEventSelectors, what the trail records: the usual guardrail that denies it (Control
    Tower, LZA) shows as denying it, and PutInsightSelectors, which only turns Insights on or off, is `insights`."""
    guardrail = Statement("Deny", actions=("cloudtrail:PutEventSelectors",), resources=("*",), sid="KeepSelectors")
    result = report(user("alice", inline(ALL, guardrail)))
    text = render_access(result, "text")
    assert "  principal                             view  start  stop  update  selectors  insights  delete\n" \
        "  arn:aws:iam::123456789012:user/alice   ✓      ✓     ✓      ✓         ✗         ✓        ✓\n" in text
    assert "| arn:aws:iam::123456789012:user/alice | ✓ | ✓ | ✓ | ✓ | ✗ | ✓ | ✓ |" in render_access(result, "markdown")


def test_json_rendering_follows_its_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "schemas" / "access.schema.json").read_text())
    result = report(user("alice", inline(ALL)), user("eve", inline(Statement("Deny", actions=("*",),
                                                                              resources=("*",)))))
    body = json.loads(render_access(result, "json"))
    jsonschema.validate(body, schema)
    assert body["schema"] == "trail-lint/access/v2"
    # alice's and the root user's (after the inputs' principals)
    assert len(body["grants"]) == 24 and {g["decision"] for g in body["grants"]} == {"allowed"}
    assert body["principals"][0] == {"id": "arn:aws:iam::123456789012:user/alice", "name": "alice", "kind": "user",
                                     "account": "123456789012", "file": "iam.json", "line": 1}
    assert body["grants"][0] == {"principal": "arn:aws:iam::123456789012:user/alice", "trail": "*",
                                 "action": "cloudtrail:DescribeTrails", "decision": "allowed",
                                 "account": "123456789012", "region": None,
                                 "because": [{"file": "iam.json", "line": 1, "policy": "inline",
                                              "statement": "statement 'All'", "sid": "All", "index": 0}]}
    full = json.loads(render_access(result, "json", include_denied=True))
    jsonschema.validate(full, schema)
    assert len(full["grants"]) == 36
    assert full["grants"][12]["because"] == [{"file": "iam.json", "line": 1, "policy": "inline",
                                              "statement": "statement 1", "sid": None, "index": 0}]



@pytest.mark.parametrize("principals", [(), (user("bob", inline(Statement("Allow", actions=(STOP,), resources=("*",),
                                                                         sid="Stop"))),),
                                        (user("alice", inline(ALL)), user("eve", inline(Statement(
                                            "Deny", actions=("*",), resources=("*",)))))])
@pytest.mark.parametrize("include_denied", [False, True])
@pytest.mark.parametrize("by_account", [None, {}])
def test_json_is_one_item_per_line_as_json_dumps_writes_it(principals, include_denied, by_account) -> None:
    """The JSON report is written in pieces joined once: the same text as each item dumped on a line of its own."""
    result = report(*principals)
    text = render_access(result, "json", include_denied=include_denied, by_account=by_account)
    body = json.loads(text)
    lines = ["{", f'  "schema": {json.dumps(body["schema"])},']
    names = [name for name in body if name != "schema"]
    assert names == ["trails", "principals", "accounts" if by_account is not None else "grants", "unknown"]
    for number, name in enumerate(names, 1):
        end = "" if number == len(names) else ","
        items = [json.dumps(item, ensure_ascii=False) for item in body[name]]
        lines += [f'  "{name}": [', "    " + ",\n    ".join(items), f"  ]{end}"] if items else [f'  "{name}": []{end}']
    assert text == "\n".join([*lines, "}"]) + "\n"
    grants = body["grants"] if by_account is None else [g for account in body["accounts"] for g in account["grants"]]
    # and 12 of the account's root user, allowed every one, where the inputs model the account
    expected = {1: 13, 2: 24}.get(len(principals), 0) if not include_denied else 12 * (len(principals) + 1) * bool(principals)
    assert len(grants) == expected

# --- the real AWS managed policies --------------------------------------------------------

POLICIES = CORPUS / "managed-policies"


def managed(name: str) -> Principal:
    if not POLICIES.is_dir():
        pytest.skip("corpus not available")
    (principal,) = aws_iam.normalise(load_file(str(POLICIES / f"{name}.json"))).principals
    return principal


TRAILS = (MAIN,
          Trail(name="AWSMacieTrail-DO-NOT-EDIT", account=ACCOUNT, region="eu-west-1"),
          Trail(name="aws-controltower-BaselineCloudTrail", account=ACCOUNT, region="eu-west-1"))
MACIE_ARN = f"arn:aws:cloudtrail:eu-west-1:{ACCOUNT}:trail/AWSMacieTrail-DO-NOT-EDIT"
TOWER_ARN = f"arn:aws:cloudtrail:eu-west-1:{ACCOUNT}:trail/aws-controltower-BaselineCloudTrail"


def stoppable(name: str) -> list[str]:
    principal = managed(name)
    result = analyse(Inventory(trails=TRAILS, principals=(principal,), account=ACCOUNT))
    return [g.trail for g in result.grants if g.action == STOP and g.decision is Decision.ALLOWED]


@pytest.mark.parametrize(("name", "expected"), [
    ("AWSCloudTrail_ReadOnlyAccess", []),
    ("ReadOnlyAccess", []),
    ("SecurityAudit", []),
    ("ViewOnlyAccess", []),
    ("AWSSupportServiceRolePolicy", []),
    ("SecurityLakeServiceLinkedRole", []),
    ("PowerUserAccess", [MAIN_ARN, MACIE_ARN, TOWER_ARN]),
    ("AdministratorAccess", [MAIN_ARN, MACIE_ARN, TOWER_ARN]),
    ("AWSCloudTrail_FullAccess", [MAIN_ARN, MACIE_ARN, TOWER_ARN]),
    ("AmazonMacieSetupRole", [MACIE_ARN]),
    ("AWSControlTowerServiceRolePolicy", [TOWER_ARN]),
])
def test_managed_policies_stop_logging(name: str, expected: list[str]) -> None:
    assert stoppable(name) == expected


def test_managed_policies_view() -> None:
    read_only = managed("AWSCloudTrail_ReadOnlyAccess")
    support = managed("AWSSupportServiceRolePolicy")    # spells it cloudtrail:describeTrails
    admin = managed("AdministratorAccess")
    result = analyse(Inventory(trails=TRAILS, principals=(read_only, support, admin), account=ACCOUNT))
    assert result.decision(read_only.id, MAIN_ARN, "cloudtrail:GetTrailStatus") is Decision.ALLOWED
    assert result.decision(read_only.id, ACCOUNT_WIDE, "cloudtrail:DescribeTrails") is Decision.ALLOWED
    assert result.decision(support.id, ACCOUNT_WIDE, "cloudtrail:DescribeTrails") is Decision.ALLOWED
    admin_grants = [g for g in result.grants if g.principal == admin.id]
    assert len(admin_grants) == 3 + 9 * len(TRAILS)
    assert {g.decision for g in admin_grants} == {Decision.ALLOWED}


def test_corpus_authorization_details_analyse() -> None:
    folder = CORPUS / "authorization-details"
    if not folder.is_dir():
        pytest.skip("corpus not available")
    admins = {}
    for path in sorted(folder.glob("*.json")):
        contents = aws_iam.normalise(load_file(str(path)))
        result = analyse(with_shipped(Inventory(trails=(Trail(name="main", region="us-east-1"),),
                                                principals=contents.principals, policies=contents.policies)))
        admins[path.name] = sorted({g.principal.rsplit(":", 1)[-1] for g in result.grants
                                    if g.action == STOP and g.decision is Decision.ALLOWED})
    # the user through group GOAT, and the group's row: what membership grants
    # and the account's root user, which no SCP of these inputs restricts
    assert admins["cloudsplaining-authz-v2-admin-group.json"] == ["group/GOAT", "root", "user/BlakeBortles"]
    assert admins["cloudmapper-demo-authz-details.json"] == ["role/bad_role", "root"]      # inline "Action": ["*"]


# --- the bit-mask evaluator agrees with iam.evaluate, request by request ----------------------

PATTERNS = st.sampled_from(["*", "cloudtrail:*", "cloudtrail:Stop*", "cloudtrail:*Logging", "CLOUDTRAIL:GETTRAIL",
                            "cloudtrail:Describe*", "s3:*", "iam:*"])
RESOURCES = st.sampled_from(["*", MAIN_ARN, "arn:aws:cloudtrail:*", f"arn:aws:cloudtrail:eu-west-1:{ACCOUNT}:trail/*",
                             "arn:aws:cloudtrail:*:*:trail/Main", f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/o?g",
                             "arn:aws:cloudtrail:*:${aws:PrincipalAccount}:trail/*", "${*}",
                             "arn:aws:cloudtrail:us-east-1:*:trail/${aws:username}",
                             "arn:aws:cloudtrail:*:*:trail/${aws:PrincipalTag/trail}",
                             "arn:aws:cloudtrail:*:*:trail/${aws:SourceIdentity, 'main'}"])
STATEMENTS = st.builds(
    lambda effect, negate_action, actions, negate_resource, resources, conditions, sid: Statement(
        effect, actions=() if negate_action else actions, not_actions=actions if negate_action else None,
        resources=() if negate_resource else resources, not_resources=resources if negate_resource else None,
        conditions=conditions, sid=sid),
    st.sampled_from(["Allow"] * 6 + ["Deny"] * 4 + ["deny", UNKNOWN]), st.sampled_from([False] * 4 + [True]),
    st.one_of(st.tuples(PATTERNS), st.tuples(PATTERNS, PATTERNS), st.just(UNKNOWN)),
    st.sampled_from([False] * 4 + [True]),
    st.one_of(st.tuples(RESOURCES), st.tuples(RESOURCES, RESOURCES), st.just((UNKNOWN,))),
    st.sampled_from([()] * 3 + [(Condition("Bool", "aws:SecureTransport", ("true",)),), UNKNOWN,
                                # conditions a principal settles (iam.conditions): the memos must keep them apart
                                (Condition("StringEquals", "aws:PrincipalTag/trail", ("org",)),),
                                (Condition("StringLike", "aws:PrincipalArn", ("arn:aws:iam::*:role/r1",)),),
                                (Condition("StringNotEquals", "aws:username", ("main",)),),
                                # values with policy variables the principal settles (a default where absent)
                                (Condition("StringEquals", "aws:username", ("${aws:PrincipalTag/trail, 'main'}",)),),
                                (Condition("StringLike", "aws:PrincipalArn", ("*/${aws:username, 'main'}",)),),
                                (Condition("Null", "aws:username", ("true",)),
                                 Condition("StringEquals", "aws:RequestedRegion", ("us-east-1",)))]),
    # a Sid twice in one policy makes IAM reject it as an identity-based policy or boundary, not as an
    # SCP: one policy drawn for both must be read apart (iam.repeated_sid)
    st.sampled_from([None, None, None, "A", "B"]))
POLICIES_ = st.one_of(st.builds(lambda s: Policy("p", tuple(s)), st.lists(STATEMENTS, min_size=1, max_size=3)),
                      st.just(Policy("u", UNKNOWN)),
                      st.just(Policy("full", (Statement("Allow", actions=("*",), resources=("*",)),))))
CANDIDATE_TRAILS = (MAIN, Trail(name="org", account=ACCOUNT, region="us-east-1"),
                    Trail(name="Main", account=ACCOUNT, region="eu-west-1"), Trail(name="somewhere", account=ACCOUNT))
TARGETS = st.sampled_from(["r-root", "ou-a", "ou-b", ACCOUNT, "999999999999", UNKNOWN])
ORGANIZATIONS = st.sampled_from([(), (OrgNode("111111111111", OrgNodeKind.MANAGEMENT),),
                                 (OrgNode(ACCOUNT, OrgNodeKind.ACCOUNT, "ou-a"), OrgNode("ou-a", OrgNodeKind.UNIT)),
                                 (OrgNode(ACCOUNT, OrgNodeKind.MANAGEMENT),)])
PRINCIPALS = st.sampled_from([
    {"kind": PrincipalKind.USER, "name": "main", "tags": (("trail", "org"),)},
    {"kind": PrincipalKind.USER, "name": "alice", "tags": UNKNOWN},
    {"kind": PrincipalKind.ROLE, "name": "main"},
    {"kind": PrincipalKind.GROUP, "name": "main"}])


@settings(max_examples=500, deadline=None)
@given(st.lists(POLICIES_, min_size=1, max_size=3), st.one_of(st.none(), st.none(), POLICIES_),
       st.lists(st.tuples(POLICIES_, st.lists(TARGETS, max_size=2)), max_size=3), ORGANIZATIONS, PRINCIPALS)
def test_masks_agree_with_evaluate(identity, boundary, scps, organization, principal) -> None:
    from trail_lint.iam.resolve import request_context
    from trail_lint.iam.scp_levels import levels
    from trail_lint.iam.scp_levels import organization as organization_of

    boundary = boundary if principal["kind"] is not PrincipalKind.GROUP else None   # groups have none
    who = Principal(id=f"arn:aws:iam::{ACCOUNT}:{principal['kind'].value}/{principal['name']}", account=ACCOUNT,
                    inline_policies=tuple(identity), boundary=boundary, **principal)
    inventory = Inventory(trails=CANDIDATE_TRAILS, principals=(who,), account=ACCOUNT, organization=organization,
                          scps=tuple(ServiceControlPolicy(policy, tuple(targets)) for policy, targets in scps))
    result = analyse(inventory)
    scp = levels(organization_of(inventory), ACCOUNT)
    context = request_context(who, ACCOUNT)
    # each trail with what it fixes about a request on it (its Region, for the actions performed only there)
    for bit, (key, resource) in enumerate(zip(result.trail_keys, result.resources)):
        for action in TRAIL_ACTIONS:
            expected = evaluate(tuple(identity), action, resource, boundary=boundary, scps=scp, context=context,
                                on=result.context_of(bit))
            assert result.decision(who.id, key, action) is expected.decision, (key, action)
    for action in GLOBAL_ACTIONS:
        expected = evaluate(tuple(identity), action, "*", boundary=boundary, scps=scp, context=context)
        assert result.decision(who.id, ACCOUNT_WIDE, action) is expected.decision, action


# Statements a Terraform dynamic block may make (Statement.maybe), some over one collection
# (Statement.made_over): there together, so an Allow tied to a Deny that surely applies grants nothing.
TIED_POLICIES = st.builds(
    lambda drawn: Policy("t", tuple(replace(statement, maybe=True, made_over=over) if over != "" else statement
                                    for statement, over in drawn)),
    st.lists(st.tuples(STATEMENTS, st.sampled_from(["", None, "g", "g", "h"])), min_size=1, max_size=4))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(TIED_POLICIES, POLICIES_), min_size=1, max_size=2), st.one_of(st.none(), TIED_POLICIES),
       st.lists(st.tuples(TIED_POLICIES, st.lists(TARGETS, max_size=2)), max_size=2), ORGANIZATIONS, PRINCIPALS)
def test_masks_agree_with_evaluate_on_statements_maybe_there(identity, boundary, scps, organization, principal) -> None:
    test_masks_agree_with_evaluate.hypothesis.inner_test(identity, boundary, scps, organization, principal)


@settings(max_examples=200, deadline=None)
@given(st.lists(POLICIES_, min_size=1, max_size=4), st.data())
def test_principals_sharing_policies_get_their_own_decisions(pool, data) -> None:
    # The analysis shares work between principals by the ids of their policies' bits: principals
    # drawn from one pool of policies (some the same, some equivalent, some not) must each get
    # the decisions of evaluating their own requests, under the SCPs over their account.
    from trail_lint.iam.resolve import request_context
    from trail_lint.iam.scp_levels import levels
    from trail_lint.iam.scp_levels import organization as organization_of

    principals = []
    for number in range(data.draw(st.integers(2, 5))):
        chosen = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3))
        boundary = data.draw(st.one_of(st.none(), st.sampled_from(pool)))
        # another account (other SCP levels, none of the trails), or a service-linked role (no SCPs)
        account, path = data.draw(st.sampled_from([(ACCOUNT, "")] * 3 + [("999999999999", ""),
                                                                        (ACCOUNT, "aws-service-role/")]))
        principals.append(Principal(id=f"arn:aws:iam::{account}:role/{path}r{number}", account=account,
                                    name=f"r{number}", kind=PrincipalKind.ROLE, inline_policies=tuple(chosen),
                                    boundary=boundary))
    scps = data.draw(st.lists(st.tuples(st.sampled_from(pool), st.lists(TARGETS, max_size=2)), max_size=2))
    inventory = Inventory(trails=CANDIDATE_TRAILS, principals=tuple(principals), account=ACCOUNT,
                          organization=data.draw(ORGANIZATIONS),
                          scps=tuple(ServiceControlPolicy(policy, tuple(targets)) for policy, targets in scps))
    result = analyse(inventory)
    for who in principals:
        assert who.account is not None
        context = request_context(who, who.account)
        scp = () if "aws-service-role" in who.id else levels(organization_of(inventory), who.account)
        boundary = who.boundary if isinstance(who.boundary, Policy) else None
        requests = [(key, resource, action, result.context_of(bit))
                    for bit, (key, resource) in enumerate(zip(result.trail_keys, result.resources))
                    for action in TRAIL_ACTIONS]
        requests += [(ACCOUNT_WIDE, "*", action, UNKNOWN_RESOURCE) for action in GLOBAL_ACTIONS]
        for key, resource, action, on in requests:
            expected = evaluate(who.inline_policies, action, resource, boundary=boundary, scps=scp, context=context,
                                on=on)
            if key != ACCOUNT_WIDE and who.account != ACCOUNT:    # another account's trail: out of reach
                assert result.decision(who.id, key, action) is Decision.DENIED
            else:
                assert result.decision(who.id, key, action) is expected.decision, (who.id, key, action)


# SCP statements that name some principals of an account by their ARN, or ask for a Region: the account's
# principals share its SCP levels, but not what those statements settle to for each (_Layers._levels)
GUARDRAILS = st.sampled_from([
    Statement("Deny", actions=("cloudtrail:StopLogging", "cloudtrail:DeleteTrail"), resources=("*",),
              conditions=(Condition("ArnNotLike", "aws:PrincipalArn", ("arn:aws:iam::*:role/admin",)),)),
    Statement("Deny", actions=("cloudtrail:UpdateTrail", "cloudtrail:GetTrail"), resources=(MAIN_ARN,),
              conditions=(Condition("StringLike", "aws:PrincipalArn", ("*/r1",)),)),
    Statement("Deny", not_actions=("iam:*",), resources=("*",),
              conditions=(Condition("StringNotEquals", "aws:RequestedRegion", ("eu-west-1",)),)),
    Statement("Deny", actions=("cloudtrail:*",), resources=("*",),
              conditions=(Condition("StringNotEquals", "aws:PrincipalArn", (f"arn:aws:iam::{ACCOUNT}:role/r2",)),
                          Condition("StringEquals", "aws:RequestedRegion", ("us-east-1",))))])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["admin", "r1", "r2", "r3"]), min_size=2, max_size=4, unique=True),
       st.lists(st.tuples(st.lists(GUARDRAILS, min_size=1, max_size=2), st.sampled_from(["r-root", "ou-a", ACCOUNT])),
                min_size=1, max_size=3))
def test_principals_under_scps_that_tell_them_apart_get_their_own_decisions(names, guardrails) -> None:
    from trail_lint.iam.resolve import request_context
    from trail_lint.iam.scp_levels import levels
    from trail_lint.iam.scp_levels import organization as organization_of

    principals = [Principal(id=f"arn:aws:iam::{ACCOUNT}:role/{name}", account=ACCOUNT, name=name,
                            kind=PrincipalKind.ROLE, inline_policies=(inline(ALL),)) for name in names]
    inventory = Inventory(trails=CANDIDATE_TRAILS, principals=tuple(principals), account=ACCOUNT,
                          organization=(OrgNode(ACCOUNT, OrgNodeKind.ACCOUNT, "ou-a"), OrgNode("ou-a", OrgNodeKind.UNIT)),
                          scps=tuple(ServiceControlPolicy(Policy(f"guardrail-{n}", (*statements, FULL_ACCESS)), (target,))
                                     for n, (statements, target) in enumerate(guardrails)))
    result = analyse(inventory)
    scp = levels(organization_of(inventory), ACCOUNT)
    for who in principals:
        context = request_context(who, ACCOUNT)
        for bit, (key, resource) in enumerate(zip(result.trail_keys, result.resources)):
            for action in TRAIL_ACTIONS:
                expected = evaluate(who.inline_policies, action, resource, scps=scp, context=context,
                                    on=result.context_of(bit))
                assert result.decision(who.id, key, action) is expected.decision, (who.id, key, action)
        for action in GLOBAL_ACTIONS:
            expected = evaluate(who.inline_policies, action, "*", scps=scp, context=context)
            assert result.decision(who.id, ACCOUNT_WIDE, action) is expected.decision, (who.id, action)


FULL_ACCESS = Statement("Allow", actions=("*",), resources=("*",))


@settings(max_examples=300, deadline=None)
@given(st.lists(POLICIES_, min_size=1, max_size=3), st.one_of(st.none(), POLICIES_),
       st.lists(st.tuples(POLICIES_, st.lists(TARGETS, max_size=2)), max_size=2), ORGANIZATIONS,
       st.lists(PRINCIPALS, min_size=1, max_size=3, unique_by=lambda p: (p["kind"], p["name"])), st.booleans())
def test_shared_reasons_are_those_of_evaluating_each_decision(identity, boundary, scps, organization, principals,
                                                               include_denied) -> None:
    """Reasons (evaluated once per group of trails, shared by principals) == AccessReport.grant, one by one."""

    who = tuple(Principal(id=f"arn:aws:iam::{ACCOUNT}:{p['kind'].value}/{p['name']}", account=ACCOUNT,
                          inline_policies=tuple(identity), origin=Origin("iam.json", ("Users", n)),
                          boundary=boundary if p["kind"] is not PrincipalKind.GROUP else None, **p)
                for n, p in enumerate(principals))
    inventory = Inventory(trails=CANDIDATE_TRAILS, principals=who, account=ACCOUNT, organization=organization,
                          scps=tuple(ServiceControlPolicy(policy, tuple(targets)) for policy, targets in scps))
    _assert_shared_reasons_are_each_decisions(analyse(inventory), include_denied, upper=True)


def _assert_shared_reasons_are_each_decisions(result, include_denied: bool, upper: bool = False) -> None:
    """Reasons(result) — grants with their reasons shared between decisions — equal AccessReport.grant of
    each decision, one by one (``upper``: the action asked in capitals, as IAM takes any case)."""
    from trail_lint.iam.reasons import Reasons

    slow = [result.grant(d.principal, d.trail, d.action) if d.decision is not Decision.DENIED or d.explicit
            else Grant(d.principal, d.trail, d.action, d.decision)
            for d in result.decisions(include_denied) if include_denied or d.decision is not Decision.DENIED]
    assert list(Reasons(result).grants(include_denied)) == slow
    explain = Reasons(result)
    for grant in slow:
        action = grant.action.upper() if upper else grant.action
        assert explain.grant(grant.principal, grant.trail, action) == result.grant(grant.principal, grant.trail, action)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([ACCOUNT, "210987654321", None]), st.lists(POLICIES_, min_size=1, max_size=2)),
                min_size=1, max_size=4), st.booleans())
def test_shared_reasons_over_several_accounts_are_those_of_evaluating_each_decision(drawn, include_denied) -> None:
    """Reasons grouped over each principal's view (its account's trails, or every trail for a principal of
    unknown account) == AccessReport.grant, one by one, with trails and principals of several accounts."""

    trails = (*CANDIDATE_TRAILS, Trail(name="main", account="210987654321", region="us-east-1"),
              Trail(name="theirs", account="210987654321", region="eu-west-1"), Trail(name="nowhere"))
    # a principal of unknown account: no account in its id either
    who = tuple(Principal(id=f"arn:aws:iam::{account}:role/r{n}" if account else f"r{n}", kind=PrincipalKind.ROLE,
                          name=f"r{n}",
                          account=account, inline_policies=tuple(policies), origin=Origin("iam.json", ("Roles", n)))
                for n, (account, policies) in enumerate(drawn))
    _assert_shared_reasons_are_each_decisions(analyse(Inventory(trails=trails, principals=who)), include_denied)


def test_an_scp_exempting_one_role_by_arn_is_decided_per_role() -> None:
    # The SCP levels' Bits are shared by the principals whose requests give the keys its conditions
    # read the same values: the exempted role, before and after the others, keeps its own decision.
    exempt = Policy("exempt", (Statement("Deny", actions=(STOP,), resources=("*",), conditions=(
        Condition("ArnNotLike", "aws:PrincipalArn", (f"arn:aws:iam::{ACCOUNT}:role/admin",)),)),))
    names = ("ops", "admin", "audit", "Admin")
    roles = tuple(Principal(id=f"arn:aws:iam::{ACCOUNT}:role/{name}", kind=PrincipalKind.ROLE, name=name,
                            account=ACCOUNT, inline_policies=(inline(ALL),)) for name in names)
    inventory = Inventory(trails=(MAIN,), principals=roles, account=ACCOUNT,
                          organization=(OrgNode("111111111111", OrgNodeKind.MANAGEMENT),
                                        OrgNode(ACCOUNT, OrgNodeKind.ACCOUNT, "r-root")),
                          scps=(ServiceControlPolicy(FULL_AWS_ACCESS, ("r-root",)),
                                ServiceControlPolicy(exempt, ("r-root",))))
    result = analyse(inventory)
    assert [result.decision(role.id, MAIN_ARN, STOP) for role in roles] == [
        Decision.DENIED, Decision.ALLOWED, Decision.DENIED, Decision.DENIED]
    assert [result.decision(role.id, MAIN_ARN, "cloudtrail:StartLogging") for role in roles] == [Decision.ALLOWED] * 4


# --- the access rules on inventories built in code ----------------------------------------

def run_rule(module: str, inventory: Inventory, *options, now: float | None = None) -> list[str]:
    """``now``: the time of the run (engine.run reads the clock once; without it no request at a time is tried)."""
    import importlib
    rule = importlib.import_module(f"trail_lint.rules.{module}").RULE
    return [problem.message for problem in check_inventory(rule, inventory, *(options or (None,)), now=now)]


def test_a_statement_with_an_invalid_effect_grants_nothing() -> None:
    """Effect is case-sensitive; the engine reports such a statement as TL001 (tests/test_cli.py)."""
    lower = Statement("allow", actions=("cloudtrail:*",), resources=("*",), sid="Lower")
    result = report(user("alice", inline(lower)))
    assert result.decision(f"arn:aws:iam::{ACCOUNT}:user/alice", MAIN_ARN, STOP) is Decision.DENIED


def test_a_guardrail_deny_in_a_policy_iam_rejects_protects_nothing() -> None:
    """IAM rejects a policy with a statement outside the grammar: its guardrail Deny never exists."""
    stop = Statement("Allow", actions=(STOP,), resources=("*",), sid="Stop")
    guard = Statement("Deny", actions=(STOP,), resources=("*",), sid="Guard")
    broken = Statement("Deny", actions=("s3:*",), not_actions=("iam:*",), sid="Broken")
    alice = f"arn:aws:iam::{ACCOUNT}:user/alice"
    assert report(user("alice", inline(stop), inline(guard, name="guard"))).decision(alice, MAIN_ARN, STOP) \
        is Decision.DENIED
    result = report(user("alice", inline(stop), inline(guard, broken, name="guard")))
    assert result.decision(alice, MAIN_ARN, STOP) is Decision.ALLOWED
    # a statement whose Effect is not known, in a rejected policy: at most a grant, never a Deny
    maybe = Statement(UNKNOWN, actions=(STOP,), resources=("*",), sid="Maybe")
    assert report(user("alice", inline(maybe, broken))).decision(alice, MAIN_ARN, STOP) is Decision.UNKNOWN
    assert report(user("alice", inline(stop), inline(maybe, broken, name="guard"))).decision(alice, MAIN_ARN, STOP) \
        is Decision.ALLOWED
    assert report(user("alice", inline(stop), inline(maybe, name="guard"))).decision(alice, MAIN_ARN, STOP) \
        is Decision.UNKNOWN


def test_a_guardrail_deny_beside_a_repeated_sid_protects_nothing_in_iam_policies_only() -> None:
    """IAM wants each Sid unique within a policy (reference_policies_elements_sid.html): an identity
    policy or boundary with one Sid twice never exists; an SCP is not held to it."""
    stop = Statement("Allow", actions=(STOP,), resources=("*",), sid="Stop")
    guard = Statement("Deny", actions=(STOP,), resources=("*",), sid="Guard")
    twice = Statement("Allow", actions=("s3:GetObject",), resources=("*",), sid="Guard")
    alice = f"arn:aws:iam::{ACCOUNT}:user/alice"
    assert report(user("alice", inline(stop), inline(guard, twice, name="guard"))).decision(alice, MAIN_ARN, STOP) \
        is Decision.ALLOWED
    assert report(user("alice", inline(stop, guard, twice), boundary=inline(ALL, guard, twice, name="b"))).decision(
        alice, MAIN_ARN, STOP) is Decision.ALLOWED
    unnamed = Statement("Allow", actions=("s3:GetObject",), resources=("*",))
    empty = Statement("Allow", actions=("s3:GetObject",), resources=("*",), sid="")
    assert report(user("alice", inline(stop), inline(guard, unnamed, unnamed, empty, empty, name="guard"))
                  ).decision(alice, MAIN_ARN, STOP) is Decision.DENIED


def test_a_guardrail_deny_beside_a_statement_without_resource_protects_nothing() -> None:
    """"Statements must include either a Resource or a NotResource element" (reference_policies_elements_resource.html):
    such an identity policy or boundary never exists; a role's trust policy has no Resource and is not one."""
    stop = Statement("Allow", actions=(STOP,), resources=("*",), sid="Stop")
    guard = Statement("Deny", actions=(STOP,), resources=("*",), sid="Guard")
    bare = Statement("Deny", actions=("cloudtrail:DeleteTrail",), sid="Bare")
    alice = f"arn:aws:iam::{ACCOUNT}:user/alice"
    assert report(user("alice", inline(stop), inline(guard, bare, name="guard"))).decision(alice, MAIN_ARN, STOP) \
        is Decision.ALLOWED
    assert report(user("alice", inline(stop), boundary=inline(ALL, guard, bare, name="b"))).decision(
        alice, MAIN_ARN, STOP) is Decision.ALLOWED
    assert report(user("alice", inline(stop), inline(guard, name="guard"))).decision(alice, MAIN_ARN, STOP) \
        is Decision.DENIED


def test_tl403_says_nothing_of_a_statement_that_names_no_resource() -> None:
    """No Resource at all is no scoping: without the element IAM rejects the policy (TL001,
    reference_policies_elements_resource.html), and an empty list names nothing."""
    for statement in (Statement("Allow", actions=("cloudtrail:ListTrails",), sid="S"),
                      Statement("Allow", actions=("cloudtrail:ListTrails",), sid="S", written_empty=("Resource",))):
        assert run_rule("tl403_resource_level_unsupported", Inventory(principals=(user("alice", inline(statement)),))) \
            == []


def test_tl403_applies_without_trails() -> None:
    scoped = Statement("Allow", actions=("cloudtrail:ListTrails", "cloudtrail:*"), resources=(MAIN_ARN,), sid="S")
    inventory = Inventory(principals=(user("alice", inline(scoped)),))
    assert run_rule("tl403_resource_level_unsupported", inventory) == [
        ("statement 'S' of policy inline allows cloudtrail:ListTrails only on specific resources, but these actions "
        "support no resource-level permission: nothing is granted for them")]


def test_tl401_ignores_conditional_grants_and_tl406_unknown_start() -> None:
    conditional = Statement("Allow", actions=("cloudtrail:*",), resources=("*",), conditions=UNKNOWN)
    stop = Statement("Allow", actions=(STOP,), resources=("*",))
    maybe_start = Statement("Allow", actions=("cloudtrail:StartLogging",), resources=UNKNOWN)
    inventory = Inventory(trails=(MAIN,), account=ACCOUNT,
                          principals=(user("alice", inline(conditional)), user("bob", inline(stop, maybe_start))))
    assert run_rule("tl401_can_tamper_with_trail", inventory) == ["user bob can StopLogging on 'main'"]
    assert run_rule("tl406_stop_without_start", inventory) == []


def test_tl405_options_and_unknown_decisions() -> None:
    from trail_lint.rules.tl405_access_intent_violated import (
        Intent,
        Options,
        options_from_config,
    )
    options = options_from_config([{"principals": ["*alice"], "must_not": ["stop"]},
                                   {"principals": ["bob"], "trails": ["arn:*:trail/main"], "may": ["view"]}])
    assert options == Options((Intent(("*alice",), ("*",), (), ("stop",)),
                               Intent(("bob",), ("arn:*:trail/main",), ("view",), ())))
    unknown = Policy("u", UNKNOWN)
    inventory = Inventory(trails=(MAIN,), account=ACCOUNT,
                          principals=(user("alice", unknown), user("bob", inline(ALL))))
    assert run_rule("tl405_access_intent_violated", inventory, options) == [
        "user alice breaks access intent 1: must not stop 'main' but this cannot be ruled out offline"]


def test_tl405_checks_an_intent_on_the_trails_of_the_principals_account() -> None:
    """No policy grants another account's trail: "may view *" is not failed by it, and what the finding
    says of the principal's account is the same whichever other accounts' trails the run holds."""
    from trail_lint.rules.tl405_access_intent_violated import Intent, Options

    own = [Trail(name=f"own-{i}", account=ACCOUNT, region="us-east-1", origin=Origin("a.json", ("trailList", i)))
           for i in range(3)]
    theirs = Trail(name="theirs", account="210987654321", region="us-east-1", origin=Origin("b.json", ("trailList", 0)))
    deny = Statement("Deny", actions=("cloudtrail:Get*",), resources=(MAIN_ARN.replace("main", "own-0"),))
    options = Options((Intent(("*",), ("*",), may=("view",), must_not=("stop",)),))
    stop = f"must not stop all 3 trails of account {ACCOUNT} but can"
    for statements, gaps in (((ALL, deny), f"may view 'own-0' but cannot; {stop}"), ((ALL,), stop)):
        alice = user("alice", inline(*statements))
        messages = [f"user alice breaks access intent 1: {gaps}"]
        for trails in (own, [*own, theirs], [theirs, *own]):
            inventory = Inventory(trails=tuple(trails), principals=(alice,))
            assert run_rule("tl405_access_intent_violated", inventory, options) == messages


def test_tl407_conditional_deny_and_scps() -> None:
    guard = Policy("guard", (Statement("Deny", actions=("cloudtrail:*",), resources=("*",), sid="Guard",
                                       conditions=(Condition("StringNotLike", "aws:PrincipalArn", ("x",)),)),
                             Statement("Deny", actions=(STOP,), resources=(MAIN_ARN.replace("main", "Main"),),
                                       sid="Typo")))
    inventory = Inventory(trails=(MAIN,), account=ACCOUNT, scps=(ServiceControlPolicy(guard, ("r-root",)),))
    assert run_rule("tl407_deny_guardrail_gap", inventory) == [
        ("deny statement 'Guard' of policy guard on StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors is "
        "conditional: it exempts principals matching 'x'"),
        "deny statement 'Typo' of policy guard on StopLogging does not cover 'main' of account 123456789012"]
    assert run_rule("tl404_trail_arn_matches_no_trail", inventory) == [
        ("trail ARN 'arn:aws:cloudtrail:us-east-1:123456789012:trail/Main' in statement 'Typo' of policy guard matches "
        f"no known trail (did you mean '{MAIN_ARN}'?)")]


def test_tl407_a_deny_aimed_at_the_root_user_says_whom_it_applies_to() -> None:
    # cloudposse's and other SCP libraries' "deny the root user": the Deny applies only to principals
    # matching the pattern, and leaves every other principal free to stop the trail
    for operator in ("ArnLike", "StringLike", "ArnEquals", "StringEqualsIfExists"):
        root = Policy("deny-root", (Statement("Deny", actions=("cloudtrail:*",), resources=("*",), sid="DenyRoot",
                                              conditions=(Condition(operator, "aws:PrincipalArn",
                                                                    ("arn:aws:iam::*:root",)),)),))
        inventory = Inventory(trails=(MAIN,), account=ACCOUNT, scps=(ServiceControlPolicy(root, ("r-root",)),))
        assert run_rule("tl407_deny_guardrail_gap", inventory) == [
            ("deny statement 'DenyRoot' of policy deny-root on StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors "
             "is conditional: it applies only to principals matching 'arn:aws:iam::*:root'")], operator


def test_tl404_a_cloudtrail_arn_without_a_resource_type_names_no_trail() -> None:
    # A trail's ARN is arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME (API StopLogging); the other
    # resource types (eventdatastore/, channel/, dashboard/) and patterns are not trail typos.
    untyped = MAIN_ARN.replace("trail/", "")
    others = (MAIN_ARN.replace("trail/main", "eventdatastore/EXAMPLE-f852"), MAIN_ARN.replace("trail/main", "*"),
              MAIN_ARN.replace("trail/main", "ma*"), MAIN_ARN.replace("trail/main", "dashboard/d"))
    for resources, expected in (((untyped,), [
            (f"trail ARN '{untyped}' in statement 'Typo' of policy ops-inline matches no known trail (did you mean "
            f"'{MAIN_ARN}'?)")]), (others, [])):
        ops = user("ops", inline(Statement("Allow", actions=(STOP,), resources=resources, sid="Typo"), name="ops-inline"))
        inventory = Inventory(trails=(MAIN,), account=ACCOUNT, principals=(ops,))
        assert run_rule("tl404_trail_arn_matches_no_trail", inventory) == expected


def test_tl407_compares_a_deny_only_with_the_trails_its_policy_governs() -> None:
    other = "210987654321"
    theirs = Trail(name="theirs", account=other, region="us-east-1", origin=Origin("trails.json", ("trailList", 1)))
    # A trail of unknown account (and no --account): any principal may act on it.
    nowhere = Trail(name="nowhere", account=UNKNOWN, region="us-east-1", origin=Origin("trails.json", ("trailList", 2)))
    only_main = (MAIN_ARN,)
    own = inline(Statement("Deny", actions=(STOP,), resources=only_main, sid="Own"), name="own")
    # Attached to no principal of the inputs: the account of its ARN.
    loose = Policy("loose", (Statement("Deny", actions=(STOP,), resources=only_main, sid="Loose"),),
                   arn=f"arn:aws:iam::{other}:policy/loose")
    # A principal of unknown account may act on every trail.
    anywhere = Principal(id="doc.json", kind=PrincipalKind.DOCUMENT, name="doc.json", inline_policies=(
        inline(Statement("Deny", actions=(STOP,), resources=only_main, sid="Anywhere"), name="anywhere"),))
    scp = Policy("guard", (Statement("Deny", actions=(STOP,), resources=only_main, sid="Scp"),))
    organization = (OrgNode("r-root", OrgNodeKind.ROOT), OrgNode(ACCOUNT, OrgNodeKind.ACCOUNT, parent="r-root"),
                    OrgNode(other, OrgNodeKind.MANAGEMENT, parent="r-root"))
    inventory = Inventory(trails=(MAIN, theirs, nowhere), principals=(user("alice", own), anywhere),
                          policies=(loose,), organization=organization,
                          scps=(ServiceControlPolicy(scp, ("r-root",)),))
    assert sorted(run_rule("tl407_deny_guardrail_gap", inventory)) == [
        # one finding per account of the trails missed (a trail of no known account: without one)
        "deny statement 'Anywhere' of policy anywhere on StopLogging does not cover 'nowhere'",
        "deny statement 'Anywhere' of policy anywhere on StopLogging does not cover 'theirs' of account 210987654321",
        "deny statement 'Loose' of policy loose on StopLogging does not cover 'nowhere'",
        "deny statement 'Loose' of policy loose on StopLogging does not cover 'theirs' of account 210987654321",
        # Not 'theirs': alice's account cannot act on another account's trails.
        "deny statement 'Own' of policy own on StopLogging does not cover 'nowhere'",
        # Not 'theirs': SCPs never restrict the management account.
        "deny statement 'Scp' of policy guard on StopLogging does not cover 'nowhere'"]


RULE_MODULES = ("tl401_can_tamper_with_trail", "tl402_tamper_on_every_trail", "tl403_resource_level_unsupported",
                "tl404_trail_arn_matches_no_trail", "tl405_access_intent_violated", "tl406_stop_without_start",
                "tl407_deny_guardrail_gap")


@settings(max_examples=60, deadline=None)
@given(st.lists(POLICIES_, min_size=1, max_size=3))
def test_access_rules_never_crash_on_unknowns(policies) -> None:
    from trail_lint.rules.tl405_access_intent_violated import Intent, Options
    unknown_trail = Trail(name=UNKNOWN, account=UNKNOWN, region=UNKNOWN)
    inventory = Inventory(trails=(*CANDIDATE_TRAILS, unknown_trail), principals=(user("alice", *policies),),
                          policies=tuple(policies), account=ACCOUNT,
                          scps=(ServiceControlPolicy(policies[0], ("r-root",)),))
    options = Options((Intent(("*",), ("*",), ("view", "stop"), ("delete",)),))
    for module in RULE_MODULES:
        extra = (options,) if module.startswith("tl405") else ()
        assert all(isinstance(message, str) for message in run_rule(module, inventory, *extra))


@pytest.mark.parametrize(("resource", "where"), [
    ("*", ""),
    ("arn:aws:cloudtrail:*", ""),
    ("arn:aws:cloudtrail:*:*:trail/*", ""),
    (f"arn:aws:cloudtrail:*:{ACCOUNT}:trail/*", f" of account {ACCOUNT}"),
    (f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/*", f" of account {ACCOUNT}, in Region us-east-1"),
    (f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/app-*", None),
    (MAIN_ARN, None),
])
def test_tl402_every_trail(resource: str, where: str | None) -> None:
    stop = Statement("Allow", actions=(STOP,), resources=(resource,), sid="S")
    messages = run_rule("tl402_tamper_on_every_trail", Inventory(principals=(user("alice", inline(stop)),)))
    assert messages == ([f"statement 'S' of policy inline allows StopLogging on every trail{where}"]
                        if where is not None else [])


# --- certain answers where part of a policy is unknown (issue 10, point 7) --------------------

def _access(folder: Path, principal: str) -> dict[str, Decision]:
    from trail_lint.config import Config
    from trail_lint.engine import run
    from trail_lint.registry import all_rules

    result = run([str(folder)], Config(region="us-east-1", account=ACCOUNT), all_rules())
    report = analyse(result.inventory)
    found = {a.split(":")[1]: report.decision(principal, ACCOUNT_WIDE, a) for a in GLOBAL_ACTIONS}
    found.update({a.split(":")[1]: report.decision(principal, MAIN_ARN, a) for a in TRAIL_ACTIONS})
    return found


def test_cloudformation_statements_are_decided_one_by_one(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text('''
Parameters:
  Strict: {Type: String, AllowedValues: ["yes", "no"]}
Conditions:
  IsStrict: !Equals [!Ref Strict, "yes"]
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties: {TrailName: main, IsLogging: true, S3BucketName: logs}
  Reader:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: read
          PolicyDocument:
            Statement:
              - {Effect: Allow, Action: iam:GetRole, Resource: "*"}
              - !If [IsStrict, {Effect: Allow, Action: iam:ListRoles, Resource: "*"}, !Ref AWS::NoValue]
  Operator:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: operate
          PolicyDocument:
            Statement:
              - !If [IsStrict, !Ref AWS::NoValue, {Effect: Allow, Action: cloudtrail:StartLogging, Resource: "*"}]
              - Effect: Allow
                Action: [cloudtrail:StopLogging, cloudtrail:DescribeTrails]
                Resource: !Sub "arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/main"
              - Effect: Allow
                Action: [cloudtrail:GetTrail, cloudtrail:ListTrails]
                Resource: !GetAtt Trail.Arn
              - Effect: Allow
                Action: [cloudtrail:LookupEvents]
                Resource: !Join [":", [arn, !Ref AWS::Partition, cloudtrail, !Ref AWS::Region, !Ref AWS::AccountId, trail/x]]
''')
    reader = _access(tmp_path, "Reader")
    assert set(reader.values()) == {Decision.DENIED}, reader       # iam:GetRole only, whatever IsStrict is
    operator = _access(tmp_path, "Operator")
    # account-wide actions are certainly not granted on a trail ARN, whatever its unknown parts
    assert operator["DescribeTrails"] is operator["ListTrails"] is operator["LookupEvents"] is Decision.DENIED
    assert operator["StartLogging"] is Decision.CONDITIONAL        # only if the stack is not strict
    # the pseudo parameters come from --region/--account: the Sub is this trail's ARN
    assert operator["StopLogging"] is Decision.ALLOWED
    # !GetAtt Trail.Arn is this trail's ARN (its TrailName is main), whatever the stack's account
    assert operator["GetTrail"] is Decision.ALLOWED
    assert operator["DeleteTrail"] is Decision.DENIED


def test_terraform_configuration_keeps_the_known_statements(tmp_path: Path) -> None:
    # the trail's ARN is known only after apply, and the reference names it whatever it is; the other
    # statement is known
    (tmp_path / "main.tf").write_text('''
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "logs"
}
resource "aws_iam_role" "reader" {
  name               = "reader"
  assume_role_policy = "{}"
}
resource "aws_iam_role_policy" "reader" {
  role = aws_iam_role.reader.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:GetRole"], Resource = "*" },
      { Effect = "Allow", Action = ["cloudtrail:StopLogging"], Resource = aws_cloudtrail.main.arn },
    ]
  })
}
''')
    reader = _access(tmp_path, "aws_iam_role.reader")
    assert reader["StopLogging"] is Decision.ALLOWED
    assert {action for action, decision in reader.items() if decision is not Decision.DENIED} == {"StopLogging"}


# --- groups in the access report (issue 10, point 10) ---------------------------------------------

def test_groups_are_listed_with_what_membership_grants() -> None:
    ops = Principal(id=f"arn:aws:iam::{ACCOUNT}:group/ops", kind=PrincipalKind.GROUP, name="ops", account=ACCOUNT,
                    inline_policies=(inline(Statement("Allow", actions=("cloudtrail:StopLogging",),
                                                      resources=("*",))),))
    idle = Principal(id=f"arn:aws:iam::{ACCOUNT}:group/idle", kind=PrincipalKind.GROUP, name="idle", account=ACCOUNT)
    result = report(user("alice", groups=("ops",)), ops, idle)
    text = render_access(result, "text")
    assert "  arn:aws:iam::123456789012:group/ops (group)   ✗      ✗     ✓      ✗         ✗         ✗        ✗\n" in text
    assert "group/idle" not in text          # a group that grants nothing has no row, as a user would not
    assert text.endswith("(group): what membership of the group grants its users, before a user's permissions "
                         "boundary and own Deny statements\n")
    body = json.loads(render_access(result, "json"))
    assert {(g["principal"], g["action"]) for g in body["grants"]} == {
        (f"arn:aws:iam::{ACCOUNT}:user/alice", STOP), (ops.id, STOP)} | {
        (f"arn:aws:iam::{ACCOUNT}:root", action) for action in (*TRAIL_ACTIONS, *GLOBAL_ACTIONS)}
    assert [p["kind"] for p in body["principals"]] == ["user", "group", "group", "root"]
    with_denied = render_access(result, "text", include_denied=True)
    assert "group/idle (group)" in with_denied


# --- placing the reasons of a report (issue 11, point 5) --------------------------------------

@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("include_denied", [False, True])
def test_places_are_found_together_before_they_are_written(fmt: str, include_denied: bool) -> None:
    """Every place the report writes was handed to locate_together first (one pass per file, not a
    walk from the root of the file per place), and the report is the one that placing each gives."""
    from trail_lint.config import Config
    from trail_lint.engine import run
    from trail_lint.registry import rule_by_id

    def read():
        return run([str(ROOT / "examples")], Config(), [rule_by_id("TL000"), rule_by_id("TL001")])
    result = read()
    report = analyse(result.inventory)
    together: set = set()
    asked: list = []

    def locate(at):
        asked.append(at)
        return result.locate(at)

    def locate_together(ats):
        ats = list(ats)
        together.update(ats)
        result.locate_together(ats)

    batched = render_access(report, fmt, include_denied=include_denied, locate=locate,
                            locate_together=locate_together)
    assert asked and set(asked) <= together
    assert any(at.path for at in asked)      # places inside the files, not only whole files
    each = read()      # a run of its own: nothing of it placed in advance
    assert batched == render_access(analyse(each.inventory), fmt, include_denied=include_denied, locate=each.locate)
