"""IAM policy documents (identity, resource, SCP) → model.Policy.

Every "string or list" element becomes a tuple, ``Effect`` is kept as written (the evaluator
decides what is valid), and ``Principal: "*"`` becomes ``{"AWS": ("*",)}`` as AWS documents it:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
"""
from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import fields
from functools import lru_cache
from typing import Any, cast

from trail_lint.model import (
    ACCOUNT_CHARS,
    LOG_GROUP_CHARS,
    UNKNOWN,
    At,
    Cause,
    Condition,
    Hole,
    Holes,
    Origin,
    Path,
    Policy,
    Principals,
    Statement,
    Text,
    Unknown,
    statement_name,
)
from trail_lint.normalise import MalformedInput
from trail_lint.records import replace

# model field -> policy element, for statements parsed from a bare document
STATEMENT_KEYS = {
    "sid": "Sid", "effect": "Effect", "actions": "Action", "not_actions": "NotAction",
    "resources": "Resource", "not_resources": "NotResource", "conditions": "Condition",
    "principals": "Principal", "not_principals": "NotPrincipal",
}
Where = Callable[[], At]
# How a value only known after apply is written inside an otherwise known JSON document (the .tf
# reader's jsonencode of a partly unknown object): the element holding it is UNKNOWN, the rest of
# the statement and the other statements stay known. A private-use character: never in a policy.
UNKNOWN_TEXT = "\ue0ff"
# A value the reader knows by what it is (model.Hole with a name) is written UNKNOWN_TEXT, a mark
# of its kind, its name and _HOLE_END: every reader that looks for UNKNOWN_TEXT still finds it,
# and the delivery checks read the name back (text_with_holes).
_HOLE_KINDS = {"segment": "\ue0fd", "anything": "\ue0fc", "account": "\ue0fb", "log group": "\ue0fa"}
_HOLE_CHARS = {"account": ACCOUNT_CHARS, "log group": LOG_GROUP_CHARS}      # what a hole of the kind may hold
_HOLE_END = "\ue0fe"
_HOLE = re.compile("\ue0ff(?:([\ue0fa-\ue0fd])([^\ue0fe]*)\ue0fe)?")
# a statement embedded in a JSON string: every field points at the attribute holding it
_EMBEDDED_KEYS: Mapping[str, Path] = {field: () for field in STATEMENT_KEYS}
_ABSENT = object()
# "Condition": null (YAML: `Condition:` with nothing after it). The policy grammar has a Condition
# element only as an object of operators, and AWS documents neither that it rejects null there nor
# that it reads it as no condition: the statement's conditions are not known, never taken as none
# (a Deny read as unconditional would hide who can stop logging).
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
NULL_CONDITION = Cause("its Condition is null, which the IAM policy grammar does not define (a Condition is an "
                       "object of operators): AWS documents neither rejecting it nor reading it as no condition")


# Policy variables exist only in the policy language of Version 2012-10-17: in a document of
# another Version, or of none (which means 2008-10-17), ${aws:username} is literal text. Such a
# document's Resource patterns keep it literal with the ${$} escape, which the evaluator reads as "$".
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
VARIABLES_VERSION = "2012-10-17"


# --- How many characters a policy holds (model.Policy.size) ------------------------------------
# IAM "does not count white space when calculating the size of a policy" against its quotas
# (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html); AWS Organizations
# counts every character of an SCP or RCP, white space outside quotation marks too
# (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html).
# The text a service receives is not always the one an input holds (Terraform writes jsonencode's
# text, CloudFormation serialises a template's object): what is counted here is the fewest
# characters other than white space any JSON text of the document holds, so that a count above a
# quota is one every serialisation exceeds. A Terraform policy document data source is rendered by
# the provider, which the .tf reader does not write: its size is not read (a plan holds its text).
_WHITE = (" ", "\t", "\n", "\r")
_NO_WHITE = str.maketrans("", "", "".join(_WHITE))


def _non_white(text: str) -> int:
    """How many characters of the text are not white space."""
    # a compact text (jsonencode's, as a plan holds it) has none: one character is looked for fast
    if " " not in text and "\n" not in text and "\t" not in text and "\r" not in text:
        return len(text)
    return len(text.translate(_NO_WHITE))


