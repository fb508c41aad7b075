"""The values a trail argument takes under conditions not known before apply.

``cloud_watch_logs_role_arn = var.enabled ? aws_iam_role.r[0].arn : null`` is the role's ARN where
``var.enabled`` is true and unset elsewhere (model.Branch, switches.Switch). Each conditional
expression whose test is not known (also nested, in parentheses, or a test made with ``!``, ``&&``
and ``||``) is followed both ways; a test Terraform can decide takes its one branch. A test is named
by its text within the module instance, where the same text has the same value: two arguments
written ``var.enabled ? ... : null`` are set together. ``a != b`` is read as ``!(a == b)``.
https://developer.hashicorp.com/terraform/language/expressions/conditionals
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from trail_lint import switches
from trail_lint.model import UNKNOWN, Branch
from trail_lint.normalise.terraform.hcl_ast import (
    Binary,
    Conditional,
    GetAttr,
    Index,
    Literal,
    Parens,
    Template,
    TemplateFor,
    TemplateIf,
    Unary,
    Variable,
    children,
)
from trail_lint.normalise.terraform.hcl_eval import reference_text, traversal
from trail_lint.normalise.terraform.hcl_functions import Unresolved, first_unknown, unknown
from trail_lint.normalise.terraform.hcl_text import as_bool, as_text
from trail_lint.records import record
from trail_lint.switches import Switch

_DEPTH = 20
# aws_cloudtrail arguments whose values a test may choose that rules compare or check: the model's
# field, and a flag's default (None: an optional string)
ARGUMENTS: dict[str, tuple[str, bool | None]] = {
    "name": ("name", None), "kms_key_id": ("kms_key_id", None), "s3_bucket_name": ("s3_bucket", None),
    "s3_key_prefix": ("s3_key_prefix", None), "sns_topic_name": ("sns_topic", None),
    "cloud_watch_logs_group_arn": ("cloudwatch_logs_group_arn", None),
    "cloud_watch_logs_role_arn": ("cloudwatch_logs_role_arn", None),
    "is_multi_region_trail": ("multi_region", False), "include_global_service_events": ("include_global_events", True),
    "is_organization_trail": ("organization", False),
}


def trail_branches(attributes: dict[str, Any], values: dict[str, Any], evaluate: Callable[[Any], Any]
                   ) -> dict[str, tuple[Branch, ...]]:
    """The values tests not known before apply choose between, by the trail's field, for the arguments
    of ``attributes`` (hcl_ast.Attribute) whose evaluated ``values`` are unknown."""
    found = {}
    for argument, (field, default) in ARGUMENTS.items():
        if argument in attributes and unknown(values.get(argument)):
            taken = branches(attributes[argument].expr, evaluate, _reader(default, argument == "name"))
            if taken:
                found[field] = taken
    return found


# aws_cloudtrail arguments that refer to the trail's bucket, topic, key, log group or role (resources.trail)
LINKS = ("s3_bucket_name", "sns_topic_name", "kms_key_id", "cloud_watch_logs_group_arn", "cloud_watch_logs_role_arn")


@record
class StandIn:
    """What a reference stands for (a local's expression, what a module block gives a variable, a
    module's output), read where it is written: ``evaluate`` there, with the ``steps`` read after the
    reference (``.id``) applied to each value it may end in, and ``follow`` for the references there."""

    expr: Any
    evaluate: Callable[[Any], Any]
    steps: tuple[str, ...]
    follow: Callable[[Any], StandIn | None]


def open_links(attributes: dict[str, Any], values: dict[str, Any], evaluate: Callable[[Any], Any],
               follow: Callable[[Any], StandIn | None] = lambda expr: None) -> frozenset[str]:
    """The arguments of ``LINKS`` that may name something other than the resource they refer to, for want
    of an input: unknown because of a variable without a value (or another cause worth a TL002), and
    written with a value besides resource references and null that may be taken (a function's result, a
    variable, a literal under a test not known): ``coalesce(var.archive, aws_s3_bucket.own.id)`` is the
    bucket the variable names when it is set, which offline nothing says. A local, a module's variable
    or a module's output is read as what it stands for (``follow``): ``local.bucket =
    aws_s3_bucket.own.id`` is that bucket's name, whatever the bucket's own inputs."""
    found = set()
    for argument in LINKS:
        value = values.get(argument)
        blocking = first_unknown(value) if unknown(value) else None
        if argument not in attributes or not (getattr(blocking, "reported", False) or getattr(blocking, "error", False)):
            continue
        if any(not resource_reference(leaf) and reading(leaf) is not None
               for leaf, reading in _followed_leaves(attributes[argument].expr, evaluate, follow)):
            found.add(argument)
    return frozenset(found)


def _followed_leaves(expr: Any, evaluate: Callable[[Any], Any], follow: Callable[[Any], StandIn | None]
                     ) -> Iterator[tuple[Any, Callable[[Any], Any]]]:
    """The expressions ``expr`` may end in (``_leaves``), each with how to read it where it is written,
    each reference that stands for an expression read as that expression."""
    pending = [StandIn(expr, evaluate, (), follow)]
    hops = 0
    while pending:
        here = pending.pop()
        for leaf, _ in _leaves(here.expr, switches.ON, here.evaluate, 0):
            for step in here.steps if not isinstance(leaf, Literal) else ():
                leaf = GetAttr(leaf, step)
            stand_in = here.follow(leaf) if hops < _DEPTH else None
            if stand_in is None:
                yield leaf, here.evaluate
            else:
                hops += 1
                pending.append(stand_in)


def resource_reference(expr: Any) -> bool:
    """Whether ``expr`` is an attribute of a managed resource as such (``aws_s3_bucket.own.id``,
    ``"${aws_kms_key.k[0].arn}"``), whatever the resource's own arguments leave unknown."""
    expr = _unwrapped(expr)
    if not isinstance(expr, (GetAttr, Index)):
        return False
    root, steps = traversal(expr)
    return isinstance(root, Variable) and root.name not in _NOT_RESOURCES and bool(steps)


def _reader(default: bool | None, keep_empty: bool) -> Callable[[Any], Any]:
    """How an evaluated value becomes the model's: an optional string ("" unset but for a name, which
    AWS then rejects), or a flag with its ``default``."""
    def text(value: Any) -> Any:
        if value is None or (value == "" and not keep_empty):
            return None
        return as_text(value) if isinstance(value, (str, bool, int, float)) else UNKNOWN

    def flag(value: Any) -> Any:
        if value is None:
            return default
        decided = as_bool(value)
        return UNKNOWN if decided is None else decided
    return text if default is None else flag


def branches(expr: Any, evaluate: Callable[[Any], Any], read: Callable[[Any], Any]) -> tuple[Branch, ...] | None:
    """Each value ``expr`` may take (``read`` turns an evaluated value into the model's) and where;
    None where no conditional with a test not known chooses it, or the tests are too many to tell."""
    leaves = list(_leaves(expr, switches.ON, evaluate, 0))
    if any(when is None for _, when in leaves) or len(leaves) < 2:
        return None
    taken: dict[tuple[Any, bool], Switch | None] = {}
    for leaf, when in leaves:
        value = evaluate(leaf)
        own = (isinstance(value, Unresolved) and value.cause.computed and not value.reported and not value.error) \
            or (unknown(value) and _resource_arn(leaf))
        read_value = UNKNOWN if unknown(value) else read(value)
        key = (read_value, own and read_value is UNKNOWN)
        taken[key] = switches.either(taken.get(key, switches.OFF), when)
    if any(when is None for when in taken.values()):
        return None
    return tuple(Branch(value, when, own) for (value, own), when in taken.items() if when is not None
                 and when != switches.OFF)


# roots of references that name no managed resource
_NOT_RESOURCES = frozenset({"var", "local", "module", "data", "each", "count", "path", "self", "terraform"})


def _resource_arn(expr: Any) -> bool:
    """Whether every reference in ``expr`` is the ``arn`` or ``id`` of a managed resource
    (``aws_iam_role.r[0].arn``): AWS's own, known after apply where the branch is taken, even if the
    resource's count is not known now (the same test decides it)."""
    found, pending = False, [expr]
    while pending:
        node = pending.pop()
        if isinstance(node, (GetAttr, Index)):
            root, steps = traversal(node)
            if isinstance(root, Variable):
                names = [step for step in steps if isinstance(step, str)]
                if root.name in _NOT_RESOURCES or len(names) != 2 or names[-1] not in ("arn", "id"):
                    return False
                found = True
                continue
        pending.extend(children(node))
    return found


def _leaves(expr: Any, when: Switch | None, evaluate: Callable[[Any], Any], depth: int
            ) -> Iterator[tuple[Any, Switch | None]]:
    """The expressions ``expr`` may end in, each with where it is taken."""
    expr = _unwrapped(expr)
    if not isinstance(expr, Conditional) or depth > _DEPTH:
        yield expr, when
        return
    decided = as_bool(evaluate(expr.condition))
    if decided is not None:
        yield from _leaves(expr.then if decided else expr.otherwise, when, evaluate, depth + 1)
        return
    test = _test(expr.condition, evaluate, depth)
    yield from _leaves(expr.then, switches.both(when, test), evaluate, depth + 1)
    yield from _leaves(expr.otherwise, switches.both(when, switches.negated(test)), evaluate, depth + 1)


def _unwrapped(expr: Any) -> Any:
    """The expression inside parentheses, or inside a string that is one interpolation and nothing
    else (``"${var.enabled ? a : null}"``, how a .tf.json file writes an expression), whose value
    is the expression's own."""
    while True:
        if isinstance(expr, Parens):
            expr = expr.inner
        elif isinstance(expr, Template) and len(expr.parts) == 1 and not isinstance(expr.parts[0], str) \
                and not isinstance(expr.parts[0], (TemplateIf, TemplateFor)):
            expr = expr.parts[0]
        else:
            return expr


def _test(expr: Any, evaluate: Callable[[Any], Any], depth: int) -> Switch | None:
    """A test as a switch over the tests it is made of, each named by its text."""
    expr = _unwrapped(expr)
    decided = as_bool(evaluate(expr))
    if decided is not None:
        return switches.ON if decided else switches.OFF
    if depth > _DEPTH:
        return None
    if isinstance(expr, Unary) and expr.operator == "!":
        return switches.negated(_test(expr.operand, evaluate, depth + 1))
    if isinstance(expr, Binary) and expr.operator in ("&&", "||"):
        parts = (_test(expr.left, evaluate, depth + 1), _test(expr.right, evaluate, depth + 1))
        return switches.both(*parts) if expr.operator == "&&" else switches.either(*parts)
    if isinstance(expr, Binary) and expr.operator == "!=":
        return switches.negated(_test(Binary("==", expr.left, expr.right), evaluate, depth + 1))
    text = _text(expr)
    return None if text is None else switches.condition(text)


def _text(expr: Any) -> str | None:
    """An operand of a test as written (``var.enabled``, ``var.name == ""``); None for other shapes."""
    while isinstance(expr, Parens):
        expr = expr.inner
    if isinstance(expr, Literal):
        return _literal(expr.value)
    if isinstance(expr, Template) and all(isinstance(part, str) for part in expr.parts):
        return _literal("".join(str(part) for part in expr.parts))
    if isinstance(expr, Binary) and expr.operator in ("==", "<", ">", "<=", ">="):
        left, right = _text(expr.left), _text(expr.right)
        return None if left is None or right is None else f"{left} {expr.operator} {right}"
    return reference_text(expr)


def _literal(value: Any) -> str | None:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (int, float)):
        return str(value)
    return None
