"""Service and resource control policies and the organization's OUs and accounts in a CloudFormation template.

An OU or account created by the template has no id before deployment: it is named by its logical
id, and a ``TargetIds``/``ParentId`` entry that refers to it (``!Ref SecurityOU``) carries that
logical id, the same convention as the IAM readers.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-organizations-policy.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-organizations-organizationalunit.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-organizations-account.html
"""
from __future__ import annotations

from typing import Any

from trail_lint.model import (
    UNKNOWN,
    At,
    OrgNode,
    OrgNodeKind,
    Origin,
    Path,
    Problem,
    ResourceControlPolicy,
    ServiceControlPolicy,
    Unknown,
    untyped_policy,
)
from trail_lint.normalise.cloudformation.parameters import Trace, parameter_cause
from trail_lint.normalise.cloudformation.policies import KIND, policy, ref_target
from trail_lint.normalise.cloudformation.template import stack
from trail_lint.normalise.cloudformation.values import (
    ABSENT,
    Template,
    intrinsic,
    resolve,
)

_NODES = {"AWS::Organizations::OrganizationalUnit": OrgNodeKind.UNIT, "AWS::Organizations::Account": OrgNodeKind.ACCOUNT}
# The organization stands for its root (`!GetAtt Org.RootId` links to it), and only the management
# account can create it: the stack's account ("must be called using credentials from the account that
# is to become the new organization's management account",
# https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-organizations-organization.html).
_ORGANIZATION = "AWS::Organizations::Organization"


def organization(template: Template, problems: list[Problem]
                 ) -> tuple[tuple[ServiceControlPolicy, ...], tuple[ResourceControlPolicy, ...], tuple[OrgNode, ...]]:
    from trail_lint.normalise.cloudformation.resources import existence

    scps: list[ServiceControlPolicy] = []
    rcps: list[ResourceControlPolicy] = []
    nodes: list[OrgNode] = []
    for logical_id, resource in template.resources.items():
        kind = resource.get("Type")
        if kind != "AWS::Organizations::Policy" and kind not in _NODES and kind != _ORGANIZATION:
            continue
        if existence(template, str(logical_id), resource) is None:
            continue
        raw = resource.get("Properties") if isinstance(resource.get("Properties"), dict) else {}
        base: Path = template.path(str(logical_id)) + ("Properties",)
        origin = Origin(template.file, base, resource=str(logical_id), kind=KIND)
        if kind == _ORGANIZATION:
            nodes.append(OrgNode(str(logical_id), OrgNodeKind.ROOT, None, origin))
            # the stack's account, by its ID when --account names it, else by the stack's key
            deployment = stack(template.file, template.supplied)
            # FeatureSet: ALL (the default) or CONSOLIDATED_BILLING
            features = resolve(template, raw.get("FeatureSet", "ALL"))
            nodes.append(OrgNode(template.supplied.account or deployment.key, OrgNodeKind.MANAGEMENT, None, origin,
                                 deployment=deployment,
                                 all_features=features == "ALL" if isinstance(features, str) else UNKNOWN))
            continue
        if kind in _NODES:
            key = "ParentId" if kind == "AWS::Organizations::OrganizationalUnit" else "ParentIds"
            parents = _ids(template, raw.get(key, ABSENT))
            # An account without ParentIds is created under the root; an OU must name its parent.
            parent: str | None | Unknown = parents[0] if isinstance(parents, list) and len(parents) == 1 else \
                None if parents == [] and kind == "AWS::Organizations::Account" else UNKNOWN
            nodes.append(OrgNode(str(logical_id), _NODES[kind], parent, origin))
            continue
        trace = Trace()
        policy_type = resolve(template, raw.get("Type"), trace)
        if policy_type is UNKNOWN:
            # an SCP or an RCP (or a policy of another type): said once, at its type
            problems.extend(_unknown_type(template, trace, str(logical_id), origin.of("Type")))
            continue
        if policy_type not in ("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"):
            continue          # tag, backup, AI opt-out policies grant and deny nothing
        content = policy(template, raw.get("Content"), name=_name(template, raw, str(logical_id)),
                         path=base + ("Content",), resource=str(logical_id), problems=problems,
                         per_statement=True)
        found = _ids(template, raw.get("TargetIds", ABSENT))
        targets = tuple(found) if isinstance(found, list) else (UNKNOWN,)
        if policy_type == "RESOURCE_CONTROL_POLICY":
            rcps.append(ResourceControlPolicy(content, targets))
        else:
            scps.append(ServiceControlPolicy(content, targets))
    return tuple(scps), tuple(rcps), tuple(nodes)


def _unknown_type(template: Template, trace: Trace, logical_id: str, at: At) -> list[Problem]:
    """The TL002 of a policy whose Type the template leaves open: with its cause (see ``parameter_cause``),
    what it leaves unread is said in that cause's finding."""
    unread = untyped_policy(repr(logical_id), "before deployment")
    cause = parameter_cause(trace, template.file)
    if cause is not None:
        return [Problem(f"Type of Organizations policy {logical_id!r} is not known before deployment", at,
                        resource=logical_id, subject="unknown:Type", cause=cause),
                Problem(unread, at, resource=logical_id, undecided=True)]
    because = f": {'; '.join(trace.causes)}" if trace.causes else ""
    return [Problem(unread + because, at, resource=logical_id, subject="unknown:Type")]


def _name(template: Template, raw: dict[str, Any], logical_id: str) -> str:
    name = resolve(template, raw.get("Name"))
    return name if isinstance(name, str) and name else logical_id


def _ids(template: Template, value: Any) -> list[str | Unknown] | Unknown:
    """Root, OU or account ids: literal, a parameter's default, or the logical id of an OU/account here."""
    if value is ABSENT:
        return []
    if (intrinsic(value) is None or _linked(template, value)) and not isinstance(value, list):
        value = [value]
    if not isinstance(value, list):
        resolved = resolve(template, value)
        return [item if isinstance(item, str) else UNKNOWN for item in resolved] \
            if isinstance(resolved, list) else UNKNOWN
    found: list[str | Unknown] = []
    for item in value:
        linked = _linked(template, item)
        if linked is not None:
            found.append(linked)
            continue
        resolved = resolve(template, item)
        if resolved is not ABSENT:
            found.append(resolved if isinstance(resolved, str) else UNKNOWN)
    return found


def _linked(template: Template, value: Any) -> str | None:
    """The logical id of the OU, account or organization (its root) a Ref or GetAtt names here."""
    linked = ref_target(value)
    kind = template.resource_type(linked) if linked is not None else None
    return linked if kind in _NODES or kind == _ORGANIZATION else None
