"""Nested stacks, stack sets and SAM applications: what they create is not read with the parent.

A nested stack's template (``AWS::CloudFormation::Stack``) is another file (``TemplateURL``: an S3
URL, or a local path before ``aws cloudformation package``), deployed with the ``Parameters`` the
parent passes. A stack set (``AWS::CloudFormation::StackSet``) deploys its template (``TemplateURL``,
or the template text itself in ``TemplateBody``) to other accounts and Regions, with ``Parameters``
written as ``ParameterKey``/``ParameterValue`` pairs: organization baselines deploy their trails so.
trail-lint reads each template on its own, so the parent says (TL002) which stack or stack set it
did not read and the exact ``--parameter`` values to lint the child template with; values the
parent cannot settle are named with their cause, never guessed. A nested stack whose template a CDK
cloud assembly holds beside the parent (the resource's ``aws:asset:path`` metadata) is read with the
values the parent passes (``PassedParameters``, which the engine gives that file's reading): the
parent then says nothing of it. So is the template of a nested stack or serverless application that
a local path names (``TemplateURL: audit/trail.yaml``, relative to the parent, as ``aws
cloudformation package`` and ``sam package`` read it), where that file is there.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-stack.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-stackset.html
"""
from __future__ import annotations

import os
import posixpath
import re
from typing import Any

from trail_lint.model import At, Existence, Problem
from trail_lint.normalise import Contents, PassedParameters
from trail_lint.normalise.cdk_assembly import NESTED_SUFFIX
from trail_lint.normalise.cloudformation.parameters import ABSENT, Trace, is_scalar, scalar_text
from trail_lint.normalise.cloudformation.resources import existence, within
from trail_lint.normalise.cloudformation.stack_sets import inline_contents
from trail_lint.normalise.cloudformation.values import Template, intrinsic, resolve

STACK_TYPE = "AWS::CloudFormation::Stack"
STACK_SET_TYPE = "AWS::CloudFormation::StackSet"
# SAM's nested application: a template from the Serverless Application Repository or a file,
# deployed as a nested stack (https://docs.aws.amazon.com/serverless-application-model/latest/
# developerguide/sam-resource-application.html)
APPLICATION_TYPE = "AWS::Serverless::Application"
_WHAT = {STACK_TYPE: "nested stack", STACK_SET_TYPE: "stack set", APPLICATION_TYPE: "serverless application"}
_REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def nested_stacks(template: Template, problems: list[Problem]) -> tuple[list[PassedParameters], list[Contents]]:
    """One TL002 for each nested stack, stack set or serverless application the template may create,
    but two kinds. A nested stack whose template is beside it in a CDK cloud assembly or a local file:
    that template is read with the values the stack passes (returned first), and what they leave
    unknown is said there. A stack set whose TemplateBody is known: what it makes is read in place
    (returned second, placed at the stack set)."""
    passed = []
    inline_read: list[Contents] = []
    for logical_id, resource in template.resources.items():
        kind = resource.get("Type")
        if kind not in _WHAT or existence(template, str(logical_id), resource) is None:
            continue
        raw = resource.get("Properties")
        raw = raw if isinstance(raw, dict) else {}
        inline = kind == STACK_SET_TYPE and "TemplateBody" in raw and "TemplateURL" not in raw
        key = "Location" if kind == APPLICATION_TYPE else "TemplateBody" if inline else "TemplateURL"
        at = At(template.file, template.path(str(logical_id)) + ("Properties", key))
        rests_on = within(template, resource)   # the Defaults the values passed rest on
        given_values: Any = raw.get("Parameters")
        open_pairs: list[str] = []
        if kind == STACK_SET_TYPE:
            given_values, open_pairs = _pairs(template, resource, given_values)
        resting: dict[str, tuple[tuple[str, str], ...]] = {}
        known, causes, open_values = _parameters(template, resource, given_values, rests_on, resting)
        if inline and not open_values and not open_pairs \
                and existence(template, str(logical_id), resource) is Existence.CREATED:
            read = inline_contents(template, str(logical_id), resource, known, causes, problems, resting)
            if read is not None:
                inline_read.append(read)
                continue
        beside = _assembly_template(template, resource) if kind == STACK_TYPE else None
        if beside is None and kind != STACK_SET_TYPE:
            beside = _local_template(template, resource, raw.get(key))
        if beside is not None and not open_values:
            where = f"{_WHAT[kind]} {logical_id!r} of {template.file}"
            passed.append(PassedParameters(beside, tuple(known.items()), tuple(
                (name, f"parameter {name} is passed by {where}, where it is not known: {cause}")
                for name, cause in causes.items()), tuple(resting.items()), at, f"{_WHAT[kind]} {logical_id!r}"))
            continue
        flags = [f"--parameter {name}={value}" for name, value in known.items()]
        open_values = [f"{name} is not known here: {cause}" for name, cause in causes.items()] + open_values
        open_values += open_pairs
        template.assume(at, rests_on, None)
        given = f" with {' '.join(flags)}" if flags else ""
        unknown = f" ({'; '.join(open_values)})" if open_values else ""
        what = _WHAT[kind]
        source = "its TemplateBody, saved to a file," if inline else \
            _application(template, resource, raw.get("Location")) if kind == APPLICATION_TYPE else \
            f"its template {_template(template, resource, raw.get('TemplateURL'))}"
        if beside is not None:
            source = f"its template {beside}"
        problems.append(Problem(f"{what} {logical_id!r} is not read with this template: lint {source} on its own"
                                f"{given}{unknown}", at, resource=str(logical_id),
                                subject=f"unknown:{what.replace(' ', '-')}"))
    return passed, inline_read


