"""Templates (quoted strings, heredocs, ``templatefile``): literal text, ``${...}`` and ``%{if}``/``%{for}``.
https://developer.hashicorp.com/terraform/language/expressions/strings
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from trail_lint.model import Cause
from trail_lint.normalise.terraform.hcl_ast import Template, TemplateFor, TemplateIf
from trail_lint.normalise.terraform.hcl_functions import Unresolved, first_unknown, opaque, pairs, unknown
from trail_lint.normalise.terraform.hcl_text import as_bool

Evaluate = Callable[[Any, dict[str, Any]], Any]


def template(expr: Template, scope: dict[str, Any], evaluate: Evaluate) -> Any:
    pieces = _pieces(expr, scope, evaluate)
    if not isinstance(pieces, list):
        return pieces
    if any(isinstance(part, (TemplateIf, TemplateFor)) for part in expr.parts):
        pieces.insert(0, "")        # a template with a directive is a string, even "%{if x}${y}%{endif}"
    joined = join(pieces)
    return _policy_with_holes(pieces) or _text_with_holes(pieces, joined) if unknown(joined) else joined


def _pieces(expr: Template, scope: dict[str, Any], evaluate: Evaluate) -> list[Any] | Unresolved:
    """The literal text and the values of a template, the parts an %{if} or %{for} gives in its
    place: a policy written with a loop over values known only after apply is still read around
    them (_policy_with_holes), as one written without."""
    pieces: list[Any] = []
    for part in expr.parts:
        if isinstance(part, str):
            pieces.append(part)
        elif isinstance(part, TemplateIf):
            test = evaluate(part.condition, scope)
            if unknown(test):
                return opaque(test)
            test = as_bool(test)
            if test is None:
                return Unresolved(Cause("a template %{if} condition that is not true or false"), error=True)
            found = _pieces(part.then if test else part.otherwise, scope, evaluate)
            if not isinstance(found, list):
                return found
            pieces += found
        elif isinstance(part, TemplateFor):
            found = _for(part, scope, evaluate)
            if not isinstance(found, list):
                return found
            pieces += found
        else:
            pieces.append(evaluate(part, scope))
    return pieces


_FORMAT_PIECE = re.compile(r"%%|%[sv]|[^%]+")


def format_with_holes(arguments: list[Any]) -> Any:
    """``format("%s_CloudTrail_%s", account, region)`` with arguments known only after apply, read as
    the template ``"${account}_CloudTrail_${region}"`` would be (its text around the holes); None
    when nothing is unknown or the spec has verbs other than plain %s and %v (``call`` decides)."""
    if not arguments or not isinstance(arguments[0], str) or not any(unknown(a) for a in arguments[1:]):
        return None
    spec, values = arguments[0], arguments[1:]
    found = _FORMAT_PIECE.findall(spec)
    if "".join(found) != spec or sum(piece in ("%s", "%v") for piece in found) != len(values):
        return None
    given = iter(values)
    pieces: list[Any] = []
    for piece in found:
        value = next(given) if piece in ("%s", "%v") else "%" if piece == "%%" else piece
        if not (isinstance(value, str) or unknown(value)):
            return None      # a number or a list: written by the function's own rules
        pieces.append(value)
    joined = join(pieces)
    return _text_with_holes(pieces, joined) if unknown(joined) else joined


def join_with_holes(arguments: list[Any]) -> Any:
    """``join("", ["arn:", data.aws_partition.x.partition, ":cloudtrail:", ...])`` with elements known
    only after apply, read as the template of its elements and separators would be (its text around
    the holes); None when nothing is unknown or an argument is not a list of strings and unknowns
    (``call`` decides)."""
    if len(arguments) < 2 or not isinstance(arguments[0], str) or \
            not all(isinstance(a, list) for a in arguments[1:]):
        return None
    items = [item for listed in arguments[1:] for item in listed]
    if not any(unknown(item) for item in items) or \
            not all(isinstance(item, str) or unknown(item) for item in items):
        return None
    pieces: list[Any] = []
    for index, item in enumerate(items):
        if index and arguments[0]:
            pieces.append(arguments[0])
        pieces.append(item)
    joined = join(pieces)
    return _text_with_holes(pieces, joined) if unknown(joined) else joined


def _text_with_holes(pieces: list[Any], joined: Any) -> Any:
    """A string template with parts not known offline (``arn:aws:iam::${account}:root``): the
    unknown, with its text around the holes (Unresolved.text); ``joined`` when a part is an error
    or is not text. A part with a cause of its own to report (a variable without a value) keeps
    it: the unknown is ``joined``, reported, and its text is a hole there, named where that part
    names one (a variable without a value: hcl_modules.ModuleInstance.variable)."""
    from trail_lint.normalise.policy_json import UNKNOWN_TEXT

    if len(pieces) < 2:
        return joined        # "${x}" alone is x
    if not all(isinstance(piece, str) or (isinstance(piece, Unresolved) and not piece.error) for piece in pieces):
        return opaque(joined)
    if any(isinstance(piece, Unresolved) and piece.reported for piece in pieces):
        text = "".join(piece if isinstance(piece, str) else piece.text or UNKNOWN_TEXT for piece in pieces)
        return Unresolved(joined.cause, reported=True, text=text)
    text = "".join(piece if isinstance(piece, str) else piece.text or UNKNOWN_TEXT for piece in pieces)
    return Unresolved(joined.cause, text=text)


def _policy_with_holes(pieces: list[Any]) -> str | None:
    """A policy document written as a template (a heredoc) with values known only after apply:
    its text with each such value a hole (policy_json.UNKNOWN_TEXT), so that the statements and
    elements that do not hold one are still read, as for ``jsonencode``. None for anything else:
    text that is not a policy document, or an unknown with a cause of its own to report."""
    from trail_lint.normalise.policy_json import UNKNOWN_TEXT, named_holes

    if not any(isinstance(piece, str) and '"Statement"' in piece for piece in pieces):
        return None
    if not all(isinstance(piece, str) or (isinstance(piece, Unresolved) and not (piece.reported or piece.error))
               for piece in pieces):
        return None
    # a value with named holes keeps them (hcl_modules.held), where its text is safe inside a JSON string
    text = "".join(piece if isinstance(piece, str) else piece.text if piece.text and named_holes(piece.text)
                   and not any(char in piece.text for char in '"\\') else UNKNOWN_TEXT for piece in pieces)
    try:
        json.loads(text)      # a hole outside a JSON string (`"Resource": ${x}`) is not a document
    except ValueError:
        return None
    return text


def _for(part: TemplateFor, scope: dict[str, Any], evaluate: Evaluate) -> list[Any] | Unresolved:
    collection = evaluate(part.collection, scope)
    if unknown(collection):
        return opaque(collection)
    items = pairs(collection)
    if items is None:
        return Unresolved(Cause("a template %{for} over a value that is not a collection"), error=True)
    out: list[Any] = []
    for key, value in items:
        inner = {**scope, part.value: value}
        if part.key is not None:
            inner[part.key] = key
        found = _pieces(part.body, inner, evaluate)
        if not isinstance(found, list):
            return found
        out += found
    return out


def join(pieces: list[Any]) -> Any:
    blocked = [piece for piece in pieces if unknown(piece)]
    if blocked:
        return first_unknown(blocked)
    if len(pieces) == 1 and not isinstance(pieces[0], str):
        return pieces[0]        # "${x}" alone keeps the value's type
    text = []
    for piece in pieces:
        if isinstance(piece, bool):
            text.append("true" if piece else "false")
        elif isinstance(piece, float) and piece.is_integer():
            text.append(str(int(piece)))
        elif isinstance(piece, (str, int, float)):
            text.append(str(piece))
        else:
            # a list, object or null cannot be interpolated; Terraform rejects it
            return Unresolved(Cause("a template interpolates a value that is not a string"), error=True)
    return "".join(text)
