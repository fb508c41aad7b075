"""Which request resources a Resource pattern can match, without matching it against all of them.

A trail ARN has exactly five colons (a trail name holds none). A pattern's literal colons must
each match one of them, in order, so a pattern with five colons lines up with the ARN segment by
segment: its account and Region segments, when written without wildcards, must equal the ARN's.
Resources of that shape are indexed by account, by Region, by both, by resource (the
``trail/NAME`` part) and by account and resource; a pattern without a
wildcard is one lookup, and one with only a final ``*`` is a prefix (one range of the sorted
ARNs). Everything else (resources with unknown parts, ``"*"``, patterns with policy variables)
is matched resource by resource, as before.
"""
from __future__ import annotations

import sys
from bisect import bisect_left
from collections.abc import Callable, Sequence

from trail_lint.iam.evaluator import LITERAL_STAND_INS, ResourceArn

# `$`: a policy variable (${...}) stands for any text; the private-use characters are the literal
# `*` and `?` that ${*} and ${?} substitute to (evaluator.substitute), which match by other rules.
_WILDCARDS = frozenset("*?$") | LITERAL_STAND_INS


class ResourceIndex:
    """Bit ``i`` stands for ``resources[i]``, as in masks.MaskEvaluator."""

    def __init__(self, resources: Sequence[str | ResourceArn]) -> None:
        self.resources = tuple(resources)
        self._by_segment: dict[tuple[int, str], list[int]] = {}    # (3: Region | 4: account | 5: resource, value)
        self._by_both: dict[tuple[str, str], list[int]] = {}
        # (account, resource): a pattern naming both, with any Region (TL404's "did you mean" hints
        # ask of every trail ARN no trail matches), has a trail or two, not all of the account's
        self._by_owned_name: dict[tuple[str, str], list[int]] = {}
        self._sorted: list[tuple[str, int]] = []      # (ARN, bit) of the indexed ARNs, in ARN order
        named: list[tuple[str, int]] = []       # (resource part, bit) of the indexed ARNs
        others: list[int] = []
        self._accounts: list[str | None] = []     # the account segment of each indexed ARN, else None
        for bit, resource in enumerate(self.resources):
            if not isinstance(resource, str) or resource.count(":") != 5:
                others.append(bit)    # "*", an ARN with unknown parts or of another shape
                self._accounts.append(None)
                continue
            _, _, _, region, account, name = resource.split(":")
            self._accounts.append(account)
            self._by_segment.setdefault((3, region), []).append(bit)
            self._by_segment.setdefault((4, account), []).append(bit)
            self._by_segment.setdefault((5, name), []).append(bit)
            self._by_both.setdefault((region, account), []).append(bit)
            self._by_owned_name.setdefault((account, name), []).append(bit)
            self._sorted.append((resource, bit))
            named.append((name, bit))
        self._sorted.sort()
        self._arns = [arn for arn, _ in self._sorted]
        # in the order of the resource parts: the trails whose part starts with a text are one run of them
        named.sort()
        self._names = [name for name, _ in named]
        self._name_bits = [bit for _, bit in named]
        self.others = tuple(others)
        self._lower: ResourceIndex | None = None


    def candidates(self, pattern: str) -> tuple[int, ...]:
        """The positions of the resources the pattern may match, in order; it certainly matches no other."""
        parts = pattern.split(":", 5)
        if "${" in pattern or len(parts) < 6:
            return tuple(range(len(self.resources)))
        region, account, name = parts[3], parts[4], parts[5]
        literal_region = bool(region) and not _WILDCARDS.intersection(region)
        literal_account = bool(account) and not _WILDCARDS.intersection(account)
        lists = []
        if literal_region and literal_account:
            lists.append(self._by_both.get((region, account), []))
        elif literal_account:
            lists.append(self._by_segment.get((4, account), []))
        elif literal_region:
            lists.append(self._by_segment.get((3, region), []))
        if not _WILDCARDS.intersection(name):
            lists.append(self._by_owned_name.get((account, name), []) if literal_account
                         else self._by_segment.get((5, name), []))
        elif name[0] not in _WILDCARDS:
            # `trail/audit-*`: the trails whose resource part starts with the text before the first
            # wildcard (a Deny's NotResource of many Regions and trails is matched against those only)
            lists.append(self._named_from(name[:next(at for at, char in enumerate(name) if char in _WILDCARDS)]))
        if not lists:
            return tuple(range(len(self.resources)))
        return tuple(sorted((*min(lists, key=len), *self.others)))

    def _named_from(self, prefix: str) -> list[int]:
        """The bits of the indexed ARNs whose resource part starts with the (non-empty) prefix."""
        names = self._names
        start = bisect_left(names, prefix)
        # the first text after every one that starts with the prefix: its last character the next one
        end = bisect_left(names, prefix[:-1] + chr(ord(prefix[-1]) + 1), start) \
            if ord(prefix[-1]) < sys.maxunicode else len(names)
        return self._name_bits[start:end]

    def near(self, pattern: str) -> list[int]:
        """The positions, in order, of the resources the pattern may match in another Region, or with
        other letter case (in both the pattern and the ARN) but the same account: for "did you mean"
        hints. A superset of those, from the indexes."""
        parts = pattern.split(":", 5)
        if "${" in pattern or len(parts) < 6:
            return list(range(len(self.resources)))
        other_region = self.candidates(":".join((*parts[:3], "*", *parts[4:])))
        account = parts[4]
        folded = self._folded().candidates(pattern.lower())
        found = {*other_region, *folded}
        if account and not _WILDCARDS.intersection(account):     # the account's letter case counts
            # candidates are a superset: another account's trail of the same name may be among them
            accounts = self._accounts
            found = {bit for bit in found if accounts[bit] in (account, None)}
        return sorted(found)

    def _folded(self) -> ResourceIndex:
        """The index of the lower-case resources (built on first use)."""
        if self._lower is None:
            self._lower = ResourceIndex([resource.lower() if isinstance(resource, str) else resource
                                         for resource in self.resources])
        return self._lower

    def prefixed(self, prefix: str) -> int:
        """The indexed ARNs that start with the prefix, as a mask (arn_matches of ``prefix*``)."""
        return self._run(prefix, lambda arn: arn.startswith(prefix))

    def exact(self, arn: str) -> int:
        """The indexed ARNs equal to the text, as a mask (arn_matches of a pattern without wildcards)."""
        return self._run(arn, arn.__eq__)

    def _run(self, start: str, belongs: Callable[[str], bool]) -> int:
        """The ARNs from the first one not below ``start`` for as long as they belong."""
        mask = 0
        index = bisect_left(self._arns, start)
        while index < len(self._sorted) and belongs(self._arns[index]):
            mask |= 1 << self._sorted[index][1]
            index += 1
        return mask
