"""One principal builder for every reader: the same IAM layout read from Terraform sources, a
CloudFormation template and get-account-authorization-details gives the same principals, and
names, groups, stubs and unknown targets are resolved the same way whatever the input order."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.load import load_text
from trail_lint.model import At, Origin, Policy, PolicyRef, Principal, PrincipalKind, Problem
from trail_lint.normalise import Contents, aws_iam
from trail_lint.normalise.cloudformation import template as cloudformation
from trail_lint.normalise.principals import PrincipalBuilder
from trail_lint.normalise.terraform.hcl import normalise_dir

BOUNDARY = "arn:aws:iam::111122223333:policy/boundary"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"


def _document(action: str) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]}


# alice is in group ops (an inline policy), has a boundary and an AWS managed policy; the role
# auditor has a managed policy the input defines; break-glass is a role the input only names.
TERRAFORM = f"""
resource "aws_iam_group" "ops" {{
  name = "ops"
}}
resource "aws_iam_group_policy" "ops_read" {{
  name   = "ops-read"
  group  = aws_iam_group.ops.name
  policy = jsonencode({json.dumps(_document("cloudtrail:LookupEvents"))})
}}
resource "aws_iam_user" "alice" {{
  name                 = "alice"
  permissions_boundary = "{BOUNDARY}"
}}
resource "aws_iam_user_group_membership" "alice" {{
  user   = aws_iam_user.alice.name
  groups = [aws_iam_group.ops.name]
}}
resource "aws_iam_user_policy_attachment" "alice" {{
  user       = aws_iam_user.alice.name
  policy_arn = "{READ_ONLY}"
}}
resource "aws_iam_role" "auditor" {{
  name               = "auditor"
  assume_role_policy = "{{}}"
}}
resource "aws_iam_policy" "audit" {{
  name   = "audit"
  policy = jsonencode({json.dumps(_document("cloudtrail:GetTrail"))})
}}
resource "aws_iam_role_policy_attachment" "auditor" {{
  role       = aws_iam_role.auditor.name
  policy_arn = aws_iam_policy.audit.arn
}}
resource "aws_iam_role_policy" "break_glass" {{
  role   = "break-glass"
  policy = jsonencode({json.dumps(_document("cloudtrail:StopLogging"))})
}}
"""

CLOUDFORMATION = {"Resources": {
    "Ops": {"Type": "AWS::IAM::Group", "Properties": {"GroupName": "ops", "Policies": [
        {"PolicyName": "ops-read", "PolicyDocument": _document("cloudtrail:LookupEvents")}]}},
    "Alice": {"Type": "AWS::IAM::User", "Properties": {
        "UserName": "alice", "Groups": [{"Ref": "Ops"}], "ManagedPolicyArns": [READ_ONLY],
        "PermissionsBoundary": BOUNDARY}},
    "Auditor": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "auditor", "AssumeRolePolicyDocument": {}}},
    "Audit": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {
        "PolicyDocument": _document("cloudtrail:GetTrail"), "Roles": [{"Ref": "Auditor"}]}},
    "BreakGlass": {"Type": "AWS::IAM::Policy", "Properties": {
        "PolicyName": "bg", "PolicyDocument": _document("cloudtrail:StopLogging"), "Roles": ["break-glass"]}}}}

ACCOUNT = "arn:aws:iam::111122223333"
AUTHORIZATION_DETAILS = {
    "UserDetailList": [{"UserName": "alice", "Arn": f"{ACCOUNT}:user/alice", "GroupList": ["ops"],
                        "AttachedManagedPolicies": [{"PolicyArn": READ_ONLY}],
                        "PermissionsBoundary": {"PermissionsBoundaryArn": BOUNDARY}}],
    "GroupDetailList": [{"GroupName": "ops", "Arn": f"{ACCOUNT}:group/ops", "GroupPolicyList": [
        {"PolicyName": "ops-read", "PolicyDocument": _document("cloudtrail:LookupEvents")}]}],
    "RoleDetailList": [
        {"RoleName": "auditor", "Arn": f"{ACCOUNT}:role/auditor",
         "AttachedManagedPolicies": [{"PolicyArn": f"{ACCOUNT}:policy/audit"}]},
        {"RoleName": "break-glass", "Arn": f"{ACCOUNT}:role/break-glass", "RolePolicyList": [
            {"PolicyName": "bg", "PolicyDocument": _document("cloudtrail:StopLogging")}]}],
    "Policies": [{"PolicyName": "audit", "Arn": f"{ACCOUNT}:policy/audit", "DefaultVersionId": "v1",
                  "PolicyVersionList": [{"VersionId": "v1", "Document": _document("cloudtrail:GetTrail")}]}]}


def _actions(policy: Policy) -> tuple[str, ...]:
    assert isinstance(policy.statements, tuple)
    return tuple(action for statement in policy.statements if isinstance(statement.actions, tuple)
                 for action in statement.actions)


def _layout(contents: Contents) -> list[tuple[Any, ...]]:
    """What the inputs say about each principal, in words no reader spells differently: names for
    principals and groups, actions for the input's own policies, ARNs for the others."""
    names = {p.id: p.name for p in contents.principals}
    defined = {key: policy for policy in contents.policies for key in (policy.name, policy.arn) if key}

    def managed(ref: PolicyRef | Policy | None) -> object:
        if isinstance(ref, PolicyRef) and isinstance(ref.arn, str) and ref.arn in defined:
            return _actions(defined[ref.arn])
        return ref.arn if ref is not None else None

    return sorted((p.kind.value, p.name, sorted(_actions(policy) for policy in p.inline_policies),
                   sorted(str(managed(ref)) for ref in p.managed_policies), managed(p.boundary),
                   sorted(str(names.get(group, group)) for group in p.groups))
                  for p in contents.principals)


