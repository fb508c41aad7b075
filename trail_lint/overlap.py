"""Trails linked by shared data events (TL504): the groups of a set of trails, and how a few more
trails change them without grouping the whole set again.

Two data scopes share events when ``overlap_sweep.shared_data`` pairs them: of the same type and
certain direction, one ARN pattern a prefix of the other (the shorter one a prefix, not an exact
ARN) or the two equal, and event names that meet (a scope filtered by eventName Equals records
those names only; ``selectors.IN_PART`` marks a prefix recorded in part);
``overlap_sweep.data_links`` gives enough of those pairs to group them. A group is the trails linked
directly or through one another. ``Groups`` indexes a set of trails once (each pattern in sorted
order, with its group; patterns of every event name apart from those of some, which are also
indexed per name), so that adding a few trails (the trails of one Region next to the multi-Region
trails of every Region) finds the groups they join by looking their patterns up: the patterns
before them that they start with, and the runs of patterns that start with them, each run linked
once per call however many added trails meet it. ``undecided_groups`` says where filters that are not compared may join trails.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice

from trail_lint.model import DataScope, Trail
from trail_lint.overlap_sweep import Leaving, data_links, left_out, patterns
from trail_lint.records import record
from trail_lint.scope.arns import named_region
from trail_lint.scope.trail_scope import scope_of
from trail_lint.selectors.compare import IN_PART, UNSURE, Names, loosened
from trail_lint.selectors.recording import NETWORK_ACTIVITY

Scopes = Mapping[int, tuple[DataScope, ...]]     # id(trail) -> the data scopes it records


def groups(trails: Sequence[Trail], scopes: Scopes) -> list[tuple[list[Trail], list[str]]]:
    """Trails linked by shared data events (transitively), each group with what its trails share,
    groups in the order of their first trail, trails in the order given."""
    return [(group, described(shared)) for group, shared in _groups(trails, scopes)]


def located_groups(trails: Sequence[Trail], scopes: Scopes) -> list[tuple[list[Trail], list[str], tuple[str, ...]]]:
    """``groups``, each with the Regions its shared events occur in, sorted: those the shared ARNs
    name (a Lambda function or DynamoDB table is invoked in the Region its ARN names), or () when
    one of them may name any Region's resources (a prefix that stops before the Region, an S3 object,
    whose ARN has none, an event source)."""
    found = []
    for group, shared in _groups(trails, scopes):
        regions = {named_region(arn.removesuffix(IN_PART)) for _, arn, _ in shared}
        found.append((group, described(shared), () if None in regions else tuple(sorted(r for r in regions if r))))
    return found


def _groups(trails: Sequence[Trail], scopes: Scopes) -> list[tuple[list[Trail], set[tuple[str, str, str]]]]:
    """``groups`` with what each group shares as (resource type, ARN or prefix, event name)."""
    parent, links = _linked(trails, scopes)
    shared: dict[int, set[tuple[str, str, str]]] = {}
    for a, atom in links:
        shared.setdefault(_root(parent, a), set()).add(atom)
    members: dict[int, list[Trail]] = {}
    for i, trail in enumerate(trails):
        if _root(parent, i) in shared:
            members.setdefault(_root(parent, i), []).append(trail)
    return [(group, shared[root]) for root, group in members.items()]


def _linked(trails: Sequence[Trail], scopes: Scopes) -> tuple[list[int], list[tuple[int, tuple[str, str, str]]]]:
    """The union-find parents of the trails linked by ``data_links``, and each link's first trail with
    what it shares (resource type, ARN or prefix, event name)."""
    parent = list(range(len(trails)))
    owned = [(i, scope) for i, t in enumerate(trails) for scope in scopes[id(t)]]
    links = []
    for a, b, kind, arn, name in data_links(owned):
        _union(parent, a, b)
        links.append((a, (kind, arn, name)))
    return parent, links


NETWORK_WORDS = "network activity"     # how ``described`` begins what is shared of network activity events


def described(shared: Iterable[tuple[str, str, str]]) -> list[str]:
    """What trails share, sorted: per resource type and ARN or prefix ("" is every resource; ``IN_PART``
    ends a prefix shared in part), its event names, unless every event is shared ("" among the names)."""
    names: dict[tuple[str, str], set[str]] = {}
    for kind, arn, name in shared:
        names.setdefault((kind, arn), set()).add(name)
    found = []
    for (kind, arn), some in names.items():
        if kind == NETWORK_ACTIVITY:      # its patterns are event sources
            where = f"{NETWORK_WORDS} of {arn or 'every event source'}"
        else:
            where = f"{kind} {arn.removesuffix(IN_PART)}" if arn.removesuffix(IN_PART) else f"all {kind}"
        where = f"part of {where}" if arn.endswith(IN_PART) else where
        found.append(where if "" in some else f"{' and '.join(sorted(some))} events of {where}")
    return sorted(found)


def undecided_groups(trails: Sequence[Trail], scopes: Scopes) -> list[tuple[list[Trail], list[Trail]]]:
    """Trails that may share data events through selectors whose filters cannot be compared
    (``undecided_scope``): the groups they would make if those filters recorded every event, where
    shared events that are certain do not join them all. Each group with its trails that have such
    selectors; groups in the order of their first trail, trails in the order given. Linear as
    ``groups``: the scopes are read twice, never compared two by two."""
    if all(loosened(scope) is None for t in trails for scope in scopes[id(t)]):
        return []
    parent, _ = _linked(trails, scopes)
    loose = {id(t): tuple(loosened(s) or s for s in scopes[id(t)]) for t in trails}
    at = {id(t): i for i, t in enumerate(trails)}
    found = []
    for group, _ in groups(trails, loose):
        if len({_root(parent, at[id(t)]) for t in group}) > 1:
            found.append((group, [t for t in group if any(loosened(s) for s in scopes[id(t)])]))
    return found


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _union(parent: list[int], a: int, b: int) -> None:
    parent[_root(parent, a)] = _root(parent, b)


@record
class _Channel:
    texts: list[str]            # the patterns of one (type, direction), sorted
    groups: list[int]           # the group of each pattern's trail
    last: list[int]             # the last position of each pattern's run of one group: linked already
    exact: list[bool]           # whether each pattern is an exact ARN
    equal: dict[str, set[int]]  # pattern (not a prefix in part) -> groups of the trails with it
    prefix: dict[str, set[int]]  # pattern that is not an exact ARN (nor in part) -> groups of the trails with it
    partly: dict[str, list[tuple[int, Leaving]]]   # prefix in part -> groups of the trails with it, with its exclusions


@record
class Groups:
    """The groups of a base set of trails, ready to be joined by a few more."""

    trails: tuple[Trail, ...]
    group: list[int] = field(repr=False)                 # index of a base trail -> its group
    size: dict[int, int] = field(repr=False)             # group -> how many trails
    accounts: dict[int, frozenset[str]] = field(repr=False)    # group -> account scopes of its trails
    spanning: list[tuple[int, int]] = field(repr=False)  # (size, group) of groups of several scopes, largest first
    index: dict[tuple[str, ...], _Channel] = field(repr=False)   # see _indexed

    @staticmethod
    def of(trails: Sequence[Trail], scopes: Scopes) -> Groups:
        parent = list(range(len(trails)))
        owned = [(i, scope) for i, t in enumerate(trails) for scope in scopes[id(t)]]
        for a, b, *_ in data_links(owned):
            _union(parent, a, b)
        group = [_root(parent, i) for i in range(len(trails))]
        size: dict[int, int] = {}
        accounts: dict[int, set[str]] = {}
        for i, trail in enumerate(trails):
            size[group[i]] = size.get(group[i], 0) + 1
            accounts.setdefault(group[i], set()).add(scope_of(trail).account)
        items: dict[tuple[str, ...], list[tuple[str, bool, int, Leaving | None]]] = {}
        for i, scope in owned:
            for channel, text, exact, names, leaving in patterns(scope):
                for key in _indexed(channel, names):
                    items.setdefault(key, []).append((text, exact, group[i], leaving))
        index = {channel: _channel(found) for channel, found in items.items()}
        spanning = sorted(((size[g], g) for g, found in accounts.items() if len(found) > 1), reverse=True)
        return Groups(tuple(trails), group, size, {g: frozenset(a) for g, a in accounts.items()}, spanning, index)

    def largest_spanning(self, extra: Sequence[Trail], scopes: Scopes) -> int:
        """The size of the largest group of several account scopes once ``extra`` (trails not in
        the base) are added; 0 when there is none.

        One union-find holds the extra trails (0, 1, ...) and the base groups (after them). The base
        patterns an extra pattern starts are runs of each sorted channel, and all of them join it, so
        each run is linked end to end: a link between two neighbouring positions is made once in the
        call, and a later run steps over what is linked (``_Linking``). An "every bucket but one"
        trail added next to many base trails then costs the links it makes, not the base it spans."""
        count = len(extra)
        owned = [(i, scope) for i, t in enumerate(extra) for scope in scopes[id(t)]]
        linking = _Linking({}, count, {}, set())
        for a, b, *_ in data_links(owned):
            linking.union(a, b)
        for i, scope in owned:
            for channel, text, exact, names, leaving in patterns(scope):
                for key in _met(channel, names):
                    self._join(linking, i, key, text, exact, leaving)
        merged: dict[int, tuple[int, set[str], set[int]]] = {}
        for i, trail in enumerate(extra):
            size, found, bases = merged.setdefault(linking.root(i), (0, set(), set()))
            found.add(scope_of(trail).account)
            merged[linking.root(i)] = (size + 1, found, bases)
        for base in linking.touched:
            merged[linking.root(count + base)][2].add(base)
        best, gone = 0, set()
        for size, found, bases in merged.values():
            gone |= bases
            total = size + sum(self.size[base] for base in bases)
            for base in bases:      # two accounts are enough: a group of several adds two of its own
                found.update(islice(self.accounts[base], 2))
            if total > 1 and len(found) > 1:
                best = max(best, total)
        return max(best, next((size for size, g in self.spanning if g not in gone), 0))

    def _join(self, linking: _Linking, owner: int, key: tuple[str, ...], text: str, exact: bool,
              leaving: Leaving | None) -> None:
        """Join the extra trail ``owner`` with the base groups whose patterns of ``key`` share events
        with its pattern ``text``."""
        indexed = self.index.get(key)
        if indexed is None:
            return
        found: set[int] = set()
        if leaving is None:                   # (a prefix in part meets those below, one by one)
            found |= indexed.equal.get(text, set())
        for end in range(len(text) + 1):      # patterns (not exact ARNs) the text starts with
            if end < len(text):
                found |= indexed.prefix.get(text[:end], set())
            found.update(g for g, left in indexed.partly.get(text[:end], ()) if not left_out(text, exact, left))
        for group in found:
            linking.join(owner, group)
        if exact:
            return
        # patterns that start with the text; a prefix in part meets those its exclusions do not leave out
        runs = _kept(indexed, text, leaving)
        if leaving is not None and (leaving[2] or UNSURE in leaving[1]):
            # any exact ARN of a run may end with an excluded ending: each is looked at
            for at, end in runs:
                for position in range(at, end):
                    if not left_out(indexed.texts[position], indexed.exact[position], leaving):
                        linking.join(owner, indexed.groups[position])
            return
        for at, end in runs:
            linking.run(owner, indexed, at, end)


@dataclass
class _Linking:
    """The union-find of ``Groups.largest_spanning`` (working state of one call, so kept in dicts: a
    call adds a few trails to a large base): the extra trails, then the base groups from ``offset``;
    per channel, the positions already linked to the next; the base groups joined."""

    parent: dict[int, int]
    offset: int
    linked: dict[int, dict[int, int]]     # id(channel) -> position -> a later position it is linked up to
    touched: set[int]

    def root(self, node: int) -> int:
        parent = self.parent
        while parent.get(node, node) != node:
            parent[node] = parent.get(parent[node], parent[node])
            node = parent[node]
        return node

    def union(self, a: int, b: int) -> None:
        self.parent[self.root(a)] = self.root(b)

    def join(self, owner: int, group: int) -> None:
        self.touched.add(group)
        self.union(owner, self.offset + group)

    def run(self, owner: int, channel: _Channel, at: int, end: int) -> None:
        """Join ``owner`` with the groups of the positions from ``at`` to ``end`` (excluded)."""
        self.join(owner, channel.groups[at])
        ahead = self.linked.setdefault(id(channel), {})
        position = _ahead(ahead, channel.last, at)
        while position < end - 1:
            self.join(owner, channel.groups[position + 1])
            ahead[position] = position + 1
            position = _ahead(ahead, channel.last, position + 1)


def _ahead(ahead: dict[int, int], last: list[int], position: int) -> int:
    """The first position from ``position`` not yet linked to the next (path halving); the positions
    of one run of a group are linked from the start."""
    while (linked := ahead.get(position, last[position])) != position:
        ahead[position] = ahead.get(linked, last[linked])
        position = ahead[position]
    return position


def _kept(indexed: _Channel, text: str, leaving: Leaving | None) -> list[tuple[int, int]]:
    """The runs of the channel's sorted patterns that start with ``text`` and with no prefix a prefix
    in part leaves out (NotStartsWith), found by bisection, without the exact ARNs it leaves out
    (NotEquals); ``Groups._join`` looks at those of an excluded ending one by one."""
    texts = indexed.texts
    low = bisect_left(texts, text)
    runs = [(low, _run_end(texts, text, low))]
    holes: list[tuple[int, int]] = []
    for excluded in leaving[0] if leaving is not None else ():
        if text.startswith(excluded):
            return []
        if excluded.startswith(text):
            start = bisect_left(texts, excluded, *runs[0])
            holes.append((start, _run_end(texts, excluded, start)))
    for arn in leaving[1] if leaving is not None else ():
        if arn.startswith(text):
            start, end = bisect_left(texts, arn, *runs[0]), bisect_right(texts, arn, *runs[0])
            holes.append((bisect_left(indexed.exact, True, start, end), end))     # (text, exact) sorted
    for start, end in sorted(holes):
        last = runs.pop()
        runs.extend(run for run in ((last[0], min(start, last[1])), (max(end, last[0]), last[1])) if run[0] < run[1])
        if not runs:
            break
    return [run for run in runs if run[0] < run[1]]


def _run_end(texts: list[str], prefix: str, start: int) -> int:
    """The end of the run of sorted ``texts`` from ``start`` that start with ``prefix``."""
    return bisect_left(texts, True, start, key=lambda other: not other.startswith(prefix))


def _indexed(channel: tuple[str, str], names: Names) -> list[tuple[str, ...]]:
    """Where a pattern is indexed: patterns of every event name in one place, patterns of some names
    both with all such patterns and by each name (``_met`` looks them up)."""
    if names is None:
        return [(*channel, "*")]
    return [(*channel, "some"), *((*channel, "=" + name) for name in names)]


def _met(channel: tuple[str, str], names: Names) -> list[tuple[str, ...]]:
    """Where the patterns a pattern may share events with are indexed (``_indexed``)."""
    if names is None:
        return [(*channel, "*"), (*channel, "some")]
    return [(*channel, "*"), *((*channel, "=" + name) for name in names)]


def _channel(items: list[tuple[str, bool, int, Leaving | None]]) -> _Channel:
    items.sort(key=lambda item: item[:3])
    texts = [text for text, _, _, _ in items]
    groups = [group for _, _, group, _ in items]
    last = list(range(len(items)))
    for at in range(len(items) - 2, -1, -1):
        if groups[at + 1] == groups[at]:
            last[at] = last[at + 1]
    equal: dict[str, set[int]] = {}
    prefix: dict[str, set[int]] = {}
    partly: dict[str, list[tuple[int, Leaving]]] = {}
    for text, exact, group, leaving in items:
        if leaving is not None:
            partly.setdefault(text, []).append((group, leaving))
            continue
        equal.setdefault(text, set()).add(group)
        if not exact:
            prefix.setdefault(text, set()).add(group)
    return _Channel(texts, groups, last, [exact for _, exact, _, _ in items], equal, prefix, partly)
