"""IAM Identity Center permission sets: each is a role in the accounts it is assigned to, with its
inline policy, AWS managed policies, customer managed policies (the policy of that name in each
account: not known offline, one TL002) and permissions boundary, read from Terraform sources and
CloudFormation alike; and a Terraform reference by a literal instance key is to that instance."""
from __future__ import annotations

import json
from pathlib import Path

from trail_lint.config import Config
from trail_lint.engine import RunResult, run
from trail_lint.iam.evaluator import Decision
from trail_lint.registry import all_rules

TRAIL_TF = """
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "logs-bucket-xyz"
}
"""

SETS_TF = """
locals {
  instance_arn = "arn:aws:sso:::instance/ssoins-1111111111111111"
  sets = {
    Admin    = "arn:aws:iam::aws:policy/AdministratorAccess"
    ReadOnly = "arn:aws:iam::aws:policy/ReadOnlyAccess"
  }
}
resource "aws_ssoadmin_permission_set" "this" {
  for_each     = local.sets
  name         = each.key
  instance_arn = local.instance_arn
}
resource "aws_ssoadmin_managed_policy_attachment" "this" {
  for_each           = local.sets
  instance_arn       = local.instance_arn
  managed_policy_arn = each.value
  permission_set_arn = aws_ssoadmin_permission_set.this[each.key].arn
}
resource "aws_ssoadmin_customer_managed_policy_attachment" "extra" {
  instance_arn       = local.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.this["ReadOnly"].arn
  customer_managed_policy_reference {
    name = "TrailOps"
  }
}
resource "aws_ssoadmin_permissions_boundary_attachment" "admin" {
  instance_arn       = local.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.this["Admin"].arn
  permissions_boundary {
    managed_policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
  }
}
resource "aws_ssoadmin_permission_set" "ops" {
  name         = "TrailOps"
  instance_arn = local.instance_arn
}
resource "aws_ssoadmin_permission_set_inline_policy" "ops" {
  instance_arn       = local.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.ops.arn
  inline_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["cloudtrail:StopLogging"], Resource = "*" }]
  })
}
"""

SETS_CFN = """
Resources:
  Audit:
    Type: AWS::SSO::PermissionSet
    Properties:
      Name: Audit
      InstanceArn: arn:aws:sso:::instance/ssoins-1111111111111111
      ManagedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]
      InlinePolicy:
        Version: "2012-10-17"
        Statement:
          - {Effect: Deny, Action: cloudtrail:LookupEvents, Resource: "*"}
  Ops:
    Type: AWS::SSO::PermissionSet
    Properties:
      Name: Ops
      InstanceArn: arn:aws:sso:::instance/ssoins-1111111111111111
      InlinePolicy: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "cloudtrail:*",
        "Resource": "*"}]}'
      PermissionsBoundary: {ManagedPolicyArn: arn:aws:iam::aws:policy/ReadOnlyAccess}
  Extra:
    Type: AWS::SSO::PermissionSet
    Properties:
      Name: Extra
      InstanceArn: arn:aws:sso:::instance/ssoins-1111111111111111
      CustomerManagedPolicyReferences: [{Name: TrailOps, Path: /}]
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties: {TrailName: main, S3BucketName: logs-bucket-xyz, IsLogging: true}
"""


def _run(tmp_path: Path, files: dict[str, str]) -> RunResult:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return run([str(tmp_path)], Config(region="us-east-1"), all_rules(), raise_errors=True)


def _decisions(result: RunResult, action: str) -> dict[str, Decision]:
    assert result.access is not None
    return {d.principal: d.decision for d in result.access.decisions(include_denied=True)
            if d.action == action and d.trail != "*"}


def test_terraform_permission_sets_are_roles_with_their_attachments(tmp_path: Path) -> None:
    result = _run(tmp_path, {"main.tf": TRAIL_TF + SETS_TF})
    admin, read_only = 'aws_ssoadmin_permission_set.this["Admin"]', 'aws_ssoadmin_permission_set.this["ReadOnly"]'
    ops = "aws_ssoadmin_permission_set.ops"
    # the boundary is Admin's alone, the customer managed policy ReadOnly's alone (literal keys)
    assert _decisions(result, "cloudtrail:StopLogging") == {
        admin: Decision.DENIED, read_only: Decision.UNKNOWN, ops: Decision.ALLOWED}
    assert _decisions(result, "cloudtrail:GetTrailStatus")[admin] is Decision.ALLOWED
    said = [f for f in result.findings if f.rule == "TL002" and "customer managed policy" in f.message]
    assert len(said) == 1 and "customer_managed_policy_reference of " \
        "aws_ssoadmin_customer_managed_policy_attachment.extra" in said[0].message
    rules = sorted(f.rule for f in result.findings if f.rule in ("TL401", "TL402"))
    assert rules == ["TL401", "TL402"]


def test_cloudformation_permission_sets_are_roles_with_their_policies(tmp_path: Path) -> None:
    result = _run(tmp_path, {"sets.yaml": SETS_CFN})
    assert _decisions(result, "cloudtrail:StopLogging") == {
        "Audit": Decision.DENIED, "Ops": Decision.DENIED, "Extra": Decision.UNKNOWN}
    assert _decisions(result, "cloudtrail:GetTrailStatus") == {
        "Audit": Decision.ALLOWED, "Ops": Decision.ALLOWED, "Extra": Decision.UNKNOWN}
    # Ops's inline `cloudtrail:*` is outside its ReadOnlyAccess boundary: it grants nothing, and TL402,
    # which reads a policy with its holder's boundary, does not say it allows the changes on every trail
    assert [f.message for f in result.findings if f.rule == "TL402"] == []
    said = [f for f in result.findings if f.rule == "TL002" and "customer managed policy" in f.message]
    assert len(said) == 1 and "CustomerManagedPolicyReferences[0] of Extra" in said[0].message


