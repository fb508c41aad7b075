"""Static evaluation of Terraform expressions: what is known from the .tf text alone.

Literals, templates, heredocs, variables, locals, ``count.index``/``each``, ``path.module`` and
the built-in functions of terraform_hcl_functions are evaluated, and what the resolver settles
(a resource's configured arguments, a local module's outputs); everything Terraform only learns
while applying (attributes the provider computes, most data sources) is unknown. A value is never
guessed, and an unknown says why (``Unresolved.cause``), so TL002 can name the cause.
https://developer.hashicorp.com/terraform/language/expressions
"""
from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable, Mapping
from typing import Any

from trail_lint.model import UNKNOWN, Cause, Unknown
from trail_lint.normalise.terraform import hcl_strings as strings
from trail_lint.normalise.terraform.hcl_ast import (
    Binary,
    Call,
    Conditional,
    ForExpr,
    GetAttr,
    Index,
    Literal,
    ObjectCons,
    Parens,
    Splat,
    Template,
    TemplateFor,
    TemplateIf,
    TupleCons,
    Unary,
    Variable,
    children,
)
from trail_lint.normalise.terraform.hcl_functions import (
    Files,
    Partial,
    Unresolved,
    bounded,
    call,
    first_unknown,
    opaque,
    pairs,
    unknown,
)
from trail_lint.normalise.terraform.hcl_text import as_bool, number_of

# resolves (root name, attribute/index steps) to a value; steps it did not use are applied after
Resolver = Callable[[str, list[Any]], tuple[Any, int]]
_MAX_DEPTH = 200

__all__ = ["Resolver", "Unresolved", "after_apply", "evaluate", "object_items", "reference_text", "references", "unknown"]


def evaluate(expr: Any, resolve: Resolver, scope: Mapping[str, Any] | None = None, depth: int = 0, *,
             files: Files | None = None, functions: Mapping[str, Callable[[list[Any]], Any]] | None = None) -> Any:
    """The value of an expression; an ``Unresolved`` (an UNKNOWN with a cause) where anything it needs is unknown.
    ``functions``: functions of the file's own language besides Terraform's (Terragrunt's), by name,
    each taking its evaluated arguments."""
    return _Evaluation(resolve, files, functions).value(expr, dict(scope or {}), depth)


def render(text: str, variables: dict[str, Any], what: str, files: Files | None = None) -> Any:
    """A template's text rendered over ``variables`` only, as ``templatefile`` does; ``what`` names it in causes."""
    return _Evaluation(lambda root, steps: (UNKNOWN, 0), files).render(text, variables, what, 0)


