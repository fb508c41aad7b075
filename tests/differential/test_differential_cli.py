"""`trail-lint access --format json --all` against @cloud-copilot/iam-simulate: the product surface.

Each random case (iam_cases.access_cases: a user with a group or two or a role, inline policies, an AWS
managed policy attached by ARN, customer managed policies attached to the principal and its groups,
a permissions boundary, SCPs over three or four levels, conditions) is written as the inputs a user has:
- a Terraform plan (aws_iam_user/_role/_group with their policies, attachments, membership and boundary,
  aws_organizations_* for the organization, its SCPs and attachments, aws_cloudtrail trails),
  a policy of one statement written without a list (written);
- `aws iam get-account-authorization-details` output next to `aws cloudtrail describe-trails`
  output (no SCPs: that output has none).
The command runs in-process (its rows sometimes grouped by account, `--group-by account`); every decision it prints for the principal (and for its group: what
membership grants), on every trail and for every action, is compared with the simulator as in test_differential_access.py: "allowed" and
"denied" must hold whatever the conditions do, "conditional" must be changed by some of them, and
by a real request context where one exists for every way the conditions can go.

test_fuzzed_policies_agree_with_iam_simulate draws every policy (identity, group, boundary, SCPs)
from iam_cases.fuzzed_statements: Allow and Deny, Action/NotAction and Resource/NotResource as
strings, lists and lists with duplicates, Sids, trails of other accounts, Regions and partitions,
and Condition blocks of several operators and keys (IfExists, Null, ForAllValues/ForAnyValue,
aws:RequestedRegion, aws:PrincipalOrgID, aws:ResourceTag/env, aws:TagKeys (which no request of a
trail action carries), principal tags, keys no request carries and an operator IAM does not know). Its examples are fixed (derandomize) so
that CI stays stable; `TRAIL_LINT_DIFFERENTIAL_EXAMPLES=300` runs that many random ones instead.
What the simulator and the documentation disagree on (each settled by trail-lint's tests from the
documentation, not compared here):
- a Condition operator IAM does not know (`StringMatches`): IAM rejects such a policy, the
  simulator reads the condition as false; trail-lint leaves an Allow with it unknown and reads the
  document's Deny statements as protecting nothing, as the simulator is given them
  (iam_simulator.accepted; https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html);
- a condition key the simulator does not know (cloudtrail:TrailName, aws:NoSuchKey) it drops
  from the request context; trail-lint reads cloudtrail: keys as absent (CloudTrail has none:
  https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudtrail.html) and
  other unknown keys as request context.
"""
from __future__ import annotations

import json
from pathlib import Path

import iam_cases as cases
import pytest
from hypothesis import given
from hypothesis import strategies as st
from iam_simulator import (
    available,
    names_principal,
    operator_in_another_case,
    rejected,
    repeated_sid,
    sid_outside_alphabet,
    simulate,
    statements_of,
    unknown_operator,
    without_resource,
)

from trail_lint.cli import main

pytestmark = pytest.mark.differential

if not available():
    pytest.skip("node or @cloud-copilot/iam-simulate is not installed", allow_module_level=True)

ACCOUNT = cases.ACCOUNT
# The access report's actions: on a trail, and without resource-level permissions (on "*")
# (Service Authorization Reference: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudtrail.html).
TRAIL_ACTIONS = ("cloudtrail:StartLogging", "cloudtrail:StopLogging", "cloudtrail:UpdateTrail", "cloudtrail:DeleteTrail",
                 "cloudtrail:PutEventSelectors", "cloudtrail:PutInsightSelectors", "cloudtrail:GetTrail",
                 "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors")
STAR_ACTIONS = ("cloudtrail:DescribeTrails", "cloudtrail:ListTrails", "cloudtrail:LookupEvents")
# Regions, names with . _ -, another account, another partition
TRAILS = tuple(cases.TRAIL_ARNS[index] for index in (0, 3, 4, 5, 6))
# AWS managed policies without conditions, attached by ARN: trail-lint resolves them from the dated
# copy it ships (trail_lint/data/managed-policies.json), the simulator gets that copy's documents.
MANAGED = ("AWSCloudTrail_ReadOnlyAccess", "AWSCloudTrailReadOnlyAccess", "AdministratorAccess", "PowerUserAccess",
           "ReadOnlyAccess", "SecurityAudit", "job-function/SystemAdministrator", "job-function/ViewOnlyAccess")
