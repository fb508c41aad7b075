"""Nested stacks (``AWS::CloudFormation::Stack``): what they create is not read with the parent.

A nested stack's template is another file (``TemplateURL``: an S3 URL, or a local path before
``aws cloudformation package``), deployed with the ``Parameters`` the parent passes. trail-lint
reads each template on its own, so the parent says (TL002) which stack it did not read and the
exact ``--parameter`` values to lint the child template with; values the parent cannot settle are
named with their cause, never guessed.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-stack.html
"""
from __future__ import annotations

import posixpath
import re
from typing import Any

from trail_lint.model import At, Problem
from trail_lint.normalise.cloudformation.parameters import Trace, is_scalar, scalar_text
from trail_lint.normalise.cloudformation.resources import existence, within
from trail_lint.normalise.cloudformation.values import Template, intrinsic, resolve

STACK_TYPE = "AWS::CloudFormation::Stack"
_REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def nested_stacks(template: Template, problems: list[Problem]) -> None:
    """One TL002 for each nested stack the template may create."""
    for logical_id, resource in template.resources.items():
        if resource.get("Type") != STACK_TYPE or existence(template, str(logical_id), resource) is None:
            continue
        raw = resource.get("Properties")
        raw = raw if isinstance(raw, dict) else {}
        at = At(template.file, template.path(str(logical_id)) + ("Properties", "TemplateURL"))
        rests_on = within(template, resource)   # the Defaults the values passed rest on
        flags, open_values = _parameters(template, resource, raw.get("Parameters"), rests_on)
        template.assume(at, rests_on, None)
        given = f" with {' '.join(flags)}" if flags else ""
        unknown = f" ({'; '.join(open_values)})" if open_values else ""
        problems.append(Problem(f"nested stack {logical_id!r} is not read with this template: lint its template "
                                f"{_template(template, resource, raw.get('TemplateURL'))} on its own{given}{unknown}",
                                at, resource=str(logical_id), subject="unknown:nested-stack"))


def _template(template: Template, resource: dict[str, Any], written: Any) -> str:
    trace = within(template, resource)
    url = resolve(template, written, trace)
    if not isinstance(url, str):
        return f"(its TemplateURL is not known: {'; '.join(trace.causes) or 'not a string'})"
    if _REMOTE.match(url):
        return url
    # A local path, as `aws cloudformation package` and `sam deploy` take it: relative to the parent.
    return posixpath.normpath(posixpath.join(posixpath.dirname(template.file.replace("\\", "/")), url))


def _parameters(template: Template, resource: dict[str, Any], given: Any, rests_on: Trace
                ) -> tuple[list[str], list[str]]:
    """``--parameter NAME=VALUE`` for each value the parent passes, and why the others are not known."""
    trace = within(template, resource)
    if given is None:
        given = {}
    elif intrinsic(given) is not None:   # Parameters: !If [...]
        given = resolve(template, given, trace)
    if not isinstance(given, dict):
        return [], [f"the Parameters it passes are not known: {'; '.join(trace.causes) or 'not a mapping'}"]
    flags, open_values = [], []
    for name, written in given.items():
        own = within(template, resource)
        value = resolve(template, written, own)
        if isinstance(value, list) and all(is_scalar(item) for item in value):
            value = ",".join(scalar_text(item) for item in value)   # a CommaDelimitedList
        if is_scalar(value):
            flags.append(f"--parameter {name}={scalar_text(value)}")
            rests_on.assumed.update(own.assumed)
        else:
            open_values.append(f"{name} is not known here: {'; '.join(own.causes) or 'not a string'}")
    return flags, open_values