def text_size(text: str) -> int:
    """Policy.size of a document given as JSON text: its characters but white space, an escape
    sequence counting none (it may stand for white space, or be written otherwise), a value not
    known offline (UNKNOWN_TEXT with its name, and the quotation marks around it) none."""
    holes = text.count(UNKNOWN_TEXT) if UNKNOWN_TEXT in text else 0     # `in` first: found faster than counted
    if holes:
        text = _HOLE.sub("", text)
    return max(0, _non_white(text) - (6 * text.count("\\") if "\\" in text else 0) - 2 * holes)


def document_size(value: Any) -> int:
    """Policy.size of a decoded document: its most compact JSON text, its strings counting their
    characters but white space, a number one character (``1e5`` decodes as 100000.0), and a value
    not known offline (model.UNKNOWN, UNKNOWN_TEXT) none, with its key or list item (it may be one
    that takes them away: AWS::NoValue).

    Most documents are counted from their compact JSON text, which msgspec writes in C: without an
    escape (a backslash) every quotation mark opens or closes a string and every space is in one,
    and what lies outside the strings is structure, ``true``/``false`` and numbers (each counting
    one). The others (a value not known offline, an escape, ``null``, which msgspec also writes
    for NaN) are walked value by value (walked_size)."""
    try:
        encoded = _encoder().encode(value)
    except (TypeError, ValueError, OverflowError):     # a value not known offline (model.UNKNOWN)
        return walked_size(value)
    if b"\\" in encoded:
        return walked_size(value)
    compact = encoded.decode()
    if UNKNOWN_TEXT in compact:
        return walked_size(value)
    outside = "".join(compact.split('"')[::2])
    if "null" in outside:
        return walked_size(value)
    numbers = _NUMBER.findall(outside) if any(digit in outside for digit in "0123456789") else ()
    return len(compact) - compact.count(" ") - sum(len(number) - 1 for number in numbers)


_NUMBER = re.compile(r"-?[0-9][0-9.eE+-]*")


@functools.cache
def _encoder() -> Any:
    import msgspec

    return msgspec.json.Encoder()


def walked_size(value: Any) -> int:
    """document_size, value by value."""
    if isinstance(value, str):
        return 0 if UNKNOWN_TEXT in value and _whole_hole(value) else 2 + _string_size(value)
    if isinstance(value, dict):
        total = count = 0
        for key, item in value.items():
            if _known_value(item):
                total += 3 + _string_size(key if isinstance(key, str) else str(key)) + walked_size(item)
                count += 1
        return 1 + total + (count or 1)
    if isinstance(value, list):
        total = count = 0
        for item in value:
            if _known_value(item):
                total += walked_size(item)
                count += 1
        return 1 + total + (count or 1)
    if isinstance(value, bool):
        return 4 if value else 5
    if value is None:
        return 4
    return 1 if isinstance(value, (int, float)) else 0


def _string_size(value: str) -> int:
    """The characters of a decoded string but white space and the parts not known offline."""
    if UNKNOWN_TEXT in value:
        value = _HOLE.sub("", value)
    return _non_white(value)


def _known_value(value: Any) -> bool:
    """Whether a value of a document is there whatever the deployment chooses: a value not known
    offline may be one that takes its key or item away (AWS::NoValue)."""
    if isinstance(value, str):
        return UNKNOWN_TEXT not in value or not _whole_hole(value)
    return value is None or isinstance(value, (bool, int, float, list, dict))


def parse_policy(document: Any, *, name: str, origin: Origin, holes: bool = True, versioned: bool = True) -> Policy:
    """A policy document (already decoded JSON) → Policy; wrong shapes raise MalformedInput.

    ``holes``: whether a string of the document may hold UNKNOWN_TEXT; a reader whose text had no
    character outside ASCII and no ``\\u`` escape passes False, and the statements are then read
    as ``parse_policy_string`` reads them, by the quick reader first.
    ``versioned=False``: read ``${...}`` as a policy variable whatever the document's Version (a
    caller whose documents carry holes of their own in that spelling, such as CloudFormation's).
    """
    return _parse(document, name=name, origin=origin, embedded=False, holes=holes, versioned=versioned,
                  size=document_size(document))


