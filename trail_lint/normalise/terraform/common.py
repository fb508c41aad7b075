"""What Terraform plans and states share: resource instances, typed attribute reads, addresses.

A plan marks "known after apply" values in ``after_unknown``, a structure that mirrors
``after`` with ``true`` where a value (or a whole block list) is unknown:
https://developer.hashicorp.com/terraform/internals/json-format#change-representation
Every read goes through ``Node`` so an unknown is never replaced by a default.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, NamedTuple

from trail_lint.model import UNKNOWN, At, Branch, Deployment, Existence, Path, Tag, Text, Unknown
from trail_lint.normalise import MalformedInput

# The AWS Cloud Control provider's trail, which trail-lint does not read: each is said (TL002) rather
# than passed over as if the input held no trail, and no value of it is worth a TL002 of its own.
# https://registry.terraform.io/providers/hashicorp/awscc/latest/docs/resources/cloudtrail_trail
UNREAD_TRAIL = "awscc_cloudtrail_trail"

# The root keys of `terraform show -json` output that only a plan has: one of them tells a plan from a state.
# https://developer.hashicorp.com/terraform/internals/json-format
PLAN_KEYS = ("planned_values", "resource_changes", "prior_state", "configuration")


# The existences of a resource this apply creates, if it creates it at all: what its configuration
# leaves unset has the service's defaults.
MADE = (Existence.CREATED, Existence.CONDITIONAL)


# The resource type in the ARN of an IAM role or user, a resource or a data source: IAM is global, so
# the ARN names the partition and account of its provider configuration and no Region,
# arn:PARTITION:iam::ACCOUNT:role/PATH/NAME (an AWS principal, never a service principal, never an
# account's root) https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
IAM_ARN_OF = {"aws_iam_role": "role/", "aws_iam_user": "user/"}
# The prefix of the unique ID of an IAM role or user (its `unique_id`), also an AWS principal
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-prefixes
IAM_ID_PREFIX = {"aws_iam_role": "AROA", "aws_iam_user": "AIDA"}

class Node(NamedTuple):
    """One value of a resource, with its ``after_unknown`` mark and its path in the document.

    A named tuple rather than a frozen dataclass: one is made for every attribute read (about
    five per resource), and a tuple is built at half the cost.
    """

    value: Any
    mark: Any          # True: unknown; dict/list: marks of the parts; None/False: known
    file: str
    path: Path

    @property
    def unknown(self) -> bool:
        return self.mark is True

    def get(self, key: str | int) -> Node:
        # this runs for every attribute read: one type test per case, and the common one first
        value, mark = self.value, self.mark
        if isinstance(key, str):
            if isinstance(value, dict):
                value = value.get(key)
            elif value is not None:
                raise self.fail("must be an object")
            if mark is not True:
                mark = mark.get(key) if isinstance(mark, dict) else None
        else:
            value = value[key] if isinstance(value, list) and key < len(value) else None
            if mark is not True:
                mark = mark[key] if isinstance(mark, list) and key < len(mark) else None
        return Node(value, mark, self.file, self.path + (key,))

    def fail(self, what: str) -> MalformedInput:
        return MalformedInput(f"{self.path[-1] if self.path else 'value'} {what}", At(self.file, self.path))


class Unsaid(dict):   # a mark, read by get() as after_unknown's objects are
    """The ``after_unknown`` marks of a value read from ``planned_values`` alone, which has none:
    Terraform omits an object's attribute known only after apply and writes a list's unknown
    element as null ("Any unknown values are omitted or set to null"), so an attribute the value
    leaves out (or a null element) is unknown; a null attribute is a known null.
    https://developer.hashicorp.com/terraform/internals/json-format#values-representation"""

    __slots__ = ("held",)

    def __init__(self, held: Mapping[str, Any]) -> None:
        super().__init__()
        self.held = held

    def get(self, key: str, default: Any = None) -> Any:
        return unsaid(self.held[key]) if key in self.held else True

    def __bool__(self) -> bool:
        return True     # marks something: not "nothing unknown"