MANAGED_COPY = Path(__file__).resolve().parents[2] / "trail_lint" / "data" / "managed-policies.json"
# The trails of a plan written without tags: their tags are known, none
NO_TAGS: dict[str, dict[str, str]] = {arn: {} for arn in TRAILS}


def managed_document(name: str) -> dict[str, object]:
    return json.loads(MANAGED_COPY.read_text())["policies"][f"arn:aws:iam::aws:policy/{name}"]["document"]


def _principal_arn(case: dict) -> str:
    kind, name, _ = case["principal"]
    return cases.principal_arn(kind, name)


def _change(address: str, values: dict[str, object], actions: tuple[str, ...] = ("no-op",)) -> dict[str, object]:
    kind, name = address.rsplit(".", 1)
    return {"address": address, "mode": "managed", "type": kind, "name": name,
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": list(actions), "before": values,
                       "after": None if actions == ("delete",) else values, "after_unknown": {}}}


def written(document: dict[str, object]) -> str:
    """A policy document's text in a plan, a single statement written without a list, as the
    grammar allows and people often write it (get-account-authorization-details output keeps lists)."""
    statements = document["Statement"]
    if isinstance(statements, list) and len(statements) == 1:
        document = {**document, "Statement": statements[0]}
    return json.dumps(document)


def terraform_plan(case: dict, trail_tags: dict[str, dict[str, str]] | None = None) -> dict[str, object]:
    """``trail_tags``: each trail's tags (tags_all), by ARN; none where not given."""
    kind, name, tags = case["principal"]
    changes = []
    for index, arn in enumerate(TRAILS):
        region = arn.split(":")[3]
        own = (trail_tags or {}).get(arn)
        changes.append(_change(f"aws_cloudtrail.t{index}", {
            "name": arn.rsplit("/", 1)[1], "arn": arn, "home_region": region, "s3_bucket_name": "logs",
            "is_multi_region_trail": False, "enable_log_file_validation": True,
            **({"tags": own, "tags_all": own} if own is not None else {})}))
    principal = {"name": name, "arn": _principal_arn(case), "path": f"/{cases.PATHS.get(name, '')}"}
    if case["boundary"]:
        boundary_arn = f"arn:aws:iam::{ACCOUNT}:policy/boundary"
        changes.append(_change("aws_iam_policy.boundary", {"name": "boundary", "arn": boundary_arn,
                                                           "policy": written(case["boundary"])}))
        principal["permissions_boundary"] = boundary_arn
    if kind == "user":
        changes.append(_change("aws_iam_user.who", {**principal, "tags": tags, "tags_all": tags,
                                                    "unique_id": cases.user_id(name)}))
        for group in _groups(case):
            changes.append(_change(f"aws_iam_group.{group}", {"name": group, "arn": f"arn:aws:iam::{ACCOUNT}:group/{group}"}))
        changes.append(_change("aws_iam_user_group_membership.who", {"user": name, "groups": list(_groups(case))}))
        changes += [_change(f"aws_iam_group_policy.{group[0]}{index}", {"name": f"{group[0]}{index}", "group": group,
                                                                        "policy": written(document)})
                    for group, documents in _groups(case).items() for index, document in enumerate(documents)]
    else:
        changes.append(_change("aws_iam_role.who", {**principal, "assume_role_policy": "{}"}))
    changes += [_change(f"aws_iam_{kind}_policy.p{index}", {"name": f"p{index}", kind: name,
                                                            "policy": written(document)})
                for index, document in enumerate(case["own"])]
    if case["managed_name"]:
        changes.append(_change(f"aws_iam_{kind}_policy_attachment.managed", {
            kind: name, "policy_arn": f"arn:aws:iam::aws:policy/{case['managed_name']}"}))
    for index, (document, targets) in enumerate(zip(case.get("attached", []), case.get("targets", []))):
        changes.append(_change(f"aws_iam_policy.m{index}", {"name": f"m{index}", "arn": _attached_arn(index),
                                                           "policy": written(document)}))
        for target in targets:
            if target == "self":
                changes.append(_change(f"aws_iam_{kind}_policy_attachment.m{index}", {
                    kind: name, "policy_arn": _attached_arn(index)}))
            elif kind == "user":
                changes.append(_change(f"aws_iam_group_policy_attachment.m{index}-{target}", {
                    "group": target, "policy_arn": _attached_arn(index)}))
    if case["levels"]:
        changes += [
            _change("aws_organizations_organization.org", {"id": "o-abc", "master_account_id": cases.MANAGEMENT,
                                                           "roots": [{"id": "r-root"}]}),
            *(_change(f"aws_organizations_account.{node}" if node == ACCOUNT else
                      f"aws_organizations_organizational_unit.{node}", {"id": node, "parent_id": parent})
              for node, parent in cases.level_parents(case))]
    for level, target in zip(case["levels"], cases.level_targets(case)):
        for index, document in enumerate(level["scps"]):
            policy_id = f"p-{target}-{index}"
            changes.append(_change(f"aws_organizations_policy.{policy_id}", {
                "id": policy_id, "name": policy_id, "type": "SERVICE_CONTROL_POLICY", "content": written(document)}))
            changes.append(_change(f"aws_organizations_policy_attachment.{policy_id}",
                                   {"policy_id": policy_id, "target_id": target}))
        if level["full_access"] != "default":      # an attachment of FullAWSAccess kept, or destroyed by this plan
            changes.append(_change(f"aws_organizations_policy_attachment.full-{target}",
                                   {"policy_id": "p-FullAWSAccess", "target_id": target},
                                   ("no-op",) if level["full_access"] == "attached" else ("delete",)))
    return {"format_version": "1.2", "planned_values": {"root_module": {}}, "resource_changes": changes}