def parse_policy_once(document: Any, *, name: str, origin: Origin, holes: bool,
                      documents: dict[tuple[str, bool], Policy], text: str | None = None) -> Policy:
    """``parse_policy(document, ...)`` of a decoded document that the run may have read before at
    another place (``documents``, the run's, by the document's ``repr``, or ``text`` when the
    caller has it): copies of one document (the trust policy of many roles, the managed and inline
    policies every account of an organization holds) are read and counted once, and each copy's
    statements are placed at its own origin. A document that does not parse is not kept: its error
    is placed by each copy."""
    if type(document) is not dict:
        return parse_policy(document, name=name, origin=origin, holes=holes)
    try:
        key = (text if text is not None else repr(document), holes)
    except RecursionError:      # nested deeper than repr goes: read without the memo
        return parse_policy(document, name=name, origin=origin, holes=holes)
    read = documents.get(key)
    if read is None:
        policy = documents[key] = parse_policy(document, name=name, origin=origin, holes=holes)
        return policy
    statements = read.statements
    if isinstance(statements, tuple):
        depth = len(read.origin.path)
        statements = tuple([replace(statement, origin=Origin(
                                origin.file, origin.path + statement.origin.path[depth:], STATEMENT_KEYS,
                                origin.resource, origin.kind, origin.root))
                            for statement in statements])
    return Policy(name=name, statements=statements, origin=origin, version=read.version, size=read.size)


def parse_policy_string(text: Any, *, name: str, origin: Origin, versioned: bool = True,
                        arn: str | None = None) -> Policy:
    """A policy held in a JSON string (Terraform ``policy`` attributes, inline CLI output).

    An empty string is a policy nobody can evaluate offline: ``statements`` is UNKNOWN.
    Text that is not JSON, or JSON that is not a policy, raises MalformedInput at the
    attribute holding the string. ``versioned``: as for parse_policy; ``arn``: Policy.arn.
    """
    if not isinstance(text, str):
        raise MalformedInput(f"policy {name} must be a JSON string", origin.at)
    if not text.strip():
        return Policy(name=name, statements=UNKNOWN, arn=arn, origin=origin)
    found = _statement_fields(text)
    if found is None:       # not a policy: read it again to say why, under this name and at this place
        try:
            document = json.loads(text)
        except ValueError as error:
            raise MalformedInput(f"policy {name} is not valid JSON: {error}", origin.at) from None
        policy = _parse(document, name=name, origin=origin, embedded=True, versioned=versioned, size=text_size(text))
        return policy if arn is None else replace(policy, arn=arn)
    statements, version = found
    if versioned and version != VARIABLES_VERSION:     # in this Version _versioned keeps every statement
        statements = tuple([_versioned(parts, version) for parts in statements])
    # One Origin per use, shared by the statements (see _parse).
    here = Origin(origin.file, origin.path, _EMBEDDED_KEYS, origin.resource, origin.kind, origin.root)
    # (the fields in order, the statements' origin last and the Policy's numbers None: keywords cost a
    # record's __init__ a third more, for every statement of every policy string)
    built = tuple([Statement(*parts, here) for parts in statements])
    if "null" in text and any(parts[5] is UNKNOWN for parts in statements):
        built = _null_conditions_said(built, json.loads(text))
    return Policy(name, built, arn, origin, written_version(version), None, text_size(text))


# A statement's fields but its origin, in the order Statement declares them: what the copies of
# one policy string share.
_Strings = tuple[str, ...]
_Principals = Principals
Fields = tuple[str | Unknown, _Strings | Unknown, _Strings | Unknown | None, _Strings | Unknown,
               _Strings | Unknown | None, tuple[Condition, ...] | Unknown, _Principals | Unknown | None,
               _Principals | Unknown | None, str | None, Holes | None, tuple[str, ...]]
_ELEMENTS = tuple(STATEMENT_KEYS[field.name] for field in fields(Statement) if field.name not in ("origin", "holes", "written_empty", "maybe", "cause"))
_SLOTS = {element: index for index, element in enumerate(_ELEMENTS)}
_UNKNOWN_STATEMENT: Fields = (UNKNOWN, UNKNOWN, None, UNKNOWN, None, UNKNOWN, None, None, None, None, ())
_ANY_STATEMENT = Statement(*_UNKNOWN_STATEMENT)     # compared without its origin


def unknown_statement(origin: Origin) -> Statement:
    """A statement not known offline at all, standing for any statements or none: its Effect, Action,
    Resource and Condition UNKNOWN (a list item that is a whole hole, statements a Terraform dynamic
    block makes over a value not known)."""
    return Statement(*_UNKNOWN_STATEMENT, origin)


def owned(policy: Policy) -> Policy:
    """A resource's own policy (a bucket's, a topic's, a key's, a role's trust policy) as its service
    reads it: each statement not known at all (``unknown_statement``) names a principal not known,
    as every statement of such a policy names one (it may Allow or Deny anyone, CloudTrail too)."""
    if not isinstance(policy.statements, tuple) or not any(s == _ANY_STATEMENT for s in policy.statements):
        return policy
    return replace(policy, statements=tuple(replace(s, principals=UNKNOWN) if s == _ANY_STATEMENT else s
                                            for s in policy.statements))


