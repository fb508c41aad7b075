"""CloudFormation values: intrinsic functions, parameters and conditions, resolved once.

A value the template alone cannot settle (``Fn::GetAtt``, ``Fn::ImportValue``, pseudo parameters
such as ``AWS::AccountId``, a parameter without a ``Default``, unknown tags like ``!Include``)
becomes ``UNKNOWN``. ``!Ref AWS::NoValue`` removes the property (``ABSENT``).

Property values use a parameter's ``Default``. Conditions do not: whoever deploys the stack picks
the parameters, so a condition is decided only when it holds for every allowed parameter value
(literals, or a parameter whose ``AllowedValues`` has a single entry). Everything else leaves the
resource CONDITIONAL rather than silently dropping a trail that a deployment may well create.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from trail_lint.load import Intrinsic
from trail_lint.model import UNKNOWN, At
from trail_lint.normalise import MalformedInput


class Absent:
    """``!Ref AWS::NoValue``: the property is not there at all."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = Absent()

# What `Ref` returns for a resource, when a literal property holds it (else the physical id is
# generated at deploy time). https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/
REF_NAME = {
    "AWS::S3::Bucket": "BucketName", "AWS::IAM::Role": "RoleName", "AWS::IAM::User": "UserName",
    "AWS::IAM::Group": "GroupName", "AWS::CloudTrail::Trail": "TrailName",
}
_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_LIST_TYPES = ("CommaDelimitedList", "List<")


@dataclass
class Template:
    """One template's parameters, conditions, mappings and resources (the raw sections)."""

    file: str
    parameters: Mapping[str, Any]
    conditions: Mapping[str, Any]
    mappings: Mapping[str, Any]
    resources: Mapping[str, Any]
    # memos: each condition and each resource name is worked out once (and a cycle, which
    # CloudFormation rejects, ends as UNKNOWN instead of recursing)
    _decided: dict[str, Any] = field(default_factory=dict)
    _literals: dict[tuple[str, str], Any] = field(default_factory=dict)

    def resource_type(self, logical_id: str) -> str | None:
        resource = self.resources.get(logical_id)
        kind = resource.get("Type") if isinstance(resource, dict) else None
        return kind if isinstance(kind, str) else None

    def literal_property(self, logical_id: str, key: str) -> Any:
        """A resource property's resolved value (UNKNOWN when missing or not settled)."""
        if (logical_id, key) in self._literals:
            return self._literals[(logical_id, key)]
        self._literals[(logical_id, key)] = UNKNOWN
        resource = self.resources.get(logical_id)
        properties = resource.get("Properties") if isinstance(resource, dict) else None
        if isinstance(properties, dict) and key in properties:
            value = resolve(self, properties[key])
            self._literals[(logical_id, key)] = value if isinstance(value, str) else UNKNOWN
        return self._literals[(logical_id, key)]


def intrinsic(value: Any) -> tuple[str, Any] | None:
    """(function name, argument) for a short tag or a one-key long form, else None."""
    if isinstance(value, Intrinsic):
        return value.name, value.value
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


def resolve(template: Template, value: Any) -> Any:
    """Every intrinsic in ``value`` replaced by what it settles to, UNKNOWN or ABSENT."""
    call = intrinsic(value)
    if call is not None:
        return _call(template, *call)
    if isinstance(value, Intrinsic):  # pragma: no cover - intrinsic() handles every tag
        return UNKNOWN
    if isinstance(value, dict):
        resolved = {}
        for key, item in value.items():
            settled = resolve(template, item)
            if settled is not ABSENT:
                resolved[key if isinstance(key, str) else resolve(template, key)] = settled
        return resolved
    if isinstance(value, list):
        return [settled for item in value if (settled := resolve(template, item)) is not ABSENT]
    return value