def authorization_details(case: dict) -> dict[str, object]:
    kind, name, tags = case["principal"]
    inline = [{"PolicyName": f"p{index}", "PolicyDocument": document} for index, document in enumerate(case["own"])]
    attached = [{"PolicyName": case["managed_name"].rsplit("/", 1)[-1],
                 "PolicyArn": f"arn:aws:iam::aws:policy/{case['managed_name']}"}] if case["managed_name"] else []
    attached += _attachments(case, "self")
    principal: dict[str, object] = {f"{kind.capitalize()}Name": name, "Arn": _principal_arn(case),
                                    "Path": f"/{cases.PATHS.get(name, '')}",
                                    "AttachedManagedPolicies": attached, f"{kind.capitalize()}PolicyList": inline}
    policies = [{"PolicyName": f"m{index}", "Arn": _attached_arn(index), "DefaultVersionId": "v1",
                 "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": True, "Document": document}]}
                for index, document in enumerate(case.get("attached", []))]
    if case["boundary"]:
        boundary_arn = f"arn:aws:iam::{ACCOUNT}:policy/boundary"
        principal["PermissionsBoundary"] = {"PermissionsBoundaryType": "Policy",
                                            "PermissionsBoundaryArn": boundary_arn}
        policies.append({"PolicyName": "boundary", "Arn": boundary_arn, "DefaultVersionId": "v1",
                         "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": True,
                                                "Document": case["boundary"]}]})
    groups = []
    if kind == "user":
        principal["GroupList"] = list(_groups(case))
        principal["UserId"] = cases.user_id(name)
        principal["Tags"] = [{"Key": key, "Value": value} for key, value in tags.items()]
        groups += [{"GroupName": group, "Arn": f"arn:aws:iam::{ACCOUNT}:group/{group}",
                    "AttachedManagedPolicies": _attachments(case, group),
                    "GroupPolicyList": [{"PolicyName": f"{group[0]}{index}", "PolicyDocument": document}
                                        for index, document in enumerate(documents)]}
                   for group, documents in _groups(case).items()]
    return {"UserDetailList": [principal] if kind == "user" else [], "GroupDetailList": groups,
            "RoleDetailList": [principal] if kind == "role" else [], "Policies": policies}