# A text no longer than this cannot hold an integer ``json`` refuses to convert (sys.int_info);
# msgspec reads any length. 0: no limit.
_INT_DIGITS = sys.get_int_max_str_digits() or sys.maxsize if hasattr(sys, "get_int_max_str_digits") else sys.maxsize


@lru_cache(maxsize=4096)
def _statement_fields(text: str) -> tuple[tuple[Fields, ...], object] | None:
    """The statements of a policy string, as fields, and its Version; None if it is not a valid policy.

    Copies of one document (``for_each`` and ``count`` instances, a JSON document shared by many
    resources) are parsed once, and each copy builds its statements at its own place.
    """
    # UNKNOWN_TEXT can only be in the document if it is in the text, written out or escaped
    holes = UNKNOWN_TEXT in text or "\\" in text and "\\u" in text     # one character is found faster than two
    if not holes and "msgspec" in sys.modules and len(text) <= _INT_DIGITS:
        decoded = _msgspec_fields()(text)    # the same fields, decoded faster (a large input loaded msgspec)
        if decoded is not None:
            return decoded
    return _decoded_fields(text, holes)


@functools.cache
def _msgspec_fields() -> Callable[[str], tuple[tuple[Fields, ...], object] | None]:
    """``policy_structs.statement_fields``, imported once (an import statement costs a microsecond
    each time it runs, and this runs for every policy string of a large input)."""
    from trail_lint.normalise.policy_structs import statement_fields

    return statement_fields


def _decoded_fields(text: str, holes: bool) -> tuple[tuple[Fields, ...], object] | None:
    """``_statement_fields`` of ``text`` decoded by ``json``."""
    try:
        document = json.loads(text)
    except ValueError:
        return None
    try:    # no error is placed here (a bad policy is read again by the caller): no paths either
        return tuple([(None if holes else _quick(item)) or _fields(item, (), "", _nowhere, holes)
                      for item in _listed(document, "", _nowhere)]), document.get("Version")
    except MalformedInput:
        return None


def _nowhere(*_path: str | int) -> At:
    return At("", ())


def _listed(document: Any, name: str, at: Callable[..., At]) -> list[Any]:
    """The statements of a policy document; a single one may be written without a list."""
    if not isinstance(document, dict):
        raise MalformedInput(f"policy {name} must be a JSON object", at())
    raw = document.get("Statement", [])
    if isinstance(raw, dict):
        return [raw]
    if isinstance(raw, list):
        return raw
    if _whole_hole(raw):     # the statements are not known offline (jsonencode of an unknown list)
        return [UNKNOWN_TEXT]
    raise MalformedInput(f"Statement of policy {name} must be an object or a list", at("Statement"))


def _paths(document: dict[str, Any]) -> Iterator[Path]:
    """The path of each statement ``_listed`` gives."""
    raw = document.get("Statement", [])
    if isinstance(raw, dict) or _whole_hole(raw):
        yield ("Statement",)
    else:
        yield from (("Statement", index) for index in range(len(raw)))


def _parse(document: Any, *, name: str, origin: Origin, embedded: bool, holes: bool = True,
           versioned: bool = True, size: int | None = None) -> Policy:
    # holes: whether the document may hold UNKNOWN_TEXT (False when its text was searched for it);
    # size: Policy.size
    def at(*path: str | int) -> At:
        return origin.at if embedded else At(origin.file, origin.path + path)

    raw = _listed(document, name, at)
    version = document.get("Version") if versioned else VARIABLES_VERSION

    def read(item: Any, path: Path, quick: bool = False) -> Fields:
        return _versioned((_quick(item) if quick else None) or _fields(item, path, name, at, holes), version)

    listed = zip(_paths(document), raw)
    # Every statement of an embedded policy points at the attribute holding it: one Origin for all.
    if embedded:
        shared = Origin(origin.file, origin.path, _EMBEDDED_KEYS, origin.resource, origin.kind, origin.root)
        statements = tuple([Statement(*read(item, path), origin=shared) for path, item in listed])
    else:
        statements = tuple([Statement(*read(item, path, quick=not holes), origin=Origin(
                                origin.file, origin.path + path, STATEMENT_KEYS, origin.resource, origin.kind, origin.root))
                            for path, item in listed])
    if any(statement.conditions is UNKNOWN for statement in statements):
        statements = _null_conditions_said(statements, document)
    return Policy(name=name, statements=statements, origin=origin, version=written_version(document.get("Version")),
                  size=size)


