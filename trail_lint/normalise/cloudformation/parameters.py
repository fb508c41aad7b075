"""CloudFormation parameters and pseudo parameters, by the one rule for parameters.

A parameter is **known** when ``--parameter NAME=VALUE`` or the configuration's ``parameters``
give it, or when ``AllowedValues`` has a single entry; **likely** when only its ``Default``
gives it (the value is used and the ``Trace`` records the assumption, so that a finding resting
on it says so); **unknown** otherwise (no Default, an SSM parameter type, a Default that is not
a scalar), with the cause in the ``Trace``. The same rule holds wherever a parameter is read:
Conditions, ``Fn::If``, ``Fn::Sub`` and ``Ref``.

Pseudo parameters ``AWS::Region``, ``AWS::AccountId``, ``AWS::Partition`` and ``AWS::URLSuffix``
are known from ``--region``/``--account``; ``AWS::StackName``, ``AWS::StackId`` and
``AWS::NotificationARNs`` never are; ``AWS::NoValue`` removes the property (``ABSENT``).
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/pseudo-parameter-reference.html
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from trail_lint.model import UNKNOWN, At, Cause, Unknown
from trail_lint.normalise import Supplied
from trail_lint.scope.names import dns_suffix, partition_of


class Absent:
    """``!Ref AWS::NoValue``: the property (or list item) is not there at all."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = Absent()

_LIST_TYPES = ("CommaDelimitedList", "List<")
_SSM_TYPE = "AWS::SSM::Parameter::Value<"
# Pseudo parameters whose value only the deployment knows, and why.
_DEPLOY_TIME = {"AWS::StackName": "the stack name is chosen at deploy time",
                "AWS::StackId": "the stack ID is made at deploy time",
                "AWS::NotificationARNs": "the stack's notification ARNs are chosen at deploy time"}
PSEUDO_PARAMETERS = frozenset({"AWS::Region", "AWS::AccountId", "AWS::Partition", "AWS::URLSuffix",
                               "AWS::NoValue", *_DEPLOY_TIME})


@dataclass
class Trace:
    """What settling one value rested on: parameter Defaults taken as likely values, and why a
    part of it stayed unknown. ``given`` holds conditions known to hold where the value is read
    (a resource with ``Condition: C`` exists only where C is true)."""

    given: Mapping[str, bool | Unknown] = field(default_factory=dict)
    # Parameters whose Default cannot hold where the value is read: the resource exists only
    # when its Condition holds, and under the Defaults it does not.
    overridden: frozenset[str] = frozenset()
    assumed: dict[str, str] = field(default_factory=dict)     # parameter -> its Default, as text
    causes: list[str] = field(default_factory=list)          # why a part is unknown, no repeats
    maybe_absent: bool = False     # an undecided Fn::If between a value and AWS::NoValue or ""
    maybe_empty: bool = False      # a parameter without a known value whose constraints allow ""
    open_parameters: list[str] = field(default_factory=list)   # parameters with no value at all
    # why such a parameter has none where it is not ``no_value``: a parent stack passes one it does not know
    passed: dict[str, str] = field(default_factory=dict)

    def open_cause(self, name: str) -> str:
        """Why the open parameter ``name`` has no value."""
        return self.passed.get(name) or no_value(name)

    def unknown(self, cause: str) -> Unknown:
        if cause not in self.causes:
            self.causes.append(cause)
        return UNKNOWN

    def merge(self, other: Trace) -> None:
        self.assumed.update(other.assumed)
        for cause in other.causes:
            self.unknown(cause)
        self.maybe_absent = self.maybe_absent or other.maybe_absent
        self.maybe_empty = self.maybe_empty or other.maybe_empty
        self.open_parameters.extend(p for p in other.open_parameters if p not in self.open_parameters)
        self.passed.update(other.passed)

    def branch(self) -> Trace:
        return Trace(self.given, self.overridden)