EXPECTED = [
    ("group", "ops", [("cloudtrail:LookupEvents",)], [], None, []),
    ("role", "auditor", [], ["('cloudtrail:GetTrail',)"], None, []),
    ("role", "break-glass", [("cloudtrail:StopLogging",)], [], None, []),
    ("user", "alice", [], [READ_ONLY], BOUNDARY, ["ops"]),
]


def test_every_reader_builds_the_same_principals(tmp_path: Path) -> None:
    (tmp_path / "iam.tf").write_text(TERRAFORM)
    terraform = normalise_dir([str(tmp_path / "iam.tf")])[0]
    template = cloudformation.normalise(load_text(json.dumps(CLOUDFORMATION), "t.json"))
    details = aws_iam.normalise(load_text(json.dumps(AUTHORIZATION_DETAILS), "authz.json"))
    assert _layout(terraform) == EXPECTED
    assert _layout(template) == EXPECTED
    assert _layout(details) == EXPECTED


def test_cloudformation_inline_policy_resources_give_the_same_principals() -> None:
    """AWS::IAM::RolePolicy, GroupPolicy and UserPolicy: one inline policy of the principal their
    RoleName / GroupName / UserName names (before, not read at all)."""
    resources = dict(CLOUDFORMATION["Resources"])
    ops = resources["Ops"]["Properties"]
    resources["Ops"] = {"Type": "AWS::IAM::Group", "Properties": {"GroupName": "ops"}}
    resources["OpsRead"] = {"Type": "AWS::IAM::GroupPolicy", "Properties": {**ops["Policies"][0],
                                                                            "GroupName": {"Ref": "Ops"}}}
    resources["BreakGlass"] = {"Type": "AWS::IAM::RolePolicy", "Properties": {
        "PolicyName": "bg", "PolicyDocument": _document("cloudtrail:StopLogging"), "RoleName": "break-glass"}}
    template = cloudformation.normalise(load_text(json.dumps({"Resources": resources}), "t.json"))
    assert _layout(template) == EXPECTED
    resources["AliceStop"] = {"Type": "AWS::IAM::UserPolicy", "Properties": {
        "PolicyName": "stop", "PolicyDocument": _document("cloudtrail:StopLogging"), "UserName": {"Ref": "Alice"}}}
    template = cloudformation.normalise(load_text(json.dumps({"Resources": resources}), "t.json"))
    assert _layout(template)[-1] == ("user", "alice", [("cloudtrail:StopLogging",)], [READ_ONLY], BOUNDARY, ["ops"])