def _call(template: Template, name: str, argument: Any) -> Any:
    if name == "Ref":
        return ref(template, argument)
    if name == "Fn::Sub":
        return _sub(template, argument)
    if name == "Fn::Join":
        return _join(template, argument)
    if name == "Fn::If":
        return _if(template, argument)
    if name == "Fn::Select":
        return _select(template, argument)
    if name == "Fn::FindInMap":
        return _find_in_map(template, argument)
    # Fn::GetAtt, Fn::ImportValue, Fn::Base64, Fn::GetAZs, transforms, !Include, ...
    return UNKNOWN


def ref(template: Template, target: Any, *, fixed_only: bool = False) -> Any:
    """``Ref``: AWS::NoValue → ABSENT; a parameter → its Default; a resource → its literal name."""
    if not isinstance(target, str):
        return UNKNOWN
    if target == "AWS::NoValue":
        return ABSENT
    parameter = template.parameters.get(target)
    if isinstance(parameter, dict):
        return _parameter(parameter, fixed_only)
    kind = template.resource_type(target)
    if kind in REF_NAME and not fixed_only:
        return template.literal_property(target, REF_NAME[kind])
    return UNKNOWN  # pseudo parameters (AWS::Region, AWS::AccountId, ...) and generated ids


def _parameter(parameter: Mapping[str, Any], fixed_only: bool) -> Any:
    allowed = parameter.get("AllowedValues")
    if fixed_only:
        if not (isinstance(allowed, list) and len(allowed) == 1):
            return UNKNOWN
        value = allowed[0]
    elif "Default" in parameter:
        value = parameter["Default"]
    else:
        return UNKNOWN
    if isinstance(value, (dict, list)) or isinstance(value, Intrinsic) or value is None:
        return UNKNOWN
    kind = parameter.get("Type")
    if isinstance(kind, str) and kind.startswith(_LIST_TYPES):
        return [part.strip() for part in scalar_text(value).split(",")] if scalar_text(value) else []
    return value


