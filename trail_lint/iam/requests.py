"""Requests a principal can make: a grant under a condition on the request is a grant.

A condition on a key of the request itself (iam.conditions.REQUEST_KEYS: aws:MultiFactorAuthPresent,
aws:SourceIp, aws:SourceVpce, aws:CurrentTime, aws:ViaAWSService, ...) is met or not by how the
principal makes the request: a user allowed StopLogging when aws:MultiFactorAuthPresent is true signs
in with MFA and stops logging. The access matrix leaves such a grant conditional (no input says how
the next request is made); this module looks for one request that meets an Allow's conditions on
those keys and fails a condition of each Deny on them, which the access analysis then evaluates
with every other layer as it evaluates any request: where that request is allowed, the grant
exists, and it is said with the conditions the request meets ("when aws:MultiFactorAuthPresent is
true"). What the inputs do not settle (an SCP that may apply, a tag, an account, a policy variable)
stays conditional: the request settles only its own keys.

The values tried for a key are read off the conditions on it (each IP range's first address and
its neighbours, each number and date and their neighbours, each string), so that a request meeting
the Allow's conditions and avoiding the Denies' is found where one of those values does: a request
not found leaves the grant conditional, as before. A time is a time from now on (`now`): a window
that has closed grants nothing.
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
"""
from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone

from trail_lint.iam.conditions import (
    ABSENT_REQUEST_KEYS,
    MULTIVALUED_KEYS,
    REQUEST_KEYS,
    REQUESTED_REGION,
    ValueSet,
    condition_holds,
    date_seconds,
    documented_key,
    names_requested_region,
    number_value,
    value_text,
    way_of_calling,
)
from trail_lint.model import UNKNOWN, Condition, Statement, Unknown
from trail_lint.records import record

# At most this many distinct requests are evaluated per principal (a real policy has one or two Allow
# blocks on request keys); the access analysis says where more were left untried (iam.access).
MOST_TRIED = 8

RequestValue = str | ValueSet | None


@record
class Request:
    """One request's values of the request keys (None: the request lacks the key), and the conditions
    it meets, as a message says them ("aws:MultiFactorAuthPresent is true")."""

    values: tuple[tuple[str, RequestValue], ...]
    said: str


def request_conditions(conditions: tuple[Condition, ...] | Unknown, region: bool = False) -> tuple[Condition, ...]:
    """The conditions of a block on keys of the request (REQUEST_KEYS; with ``region``, aws:RequestedRegion too)."""
    if not isinstance(conditions, tuple):
        return ()
    return tuple(condition for condition in conditions if (key := condition.key.strip().lower()) in REQUEST_KEYS
                 or region and key == REQUESTED_REGION)


def requests(statements: Iterable[Statement], now: float | None, region: str | None = None) -> tuple[Request, ...]:
    """Requests that meet the request conditions of an Allow of ``statements`` (or of none, where only
    Denies have them) and fail a request condition of every Deny that can be failed: one per distinct
    Allow block a request can meet, less those that ask what another asks (the same conditions in
    another order: one block) and those whose request is an earlier one's (one evaluation decides
    both). ``now``: the time from which requests are made (None: no time is tried, and a condition on
    one is met by no request found). ``region``: the Region the requests are made in, for an action
    answered in any Region, whose aws:RequestedRegion is then the request's own: only where a block
    names that key (else ()); None: the Region is not the request's to choose (iam.evaluator.requested_region)."""
    allows: dict[frozenset[tuple[object, ...]], tuple[Condition, ...]] = {}
    denies: list[tuple[Condition, ...]] = []
    for statement in statements:
        block = request_conditions(statement.conditions, region is not None)
        if not block:
            continue
        if statement.effect == "Allow":
            allows.setdefault(_asked(block), block)
        elif statement.effect == "Deny" and block not in denies:
            denies.append(block)
    if not allows and not denies or region is not None and not any(
            map(names_requested_region, (*allows.values(), *denies))):
        return ()
    targets = [*allows.values(), *(((),) if denies else ())]
    found = _made(targets, denies, now, region)
    if len(found) > MOST_TRIED:
        # Too many to try each: the blocks that differ in one test of any of its values, on one key, are
        # also tried as one block testing all their values (a request meets one of them where it meets
        # that one), and each as written, as far as the analysis tries (iam.access).
        found = _made([*_grouped(list(allows.values())), *targets], denies, now, region)
        # those that fail the most Denies first: the likeliest to be allowed
        return tuple(sorted(found.values(), key=lambda request: -_failed(request, denies)))
    return tuple(found.values())