def _groups(case: dict) -> dict[str, list[dict]]:
    """The user's groups and their inline policies: "ops", and "audit" where the case has it
    (iam_cases.attached_policies)."""
    return {"ops": case["group"], **({"audit": case["group2"]} if "group2" in case else {})}


def _attached_arn(index: int) -> str:
    return f"arn:aws:iam::{ACCOUNT}:policy/m{index}"


def _attachments(case: dict, target: str) -> list[dict[str, str]]:
    """The customer managed policies attached to ``target`` ("self", "ops" or "audit"), as
    AttachedManagedPolicies lists them."""
    return [{"PolicyName": f"m{index}", "PolicyArn": _attached_arn(index)}
            for index, targets in enumerate(case.get("targets", [])) if target in targets]


def describe_trails() -> dict[str, object]:
    return {"trailList": [{"Name": arn.rsplit("/", 1)[1], "TrailARN": arn, "HomeRegion": arn.split(":")[3],
                           "S3BucketName": "logs", "IsMultiRegionTrail": False, "IncludeGlobalServiceEvents": True,
                           "LogFileValidationEnabled": True, "IsOrganizationTrail": False} for arn in TRAILS]}


def printed(folder: Path, principal: str, grouped: bool = False, status: int = 0) -> dict[tuple[str, str], str]:
    """What `trail-lint access --format json --all` decides for the principal: (trail or "*", action) → decision.
    ``grouped``: with ``--group-by account``, which moves each grant under its account, and no more.
    ``status``: the exit status expected (1 where a policy holds a statement IAM rejects: TL001)."""
    report = folder / "access.json"
    assert main(["access", str(folder / "input"), "--format", "json", "--all", "--output", str(report),
                 *(["--group-by", "account"] if grouped else [])]) == status
    body = json.loads(report.read_text())
    grants = [grant for account in body["accounts"] for grant in account["grants"]] if grouped else body["grants"]
    if grouped:
        assert all(grant["account"] == account["account"] for account in body["accounts"] for grant in account["grants"])
    decisions = {(grant["trail"], grant["action"]): grant["decision"] for grant in grants if grant["principal"] == principal}
    assert len(decisions) == sum(grant["principal"] == principal for grant in grants), "a decision printed twice"
    return decisions


def check(case: dict, decisions: dict[tuple[str, str], str], group: bool = False,
          tags: dict[str, dict[str, str]] | None = NO_TAGS) -> None:
    """Each printed decision against the simulator. ``group``: the decisions are the group's row, which
    stands for any member: a decided one must hold for this case's user (with the group's policies
    only), a conditional one may also wait on who the member is. ``tags``: each trail's tags, where
    the inputs hold them (a plan's; None for describe-trails output): the keys a request's resource
    fixes (cases.resource_keys) are fixed for it, as the analysis decides them per trail."""
    requests = [(trail, action) for trail in TRAILS for action in TRAIL_ACTIONS]
    requests += [("*", action) for action in STAR_ACTIONS]
    assert set(decisions) == set(requests), sorted(set(decisions) ^ set(requests))
    case = cases.as_iam_reads(case)
    # each request's resource fixes some keys: the ways its conditions can go are those of its resource's
    # (and, for the actions performed only in a trail's home Region, its Region: one set per kind of action)
    on: dict[tuple[str, bool], tuple[dict, list[dict], list[dict], bool]] = {}
    for trail, action in requests:
        home = cases.home_region_only(action)
        if (trail, home) not in on:
            mine = {**case, "resource_keys": cases.resource_keys(trail, None if tags is None else tags.get(trail, {}),
                                                                  action)}
            crafted, every_way = cases.real_contexts(mine)
            on[(trail, home)] = mine, cases.ways(mine), case["contexts"] + crafted, every_way
    batches = [([cases.simulated({**way, "action": action}, trail, {})
                 for way in on[(trail, cases.home_region_only(action))][1]],
                [cases.simulated({**on[(trail, cases.home_region_only(action))][0], "action": action}, trail, context)
                 for context in on[(trail, cases.home_region_only(action))][2]])
               for trail, action in requests]
    results = iter(simulate([simulated for batch in batches for part in batch for simulated in part]))
    for (trail, action), batch in zip(requests, batches):
        by_ways, by_contexts = set(), set()
        for part, theirs in zip(batch, (by_ways, by_contexts)):
            for simulated in part:
                result = next(results)
                assert "error" not in result, (json.dumps(simulated, indent=1), result)
                theirs.add("allowed" if result["result"] == "Allowed" else "denied")
        ours = decisions[(trail, action)]
        where = f"{action} on {trail}\n{json.dumps(batch[1][-1], indent=1)}"
        if ours in ("allowed", "denied"):
            assert by_ways | by_contexts == {ours}, f"trail-lint: {ours}, the simulator: {by_ways | by_contexts}, {where}"
        elif ours == "conditional" and not group:
            assert by_ways == {"allowed", "denied"}, f"trail-lint: conditional, but no condition changes it, {where}"
            # and a real request shows it, where contexts exist for every way the conditions can go
            # (else they exclude each other: trail-lint does not compare conditions with each other)
            if on[(trail, cases.home_region_only(action))][3]:
                assert by_contexts == {"allowed", "denied"}, \
                    f"trail-lint: conditional, but no request context changes it, {where}"


