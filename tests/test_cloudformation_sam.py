"""The role the AWS::Serverless transform makes for a function or state machine: the shapes of its
``Policies``, ``PermissionsBoundary`` (its own or the Globals section's) and ``Role``."""
from __future__ import annotations

from pathlib import Path

import pytest

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.iam.access import analyse
from trail_lint.iam.evaluator import Decision
from trail_lint.load import load_text
from trail_lint.model import UNKNOWN, Policy, PolicyRef, Principal, Statement
from trail_lint.normalise import Supplied
from trail_lint.normalise.cloudformation import template as cloudformation
from trail_lint.registry import all_rules

ACCOUNT = "123456789012"
MAIN_ARN = f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main"
HEAD = "Transform: AWS::Serverless-2016-10-31\n"
TRAIL = """  Trail:
    Type: AWS::CloudTrail::Trail
    Properties: {TrailName: main, IsLogging: true, S3BucketName: logs}
"""


def _roles(text: str) -> dict[str, Principal]:
    return {principal.id: principal for principal in cloudformation.normalise(load_text(text, "sam.yaml")).principals}


INTRINSIC_ITEMS = HEAD + """Resources:
  Shared:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: {Statement: [{Effect: Allow, Action: cloudtrail:StopLogging, Resource: '*'}]}
  F:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - !Ref Shared
        - !Sub arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess
        - !ImportValue shared-policy-arn
"""


def test_an_item_written_as_an_intrinsic_is_a_managed_policy_arn() -> None:
    # SAM passes such an item to the role's ManagedPolicyArns as it is: a Ref to a managed policy
    # of the template is that policy, an ARN that is not known offline an unknown managed policy.
    role = _roles(INTRINSIC_ITEMS)["FRole"]
    assert role.inline_policies == ()
    assert role.managed_policies == (PolicyRef("Shared"), PolicyRef("arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess"),
                                     PolicyRef(UNKNOWN))
    assert [ref.origin.path for ref in role.managed_policies] == [
        ("Resources", "F", "Properties", "Policies", index) for index in range(3)]


BOUNDARIES = HEAD + """Globals:
  Function:
    Runtime: python3.12
    PermissionsBoundary: arn:aws:iam::123456789012:policy/global
Resources:
  Inherits:
    Type: AWS::Serverless::Function
    Properties: {Handler: app.handler}
  Own:
    Type: AWS::Serverless::Function
    Properties: {Handler: app.handler, PermissionsBoundary: arn:aws:iam::123456789012:policy/own}
  IgnoresAll:
    Type: AWS::Serverless::Function
    IgnoreGlobals: '*'
    Properties: {Handler: app.handler}
  IgnoresBoundary:
    Type: AWS::Serverless::Function
    IgnoreGlobals: [PermissionsBoundary]
    Properties: {Handler: app.handler}
  IgnoresOther:
    Type: AWS::Serverless::Function
    IgnoreGlobals: [Runtime]
    Properties: {Handler: app.handler}
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties: {Definition: {}, PermissionsBoundary: arn:aws:iam::123456789012:policy/machine}
  GlobalsDoNotReach:
    Type: AWS::Serverless::StateMachine
    Properties: {Definition: {}}
"""


def test_one_item_written_as_an_intrinsic_is_one_managed_policy() -> None:
    # SAM wraps a Policies value that is not a list into a list of one, an intrinsic function too
    text = INTRINSIC_ITEMS + "  One:\n    Type: AWS::Serverless::Function\n    Properties: {Policies: !Ref Shared}\n"
    role = _roles(text)["OneRole"]
    assert (role.inline_policies, role.managed_policies) == ((), (PolicyRef("Shared"),))
    assert role.managed_policies[0].origin.path == ("Resources", "One", "Properties", "Policies")


def test_the_boundary_is_the_resources_own_else_the_globals() -> None:
    roles = _roles(BOUNDARIES)
    boundaries = {key: role.boundary.arn if role.boundary else None for key, role in roles.items()}
    assert boundaries == {
        "InheritsRole": "arn:aws:iam::123456789012:policy/global",
        "OwnRole": "arn:aws:iam::123456789012:policy/own",
        "IgnoresAllRole": None,
        "IgnoresBoundaryRole": None,
        "IgnoresOtherRole": "arn:aws:iam::123456789012:policy/global",
        "MachineRole": "arn:aws:iam::123456789012:policy/machine",
        "GlobalsDoNotReachRole": None,   # Globals give a state machine PropagateTags only
    }
    assert roles["InheritsRole"].boundary.origin.path == ("Globals", "Function", "PermissionsBoundary")  # type: ignore[union-attr]
    assert roles["OwnRole"].boundary.origin.path == (  # type: ignore[union-attr]
        "Resources", "Own", "Properties", "PermissionsBoundary")


ROLES = HEAD + """Parameters:
  ExistingRole: {Type: String, Default: ''}
  Stage: {Type: String}
  Shared: {Type: String, Default: shared}
Conditions:
  Never: !Equals [a, b]
  NoRoleGiven: !Equals [!Ref ExistingRole, '']
  Prod: !Equals [!Ref Stage, prod]
  OwnRole: !Equals [!Ref Shared, own]
Resources:
  Given:
    Type: AWS::Serverless::Function
    Properties: {Role: arn:aws:iam::123456789012:role/existing, Policies: AdministratorAccess}
  NoValue:
    Type: AWS::Serverless::Function
    Properties: {Role: !Ref AWS::NoValue, Policies: AWSCloudTrail_ReadOnlyAccess}
  ChosenNoValue:
    Type: AWS::Serverless::Function
    Properties:
      Role: !If [Never, arn:aws:iam::123456789012:role/existing, !Ref AWS::NoValue]
  ChosenRole:
    Type: AWS::Serverless::Function
    Properties:
      Role: !If [Never, !Ref AWS::NoValue, arn:aws:iam::123456789012:role/existing]
  MayHaveNoValue:
    Type: AWS::Serverless::Function
    Properties:
      Role: !If [NoRoleGiven, !Ref AWS::NoValue, !Ref ExistingRole]
  Undecided:
    Type: AWS::Serverless::Function
    Properties:
      Role: !If [Prod, arn:aws:iam::123456789012:role/prod, !Ref AWS::NoValue]
  DefaultNamesRole:
    Type: AWS::Serverless::Function
    Properties:
      Role: !If [OwnRole, !Ref AWS::NoValue, arn:aws:iam::123456789012:role/shared]
"""


