"""``Fn::ForEach`` loops (the ``AWS::LanguageExtensions`` transform), expanded as the transform does.

``Fn::ForEach::Name: [Identifier, Collection, {OutputKey: OutputValue}]`` stands in Resources,
Conditions and Outputs, and inside a resource wherever a mapping key may (its properties too);
loops nest. For each item of the collection the output template is copied, with
``${Identifier}`` replaced by the item and ``&{Identifier}`` by the item without its
non-alphanumeric characters, in keys and in ``Fn::Sub``, and ``Ref: Identifier`` replaced by the
item. A ``Fn::Sub`` left without variables becomes its string, so ``!Ref {Fn::Sub: Subnet${Id}}``
refers to ``SubnetA``, as in the transform's output.

The collection is a list, or a value the template reader settles to a list (``!Ref`` of a
``CommaDelimitedList`` or ``List<...>`` parameter, ``Fn::FindInMap``, ``Fn::Split``...). A
collection it cannot settle leaves its loop unexpanded: a ``Blocked`` loop, said as TL002 with the
cause, never guessed. A loop CloudFormation rejects (not three items, an identifier that is not
alphanumeric, a logical ID made twice or not alphanumeric, no transform) is MalformedInput (TL001).
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-foreach.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/transform-aws-languageextensions.html
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from trail_lint.load import Intrinsic
from trail_lint.model import UNKNOWN, At, Path
from trail_lint.normalise import MalformedInput
from trail_lint.normalise.cloudformation.parameters import Trace, is_scalar, scalar_text
from trail_lint.normalise.cloudformation.values import Template, Unexpanded, intrinsic, resolve
from trail_lint.records import record

FOR_EACH = "Fn::ForEach::"
TRANSFORM = "AWS::LanguageExtensions"
_ALPHANUMERIC = re.compile(r"[A-Za-z0-9]+")
_PLACEHOLDER = re.compile(r"([$&])\{([^}]*)\}")
_NOT_ALPHANUMERIC = re.compile(r"[^A-Za-z0-9]")


def is_loop(key: Any) -> bool:
    return isinstance(key, str) and key.startswith(FOR_EACH)


def uses_transform(data: Mapping[str, Any]) -> bool:
    """Whether the template declares AWS::LanguageExtensions (a string, or one of a list)."""
    declared = data.get("Transform")
    return declared == TRANSFORM or isinstance(declared, list) and TRANSFORM in declared


@record
class Blocked:
    """A loop whose collection is not known: what it would make is not read."""

    loop: str
    at: At
    trace: Trace     # why the collection is not known
    top: bool        # it makes the section's entries (resources, conditions), not keys inside one


@dataclass
class Expansion:
    """One section's entries with every loop expanded, where each was written, and what blocked."""

    template: Template        # parameters, mappings and what the run supplies: settles collections
    section: str
    entries: dict[str, Any] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)   # made entry -> its output template
    blocked: list[Blocked] = field(default_factory=list)
    assumed: list[tuple[At, Trace]] = field(default_factory=list)   # collections resting on Defaults

    def section_entries(self, written: Mapping[Any, Any]) -> None:
        """Expand a section (Resources, Conditions, Outputs): loops make entries beside the others."""
        declared = {key for key in written if not is_loop(key)}
        for key, value in written.items():
            if is_loop(key):
                self.loop(key, value, (self.section, key), {}, self.entries, declared, top=True)
            else:
                self.entries[key] = substitute(value, {}, self, (self.section, key))

    def loop(self, name: str, spec: Any, path: Path, names: Mapping[str, str], into: dict[Any, Any],
             declared: set[Any], *, top: bool) -> None:
        """Add what the loop makes to ``into``, or note it as blocked (an inner loop blocks alone)."""
        identifier, collection, output = _shape(self.template.file, name, spec, path)
        trace = Trace()
        items = resolve(self.template, substitute(collection, names, self, path + (1,)), trace)
        if not isinstance(items, list) or not all(is_scalar(item) for item in items):
            if items is not UNKNOWN:
                trace.unknown(f"its collection is not a list of strings: {_shown(items)}")
            self.blocked.append(Blocked(name, At(self.template.file, path), trace, top))
            return
        if trace.assumed:
            self.assumed.append((At(self.template.file, path), trace))
        for item in items:
            inner = {**names, identifier: scalar_text(item)}
            for key, value in output.items():
                here = path + (2, key)
                if is_loop(key):
                    self.loop(key, value, here, inner, into, declared, top=top)
                    continue
                made = replace(key, inner) if isinstance(key, str) else key
                self._check(name, made, into, declared, here, top=top)
                into[made] = substitute(value, inner, self, here)
                if top:
                    self.paths[made] = here

    def _check(self, name: str, made: Any, into: Mapping[Any, Any], declared: set[Any], at: Path, *,
               top: bool) -> None:
        where = At(self.template.file, at)
        if top and not (isinstance(made, str) and _ALPHANUMERIC.fullmatch(made)):
            raise MalformedInput(f"{name} makes the logical ID {made!r}, which is not alphanumeric "
                                 f"(&{{...}} leaves out what is not)", where)
        if made in declared:
            raise MalformedInput(f"{name} makes {made!r}, which is declared beside the loop already", where)
        if made in into:
            raise MalformedInput(f"{name} makes {made!r} twice (or another loop makes it too)", where)