def test_a_principal_the_input_only_names_is_a_stub_where_it_is_named(tmp_path: Path) -> None:
    (tmp_path / "iam.tf").write_text(TERRAFORM)
    terraform = normalise_dir([str(tmp_path / "iam.tf")])[0]
    template = cloudformation.normalise(load_text(json.dumps(CLOUDFORMATION), "t.json"))
    stub = next(p for p in terraform.principals if p.name == "break-glass")
    assert (stub.id, stub.origin.resource) == ("role/break-glass", "aws_iam_role_policy.break_glass")
    # CloudFormation names its principals by name, and so its stubs
    stub = next(p for p in template.principals if p.name == "break-glass")
    assert (stub.id, stub.origin.resource, stub.origin.path) == (
        "break-glass", "BreakGlass", ("Resources", "BreakGlass", "Properties", "Roles"))


def test_an_attachment_whose_principal_is_unknown_is_reported_alike(tmp_path: Path) -> None:
    (tmp_path / "iam.tf").write_text('variable "who" {}\nresource "aws_iam_user_policy" "p" {\n'
                                     '  user   = var.who\n  policy = "{}"\n}\n')
    terraform = normalise_dir([str(tmp_path / "iam.tf")])[0]
    template = cloudformation.normalise(load_text(
        "Parameters:\n  Who: {Type: 'AWS::SSM::Parameter::Value<String>'}\nResources:\n  P:\n"
        "    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: p\n      Users: [!Ref Who]\n"
        "      PolicyDocument: {Statement: []}\n", "t.yaml"))
    assert ("user of aws_iam_user_policy.p is not known before apply", "aws_iam_user_policy.p",
            ("resource", "aws_iam_user_policy", "p", "user")) in [
        (p.message, p.resource, p.at.path) for p in terraform.unknowns]
    assert ("Users of P is not known before deployment", "P", ("Resources", "P", "Properties", "Users", 0)) in [
        (p.message, p.resource, p.at.path) for p in template.unknowns]


# --- the builder itself -----------------------------------------------------------------------

def _origin(resource: str) -> Origin:
    return Origin("f", ("Resources", resource), resource=resource)


def test_names_resolve_to_the_defined_principal_else_to_one_stub() -> None:
    book = PrincipalBuilder([], before="apply")
    ops = book.define("aws_iam_group.ops", "aws_iam_group.ops", PrincipalKind.GROUP, "ops", _origin("ops"))
    assert book.named(PrincipalKind.GROUP, "ops", _origin("m")) is ops
    assert book.named(PrincipalKind.USER, "ops", _origin("m")) is not ops          # another kind
    outside = book.named(PrincipalKind.ROLE, "arn:aws:iam::444455556666:role/x", _origin("a"))
    assert book.named(PrincipalKind.ROLE, "arn:aws:iam::444455556666:role/x", _origin("b")) is outside
    book.join([book.named(PrincipalKind.USER, "bob", _origin("m"))], [ops, ops])
    assert [(p.id, p.kind, p.name, p.account, p.groups, p.origin.resource) for p in book.principals()] == [
        ("aws_iam_group.ops", PrincipalKind.GROUP, "ops", None, (), "ops"),
        ("user/ops", PrincipalKind.USER, "ops", None, (), "m"),
        ("arn:aws:iam::444455556666:role/x", PrincipalKind.ROLE, "x", "444455556666", (), "a"),
        ("user/bob", PrincipalKind.USER, "bob", None, ("aws_iam_group.ops",), "m")]


def test_bare_stub_ids_give_way_to_a_principal_with_that_id() -> None:
    book = PrincipalBuilder([], before="deployment", bare_stub_ids=True)
    book.define("OpsUser", "ops", PrincipalKind.USER, "ops", _origin("OpsUser"))
    assert book.named(PrincipalKind.GROUP, "ops", _origin("m")).id == "group/ops"
    assert book.named(PrincipalKind.ROLE, "audit", _origin("m")).id == "audit"


