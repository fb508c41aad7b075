"""CloudFormation policy documents → model.Policy, and the delivery chain around a trail.

Buckets (AWS::S3::Bucket) and resource policies (bucket policies, topic policies, key policies).
A resource policy's ``target`` names what it is attached to: the literal name or ARN when the
template states it (``BucketName``, a literal ``Bucket``/``Topics`` value, a parameter's
Default), else the logical id of the resource in this template, which is also the
``origin.resource`` of the matching ``Bucket``. The same convention as Terraform addresses.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from trail_lint.model import (
    UNKNOWN,
    At,
    Bucket,
    Cause,
    Condition,
    Holes,
    InputKind,
    Origin,
    Path,
    Policy,
    Principals,
    Problem,
    PublicAccessBlock,
    ResourcePolicy,
    Statement,
    Text,
    Topic,
    Unknown,
)
from trail_lint.normalise import MalformedInput
from trail_lint.normalise.cloudformation.parameters import is_scalar, parameter_cause, scalar_text
from trail_lint.normalise.cloudformation.values import (
    ABSENT,
    REF_NAME,
    SUB_VARIABLE,
    Template,
    Trace,
    condition,
    contains_unknown,
    intrinsic,
    resolve,
)

KIND = InputKind.CLOUDFORMATION
# policy element -> model field of Statement
_ELEMENTS = {"Sid": "sid", "Effect": "effect", "Action": "actions", "NotAction": "not_actions",
             "Resource": "resources", "NotResource": "not_resources", "Condition": "conditions",
             "Principal": "principals", "NotPrincipal": "not_principals"}


def policy(template: Template, raw: Any, *, name: str, path: Path, resource: str,
           problems: list[Problem], per_statement: bool = False) -> Policy:
    """A policy document property (mapping or JSON string), with intrinsics resolved first.

    An element that holds an unknown value is UNKNOWN as a whole (``Resource: [!Ref Param]`` →
    ``resources`` UNKNOWN), as the Terraform readers do, so rules never see half a list.
    ``per_statement`` (identity policies and SCPs, which the access evaluator reads): each
    statement on its own, with the branches of an undecided ``Fn::If`` as statements that may
    exist, and ``Fn::Sub``/``Fn::Join``/trail ``Fn::GetAtt`` Resources as patterns whose
    deploy-time parts are holes (see _statements).
    """
    from trail_lint.normalise.policy_json import document_size

    origin = Origin(template.file, path, resource=resource, kind=KIND)
    document = _resolved(template, raw, origin)
    # what the stack passes to IAM or Organizations is this document, serialised by CloudFormation
    size = document_size(document) if isinstance(document, dict) else None
    read = _read(template, raw, document, name=name, origin=origin, problems=problems, per_statement=per_statement)
    return read if size is None else replace(read, size=size)


def _resolved(template: Template, raw: Any, origin: Origin) -> Any:
    """The document with intrinsics resolved, recording what each statement of a written Statement
    list rests on, the document's own elsewhere: a finding on a statement says the Defaults it
    assumed, and a TL002 on it why its unknown parts are not known (not another statement's)."""
    trace = Trace()
    statements = raw.get("Statement") if isinstance(raw, dict) and intrinsic(raw) is None else None
    if not isinstance(statements, list):
        document = resolve(template, raw, trace)
        template.assume(origin.at, trace, document)
        return document
    document = {}
    rests: list[tuple[At, Trace, Any]] = []
    for key, item in raw.items():
        name = key if isinstance(key, str) else scalar_text(key)
        if name != "Statement":
            settled = resolve(template, item, trace)
            if settled is not ABSENT:
                document[name] = settled
            continue
        resolved = []
        for index, statement in enumerate(statements):
            own = Trace(trace.given, trace.overridden)
            settled = resolve(template, statement, own)
            rests.append((At(origin.file, (*origin.path, "Statement", index)), own, settled))
            trace.merge(own)          # a finding on the whole document rests on every statement
            if settled is not ABSENT:
                resolved.append(settled)
        document[name] = resolved
    template.assume(origin.at, trace, document)
    if trace.assumed or trace.open_parameters:
        for at, own, settled in rests:
            template.assume(at, own, settled, causes=True, always=True)
    return document


def _read(template: Template, raw: Any, document: Any, *, name: str, origin: Origin, problems: list[Problem],
          per_statement: bool) -> Policy:
    """policy() of the resolved document."""
    from trail_lint.normalise.policy_json import parse_policy, parse_policy_string

    try:
        if per_statement and isinstance(raw, dict) and intrinsic(raw) is None \
                and isinstance(raw.get("Statement"), list):
            version = _version(document)
            return replace(_statements(template, raw["Statement"], name=name, origin=origin, version=version),
                           version=version)
        if isinstance(raw, dict) and intrinsic(raw) is None and isinstance(raw.get("Statement"), list) \
                and any(_undecided_if(template, item) for item in raw["Statement"]):
            return replace(_maybe_statements(template, raw["Statement"], name=name, origin=origin),
                           version=_version(document))
        if isinstance(document, str):
            return parse_policy_string(document, name=name, origin=origin, versioned=False)
        written = _document_text(template, raw) if document is UNKNOWN else None
        if written is not None:
            return parse_policy_string(written, name=name, origin=origin, versioned=False)
        statements = document.get("Statement", []) if isinstance(document, dict) else None
        if document is UNKNOWN or statements is UNKNOWN or (
                isinstance(statements, list) and any(item is UNKNOWN for item in statements)):
            return Policy(name=name, statements=UNKNOWN, origin=origin)
        if isinstance(document, dict) and isinstance(statements, (list, dict)):
            written = raw.get("Statement") if isinstance(raw, dict) and intrinsic(raw) is None else None
            return _with_unknowns(document, statements, name=name, origin=origin,
                                  parse=_versioned(_version(document)) if _plain(raw) else _unversioned,
                                  principals=_principal_reader(template, written, statements),
                                  holes=_hole_reader(template, written, statements))
        return parse_policy(document, name=name, origin=origin, versioned=False)
    except MalformedInput as error:
        # the template may be fine otherwise; only this policy cannot be evaluated
        problems.append(Problem(error.message, error.at, resource=origin.resource))
        return Policy(name=name, statements=UNKNOWN, origin=origin)


def _document_text(template: Template, raw: Any) -> str | None:
    """A policy document written as a JSON string (Fn::Sub, Fn::Join) with values known only at
    deployment: its text with each such value a hole (policy_json.UNKNOWN_TEXT, named where the stack
    knows what it is), so that what holds none is still read, as the Terraform readers read a
    heredoc. None for anything else: text that is not a JSON document (a hole outside a string)."""
    import json

    from trail_lint.normalise.cloudformation.holes import text_of
    from trail_lint.normalise.policy_json import hole_text

    call = intrinsic(raw)
    if call is None or call[0] not in ("Fn::Sub", "Fn::Join"):
        return None
    text = text_of(template, raw)
    if text is None or not any(isinstance(part, str) and '"Statement"' in part for part in text):
        return None
    written = "".join(part if isinstance(part, str) else hole_text(part) for part in text)
    try:
        json.loads(written)
    except ValueError:
        return None
    return written


# Reads a statement's Principal or NotPrincipal as written, by the statement's index and element:
# the kinds it names are known even where identifiers are not (policy_json.principals_with_holes).
PrincipalReader = Callable[[int, str], "Principals | Unknown"]
# Reads the elements of a statement that hold deploy-time values (by index and element names) as
# Text with named holes (model.Holes), for the delivery checks.
HoleReader = Callable[[int, set[str]], "Holes | None"]


def _with_unknowns(document: dict[str, Any], statements: Any, *, name: str, origin: Origin, parse: Any,
                   principals: PrincipalReader | None = None, holes: HoleReader | None = None) -> Policy:
    items = statements if isinstance(statements, list) else [statements]
    unknown: list[set[str]] = []
    known_items = []
    for item in items:
        gaps = {key for key, value in item.items() if contains_unknown(value)} if isinstance(item, dict) else set()
        unknown.append(gaps)
        known_items.append({k: v for k, v in item.items() if k not in gaps} if gaps else item)
    parsed = parse({**document, "Statement": known_items if isinstance(statements, list) else known_items[0]},
                   name=name, origin=origin)
    if not any(unknown):
        return parsed
    fixed = []
    for index, (statement, gaps) in enumerate(zip(parsed.statements, unknown)):
        changes = {_ELEMENTS[key]: _unknown_element(items[index], key, index, principals)
                   for key in gaps if key in _ELEMENTS}
        held = holes(index, gaps) if holes is not None and changes else None
        fixed.append(replace(statement, **changes, **({"holes": held} if held else {})) if changes else statement)
    return Policy(name=parsed.name, statements=tuple(fixed), arn=parsed.arn, origin=parsed.origin,
                  version=parsed.version)


# --- Statements one by one, and Resource patterns with holes ---------------------------------
# A statement built by Fn::If, or a Resource built by Fn::Sub from values known only at
# deployment, still tells a lot: each branch of the If is a statement that may exist, and
# `arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/main` is a trail ARN
# whatever the Region and account are. The unknown parts stay as ``${Name}``, which the
# evaluator treats as text it cannot know (iam.substitute): never a match it cannot prove.


def _version(document: Any) -> str | Unknown | None:
    """The resolved document's Version as Policy.version holds it."""
    from trail_lint.normalise.policy_json import written_version

    return written_version(document.get("Version")) if isinstance(document, dict) else UNKNOWN


def _unversioned(document: Any, *, name: str, origin: Origin) -> Policy:
    """parse_policy with ``${...}`` read as a hole or a variable whatever the document's Version:
    this module writes the deploy-time parts of a Resource as ``${Name}`` (see _statements)."""
    from trail_lint.normalise.policy_json import parse_policy

    return parse_policy(document, name=name, origin=origin, versioned=False)


def _plain(value: Any) -> bool:
    """Whether the value holds no intrinsic function: each ``${...}`` in it is text the stack passes
    to IAM as written, a policy variable only in a document of Version 2012-10-17 (policy_json)."""
    if intrinsic(value) is not None:
        return False
    if isinstance(value, dict):
        return all(_plain(item) for item in value.values())
    return all(_plain(item) for item in value) if isinstance(value, list) else True


def _versioned(version: str | Unknown | None) -> Any:
    """parse_policy reading ``${...}`` as the document's Version says (as every other reader does), for
    statements written without intrinsic functions (_plain); a Version not known offline is read as
    _unversioned reads it."""
    from trail_lint.normalise.policy_json import parse_policy

    if isinstance(version, Unknown):
        return _unversioned

    def parse(document: Any, *, name: str, origin: Origin) -> Policy:
        written = {**document, "Version": version} if version is not None else document
        return parse_policy(written, name=name, origin=origin)
    return parse


def _statements(template: Template, raw: list[Any], *, name: str, origin: Origin,
                version: str | Unknown | None = UNKNOWN) -> Policy:
    """Each statement read on its own, so one that cannot be known leaves the others known; ``version``:
    the document's."""
    from trail_lint.normalise.policy_json import STATEMENT_KEYS

    statements: list[Statement] = []
    for index, raw_item in enumerate(raw):
        here = Origin(origin.file, origin.path + ("Statement", index), STATEMENT_KEYS, origin.resource, origin.kind)
        for item, deployed in _alternatives(template, raw_item):
            if not isinstance(item, dict):
                statements.append(Statement(UNKNOWN, actions=UNKNOWN, resources=UNKNOWN, conditions=UNKNOWN,
                                            origin=here))
                continue
            parse = _versioned(version) if _plain(raw_item) else _unversioned
            parsed = _with_unknowns({"Statement": [item]}, [item], name=name, origin=origin, parse=parse,
                                    principals=_principal_reader(template, raw_item if deployed else None, [item]))
            held = _resource_holes(template, raw_item) if deployed else None
            # a parameter without a value that leaves its parts not known: said once, with what it blocks
            cause = _parameter_of(template, raw_item) if deployed else None
            for statement in parsed.statements:  # type: ignore[union-attr]
                # a statement only one branch of an undecided Fn::If holds may not exist: conditional
                statements.append(replace(statement, origin=here, **({} if deployed else {"conditions": UNKNOWN}),
                                          **({"holes": held} if held else {}), **({"cause": cause} if cause else {})))
    return Policy(name=name, statements=tuple(statements), origin=origin)


def _parameter_of(template: Template, raw_item: Any) -> Cause | None:
    """The parameter without a value a statement's parts not known offline rest on, when it is the
    only cause (parameters.parameter_cause)."""
    trace = Trace()
    resolve(template, raw_item, trace)
    return parameter_cause(trace, template.file)


def _undecided_if(template: Template, raw_item: Any) -> bool:
    """Whether a statement is an ``Fn::If`` whose condition is settled only at deployment."""
    call = intrinsic(raw_item)
    return call is not None and call[0] == "Fn::If" and isinstance(call[1], list) and len(call[1]) == 3 \
        and isinstance(condition(template, call[1][0], Trace()), Unknown)


def _maybe_statements(template: Template, raw: list[Any], *, name: str, origin: Origin) -> Policy:
    """A resource policy (a bucket's, a topic's, a key's) whose Statement list holds an undecided
    ``Fn::If``: each statement read on its own, as the whole document is read otherwise, and one that
    only a branch holds conditional (it may not exist), so the statements beside it stay known."""
    from trail_lint.normalise.policy_json import STATEMENT_KEYS

    statements: list[Statement] = []
    for index, raw_item in enumerate(raw):
        here = Origin(origin.file, origin.path + ("Statement", index), STATEMENT_KEYS, origin.resource, origin.kind)
        deployed, call = not _undecided_if(template, raw_item), intrinsic(raw_item)
        for written in [raw_item] if deployed or call is None else call[1][1:]:    # the two branches of an Fn::If
            item = resolve(template, written)
            if item is ABSENT:
                continue
            if not isinstance(item, dict):
                # a resource's own policy: the statement names a principal, not known offline
                statements.append(Statement(UNKNOWN, actions=UNKNOWN, resources=UNKNOWN, conditions=UNKNOWN,
                                            principals=UNKNOWN, origin=here))
                continue
            parsed = _with_unknowns({"Statement": [item]}, [item], name=name, origin=origin, parse=_unversioned,
                                    principals=_principal_reader(template, [written], [item]),
                                    holes=_hole_reader(template, [written], [item]))
            for statement in parsed.statements:  # type: ignore[union-attr]
                statements.append(replace(statement, origin=here, **({} if deployed else {"conditions": UNKNOWN})))
    return Policy(name=name, statements=tuple(statements), origin=origin)


def _resource_holes(template: Template, raw_item: Any) -> Holes | None:
    """The Resource and NotResource of a statement read on its own whose deploy-time parts are
    kept as ``${Name}`` (see _sub_pattern), as Text with named holes (cloudformation.holes), for
    the checks that compare them with a request holding the same holes; None when it has none."""
    if not isinstance(raw_item, dict) or intrinsic(raw_item) is not None:
        return None
    found = {key: _texts(template, raw_item[key]) for key in ("Resource", "NotResource")
             if key in raw_item and _has_call(raw_item[key])}
    held = Holes(resources=found.get("Resource"), not_resources=found.get("NotResource"))
    return held if held != Holes() else None


def _has_call(value: Any) -> bool:
    return intrinsic(value) is not None or isinstance(value, list) and any(intrinsic(item) is not None
                                                                             for item in value)


def _unknown_element(item: dict[str, Any], key: str, index: int, principals: PrincipalReader | None) -> Any:
    """A statement element holding a value not known before deployment, as far as it is known."""
    from trail_lint.normalise.policy_json import conditions_with_holes

    if key == "Sid":
        return None
    if key == "Condition":
        return conditions_with_holes(item[key], contains_unknown)
    if key in ("Principal", "NotPrincipal") and principals is not None:
        return principals(index, key)
    return UNKNOWN


def _written_items(template: Template, written: Any) -> list[dict[str, Any]] | None:
    """The statements as written, each decided ``Fn::If`` replaced by the branch it takes and an
    ``AWS::NoValue`` left out, so that they line up with the statements resolved; None when an
    ``Fn::If`` is undecided or a statement is built by another function."""
    chosen: list[dict[str, Any]] = []
    for item in written if isinstance(written, list) else [written]:
        while (call := intrinsic(item)) is not None and call[0] == "Fn::If" \
                and isinstance(call[1], list) and len(call[1]) == 3:
            decided = condition(template, call[1][0], Trace())
            if not isinstance(decided, bool):
                return None
            item = call[1][1] if decided else call[1][2]
        if intrinsic(item) is not None and resolve(template, item) is ABSENT:
            continue
        if not isinstance(item, dict) or intrinsic(item) is not None:
            return None
        chosen.append(item)
    return chosen


def _principal_reader(template: Template, written: Any, statements: Any) -> PrincipalReader | None:
    """How _with_unknowns reads the Principal of each of ``statements`` as ``written`` (the
    Statement element before intrinsics were resolved); None when the two do not line up
    one to one (an undecided Fn::If, a Statement built by an intrinsic: _written_items)."""
    from trail_lint.normalise.policy_json import principals_with_holes

    written_items = _written_items(template, written)
    items = statements if isinstance(statements, list) else [statements]
    if written_items is None or len(written_items) != len(items):
        return None

    def read(index: int, element: str) -> Principals | Unknown:
        value = written_items[index].get(element)
        if intrinsic(value) is not None:
            return UNKNOWN
        return principals_with_holes(value, lambda entry: _principal_identifier(template, entry))
    return read


def _hole_reader(template: Template, written: Any, statements: Any) -> HoleReader | None:
    """How _with_unknowns reads the Resource, NotResource and Condition elements of each of
    ``statements`` as ``written``, with named holes (cloudformation.holes); None when the two do
    not line up one to one (as _principal_reader)."""
    written_items = _written_items(template, written)
    items = statements if isinstance(statements, list) else [statements]
    if written_items is None or len(written_items) != len(items):
        return None

    def read(index: int, gaps: set[str]) -> Holes | None:
        item = written_items[index]
        found = Holes(resources=_texts(template, item.get("Resource")) if "Resource" in gaps else None,
                      not_resources=_texts(template, item.get("NotResource")) if "NotResource" in gaps else None,
                      conditions=_held_conditions(template, item.get("Condition")) if "Condition" in gaps else None)
        return found if found != Holes() else None
    return read


def _texts(template: Template, value: Any) -> tuple[Text, ...] | None:
    """A Resource or NotResource element as Text; None when it says nothing more than UNKNOWN."""
    from trail_lint.normalise.cloudformation.holes import is_opaque, text_of

    if intrinsic(value) is not None and not isinstance(resolve(template, value), (str, Unknown)):
        return None          # a list made by a function: not read item by item
    entries = value if isinstance(value, list) else [value]
    found = [text for text in (text_of(template, entry) for entry in entries) if text is not None]
    return None if not found or all(is_opaque(text) for text in found) else tuple(found)


def _held_conditions(template: Template, value: Any) -> tuple[Condition, ...] | None:
    """A Condition element with values as Text where they have holes; None when its operators or
    keys are not written out."""
    from trail_lint.normalise.cloudformation.holes import is_opaque, text_of

    if not isinstance(value, dict) or intrinsic(value) is not None:
        return None
    found: list[Condition] = []
    for operator, pairs in value.items():
        if not isinstance(operator, str) or not isinstance(pairs, dict) or intrinsic(pairs) is not None:
            return None
        for key, values in pairs.items():
            if not isinstance(key, str) or resolve(template, values) is ABSENT:
                continue
            if intrinsic(values) is not None and not isinstance(resolve(template, values), (str, Unknown)):
                return None  # a list made by a function
            listed = values if isinstance(values, list) else [values]
            read: list[object] = []
            for entry in listed:
                settled = resolve(template, entry)
                if settled is ABSENT:
                    continue
                held = text_of(template, entry) if contains_unknown(settled) else None
                read.append(settled if held is None else UNKNOWN if is_opaque(held) else held)
            found.append(Condition(operator, key, tuple(read)))
    return tuple(found)


def _principal_identifier(template: Template, entry: Any) -> str | None | Unknown:
    """One Principal identifier: known text, None when its literal text shows it is not ``*``
    (an ARN written with Fn::Sub or Fn::Join, a resource's Arn attribute, the stack's account),
    else UNKNOWN."""
    from trail_lint.normalise.policy_json import partly_known

    call = intrinsic(entry)
    if call is not None and call[0] == "Ref" and call[1] == "AWS::AccountId":
        return None
    if call is not None and call[0] == "Fn::GetAtt" and isinstance(resolve(template, entry), Unknown) and (
            call[1][-1] if isinstance(call[1], list) else str(call[1]).rpartition(".")[2]) == "Arn":
        return None
    value = _pattern(template, entry)
    if not isinstance(value, str):
        return UNKNOWN
    return partly_known(SUB_VARIABLE.sub("", value)) if SUB_VARIABLE.search(value) else value


def _alternatives(template: Template, raw_item: Any) -> list[tuple[Any, bool]]:
    """The statement(s) an item may be once deployed: (resolved item, certainly deployed)."""
    call = intrinsic(raw_item)
    if call is not None and call[0] == "Fn::If" and isinstance(call[1], list) and len(call[1]) == 3 \
            and isinstance(condition(template, call[1][0], Trace()), Unknown):
        branches = [_statement_values(template, branch) for branch in call[1][1:]]
        return [(branch, False) for branch in branches if branch is not ABSENT]
    item = _statement_values(template, raw_item)
    return [] if item is ABSENT else [(item, True)]


def _statement_values(template: Template, raw_item: Any) -> Any:
    """A statement with its intrinsics resolved; Resource/NotResource keep their unknown parts as holes."""
    if not isinstance(raw_item, dict) or intrinsic(raw_item) is not None:
        return resolve(template, raw_item)
    item: dict[str, Any] = {}
    for key, value in raw_item.items():
        settled = _patterns(template, value) if key in ("Resource", "NotResource") else resolve(template, value)
        if settled is not ABSENT:
            item[key] = settled
    return item


def _patterns(template: Template, value: Any) -> Any:
    if isinstance(value, list):
        found = [_pattern(template, item) for item in value]
        return [item for item in found if item is not ABSENT]
    return _pattern(template, value)


def _pattern(template: Template, value: Any) -> Any:
    resolved = resolve(template, value)
    call = intrinsic(value)
    if not isinstance(resolved, Unknown) or call is None:
        return resolved
    name, argument = call
    if name == "Fn::Sub":
        return _sub_pattern(template, argument)
    if name == "Fn::Join" and isinstance(argument, list) and len(argument) == 2 and isinstance(argument[1], list):
        delimiter = resolve(template, argument[0])
        parts = [_join_part(template, part) for part in argument[1]]
        if isinstance(delimiter, str) and all(isinstance(part, (str, int, float)) for part in parts):
            return delimiter.join(scalar_text(part) for part in parts)
    if name == "Fn::GetAtt":
        return _attribute_pattern(template, argument)
    return UNKNOWN


def _sub_pattern(template: Template, argument: Any) -> Any:
    """``Fn::Sub`` with the variables known only at deployment kept as ``${Name}`` holes."""
    variables: Any = {}
    if isinstance(argument, list) and len(argument) == 2:
        argument, variables = argument
    if not isinstance(argument, str) or not isinstance(variables, dict):
        return UNKNOWN

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        if name.startswith("!"):  # ${!Literal} is written as ${Literal}
            return "${" + name[1:] + "}"
        value = resolve(template, {"Fn::Sub": ["${" + name + "}", variables]})   # one variable, as Fn::Sub reads it
        return scalar_text(value) if is_scalar(value) else match.group(0)

    return SUB_VARIABLE.sub(substitute, argument)


def _join_part(template: Template, part: Any) -> Any:
    """A part of an Fn::Join: a ``Ref`` known only at deployment is a hole named like Fn::Sub's."""
    call = intrinsic(part)
    if call is not None and call[0] == "Ref" and isinstance(call[1], str) and isinstance(resolve(template, part), Unknown):
        return "${" + call[1] + "}"
    return _pattern(template, part)


def _attribute_pattern(template: Template, argument: Any) -> Any:
    """``!GetAtt Trail.Arn`` of a trail in the template: its ARN, with the deploy-time parts as holes."""
    if isinstance(argument, str):
        logical_id, _, attribute = argument.partition(".")
    elif isinstance(argument, list) and len(argument) == 2 and all(isinstance(part, str) for part in argument):
        logical_id, attribute = argument
    else:
        return UNKNOWN
    if attribute != "Arn" or template.resource_type(logical_id) != "AWS::CloudTrail::Trail":
        return UNKNOWN
    trail_name = template.literal_property(logical_id, "TrailName")
    trail_name = trail_name if isinstance(trail_name, str) else "${" + logical_id + "}"
    return "arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/" + trail_name


def ref_target(value: Any) -> str | None:
    """The logical id a ``Ref``/``Fn::GetAtt`` names, for linking resources of one template."""
    call = intrinsic(value)
    if call is None:
        return None
    name, argument = call
    if name == "Ref" and isinstance(argument, str):
        return argument
    if name == "Fn::GetAtt":
        if isinstance(argument, str) and "." in argument:
            return argument.split(".", 1)[0]
        if isinstance(argument, list) and argument and isinstance(argument[0], str):
            return argument[0]
    return None


def target(template: Template, raw: Any) -> str | Unknown:
    """What a resource policy is attached to: a literal name/ARN, else the resource's logical id."""
    linked = ref_target(raw)
    if linked is not None and linked in template.resources:
        kind = template.resource_type(linked)
        literal = template.literal_property(linked, REF_NAME[kind]) if kind in REF_NAME else UNKNOWN
        return literal if isinstance(literal, str) else linked
    value = resolve(template, raw)
    return value if isinstance(value, str) and value else UNKNOWN


def delivery(template: Template, problems: list[Problem]
             ) -> tuple[tuple[Bucket, ...], tuple[ResourcePolicy, ...], tuple[Topic, ...]]:
    from trail_lint.normalise.cloudformation.resources import existence, properties_of

    buckets: list[Bucket] = []
    policies: list[ResourcePolicy] = []
    topics: list[Topic] = []
    for logical_id, resource in template.resources.items():
        kind = resource.get("Type")
        exists = existence(template, logical_id, resource) if kind in _DELIVERY else None
        if exists is None:
            continue
        props = properties_of(template, logical_id, resource)
        raw = resource.get("Properties") if isinstance(resource.get("Properties"), dict) else {}
        base: Path = template.path(str(logical_id)) + ("Properties",)
        origin = Origin(template.file, base, resource=logical_id, kind=KIND)
        if kind == "AWS::S3::Bucket":
            name, acl = props.get("BucketName"), props.get("AccessControl", ABSENT)
            buckets.append(Bucket(name=name if isinstance(name, str) and name else UNKNOWN,
                                  origin=Origin(template.file, base, BUCKET_KEYS, resource=logical_id, kind=KIND),
                                  acl=None if acl is ABSENT or acl is None else
                                  CANNED_ACLS.get(acl, acl) if isinstance(acl, str) else UNKNOWN,
                                  existence=exists,
                                  **bucket_settings(props, At(template.file, base), logical_id)))
            continue
        if kind == "AWS::SNS::Topic":
            topics.append(_topic(template, logical_id, resource, props, base))
        service, target_key, policy_key = _DELIVERY[kind]
        spec = _key_spec(props) if kind == "AWS::KMS::Key" else None
        if policy_key not in raw:
            if not target_key and intrinsic(resource.get("Properties")) is None:
                # A topic, or a key without KeyPolicy, keeps the service's default policy until a
                # policy resource (the rules look for one) replaces it.
                policies.append(ResourcePolicy(target=logical_id, service=service, policy=Policy(logical_id, ()),
                                               origin=Origin(template.file, template.path(str(logical_id)),
                                                             resource=logical_id, kind=KIND), default=True,
                                               key_spec=spec))
            continue
        document = policy(template, raw[policy_key], name=logical_id, path=base + (policy_key,),
                          resource=logical_id, problems=problems)
        for attached in _targets(template, raw, target_key, logical_id, base):
            policies.append(ResourcePolicy(target=attached, service=service, policy=document, origin=origin,
                                           key_spec=spec))
    policies.extend(_unread_policies(template))
    return tuple(buckets), tuple(policies), tuple(topics)


def _key_spec(props: Mapping[str, Any]) -> str | Unknown | None:
    """An AWS::KMS::Key's KeySpec: None when not written (SYMMETRIC_DEFAULT), UNKNOWN when not known offline.
    https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kms-key.html"""
    spec = props.get("KeySpec", ABSENT)
    if spec is ABSENT or spec is None:
        return None
    return spec if isinstance(spec, str) else UNKNOWN


def _unread_policies(template: Template) -> Iterator[ResourcePolicy]:
    """A bucket or topic policy the template may declare where it is not read (Template.unread): of
    a target not known, so a bucket or topic created without a policy may have its policy there."""
    for path, types in template.unread.items():
        services = {service for kind, (service, target_key, _) in _DELIVERY.items()
                    if target_key and (types is None or kind in types)}
        for service in sorted(services):
            origin = Origin(template.file, path, resource=str(path[-1]), kind=KIND)
            yield ResourcePolicy(target=UNKNOWN, service=service, policy=Policy(str(path[-1]), UNKNOWN, origin=origin),
                                 origin=origin)


def _topic(template: Template, logical_id: str, resource: Mapping[str, Any], props: Mapping[str, Any],
           base: Path) -> Topic:
    """An AWS::SNS::Topic: its name (TopicName when literal, else its logical id) and its
    KmsMasterKeyId, with the key resource it refers to (through an AWS::KMS::Alias to its key).
    https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topic.html"""
    raw = resource.get("Properties")
    written = raw.get("KmsMasterKeyId") if isinstance(raw, dict) else None
    key = props.get("KmsMasterKeyId", ABSENT)
    linked = ref_target(written)
    if linked is not None and template.resource_type(linked) == "AWS::KMS::Alias":
        alias = template.resources[linked].get("Properties")
        linked = ref_target(alias.get("TargetKeyId")) if isinstance(alias, dict) else None
    name = props.get("TopicName")
    return Topic(name=name if isinstance(name, str) and name else logical_id,
                 kms_key=UNKNOWN if intrinsic(raw) is not None else None if key is ABSENT or key is None
                 else key if isinstance(key, str) and key else UNKNOWN,
                 origin=Origin(template.file, base, {"kms_key": "KmsMasterKeyId"}, resource=logical_id, kind=KIND),
                 kms_key_ref=linked if linked is not None and linked in template.resources else None)


# model field -> AWS::S3::Bucket property
# https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucket.html
BUCKET_KEYS: Mapping[str, str | Path] = {"name": "BucketName", "acl": "AccessControl", "access_logging": "LoggingConfiguration",
               "versioning": ("VersioningConfiguration", "Status"), "mfa_delete": "VersioningConfiguration",
               "object_lock": "ObjectLockEnabled", "public_access_block": "PublicAccessBlockConfiguration",
               "lifecycle": "LifecycleConfiguration", "object_ownership": "OwnershipControls"}
_PAB_KEYS = {"block_public_acls": "BlockPublicAcls", "ignore_public_acls": "IgnorePublicAcls",
             "block_public_policy": "BlockPublicPolicy", "restrict_public_buckets": "RestrictPublicBuckets"}


def _flags(block: dict[str, Any], here: Any) -> dict[str, Any]:
    """PublicAccessBlockConfiguration's four flags, by model field."""
    from trail_lint.normalise.cloudformation.fields import flag

    return {field: flag(block.get(key, ABSENT), False, here("PublicAccessBlockConfiguration", key))
            for field, key in _PAB_KEYS.items()}


def bucket_settings(props: Mapping[str, Any], at: At, logical_id: str) -> dict[str, Any]:
    """Access logging, versioning, Object Lock, Block Public Access and lifecycle of an AWS::S3::Bucket.
    CloudFormation cannot set MFA delete (only the root user can, through the API)."""
    from trail_lint.normalise.cloudformation.fields import flag

    def here(*keys: str) -> At:
        return At(at.file, at.path + keys)

    logging = props.get("LoggingConfiguration", ABSENT)
    versioning = props.get("VersioningConfiguration", ABSENT)
    status = versioning.get("Status", ABSENT) if isinstance(versioning, dict) else versioning
    lock = flag(props.get("ObjectLockEnabled", ABSENT), False, here("ObjectLockEnabled"))
    block = props.get("PublicAccessBlockConfiguration", ABSENT)
    lifecycle = props.get("LifecycleConfiguration", ABSENT)
    return {
        "object_ownership": _ownership(props.get("OwnershipControls", ABSENT)),
        "lifecycle": False if lifecycle is ABSENT or lifecycle is None else UNKNOWN if lifecycle is UNKNOWN else True,
        "access_logging": False if logging is ABSENT or logging is None else UNKNOWN if logging is UNKNOWN else True,
        "versioning": False if status is ABSENT or status is None else UNKNOWN if status is UNKNOWN
        else status == "Enabled",
        "object_lock": lock,
        "public_access_block": None if block is ABSENT or block is None else UNKNOWN if not isinstance(block, dict)
        else PublicAccessBlock(**_flags(block, here),
                               origin=Origin(at.file, at.path + ("PublicAccessBlockConfiguration",), _PAB_KEYS,
                                             resource=logical_id, kind=KIND)),
    }


def _ownership(controls: Any) -> str | None | Unknown:
    """OwnershipControls' rule: its ObjectOwnership (None: not written)."""
    if controls is ABSENT or controls is None:
        return None
    rules = controls.get("Rules") if isinstance(controls, dict) else UNKNOWN
    if not isinstance(rules, list) or len(rules) != 1 or not isinstance(rules[0], dict):
        return UNKNOWN
    owner = rules[0].get("ObjectOwnership", ABSENT)
    return None if owner is ABSENT or owner is None else owner if isinstance(owner, str) else UNKNOWN


# AccessControl -> the S3 API's canned ACL name (the model's spelling, as Terraform writes it)
# https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl
CANNED_ACLS: Mapping[str, str] = {
    "Private": "private", "PublicRead": "public-read", "PublicReadWrite": "public-read-write",
    "AuthenticatedRead": "authenticated-read", "AwsExecRead": "aws-exec-read",
    "BucketOwnerRead": "bucket-owner-read", "BucketOwnerFullControl": "bucket-owner-full-control",
    "LogDeliveryWrite": "log-delivery-write",
}

# resource type -> (service, property naming the target ("" = the resource itself), policy property)
_DELIVERY: Mapping[str, tuple[str, str, str]] = {
    "AWS::S3::Bucket": ("s3", "", ""),
    "AWS::S3::BucketPolicy": ("s3", "Bucket", "PolicyDocument"),
    "AWS::SNS::Topic": ("sns", "", ""),     # a topic has no policy property: AWS::SNS::TopicPolicy sets it
    "AWS::SNS::TopicPolicy": ("sns", "Topics", "PolicyDocument"),
    "AWS::SNS::TopicInlinePolicy": ("sns", "TopicArn", "PolicyDocument"),
    "AWS::KMS::Key": ("kms", "", "KeyPolicy"),
}


def _targets(template: Template, raw: Mapping[str, Any], key: str, logical_id: str,
             base: Path) -> list[str | Unknown]:
    from trail_lint.normalise.cloudformation.resources import same_name

    if not key:
        return [logical_id]  # a key's id and ARN are generated at deploy time
    value = raw.get(key, ABSENT)
    if key != "Topics":
        found = target(template, value)
        # a bucket policy whose Bucket is the expression that names a bucket of the template
        # (both `!Ref LogBucketName`): that bucket's, whatever the parameter's value
        named = same_name(template, value, "AWS::S3::Bucket", "BucketName") \
            if found is UNKNOWN and key == "Bucket" else None
        return [named or (_by_parameter(template, value, key) if found is UNKNOWN else None) or found]
    if intrinsic(value) is not None:
        resolved = resolve(template, value)
        return [item if isinstance(item, str) else UNKNOWN for item in resolved] \
            if isinstance(resolved, list) else [UNKNOWN]
    if not isinstance(value, list):
        raise MalformedInput(f"Topics of resource {logical_id} must be a list", At(template.file, base + (key,)))
    return [(found if (found := target(template, item)) is not UNKNOWN else _by_parameter(template, item, key)) or found
            for item in value if resolve(template, item) is not ABSENT]


def _by_parameter(template: Template, value: Any, key: str) -> str | None:
    """The parameter standing for the trail's bucket or topic that a policy's target is (policy_parameter)."""
    from trail_lint.normalise.cloudformation.resources import policy_parameter

    return policy_parameter(template, value, "S3BucketName" if key == "Bucket" else "SnsTopicName")
