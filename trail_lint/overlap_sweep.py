"""The sorted sweep that finds which data scopes share events (TL504), in n log n.

Per resource type and certain direction (read or write), the ARN patterns of every scope are
sorted, so the patterns a string starts with are the ones still open on a stack when it comes.
A prefix recorded in part (``DataScope.partial``) is swept as a prefix under its own exclusions
(``DataScope.excluding``: resources.ARN NotStartsWith, NotEquals, NotEndsWith, "Filtering data
events by using advanced event selectors"): a pattern that starts with it shares its events unless
the exclusions leave that pattern out whole (an excluded prefix starts it; an exact ARN excluded
or with an excluded ending); ``selectors.IN_PART`` ends what is shared in part.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from trail_lint.model import DataScope
from trail_lint.selectors.compare import IN_PART, UNSURE, Names, channels

Leaving = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]   # NotStartsWith, NotEquals, NotEndsWith
# (ARN pattern, exact, owner, event names, the exclusions of a prefix in part or None)
Item = tuple[str, bool, int, Names, Leaving | None]
Link = tuple[int, int, str, str, str]    # (owner, other owner, resource type, shared ARN or prefix, event name)


def patterns(scope: DataScope) -> Iterator[tuple[tuple[str, str], str, bool, Names, Leaving | None]]:
    """``selectors.compare.channels`` with each prefix in part given as a prefix, with its exclusions."""
    for channel, text, exact, names in channels(scope):
        if text.endswith(IN_PART):
            yield channel, text.removesuffix(IN_PART), False, names, scope.excluding
        else:
            yield channel, text, exact, names, None


def left_out(text: str, exact: bool, leaving: Leaving) -> bool:
    """Whether exclusions leave out every ARN a pattern names, or may (an exact ARN, when an excluded
    ARN or ending is not known: ``selectors.UNSURE``)."""
    starts, arns, ends = leaving
    return text.startswith(starts) or exact and (text in arns or text.endswith(ends) or UNSURE in (*arns, *ends))


def touched(text: str, leaving: Leaving) -> bool:
    """Whether exclusions leave out some ARNs a prefix starts (an excluded prefix or ARN it starts,
    any excluded ending, an excluded ARN not known)."""
    starts, arns, ends = leaving
    return bool(ends) or UNSURE in arns or any(x.startswith(text) for x in (*starts, *arns))


def _shared_text(text: str, exact: bool, leaving: Leaving | None, before: Leaving | None) -> str:
    """What a pattern shares with an earlier one that starts it: itself, in part when either is a
    prefix in part that leaves some of it out."""
    if exact:
        return text
    if leaving is not None or (before is not None and touched(text, before)):
        return text + IN_PART
    return text


def _shared_names(one: Names, other: Names) -> tuple[str, ...]:
    """The event names two patterns both record, "" standing for every one; () when none."""
    if one is None or other is None:
        return other or one or ("",)
    return tuple(sorted(set(one) & set(other)))


def _sorted_channels(scopes: Sequence[tuple[int, DataScope]]) -> dict[tuple[str, str], list[Item]]:
    found: dict[tuple[str, str], list[Item]] = {}
    for owner, scope in scopes:
        for channel, text, exact, names, leaving in patterns(scope):
            found.setdefault(channel, []).append((text, exact, owner, names, leaving))
    for items in found.values():
        items.sort(key=lambda item: item[:3])
    return found


def shared_data(scopes: Sequence[tuple[int, DataScope]]) -> Iterator[Link]:
    """Every pair of owners whose scopes certainly log some of the same data events, with what they share.

    ``scopes`` holds (owner, scope) pairs; yields (owner, other owner, resource type, shared ARN or
    prefix, "" being every resource of the type, and event name, "" being every one): what
    comparing every two scopes would find (tests/test_selectors.py holds that pairwise definition and
    checks the two agree), but in n log n (times the exclusions of the prefixes in part it meets).
    """
    for (kind, _), items in _sorted_channels(scopes).items():
        yield from _pairs(kind, items)


def _pairs(kind: str, items: list[Item]) -> Iterator[Link]:
    open_: list[Item] = []
    for text, exact, owner, names, leaving in items:
        while open_ and not text.startswith(open_[-1][0]):
            open_.pop()
        for before, before_exact, other, other_names, before_leaving in open_:
            # an exact ARN is met only by the same ARN; anything else starting with a prefix is met by
            # it, unless that prefix is in part and its exclusions leave the whole of it out
            if other == owner or (before_exact and before != text):
                continue
            if before_leaving is not None and left_out(text, exact, before_leaving):
                continue
            shared = _shared_text(text, exact, leaving, before_leaving)   # the longer of the two
            for name in _shared_names(names, other_names):
                yield other, owner, kind, shared, name
        open_.append((text, exact, owner, names, leaving))


def data_links(scopes: Sequence[tuple[int, DataScope]]) -> Iterator[Link]:
    """Enough of ``shared_data``'s pairs to link the same owners (directly or through others) and to
    name everything it names, in n log n however many owners share one pattern: patterns of every
    event name with one another, patterns of one event name with one another (``_links`` each), and
    patterns of every event name with patterns of some (``_crossing``)."""
    for (kind, _), items in _sorted_channels(scopes).items():
        if any(item[4] is not None for item in items):
            # a prefix in part does not meet every pattern that starts with it, so the patterns one
            # pattern meets need not meet one another: every pair of distinct patterns is given
            yield from _alike(kind, items)
            continue
        every = [(text, exact, owner) for text, exact, owner, names, _ in items if names is None]
        yield from ((a, b, kind, text, "") for a, b, text in _links(every))
        by_name: dict[str, list[tuple[str, bool, int]]] = {}
        for text, exact, owner, names, _ in items:
            for name in names or ():
                by_name.setdefault(name, []).append((text, exact, owner))
        for name, some in by_name.items():
            yield from ((a, b, kind, text, name) for a, b, text in _links(some))
        yield from ((a, b, kind, text, name) for a, b, name, text in _crossing(items))


def _alike(kind: str, items: list[Item]) -> Iterator[Link]:
    """The pairs of ``_pairs`` of two owners per pattern (text, exactness, event names and
    exclusions), and each further owner of a pattern linked to the first (a pattern meets itself):
    many owners of one pattern (every bucket but the log bucket, in each trail) are not paired
    each with each. Two, so that a pattern of either owner still meets one of another owner."""
    owners: dict[tuple[str, bool, Names, Leaving | None], tuple[int, ...]] = {}
    kept: list[Item] = []
    for text, exact, owner, names, leaving in items:
        key = (text, exact, names, leaving)
        two = owners.get(key, ())
        if owner in two:
            continue
        if len(two) < 2:
            owners[key] = (*two, owner)
            kept.append((text, exact, owner, names, leaving))
        else:
            shared = text + IN_PART if leaving is not None else text
            yield from ((two[0], owner, kind, shared, name) for name in names or ("",))
    yield from _pairs(kind, kept)


def _links(items: list[tuple[str, bool, int]]) -> Iterator[tuple[int, int, str]]:
    """Of sorted patterns that all meet when their ARNs do, each paired with one earlier pattern it
    meets, of another owner. (The patterns a pattern meets are met by one another, so one of them
    links it to all.)"""
    # per open pattern: (text, two owners of the open prefixes that are not exact ARNs,
    # two owners of the open patterns with its own text)
    open_: list[tuple[str, tuple[int, ...], tuple[int, ...]]] = []
    for text, exact, owner in items:
        while open_ and not text.startswith(open_[-1][0]):
            open_.pop()
        top = open_[-1] if open_ else ("", (), ())
        same = top[2] if open_ and top[0] == text else ()
        other = next((o for o in (*top[1], *same) if o != owner), None)
        if other is not None:
            yield other, owner, text
        prefixes = top[1] if exact else _two(top[1], owner)
        open_.append((text, prefixes, _two(same, owner)))


@dataclass(slots=True)
class _Level:
    """The open patterns of one text, in ``_crossing`` (working state, changed as patterns come)."""

    text: str
    every: tuple[int, ...]                  # two owners of every-name prefixes (not exact ARNs) up to this text
    every_same: tuple[int, ...]             # two owners of every-name patterns with this text
    some: dict[str, tuple[int, ...]]        # name -> two owners of prefixes of some names with this text
    some_exact: dict[str, tuple[int, ...]]  # name -> two owners of exact ARNs of some names with this text


def _crossing(items: list[Item]) -> Iterator[tuple[int, int, str, str]]:
    """Links of sorted patterns of every event name with patterns of some names: (owner, other owner,
    name, shared ARN or prefix). A pattern of some names is paired with one open pattern of every
    name it meets (those meet one another); a pattern of every name with one owner per name and
    per open text it meets (the patterns of one name and one text meet one another). Each pattern
    looks at the open texts it starts with: at most one per character of its ARN."""
    levels: list[_Level] = []
    for text, exact, owner, names, _ in items:
        while levels and not text.startswith(levels[-1].text):
            levels.pop()
        if not levels or levels[-1].text != text:
            levels.append(_Level(text, levels[-1].every if levels else (), (), {}, {}))
        top = levels[-1]
        if names is None:
            for level in levels:
                for table in (level.some, level.some_exact) if level is top else (level.some,):
                    for name, owners in table.items():
                        other = next((o for o in owners if o != owner), None)
                        if other is not None:
                            yield other, owner, name, text
            top.every_same = _two(top.every_same, owner)
            if not exact:
                top.every = _two(top.every, owner)
            continue
        other = next((o for o in (*top.every, *top.every_same) if o != owner), None)
        if other is not None:
            yield from ((other, owner, name, text) for name in names)
        table = top.some_exact if exact else top.some
        for name in names:
            table[name] = _two(table.get(name, ()), owner)


def _two(owners: tuple[int, ...], owner: int) -> tuple[int, ...]:
    """Up to two distinct owners, the newest kept: enough to find one that is not a given owner."""
    return owners if owner in owners else (owner, *owners[:1])