def _assembly_template(template: Template, resource: dict[str, Any]) -> str | None:
    """The nested stack's template beside the parent in a CDK cloud assembly: the file asset the
    resource's metadata names for its TemplateURL (``aws:asset:path``, which ``cdk synth`` writes
    unless asset metadata is turned off), when it is there."""
    metadata = resource.get("Metadata")
    if not isinstance(metadata, dict) or metadata.get("aws:asset:property") != "TemplateURL":
        return None
    name = metadata.get("aws:asset:path")
    if not isinstance(name, str) or os.path.basename(name) != name or not name.endswith(NESTED_SUFFIX):
        return None
    file = os.path.join(os.path.dirname(template.file), name)
    return file if os.path.isfile(file) else None


def _local_template(template: Template, resource: dict[str, Any], written: Any) -> str | None:
    """The nested template a local path names (``TemplateURL``, a SAM application's ``Location``), as
    ``aws cloudformation package`` and ``sam package`` read it before they upload it: relative to the
    parent's directory. None for a URL, a value not known, or a file that is not there.
    https://docs.aws.amazon.com/cli/latest/reference/cloudformation/package.html"""
    trace = within(template, resource)
    path = resolve(template, written, trace) if intrinsic(written) is not None else written
    if not isinstance(path, str) or not path or _REMOTE.match(path) or trace.causes or trace.assumed:
        return None
    file = os.path.normpath(os.path.join(os.path.dirname(template.file), path))
    return file if os.path.isfile(file) else None


def _pairs(template: Template, resource: dict[str, Any], written: Any) -> tuple[Any, list[str]]:
    """A stack set's ``Parameters`` list of ParameterKey/ParameterValue pairs as a mapping, and why
    the pairs that are not known are not."""
    trace = within(template, resource)
    listed = resolve(template, written, trace) if intrinsic(written) is not None else written
    if not isinstance(listed, list):
        return (None if listed in (None, ABSENT) else written), []
    pairs, open_pairs = {}, []
    for item in listed:
        own = within(template, resource)
        if intrinsic(item) is not None:
            item = resolve(template, item, own)     # !If [Cond, {ParameterKey: ...}, !Ref AWS::NoValue]
        if isinstance(item, dict) and isinstance(item.get("ParameterKey"), str):
            pairs[item["ParameterKey"]] = item.get("ParameterValue")
        elif item is not ABSENT:
            open_pairs.append(f"a parameter pair is not known here: {'; '.join(own.causes) or 'not a pair'}")
    return pairs, open_pairs


def _application(template: Template, resource: dict[str, Any], written: Any) -> str:
    """What to lint for a SAM application: its Serverless Application Repository version, or its file."""
    trace = within(template, resource)
    location = resolve(template, written, trace)
    if isinstance(location, dict):
        application, version = location.get("ApplicationId"), location.get("SemanticVersion")
        if isinstance(application, str) and is_scalar(version):
            return f"the template of {application} version {scalar_text(version)}"
        return f"its template (its Location is not known: {'; '.join(trace.causes) or 'not an application'})"
    return f"its template {_template(template, resource, written)}"


def _template(template: Template, resource: dict[str, Any], written: Any) -> str:
    trace = within(template, resource)
    url = resolve(template, written, trace)
    if not isinstance(url, str):
        return f"(its TemplateURL is not known: {'; '.join(trace.causes) or 'not a string'})"
    if _REMOTE.match(url):
        return url
    # A local path, as `aws cloudformation package` and `sam deploy` take it: relative to the parent.
    return posixpath.normpath(posixpath.join(posixpath.dirname(template.file.replace("\\", "/")), url))


def _parameters(template: Template, resource: dict[str, Any], given: Any, rests_on: Trace,
                resting: dict[str, tuple[tuple[str, str], ...]] | None = None
                ) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """Each value the parent passes that is known, why each other is not, and why the values passed
    are not known at all; ``resting`` gets the values known from the parent's parameters' Defaults,
    with those Defaults (Supplied.resting)."""
    trace = within(template, resource)
    if given is None:
        given = {}
    elif intrinsic(given) is not None:   # Parameters: !If [...]
        given = resolve(template, given, trace)
    if not isinstance(given, dict):
        return {}, {}, [f"the Parameters it passes are not known: {'; '.join(trace.causes) or 'not a mapping'}"]
    known, causes = {}, {}
    for name, written in given.items():
        own = within(template, resource)
        value = resolve(template, written, own)
        if isinstance(value, list) and all(is_scalar(item) for item in value):
            value = ",".join(scalar_text(item) for item in value)   # a CommaDelimitedList
        if is_scalar(value):
            known[str(name)] = scalar_text(value)
            rests_on.assumed.update(own.assumed)
            if own.assumed and resting is not None:
                resting[str(name)] = tuple(sorted(own.assumed.items()))
        else:
            causes[str(name)] = '; '.join(own.causes) or 'not a string'
    return known, causes, []
