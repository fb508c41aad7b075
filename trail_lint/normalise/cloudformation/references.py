"""References a template makes to names it does not declare (TL213).

CloudFormation rejects a template whose ``Ref`` names no parameter, resource or pseudo parameter,
whose ``Fn::GetAtt`` names no resource, or whose ``Fn::Sub`` has a ``${X}`` that is neither
(nor one of its own variables), or whose resource's ``DependsOn`` names no resource of the template:
"Template format error: Unresolved resource dependencies". Resource properties and ``DependsOn``,
Outputs and Conditions are searched. So it does a template whose resource or
output ``Condition``, ``Fn::If`` or ``Condition`` function names no condition of its Conditions
section ("Unresolved condition dependency").

A template with a ``Transform`` (SAM, ``AWS::Include``, macros) is left alone: the transform adds
resources that are not in the file (SAM's ``ServerlessRestApi``, ``<Function>Role``...). So is an
org-formation template (``AWSTemplateFormatVersion: 2010-09-09-OC``), whose bindings and
``!Include``s are resolved before CloudFormation sees it.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-ref.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-getatt.html
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from trail_lint.model import InputKind, MissingReference, Origin, Path
from trail_lint.normalise.cloudformation.values import (
    PSEUDO_PARAMETERS,
    SUB_VARIABLE,
    Template,
    intrinsic,
)


def missing_references(data: Mapping[str, Any], template: Template) -> tuple[MissingReference, ...]:
    if data.get("Transform") is not None or str(data.get("AWSTemplateFormatVersion", "")).endswith("-OC"):
        return ()
    found: list[MissingReference] = []
    for logical_id, resource in template.resources.items():
        found.extend(_condition(template, resource, template.path(str(logical_id)), str(logical_id)))
        found.extend(_depends_on(template, resource, template.path(str(logical_id)), str(logical_id)))
        if "Properties" in resource:
            path: Path = template.path(str(logical_id)) + ("Properties",)
            found.extend(_walk(template, resource["Properties"], path, str(logical_id)))
    for section in ("Outputs", "Conditions"):
        entries = data.get(section)
        if isinstance(entries, dict):
            for name, entry in entries.items():
                if section == "Outputs":
                    found.extend(_condition(template, entry, (section, name), str(name)))
                found.extend(_walk(template, entry, (section, name), str(name), section == "Conditions"))
    return tuple(found)


def _condition(template: Template, entry: Any, path: Path, owner: str) -> Iterator[MissingReference]:
    """A resource's or output's ``Condition`` attribute that names no condition."""
    name = entry.get("Condition") if isinstance(entry, dict) else None
    if isinstance(name, str) and name not in template.conditions:
        yield MissingReference(name, "Condition", Origin(template.file, path + ("Condition",), resource=owner,
                                                         kind=InputKind.CLOUDFORMATION))


def _depends_on(template: Template, entry: Any, path: Path, owner: str) -> Iterator[MissingReference]:
    """A resource's ``DependsOn`` (one logical ID or a list of them) naming no resource of the template.
    https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-dependson.html"""
    names = entry.get("DependsOn") if isinstance(entry, dict) else None
    here = path + ("DependsOn",)
    listed = [(here, names)] if isinstance(names, str) else \
        [(here + (index,), name) for index, name in enumerate(names)] if isinstance(names, list) else []
    for at, name in listed:
        if isinstance(name, str) and name not in template.resources:
            yield MissingReference(name, "DependsOn", Origin(template.file, at, resource=owner,
                                                             kind=InputKind.CLOUDFORMATION))


def _walk(template: Template, value: Any, path: Path, owner: str,
          in_conditions: bool = False) -> Iterator[MissingReference]:
    """``in_conditions``: in the Conditions section, where ``{Condition: Name}`` names a condition."""
    call = intrinsic(value)
    if call is None and in_conditions and isinstance(value, dict) and list(value) == ["Condition"]:
        call = "Condition", value["Condition"]
    if call is not None:
        name, argument = call
        here = path + (name,)
        target = _missing(template, name, argument)
        if target is not None:
            yield MissingReference(target, name, Origin(template.file, here, resource=owner, kind=InputKind.CLOUDFORMATION))
        if name == "Fn::Sub":
            yield from _sub(template, argument, here, owner)
        yield from _walk(template, argument, here, owner, in_conditions)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(template, item, path + (key,), owner, in_conditions)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(template, item, path + (index,), owner, in_conditions)


def _missing(template: Template, name: str, argument: Any) -> str | None:
    if name == "Ref" and isinstance(argument, str):
        declared = argument in template.parameters or argument in template.resources
        return None if declared or argument in PSEUDO_PARAMETERS else argument
    if name == "Fn::GetAtt":
        target = argument.split(".", 1)[0] if isinstance(argument, str) else \
            argument[0] if isinstance(argument, list) and argument and isinstance(argument[0], str) else None
        return target if target is not None and target not in template.resources else None
    if name == "Fn::If" and isinstance(argument, list) and argument and isinstance(argument[0], str):
        return argument[0] if argument[0] not in template.conditions else None
    if name == "Condition" and isinstance(argument, str):
        return argument if argument not in template.conditions else None
    return None


def _sub(template: Template, argument: Any, path: Path, owner: str) -> Iterator[MissingReference]:
    variables: Any = {}
    if isinstance(argument, list) and len(argument) == 2:
        argument, variables = argument
    if not isinstance(argument, str) or not isinstance(variables, dict):
        return
    for match in SUB_VARIABLE.finditer(argument):
        name = match.group(1).strip()
        if name.startswith("!") or name in variables:
            continue
        target, dot, _ = name.partition(".")
        declared = target in template.resources or (
            not dot and (target in template.parameters or target in PSEUDO_PARAMETERS))
        if not declared:
            yield MissingReference(target, "Fn::Sub", Origin(template.file, path, resource=owner, kind=InputKind.CLOUDFORMATION))