class _Evaluation:
    def __init__(self, resolve: Resolver, files: Files | None,
                 functions: Mapping[str, Callable[[list[Any]], Any]] | None = None) -> None:
        self.resolve = resolve
        self.files = files
        self.functions = functions or {}

    def value(self, expr: Any, scope: dict[str, Any], depth: int) -> Any:
        if depth > _MAX_DEPTH:
            return Unresolved(Cause("an expression nested more than 200 levels deep"), reported=True)
        handler = _HANDLERS.get(type(expr))
        if handler is None:
            return UNKNOWN
        return handler(self, expr, scope, depth + 1)

    def literal(self, expr: Literal, scope: dict[str, Any], depth: int) -> Any:
        return expr.value

    def template(self, expr: Template, scope: dict[str, Any], depth: int) -> Any:
        return strings.template(expr, scope, lambda e, s: self.value(e, s, depth))

    def parens(self, expr: Parens, scope: dict[str, Any], depth: int) -> Any:
        return self.value(expr.inner, scope, depth)

    def tuple_cons(self, expr: TupleCons, scope: dict[str, Any], depth: int) -> Any:
        return [self.value(item, scope, depth) for item in expr.items]

    def object_cons(self, expr: ObjectCons, scope: dict[str, Any], depth: int) -> Any:
        found: dict[str, Any] = {}
        for key_expr, value_expr in expr.items:
            key = self.key(key_expr, scope, depth)
            if unknown(key):
                return key
            found[key] = self.value(value_expr, scope, depth)
        return found

    def key(self, expr: Any, scope: dict[str, Any], depth: int) -> Any:
        """A bare identifier key is its own name; anything else is an expression."""
        if isinstance(expr, Variable):
            return expr.name
        value = self.value(expr, scope, depth)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (str, int, float)):
            return str(value)
        return value if unknown(value) else Unresolved(Cause("an object key that is not a string"))

    def traverse(self, expr: Any, scope: dict[str, Any], depth: int) -> Any:
        root, step_exprs = traversal(expr)
        steps = [step if isinstance(step, str) else self.value(step, scope, depth) for step in step_exprs]
        if isinstance(root, Variable):
            if root.name in scope:
                value, used = scope[root.name], 0
            else:
                value, used = self.resolve(root.name, steps)
                if value is UNKNOWN:
                    value = Unresolved(after_apply(root.name, steps))
        else:
            value, used = self.value(root, scope, depth), 0
        return apply_steps(value, steps[used:])

    def splat(self, expr: Splat, scope: dict[str, Any], depth: int) -> Any:
        source = self.value(expr.source, scope, depth)
        if isinstance(source, Partial):
            # a splat over one object is over the list of that object
            source = [source]
        if unknown(source):
            return opaque(source)
        items = [] if source is None else source if isinstance(source, list) else [source]
        return [self.value(expr.each, {**scope, "": item}, depth) for item in items]

    def call(self, expr: Call, scope: dict[str, Any], depth: int) -> Any:
        arguments = [self.value(argument, scope, depth) for argument in expr.arguments]
        if expr.expand:
            last = arguments.pop() if arguments else None
            if unknown(last):
                return last
            if not isinstance(last, list):
                return Unresolved(Cause(f"the expanded argument of {expr.name}() is not a list"))
            arguments.extend(last)
        if expr.name in self.functions:
            return self.functions[expr.name](arguments)
        if expr.name in ("try", "can"):
            found = [_reference(argument) for argument in (expr.arguments[:-1] if expr.expand else expr.arguments)]
            return _try(expr.name, arguments, found + [False] * (len(arguments) - len(found)))
        if expr.name == "templatefile":
            return self.templatefile(arguments, depth)
        if expr.name in ("format", "join"):
            held = (strings.format_with_holes if expr.name == "format" else strings.join_with_holes)(arguments)
            if held is not None:
                return held
        return call(expr.name, arguments, self.files)

    def templatefile(self, arguments: list[Any], depth: int) -> Any:
        """``templatefile(path, vars)``: the file read like ``file()``, its ``${...}`` over ``vars`` only.
        A variable known only after apply leaves unknown only the parts of the text that use it, as in
        a string template: a policy written from a template keeps the statements that are known."""
        blocked = first_unknown(arguments[:1]) if len(arguments) == 2 and isinstance(arguments[1], dict) \
            else first_unknown(arguments)
        if blocked is not None:
            return blocked
        if len(arguments) != 2 or not isinstance(arguments[1], dict):
            return Unresolved(Cause("templatefile() needs a path and an object of variables"), error=True)
        text = call("file", arguments[:1], self.files)
        if unknown(text):
            return text
        return self.render(text, dict(arguments[1]), f"templatefile(): {arguments[0]}", depth)

    def render(self, text: str, variables: dict[str, Any], what: str, depth: int) -> Any:
        """A template's text with its ``${...}`` and ``%{...}`` over ``variables`` only."""
        from trail_lint.normalise.terraform.hcl_parser import parse_template

        template = parse_template(text)
        if template is None:
            return Unresolved(Cause(f"{what} is not a valid template"), error=True)
        inner = _Evaluation(lambda root, steps: (Unresolved(Cause(f"{what}: {root} is not one of its variables"),
                                                            error=True), 0), self.files)
        return inner.value(template, variables, depth)

    def conditional(self, expr: Conditional, scope: dict[str, Any], depth: int) -> Any:
        test = self.value(expr.condition, scope, depth)
        if as_bool(test) is True:
            return self.value(expr.then, scope, depth)
        if as_bool(test) is False:
            return self.value(expr.otherwise, scope, depth)
        return opaque(test) if unknown(test) else Unresolved(Cause("a condition that is not true or false"))

    def unary(self, expr: Unary, scope: dict[str, Any], depth: int) -> Any:
        value = self.value(expr.operand, scope, depth)
        if unknown(value):
            return opaque(value)
        if expr.operator == "!" and as_bool(value) is not None:
            return not as_bool(value)
        if expr.operator == "-" and isinstance(value, (int, float)) and not isinstance(value, bool):
            return -value
        return Unresolved(Cause(f"operator {expr.operator} on a value of the wrong type"))

    def binary(self, expr: Binary, scope: dict[str, Any], depth: int) -> Any:
        left = self.value(expr.left, scope, depth)
        right = self.value(expr.right, scope, depth)
        if expr.operator in ("&&", "||"):
            # Terraform evaluates both sides, but a known side can decide: false && x, true || x
            decided = {"&&": False, "||": True}[expr.operator]
            if as_bool(left) is decided or as_bool(right) is decided:
                return decided
            left = as_bool(left) if as_bool(left) is not None else left
            right = as_bool(right) if as_bool(right) is not None else right
        if expr.operator in ("==", "!=") and (left is None) is not (right is None) \
                and not unknown(left) and not unknown(right):
            # null and a known value that is not null (a list with unknown elements): never equal, as
            # cty compares them (a null is equal only to a null)
            return expr.operator == "!="
        blocked = first_unknown([left, right])
        if blocked is not None:
            return opaque(blocked)
        operator = _BINARY.get(expr.operator)
        if expr.operator in _NUMERIC:
            left, right = number_of(left), number_of(right)
        if operator is None or (expr.operator in _NUMERIC and (left is None or right is None)):
            return Unresolved(Cause(f"operator {expr.operator} on values of the wrong type"))
        try:
            return operator(left, right)
        except (ArithmeticError, TypeError):
            return Unresolved(Cause(f"operator {expr.operator} on values Terraform rejects"))

    def for_expr(self, expr: ForExpr, scope: dict[str, Any], depth: int) -> Any:
        collection = self.value(expr.collection, scope, depth)
        if unknown(collection):
            return opaque(collection)
        items = pairs(collection)
        if items is None:
            return Unresolved(Cause("a for expression over a value that is not a collection"), error=True)
        result: Any = [] if expr.key is None else {}
        for key, item in items:
            inner = {**scope, expr.value_var: item}
            if expr.key_var is not None:
                inner[expr.key_var] = key
            if expr.condition is not None:
                keep = self.value(expr.condition, inner, depth)
                keep = as_bool(keep) if as_bool(keep) is not None else keep
                if unknown(keep) or not isinstance(keep, bool):
                    return keep if unknown(keep) else Unresolved(Cause("a for condition that is not true or false"))
                if not keep:
                    continue
            if expr.key is None:
                result.append(self.value(expr.value, inner, depth))
                continue
            out_key = self.key(expr.key, inner, depth) if not isinstance(expr.key, Variable) \
                else self.value(expr.key, inner, depth)
            if not isinstance(out_key, str):
                return out_key if unknown(out_key) else Unresolved(Cause("a for expression key that is not a string"))
            out = self.value(expr.value, inner, depth)
            if expr.group:
                result.setdefault(out_key, []).append(out)
            else:
                result[out_key] = out
        return bounded(result)


