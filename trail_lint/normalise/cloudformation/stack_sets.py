"""A stack set's template written into it (``TemplateBody``, a JSON or YAML string): read in place.

Its trails, policies and buckets are the stack set's stack instances': read with the values of the
stack set's ``Parameters`` (``ParameterKey``/``ParameterValue`` pairs), and placed at the stack set's
``TemplateBody`` (the text holds no positions of the parent's). Where the instances are is what its
``StackInstancesGroup`` says: accounts by ID (``DeploymentTargets.Accounts``) or not known offline
(``OrganizationalUnitIds``, ``AccountsUrl``), and ``Regions``. One account and one Region known are
the trails' own; several Regions, or Regions not known, leave the trails' home Region unknown, with
one TL002 that says so. A pair whose value the parent takes from its parameters' Defaults is read
so (a finding resting on it names those Defaults). A parameter a group
overrides (``ParameterOverrides``) has more than one value, and one no pair passes that has no
Default has none: both are not known, with that cause.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-stackset.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudformation-stackset-stackinstances.html
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any

from trail_lint.model import UNKNOWN, At, Origin, Problem, Unknown
from trail_lint.normalise import Contents, MalformedInput, Supplied
from trail_lint.normalise.cloudformation.resources import within
from trail_lint.normalise.cloudformation.values import Template, resolve
from trail_lint.records import replace

ADDED_KEY = "TemplateBody"


def inline_contents(template: Template, logical_id: str, resource: dict[str, Any], known: dict[str, str],
                    causes: dict[str, str], problems: list[Problem],
                    resting: Mapping[str, tuple[tuple[str, str], ...]] | None = None) -> Contents | None:
    """What the stack set's TemplateBody makes, placed at it; None when its text is not known offline
    (the caller then says what to lint). ``resting``: the pairs whose values the parent takes from its
    parameters' Defaults, with those Defaults (Supplied.resting: what rests on them says so)."""
    from trail_lint.load import LoadError, load_text
    from trail_lint.normalise.cloudformation import template as cloudformation

    properties = resource.get("Properties")
    trace = within(template, resource)
    body = resolve(template, properties.get(ADDED_KEY) if isinstance(properties, dict) else None, trace)
    if not isinstance(body, str) or trace.causes or trace.assumed:
        return None
    base = template.path(logical_id) + ("Properties",)
    at = At(template.file, base + (ADDED_KEY,))
    what = f"stack set {logical_id!r}"
    inner = f"{template.file}#{logical_id}"
    try:
        doc = load_text(body, inner)
    except LoadError as error:
        problems.append(Problem(f"the TemplateBody of {what} is not JSON or YAML CloudFormation reads "
                                f"({error.message}): CloudFormation refuses it, and what it deploys is not known", at,
                                resource=logical_id, subject="unknown:stack-set"))
        return Contents(cloudformation.KIND)
    accounts, regions, overridden = _targets(template, resource)
    known = dict(known)
    declared = doc.data.get("Parameters") if isinstance(doc.data, dict) else None
    declared = declared if isinstance(declared, dict) else {}
    passed = {name: f"parameter {name} is passed by {what} of {template.file}, where it is not known: {cause}"
              for name, cause in causes.items()}
    for name in overridden:
        known.pop(name, None)
        passed[name] = f"{what} of {template.file} gives parameter {name} other values for some of its stack " \
                       "instances (ParameterOverrides)"
    for name, declaration in declared.items():
        if str(name) not in known and str(name) not in passed and \
                not (isinstance(declaration, dict) and "Default" in declaration):
            passed[str(name)] = f"{what} of {template.file} passes parameter {name} no value, and it has no Default"
    account = next(iter(accounts)) if accounts is not None and len(accounts) == 1 else None
    region = next(iter(regions)) if regions is not None and len(regions) == 1 else None
    supplied = Supplied(region=region, account=account, parameters=known, documents=template.supplied.documents,
                        stated=(account, region), passed=passed, resting=dict(resting or {}),
                        instances=f"the stack instances of {what} of {template.file}")
    try:
        if not cloudformation.detect(doc.data):
            raise MalformedInput("it is no CloudFormation template", At(inner, ()))
        contents = cloudformation.normalise(doc, supplied)
    except MalformedInput as error:
        problems.append(Problem(f"the TemplateBody of {what} is not read: {error.message}", at,
                                resource=logical_id, subject="unknown:stack-set"))
        return Contents(cloudformation.KIND)
    # an ignore comment in the text covers a line of the text, not the parent's line of that number
    contents = replace(contents, suppressions=tuple(s for s in contents.suppressions if s.line is None))
    if region is None and contents.trails:
        where = f"the Regions {', '.join(sorted(regions))}" if regions else "Regions not known offline"
        problems.append(Problem(f"{what} deploys its TemplateBody to {where}: the home Region of the trails it "
                                "makes is not known, and Region checks (quota, coverage, cost) leave them out",
                                At(template.file, base + ("StackInstancesGroup",)), resource=logical_id,
                                subject="region"))
        contents = replace(contents, trails=tuple(replace(trail, region=UNKNOWN) for trail in contents.trails))
    return relocated(contents, inner, at)