def _null_conditions_said(statements: tuple[Statement, ...], document: Any) -> tuple[Statement, ...]:
    """The statements, each whose Condition is written null with that cause (NULL_CONDITION)."""
    listed = document.get("Statement") if isinstance(document, dict) else None
    items = [listed] if isinstance(listed, dict) else listed if isinstance(listed, list) else []
    return tuple([replace(statement, cause=NULL_CONDITION)
                  if index < len(items) and isinstance(items[index], dict) and "Condition" in items[index]
                  and items[index]["Condition"] is None else statement
                  for index, statement in enumerate(statements)])


def written_version(version: object) -> str | Unknown | None:
    """The Version as Policy.version holds it: the text, the JSON of another value, None when absent,
    UNKNOWN for a value not known offline (or one no JSON holds: a reader's own unknown value)."""
    if version is None or isinstance(version, str):
        return UNKNOWN if isinstance(version, str) and UNKNOWN_TEXT in version else version
    if isinstance(version, Unknown):
        return UNKNOWN
    try:
        return json.dumps(version)
    except (TypeError, ValueError):
        return UNKNOWN


def in_version(statement: Statement, version: str) -> Statement:
    """A statement written outside a JSON document (a Terraform policy document's block) as the policy
    language of its document's ``version`` reads it (_versioned)."""
    if version == VARIABLES_VERSION:
        return statement
    read = _versioned(cast(Fields, (None, None, None, statement.resources, statement.not_resources,
                                    statement.conditions, None, None, None, None, ())), version)
    return replace(statement, resources=read[3], not_resources=read[4], conditions=read[5])


def _versioned(fields: Fields, version: object) -> Fields:
    """A statement's fields as the policy language of its document's Version reads them: outside
    VARIABLES_VERSION, ``${`` in Resource/NotResource and condition values is literal text (an
    unknown Version: unknown)."""
    if version == VARIABLES_VERSION:
        return fields

    def read(patterns: _Strings | Unknown | None) -> _Strings | Unknown | None:
        if not isinstance(patterns, tuple) or not any("${" in pattern for pattern in patterns):
            return patterns
        if isinstance(version, str) and UNKNOWN_TEXT in version:
            return UNKNOWN          # variables or text: not known before apply
        # literal text, in the evaluator's escape (iam.evaluator.as_written shows it as written again)
        return tuple([pattern.replace("${", "${$}{") for pattern in patterns])

    def literal(value: object) -> object:
        if not isinstance(value, str) or "${" not in value:
            return value
        return UNKNOWN if isinstance(version, str) and UNKNOWN_TEXT in version else value.replace("${", "${$}{")

    def read_conditions(conditions: tuple[Condition, ...] | Unknown) -> tuple[Condition, ...] | Unknown:
        # condition values too: iam.conditions reads ${$} as "$" there
        if not isinstance(conditions, tuple) or not any(
                isinstance(value, str) and "${" in value for condition in conditions for value in condition.values):
            return conditions
        return tuple([Condition(condition.operator, condition.key, tuple([literal(value) for value in condition.values]))
                      for condition in conditions])

    resources, not_resources, conditions = read(fields[3]), read(fields[4]), read_conditions(fields[5])
    if resources is fields[3] and not_resources is fields[4] and conditions is fields[5]:
        return fields
    return cast(Fields, (*fields[:3], resources, not_resources, conditions, *fields[6:]))


def _whole_hole(value: Any) -> bool:
    """Whether the value is one hole and nothing else (a whole value not known offline)."""
    return isinstance(value, str) and _HOLE.fullmatch(value) is not None


def _holes(item: Any) -> bool:
    if isinstance(item, str):
        return UNKNOWN_TEXT in item
    if isinstance(item, dict):
        return any(_holes(key) or _holes(value) for key, value in item.items())
    return isinstance(item, list) and any(_holes(value) for value in item)