def unsaid(value: Any, element: bool = False) -> Any:
    """The mark of ``value`` of a ``planned_values`` resource (Unsaid): True for a list's null element."""
    if value is None:
        return True if element else None
    if isinstance(value, dict):
        return Unsaid(value)
    if isinstance(value, list):
        return [unsaid(item, element=True) for item in value]
    return None


class Instance(NamedTuple):
    """One resource instance, whichever part of a plan or state it came from (a named tuple, like
    Node: one is made for every resource of a plan)."""

    address: str                 # full: module.a["x"].aws_cloudtrail.t[0]
    mode: str                    # "managed" | "data"
    type: str
    node: Node                   # the attribute object
    existence: Existence
    config_key: str | None = None  # provider_config_key (plans only)
    provider: str = ""           # provider_name / provider as the input gives it
    deployment: Deployment | None = None   # .tf sources: their provider configuration (plans read it from configuration)
    replaced_by_create: bool = False        # the old object of a create_before_destroy replacement
    converted: bool = False                 # plans: an update turning is_organization_trail on or off (Trail.converted)
    holes: Mapping[str, Text] = {}          # .tf sources: Trail.holes of a trail (hcl_build.trail_holes)
    # .tf sources: Trail.branches of a trail (hcl_switches.trail_branches)
    branches: Mapping[str, tuple[Branch, ...]] = {}
    # .tf sources: the default_tags of the trail's provider configuration (UNKNOWN: not known offline;
    # None: it sets none); plans and states give them merged in tags_all, or in their configuration
    default_tags: tuple[Tag, ...] | Unknown | None = None
    # .tf sources: where the provider configuration writes the Region the resource takes (Trail.region_at)
    region_at: At | None = None
    # .tf sources: by argument, the instance key (``["k"]``, ``[0]``) of each resource of the module
    # ("TYPE.NAME") that the argument indexes with an expression this instance settles
    # (``aws_x.y[each.value.name]``): a reference to that instance only (config.referenced_all)
    keys: Mapping[str, Mapping[str, str]] = {}
    # .tf sources: the trail's arguments that may name another resource than the one they refer to, for
    # want of an input (hcl_switches.open_links): they link the trail to none
    open_links: frozenset[str] = frozenset()
    # .tf sources: the trail's log group ARN is an aws_cloudwatch_log_group's arn whose :* the AWS
    # provider version decides, which the configuration does not settle (Trail.log_group_arn_versioned)
    log_group_arn_versioned: bool = False

    @property
    def module(self) -> str:
        """The module instance address ("" for the root module)."""
        return split_address(self.address)[0]


def text(node: Node, key: str | None = None, *, empty_is_none: bool = True) -> str | None | Unknown:
    """An optional string: ``node``, or its attribute ``key``. Terraform writes "" for many unset
    optional strings in state."""
    if key is not None:
        found = _known(node, key)
        if found is None or type(found) is str:
            return None if found is None or (empty_is_none and found == "") else found
        node = node.get(key)
    if node.unknown:
        return UNKNOWN
    if node.value is None or (empty_is_none and node.value == ""):
        return None
    if not isinstance(node.value, str):
        raise node.fail("must be a string")
    return node.value


def flag(node: Node, key: str, default: bool) -> bool | Unknown:
    """An optional boolean: the attribute ``key`` of ``node``."""
    found = _known(node, key)
    if found is None or type(found) is bool:
        return default if found is None else found
    node = node.get(key)
    if node.unknown:
        return UNKNOWN
    if node.value is None:
        return default
    if not isinstance(node.value, bool):
        raise node.fail("must be true or false")
    return node.value


_ASK = object()


def _known(node: Node, key: str) -> Any:
    """The value of attribute ``key`` of an object known before apply, read without a Node (most
    reads are of these); ``_ASK`` when it is unknown or ``node`` is not an object: Node.get decides."""
    value, mark = node.value, node.mark
    if type(value) is not dict or mark is True or (isinstance(mark, dict) and mark.get(key) is True):
        return _ASK
    return value.get(key)


def value_of(node: Node, key: str) -> tuple[Any, bool]:
    """(value, unknown) of the attribute ``key`` of ``node``, as ``node.get(key)`` has them, read
    without a Node when the object is known before apply."""
    found = _known(node, key)
    if found is _ASK:
        child = node.get(key)
        return child.value, child.unknown
    return found, False