def _try(name: str, arguments: list[Any], references: list[bool]) -> Any:
    """``try`` gives its first argument that evaluates without error; ``can`` whether its one does.
    An argument that is unknown, but not an error, may still fail when Terraform runs: it decides
    nothing. A reference found whose value holds unknown parts (``try(each.value.data_resource, [])``
    over a list whose ARNs hold the account) is found all the same: only its parts are not known."""
    for argument, reference in zip(arguments, references, strict=True):
        failed = first_unknown(argument)
        if isinstance(failed, Unresolved) and failed.error:
            if name == "can":
                return False
            continue
        if failed is not None and (unknown(argument) or not reference):
            return failed
        return True if name == "can" else argument
    return Unresolved(Cause(f"{name}() with no argument that evaluates"), error=True)


def _reference(expr: Any) -> bool:
    """A reference to a value (``var.x``, ``each.value.data_resource``, ``local.m["k"]``): evaluating it
    fails only where its own steps do, never on what the value holds."""
    while isinstance(expr, Parens):
        expr = expr.inner
    return isinstance(traversal(expr)[0], Variable)


def after_apply(root: str, steps: list[Any]) -> Cause:
    names = [root] + [str(step) for step in steps[:3] if isinstance(step, str)]
    if root == "data":
        # only the aws provider's data sources read AWS: terraform_remote_state reads another state,
        # http, external or local_file what their arguments name
        source = "from AWS " if len(names) > 1 and names[1].startswith("aws_") else ""
        return Cause(f"{'.'.join(names)} is read {source}when Terraform runs", computed=bool(source))
    if root == "module":
        return Cause(f"{'.'.join(names[:3])} is a module output")
    return Cause(f"{'.'.join(names)} is known only after apply", computed=True)