def alike_regions(statements: Iterable[Statement], regions: Sequence[str]) -> list[tuple[str, ...]]:
    """``regions`` in groups on which every condition of ``statements`` on aws:RequestedRegion gives the
    same answer, so that a request made in one of a group is decided as one made in another: one group
    each where a value holds a policy variable (its answer depends on the principal)."""
    conditions = [condition for statement in statements if isinstance(statement.conditions, tuple)
                  for condition in statement.conditions if condition.key.strip().lower() == REQUESTED_REGION]
    if any("${" in text for condition in conditions for item in condition.values
           if (text := value_text(item)) is not None) or any(value_text(item) is None
                                                           for condition in conditions for item in condition.values):
        return [(region,) for region in regions]
    groups: dict[tuple[object, ...], list[str]] = {}
    for region in regions:
        groups.setdefault(tuple(_holds(condition, REQUESTED_REGION, region) for condition in conditions),
                          []).append(region)
    return [tuple(group) for group in groups.values()]


def said_in(said: str, made: str, region: str) -> str:
    """What a request made in Region ``made`` meets (``said``), said of the same request made in ``region``
    instead, one of its group (alike_regions): a request's words begin with its Region where they name it."""
    written = f"{REGION_WORDS}{made}"
    return f"{REGION_WORDS}{region}{said[len(written):]}" if said == written or said.startswith(written + " ") \
        else said


# how a request's words name the Region it is made in
REGION_WORDS = "aws:RequestedRegion is "


def _failed(request: Request, denies: Sequence[tuple[Condition, ...]]) -> int:
    """How many of the Deny blocks the request fails a condition of."""
    values = dict(request.values)
    return sum(any(_holds(condition, key, values.get(key)) is False
                   for condition in block if (key := condition.key.strip().lower()) in values) for block in denies)


def _made(targets: Iterable[tuple[Condition, ...]], denies: Sequence[tuple[Condition, ...]], now: float | None,
          region: str | None) -> dict[tuple[tuple[str, RequestValue], ...], Request]:
    """The request of each target block (_request), one per distinct set of values, in order."""
    found: dict[tuple[tuple[str, RequestValue], ...], Request] = {}
    for target in targets:
        request = _request(target, denies, now, region)
        if request is not None:
            found.setdefault(request.values, request)
    return found


def _grouped(blocks: list[tuple[Condition, ...]]) -> list[tuple[Condition, ...]]:
    """The blocks that are alike but for one condition, on the same key with the same operator that holds
    where any of its values does (not a negated one, nor Null, Bool or ForAllValues), as one block whose
    condition has the values of all: a request meets it where it meets one of them."""
    slots: list[list[Condition]] = []
    by_rest: dict[tuple[object, ...], tuple[int, int]] = {}    # -> the slot, and the index of its condition
    for block in blocks:
        keys = [((_asked(block[:index] + block[index + 1:]), condition.key.strip().lower(), condition.operator), index)
                for index, condition in enumerate(block) if _any_of(condition)]
        found = next(((by_rest[key], at) for key, at in keys if key in by_rest), None)
        if found is None:
            for key, index in keys:
                by_rest.setdefault(key, (len(slots), index))
            slots.append(list(block))
            continue
        (slot, index), at = found
        # merged on one condition, the slot is alike another block but for that one only
        for stale in [key for key, (other, place) in by_rest.items() if other == slot and place != index]:
            del by_rest[stale]
        into, more = slots[slot][index], block[at]
        slots[slot][index] = Condition(into.operator, into.key, (*into.values, *more.values))
    return [tuple(slot) for slot in slots]


def _any_of(condition: Condition) -> bool:
    """Whether the condition holds where one of its values does ("evaluated using a logical OR")."""
    operator = condition.operator
    return "Not" not in operator and not operator.startswith(("Null", "Bool", "ForAllValues:"))


def _asked(block: tuple[Condition, ...]) -> frozenset[tuple[object, ...]]:
    """What a block asks, whatever the order of its conditions and of their values (each key and
    operator is one test of any of its values)."""
    return frozenset((condition.key.strip().lower(), condition.operator, tuple(sorted(map(repr, condition.values))))
                     for condition in block)