def test_a_role_that_comes_to_no_value_is_made_and_a_named_role_is_not() -> None:
    roles = _roles(ROLES)
    # a role SAM may make (the condition is settled only at deployment) is read as made, as a
    # role resource under such a condition is
    assert sorted(roles) == ["ChosenNoValueRole", "DefaultNamesRoleRole", "MayHaveNoValueRole", "NoValueRole",
                             "UndecidedRole"]
    # SAM names the policy in the stack's partition, which the stack's Region gives
    assert [ref.arn for ref in roles["NoValueRole"].managed_policies] == [UNKNOWN]
    placed = cloudformation.normalise(load_text(ROLES, "sam.yaml"), Supplied(region="us-east-1")).principals
    assert next(p for p in placed if p.id == "NoValueRole").managed_policies == (
        PolicyRef("arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess"),)


STOP = "{Statement: [{Effect: Allow, Action: cloudtrail:StopLogging, Resource: '*'}]}"


@pytest.mark.parametrize(("policies", "stops"), [
    (STOP, Decision.ALLOWED),                                     # one document
    (f"[{STOP}]", Decision.ALLOWED),                              # a list of one
    ("AWSCloudTrail_FullAccess", Decision.ALLOWED),               # one AWS managed policy, by name
    ("[arn:aws:iam::aws:policy/AWSCloudTrail_FullAccess]", Decision.ALLOWED),
    ("{S3ReadPolicy: {BucketName: logs}}", Decision.DENIED),      # one policy template: no CloudTrail action
    ("[CloudWatchPutMetricPolicy: {}, AWSCloudTrail_ReadOnlyAccess]", Decision.DENIED),
    ("[]", Decision.DENIED),
])
def test_each_shape_of_policies_is_read_without_tl001(tmp_path: Path, policies: str, stops: Decision) -> None:
    text = HEAD + "Globals:\n  Function:\n    Runtime: python3.12\n    Timeout: 3\nResources:\n" + TRAIL + (
        "  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n"
        f"      Policies: {policies}\n")
    path = tmp_path / "sam.yaml"
    path.write_text(text)
    result = run([str(path)], Config(region="us-east-1", account=ACCOUNT), all_rules())
    assert [f for f in result.findings if f.rule in ("TL000", "TL001")] == []
    assert analyse(result.inventory).decision("FRole", MAIN_ARN, "cloudtrail:StopLogging") is stops
    tl401 = [f.message for f in result.findings if f.rule == "TL401"]
    assert [message.startswith("role FRole can StopLogging") for message in tl401] == (
        [] if stops is Decision.DENIED else [True])


GUARDED = HEAD + """Globals:
  Function:
    PermissionsBoundary: !Ref Guard
Resources:
""" + TRAIL + """  Guard:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - {Effect: Allow, Action: '*', Resource: '*'}
          - {Effect: Deny, Action: 'cloudtrail:*', Resource: '*'}
  Shared:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: {Statement: [{Effect: Allow, Action: cloudtrail:StopLogging, Resource: '*'}]}
  Bounded:
    Type: AWS::Serverless::Function
    Properties: {Handler: app.handler, Policies: [!Ref Shared]}
  Unbounded:
    Type: AWS::Serverless::Function
    IgnoreGlobals: [PermissionsBoundary]
    Properties: {Handler: app.handler, Policies: [!Ref Shared]}
"""


def test_a_globals_boundary_of_the_template_limits_the_role(tmp_path: Path) -> None:
    path = tmp_path / "sam.yaml"
    path.write_text(GUARDED)
    result = run([str(path)], Config(region="us-east-1", account=ACCOUNT), all_rules())
    report = analyse(result.inventory)
    assert report.decision("BoundedRole", MAIN_ARN, "cloudtrail:StopLogging") is Decision.DENIED
    assert report.decision("UnboundedRole", MAIN_ARN, "cloudtrail:StopLogging") is Decision.ALLOWED
    assert [(f.line, f.message) for f in result.findings if f.rule == "TL401"] == [
        (26, "role UnboundedRole can StopLogging on 'main'")]
    # the boundary and the policies are the template's own: nothing about them is left open
    assert [f for f in result.findings if f.rule in ("TL000", "TL001")
            or (f.rule == "TL002" and "TL401" in f.message)] == []


def test_policies_in_globals_are_not_given_to_functions() -> None:
    # SAM rejects Role and Policies in Globals: a function takes neither from there
    text = HEAD + "Globals:\n  Function:\n    Policies: AdministratorAccess\nResources:\n" \
        "  F:\n    Type: AWS::Serverless::Function\n    Properties: {Handler: app.handler}\n"
    role = _roles(text)["FRole"]
    assert (role.inline_policies, role.managed_policies, role.boundary) == ((), (), None)


def test_a_policy_statement_keeps_its_place() -> None:
    text = HEAD + f"Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies: {STOP}\n"
    (policy,) = _roles(text)["FRole"].inline_policies
    assert policy == Policy("F.Policies[0]", (Statement("Allow", ("cloudtrail:StopLogging",), resources=("*",)),))
