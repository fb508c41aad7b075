"""HCL expressions as trail-lint reads them: small frozen nodes, evaluated per module instance.
https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#expressions
"""
from __future__ import annotations

from dataclasses import field
from typing import Any

from trail_lint.model import Position
from trail_lint.records import record


@record
class Literal:
    value: Any                        # a number, true, false or null


@record
class Template:
    """A quoted string or heredoc: literal text, interpolations and %{if}/%{for} directives."""

    parts: tuple[str | Expression | TemplateIf | TemplateFor, ...]


@record
class TemplateIf:
    condition: Expression
    then: Template
    otherwise: Template


@record
class TemplateFor:
    key: str | None
    value: str
    collection: Expression
    body: Template


@record
class Variable:
    name: str                         # the root of a traversal: var, local, aws_s3_bucket, each...


@record
class GetAttr:
    source: Expression
    name: str


@record
class Index:
    source: Expression
    key: Expression


@record
class Splat:
    """``source[*].a.b`` or ``source.*.a``: ``each`` (a traversal of ``Variable("")``) applied to every element."""

    source: Expression
    each: Expression


@record
class Call:
    name: str                         # "merge", or "provider::aws::arn_parse"
    arguments: tuple[Expression, ...]
    expand: bool = False              # the last argument ends with ``...``


@record
class Conditional:
    condition: Expression
    then: Expression
    otherwise: Expression


@record
class Binary:
    operator: str
    left: Expression
    right: Expression


@record
class Unary:
    operator: str                     # "!" or "-"
    operand: Expression


@record
class Parens:
    inner: Expression


@record
class TupleCons:
    items: tuple[Expression, ...]


@record
class ObjectCons:
    items: tuple[tuple[Expression, Expression], ...]    # (key, value); a bare identifier key is its name


@record
class ForExpr:
    key_var: str | None
    value_var: str
    collection: Expression
    key: Expression | None            # set for {for ...: key => value}
    value: Expression
    condition: Expression | None = None
    group: bool = False               # ``value...``


@record(slots=False)
class Attribute:
    name: str
    expr: Expression     # evaluated later, in the context of one module instance
    position: Position


@record(slots=False)
class Block:
    type: str
    labels: tuple[str, ...]
    body: Body
    position: Position
    end_line: int


@record(slots=False)
class Body:
    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: tuple[Block, ...] = ()

    def blocks_of(self, kind: str) -> tuple[Block, ...]:
        return tuple(block for block in self.blocks if block.type == kind)


Expression = (Literal | Template | Variable | GetAttr | Index | Splat | Call | Conditional | Binary | Unary | Parens
              | TupleCons | ObjectCons | ForExpr)


def children(node: Any) -> tuple[Any, ...]:
    """The sub-expressions of a node, for walks that look for references."""
    if isinstance(node, (GetAttr, Index, Splat, Parens, Unary, Binary, Conditional, Call, TupleCons, ObjectCons,
                         ForExpr, Template, TemplateIf, TemplateFor)):
        found: list[Any] = []
        for name in node.__match_args__:
            value = getattr(node, name)
            if isinstance(value, tuple):
                for item in value:
                    found.extend(item if isinstance(item, tuple) else (item,))
            elif value is not None and not isinstance(value, (str, bool)):
                found.append(value)
        return tuple(item for item in found if not isinstance(item, str))
    return ()
