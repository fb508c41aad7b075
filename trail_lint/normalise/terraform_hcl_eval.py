"""Static evaluation of Terraform expressions: what is known from the .tf text alone.

Literals, templates, heredocs, variables, locals, ``count.index``/``each`` and a few pure
functions are evaluated; everything Terraform only learns while applying (resource attributes,
data sources, module outputs, ``path``/``terraform``) is UNKNOWN. A value is never guessed.
https://developer.hashicorp.com/terraform/language/expressions
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from trail_lint.model import UNKNOWN
from trail_lint.normalise import terraform_hcl_strings as strings
from trail_lint.normalise.terraform_hcl_functions import bounded, call

# resolves (root name, attribute/index steps) to a value; steps it did not use are applied after
Resolver = strings.Resolver
_MAX_DEPTH = 200


def trees(node: Any) -> list[Any]:
    return [child for child in node.children if hasattr(child, "data") and child.data != "new_line_or_comment"]


def evaluate(tree: Any, resolve: Resolver, scope: Mapping[str, Any] | None = None, depth: int = 0) -> Any:
    """The value of an expression, UNKNOWN where anything it needs is unknown."""
    if depth > _MAX_DEPTH:
        return UNKNOWN
    kind = getattr(tree, "data", None)
    handler = _HANDLERS.get(kind) if isinstance(kind, str) else None
    if handler is None:
        return UNKNOWN
    return handler(tree, resolve, dict(scope or {}), depth + 1)


def _term(tree: Any, resolve: Resolver, scope: dict[str, Any], depth: int) -> Any:
    inner = trees(tree)
    return evaluate(inner[0], resolve, scope, depth) if len(inner) == 1 else UNKNOWN


def _number(tree: Any, *_: Any) -> Any:
    text = str(tree.children[0])
    try:
        return int(text) if tree.data == "int_lit" else float(text)
    except ValueError:
        return UNKNOWN


def _literal(tree: Any, *_: Any) -> Any:
    return {"true": True, "false": False, "null": None}.get(str(tree.children[0]), UNKNOWN)


def _tuple(tree: Any, resolve: Resolver, scope: dict[str, Any], depth: int) -> Any:
    return [evaluate(item, resolve, scope, depth) for item in trees(tree)]


def _object(tree: Any, resolve: Resolver, scope: dict[str, Any], depth: int) -> Any:
    found: dict[str, Any] = {}
    for element in trees(tree):
        key_node, value_node = trees(element)[0], trees(element)[-1]
        key = object_key(key_node, resolve, scope, depth)
        if key is UNKNOWN:
            return UNKNOWN
        found[key] = evaluate(value_node, resolve, scope, depth)
    return found


def object_key(key_node: Any, resolve: Resolver, scope: dict[str, Any], depth: int) -> Any:
    """A bare identifier key is its own name; anything else is an expression."""
    inner = trees(key_node)
    if not inner:
        return "".join(str(token) for token in key_node.children)   # a keyword used as a key
    term = inner[0]
    sub = trees(term)
    if term.data == "expr_term" and len(sub) == 1 and sub[0].data == "identifier" and len(term.children) == 1:
        return str(sub[0].children[0])
    value = evaluate(term, resolve, scope, depth)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if isinstance(value, (str, int, float)) else UNKNOWN


def traversal(tree: Any) -> tuple[Any, list[Any]]:
    """``a.b[0].c`` → (root node, [step nodes]), where a step is a get_attr or index tree."""
    steps: list[Any] = []
    node = tree
    while True:
        if node.data == "expr_term" and len(trees(node)) == 1 and len(node.children) == 1:
            node = trees(node)[0]
        elif node.data in ("get_attr_expr_term", "index_expr_term"):
            base, step = trees(node)
            steps.insert(0, step)
            node = base
        else:
            return node, steps


def _step_value(step: Any, resolve: Resolver, scope: dict[str, Any], depth: int) -> Any:
    if step.data == "get_attr":
        return str(step.children[-1].children[0]) if hasattr(step.children[-1], "children") \
            else str(step.children[-1])
    if step.data == "short_index":
        return int(str(step.children[-1]))
    return evaluate(trees(step)[0], resolve, scope, depth)


def _traverse(tree: Any, resolve: Resolver, scope: dict[str, Any], depth: int) -> Any:
    root, step_nodes = traversal(tree)
    steps = [_step_value(step, resolve, scope, depth) for step in step_nodes]
    if root.data == "identifier":
        name = str(root.children[0])
        if name in scope:
            value, used = scope[name], 0
        else:
            value, used = resolve(name, steps)
    else:
        value, used = evaluate(root, resolve, scope, depth), 0
    return apply_steps(value, steps[used:])


def apply_steps(value: Any, steps: list[Any]) -> Any:
    for step in steps:
        if value is UNKNOWN or step is UNKNOWN:
            return UNKNOWN
        if isinstance(value, dict) and isinstance(step, str) and step in value:
            value = value[step]
        elif isinstance(value, list) and isinstance(step, int) and not isinstance(step, bool) \
                and 0 <= step < len(value):
            value = value[step]
        elif isinstance(value, list) and isinstance(step, str) and step.isdigit() and int(step) < len(value):
            value = value[int(step)]
        else:
            return UNKNOWN    # Terraform would fail here; trail-lint does not invent a value
    return value


def _function(tree: Any, resolve: Resolver, scope: dict[str, Any], depth: int) -> Any:
    names = [child for child in tree.children if hasattr(child, "data") and child.data == "identifier"]
    if len(names) != 1:
        return UNKNOWN          # provider::namespace::function
    arguments_node = next((child for child in tree.children if hasattr(child, "data")
                           and child.data == "arguments"), None)
    arguments = [evaluate(arg, resolve, scope, depth) for arg in trees(arguments_node)] if arguments_node else []
    if arguments_node is not None and any(getattr(t, "type", "") == "ELLIPSIS" for t in arguments_node.children):
        last = arguments.pop() if arguments else UNKNOWN
        if not isinstance(last, list):
            return UNKNOWN
        arguments.extend(last)
    return call(str(names[0].children[0]), arguments)


def _conditional(tree: Any, resolve: Resolver, scope: dict[str, Any], depth: int) -> Any:
    condition, yes, no = trees(tree)
    test = evaluate(condition, resolve, scope, depth)
    if test is True or test == "true":
        return evaluate(yes, resolve, scope, depth)
    if test is False or test == "false":
        return evaluate(no, resolve, scope, depth)
    return UNKNOWN


def _unary(tree: Any, resolve: Resolver, scope: dict[str, Any], depth: int) -> Any:
    operator = str(tree.children[0])
    value = evaluate(trees(tree)[0], resolve, scope, depth)
    if operator == "!" and isinstance(value, bool):
        return not value
    if operator == "-" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return -value
    return UNKNOWN


_BINARY: Mapping[str, Callable[[Any, Any], Any]] = {
    "==": lambda a, b: a == b and type(a) is type(b), "!=": lambda a, b: not (a == b and type(a) is type(b)),
    "&&": lambda a, b: a and b if isinstance(a, bool) and isinstance(b, bool) else UNKNOWN,
    "||": lambda a, b: a or b if isinstance(a, bool) and isinstance(b, bool) else UNKNOWN,
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": lambda a, b: a / b, "%": lambda a, b: a % b,
    "<": lambda a, b: a < b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b,
}


_NUMERIC = frozenset({"+", "-", "*", "/", "%", "<", ">", "<=", ">="})


def _binary(tree: Any, resolve: Resolver, scope: dict[str, Any], depth: int) -> Any:
    left_node, term = trees(tree)[0], trees(tree)[1]
    operator_node, right_node = trees(term)[0], trees(term)[-1]
    operator = "".join(str(token) for token in operator_node.children)
    left = evaluate(left_node, resolve, scope, depth)
    right = evaluate(right_node, resolve, scope, depth)
    if left is UNKNOWN or right is UNKNOWN or operator not in _BINARY:
        return UNKNOWN
    if operator in _NUMERIC and not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                             for v in (left, right)):
        return UNKNOWN
    try:
        return _BINARY[operator](left, right)
    except (ArithmeticError, TypeError):
        return UNKNOWN


def _for(tree: Any, resolve: Resolver, scope: dict[str, Any], depth: int) -> Any:
    parts = trees(tree)
    intro, rest = parts[0], parts[1:]
    condition = rest.pop() if rest and rest[-1].data == "for_cond" else None
    intro_parts = trees(intro)
    names = [str(node.children[0]) for node in intro_parts if node.data == "identifier"]
    collection = evaluate(intro_parts[-1], resolve, scope, depth)
    if isinstance(collection, dict):
        pairs = list(collection.items())
    elif isinstance(collection, list):
        pairs = list(enumerate(collection))
    else:
        return UNKNOWN
    grouped = any(getattr(t, "type", "") == "ELLIPSIS" for t in tree.children)
    result: Any = [] if tree.data == "for_tuple_expr" else {}
    for key, value in pairs:
        inner = {**scope, **({names[0]: key, names[1]: value} if len(names) == 2 else {names[0]: value})}
        if condition is not None:
            keep = evaluate(trees(condition)[0], resolve, inner, depth)
            if keep is UNKNOWN or not isinstance(keep, bool):
                return UNKNOWN
            if not keep:
                continue
        if tree.data == "for_tuple_expr":
            result.append(evaluate(rest[0], resolve, inner, depth))
            continue
        out_key = evaluate(rest[0], resolve, inner, depth)
        if not isinstance(out_key, str):
            return UNKNOWN
        out = evaluate(rest[1], resolve, inner, depth)
        if grouped:
            result.setdefault(out_key, []).append(out)
        else:
            result[out_key] = out
    return bounded(result)


_HANDLERS: Mapping[str, Callable[[Any, Resolver, dict[str, Any], int], Any]] = {
    "expr_term": lambda t, r, s, d: _traverse(t, r, s, d) if _is_traversal(t) else _term(t, r, s, d),
    "get_attr_expr_term": _traverse, "index_expr_term": _traverse, "identifier": _traverse,
    "int_lit": _number, "float_lit": _number, "literal_value": _literal,
    "string": lambda t, r, s, d: strings.string(t, r, s, d, evaluate),
    "heredoc_template": lambda t, r, s, d: strings.heredoc(t, r, s, d, evaluate),
    "heredoc_template_trim": lambda t, r, s, d: strings.heredoc(t, r, s, d, evaluate),
    "tuple": _tuple, "object": _object, "function_call": _function, "conditional": _conditional,
    "unary_op": _unary, "binary_op": _binary, "for_tuple_expr": _for, "for_object_expr": _for,
}


def _is_traversal(tree: Any) -> bool:
    inner = trees(tree)
    return len(inner) == 1 and len(tree.children) == 1 and inner[0].data in (
        "identifier", "get_attr_expr_term", "index_expr_term")


def reference_text(tree: Any) -> str | None:
    """``aws.east`` → "aws.east": the text of a traversal made of names only (provider references)."""
    root, steps = traversal(tree)
    if getattr(root, "data", None) != "identifier" or any(step.data != "get_attr" for step in steps):
        return None
    return ".".join([str(root.children[0])] + [str(step.children[-1].children[0]) for step in steps])


def references(tree: Any) -> list[str]:
    """Every ``a.b.c`` traversal an expression contains (what a plan lists as ``references``)."""
    found: list[str] = []
    pending = [tree]
    while pending:
        node = pending.pop()
        if not hasattr(node, "data"):
            continue
        if node.data in ("get_attr_expr_term", "index_expr_term"):
            root, steps = traversal(node)
            if getattr(root, "data", None) == "identifier":
                names = [str(root.children[0])]
                for step in steps:
                    if step.data != "get_attr":
                        break
                    names.append(str(step.children[-1].children[0]))
                found.append(".".join(names))
        pending.extend(reversed(node.children))
    return list(dict.fromkeys(found))
