"""YAML text -> plain values, marks and comments (imported only when a YAML file is loaded).

Nodes come from PyYAML's pure-Python safe composer (libyaml's composer recurses in C, so
deep nesting could overflow the C stack instead of raising). One walk over the nodes builds
the values and records every path's mark. Aliases are expanded as copies, so the walk counts
the nodes it materialises and stops at ``Limits.max_yaml_nodes`` ("billion laughs").
"""
from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from trail_lint.load.base import Intrinsic, Limits, LoadError, offset_position
from trail_lint.model import Path, Position

_STANDARD = "tag:yaml.org,2002:"
_MERGE = _STANDARD + "merge"
_COMMENT_END = re.compile("[\0\r\n\x85\u2028\u2029]")

# Short forms CloudFormation knows: !Ref and !Condition keep their name, the rest are Fn::X.
# https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
# The AWS::LanguageExtensions functions (Fn::ForEach, Fn::Length, Fn::ToJsonString) have no short
# form: "!Length" stays an unknown tag, which the template reader names.
# https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/transform-aws-languageextensions.html
_CFN_FUNCTIONS = frozenset({
    "And", "Base64", "Cidr", "Contains", "EachMemberEquals", "EachMemberIn", "Equals",
    "FindInMap", "GetAtt", "GetAZs", "If", "ImportValue", "Join", "Not",
    "Or", "RefAll", "Select", "Split", "Sub", "Transform", "ValueOf",
    "ValueOfAll",
})


