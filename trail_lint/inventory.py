"""Merge every input of one run into one Inventory: one trail per account × Region × name.

A trail found in a plan and in describe-trails output is one trail. What the inputs say
will exist after deployment (plans, templates, .tf) wins over what exists now (state,
describe-trails); a trail the plan deletes does not exist after apply.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from trail_lint.model import (
    UNKNOWN, Existence, Inventory, OrgNode, OrgNodeKind, Problem, SelectorSet, Snapshot, Trail, TrailStatus,
)
from trail_lint.normalise import Contents
from trail_lint.selectors import recording

# Which view of a trail wins when several inputs describe it: the desired state first.
PRECEDENCE = {"terraform-plan": 0, "cloudformation": 1, "terraform-hcl": 2, "terraform-state": 3, "aws-cli": 4}


@dataclass(frozen=True, slots=True)
class Defaults:
    region: str | None = None          # --region / config `region`
    account: str | None = None         # --account / config `account`
    regions: tuple[str, ...] = ()      # config `regions`: the Regions in scope
    management_account: str | None = None   # config `management-account`


def build(contents: Sequence[Contents], defaults: Defaults) -> Inventory:
    unknowns: list[Problem] = [p for c in contents for p in c.unknowns]
    # A describe-trails file says nothing of its Region: --region / config names it, if given.
    snapshots = tuple(replace(s, region=defaults.region) if s.region is None and defaults.region else s
                      for c in contents for s in c.snapshots)
    account = defaults.account or _single_account(contents, snapshots)
    trails = [_with_defaults(t, defaults.region, account) for c in contents for t in c.trails]
    merged = _merge(trails)
    merged = _attach_selectors(merged, [s for c in contents for s in c.selector_sets], unknowns)
    merged = _attach_statuses(merged, [s for c in contents for s in c.statuses], unknowns)
    for trail in merged:
        if trail.region is None and trail.existence is not Existence.DELETED:
            unknowns.append(Problem(
                f"home Region of trail {trail.label!r} is not known: pass --region or set `region` in "
                f".trail-lint.yaml; Region checks (quota, coverage, cost) leave it out",
                at=trail.origin.of("region"), resource=trail.origin.resource or trail.label,
                subject="region"))
    return Inventory(
        trails=tuple(merged),
        recorded={id(t): recording(t) for t in merged if t.existence is not Existence.DELETED},
        principals=tuple(p for c in contents for p in c.principals),
        policies=tuple(p for c in contents for p in c.policies),
        scps=tuple(s for c in contents for s in c.scps),
        organization=tuple(n for c in contents for n in c.organization) + (
            (OrgNode(defaults.management_account, OrgNodeKind.MANAGEMENT),) if defaults.management_account else ()),
        buckets=tuple(b for c in contents for b in c.buckets),
        resource_policies=tuple(r for c in contents for r in c.resource_policies),
        snapshots=snapshots,
        regions=defaults.regions or _regions_seen(merged, snapshots, defaults.region),
        account=account,
        unknowns=tuple(unknowns),
    )


def _single_account(contents: Sequence[Contents], snapshots: Iterable[Snapshot]) -> str | None:
    """The run's account when every input that names one names the same one."""
    seen = {s.account for s in snapshots if s.account}
    seen |= {t.account for c in contents for t in c.trails
             if isinstance(t.account, str) and t.organization is not True}
    return seen.pop() if len(seen) == 1 else None


def _with_defaults(trail: Trail, region: str | None, account: str | None) -> Trail:
    changes = {}
    if trail.region is None and region:
        changes["region"] = region
    if trail.account is None and account:
        changes["account"] = account
    return replace(trail, **changes) if changes else trail


def _key(trail: Trail) -> tuple[object, ...] | None:
    if not isinstance(trail.name, str) or not isinstance(trail.region, str):
        return None
    account = trail.account if isinstance(trail.account, str) else None
    return (account, trail.region, trail.name)


def _merge(trails: Sequence[Trail]) -> list[Trail]:
    by_key: dict[tuple[object, ...], Trail] = {}
    loose: list[Trail] = []
    for trail in trails:
        key = _key(trail)
        if key is None:
            loose.append(trail)
        elif key not in by_key:
            by_key[key] = trail
        else:
            by_key[key] = _combine(by_key[key], trail)
    return list(by_key.values()) + loose


def _rank(trail: Trail) -> int:
    return PRECEDENCE.get(trail.origin.kind, 9)


def _combine(first: Trail, second: Trail) -> Trail:
    winner, other = (first, second) if _rank(first) <= _rank(second) else (second, first)
    changes: dict[str, object] = {}
    # Facts only the current-state inputs carry (ARN, logging state) fill the gaps of the desired state.
    for name in ("arn", "account", "logging"):
        mine, theirs = getattr(winner, name), getattr(other, name)
        if (mine is None or mine is UNKNOWN) and theirs is not None and theirs is not UNKNOWN \
                and winner.existence is not Existence.CREATED:
            changes[name] = theirs
    return replace(winner, **changes) if changes else winner


def _attach_selectors(trails: list[Trail], sets: Sequence[SelectorSet], unknowns: list[Problem]) -> list[Trail]:
    for selector_set in sets:
        index = _find(trails, selector_set.trail_arn)
        if index is None:
            unknowns.append(Problem(
                f"get-event-selectors output for {selector_set.trail_arn or 'an unnamed trail'} matches no "
                f"trail in the inputs; lint it together with the describe-trails output",
                at=selector_set.origin.at, subject="selectors"))
            continue
        trail = trails[index]
        if trail.origin.kind in ("aws-cli", "terraform-state"):
            trails[index] = replace(trail, event_selectors=selector_set.event_selectors,
                                    advanced_selectors=selector_set.advanced_selectors)
    return trails


def _attach_statuses(trails: list[Trail], statuses: Sequence[TrailStatus], unknowns: list[Problem]) -> list[Trail]:
    for status in statuses:
        index = _find(trails, status.trail)
        if index is None and status.trail is None:
            # get-trail-status output does not name its trail; only a single trail is unambiguous.
            live = [i for i, t in enumerate(trails) if t.origin.kind == "aws-cli"]
            index = live[0] if len(live) == 1 else None
        if index is None:
            unknowns.append(Problem(
                "get-trail-status output does not say which trail it describes and more than one (or no) "
                "trail is known; its IsLogging value is not used", at=status.origin.at, subject="status"))
            continue
        if trails[index].logging is None:
            trails[index] = replace(trails[index], logging=status.logging)
    return trails


def _find(trails: Sequence[Trail], ref: str | None) -> int | None:
    if not ref:
        return None
    for i, trail in enumerate(trails):
        if trail.arn == ref or (not ref.startswith("arn:") and trail.name == ref):
            return i
    return None


def _regions_seen(trails: Iterable[Trail], snapshots: Iterable[Snapshot], default: str | None) -> tuple[str, ...]:
    seen = {t.region for t in trails if isinstance(t.region, str)}
    seen |= {s.region for s in snapshots if isinstance(s.region, str)}
    if default:
        seen.add(default)
    return tuple(sorted(seen))