@cases.budget(4)
@given(cases.access_cases(TRAIL_ACTIONS, TRAILS, attachments=True), st.sampled_from(["terraform", "authorization-details"]),
       st.one_of(st.none(), st.sampled_from(MANAGED)), st.booleans())
def test_access_json_agrees_with_iam_simulate(tmp_path: Path, case: dict, form: str, managed: str | None,
                                              grouped: bool) -> None:
    case = cases.at_most(case, cases.MOST_CONDITIONS)
    case = {**case, "managed_name": managed, "managed": [managed_document(managed)] if managed else []}
    folder = tmp_path / form
    (folder / "input").mkdir(parents=True, exist_ok=True)
    for stale in (folder / "input").iterdir():
        stale.unlink()
    if form == "terraform":
        (folder / "input" / "plan.json").write_text(json.dumps(terraform_plan(case)))
    else:
        case = {**case, "levels": []}
        (folder / "input" / "authorization-details.json").write_text(json.dumps(authorization_details(case)))
        (folder / "input" / "describe-trails.json").write_text(json.dumps(describe_trails()))
    check(case, printed(folder, _principal_arn(case), grouped), tags=NO_TAGS if form == "terraform" else None)
    if case["principal"][0] == "user":
        # the group's row: what membership grants before a member's own policies and boundary
        as_member = {**case, "own": [], "boundary": None, "managed": [], "managed_name": None, "group2": [],
                     **_reaching(case, "ops")}
        check(as_member, printed(folder, f"arn:aws:iam::{ACCOUNT}:group/ops", grouped), group=True,
              tags=NO_TAGS if form == "terraform" else None)


def _reaching(case: dict, group: str) -> dict[str, list]:
    """The case's customer managed policies (iam_cases.attached_policies) that reach ``group``."""
    reaching = [(document, targets) for document, targets in zip(case.get("attached", []), case.get("targets", []))
                if group in targets]
    return {"attached": [document for document, _ in reaching], "targets": [[group] for _ in reaching]}