def _quick(item: Any) -> Fields | None:
    """The fields of a statement whose elements all have their usual types (strings, lists of
    strings, objects of those); None otherwise, for ``_fields`` to read again and place the error.
    This runs for every statement of every policy string, so it reads each element once."""
    if type(item) is not dict:
        return None
    fields: list[Any] = ["", None, None, None, None, (), None, None, None, None, ()]
    for element, value in item.items():
        slot = _SLOTS.get(element)
        if slot is None:
            continue
        kind = type(value)
        if slot == 0 or slot == 8:                 # Effect, Sid
            if kind is not str:
                return None
            fields[slot] = value
        elif slot <= 4:                            # Action, NotAction, Resource, NotResource
            if kind is str:
                fields[slot] = (value,)
            elif kind is list and not [entry for entry in value if type(entry) is not str]:
                fields[slot] = tuple(value)
                if not value and slot in (1, 3):    # Action or Resource written empty (Statement.written_empty)
                    fields[10] = (*fields[10], element)
            else:
                return None
        elif kind is not dict and value != "*":    # Condition, Principal, NotPrincipal
            return None
        else:
            try:
                fields[slot] = (_conditions(value, "", _nowhere) if slot == 5
                                else _principals(value, "", _nowhere))
            except MalformedInput:
                return None
    if len(fields[10]) > 1:
        fields[10] = ("Action", "Resource")
    if fields[1] is None:
        fields[1] = ()
    if fields[3] is None:
        fields[3] = ()
    return cast(Fields, tuple(fields))


def _fields(item: Any, path: Path, name: str, at: Any, holes: bool = True) -> Fields:
    """The fields of one statement; wrong shapes raise MalformedInput at their place."""
    if _whole_hole(item):
        return _UNKNOWN_STATEMENT
    if not isinstance(item, dict):
        raise MalformedInput(f"statement of policy {name} must be an object", at(*path))
    gaps = {key for key, value in item.items() if _holes(value)} if holes else set()
    if gaps:
        known = list(_fields({key: value for key, value in item.items() if key not in gaps}, path, name, at))
        for index, element in enumerate(_ELEMENTS):
            if element in gaps:
                known[index] = None if element == "Sid" else \
                    principals_with_holes(item[element], hole_identifier) if element in _PRINCIPAL_ELEMENTS else \
                    conditions_with_holes(item[element], _holes) if element == "Condition" else UNKNOWN
        known[len(_ELEMENTS)] = holes_of(item, gaps)
        return cast(Fields, tuple(known))

    def where(key: str) -> Where:     # an At only when there is an error to place
        return lambda: at(*path, key)

    sid = item.get("Sid")
    if sid is not None and not isinstance(sid, str):
        raise MalformedInput(f"Sid in policy {name} must be a string", at(*path, "Sid"))
    effect = item.get("Effect", "")
    if not isinstance(effect, str):
        raise MalformedInput(f"Effect in policy {name} must be a string", at(*path, "Effect"))
    # No message or place is built unless there is an error: this runs for every statement.
    actions, not_actions, resources, not_resources = (
        _element(item, key, name, at, path) for key in ("Action", "NotAction", "Resource", "NotResource"))
    condition, principal, not_principal = item.get("Condition", _ABSENT), item.get("Principal"), item.get("NotPrincipal")
    return (
        effect,
        actions or (),
        not_actions,
        resources or (),
        not_resources,
        () if condition is _ABSENT else UNKNOWN if condition is None else _conditions(condition, name, where("Condition")),
        None if principal is None else _principals(principal, name, where("Principal")),
        None if not_principal is None else _principals(not_principal, name, where("NotPrincipal")),
        sid,
        None,
        tuple([key for key, value in (("Action", actions), ("Resource", resources)) if value == ()]),
    )


def _element(item: dict[str, Any], key: str, name: str, at: Any, path: Path) -> tuple[str, ...] | None:
    """A "string or list of strings" element of a statement as a tuple; None when it is absent."""
    value = item.get(key, _ABSENT)
    if value is _ABSENT:
        return None
    if isinstance(value, str):
        return (value,)
    return _strings(value, key, name, lambda: at(*path, key))