def traversal(expr: Any) -> tuple[Any, list[Any]]:
    """``a.b[0].c`` → (root node, steps), where a step is an attribute name or an index expression."""
    steps: list[Any] = []
    node = expr
    while True:
        if isinstance(node, GetAttr):
            steps.insert(0, node.name)
            node = node.source
        elif isinstance(node, Index):
            steps.insert(0, node.key)
            node = node.source
        else:
            return node, steps


def apply_steps(value: Any, steps: list[Any]) -> Any:
    for step in steps:
        if isinstance(value, Partial) and isinstance(step, str):
            value = value.attribute(step)
            continue
        if unknown(value):
            return opaque(value)
        if unknown(step):
            return opaque(step)
        value = _step(value, step)
        if value is _MISSING:
            # Terraform would fail here; trail-lint does not invent a value
            return Unresolved(Cause(f"an attribute or index {step!r} that the value does not have"), error=True)
    return value


_MISSING = object()


def _step(value: Any, step: Any) -> Any:
    """One attribute or index step; Terraform converts the index to the key type (m[1] is m["1"])."""
    if isinstance(value, dict):
        key = str(step) if isinstance(step, (int, float)) and not isinstance(step, bool) else step
        return value.get(key, _MISSING) if isinstance(key, str) else _MISSING
    if isinstance(value, list):
        index = int(step) if isinstance(step, str) and step.isdigit() else step
        if isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(value):
            return value[index]
    return _MISSING


def _remainder(a: Any, b: Any) -> Any:
    """``%`` keeps the sign of the dividend, as in Go (-5 % 3 is -2), not of the divisor as in Python."""
    result = math.fmod(a, b)
    return int(result) if isinstance(a, int) and isinstance(b, int) else result


_BINARY: Mapping[str, Callable[[Any, Any], Any]] = {
    "==": lambda a, b: _equal(a, b), "!=": lambda a, b: not _equal(a, b),
    "&&": lambda a, b: a and b if isinstance(a, bool) and isinstance(b, bool) else _wrong(),
    "||": lambda a, b: a or b if isinstance(a, bool) and isinstance(b, bool) else _wrong(),
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": lambda a, b: a / b, "%": _remainder,
    "<": lambda a, b: a < b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b,
}
_NUMERIC = frozenset({"+", "-", "*", "/", "%", "<", ">", "<=", ">="})


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return a == b and type(a) is type(b)


def _wrong() -> Any:
    raise TypeError("not a bool")


_HANDLERS: Mapping[type, Callable[[_Evaluation, Any, dict[str, Any], int], Any]] = {
    Literal: _Evaluation.literal, Template: _Evaluation.template, Parens: _Evaluation.parens,
    TupleCons: _Evaluation.tuple_cons, ObjectCons: _Evaluation.object_cons, Variable: _Evaluation.traverse,
    GetAttr: _Evaluation.traverse, Index: _Evaluation.traverse, Splat: _Evaluation.splat,
    Call: _Evaluation.call, Conditional: _Evaluation.conditional, Unary: _Evaluation.unary,
    Binary: _Evaluation.binary, ForExpr: _Evaluation.for_expr,
}


def reference_text(expr: Any) -> str | None:
    """``aws.east`` → "aws.east": the text of a traversal made of names only (provider references)."""
    root, steps = traversal(expr)
    if not isinstance(root, Variable) or not root.name or not all(isinstance(step, str) for step in steps):
        return None
    return ".".join([root.name, *steps])


def references(expr: Any) -> list[str]:
    """Every ``a.b.c`` traversal an expression contains (what a plan lists as ``references``); one
    of a resource instance by a literal key, ``aws_x.y["k"].arn``, as a plan lists it: that first,
    then ``aws_x.y``."""
    found: list[str] = []
    pending = [expr]
    while pending:
        node = pending.pop()
        if isinstance(node, (GetAttr, Index)):
            root, steps = traversal(node)
            if isinstance(root, Variable) and root.name:
                names = [root.name]
                for index, step in enumerate(steps):
                    if not isinstance(step, str):
                        keyed = _instance_key(names, step)
                        if keyed is not None:
                            rest = [str(s) for s in itertools.takewhile(lambda s: isinstance(s, str), steps[index + 1:])]
                            found.append(".".join([*names[:-1], names[-1] + keyed, *rest]))
                        break
                    names.append(step)
                found.append(".".join(names))
                pending.extend(reversed([step for step in steps if not isinstance(step, str)]))
                continue
        pending.extend(reversed(children(node)))
    return list(dict.fromkeys(found))