def scalar_text(value: Any) -> str:
    """A scalar as CloudFormation sees it: a string (YAML may have read it as bool or number)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def sub_pattern(template: Template, argument: Any) -> Any:
    """``Fn::Sub`` with its unknown variables kept as ``${Name}`` (a pattern with holes), not UNKNOWN."""
    return _sub(template, argument, holes=True)


def _sub(template: Template, argument: Any, holes: bool = False) -> Any:
    variables: Mapping[str, Any] = {}
    if isinstance(argument, list) and len(argument) == 2 and isinstance(argument[1], dict):
        argument, variables = argument
    if not isinstance(argument, str):
        return UNKNOWN
    unknown = False

    def substitute(match: re.Match[str]) -> str:
        nonlocal unknown
        name = match.group(1)
        if name.startswith("!"):  # ${!Literal} is written as ${Literal}
            return "${" + name[1:] + "}"
        value = resolve(template, variables[name]) if name in variables else \
            (UNKNOWN if "." in name else ref(template, name))
        if isinstance(value, (str, int, float)):
            return scalar_text(value)
        if holes and name not in variables:
            return match.group(0)
        unknown = True
        return ""

    text = _SUB_VARIABLE.sub(substitute, argument)
    return UNKNOWN if unknown else text


def _join(template: Template, argument: Any) -> Any:
    if not (isinstance(argument, list) and len(argument) == 2):
        return UNKNOWN
    delimiter, parts = resolve(template, argument[0]), resolve(template, argument[1])
    if not isinstance(delimiter, str) or not isinstance(parts, list):
        return UNKNOWN
    if not all(isinstance(part, (str, int, float)) for part in parts):
        return UNKNOWN
    return delimiter.join(scalar_text(part) for part in parts)


def _select(template: Template, argument: Any) -> Any:
    if not (isinstance(argument, list) and len(argument) == 2):
        return UNKNOWN
    index, items = resolve(template, argument[0]), resolve(template, argument[1])
    try:
        position = int(index)
    except (TypeError, ValueError):
        return UNKNOWN
    if not isinstance(items, list) or not 0 <= position < len(items):
        return UNKNOWN
    return items[position]


def _find_in_map(template: Template, argument: Any) -> Any:
    if not (isinstance(argument, list) and len(argument) == 3):
        return UNKNOWN
    keys = [resolve(template, key) for key in argument]
    if not all(isinstance(key, (str, int)) for key in keys):
        return UNKNOWN
    found: Any = template.mappings
    for key in keys:
        found = found.get(scalar_text(key)) if isinstance(found, dict) else None
    return UNKNOWN if found is None else resolve(template, found)


def _if(template: Template, argument: Any) -> Any:
    if not (isinstance(argument, list) and len(argument) == 3):
        return UNKNOWN
    decided = condition(template, argument[0])
    if decided is True:
        return resolve(template, argument[1])
    if decided is False:
        return resolve(template, argument[2])
    # The condition is picked at deploy time: only equal branches settle the value. A branch
    # of AWS::NoValue makes the property "maybe absent", which is not known either.
    when_true, when_false = resolve(template, argument[1]), resolve(template, argument[2])
    return when_true if _same(when_true, when_false) else UNKNOWN


def _same(first: Any, second: Any) -> bool:
    if contains_unknown(first) or contains_unknown(second):
        return False
    return type(first) is type(second) and first == second


# --- Conditions --------------------------------------------------------------------------

def condition(template: Template, name: Any) -> bool | Any:
    """A named condition: True, False or UNKNOWN (depends on what the deployment chooses)."""
    if not isinstance(name, str):
        return UNKNOWN
    if name in template._decided:
        return template._decided[name]
    template._decided[name] = UNKNOWN  # a cycle (which CloudFormation rejects) stays unknown
    expression = template.conditions.get(name, UNKNOWN) if isinstance(template.conditions, dict) else UNKNOWN
    template._decided[name] = _evaluate(template, expression)
    return template._decided[name]


def _evaluate(template: Template, expression: Any) -> bool | Any:
    if isinstance(expression, bool):
        return expression
    if isinstance(expression, Intrinsic) and expression.name == "Condition":
        return condition(template, expression.value)
    if isinstance(expression, dict) and len(expression) == 1 and "Condition" in expression:
        return condition(template, expression["Condition"])
    call = intrinsic(expression)
    if call is None:
        return UNKNOWN
    name, argument = call
    operands = argument if isinstance(argument, list) else [argument]
    if name == "Fn::Equals" and len(operands) == 2:
        first, second = (_fixed(template, operand) for operand in operands)
        if first is UNKNOWN or second is UNKNOWN:
            return UNKNOWN
        return first == second
    values = [_evaluate(template, operand) for operand in operands]
    if name == "Fn::Not" and len(values) == 1:
        return UNKNOWN if values[0] is UNKNOWN else not values[0]
    if name == "Fn::And" and values:
        return False if False in values else (UNKNOWN if UNKNOWN in values else True)
    if name == "Fn::Or" and values:
        return True if True in values else (UNKNOWN if UNKNOWN in values else False)
    return UNKNOWN


def _fixed(template: Template, operand: Any) -> Any:
    """An Fn::Equals operand as a string, when no parameter choice can change it."""
    call = intrinsic(operand)
    if call is not None:
        name, argument = call
        value = ref(template, argument, fixed_only=True) if name == "Ref" else UNKNOWN
    else:
        value = operand
    if isinstance(value, (str, int, float)):
        return scalar_text(value)
    return UNKNOWN


def existence_condition(template: Template, logical_id: str, resource: Mapping[str, Any]) -> Any:
    """The resource's ``Condition``: None when it has none, else True/False/UNKNOWN."""
    if "Condition" not in resource:
        return None
    name = resource["Condition"]
    if not isinstance(name, str):
        raise MalformedInput(f"Condition of resource {logical_id} must be the name of a condition",
                             At(template.file, ("Resources", logical_id, "Condition")))
    return condition(template, name)