def _shape(file: str, name: str, spec: Any, path: Path) -> tuple[str, Any, Mapping[Any, Any]]:
    """The loop's identifier, collection and output template, as CloudFormation requires them."""
    if not isinstance(spec, list) or len(spec) != 3:
        raise MalformedInput(f"{name} must be a list of [identifier, collection, output template]",
                             At(file, path))
    identifier, collection, output = spec
    if not isinstance(identifier, str) or not _ALPHANUMERIC.fullmatch(identifier):
        raise MalformedInput(f"the identifier of {name} must be alphanumeric, not {_shown(identifier)}",
                             At(file, path + (0,)))
    if not isinstance(collection, list) and intrinsic(collection) is None:
        raise MalformedInput(f"the collection of {name} must be a list or a function that makes one",
                             At(file, path + (1,)))
    if not isinstance(output, dict) or not output:
        raise MalformedInput(f"the output template of {name} must be a mapping of keys to values",
                             At(file, path + (2,)))
    return identifier, collection, output


def replace(text: str, names: Mapping[str, str]) -> str:
    """``${Identifier}`` → the item; ``&{Identifier}`` → the item without non-alphanumerics."""
    def one(match: re.Match[str]) -> str:
        value = names.get(match.group(2))
        if value is None:
            return match.group(0)
        return value if match.group(1) == "$" else _NOT_ALPHANUMERIC.sub("", value)
    return _PLACEHOLDER.sub(one, text) if names and ("{" in text) else text


def substitute(value: Any, names: Mapping[str, str], expansion: Expansion, path: Path) -> Any:
    """``value`` with the loops' identifiers replaced and the loops inside it expanded."""
    if isinstance(value, dict) and any(is_loop(key) for key in value):
        return _mapping_with_loops(value, names, expansion, path)
    call = intrinsic(value)
    if call is not None:
        name, argument = call
        here = path + (name,)
        if not names:   # outside a loop: only loops inside are expanded
            return _rebuilt(value, name, substitute(argument, names, expansion, here))
        if name == "Ref":
            target = substitute(argument, names, expansion, here) if not isinstance(argument, str) else argument
            if isinstance(target, str) and target in names:
                return names[target]
            return _rebuilt(value, name, target)
        if name == "Fn::Sub":
            return _sub(value, argument, names, expansion, here)
        return _rebuilt(value, name, substitute(argument, names, expansion, here))
    if isinstance(value, dict):
        return {replace(key, names) if isinstance(key, str) else key:
                substitute(item, names, expansion, path + (key,)) for key, item in value.items()}
    if isinstance(value, list):
        return [substitute(item, names, expansion, path + (index,)) for index, item in enumerate(value)]
    return value


def _mapping_with_loops(value: Mapping[Any, Any], names: Mapping[str, str], expansion: Expansion,
                        path: Path) -> Any:
    """A mapping whose keys a loop makes (properties, say); Unexpanded when a collection is not known."""
    declared = {replace(key, names) if isinstance(key, str) else key for key in value if not is_loop(key)}
    made: dict[Any, Any] = {}
    before = len(expansion.blocked)
    for key, item in value.items():
        if is_loop(key):
            expansion.loop(key, item, path + (key,), names, made, declared, top=False)
        else:
            made[replace(key, names) if isinstance(key, str) else key] = substitute(item, names, expansion,
                                                                                   path + (key,))
    if len(expansion.blocked) > before:
        return Unexpanded("; ".join(f"{blocked.loop} is not expanded ({'; '.join(blocked.trace.causes)})"
                                    for blocked in expansion.blocked[before:]))
    return made


def _sub(value: Any, argument: Any, names: Mapping[str, str], expansion: Expansion, path: Path) -> Any:
    """The transform fills the identifiers into a Fn::Sub, which is a plain string when no ${} is left."""
    if isinstance(argument, str):
        text = replace(argument, names)
        return text if "${" not in text else _rebuilt(value, "Fn::Sub", text)
    if isinstance(argument, list) and len(argument) == 2 and isinstance(argument[0], str):
        variables = substitute(argument[1], names, expansion, path + (1,))
        return _rebuilt(value, "Fn::Sub", [replace(argument[0], names), variables])
    return _rebuilt(value, "Fn::Sub", substitute(argument, names, expansion, path))


def _rebuilt(value: Any, name: str, argument: Any) -> Any:
    """The same function call, in the form it was written (short tag or one-key mapping)."""
    return Intrinsic(name, argument) if isinstance(value, Intrinsic) else {name: argument}


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
