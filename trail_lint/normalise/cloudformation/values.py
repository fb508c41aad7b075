"""CloudFormation values: intrinsic functions and conditions, evaluated as CloudFormation does.

Parameters follow the one rule of ``cloudformation_parameters``. ``Fn::If`` may stand wherever
a value may (a list item too: ``AWS::NoValue`` removes it); ``Fn::Sub`` (string and list forms),
``Fn::Join``, ``Fn::Select``, ``Fn::Split``, ``Fn::FindInMap`` (with ``DefaultValue``),
``Fn::Base64``, and the transform's ``Fn::Length`` and ``Fn::ToJsonString`` are evaluated; ``Fn::GetAtt``, ``Fn::ImportValue``, ``Fn::GetAZs``, ``Fn::Cidr``
and unknown tags such as ``!Include`` are UNKNOWN, with their cause in the ``Trace``.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html
"""
from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from trail_lint.load import Intrinsic
from trail_lint.model import UNKNOWN, Assumption, At, Path, Problem, Unknown
from trail_lint.normalise import MalformedInput, Supplied
from trail_lint.normalise.cloudformation.parameters import (
    ABSENT,
    PSEUDO_PARAMETERS,
    Trace,
    is_scalar,
    parameter,
    pseudo_parameter,
    scalar_text,
)
from trail_lint.records import record

# What `Ref` returns for a resource, when a literal property holds it (else the physical id is
# generated at deploy time). https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/
REF_NAME = {
    "AWS::S3::Bucket": "BucketName", "AWS::IAM::Role": "RoleName", "AWS::IAM::User": "UserName",
    "AWS::IAM::Group": "GroupName", "AWS::CloudTrail::Trail": "TrailName", "AWS::Logs::LogGroup": "LogGroupName",
}
SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")
# A dynamic reference is replaced by an SSM or Secrets Manager value at deploy time, wherever it
# sits in a string. https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html
DYNAMIC_REFERENCE = re.compile(r"\{\{resolve:(ssm|ssm-secure|secretsmanager):(.*?)\}\}")


# The transform's functions, written as short tags, which CloudFormation does not accept.
_NO_SHORT_FORM = frozenset({"!ForEach", "!Length", "!ToJsonString"})


@record
class Unexpanded:
    """A mapping whose keys an ``Fn::ForEach`` with an unknown collection makes: read as unknown."""

    cause: str


