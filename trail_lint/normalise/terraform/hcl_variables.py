"""Input variable values as Terraform assigns them, and their conversion to the declared type.

Precedence, lowest first: ``default``; ``terraform.tfvars``; ``terraform.tfvars.json``;
``*.auto.tfvars`` and ``*.auto.tfvars.json`` in name order (root module only); then
``--var-file`` and ``--var`` in the order given. A child module's variables come from its
``module`` block. Object types apply ``optional(type, default)`` defaults.
https://developer.hashicorp.com/terraform/language/values/variables#variable-definition-precedence
https://developer.hashicorp.com/terraform/language/expressions/type-constraints#optional-object-type-attributes
"""
from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from trail_lint.model import Cause
from trail_lint.normalise.terraform.hcl_ast import Call, ObjectCons, Template, Variable
from trail_lint.normalise.terraform.hcl_eval import evaluate, traversal
from trail_lint.normalise.terraform.hcl_functions import Unresolved, unknown
from trail_lint.normalise.terraform.hcl_syntax import Block, TfSyntaxError, parse_tf
from trail_lint.normalise.terraform.hcl_text import as_bool, as_text, number_of

# ("file", PATH) for --var-file, ("var", "NAME=VALUE") for --var, ("workspace", NAME) for --workspace,
# in command-line order
Assignments = Sequence[tuple[str, str]]


@dataclass
class Values:
    """The root module's assigned values, by variable name, and the files they came from."""

    values: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)       # --var values: their type decides how to read them
    files: list[str] = field(default_factory=list)
    errors: list[TfSyntaxError] = field(default_factory=list)
    # terraform.workspace: --workspace, else the one `terraform workspace select` recorded in the
    # directory (.terraform/environment); None when neither says (chosen when Terraform runs)
    workspace: str | None = None


def tfvars_names(directory: str) -> list[str]:
    """The variable files Terraform reads automatically from a root module directory, in order."""
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return []
    return [n for n in ("terraform.tfvars", "terraform.tfvars.json") if n in names] + \
        [n for n in names if n.endswith((".auto.tfvars", ".auto.tfvars.json"))]


def root_values(directory: str, assignments: Assignments = ()) -> Values:
    found = Values()
    for name in tfvars_names(directory):
        _read_file(found, name if directory == "." else os.path.join(directory, name))
    found.workspace = _selected_workspace(directory)
    for kind, text in assignments:
        if kind == "file":
            _read_file(found, text)
        elif kind == "workspace":
            found.workspace = text
        else:
            name, _, value = text.partition("=")
            found.values.pop(name.strip(), None)
            found.raw[name.strip()] = value
    return found


def region_variable(values: Values, providers: Sequence[Block], variables: Sequence[Block],
                    local_values: Mapping[str, Any] | None = None) -> str | None:
    """The one root module variable without a value that gives the Region of the root module's AWS
    provider configurations whose Region is not known (``region = var.region``, or a local value
    that is that variable): the run's Region (--region, the Region of inputs that do not say which)
    is then its value, as if given. None when a configuration without a Region of its own (the
    environment's) or another variable may name another Region, or when an expression over the
    variable does. ``local_values``: the root module's local values, by name."""
    sources: set[str | None] = set()
    for block in providers:
        if block.labels != ("aws",):
            continue
        given = block.body.attributes.get("region")
        if given is None:
            sources.add(None)
            continue
        variable = provider_region_variable(block, local_values)
        if variable is not None:
            sources.add(variable)
        elif not isinstance(evaluate(_region_expr(given.expr, local_values), _nothing), str):
            sources.add(None)
    if not any(block.labels == ("aws",) and "alias" not in block.body.attributes for block in providers):
        sources.add(None)               # the default configuration, if used, is the environment's
    name = sources.pop() if len(sources) == 1 else None
    if name is None:
        return None
    declared = [block for block in variables if block.labels == (name,)]
    if len(declared) != 1 or "default" in declared[0].body.attributes or name in values.values or name in values.raw:
        return None
    return name


def provider_region_variable(block: Block, local_values: Mapping[str, Any] | None = None) -> str | None:
    """NAME where an AWS provider block's ``region`` is ``var.NAME`` (or a local value that is it);
    None for any other block or Region. ``local_values``: its module's local values, by name."""
    given = block.body.attributes.get("region") if block.labels == ("aws",) else None
    return _named(_region_expr(given.expr, local_values), "var") if given is not None else None


def _region_expr(expr: Any, local_values: Mapping[str, Any] | None) -> Any:
    named = _named(expr, "local")
    return (local_values or {}).get(named, expr) if named else expr