def _targets(template: Template, resource: dict[str, Any]) -> tuple[set[str] | None, set[str] | None, set[str]]:
    """The accounts and Regions of the stack set's instances (None: not known offline), and the
    parameters a group overrides."""
    properties = resource.get("Properties")
    trace = within(template, resource)
    groups = resolve(template, properties.get("StackInstancesGroup"), trace) if isinstance(properties, dict) else None
    accounts: set[str] | None = set()
    regions: set[str] | None = set()
    overridden: set[str] = set()
    if not isinstance(groups, list) or not groups:
        return None, None, overridden
    for group in groups:
        if not isinstance(group, dict):
            return None, None, overridden
        targets, listed = group.get("DeploymentTargets"), group.get("Regions")
        targets = targets if isinstance(targets, dict) else {}
        named = targets.get("Accounts")
        # accounts of organizational units (or of a file in S3) are not known offline
        if accounts is not None and isinstance(named, list) and all(isinstance(a, str) for a in named) \
                and not {"OrganizationalUnitIds", "AccountsUrl"} & set(targets):
            accounts |= set(named)
        else:
            accounts = None
        if regions is not None and isinstance(listed, list) and all(isinstance(r, str) for r in listed):
            regions |= set(listed)
        else:
            regions = None
        for pair in group.get("ParameterOverrides") or ():
            if isinstance(pair, dict) and isinstance(pair.get("ParameterKey"), str):
                overridden.add(pair["ParameterKey"])
    return accounts, regions, overridden


def relocated(contents: Contents, inner: str, at: At) -> Contents:
    """The contents read from the text at ``at`` (a document named ``inner``), with every place in
    that document placed below ``at``: the engine locates it at ``at``, the nearest place it has."""
    memo: dict[int, Any] = {}

    def moved(place: At) -> At:
        return At(at.file, at.path + place.path) if place.file == inner else place

    return _relocated(contents, moved, memo)


_LEAVES = (str, int, float, bool, type(None), Enum, Unknown, bytes)


def _relocated(value: Any, moved: Callable[[At], At], memo: dict[int, Any]) -> Any:
    if isinstance(value, _LEAVES):
        return value
    key = id(value)
    if key in memo:
        return memo[key]
    result: Any = value
    if isinstance(value, At):
        result = moved(value)
    elif isinstance(value, Origin):
        place = moved(value.at)
        keys = {name: _relocated(key_, moved, memo) for name, key_ in value.keys.items()}
        result = replace(value, file=place.file, path=place.path, keys=keys)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        changed = {f.name: _relocated(getattr(value, f.name), moved, memo) for f in dataclasses.fields(value)}
        if any(changed[name] is not getattr(value, name) for name in changed):
            result = replace(value, **changed)
    elif isinstance(value, tuple):
        items = tuple([_relocated(item, moved, memo) for item in value])
        result = value if all(a is b for a, b in zip(items, value)) else items
    elif isinstance(value, list):
        result = [_relocated(item, moved, memo) for item in value]
    elif isinstance(value, dict):
        result = {k: _relocated(v, moved, memo) for k, v in value.items()}
    memo[key] = result
    return result