def pseudo_parameter(supplied: Supplied, name: str, trace: Trace) -> Any:
    """``AWS::Region`` and the others: known from --region/--account, or UNKNOWN with the cause."""
    region, account = supplied.region, supplied.account
    if name == "AWS::NoValue":
        return ABSENT
    if name == "AWS::Region":
        return region or trace.unknown("AWS::Region is not known: pass --region")
    if name == "AWS::AccountId":
        return account or trace.unknown("AWS::AccountId is not known: pass --account")
    if name in ("AWS::Partition", "AWS::URLSuffix"):
        if not region:
            return trace.unknown(f"{name} is not known: pass --region")
        if name == "AWS::Partition":
            return partition_of(region)
        return dns_suffix(region) or trace.unknown(f"AWS::URLSuffix of {region} is not known to trail-lint")
    return trace.unknown(f"{name}: {_DEPLOY_TIME[name]}")


def parameter(declarations: Mapping[str, Any], supplied: Supplied, name: str, trace: Trace) -> Any:
    """A parameter's value: given (--parameter, config), pinned by AllowedValues, else its Default
    as a likely value recorded in ``trace``, else UNKNOWN."""
    declaration = declarations.get(name)
    declaration = declaration if isinstance(declaration, dict) else {}
    kind = declaration.get("Type")
    kind = kind if isinstance(kind, str) else "String"
    given = supplied.parameters.get(name)
    allowed = declaration.get("AllowedValues")
    if given is not None:
        value: Any = given
        trace.assumed.update(supplied.resting.get(name, ()))    # a parent's value from its Defaults
    elif isinstance(allowed, list) and len(allowed) == 1 and is_scalar(allowed[0]):
        value = allowed[0]
    elif name in supplied.passed:
        # a nested stack's parameter whose value the parent does not know: said at the parameter, as
        # one without a value, with the parent's cause
        if name not in trace.open_parameters:
            trace.open_parameters.append(name)
        trace.passed[name] = supplied.passed[name]
        return trace.unknown(supplied.passed[name])
    elif kind.startswith(_SSM_TYPE):
        return trace.unknown(f"parameter {name} is read from SSM Parameter Store at deploy time: "
                             f"pass --parameter {name}=VALUE")
    elif name in trace.overridden:
        return trace.unknown(f"parameter {name} is not its Default where this resource exists (its Condition)")
    elif "Default" in declaration and is_scalar(declaration["Default"]):
        value = declaration["Default"]
        trace.assumed[name] = scalar_text(value)
    else:
        trace.maybe_empty = trace.maybe_empty or _admits_empty(declaration)
        if name not in trace.open_parameters:
            trace.open_parameters.append(name)
        return trace.unknown(no_value(name))
    if kind.startswith(_LIST_TYPES):
        text = scalar_text(value)
        return [part.strip() for part in text.split(",")] if text else []
    return value


def no_value(name: str) -> str:
    """Why a parameter is unknown when nothing gives it a value."""
    return f"parameter {name} has no Default: pass --parameter {name}=VALUE"


def _admits_empty(declaration: Mapping[str, Any]) -> bool:
    """Whether whoever deploys may pass "" for the parameter (its constraints allow it)."""
    allowed, pattern, minimum = (declaration.get(key) for key in ("AllowedValues", "AllowedPattern", "MinLength"))
    if isinstance(allowed, list):
        return "" in allowed
    if isinstance(minimum, (int, str)) and scalar_text(minimum).isdigit() and int(minimum) > 0:
        return False
    if isinstance(pattern, str):
        try:
            return re.fullmatch(pattern, "") is not None
        except re.error:
            return True
    return True


def is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool))


def scalar_text(value: Any) -> str:
    """A scalar as CloudFormation sees it: a string (YAML may have read it as bool or number)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def parameter_cause(trace: Trace, file: str) -> Cause | None:
    """A parameter without a value, when it is the only cause, is a Cause of its own, written where
    the parameter is declared, so that TL002 says it once with every value it left unknown (its
    cause: ``no_value``, or what a parent stack passes it, ``Supplied.passed``)."""
    if len(trace.open_parameters) == 1 and len(trace.causes) == 1:
        name, = trace.open_parameters
        return Cause(trace.open_cause(name), At(file, ("Parameters", name)))
    return None
