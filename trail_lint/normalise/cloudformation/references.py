"""References a template makes to names it does not declare (TL213).

CloudFormation rejects a template whose ``Ref`` names no parameter, resource or pseudo parameter,
whose ``Fn::GetAtt`` names no resource, or whose ``Fn::Sub`` has a ``${X}`` that is neither
(nor one of its own variables): "Template format error: Unresolved resource dependencies".
Resource properties, Outputs and Conditions are searched.

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
        if "Properties" in resource:
            path: Path = template.path(str(logical_id)) + ("Properties",)
            found.extend(_walk(template, resource["Properties"], path, str(logical_id)))
    for section in ("Outputs", "Conditions"):
        entries = data.get(section)
        if isinstance(entries, dict):
            for name, entry in entries.items():
                found.extend(_walk(template, entry, (section, name), str(name)))
    return tuple(found)


def _walk(template: Template, value: Any, path: Path, owner: str) -> Iterator[MissingReference]:
    call = intrinsic(value)
    if call is not None:
        name, argument = call
        here = path + (name,)
        target = _missing(template, name, argument)
        if target is not None:
            yield MissingReference(target, name, Origin(template.file, here, resource=owner, kind=InputKind.CLOUDFORMATION))
        if name == "Fn::Sub":
            yield from _sub(template, argument, here, owner)
        yield from _walk(template, argument, here, owner)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(template, item, path + (key,), owner)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(template, item, path + (index,), owner)


def _missing(template: Template, name: str, argument: Any) -> str | None:
    if name == "Ref" and isinstance(argument, str):
        declared = argument in template.parameters or argument in template.resources
        return None if declared or argument in PSEUDO_PARAMETERS else argument
    if name == "Fn::GetAtt":
        target = argument.split(".", 1)[0] if isinstance(argument, str) else \
            argument[0] if isinstance(argument, list) and argument and isinstance(argument[0], str) else None
        return target if target is not None and target not in template.resources else None
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
