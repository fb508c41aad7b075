"""The rules that pool scopes no input ties (TL101, TL501, TL503, TL504) give what their former
implementations gave, on inventories with many kinds of scopes.

Those implementations visited every account × Region pair and built each Region's pool trail by
trail (quadratic when many deployments are untied, each with its own unknown Region); they are
kept here, condensed, as the definition the linear rules must agree with, finding for finding
(messages, positions and the one TL002 note included).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from trail_lint.rules import tl101_trail_quota_exceeded as tl101
from trail_lint.rules import tl501_duplicate_management_events as tl501
from trail_lint.rules import tl504_overlapping_data_events as tl504

from trail_lint.engine import check_inventory
from trail_lint.inventory import Defaults, build
from trail_lint.model import (
    UNKNOWN,
    AdvancedSelector,
    DataResource,
    Deployment,
    EventSelector,
    Existence,
    FieldSelector,
    InputKind,
    Inventory,
    Origin,
    Problem,
    Trail,
)
from trail_lint.normalise import Contents
from trail_lint.overlap import described
from trail_lint.overlap_sweep import shared_data
from trail_lint.problems import conditional, few, if_logging, names, trail_problem
from trail_lint.quota import TRAILS_PER_REGION, Pool, may_count_in, pools, region_counts
from trail_lint.registry import rule_by_id
from trail_lint.scope.placement import (
    TIE_ACCOUNTS,
    Placement,
    accounts,
    placement,
    pooled_regions_of,
    region_label,
    regions_of,
    undecided_elsewhere,
)
from trail_lint.scope.trail_scope import account_id, covers_region, scope_of
from trail_lint.selectors.copies import delivers_management, management_copies, most_copies
from trail_lint.selectors.recording import recorded

PREFIXES = ["arn:aws:s3:::b/", "arn:aws:s3:::b/x", "arn:aws:s3:::", "arn:aws:s3:::c/", "arn:aws:s3:::b"]


def _selectors(prefixes: list[str], read_write: str, management: bool, excluded: list[str]) -> dict[str, tuple]:
    """Basic selectors, or the advanced ones that leave out the ARNs ``excluded`` starts."""
    if not excluded or not (prefixes or management):
        return {"event_selectors": (EventSelector(read_write=read_write, management=management,
                                                  data_resources=(DataResource("AWS::S3::Object", tuple(prefixes)),)),)}
    read_only = {"All": (), "ReadOnly": (FieldSelector("readOnly", equals=("true",)),),
                 "WriteOnly": (FieldSelector("readOnly", equals=("false",)),)}[read_write]
    advanced = []
    if prefixes:
        advanced.append(AdvancedSelector(None, (
            FieldSelector("eventCategory", equals=("Data",)), FieldSelector("resources.type", equals=("AWS::S3::Object",)),
            FieldSelector("resources.ARN", starts_with=tuple(prefixes), not_starts_with=tuple(excluded)), *read_only)))
    if management:
        advanced.append(AdvancedSelector(None, (FieldSelector("eventCategory", equals=("Management",)), *read_only)))
    return {"advanced_selectors": tuple(advanced)}
TRAIL = st.tuples(
    st.sampled_from([None, "111122223333", "444455556666"]),             # account
    st.sampled_from([None, "d0", "d1", "d2", "d3"]),                     # deployment
    st.booleans(),                                                       # the deployment is one Region
    st.sampled_from([None, "us-east-1", "eu-west-1"]),                   # home Region
    st.sampled_from([True, False, True, UNKNOWN]),                       # multi-Region
    st.sampled_from([False, False, True]),                               # organization trail
    st.sampled_from([Existence.EXISTS, Existence.CREATED, Existence.CONDITIONAL]),
    st.sampled_from([True, None, False]),                                # logging
    st.lists(st.sampled_from(PREFIXES), max_size=2),                     # S3 data events
    st.sampled_from(["All", "ReadOnly", "WriteOnly"]),
    st.sampled_from([True, True, False]),                                # management events
    st.lists(st.sampled_from([*PREFIXES, "arn:aws:s3:::b/x/"]), max_size=1))    # NotStartsWith (advanced)
REGIONS = st.sampled_from([(), ("us-east-1",), ("us-east-1", "eu-west-1")])


def inventory(specs: list[tuple], regions: tuple[str, ...]) -> Inventory:
    trails = []
    for n, (account, name, one_region, region, multi, organization, existence, logging, prefixes, read_write,
            management, excluded) in enumerate(specs):
        deployment = Deployment(f"terraform:{name}", f"provider {name}", region_key=f"terraform:{name}" if one_region
                                else "", region_label=f"the Region of {name}") if name else None
        trails.append(Trail(f"t{n % 7}" if n % 3 else f"t{n}", account=account, region=region, multi_region=multi,
                            organization=organization, existence=existence, logging=logging, s3_bucket="logs",
                            deployment=deployment, **_selectors(prefixes, read_write, management, excluded),
                            origin=Origin(f"{name or 'f'}{n % 2}.json", ("trails", n), kind=InputKind.TERRAFORM_PLAN)))
    return build([Contents(InputKind.TERRAFORM_PLAN, trails=tuple(trails))], Defaults(regions=regions))


def found(rule_id: str, built: Inventory) -> list[str]:
    return sorted(map(repr, check_inventory(rule_by_id(rule_id), built)))


def expected(problems: Iterator[Problem]) -> list[str]:
    return sorted(map(repr, problems))


# --- the former implementations ---------------------------------------------------------------

def tl504_before(built: Inventory) -> Iterator[Problem]:
    live = placement(built)
    scopes = {id(t): found for t in live.trails if t.logging in (True, None)
              and isinstance(found := recorded(built, t).data, tuple)}
    seen: set[tuple[frozenset[int], str]] = set()
    by_region: dict[str, Placement] = {}
    pools: dict[tuple[object, ...], tuple[list[tuple[list[Trail], list[str]]], int]] = {}
    undecided: list[tuple[str, tuple[object, ...]]] = []
    for account in accounts(built):
        own = sorted((t for t in live.certain(account) if id(t) in scopes), key=lambda t: t.label)
        its_own = set(regions_of(built, account))     # as in tl501_before
        # multi-Region trails record in every enabled Region: their groups are said once
        wide = [t for t in own if t.multi_region is True]
        for group, shared in pairwise_groups(wide, scopes) if len(wide) > 1 else ():
            if (key := (frozenset(id(t) for t in group), "")) not in seen:
                seen.add(key)
                yield tl504._problem(group, shared, "", tl504.EVERYWHERE, account)
        for region in pooled_regions_of(built, account):
            trails = [t for t in own if covers_region(t, region) is True]
            for group, shared in pairwise_groups(trails, scopes) if region in its_own else ():
                if all(t.multi_region is True for t in group):
                    continue
                if (key := (frozenset(id(t) for t in group), region)) not in seen:
                    seen.add(key)
                    yield tl504._problem(group, shared, region, region_label(built, region), account)
            if not trails:
                continue
            if region not in by_region:
                by_region[region] = Placement.of(t for t in live.trails if id(t) in scopes and not conditional(t)
                                                 and covers_region(t, region) is True)
            here = by_region[region]
            if not here.untied_count(account):
                continue
            pool = (region, here.untied_key(account), frozenset(id(t) for t in trails if not here.is_untied(t)))
            if pool not in pools:
                pooled = sorted(trails + here.untied(account), key=lambda t: t.label)
                spanning = [(g, s) for g, s in pairwise_groups(pooled, scopes) if len({scope_of(t).account for t in g}) > 1]
                pools[pool] = spanning, max((len(group) for group, _ in spanning), default=0)
            if pools[pool][0]:
                undecided.append((region, pool))
    if undecided:
        most = max(pools[pool][1] for _, pool in undecided)
        region, largest = next((region, pool) for region, pool in undecided if pools[pool][1] == most)
        group, shared = next((group, shared) for group, shared in pools[largest][0] if len(group) == most)
        problem = tl504._problem(group, shared, region, region_label(built, region), None)
        scopes_named = few(dict.fromkeys(scope_of(t).account_label for t in group))
        yield replace(problem, message=f"{problem.message} if {scopes_named} are one account"
                      f"{undecided_elsewhere({r for r, _ in undecided}, region)}; {TIE_ACCOUNTS}",
                      subject="data-overlap-untied", undecided=True)


def pairwise_groups(trails: list[Trail], scopes: dict) -> list[tuple[list[Trail], list[str]]]:
    """Groups from every pair shared_data gives, in the order of their first trail."""
    group = list(range(len(trails)))

    def root(i: int) -> int:
        while group[i] != i:
            i = group[i]
        return i
    links = [(a, b, (kind, arn, name))
             for a, b, kind, arn, name in shared_data([(i, s) for i, t in enumerate(trails) for s in scopes[id(t)]])]
    for a, b, _ in links:
        group[root(a)] = root(b)
    shared: dict[int, set[tuple[str, str, str]]] = {}
    for a, _, atom in links:
        shared.setdefault(root(a), set()).add(atom)
    members: dict[int, list[Trail]] = {}
    for i, trail in enumerate(trails):
        if root(i) in shared:
            members.setdefault(root(i), []).append(trail)
    return [(members[r], described(shared[r])) for r in members]


def at_most(sure: int, paid: int) -> str:
    """How a count of paid copies says what is certain when more may be paid."""
    return "" if sure >= paid else f"{sure} to " if sure > 0 else "up to "


def tl501_before(built: Inventory) -> Iterator[Problem]:
    seen: set[tuple[str, frozenset[int]]] = set()
    undecided: list[tuple[str, str | None, Trail, int]] = []
    by_region: dict[str, Placement] = {}
    live = placement(built)
    for account in accounts(built):
        own = [t for t in live.certain(account) if delivers_management(built, t)]
        # pooling looks at every Region the account's scope may share (other deployments' unknown
        # ones too); the account's own findings only at its own Regions (regions_of)
        its_own = set(regions_of(built, account))
        # multi-Region trails are copies in every enabled Region: one finding, not one per Region in scope
        wide = [t for t in own if t.multi_region is True]
        homes = {home for t in own if t.multi_region is not True and (home := scope_of(t).region) is not None}
        key = ("", frozenset(id(t) for t in wide))
        # a read-only and a write-only trail deliver no event twice (most_copies)
        # a trail whose logging is not known is counted only "up to" (if_logging)
        paid, sure = most_copies(built, wide) - 1, most_copies(built, [t for t in wide if not conditional(t)
                                                                      and not if_logging(t)], True) - 1
        if len(wide) > 1 and not all(conditional(t) for t in wide) and key not in seen and paid > 0:
            seen.add(key)
            anchor = tl501._anchor(wide, "", account)
            yield replace(trail_problem(
                anchor, f"{at_most(sure, paid)}{paid} paid "
                        f"cop{'y' if paid == 1 else 'ies'} of management events in every enabled Region: multi-Region "
                        f"trails {names(wide, copies=True)}", anchor.origin.at, subject=f"management-copies:{account}:*",
                account=account), region=None)
        for region in pooled_regions_of(built, account):
            trails = [t for t in own if covers_region(t, region) is True]
            certain = [t for t in trails if not conditional(t)]
            if len(certain) == 1 and len(trails) == 1:
                if region not in by_region:
                    by_region[region] = Placement.of(t for t in tl501.delivering(built, region) if not conditional(t))
                if others := by_region[region].untied_count(account):
                    undecided.append((region, account, certain[0], others))
            key = (region, frozenset(id(t) for t in trails))
            paid, sure = most_copies(built, trails) - 1, most_copies(built, [t for t in certain if not if_logging(t)], True) - 1
            if region not in its_own or region not in homes or not certain or len(trails) < 2 or key in seen \
                    or paid < 1:
                continue
            seen.add(key)
            anchor = tl501._anchor(trails, region, account)
            yield trail_problem(anchor, f"{at_most(sure, paid)}{paid} paid "
                                f"cop{'y' if paid == 1 else 'ies'} of management events in {region_label(built, region)}: "
                                f"trails {names(trails, copies=True)}", anchor.origin.at, region=region,
                                subject=f"management-copies:{account}:{region}", account=account)
        # a trail that may be multi-Region beside a trail of another Region (not pooling: said as the rule says it)
        yield from tl501._multi_region_open(built, management_copies(built, account))
    if undecided:
        region, account, copy, _ = max(undecided, key=lambda entry: entry[3])
        pooled = [copy, *by_region[region].untied(account)]
        if most_copies(built, pooled) > 1:
            yield tl501._undecided(built, region, pooled, {u[0] for u in undecided})


def tl101_pools_before(built: Inventory) -> Iterator[Pool]:
    groups = {key: [t for t in trails if t.existence is not Existence.CONDITIONAL]
              for key, trails in placement(built).by_account.items()}
    scopes = sorted(key for key, trails in groups.items() if trails)
    untied = [key for key in scopes if account_id(key) is None]
    seen: set[frozenset[int]] = set()
    for count in region_counts(built):
        if len(count.peak) > TRAILS_PER_REGION:
            continue
        maybe: dict[str, list[Trail]] = {}
        for scope in untied if count.account_id else scopes:
            if scope != count.account and (found := [t for t in groups[scope] if may_count_in(t, count.region)]):
                maybe[scope] = found
        known = [s for s in maybe if account_id(s)]
        for scope in sorted(known, key=lambda s: len(maybe[s]))[:-1]:
            del maybe[scope]
        pooled = list(count.peak) + [t for found in maybe.values() for t in found]
        key = frozenset(id(t) for t in pooled)
        if len(pooled) <= TRAILS_PER_REGION or not maybe or key in seen:
            continue
        seen.add(key)
        labels = tuple(dict.fromkeys([count.account_label] + [scope_of(maybe[s][0]).account_label for s in maybe]))
        yield Pool(count.region, count.region_label, tuple(pooled), labels)


def tl101_before(built: Inventory) -> Iterator[Problem]:
    for problem in tl101.check(built):
        # the rule's own findings, and its notes on organization trails of another account (not pools)
        if not problem.undecided or problem.subject.startswith("quota-organization:"):
            yield problem
    listed = list(tl101_pools_before(built))
    if listed:
        pool = max(listed, key=lambda p: len(p.trails))
        yield tl101._undecided(pool, {p.region for p in listed})


# --- the rules agree with them ------------------------------------------------------------------

CHECKED = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


@CHECKED
@given(st.lists(TRAIL, max_size=9), REGIONS)
def test_tl504_groups_as_every_region_of_every_account_did(specs: list[tuple], regions: tuple[str, ...]) -> None:
    built = inventory(specs, regions)
    assert found("TL504", built) == expected(tl504_before(built))


@CHECKED
@given(st.lists(TRAIL, max_size=9), REGIONS)
def test_tl501_counts_as_every_region_of_every_account_did(specs: list[tuple], regions: tuple[str, ...]) -> None:
    built = inventory(specs, regions)
    assert found("TL501", built) == expected(tl501_before(built))


@CHECKED
@given(st.lists(TRAIL, min_size=5, max_size=16), REGIONS)
def test_tl101_pools_as_listing_every_pool_did(specs: list[tuple], regions: tuple[str, ...]) -> None:
    built = inventory(specs, regions)
    assert found("TL101", built) == expected(tl101_before(built))
    assert list(pools(built, region_counts(built))) == list(tl101_pools_before(built))   # the organization summary's


@CHECKED
@given(st.lists(TRAIL, min_size=5, max_size=16), REGIONS)
def test_organization_summary_notes_pools_as_uniting_them_trail_by_trail_did(specs: list[tuple],
                                                                            regions: tuple[str, ...]) -> None:
    from collections import Counter

    from trail_lint.organization import _homes, _shown, summarise
    from trail_lint.quota import counts_in

    built = inventory(specs, regions)
    rows: dict[tuple[str, str], tuple[int, str, set[str]]] = {}
    for pool in tl101_pools_before(built):
        for trail in pool.trails:
            scope = scope_of(trail)
            if scope.region is not None and counts_in(trail, pool.region):
                most, label, others = rows.get((scope.account, pool.region), (0, pool.region_label, set()))
                rows[(scope.account, pool.region)] = (max(most, len(pool.trails)), label, others | {
                    scope_of(t).account for t in pool.trails} - {scope.account})
    homes = _homes(built)
    expected = Counter(f"up to {most} trails in {label} if it is one account with {len(others)} other "
                       f"scope{'s' if len(others) > 1 else ''} no input ties to an account (TL002)"
                       for (account, region), (most, label, others) in rows.items() if _shown(region, account, homes))
    noted = Counter(note for account in summarise(built).accounts for row in account.regions for note in row.unknown
                    if note.endswith("(TL002)"))
    assert noted == expected


# --- an untied deployment's own findings are about its own Regions ---------------------------------

@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=1, max_value=12), REGIONS)
def test_duplicates_of_untied_deployments_are_not_reported_in_each_others_regions(
        deployments: int, regions: tuple[str, ...]) -> None:
    """Each deployment no input ties to an account, with two multi-Region trails, pays one copy in
    its own (unknown) Region and in each named one: its findings name no other deployment's Region,
    whose scope may be another account (that is for the one pooled TL002 note). TL501 and TL504 say
    what each deployment's two multi-Region trails share once, for every enabled Region."""
    trails = []
    for number in range(deployments):
        deployment = Deployment(f"terraform:d{number}", f"provider d{number}", region_key=f"terraform:d{number}",
                                region_label=f"the Region of d{number}")
        trails += [Trail(f"d{number}-t{index}", multi_region=True, s3_bucket="logs", deployment=deployment,
                         event_selectors=(EventSelector(data_resources=(DataResource("AWS::S3::Object", ("arn:aws:s3:::b/",)),)),),
                         origin=Origin(f"d{number}.json", ("trails", index), kind=InputKind.TERRAFORM_PLAN))
                   for index in range(2)]
    built = build([Contents(InputKind.TERRAFORM_PLAN, trails=tuple(trails))], Defaults(regions=regions))
    for rule_id, per_deployment in (("TL501", 1), ("TL504", 1)):
        certain = [p for p in check_inventory(rule_by_id(rule_id), built) if not p.undecided]
        assert len(certain) == deployments * per_deployment
        for problem in certain:
            owner = problem.resource.split("-")[0]
            assert set(re.findall(r"the Region of (d\d+)", problem.message)) <= {owner}


@CHECKED
@given(st.lists(TRAIL, max_size=12), REGIONS, st.integers(min_value=0, max_value=11))
def test_counts_built_with_the_inventory_are_counted_again_when_its_trails_or_regions_change(
        specs: list[tuple], regions: tuple[str, ...], drop: int) -> None:
    built = inventory(specs, regions)
    fresh = region_counts(replace(built, counts=None))            # counted now
    assert region_counts(built) == fresh
    assert region_counts(built) is built.counts.counts            # the quota rules and the summary share one count
    fewer = replace(built, trails=built.trails[:drop] + built.trails[drop + 1:])
    assert region_counts(fewer) == region_counts(replace(fewer, counts=None))
    wider = replace(built, regions=(*built.regions, "ap-south-1"))
    assert region_counts(wider) == region_counts(replace(wider, counts=None))
    assert {c.region for c in region_counts(wider)} >= ({"ap-south-1"} if built.trails else set())