@dataclass
class Template:
    """One template's parameters, conditions, mappings and resources (the raw sections)."""

    file: str
    parameters: Mapping[str, Any]
    conditions: Mapping[str, Any]
    mappings: Mapping[str, Any]
    resources: Mapping[str, Any]
    supplied: Supplied = field(default_factory=Supplied)
    # where each resource an Fn::ForEach makes is written (its loop's output template); the
    # others sit at ("Resources", logical ID)
    paths: Mapping[str, Path] = field(default_factory=dict)
    language_extensions: bool = False   # the AWS::LanguageExtensions transform is declared
    unexpanded: tuple[Problem, ...] = ()   # TL002: loops whose collections are not known
    # Resources the template declares that are not read, where each is written, with the resource
    # Types it may make (None: any): a loop whose collection is not known, an AWS::Include of more
    # resources. A policy there may be any resource's (policies.delivery).
    unread: Mapping[Path, frozenset[str] | None] = field(default_factory=dict)
    # the SAM transform's Globals section as written: properties its resources take unless they
    # set their own (sam.function_property)
    sam_globals: Mapping[str, Any] = field(default_factory=dict)
    # memos: each condition and each resource name is worked out once (and a cycle, which
    # CloudFormation rejects, ends as UNKNOWN instead of recursing)
    _decided: dict[str, tuple[Any, Trace]] = field(default_factory=dict)
    _literals: dict[tuple[str, str], tuple[Any, Trace]] = field(default_factory=dict)
    _alike: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # values the readers settled with a parameter's Default, where they sit
    assumptions: list[Assumption] = field(default_factory=list)

    def assume(self, at: At, trace: Trace, value: Any, *, causes: bool = False, always: bool = False) -> None:
        """Record that ``value`` at ``at`` rests on Defaults (an UNKNOWN value rests on nothing),
        and with ``causes`` the parameters without a value that leave parts of it not known offline (a
        policy statement's). ``always``: recorded even when it rests on nothing, so that a finding
        there does not take on what an enclosing value rests on."""
        why = tuple(map(trace.open_cause, trace.open_parameters)) if causes and value is not UNKNOWN else ()
        if (trace.assumed and value is not UNKNOWN) or why or always:
            defaults = tuple(sorted(trace.assumed.items())) if value is not UNKNOWN else ()
            self.assumptions.append(Assumption(at, defaults, why))

    def path(self, logical_id: str) -> Path:
        """Where the resource is written in the document."""
        return self.paths.get(logical_id) or ("Resources", logical_id)

    def resource_type(self, logical_id: str) -> str | None:
        resource = self.resources.get(logical_id)
        kind = resource.get("Type") if isinstance(resource, dict) else None
        return kind if isinstance(kind, str) else None

    def alike(self, name: str) -> tuple[str, ...]:
        """The conditions defined exactly as condition ``name`` is (``name`` among them), in the
        template's order: ``IsProd: !Equals [!Ref Env, prod]`` and ``Production: !Equals [prod, !Ref
        Env]`` hold together, whatever Env is. Short and long forms are one; the operands of
        ``Fn::Equals``, ``Fn::And`` and ``Fn::Or`` are taken in any order."""
        if not self._alike:
            groups: dict[Any, list[str]] = {}
            for other, expression in self.conditions.items():
                groups.setdefault(_canonical(expression), []).append(other)
            self._alike.update({other: tuple(names) for names in groups.values() for other in names})
        return self._alike.get(name, (name,))

    def literal_property(self, logical_id: str, key: str, trace: Trace | None = None) -> Any:
        """A resource property's resolved string (UNKNOWN when missing or not settled)."""
        if (logical_id, key) not in self._literals:
            own = Trace()
            self._literals[(logical_id, key)] = (UNKNOWN, own)   # a cycle ends here
            resource = self.resources.get(logical_id)
            properties = resource.get("Properties") if isinstance(resource, dict) else None
            if isinstance(properties, dict) and key in properties:
                value = resolve(self, properties[key], own)
            else:
                value = own.unknown(f"the {key} of resource {logical_id} is generated at deploy time")
            self._literals[(logical_id, key)] = (value if isinstance(value, str) else UNKNOWN, own)
        value, own = self._literals[(logical_id, key)]
        if trace is not None:
            trace.merge(own)
        return value


# condition functions whose operands may be taken in any order
_UNORDERED = frozenset({"Fn::Equals", "Fn::And", "Fn::Or"})


def _canonical(expression: Any, depth: int = 0) -> Any:
    """A hashable form of a condition's definition, the same for definitions that always agree."""
    if depth > 50:
        return ("deep", id(expression))
    call = intrinsic(expression)
    if call is None and isinstance(expression, dict) and list(expression) == ["Condition"]:
        call = ("Condition", expression["Condition"])
    if call is not None:
        name, argument = call
        if isinstance(argument, list):
            parts = [_canonical(item, depth + 1) for item in argument]
            return ("call", name, tuple(sorted(parts, key=repr) if name in _UNORDERED else parts))
        return ("call", name, _canonical(argument, depth + 1))
    if isinstance(expression, dict):
        return ("map", tuple(sorted((str(key), _canonical(item, depth + 1)) for key, item in expression.items())))
    if isinstance(expression, list):
        return ("list", tuple(_canonical(item, depth + 1) for item in expression))
    if isinstance(expression, (str, int, float)) and not isinstance(expression, bool):
        return ("text", str(expression))
    if isinstance(expression, bool) or expression is None:
        return ("value", expression)
    return ("other", id(expression))