class _Loader(yaml.SafeLoader):
    """The safe loader, also recording comments as the scanner skips them."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.comments: dict[int, str] = {}

    def scan_to_next_token(self) -> None:
        # Same as yaml.scanner.Scanner.scan_to_next_token, plus _take_comment.
        if self.index == 0 and self.peek() == "\ufeff":
            self.forward()
        while True:
            while self.peek() == " ":
                self.forward()
            if self.peek() == "#":
                self._take_comment()
            if self.scan_line_break():
                if not self.flow_level:
                    self.allow_simple_key = True
            else:
                return

    def scan_block_scalar_ignored_line(self, start_mark: Any) -> None:
        while self.peek() == " ":
            self.forward()
        if self.peek() == "#":
            self._take_comment()
        super().scan_block_scalar_ignored_line(start_mark)

    def _take_comment(self) -> None:
        start = self.pointer
        found = _COMMENT_END.search(self.buffer, start)
        end = found.start() if found else len(self.buffer)
        self.comments[self.line + 1] = self.buffer[start + 1:end].strip()
        self.forward(end - start)


class _Walk:
    """One walk over the composed nodes; aliases are expanded, so it counts and bounds."""

    def __init__(self, loader: _Loader, limits: Limits) -> None:
        self.loader = loader
        self.limits = limits
        self.marks: dict[Path, Position] = {}
        self.count = 0
        self.active: set[int] = set()
        self.reached: Any = None  # the latest node's mark, for errors Python raises

    def tick(self, node: Node) -> None:
        self.count += 1
        self.reached = node.start_mark
        if self.count > self.limits.max_yaml_nodes:
            raise LoadError(f"YAML alias expansion exceeds the limit of "
                            f"{self.limits.max_yaml_nodes:,} nodes", _mark(node))

    def value(self, node: Node, path: Path, depth: int) -> Any:
        self.tick(node)
        if depth >= self.limits.max_depth and not isinstance(node, ScalarNode):
            raise LoadError(f"nesting deeper than {self.limits.max_depth} levels", _mark(node))
        tag = node.tag or ""
        if tag.startswith(_STANDARD) or tag == "!":
            return self.plain(node, path, depth)
        name = _intrinsic_name(tag)
        inner = path + (name,)
        self.marks[inner] = _mark(node)
        if isinstance(node, ScalarNode):
            return Intrinsic(name, node.value)  # !GetAtt A.B stays the string "A.B"
        return Intrinsic(name, self.plain(node, inner, depth))

    def plain(self, node: Node, path: Path, depth: int) -> Any:
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            return self.sequence(node, path, depth)
        result: dict[Any, Any] = {}
        if isinstance(node, MappingNode):
            self.mapping(node, path, depth, result)
        return result

    def enter(self, node: Node) -> None:
        if id(node) in self.active:  # an alias inside its own anchor
            raise LoadError("recursive YAML alias", _mark(node))
        self.active.add(id(node))

    def sequence(self, node: SequenceNode, path: Path, depth: int) -> list[Any]:
        self.enter(node)
        items = []
        for index, item in enumerate(node.value):
            self.marks[path + (index,)] = _mark(item)
            items.append(self.value(item, path + (index,), depth + 1))
        self.active.discard(id(node))
        return items

    def mapping(self, node: MappingNode, path: Path, depth: int, result: dict[Any, Any]) -> None:
        self.enter(node)
        merges = [value for key, value in node.value if key.tag == _MERGE]
        for source in _merge_sources(merges):  # YAML merge keys; explicit keys win
            self.tick(source)
            self.mapping(source, path, depth, result)
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                continue
            key = self.key(key_node)
            self.marks[path + (key,)] = _mark(key_node)
            result[key] = self.value(value_node, path + (key,), depth + 1)
        self.active.discard(id(node))

    def key(self, node: Node) -> Any:
        self.tick(node)
        if not isinstance(node, ScalarNode):
            raise LoadError("a mapping key must be a scalar", _mark(node))
        tag = node.tag or ""
        if tag.startswith(_STANDARD) or tag == "!":
            return self.scalar(node)
        return Intrinsic(_intrinsic_name(tag), node.value)

    def scalar(self, node: ScalarNode) -> Any:
        construct = _SCALARS.get(node.tag)
        if construct is None:  # str, and timestamps/binary kept as written
            return node.value
        try:
            return construct(self.loader, node)
        except (ValueError, TypeError, yaml.YAMLError):
            kind = node.tag.removeprefix(_STANDARD)
            shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            raise LoadError(f"cannot read {shown!r} as {kind}", _mark(node)) from None


def _merge_sources(merges: list[Node]) -> list[MappingNode]:
    sources: list[MappingNode] = []
    for merge in merges:
        nodes = merge.value if isinstance(merge, SequenceNode) else [merge]
        for node in nodes:
            if not isinstance(node, MappingNode):
                raise LoadError("a merge key (<<) needs a mapping or a list of mappings",
                                _mark(node))
            sources.append(node)
    # Earlier sources override later ones, so they are applied last.
    return sources[::-1]


_SCALARS: dict[str, Callable[[Any, ScalarNode], Any]] = {
    _STANDARD + kind: yaml.SafeLoader.yaml_constructors[_STANDARD + kind]
    for kind in ("null", "bool", "int", "float")
}


def _intrinsic_name(tag: str) -> str:
    short = tag.removeprefix("!")
    if short in ("Ref", "Condition"):
        return short
    if short in _CFN_FUNCTIONS:
        return "Fn::" + short
    return tag


def _mark(node: Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def load_yaml(text: str, limits: Limits) -> tuple[Any, dict[Path, Position], dict[int, str]]:
    """Values, marks and comments of the first YAML document in ``text``."""
    try:
        loader = _Loader(text)  # the reader rejects control characters here
    except yaml.reader.ReaderError as error:
        raise LoadError(f"character {chr(error.character)!r} is not allowed in YAML",
                        offset_position(text, error.position)) from None
    try:
        node = loader.get_node() if loader.check_node() else None
    except yaml.MarkedYAMLError as error:
        mark = _culprit(error)
        position = Position(mark.line + 1, mark.column + 1) if mark else None
        raise LoadError(_describe(error), position) from None
    except yaml.YAMLError as error:
        raise LoadError(f"invalid YAML: {error}") from None
    except RecursionError:
        mark = loader.get_mark()
        # The composer uses about two Python frames per level.
        depth = min(limits.max_depth, sys.getrecursionlimit() // 2)
        raise LoadError(f"nesting deeper than about {depth} levels",
                        Position(mark.line + 1, mark.column + 1)) from None
    finally:
        loader.dispose()
    if node is None:
        return None, {(): Position(1, 1)}, loader.comments
    walk = _Walk(loader, limits)
    walk.marks[()] = _mark(node)
    try:
        data = walk.value(node, (), 0)
    except RecursionError:  # aliases can nest deeper than the composer went
        depth = min(limits.max_depth, sys.getrecursionlimit() // 3)
        mark = walk.reached
        raise LoadError(f"nesting deeper than about {depth} levels",
                        Position(mark.line + 1, mark.column + 1)) from None
    return data, walk.marks, loader.comments


# A line that is no `key: value` (a merge conflict marker, a word left behind) is seen as a simple key
# whose `:` never comes: the scanner notices it on the next line, but the line to fix is the key's.
_AT_CONTEXT = frozenset({"while scanning a simple key"})


def _culprit(error: yaml.MarkedYAMLError) -> Any:
    """Where the error is to be fixed: the problem's mark, or the context's where that is the line at fault."""
    if error.context in _AT_CONTEXT and error.context_mark is not None:
        return error.context_mark
    return error.problem_mark or error.context_mark


def _describe(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or "invalid YAML"
    if error.context in _AT_CONTEXT and error.context_mark is not None:
        return f"{problem} ({error.context})"
    if error.context and error.context_mark is not None and error.problem_mark is not None:
        return f"{problem} ({error.context} at line {error.context_mark.line + 1})"
    if error.context:
        return f"{problem} ({error.context})"
    return problem