def whole_parts(expr: Any, with_text: bool = False) -> list[Any]:
    """The parts of an expression that may be its whole value, the ones a name given by reference
    can be: both values of a conditional, the arguments of a call that picks one of them
    (``coalesce``, ``element``), a template made of one interpolation. Text built around a value
    (``"${aws_s3_bucket.logs.id}-replica"``, ``format(...)``, ``join(...)``) is another name, and a
    condition or an operator's operands are no part of the value. ``with_text``: templates that hold
    more than one interpolation are kept as parts too (``longer_than``)."""
    found: list[Any] = []
    pending = [expr]
    while pending:
        node = pending.pop()
        if isinstance(node, Parens):
            pending.append(node.inner)
        elif isinstance(node, Template):
            if len(node.parts) == 1 and not isinstance(node.parts[0], (str, TemplateIf, TemplateFor)):
                pending.append(node.parts[0])
            elif with_text:
                found.append(node)
        elif isinstance(node, Conditional):
            pending.extend((node.otherwise, node.then))
        elif isinstance(node, Call) and node.name == "join" and node.arguments and _empty(node.arguments[0]):
            pending.extend(reversed(node.arguments[1:]))   # join("", aws_s3_bucket.logs[*].id): count's idiom
        elif isinstance(node, Call) and node.name not in _COMPOSING:
            pending.extend(reversed(node.arguments))
        elif not isinstance(node, (Binary, Unary, Literal, Call)):
            found.append(node)
    return found


def longer_than(expr: Any) -> list[Any]:
    """The references whose value ``expr`` certainly is not, being that value with text around it:
    each reference interpolated as such in a template, among the parts that may be the whole value
    (``whole_parts``), that also holds literal text (``"${aws_s3_bucket.logs.id}-replica"``)."""
    found: list[Any] = []
    for part in whole_parts(expr, with_text=True):
        if isinstance(part, Template) and any(isinstance(piece, str) and piece for piece in part.parts):
            found.extend(piece for piece in part.parts if isinstance(piece, (GetAttr, Index)))
    return found


def _empty(expr: Any) -> bool:
    return isinstance(expr, Template) and all(part == "" for part in expr.parts)


# functions whose result is text made from their arguments, never one of them as it is
_COMPOSING = frozenset({"format", "formatlist", "join", "replace", "substr",
                        "title", "upper", "md5", "sha1", "sha256", "sha512",
                        "base64encode", "base64sha256", "jsonencode", "yamlencode", "urlencode", "uuid",
                        "length", "regex", "regexall", "templatefile", "timestamp", "abspath", "basename"})


# the roots of traversals that are no resource (a data source's is data.TYPE.NAME)
_NOT_RESOURCES = frozenset({"var", "local", "each", "count", "module", "path", "terraform", "self", "data"})


def _instance_key(names: list[str], step: Any) -> str | None:
    """``["k"]`` or ``[0]``, as an instance address writes it, where ``step`` indexes a resource
    (``names`` its type and name) with a literal key; None otherwise."""
    resource = (len(names) == 2 and names[0] not in _NOT_RESOURCES) or (len(names) == 3 and names[0] == "data")
    if not resource:
        return None
    if isinstance(step, Template) and len(step.parts) == 1 and isinstance(step.parts[0], str):
        return f"[{json.dumps(step.parts[0])}]"
    if isinstance(step, Literal) and isinstance(step.value, int) and not isinstance(step.value, bool):
        return f"[{step.value}]"
    return None


def object_items(expr: Any) -> tuple[tuple[Any, Any], ...]:
    """The (key, value) expressions of an object constructor (``providers = { aws = aws.east }``)."""
    while isinstance(expr, Parens):
        expr = expr.inner
    return expr.items if isinstance(expr, ObjectCons) else ()


_ = Unknown   # the base of Unresolved: `unknown(v)` is isinstance(v, Unknown)