def _request(target: tuple[Condition, ...], denies: Sequence[tuple[Condition, ...]], now: float | None,
             region: str | None = None) -> Request | None:
    keys = list(dict.fromkeys(condition.key.strip().lower() for block in (target, *denies) for condition in block))
    # a request comes through a VPC endpoint (with its keys, without aws:SourceIp) or not (the reverse):
    # where the blocks name either, the request of each way is made, and the one failing more Denies kept
    ways = (False, True) if any(way_of_calling(key) is not None for key in keys) else (None,)
    made = [(values, _failed(Request(tuple(values.items()), ""), denies)) for way in ways
            if (values := _values(keys, target, denies, now, region, way)) is not None]
    if not made:
        return None     # no value tried meets the Allow's conditions: left conditional
    values = max(made, key=lambda found: found[1])[0]
    met = [*target]
    for block in denies:
        failed = next((condition for condition in block
                       if _holds(condition, condition.key.strip().lower(), values[condition.key.strip().lower()])
                       is False), None)
        if failed is not None:
            met.append(failed)
    # the Region a request is made in is one: said as it is, not as the conditions it meets
    in_region = [f"{REGION_WORDS}{region}"] if any(names_requested_region((c,)) for c in met) else []
    said = [*in_region, *(phrase(condition, negated=condition not in target,
                                 absent=values[condition.key.strip().lower()] is None) for condition in met
                          if not names_requested_region((condition,)))]
    return Request(tuple(values.items()), " and ".join(dict.fromkeys(said)))


def _values(keys: Sequence[str], target: tuple[Condition, ...], denies: Sequence[tuple[Condition, ...]],
            now: float | None, region: str | None, endpoint: bool | None) -> dict[str, RequestValue] | None:
    """Each key's value in a request meeting the target's conditions and failing the most Deny conditions
    on it, made through a VPC endpoint or not (``endpoint``; None: either); None where none is found."""
    values: dict[str, RequestValue] = {}
    for key in keys:
        mine = [condition for condition in target if condition.key.strip().lower() == key]
        theirs = [condition for block in denies for condition in block if condition.key.strip().lower() == key]
        tried = [region] if key == REQUESTED_REGION else _candidates(key, (*mine, *theirs), now)
        way = way_of_calling(key)
        if endpoint is not None and way is not None:
            tried = [value for value in tried if (value is not None) == (endpoint == way)]
        meeting = [value for value in tried if all(_holds(condition, key, value) is True for condition in mine)]
        if not meeting:
            return None
        values[key] = max(meeting, key=lambda value: sum(_holds(c, key, value) is False for c in theirs))
    return values


def _holds(condition: Condition, key: str, value: RequestValue) -> bool | Unknown:
    return condition_holds(condition, lambda asked: value if asked == key else UNKNOWN)


def _candidates(key: str, conditions: Sequence[Condition], now: float | None) -> list[RequestValue]:
    """The values tried for a key: read off the conditions on it, in a fixed order."""
    kind = REQUEST_KEYS[key]
    texts = [text for condition in conditions for item in condition.values if (text := value_text(item)) is not None]
    found: list[RequestValue] = []
    if kind == "Bool":
        # a request over plain HTTP is not tried: whether CloudTrail's endpoints answer one is not documented
        found += ["true"] if key == "aws:securetransport" else ["true", "false"]
    elif kind == "IpAddress":
        found += [*_addresses(texts), "192.0.2.1", "2001:db8::1"]
    elif kind == "Numeric":
        numbers = sorted({number for text in texts if (number := number_value(text)) is not None})
        found += [_number_text(n + step) for n in numbers for step in (0, -1, 1) if n + step >= 0] or ["0"]
    elif kind == "Date":
        if now is None:
            return []
        moments = sorted({*(seconds + step for text in texts if (seconds := date_seconds(text)) is not None
                            for step in (-1, 0, 1)), now})
        found += [_date_text(key, moment) for moment in moments if moment >= now]
    elif key in MULTIVALUED_KEYS:
        found += [ValueSet((text,)) for text in dict.fromkeys(_strings(texts))]
    else:
        found += list(dict.fromkeys(_strings(texts)))
    if key in ABSENT_REQUEST_KEYS:
        found.append(None)
    return list(dict.fromkeys(found))


def _strings(texts: Iterable[str]) -> Iterable[str]:
    for text in texts:
        yield text.replace("*", "").replace("?", "x")
        yield text.replace("*", "x").replace("?", "x")
    yield "\ue000"      # a value no written text equals


def _addresses(texts: Iterable[str]) -> Iterable[str]:
    """Each range's first address, the address before it and the one after its last."""
    for text in texts:
        try:
            network = ipaddress.ip_network(text.strip(), strict=False)
        except ValueError:
            continue
        first, last = int(network.network_address), int(network.broadcast_address)
        top = (1 << network.max_prefixlen) - 1
        maker = ipaddress.IPv4Address if network.version == 4 else ipaddress.IPv6Address
        yield from (str(maker(number)) for number in (first, first - 1, last + 1) if 0 <= number <= top)


def _number_text(number: float) -> str:
    return str(int(number)) if number == int(number) else str(number)