def _named(expr: Any, root: str) -> str | None:
    """NAME of an expression that is ``ROOT.NAME`` (``var.region``), or ``"${ROOT.NAME}"`` as
    Terraform 0.11 wrote it; None for any other expression."""
    if isinstance(expr, Template) and len(expr.parts) == 1 and not isinstance(expr.parts[0], str):
        expr = expr.parts[0]
    base, steps = traversal(expr)
    if isinstance(base, Variable) and base.name == root and len(steps) == 1 and isinstance(steps[0], str):
        return steps[0]
    return None


def _selected_workspace(directory: str) -> str | None:
    """The workspace `terraform workspace select` recorded for a root module directory (what
    `terraform workspace show` prints when TF_WORKSPACE is not set). Without that file the workspace
    is whichever the run selects: not known here.
    https://developer.hashicorp.com/terraform/cli/workspaces"""
    try:
        with open(os.path.join(directory, ".terraform", "environment"), encoding="utf-8") as handle:
            name = handle.read(256).strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name or None


def _read_file(found: Values, path: str) -> None:
    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        found.errors.append(TfSyntaxError(f"cannot read variable file: {getattr(error, 'strerror', None) or error}",
                                          1, 1, path))
        return
    found.files.append(path)
    if path.endswith(".json"):
        try:
            loaded = json.loads(text)
        except ValueError as error:
            line, column = getattr(error, "lineno", 1), getattr(error, "colno", 1)
            found.errors.append(TfSyntaxError(f"cannot parse variable file: invalid JSON ({error})", line, column,
                                              path))
            return
        assigned = loaded if isinstance(loaded, dict) else {}
    else:
        try:
            parsed = parse_tf(path, text)
        except TfSyntaxError as error:
            found.errors.append(error)
            return
        assigned = {key: evaluate(attribute.expr, _nothing) for key, attribute in parsed.body.attributes.items()}
    for name, value in assigned.items():
        found.raw.pop(name, None)
        found.values[name] = value


def _nothing(root: str, _steps: list[Any]) -> tuple[Any, int]:
    return Unresolved(Cause(f"{root} cannot be used in a variable file"), error=True), 0


def from_text(text: str, type_expr: Any) -> Any:
    """A ``--var NAME=VALUE`` value: a string for primitive (or undeclared) types, else HCL syntax."""
    if type_expr is None or _type_name(type_expr) in ("string", "number", "bool", "any"):
        return text
    try:
        parsed = parse_tf("--var", f"v = {text}\n")
    except TfSyntaxError:
        return Unresolved(Cause(f"--var value {text!r} is not valid HCL"), reported=True)
    return evaluate(parsed.body.attributes["v"].expr, _nothing)


def _type_name(type_expr: Any) -> str:
    if isinstance(type_expr, Variable):
        return type_expr.name
    if isinstance(type_expr, Call):
        return type_expr.name
    if isinstance(type_expr, Template) and all(isinstance(p, str) for p in type_expr.parts):
        return "".join(str(part) for part in type_expr.parts)     # Terraform 0.11: type = "list"
    return "any"


def convert(value: Any, type_expr: Any) -> Any:
    """A value converted to its declared type, with ``optional()`` attributes filled in."""
    if type_expr is None or unknown(value) or value is None:
        return value
    kind = _type_name(type_expr)
    arguments = type_expr.arguments if isinstance(type_expr, Call) else ()
    if kind == "string" and isinstance(value, (bool, int, float)):
        return as_text(value)
    if kind == "bool" and isinstance(value, str) and as_bool(value) is not None:
        return as_bool(value)
    if kind == "number" and isinstance(value, str):
        number = number_of(value)
        return value if number is None else number
    if kind in ("list", "set", "tuple") and isinstance(value, list) and arguments:
        items = [convert(item, arguments[0] if kind != "tuple" else None) for item in value]
        return sorted(set(items), key=str) if kind == "set" and all(isinstance(i, str) for i in items) else items
    if kind == "map" and isinstance(value, dict) and arguments:
        return {key: convert(item, arguments[0]) for key, item in value.items()}
    if kind == "object" and isinstance(value, dict) and arguments and isinstance(arguments[0], ObjectCons):
        return _object(value, arguments[0])
    return value


def _object(value: dict[str, Any], shape: ObjectCons) -> dict[str, Any]:
    converted = dict(value)
    for key_expr, attribute_type in shape.items:
        key = key_expr.name if isinstance(key_expr, Variable) else evaluate(key_expr, _nothing)
        if not isinstance(key, str):
            continue
        optional = attribute_type.arguments if isinstance(attribute_type, Call) and \
            attribute_type.name == "optional" else None
        inner = optional[0] if optional else attribute_type
        if key in converted and converted[key] is not None:
            converted[key] = convert(converted[key], inner)
        elif optional is not None:
            default = evaluate(optional[1], _nothing) if len(optional) > 1 else None
            converted[key] = convert(default, inner)
    return converted