def _strings(value: Any, element: str, name: str, where: Where) -> tuple[str, ...]:
    """A policy "string or list of strings" element as a tuple."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and set(map(type, value)) <= {str}:
        return tuple(value)
    raise MalformedInput(f"{element} in policy {name} must be a string or a list of strings", where())


def _principals(value: Any, name: str, where: Where) -> Mapping[str, tuple[str, ...]] | None:
    if value is None:
        return None
    if value == "*":
        return {"AWS": ("*",)}
    if not isinstance(value, dict):
        raise MalformedInput(f"principal in policy {name} must be \"*\" or an object", where())
    return {str(kind): _strings(ids, f"principal {kind}", name, where)
            for kind, ids in value.items()}


_PRINCIPAL_ELEMENTS = ("Principal", "NotPrincipal")


def parts_named(text: str, parts: tuple[Path, ...]) -> tuple[str, ...]:
    """How a message names places (keys and indexes) in a policy document's JSON text: an element of
    a statement as ``Resource of statement 'Write'``, anything else by its path."""
    try:
        document = json.loads(text)
    except ValueError:
        document = None
    statements = document.get("Statement") if isinstance(document, dict) else None
    found: list[str] = []
    for part in parts:
        rest = part[1:] if part[:1] == ("Statement",) else None
        if rest is not None and isinstance(statements, list) and rest and isinstance(rest[0], int) \
                and 0 <= rest[0] < len(statements):
            index, item, rest = rest[0], statements[rest[0]], rest[1:]
        elif rest is not None and isinstance(statements, dict):
            index, item = 0, statements
        else:
            found.append(".".join(str(step) for step in part))
            continue
        sid = item.get("Sid") if isinstance(item, dict) else None
        name = statement_name(sid if isinstance(sid, str) and not _holes(sid) else None, index)
        found.append(f"{rest[0]} of {name}" if rest else name)
    return tuple(dict.fromkeys(found))


def hole_text(hole: Hole) -> str:
    """A hole as it is written inside a string (see UNKNOWN_TEXT)."""
    if not hole.name:
        return UNKNOWN_TEXT
    kind = next((kind for kind, chars in _HOLE_CHARS.items() if hole.chars == chars),
                "anything" if hole.anything else "segment")
    # the name stays valid inside a JSON string (a module address may hold quotes)
    name = hole.name.replace(_HOLE_END, "").replace('"', "'").replace("\\", "/")
    return UNKNOWN_TEXT + _HOLE_KINDS[kind] + name + _HOLE_END


def text_with_holes(value: str) -> Text:
    """A string with holes written in it (hole_text, UNKNOWN_TEXT) as Text."""
    parts: list[str | Hole] = []
    end = 0
    for found in _HOLE.finditer(value):
        if found.start() > end:
            parts.append(value[end:found.start()])
        kind, name = found.group(1), found.group(2)
        parts.append(Hole(anything=True) if not kind else Hole(
            anything=kind == _HOLE_KINDS["anything"], name=name,
            chars=next((chars for named, chars in _HOLE_CHARS.items() if _HOLE_KINDS[named] == kind), "")))
        end = found.end()
    if end < len(value):
        parts.append(value[end:])
    return tuple(parts)


def without_names(value: str) -> str:
    """The string with each named hole an unnamed one (UNKNOWN_TEXT)."""
    return _HOLE.sub(UNKNOWN_TEXT, value)


def unnamed_holes(value: str) -> bool:
    """Whether a string holds a hole without a name."""
    return any(not found.group(1) for found in _HOLE.finditer(value))


def named_holes(value: Any) -> bool:
    """Whether a string holds a hole with a name."""
    return isinstance(value, str) and _HOLE.search(value) is not None and any(
        found.group(1) for found in _HOLE.finditer(value))


def holes_of(item: dict[str, Any], gaps: set[str]) -> Holes | None:
    """The Resource, NotResource and Condition elements of a statement with holes (UNKNOWN in the
    statement), as Text, where some hole has a name, and the identifiers with holes of its
    Principal and NotPrincipal (principal_holes); None when there are none."""
    def texts(value: Any) -> tuple[Text, ...] | None:
        listed = value if isinstance(value, list) else [value]
        if not all(isinstance(entry, str) for entry in listed) or not any(named_holes(entry) for entry in listed):
            return None
        return tuple(text_with_holes(entry) for entry in listed)

    def conditions(value: Any) -> tuple[Condition, ...] | None:
        read = conditions_with_holes(value, _holes)
        if not isinstance(read, tuple) or not isinstance(value, dict):
            return None
        written = [entry for pairs in value.values() if isinstance(pairs, dict) for entry in pairs.values()]
        found = []
        for condition, values in zip(read, written):
            listed = values if isinstance(values, list) else [values]
            found.append(Condition(condition.operator, condition.key, tuple(
                text_with_holes(entry) if named_holes(entry) else known for entry, known in zip(listed, condition.values))))
        return tuple(found) if any(named_holes(entry) for entries in written
                                   for entry in (entries if isinstance(entries, list) else [entries])) else None

    found = Holes(resources=texts(item["Resource"]) if "Resource" in gaps else None,
                  not_resources=texts(item["NotResource"]) if "NotResource" in gaps else None,
                  conditions=conditions(item["Condition"]) if "Condition" in gaps else None,
                  principals=principal_holes(item["Principal"]) if "Principal" in gaps else None,
                  not_principals=principal_holes(item["NotPrincipal"]) if "NotPrincipal" in gaps else None)
    return found if found != Holes() else None


def principals_with_holes(value: Any, identifier: Callable[[Any], str | None | Unknown]) -> Principals | Unknown:
    """A Principal or NotPrincipal element some of whose identifiers are not known offline.

    ``identifier`` reads one identifier as the input writes it: its text when known, None when it
    has unknown parts and literal text of its own (``arn:aws:iam::${AccountId}:root``, which can
    never be ``*``), UNKNOWN when it may be anything. A kind keeps its name with UNKNOWN identifiers
    in the second case (see model.Principals); the first case makes the element UNKNOWN.
    """
    if not isinstance(value, dict):
        return UNKNOWN
    found: dict[str, tuple[str, ...] | Unknown] = {}
    for kind, ids in value.items():
        if not isinstance(kind, str) or UNKNOWN_TEXT in kind:
            return UNKNOWN
        read = [identifier(entry) for entry in (ids if isinstance(ids, list) else [ids])]
        if not read or any(entry is UNKNOWN for entry in read):
            return UNKNOWN
        known = [entry for entry in read if isinstance(entry, str)]
        # "*" names everyone: the identifiers beside it add nothing, known or not
        found[kind] = tuple(known) if len(known) == len(read) or "*" in known else UNKNOWN
    return found


def principal_holes(value: Any) -> tuple[tuple[str, tuple[Text, ...]], ...] | None:
    """The identifiers of each kind of a Principal or NotPrincipal element that ``principals_with_holes``
    holds as UNKNOWN because some have holes (UNKNOWN_TEXT), each as Text; None when no kind has."""
    if not isinstance(value, dict):
        return None
    found = []
    for kind, ids in value.items():
        listed = ids if isinstance(ids, list) else [ids]
        if isinstance(kind, str) and listed and all(isinstance(entry, str) for entry in listed) \
                and any(UNKNOWN_TEXT in entry for entry in listed):
            found.append((kind, tuple(text_with_holes(entry) for entry in listed)))
    return tuple(found) or None


def partly_known(literal: str) -> str | None | Unknown:
    """What ``principals_with_holes`` makes of an identifier whose literal text, holes left out, is
    ``literal``: None when that text alone keeps it from being ``*``, else UNKNOWN."""
    return None if literal.strip("*") else UNKNOWN


def conditions_with_holes(value: Any, unknown: Callable[[Any], bool]) -> tuple[Condition, ...] | Unknown:
    """A Condition element some of whose values are not known offline (``unknown`` says which):
    each stays a condition, with UNKNOWN for such a value, so that what does not depend on the
    values (a key the request never carries) is still decided. An operator or key not known
    makes the element UNKNOWN."""
    if not isinstance(value, dict):
        return UNKNOWN
    found: list[Condition] = []
    for operator, pairs in value.items():
        if not isinstance(operator, str) or unknown(operator) or not isinstance(pairs, dict):
            return UNKNOWN
        for key, values in pairs.items():
            if not isinstance(key, str) or unknown(key):
                return UNKNOWN
            listed = values if isinstance(values, list) else [values]
            found.append(Condition(operator, key, tuple(UNKNOWN if unknown(v) else v for v in listed)))
    return tuple(found)


def hole_identifier(entry: Any) -> str | None | Unknown:
    """An identifier as a Terraform reader writes it, a value known only after apply a hole (UNKNOWN_TEXT)."""
    if not isinstance(entry, str):
        return UNKNOWN
    return partly_known(_HOLE.sub("", entry)) if UNKNOWN_TEXT in entry else entry


def _conditions(value: Any, name: str, where: Where) -> tuple[Condition, ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise MalformedInput(f"Condition in policy {name} must be an object", where())
    found: list[Condition] = []
    for operator, pairs in value.items():
        if not isinstance(pairs, dict):
            raise MalformedInput(f"condition {operator} in policy {name} must be an object", where())
        for key, values in pairs.items():
            found.append(Condition(str(operator), str(key),
                                   tuple(values) if isinstance(values, list) else (values,)))
    return tuple(found)