@cases.budget(8, derandomize=True)
@given(cases.access_cases(TRAIL_ACTIONS, TRAILS, fuzzed=True))
def test_fuzzed_policies_agree_with_iam_simulate(tmp_path: Path, case: dict) -> None:
    """Policies as people and fuzzers write them (iam_cases.fuzzed_statements) in every layer, some
    with statements IAM rejects: the simulator gets them without those (iam_simulator.accepted)."""
    case = {**cases.at_most(case, cases.MOST_CONDITIONS), "managed_name": None, "managed": []}
    folder = tmp_path / "fuzzed"
    (folder / "input").mkdir(parents=True, exist_ok=True)
    (folder / "input" / "plan.json").write_text(json.dumps(terraform_plan(case)))
    written_out = case if case["principal"][0] == "user" else {**case, "group": []}
    # a repeated Sid makes IAM reject an identity-based policy or a boundary, not an SCP (iam_simulator.repeated_sid)
    # and so do a Sid of other characters than A-Z, a-z and 0-9 (iam_simulator.sid_outside_alphabet) and a
    # statement without Resource (iam_simulator.without_resource, drawn in those only); a document that
    # names a principal is rejected for that (TL221), not held to the identity-based grammar (TL001);
    # a condition operator the grammar does not have makes IAM reject any policy, one in another case
    # an identity-based policy or a boundary (iam_simulator.operator_in_another_case)
    invalid = any(rejected(statement) or unknown_operator(statement) for document in cases.policy_documents(written_out)
                  for statement in statements_of(document)) or \
        any((repeated_sid(document) or sid_outside_alphabet(document)
             or any(without_resource(statement) or operator_in_another_case(statement)
                    for statement in statements_of(document)))
            and not any(names_principal(statement) for statement in statements_of(document))
            for document in cases.policy_documents({**written_out, "levels": []}))
    check(case, printed(folder, _principal_arn(case), status=1 if invalid else 0))


# Conditions on the trail itself (attribute-based access control): the trail's tags, as a plan's
# tags_all holds them, and its account. Every request on a trail is then decided, as the simulator
# decides it given those keys; on "*" no resource tag is carried, and the account is request context.
_RESOURCE_CONDITIONS = st.builds(
    lambda operator, key, value: {operator: {key: ("true" if value == "dev" else "false") if operator == "Null"
                                             else value}},
    st.sampled_from(["StringEquals", "StringNotEquals", "StringLike", "StringEqualsIfExists",
                     "StringNotEqualsIfExists", "ForAnyValue:StringEquals", "ForAllValues:StringEquals", "Null"]),
    st.sampled_from(["aws:ResourceTag/env", "aws:ResourceTag/team", "aws:ResourceAccount"]),
    st.sampled_from(["dev", "prod", "d*", ACCOUNT, cases.OTHER_ACCOUNT]))
_RESOURCE_STATEMENTS = st.builds(
    lambda effect, action, condition: {"Effect": effect, "Action": action, "Resource": "*", "Condition": condition},
    st.sampled_from(["Allow", "Allow", "Deny"]),
    st.sampled_from(["cloudtrail:*", "cloudtrail:StopLogging", ["cloudtrail:Get*", "cloudtrail:DescribeTrails"]]),
    _RESOURCE_CONDITIONS)
_TAG_SETS = st.sampled_from([{}, {"env": "prod"}, {"env": "dev"}, {"env": "dev", "team": "prod"}, {"team": "dev"}])


@cases.budget(6, derandomize=True)
@given(st.lists(_RESOURCE_STATEMENTS, min_size=1, max_size=3), st.booleans(), st.lists(_TAG_SETS, min_size=len(TRAILS),
                                                                                      max_size=len(TRAILS)))
def test_conditions_on_the_trail_agree_with_iam_simulate(tmp_path: Path, statements: list, full: bool,
                                                         tag_sets: list) -> None:
    own = [{"Version": "2012-10-17", "Statement": statements}]
    if full:     # an unconditional grant beside them, so that a conditional Deny has something to deny
        own.append({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "cloudtrail:*",
                                                             "Resource": "*"}]})
    case = {"principal": ("role", "abac", {}), "own": own, "group": [], "boundary": None, "levels": [],
            "contexts": [], "managed_name": None, "managed": []}
    tags = dict(zip(TRAILS, tag_sets))
    folder = tmp_path / "abac"
    (folder / "input").mkdir(parents=True, exist_ok=True)
    (folder / "input" / "plan.json").write_text(json.dumps(terraform_plan(case, tags)))
    decisions = printed(folder, _principal_arn(case))
    check(case, decisions, tags=tags)
    # every request on a trail is decided: the inputs hold all that its conditions ask
    assert {decision for (trail, _), decision in decisions.items() if trail != "*"} <= {"allowed", "denied"}