def intrinsic(value: Any) -> tuple[str, Any] | None:
    """(function name, argument) for a short tag or a one-key long form, else None."""
    if isinstance(value, Intrinsic):
        return value.name, value.value
    if isinstance(value, Unexpanded):
        return "Fn::ForEach", value
    if isinstance(value, dict) and len(value) == 1:
        (name, argument), = value.items()
        if isinstance(name, str) and (name == "Ref" or name.startswith("Fn::")):
            return name, argument
    return None


def contains_unknown(value: Any) -> bool:
    if value is UNKNOWN:
        return True
    if isinstance(value, dict):
        return any(contains_unknown(k) or contains_unknown(v) for k, v in value.items())
    if isinstance(value, list):
        return any(contains_unknown(item) for item in value)
    return False


def resolve(template: Template, value: Any, trace: Trace | None = None, *, keep_absent: bool = False) -> Any:
    """Every intrinsic in ``value`` replaced by what it settles to, UNKNOWN or ABSENT.

    ``keep_absent`` leaves ABSENT items in the value's own lists, so that readers keep each
    item's index (and so its position in the file); lists made by functions never hold ABSENT.
    """
    trace = Trace() if trace is None else trace
    call = intrinsic(value)
    if call is not None:
        return _deploy_time(_call(template, *call, trace), trace)
    if isinstance(value, dict):
        resolved = {}
        for key, item in value.items():
            settled = resolve(template, item, trace, keep_absent=keep_absent)
            if settled is not ABSENT:
                resolved[key if isinstance(key, str) else scalar_text(key)] = settled
        return resolved
    if isinstance(value, list):
        items = [resolve(template, item, trace, keep_absent=keep_absent) for item in value]
        return items if keep_absent else [item for item in items if item is not ABSENT]
    return _deploy_time(value, trace)


def _deploy_time(value: Any, trace: Trace) -> Any:
    """UNKNOWN for a string holding a dynamic reference, else the value itself."""
    found = DYNAMIC_REFERENCE.search(value) if isinstance(value, str) else None
    if found is None:
        return value
    return trace.unknown(f"dynamic reference {found.group(0)} is resolved from "
                         f"{'Secrets Manager' if found.group(1) == 'secretsmanager' else 'SSM Parameter Store'} "
                         f"at deploy time")


def _call(template: Template, name: str, argument: Any, trace: Trace) -> Any:
    if name == "Ref":
        return ref(template, argument, trace)
    function = _FUNCTIONS.get(name)
    if function is not None:
        return function(template, argument, trace)
    if name == "Fn::GetAtt":
        target = argument if isinstance(argument, str) else \
            ".".join(str(part) for part in argument) if isinstance(argument, list) else "?"
        return trace.unknown(f"Fn::GetAtt {target} is known only after deployment")
    if name == "Fn::ImportValue":
        export = resolve(template, argument, trace)
        return trace.unknown(f"Fn::ImportValue {export if isinstance(export, str) else '(computed)'} "
                             f"is another stack's export")
    if name == "Fn::GetAZs":
        return trace.unknown("Fn::GetAZs depends on the account's Availability Zones")
    if isinstance(argument, Unexpanded):
        return trace.unknown(argument.cause)
    if name in _NO_SHORT_FORM:
        return trace.unknown(f"{name} is no short form CloudFormation knows: write Fn::{name[1:]}")
    return trace.unknown(f"{name} is not evaluated by trail-lint")


def ref(template: Template, target: Any, trace: Trace) -> Any:
    """``Ref``: AWS::NoValue → ABSENT; a parameter per the rule above; a resource → its literal name."""
    if not isinstance(target, str):
        return trace.unknown("Ref to a computed name")
    if target in PSEUDO_PARAMETERS:
        return pseudo_parameter(template.supplied, target, trace)
    if target in template.parameters:
        return parameter(template.parameters, template.supplied, target, trace)
    kind = template.resource_type(target)
    if kind in REF_NAME:
        return template.literal_property(target, REF_NAME[kind], trace)
    if target in template.resources:
        return trace.unknown(f"the ID of resource {target} is generated at deploy time")
    return trace.unknown(f"Ref {target} names no parameter or resource of the template")