def _date_text(key: str, moment: float) -> str:
    if key == "aws:epochtime":
        return _number_text(moment)
    return datetime.fromtimestamp(moment, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


_WORDS = {"Equals": "is", "NotEquals": "is not", "EqualsIgnoreCase": "is", "NotEqualsIgnoreCase": "is not",
          "Like": "is like", "NotLike": "is not like", "LessThan": "is less than", "LessThanEquals": "is at most",
          "GreaterThan": "is more than", "GreaterThanEquals": "is at least"}
_DATE_WORDS = {"LessThan": "is before", "LessThanEquals": "is at or before", "GreaterThan": "is after",
               "GreaterThanEquals": "is at or after"}
# Each operator's negation, by the operator's name without its type (String, Arn, Numeric, Date).
_OPPOSITES = {"Equals": "NotEquals", "EqualsIgnoreCase": "NotEqualsIgnoreCase", "Like": "NotLike",
              "LessThan": "GreaterThanEquals", "LessThanEquals": "GreaterThan"}
_OPPOSITES |= {value: key for key, value in _OPPOSITES.items()}
_TYPES = ("String", "Arn", "Numeric", "Date")


def phrase(condition: Condition, negated: bool = False, absent: bool = False) -> str:
    """A condition in a message's words ("aws:SourceIp is in 192.0.2.0/24"), or its negation, the key
    spelt as documented (conditions.documented_key); ``absent``: the request lacks the key (a key of
    one way of calling, aws:SourceIp or a VPC endpoint's, is "or absent" only where the request is
    made the other way). A negation is said as a reader would ("aws:CalledVia does not include ...",
    never "not (...)")."""
    operator, key = condition.operator, documented_key(condition.key)
    texts = [value_text(item) or "?" for item in condition.values]
    shown = texts[0] if len(texts) == 1 else "one of " + ", ".join(texts)
    qualifier, _, base = operator.rpartition(":")
    if qualifier in ("ForAnyValue", "ForAllValues"):
        said = _set_phrase(qualifier, base, key, texts, negated)
        if said is not None:
            return said
    elif base.removesuffix("IfExists") in ("Null", "Bool") and texts in (["true"], ["false"]):
        if base.removesuffix("IfExists") == "Null":
            return f"{key} is {'absent' if (texts == ['true']) != negated else 'present'}"
        shown = texts[0] if not negated else {"true": "false", "false": "true"}[texts[0]]
        return f"{key} is {shown}{_absent_tail(base, key, negated, absent)}"
    elif (words := _words(base.removesuffix("IfExists"), negated)) is not None:
        return f"{key} {words} {shown}{_absent_tail(base, key, negated, absent)}"
    # an operator no words are kept for (BinaryEquals, Null "yes"): said as written
    return f"{key} {'does not meet' if negated else 'meets'} {operator} {shown}"


def _words(base: str, negated: bool) -> str | None:
    """How a message says an operator (without IfExists or a set qualifier) holds, or fails."""
    if base in ("IpAddress", "NotIpAddress"):
        return "is in" if (base == "IpAddress") != negated else "is not in"
    kind = next((prefix for prefix in _TYPES if base.startswith(prefix)), "")
    name = base[len(kind):]
    name = _OPPOSITES.get(name, "") if negated else name
    return (_DATE_WORDS.get(name) if kind == "Date" else None) or _WORDS.get(name) or None


def _absent_tail(base: str, key: str, negated: bool, absent: bool) -> str:
    """" or absent" where the condition (or its negation) holds on a request that lacks the key: on
    such a key ...IfExists and a negated operator hold, any other fails (_absent). A key of one way
    of calling (aws:SourceIp; a VPC endpoint's: conditions.way_of_calling) is absent only from a
    request made the other way: said so only of such a request (``absent``)."""
    holds_absent = base.endswith("IfExists") or "Not" in base
    lowered = key.lower()
    if holds_absent == negated or lowered not in ABSENT_REQUEST_KEYS:
        return ""
    return " or absent" if absent or way_of_calling(lowered) is None else ""


def _set_phrase(qualifier: str, base: str, key: str, texts: list[str], negated: bool) -> str | None:
    """A condition on the values of a multivalued key (ForAnyValue: some value meets it; ForAllValues:
    every value does, and a request without the key meets it too), or its negation; None where the
    operator has no words. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html"""
    plain = base.removesuffix("IfExists")
    equal = plain in ("StringEquals", "StringEqualsIgnoreCase", "ArnEquals")
    shown = texts[0] if len(texts) == 1 else ("any of " if negated and qualifier == "ForAnyValue" and equal
                                              else "one of ") + ", ".join(texts)
    if qualifier == "ForAnyValue":
        if equal:
            return f"{key} {'does not include' if negated else 'includes'} {shown}"
        words = _words(plain, False)
        return None if words is None else f"{'no' if negated else 'a'} value of {key} {words} {shown}"
    words = _words(plain, negated)
    if words is None:
        return None
    return f"a value of {key} {words} {shown}" if negated else f"every value of {key} {words} {shown} (or it has none)"