def items(node: Node) -> tuple[Node, ...] | Unknown:
    """The elements of a list/set attribute or block list; null is empty."""
    if node.unknown:
        return UNKNOWN
    if node.value is None:
        return ()
    if not isinstance(node.value, list):
        raise node.fail("must be a list")
    # Terraform may leave unknown elements out of the value but keep their marks
    length = max(len(node.value), len(node.mark) if isinstance(node.mark, list) else 0)
    return tuple(node.get(index) for index in range(length))


def known_blocks(node: Node) -> Node:
    """The blocks known to be among those of a block list not known offline, as a known list with
    their own marks: those written beside a dynamic block (hcl_build.split keeps them, with their
    marks in ``marks``, in the value of a list it marks unknown)."""
    known = node.value if node.unknown and isinstance(node.value, list) else []
    marks = getattr(known, "marks", None) or [None] * len(known)
    kept = [(item, mark) for item, mark in zip(known, marks) if isinstance(item, dict)]
    return Node([item for item, _ in kept], [mark for _, mark in kept], node.file, node.path)


def maybe_blocks(node: Node) -> tuple[Node, ...] | None:
    """What a block list not known offline holds besides its known blocks, where that is only the
    content of dynamic blocks over a ``for_each`` not known offline (hcl_build.split keeps it in
    ``maybe``): each content as a block, at its dynamic block (``statement.dynamic.N``); None where
    the rest may be anything (a plan, a ``concat`` of a list not known)."""
    maybe = getattr(node.value, "maybe", None) if node.unknown else None
    if maybe is None:
        return None
    return tuple(Node(value, mark, node.file, node.path + ("dynamic", number)) for number, value, mark, _ in maybe
                 if isinstance(value, dict))


def maybe_collections(node: Node) -> tuple[str | None, ...]:
    """What the for_each of each block maybe_blocks gives is over (hcl_build._collection), in its order:
    blocks over the same one are there together."""
    maybe = getattr(node.value, "maybe", None) if node.unknown else None
    return () if maybe is None else tuple(over for _, value, _, over in maybe if isinstance(value, dict))


def texts(node: Node, key: str | None = None) -> tuple[str | Unknown, ...] | Unknown:
    """A list of strings: ``node``, or its attribute ``key``; null elements are left out."""
    if key is None:
        value, mark = node.value, node.mark
    else:
        value = _known(node, key)
        if value is _ASK:
            return texts(node.get(key))
        if value is None:
            return ()
        mark = node.mark.get(key) if isinstance(node.mark, dict) else None
    if type(value) is list and mark is not True and all(type(element) is str for element in value) and \
            not (isinstance(mark, list) and any(element is True for element in mark)):
        return tuple(value)     # the common case, read as below without a Node per element
    if key is not None:
        node = node.get(key)
    elements = items(node)
    if elements is UNKNOWN:
        return UNKNOWN
    found: list[str | Unknown] = []
    for element in elements:  # type: ignore[union-attr]
        value = text(element, empty_is_none=False)
        if value is not None:
            found.append(value)
    return tuple(found)


def known_texts(node: Node) -> tuple[str, ...] | Unknown:
    """A string list where any unknown element makes the whole list unknown."""
    values = texts(node)
    if values is UNKNOWN or any(value is UNKNOWN for value in values):  # type: ignore[union-attr]
        return UNKNOWN
    return values  # type: ignore[return-value]


def need(value: Any, kind: type | tuple[type, ...], file: str, path: Path, what: str) -> Any:
    """``value`` when it has the expected JSON type, else MalformedInput at ``path``."""
    if not isinstance(value, kind):
        raise MalformedInput(f"{what} must be {_TYPE_WORDS.get(kind, 'of another type')}", At(file, path))
    return value


def maybe(value: Any, kind: type, file: str, path: Path, what: str) -> Any:
    """Like ``need``, with null read as empty."""
    return kind() if value is None else need(value, kind, file, path, what)