# --- Functions that build values -----------------------------------------------------------

def _sub(template: Template, argument: Any, trace: Trace) -> Any:
    variables: Any = {}
    if isinstance(argument, list) and len(argument) == 2:
        argument, variables = argument
    if not isinstance(argument, str) or not isinstance(variables, dict):
        return trace.unknown("Fn::Sub with an argument that is not a string")
    if DYNAMIC_REFERENCE.search(argument):
        return _deploy_time(argument, trace)   # unknown whatever its variables are
    unknown, empty_before = False, trace.maybe_empty

    def substitute(match: re.Match[str]) -> str:
        nonlocal unknown
        name = match.group(1).strip()
        if name.startswith("!"):  # ${!Literal} is written as ${Literal}
            return "${" + name[1:] + "}"
        if name in variables:
            value = resolve(template, variables[name], trace)
        elif "." in name and name.split(".", 1)[0] not in PSEUDO_PARAMETERS:
            value = _call(template, "Fn::GetAtt", name, trace)
        else:
            value = ref(template, name, trace)
        if is_scalar(value):
            return scalar_text(value)
        unknown = True
        return ""

    text = SUB_VARIABLE.sub(substitute, argument)
    if unknown and SUB_VARIABLE.sub("", argument):
        trace.maybe_empty = empty_before   # literal text around the variables: never empty
    return UNKNOWN if unknown else text


def _join(template: Template, argument: Any, trace: Trace) -> Any:
    if not (isinstance(argument, list) and len(argument) == 2):
        return trace.unknown("Fn::Join needs [delimiter, list]")
    empty_before = trace.maybe_empty
    delimiter, parts = resolve(template, argument[0], trace), resolve(template, argument[1], trace)
    if not isinstance(delimiter, str) or not isinstance(parts, list) or not all(is_scalar(p) for p in parts):
        if isinstance(parts, list) and (any(is_scalar(p) and scalar_text(p) for p in parts)
                                        or (isinstance(delimiter, str) and delimiter and len(parts) > 1)):
            trace.maybe_empty = empty_before   # literal text among the parts: never empty
        return UNKNOWN
    return delimiter.join(scalar_text(part) for part in parts)


def _select(template: Template, argument: Any, trace: Trace) -> Any:
    if not (isinstance(argument, list) and len(argument) == 2):
        return trace.unknown("Fn::Select needs [index, list]")
    index, items = resolve(template, argument[0], trace), resolve(template, argument[1], trace)
    if index is UNKNOWN or items is UNKNOWN:
        return UNKNOWN
    try:
        position = int(index)
    except (TypeError, ValueError):
        return trace.unknown(f"Fn::Select index {index!r} is not a number")
    if not isinstance(items, list) or not 0 <= position < len(items):
        return trace.unknown(f"Fn::Select index {position} is outside the list")
    return items[position]


def _split(template: Template, argument: Any, trace: Trace) -> Any:
    if not (isinstance(argument, list) and len(argument) == 2):
        return trace.unknown("Fn::Split needs [delimiter, string]")
    delimiter, source = resolve(template, argument[0], trace), resolve(template, argument[1], trace)
    if not isinstance(delimiter, str) or not delimiter or not is_scalar(source):
        return UNKNOWN
    return scalar_text(source).split(delimiter)


def _base64(template: Template, argument: Any, trace: Trace) -> Any:
    source = resolve(template, argument, trace)
    if not is_scalar(source):
        return UNKNOWN
    return base64.b64encode(scalar_text(source).encode()).decode()


