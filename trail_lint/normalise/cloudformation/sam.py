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

from functools import cache
from typing import Any

from trail_lint.model import UNKNOWN, Path, Policy, Problem
from trail_lint.normalise.cloudformation.policies import policy
from trail_lint.normalise.cloudformation.values import Template, intrinsic
from trail_lint.resources import data_path, load_json_resource


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