def test_a_reference_by_a_literal_key_is_to_that_instance(tmp_path: Path) -> None:
    roles = """
resource "aws_iam_role" "r" {
  for_each           = toset(["a", "b"])
  name_prefix        = each.key
  assume_role_policy = "{}"
}
resource "aws_iam_role_policy_attachment" "stop" {
  role       = aws_iam_role.r["b"].name
  policy_arn = aws_iam_policy.stop.arn
}
resource "aws_iam_policy" "stop" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "cloudtrail:StopLogging", Resource = "*" }]
  })
}
"""
    result = _run(tmp_path, {"main.tf": TRAIL_TF + roles})
    assert _decisions(result, "cloudtrail:StopLogging") == {
        'aws_iam_role.r["a"]': Decision.DENIED, 'aws_iam_role.r["b"]': Decision.ALLOWED}


def test_a_reference_by_a_key_the_instance_settles_is_to_that_instance(tmp_path: Path) -> None:
    # aws_x.y[each.value.name]: the key is the instance's own each.value, known where the for_each is
    sets = """
variable "permission_sets" {
  default = {
    Admin    = { policies = ["arn:aws:iam::aws:policy/AdministratorAccess"] }
    ReadOnly = { policies = ["arn:aws:iam::aws:policy/ReadOnlyAccess"] }
  }
}
locals {
  attachments = flatten([for name, set in var.permission_sets : [
    for policy in set.policies : { set_name = name, policy_arn = policy }]])
}
resource "aws_ssoadmin_permission_set" "pset" {
  for_each     = var.permission_sets
  name         = each.key
  instance_arn = "arn:aws:sso:::instance/ssoins-1111111111111111"
}
resource "aws_ssoadmin_managed_policy_attachment" "pset" {
  for_each           = { for item in local.attachments : "${item.set_name}.${item.policy_arn}" => item }
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  managed_policy_arn = each.value.policy_arn
  permission_set_arn = aws_ssoadmin_permission_set.pset[each.value.set_name].arn
}
"""
    result = _run(tmp_path, {"main.tf": TRAIL_TF + sets})
    assert _decisions(result, "cloudtrail:StopLogging") == {
        'aws_ssoadmin_permission_set.pset["Admin"]': Decision.ALLOWED,
        'aws_ssoadmin_permission_set.pset["ReadOnly"]': Decision.DENIED}


def _change(address: str, after: dict[str, object], unknown: dict[str, object]) -> dict[str, object]:
    kind, rest = address.split(".", 1)
    name, _, key = rest.partition("[")
    return {"address": address, "mode": "managed", "type": kind, "name": name,
            **({"index": key.rstrip("]").strip('"')} if key else {}),
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": ["create"], "before": None, "after": after, "after_unknown": unknown}}


def test_a_plan_attachment_to_one_of_several_permission_sets_is_unknown_for_each(tmp_path: Path) -> None:
    # A plan's configuration names the resource and each.value, not the instance: which permission
    # set gets AdministratorAccess is unknown, for both sets (never given to both)
    sets = [_change(f'aws_ssoadmin_permission_set.pset["{name}"]', {"name": name}, {"arn": True})
            for name in ("Admin", "ReadOnly")]
    attachment = _change('aws_ssoadmin_managed_policy_attachment.pset["Admin"]',
                         {"managed_policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"},
                         {"permission_set_arn": True})
    trail = _change("aws_cloudtrail.main", {"name": "main", "s3_bucket_name": "logs-bucket-xyz"}, {"arn": True})
    configuration = {"provider_config": {"aws": {"name": "aws", "expressions": {"region": {"constant_value": "us-east-1"}}}},
                     "root_module": {"resources": [
                         {"address": "aws_ssoadmin_permission_set.pset", "mode": "managed",
                          "type": "aws_ssoadmin_permission_set", "name": "pset", "provider_config_key": "aws",
                          "expressions": {}},
                         {"address": "aws_ssoadmin_managed_policy_attachment.pset", "mode": "managed",
                          "type": "aws_ssoadmin_managed_policy_attachment", "name": "pset", "provider_config_key": "aws",
                          "expressions": {"permission_set_arn": {"references": [
                              "aws_ssoadmin_permission_set.pset", "each.value.set_name", "each.value"]}}}]}}
    plan = {"format_version": "1.2", "resource_changes": [*sets, attachment, trail], "configuration": configuration}
    result = _run(tmp_path, {"plan.json": json.dumps(plan)})
    assert _decisions(result, "cloudtrail:StopLogging") == {
        'aws_ssoadmin_permission_set.pset["Admin"]': Decision.UNKNOWN,
        'aws_ssoadmin_permission_set.pset["ReadOnly"]': Decision.UNKNOWN}
    said = [f.message for f in result.findings if f.rule == "TL002" and "permission_set_arn" in f.message]
    assert len(said) == 1 and said[0].startswith(
        "which of the 2 instances of aws_ssoadmin_permission_set.pset a permission_set_arn names is known only")