_TYPE_WORDS: Mapping[Any, str] = {dict: "an object", list: "a list", str: "a string"}


# --- Addresses --------------------------------------------------------------------------------

# one address part: a name followed by any number of [0] / ["key"] instance keys
_PART = re.compile(r'[^.\["]*(?:\[(?:"(?:[^"\\]|\\.)*"|[^\]"]*)\])*')


def split_dots(address: str) -> list[str]:
    """Split a Terraform address on dots that are outside ``["..."]`` instance keys."""
    if '"' not in address:     # no string keys: a dot can only sit between parts
        return address.split(".")
    parts: list[str] = []
    position = 0
    while True:
        match = _PART.match(address, position)
        end = match.end() if match else position
        parts.append(address[position:end])
        if end >= len(address) or address[end] != ".":
            if end < len(address):      # not an address Terraform writes: keep the rest whole
                parts[-1] += address[end:]
            return parts
        position = end + 1


def strip_key(segment: str) -> str:
    return segment.split("[", 1)[0]


@lru_cache(maxsize=4096)    # each instance asks several times in a row; a plan can hold 100,000
def split_address(address: str) -> tuple[str, str]:
    """``module.a["x"].aws_x.y[0]`` → (``module.a["x"]``, ``aws_x.y[0]``)."""
    if not address.startswith("module."):
        return "", address
    parts = split_dots(address)
    index = 0
    while index + 1 < len(parts) and parts[index] == "module":
        index += 2
    return ".".join(parts[:index]), ".".join(parts[index:])


@lru_cache(maxsize=4096)
def config_address(address: str) -> tuple[str, str]:
    """The configuration's view of an address: module path and resource, without instance keys."""
    if "[" not in address and not address.startswith("module."):
        return "", address
    module, resource = split_address(address)
    module_parts = split_dots(module) if module else []
    return (".".join(strip_key(part) for part in module_parts),
            ".".join(strip_key(part) for part in split_dots(resource)))


def join(module: str, resource: str) -> str:
    return f"{module}.{resource}" if module else resource


def module_instances(module: Any, file: str, path: Path, existence: Existence,
                     seen: set[str], planned: bool = False) -> list[Instance]:
    """Resource instances of a ``values`` module (planned_values, prior_state, show-json state),
    child modules included, skipping addresses already in ``seen``; of ``planned_values`` alone
    (``planned``), with what they leave out unknown (Unsaid)."""
    found: list[Instance] = []
    pending: list[tuple[Any, Path]] = [(module, path)]
    while pending:
        body, here = pending.pop()
        need(body, dict, file, here, "module")
        resources = maybe(body.get("resources"), list, file, here + ("resources",), "resources")
        for index, resource in enumerate(resources):
            at = here + ("resources", index)
            need(resource, dict, file, at, "resource")
            address = need(resource.get("address"), str, file, at + ("address",), "address")
            if address in seen:
                continue
            seen.add(address)
            values = resource.get("values")
            if values is not None:
                need(values, dict, file, at + ("values",), "values")
            found.append(Instance(
                address=address, mode=str(resource.get("mode", "managed")),
                type=need(resource.get("type"), str, file, at + ("type",), "type"),
                node=Node(values or {}, (Unsaid(values) if values is not None else True) if planned else None,
                          file, at + ("values",)), existence=existence,
                provider=str(resource.get("provider_name", ""))))
        children = maybe(body.get("child_modules"), list, file, here + ("child_modules",), "child_modules")
        pending.extend((child, here + ("child_modules", index)) for index, child in reversed(list(enumerate(children))))
    return found


def check_format_version(document: Any, file: str, what: str) -> None:
    """Read 0.x and 1.x; a new major version may change meanings, so refuse it."""
    version = document.get("format_version")
    if not isinstance(version, str) or not version.split(".", 1)[0].isdigit():
        raise MalformedInput(f"{what} format_version must be a version string like \"1.2\"",
                             At(file, ("format_version",)))
    if version.split(".", 1)[0] not in ("0", "1"):
        raise MalformedInput(f"unsupported {what} format_version {version} (trail-lint reads 0.x and 1.x)",
                             At(file, ("format_version",)))
