"""SAM policy templates (``- S3ReadPolicy: {BucketName: !Ref Logs}``) read as the statements SAM writes.

The transform replaces each ``Ref`` to a template parameter in the template's statements with the
value the function gives, and adds the statements to the role it makes as one inline policy:
https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-templates.html
The templates come from a dated copy of SAM's own file shipped in data/sam-policy-templates.json
(its source and retrieval date are the file's header fields; benchmarks/sam_policy_templates.py
writes it). A parameter the function does not give is UNKNOWN (SAM rejects such a function), and so
is a value known only at deployment: the statement keeps its known parts (policies.policy).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache
from typing import Any

from trail_lint.model import UNKNOWN, InputKind, Origin, Path, Policy, PolicyRef, Problem, Unknown
from trail_lint.normalise.aws_managed import shipped_arn
from trail_lint.normalise.cloudformation.policies import policy
from trail_lint.normalise.cloudformation.values import ABSENT, Template, Trace, condition, intrinsic, resolve
from trail_lint.resources import data_path, load_json_resource

# How the reader reads a managed policy ARN written as an intrinsic (``!Ref SharedPolicy``, ``!Sub
# arn:${AWS::Partition}:iam::aws:policy/...``): linked to a managed policy of the template, or an ARN.
Reference = Callable[[Any, Origin], PolicyRef]


def role_policies(template: Template, item: Any, *, logical_id: str, index: int, path: Path,
                  problems: list[Problem], reference: Reference) -> list[Policy | PolicyRef]:
    """What one ``Policies`` item gives the role SAM makes: an AWS managed policy (by name or ARN),
    an inline policy (a document or a policy template), or an unknown policy.

    SAM takes an item written as an intrinsic function other than ``Fn::If`` for a managed
    policy's ARN, as it is (``reference`` reads it), never as a document or a policy template.

    SAM reads each branch of an ``Fn::If`` item as an item of its own; a branch of a condition that
    is settled only at deployment may not be deployed: its statements are conditional, and a
    managed policy only a branch attaches is unknown (a reference cannot be conditional).
    """
    call = intrinsic(item)
    if call is not None and call[0] == "Fn::If" and isinstance(call[1], list) and len(call[1]) == 3:
        decided = condition(template, call[1][0], Trace())
        branches = call[1][1:] if isinstance(decided, Unknown) else [call[1][1] if decided else call[1][2]]
        found: list[Policy | PolicyRef] = []
        for branch in branches:
            if resolve(template, branch) is ABSENT:
                continue
            for read in role_policies(template, branch, logical_id=logical_id, index=index, path=path,
                                      problems=problems, reference=reference):
                if not isinstance(decided, Unknown):
                    found.append(read)
                elif isinstance(read, Policy) and isinstance(read.statements, tuple):
                    found.append(replace(read, statements=tuple(replace(statement, conditions=UNKNOWN)
                                                                for statement in read.statements)))
                else:
                    return [_unknown(template, f"{logical_id}.Policies[{index}]", path, logical_id)]
        return found
    if call is not None:
        return [reference(item, _origin(template, path, logical_id))]
    value = resolve(template, item)
    if isinstance(value, str) and value:
        if value.startswith("arn:"):
            return [PolicyRef(value, _origin(template, path, logical_id))]
        # SAM turns a name into the ARN IAM lists for it in the stack's partition (arn:aws-us-gov: in
        # GovCloud), which may hold a path (service-role/...): not known without the stack's Region
        named = (shipped_arn(value) or f"arn:aws:iam::aws:policy/{value}").split(":", 2)[2]
        return [reference({"Fn::Sub": "arn:${AWS::Partition}:" + named}, _origin(template, path, logical_id))]
    if isinstance(item, dict) and call is None and "Statement" in item:
        return [policy(template, item, name=f"{logical_id}.Policies[{index}]", path=path, resource=logical_id,
                       problems=problems, per_statement=True)]
    used = template_name(item)
    if used is not None:
        return [template_policy(template, item, name=f"{logical_id}.{used}", path=path, resource=logical_id,
                                problems=problems)]
    # a template SAM's shipped copy does not have, or a value known only at deployment
    name = next(iter(item)) if isinstance(item, dict) and len(item) == 1 else f"Policies[{index}]"
    return [_unknown(template, f"{logical_id}.{name}", path, logical_id)]


# The Globals section gives each AWS::Serverless::Function the properties it does not set itself
# (PermissionsBoundary among them; never Role or Policies), except those its IgnoreGlobals
# attribute lists ("*": all); a state machine takes none that bear on its role.
# https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html
_GLOBALS = {"AWS::Serverless::Function": "Function"}


def function_property(template: Template, logical_id: str, resource: dict[str, Any], key: str
                      ) -> tuple[Any, Path] | None:
    """A SAM resource's property ``key`` (one that SAM takes whole, never merged) with where it is
    written: the resource's own, else the Globals section's; None if neither sets it."""
    properties = resource.get("Properties")
    if isinstance(properties, dict) and key in properties:
        return properties[key], template.path(logical_id) + ("Properties", key)
    section = _GLOBALS.get(str(resource.get("Type")))
    if section is None:
        return None
    shared = template.sam_globals.get(section)
    ignored = resource.get("IgnoreGlobals")
    if not isinstance(shared, dict) or key not in shared or ignored == "*" \
            or (isinstance(ignored, list) and key in ignored):
        return None
    return shared[key], ("Globals", section, key)


def makes_role(template: Template, resource: dict[str, Any]) -> bool:
    """Whether SAM may make a role for this function or state machine: it names no ``Role``, or one
    that comes to no value (``AWS::NoValue``, which an ``Fn::If`` settled only at deployment may
    choose; a role that may be made is read as made, as a role resource under such a condition is)."""
    properties = resource.get("Properties")
    written = properties.get("Role", ABSENT) if isinstance(properties, dict) else ABSENT
    trace = Trace()
    if resolve(template, written, trace) is ABSENT or trace.maybe_absent:
        return True
    call = intrinsic(written)
    # settled by a parameter's Default: the deployment may pass a value that chooses the other branch
    return bool(trace.assumed) and call is not None and call[0] == "Fn::If" and isinstance(call[1], list) \
        and len(call[1]) == 3 and any(resolve(template, branch) is ABSENT for branch in call[1][1:])


def _unknown(template: Template, name: str, path: Path, logical_id: str) -> Policy:
    return Policy(name, UNKNOWN, origin=_origin(template, path, logical_id))


def _origin(template: Template, path: Path, logical_id: str) -> Origin:
    return Origin(template.file, path, {}, resource=logical_id, kind=InputKind.CLOUDFORMATION)


@cache
def _templates() -> dict[str, Any]:
    templates: dict[str, Any] = load_json_resource(data_path("sam-policy-templates.json"))["templates"]
    return templates


def template_name(item: Any) -> str | None:
    """The name of the SAM policy template a ``Policies`` item uses, None if it uses none SAM has."""
    if isinstance(item, dict) and len(item) == 1 and intrinsic(item) is None:
        name = next(iter(item))
        if isinstance(name, str) and name in _templates():
            return name
    return None


def template_policy(template: Template, item: dict[str, Any], *, name: str, path: Path, resource: str,
                    problems: list[Problem]) -> Policy:
    """The inline policy a ``Policies`` item naming a SAM policy template (template_name) gives."""
    (used, given), = item.items()
    shipped = _templates()[used]
    values = {parameter: given[parameter] if isinstance(given, dict) and parameter in given else UNKNOWN
              for parameter in shipped["parameters"]}
    document = {"Statement": _filled(shipped["statements"], values)}
    return policy(template, document, name=name, path=path + (used,), resource=resource, problems=problems,
                  per_statement=True)


def _filled(value: Any, values: dict[str, Any]) -> Any:
    """The template's statements with each ``Ref`` to one of its parameters replaced by the value given."""
    if isinstance(value, dict):
        if len(value) == 1 and isinstance(value.get("Ref"), str) and value["Ref"] in values:
            return values[value["Ref"]]
        return {key: _filled(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [_filled(item, values) for item in value]
    return value