def _find_in_map(template: Template, argument: Any, trace: Trace) -> Any:
    # A fourth item {DefaultValue: x} comes with the AWS::LanguageExtensions transform.
    if not (isinstance(argument, list) and len(argument) in (3, 4)):
        return trace.unknown("Fn::FindInMap needs [map, top-level key, second-level key]")
    keys = [resolve(template, key, trace) for key in argument[:3]]
    if not all(is_scalar(key) for key in keys):
        return UNKNOWN
    found: Any = template.mappings
    for key in keys:
        found = found.get(scalar_text(key)) if isinstance(found, dict) else None
    if found is not None:
        return resolve(template, found, trace)
    fallback = argument[3] if len(argument) == 4 else None
    if isinstance(fallback, dict) and "DefaultValue" in fallback:
        return resolve(template, fallback["DefaultValue"], trace)
    return trace.unknown(f"Fn::FindInMap {'/'.join(scalar_text(k) for k in keys)} is not in the Mappings")


def _length(template: Template, argument: Any, trace: Trace) -> Any:
    # AWS::LanguageExtensions: the number of items of a list (a list parameter's too).
    items = resolve(template, argument, trace)
    if items is UNKNOWN:
        return UNKNOWN
    if not isinstance(items, list):
        return trace.unknown("Fn::Length of a value that is not a list")
    return len(items)


def _to_json_string(template: Template, argument: Any, trace: Trace) -> Any:
    # AWS::LanguageExtensions: a mapping or list as a JSON string (an IAM policy, say).
    value = resolve(template, argument, trace)
    if contains_unknown(value):
        return UNKNOWN
    if not isinstance(value, (dict, list)):
        return trace.unknown("Fn::ToJsonString of a value that is neither a mapping nor a list")
    return json.dumps(value, separators=(",", ":"))


def _if(template: Template, argument: Any, trace: Trace) -> Any:
    if not (isinstance(argument, list) and len(argument) == 3):
        return trace.unknown("Fn::If needs [condition, value if true, value if false]")
    decided = condition(template, argument[0], trace)
    if decided is True:
        return resolve(template, argument[1], trace)
    if decided is False:
        return resolve(template, argument[2], trace)
    # The condition is settled at deploy time: only equal branches settle the value. A branch of
    # AWS::NoValue (or "") makes the property "maybe unset", which is said, not guessed.
    first, second = trace.branch(), trace.branch()
    when_true, when_false = resolve(template, argument[1], first), resolve(template, argument[2], second)
    if _same(when_true, when_false):
        trace.merge(first)
        trace.merge(second)
        return when_true
    # Undecided: the condition is the cause (already in the trace); what the branches rest on
    # and whether one of them may be unset still counts.
    for branch in (first, second):
        trace.assumed.update(branch.assumed)
        trace.maybe_absent = trace.maybe_absent or branch.maybe_absent
        trace.maybe_empty = trace.maybe_empty or branch.maybe_empty
    if any(branch is ABSENT or branch == "" or branch == [] for branch in (when_true, when_false)):
        trace.maybe_absent = True
    return UNKNOWN


def _same(first: Any, second: Any) -> bool:
    if contains_unknown(first) or contains_unknown(second):
        return False
    return type(first) is type(second) and first == second


_FUNCTIONS = {"Fn::Sub": _sub, "Fn::Join": _join, "Fn::If": _if, "Fn::Select": _select, "Fn::Split": _split,
              "Fn::FindInMap": _find_in_map, "Fn::Base64": _base64, "Fn::Length": _length,
              "Fn::ToJsonString": _to_json_string}


# --- Conditions --------------------------------------------------------------------------