def test_a_principal_read_twice_is_one_principal_as_read_last() -> None:
    book = PrincipalBuilder([], before="apply")
    role = "arn:aws:iam::111122223333:role/app"
    book.define("aws_iam_role.before", role, PrincipalKind.ROLE, "app", _origin("before"))
    book.define("aws_iam_user.x", "arn:aws:iam::111122223333:user/x", PrincipalKind.USER, "x", _origin("x"))
    again = book.define("module.m.aws_iam_role.app", role, PrincipalKind.ROLE, "app", _origin("after"))
    assert book.by_key["aws_iam_role.before"] is again
    assert book.named(PrincipalKind.ROLE, "app", _origin("m")) is again
    assert [(p.id, p.origin.resource) for p in book.principals()] == [
        (role, "after"), ("arn:aws:iam::111122223333:user/x", "x")]


def test_principals_of_two_kinds_that_share_an_id_are_both_kept() -> None:
    book = PrincipalBuilder([], before="deployment")
    book.define("A", "same", PrincipalKind.USER, "a", _origin("A"))
    book.define("B", "same", PrincipalKind.ROLE, "b", _origin("B"))
    assert [p.name for p in book.principals()] == ["a", "b"]


def test_unresolved_targets_are_one_problem_each() -> None:
    problems: list[Problem] = []
    book = PrincipalBuilder(problems, before="apply")
    book.unresolved("users", "aws_iam_group_membership.m", At("main.tf", ("resource", 0)))
    # marked as an attachment: no principal's policies are known whole while it is open (TL215)
    assert problems == [Problem("users of aws_iam_group_membership.m is not known before apply",
                                At("main.tf", ("resource", 0)), resource="aws_iam_group_membership.m",
                                attachment=True)]


# --- whatever the order of the template ---------------------------------------------------------

def _statement_view(principals: tuple[Principal, ...]) -> list[tuple[Any, ...]]:
    return sorted((p.id, p.kind.value, sorted(_actions(i) for i in p.inline_policies),
                   sorted(str(r.arn) for r in p.managed_policies), p.groups) for p in principals)


@settings(max_examples=40, deadline=None)
@given(st.permutations(sorted(CLOUDFORMATION["Resources"])))
def test_the_order_of_the_template_does_not_change_the_principals(order: list[str]) -> None:
    resources = CLOUDFORMATION["Resources"]
    shuffled = {"Resources": {logical_id: resources[logical_id] for logical_id in order}}
    expected = cloudformation.normalise(load_text(json.dumps(CLOUDFORMATION), "t.json")).principals
    principals = cloudformation.normalise(load_text(json.dumps(shuffled), "t.json")).principals
    assert _statement_view(principals) == _statement_view(expected)


_BLOCKS = ["resource" + block for block in TERRAFORM.split("\nresource")[1:]]


@settings(max_examples=15, deadline=None)
@given(st.permutations(_BLOCKS))
def test_the_order_of_the_terraform_files_does_not_change_the_principals(blocks: list[str]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        (Path(directory) / "iam.tf").write_text("\n".join(blocks))
        assert _layout(normalise_dir([str(Path(directory) / "iam.tf")])[0]) == EXPECTED


@settings(max_examples=40, deadline=None)
@given(st.permutations(["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"]))
def test_groups_resolve_to_listed_groups_whatever_the_order(order: list[str]) -> None:
    details = {key: AUTHORIZATION_DETAILS[key] for key in order}
    principals = aws_iam.normalise(load_text(json.dumps(details), "authz.json")).principals
    alice = next(p for p in principals if p.name == "alice")
    assert alice.groups == (f"{ACCOUNT}:group/ops",)


def test_a_group_the_details_do_not_list_keeps_its_name() -> None:
    details = {"UserDetailList": [{"UserName": "bob", "GroupList": ["elsewhere", "elsewhere"]}]}
    (bob,) = aws_iam.normalise(load_text(json.dumps(details), "authz.json")).principals
    assert (bob.id, bob.groups) == ("bob", ("elsewhere",))