def condition(template: Template, name: Any, trace: Trace) -> bool | Unknown:
    """A named condition: True, False or UNKNOWN, evaluated with the parameter rule above."""
    if not isinstance(name, str):
        return trace.unknown("a condition name that is not a string")
    if name in trace.given:
        return trace.given[name] if trace.given[name] is not UNKNOWN else trace.unknown(
            f"condition {name} refers to itself")
    if name not in template._decided:
        cycle = Trace()
        template._decided[name] = (cycle.unknown(f"condition {name} refers to itself"), cycle)
        own = Trace()
        if name in template.conditions:
            decided = _evaluate(template, template.conditions[name], own)
            if decided is UNKNOWN:
                own.causes[:] = [f"condition {name} is not known ({'; '.join(own.causes) or 'not evaluated'})"]
        else:
            decided = own.unknown(f"condition {name} is not defined")
        own.maybe_absent = own.maybe_empty = False   # an operand that may be "" leaves the value set
        template._decided[name] = (decided, own)
    decided, own = template._decided[name]
    if trace.overridden and not trace.overridden.isdisjoint(own.assumed):
        return _condition_here(template, name, trace)
    trace.merge(own)
    return decided


def _condition_here(template: Template, name: str, trace: Trace) -> bool | Unknown:
    """A condition evaluated afresh where some parameters cannot keep their Defaults."""
    own = trace.branch()
    own.given = {**trace.given, name: UNKNOWN}   # a cycle ends as unknown
    decided = _evaluate(template, template.conditions[name], own)
    if decided is UNKNOWN:
        own.causes[:] = [f"condition {name} is not known ({'; '.join(own.causes) or 'not evaluated'})"]
    own.given = trace.given
    own.maybe_absent = own.maybe_empty = False
    trace.merge(own)
    return decided


def _evaluate(template: Template, expression: Any, trace: Trace) -> bool | Unknown:
    if isinstance(expression, bool):
        return expression
    if isinstance(expression, Intrinsic) and expression.name == "Condition":
        return condition(template, expression.value, trace)
    if isinstance(expression, dict) and len(expression) == 1 and "Condition" in expression:
        return condition(template, expression["Condition"], trace)
    call = intrinsic(expression)
    if call is None:
        return trace.unknown("a condition that is not a condition function")
    name, argument = call
    operands = argument if isinstance(argument, list) else [argument]
    if name == "Fn::Equals" and len(operands) == 2:
        first, second = (resolve(template, operand, trace) for operand in operands)
        if contains_unknown(first) or contains_unknown(second):
            return UNKNOWN
        return _comparable(first) == _comparable(second)
    if name not in ("Fn::Not", "Fn::And", "Fn::Or") or not operands:
        return trace.unknown(f"{name} is not a condition function")
    results = []
    for operand in operands:
        own = trace.branch()
        results.append((_evaluate(template, operand, own), own))
    if name == "Fn::Not":
        value, own = results[0]
        trace.merge(own)
        return UNKNOWN if value is UNKNOWN else not value
    # One operand decides And (False) or Or (True) alone: prefer one that assumes nothing.
    deciding = [own for value, own in results if value is (name == "Fn::Or")]
    if deciding:
        trace.merge(min(deciding, key=lambda own: len(own.assumed)))
        return name == "Fn::Or"
    for _, own in results:
        trace.merge(own)
    return UNKNOWN if any(value is UNKNOWN for value, _ in results) else name == "Fn::And"


def _comparable(value: Any) -> Any:
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    return scalar_text(value) if is_scalar(value) else value


def existence_condition(template: Template, logical_id: str, resource: Mapping[str, Any],
                        trace: Trace | None = None) -> Any:
    """The resource's ``Condition``: None when it has none, else True/False/UNKNOWN."""
    if "Condition" not in resource:
        return None
    name = resource["Condition"]
    trace = Trace() if trace is None else trace
    if template.language_extensions and intrinsic(name) is not None:
        # The transform lets a resource's Condition be a function that makes its name (a
        # Fn::FindInMap whose DefaultValue is AWS::NoValue: no condition).
        name = resolve(template, name, trace)
        if name is ABSENT:
            return None
        if name is UNKNOWN:
            return UNKNOWN
    if not isinstance(name, str):
        raise MalformedInput(f"Condition of resource {logical_id} must be the name of a condition",
                             At(template.file, template.path(logical_id) + ("Condition",)))
    return condition(template, name, trace)
