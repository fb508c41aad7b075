"""Merge every input of one run into one Inventory: one trail per account × Region × name.

Every trail gets its Scope here, once: the account and Region it is in, as far as the inputs
tie them. A trail found in a plan and in describe-trails output is one trail. What the inputs say
will exist after deployment (plans, templates, .tf) wins over what exists now (state,
describe-trails); a trail the plan deletes does not exist after apply.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from trail_lint import quota
from trail_lint.delivery_links import links
from trail_lint.delivery_match import filled
from trail_lint.model import (
    DEFINITIONS,
    FULL_ACCESS_ID,
    UNKNOWN,
    Cause,
    Deployment,
    Existence,
    InputKind,
    Inventory,
    Manifest,
    OrgNode,
    OrgNodeKind,
    Origin,
    Policy,
    PolicyRef,
    Principal,
    Problem,
    ResourceControlPolicy,
    SelectorSet,
    ServiceControlPolicy,
    Snapshot,
    Text,
    Trail,
    TrailStatus,
    TrailTags,
)
from trail_lint.normalise import Contents
from trail_lint.normalise.aws_managed import shipped_policy
from trail_lint.problems import few
from trail_lint.records import record, replace
from trail_lint.scope.arns import account_from_arn, arn_fields
from trail_lint.scope.home import shadow_copy, unknown_regions
from trail_lint.scope.names import is_account_id
from trail_lint.scope.placement import of_inventory
from trail_lint.scope.trail_scope import account_id, bound_holes, scope_for
from trail_lint.selectors.recording import recordings

# Which view of a trail wins when several inputs describe it: the desired state first.
PRECEDENCE = {InputKind.TERRAFORM_PLAN: 0, InputKind.CLOUDFORMATION: 1, InputKind.TERRAFORM_HCL: 2,
              InputKind.TERRAFORM_STATE: 3, InputKind.AWS_CLI: 4, InputKind.NONE: 5}


@record
class Defaults:
    region: str | None = None          # --region / config `region`
    account: str | None = None         # --account / config `account`
    regions: tuple[str, ...] = ()      # config `regions`: the Regions in scope
    management_account: str | None = None   # config `management-account`
    accounts: Mapping[str, str] = field(default_factory=dict)   # config `accounts`: deployment name → account


def build(contents: Sequence[Contents], defaults: Defaults) -> Inventory:
    unknowns: list[Problem] = [p for c in contents for p in c.unknowns]
    # A describe-trails file says nothing of its Region: --region / config names it, if given.
    snapshots = tuple(replace(s, region=defaults.region) if s.region is None and defaults.region else s
                      for c in contents for s in c.snapshots)
    trails = [t for c in contents for t in c.trails]
    tied = _deployment_accounts(trails, defaults, [p.deployment for c in contents for p in c.principals if p.deployment])
    drafts = _merge(_scoped(trails, defaults, tied), listings={s.origin.file: s for s in snapshots}, unknowns=unknowns)
    find = _finder(drafts)
    _attach_selectors(drafts, find, [s for c in contents for s in c.selector_sets], unknowns)
    _attach_tags(drafts, find, [t for c in contents for t in c.trail_tags], unknowns)
    _attach_statuses(drafts, find, [s for c in contents for s in c.statuses], unknowns)
    organization = tuple(_management_tied([n for c in contents for n in c.organization], tied, defaults)) + (
        (OrgNode(defaults.management_account, OrgNodeKind.MANAGEMENT),) if defaults.management_account else ())
    organization = _management_once(organization)
    merged = _organization_ids([draft.final() for draft in drafts], organization)
    named = {trail.origin.of("name") for trail, draft in zip(merged, drafts) if "name" in draft.changes}
    if named:      # the readers' "name of trail … is not known": the run knows it
        unknowns = [p for p in unknowns if not (p.at in named and p.resource)]
    unknowns.extend(_regions_not_known(merged))
    merged_trails = tuple(merged)
    inferred = None if defaults.account else _single_account(contents, snapshots)
    buckets = tuple(b for c in contents for b in c.buckets)
    resource_policies = tuple(r for c in contents for r in c.resource_policies)
    inventory = Inventory(
        trails=merged_trails,
        placement=of_inventory(merged_trails),
        recorded=recordings(t for t in merged if t.existence is not Existence.DELETED),
        principals=tuple(p for c in contents for p in c.principals),
        policies=_with_shipped([p for c in contents for p in c.policies], [p for c in contents for p in c.principals]),
        scps=_attached([s for c in contents for s in c.scps], [n for c in contents for n in c.organization],
                       unknowns),
        rcps=_attached([r for c in contents for r in c.rcps], [n for c in contents for n in c.organization],
                       unknowns),
        organization=organization,
        buckets=buckets,
        resource_policies=resource_policies,
        links=links(buckets, resource_policies),
        topics=tuple(t for c in contents for t in c.topics),
        snapshots=snapshots,
        log_groups=tuple(g for c in contents for g in c.log_groups),
        metric_filters=tuple(f for c in contents for f in c.metric_filters),
        alarms=tuple(a for c in contents for a in c.alarms),
        account_blocks=tuple(b for c in contents for b in c.account_blocks),
        regions=defaults.regions or _regions_seen(merged, snapshots, defaults.region,
                                                  [c.manifest for c in contents if c.manifest is not None]),
        # inferred: it names the run only, never the account of a trail or principal (Inventory.given_account)
        account=defaults.account or inferred,
        account_inferred=inferred is not None,
        deployment_accounts=tied,
        unknowns=tuple(unknowns),
        assumptions=tuple(a for c in contents for a in c.assumptions),
        missing_references=tuple(r for c in contents for r in c.missing_references),
        refused_arguments=tuple(r for c in contents for r in c.refused_arguments),
        manifests=tuple(c.manifest for c in contents if c.manifest is not None),
        delegated_administrators=tuple(d for c in contents for d in c.delegated_administrators),
    )
    # the quota rules (TL101, TL102) and the organization summary count the same trails; the statements
    # are gathered when a rule first reads them (iam.access.input_statements): `access` reads none
    return replace(inventory, counts=quota.of_inventory(inventory), statements=[])


def _targets_only(scp: ServiceControlPolicy | ResourceControlPolicy) -> bool:
    """list-targets-for-policy output: where a policy is attached, not what it says."""
    return scp.policy.arn is None and scp.policy.statements is UNKNOWN \
        and scp.policy.origin.kind is InputKind.AWS_ORGANIZATIONS


OrgPolicy = TypeVar("OrgPolicy", ServiceControlPolicy, ResourceControlPolicy)


def _attached(scps: Sequence[OrgPolicy], nodes: Sequence[OrgNode], unknowns: list[Problem]) -> tuple[OrgPolicy, ...]:
    """An SCP (or RCP) in AWS CLI output is two files: its document (describe-policy) and its targets
    (list-targets-for-policy), one SCP once joined by the policy id at the end of its ARN (a snapshot's
    layout names the policy of a target list, and whether it is an RCP). FullAWSAccess, attached to every
    root, OU and account by default, is detached from those of the listings its targets leave out. Targets
    whose policy document is missing stay a policy whose statements are unknown; targets of no known
    policy are said (TL002)."""
    for scp in scps:
        if _targets_only(scp) and not scp.policy.name:
            unknowns.append(Problem(
                "list-targets-for-policy output does not say which policy it lists the targets of: lint it in a "
                "snapshot directory (docs/snapshot.md), where its place names the policy; it is not used",
                at=scp.policy.origin.at, subject="scp-targets"))
    scps = [s for s in scps if not (_targets_only(s) and not s.policy.name)]
    listed = {s.policy.name: s.targets for s in scps if _targets_only(s) and s.policy.name}
    levels = tuple(n.id for n in nodes if n.kind is not OrgNodeKind.MANAGEMENT
                   and n.origin.kind is InputKind.AWS_ORGANIZATIONS)
    joined, used = [], set()
    for scp in scps:
        if _targets_only(scp):
            continue
        policy_id = (scp.policy.arn or "").rsplit("/", 1)[-1]
        if scp.targets or policy_id not in listed:
            joined.append(scp)
            continue
        used.add(policy_id)
        targets = listed[policy_id]
        # FullAWSAccess (an SCP; RCPFullAWSAccess is never detached) is detached where it is not listed
        detached: dict[str, Any] = {}
        if policy_id == FULL_ACCESS_ID:
            detached["detached_from"] = tuple(n for n in levels if n not in targets)
        joined.append(replace(scp, targets=scp.targets + tuple(targets), **detached))
    joined.extend(s for s in scps if _targets_only(s) and s.policy.name not in used)
    return tuple(joined)


def with_shipped(inventory: Inventory) -> Inventory:
    """An inventory built in code (tests, benchmarks) with the shipped policies it names, as build() adds them."""
    return replace(inventory, policies=_with_shipped(list(inventory.policies), list(inventory.principals)))


def _with_shipped(policies: list[Policy], principals: list[Principal]) -> tuple[Policy, ...]:
    """The inputs' managed policies, plus the AWS managed policies the principals name that the
    inputs do not define, from the snapshot shipped with trail-lint."""
    defined = {p.arn for p in policies if p.arn}
    named = {ref.arn for principal in principals
             for ref in (*principal.managed_policies, principal.boundary)
             if isinstance(ref, PolicyRef) and isinstance(ref.arn, str) and ref.arn not in defined}
    shipped = (shipped_policy(arn) for arn in sorted(named))
    return (*policies, *(policy for policy in shipped if policy is not None))


def _single_account(contents: Sequence[Contents], snapshots: Iterable[Snapshot]) -> str | None:
    """The run's account when every input that names one names the same one."""
    seen = {s.account for s in snapshots if s.account}
    seen |= {t.account for c in contents for t in c.trails
             if isinstance(t.account, str) and t.organization is not True}
    return seen.pop() if len(seen) == 1 else None


# --- Account scopes -----------------------------------------------------------------------

@dataclass(slots=True)
class _Draft:
    """A trail while the inventory settles it: its scope, the views of it combined, its selectors
    and status joined. The changes are applied in one copy at the end (1,000 accounts list 35,580
    trails about twice each, and a copy per step cost more than reading them)."""

    trail: Trail
    changes: dict[str, Any]
    unsettled: set[str] = field(default_factory=set)    # settings two AWS CLI outputs give differently

    def get(self, name: str) -> Any:
        return self.changes[name] if name in self.changes else getattr(self.trail, name)

    def final(self) -> Trail:
        return replace(self.trail, **self.changes)


def scoped(trails: Sequence[Trail], defaults: Defaults) -> list[Trail]:
    """Every trail with its account and Region as far as the inputs tie them, and its Scope.

    An account comes from the trail's own ARN; else from its deployment: the configured
    `accounts` entry, the account the provider configuration names, or the ARNs of the
    deployment's other trails when they agree; else from --account. Nothing else ties inputs
    together: two deployments whose accounts are not known are two scopes, never pooled."""
    return [draft.final() for draft in _scoped(trails, defaults)]


def _scoped(trails: Sequence[Trail], defaults: Defaults, tied: Mapping[str, str] | None = None) -> list[_Draft]:
    tied = _deployment_accounts(trails, defaults) if tied is None else tied
    found = []
    for trail in trails:
        deployment = trail.deployment
        account = trail.account if isinstance(trail.account, str) else \
            (tied.get(deployment.key) if deployment else None) or defaults.account
        region = trail.region if trail.region is not None else defaults.region
        changes = {"account": account if account else trail.account, "region": region,
                   "scope": scope_for(trail, account, region)}
        name = _name_bound(trail, changes["account"], region)
        if name is not None:
            changes["name"] = name
        found.append(_Draft(trail, changes))
    return found


def _name_bound(trail: Trail, account: object, region: object) -> str | None:
    """The name of a trail known only after apply whose parts are the holes of its deployment's account,
    Region or partition (a Terraform `"${data.aws_caller_identity.x.account_id}-trail"`), written out
    where the run knows them (--account, config `accounts`, --region), as a template's
    `${AWS::AccountId}` is; None otherwise."""
    held = trail.holes.get("name") if trail.name is UNKNOWN else None
    if not held:
        return None
    bound = bound_holes(replace(trail, account=account, region=region))
    written = [part for part in filled(held, bound) if isinstance(part, str)]
    return "".join(written) if len(written) == len(held) else None


def _management_once(nodes: tuple[OrgNode, ...]) -> tuple[OrgNode, ...]:
    """The nodes with one management account node per account ID: several inputs may name it (a
    snapshot's describe-organization and its manifest, config `management-account`); the first is
    kept, with the organization's ID another gives where it has none."""
    first: dict[str, int] = {}
    kept: list[OrgNode] = []
    for node in nodes:
        if node.kind is not OrgNodeKind.MANAGEMENT or not is_account_id(node.id):
            kept.append(node)
            continue
        at = first.get(node.id)
        if at is None:
            first[node.id] = len(kept)
            kept.append(node)
        elif kept[at].organization is None and node.organization is not None:
            kept[at] = replace(kept[at], organization=node.organization)
    return tuple(kept) if len(kept) < len(nodes) else nodes


def _deployment_accounts(trails: Sequence[Trail], defaults: Defaults,
                         declaring: Sequence[Deployment] = ()) -> dict[str, str]:
    """The account of each deployment, when something ties one: the configured `accounts` entry;
    else the account the deployment names itself or the ARNs of its trails, when they agree. A
    trail it defines that describe-trails output or a state shows in a known account (same name,
    same Region) ties it too: the plan and the listing describe one trail. ``declaring``: the
    deployments of the principals, which the configured `accounts` ties as well, trails or none."""
    def region(trail: Trail) -> object:
        return trail.region if trail.region is not None else defaults.region

    # keys as written in the configuration ("infra/prod/", "./stacks/audit.yaml") match the paths as read
    configured = {os.path.normpath(name): account for name, account in defaults.accounts.items()}
    existing: dict[tuple[object, object], str] = {}
    for other in trails:
        if other.origin.kind not in DEFINITIONS and isinstance(other.account, str) \
                and isinstance(other.name, str) and isinstance(region(other), str):
            existing[(other.name, region(other))] = other.account
    seen: dict[str, set[str]] = {}
    chosen: dict[str, str] = {}
    for trail in trails:
        deployment = trail.deployment
        if deployment is None:
            continue
        mapped = _configured(deployment, configured)
        if mapped:
            chosen[deployment.key] = mapped
        listed = existing.get((trail.name, region(trail))) if trail.origin.kind in DEFINITIONS else None
        accounts = seen.setdefault(deployment.key, set())
        accounts.update(a for a in (deployment.account, trail.account, listed) if isinstance(a, str) and a)
    for key, accounts in seen.items():
        if key not in chosen and len(accounts) == 1:
            chosen[key] = next(iter(accounts))
    for deployment in declaring:
        if deployment.key not in chosen and (mapped := _configured(deployment, configured)):
            chosen[deployment.key] = mapped
    return chosen


def _configured(deployment: Deployment, configured: Mapping[str, str]) -> str | None:
    """The account the configuration's `accounts` gives the deployment (keys normalised as paths)."""
    return next((configured[os.path.normpath(name)] for name in deployment.names
                 if os.path.normpath(name) in configured), None)


def _management_tied(nodes: Sequence[OrgNode], tied: Mapping[str, str], defaults: Defaults) -> Iterator[OrgNode]:
    """The organization's nodes, with the account ID of a management account the inputs know only as
    the deployment that manages the organization (``OrgNode.deployment``), where the run ties that
    deployment to an account as it ties trails (``_scoped``): its trails, the configured
    `accounts`, --account."""
    configured = {os.path.normpath(name): account for name, account in defaults.accounts.items()}
    for node in nodes:
        yield node
        deployment = node.deployment
        if node.kind is OrgNodeKind.MANAGEMENT and deployment is not None and account_id(node.id) is None:
            account = tied.get(node.id) or _configured(deployment, configured) or defaults.account
            if account:
                yield OrgNode(account, OrgNodeKind.MANAGEMENT, None, node.origin, deployment=deployment,
                              all_features=node.all_features)


def _organization_ids(trails: list[Trail], nodes: Sequence[OrgNode]) -> list[Trail]:
    """The trails, an organization trail of a management account whose organization ID the inputs give
    (describe-organization's ``Id``) holding that ID where its reader left it a hole: the trail is the
    organization's, and writes under AWSLogs/<org-id>/ and to the o-<org-id>_* log streams."""
    ids = {node.id: node.organization for node in nodes
           if node.kind is OrgNodeKind.MANAGEMENT and account_id(node.id) and node.organization}
    if not ids:
        return trails
    found = []
    for trail in trails:
        owner = account_from_arn(trail.arn) if arn_fields(trail.arn) else \
            trail.account if isinstance(trail.account, str) else None
        if trail.organization is True and owner in ids and not _known_text(trail.holes.get("organization")):
            trail = replace(trail, holes={**trail.holes, "organization": (ids[owner],)})
        found.append(trail)
    return found


def _known_text(text: Text | None) -> bool:
    return text is not None and all(isinstance(part, str) for part in text)


# --- One trail per account × Region × name ------------------------------------------------

def _key(draft: _Draft) -> tuple[object, ...] | None:
    name, scope = draft.trail.name, draft.changes["scope"]
    if not isinstance(name, str) or scope.region is None:
        return None
    return (scope.account, scope.region, name)


def _merge(drafts: Sequence[_Draft], listings: Mapping[str, Snapshot], unknowns: list[Problem]) -> list[_Draft]:
    """One trail per key: the views of one trail (plan, state, describe-trails) are combined;
    two definitions of one name are both kept, each with its own findings. ``listings``: the
    describe-trails output of each file: a trail listed by other Regions (a multi-Region trail) or
    other accounts (an organization trail) is reported at its home copy, whichever order the
    files come in; of shadow copies only, at the first. Of AWS CLI outputs, a listing (which says
    whether the trail has custom event selectors) before a create-trail or update-trail response,
    which does not say (its key table has no key for them: ``_settle``)."""
    def rank(draft: _Draft) -> tuple[int, bool, bool]:
        # a reader of trails that is not ranked in PRECEDENCE is a bug
        return PRECEDENCE[draft.trail.origin.kind], "event_selectors" not in draft.trail.origin.keys, \
            shadow_copy(draft.trail.origin, draft.changes["account"], draft.changes["region"], listings)

    by_key: dict[tuple[object, ...], list[_Draft]] = {}
    loose: list[_Draft] = []
    for draft in drafts:
        key = _key(draft)
        if key is None:
            loose.append(draft)
            continue
        entries = by_key.setdefault(key, [])
        for index, entry in enumerate(entries):
            if same_trail(entry.trail, draft.trail):
                entries[index] = _combine(entry, draft, rank, unknowns)
                break
        else:
            entries.append(draft)
    return [draft for entries in by_key.values() for draft in entries] + loose


def same_trail(first: Trail, second: Trail) -> bool:
    """Whether two views of one name in one scope are one trail (see DEFINITIONS)."""
    kinds = {first.origin.kind, second.origin.kind}
    if first.origin.kind not in DEFINITIONS or second.origin.kind not in DEFINITIONS:
        return True
    # one resource read from a plan and its .tf source; two root modules of the .tf are two resources
    # even where they call one module (the same address)
    return kinds <= {InputKind.TERRAFORM_PLAN, InputKind.TERRAFORM_HCL} and first.origin.resource == \
        second.origin.resource and (kinds != {InputKind.TERRAFORM_HCL} or first.origin.root == second.origin.root)


def _combine(first: _Draft, second: _Draft, rank: Callable[[_Draft], tuple[int, bool, bool]],
             unknowns: list[Problem]) -> _Draft:
    winner, other = (first, second) if rank(first) <= rank(second) else (second, first)
    if winner.trail.origin.kind is InputKind.AWS_CLI is other.trail.origin.kind:
        _settle(winner, other, unknowns)
    # Facts only the current-state inputs carry (ARN, logging state) fill the gaps of the desired state.
    for name in ("arn", "account", "logging"):
        mine, theirs = winner.get(name), other.get(name)
        if (mine is None or mine is UNKNOWN) and theirs is not None and theirs is not UNKNOWN \
                and winner.trail.existence is not Existence.CREATED:
            winner.changes[name] = theirs
    return winner


# The settings every AWS CLI output of a trail gives (describe-trails, get-trail, the create-trail and
# update-trail responses).
CLI_SETTINGS = ("multi_region", "organization", "include_global_events", "log_file_validation", "kms_key_id",
                "s3_bucket", "s3_key_prefix", "sns_topic", "cloudwatch_logs_group_arn", "cloudwatch_logs_role_arn")


def _settle(winner: _Draft, other: _Draft, unknowns: list[Problem]) -> None:
    """Two AWS CLI outputs of one trail (a listing and a create-trail or update-trail response, or
    listings of two Regions): a setting the first leaves unknown the other gives; a setting they give
    differently (taken before and after a change) is not known, and neither is used: one TL002
    naming both files says every such setting, with the checks each leaves open."""
    differ = []
    origin, theirs_at = winner.get("origin"), other.get("origin")
    for name in CLI_SETTINGS:
        mine, theirs = winner.get(name), other.get(name)
        if name in winner.unsettled or theirs is UNKNOWN or mine == theirs:
            continue
        if mine is UNKNOWN:
            winner.changes[name] = theirs
            origin = replace(origin, keys={**origin.keys, name: theirs_at.of(name)})
        else:
            differ.append(name)
    if origin is not winner.get("origin"):
        winner.changes["origin"] = origin
    if not differ:
        return
    label = winner.trail.label
    paths = (winner.trail.origin.file, other.trail.origin.file)
    names = [os.path.basename(path) for path in paths]
    # a snapshot's listings of one trail share their name, in two Regions' directories
    files = " and ".join(dict.fromkeys(names if len(set(names)) == len(names) else paths))
    cause = Cause(f"the AWS CLI outputs of trail {label!r} ({files}) do not give the same settings", origin.at)
    for name in differ:
        key = origin.keys.get(name, name)
        winner.changes[name] = UNKNOWN
        winner.unsettled.add(name)
        unknowns.append(Problem(f"{key if isinstance(key, str) else name} of trail {label!r} is not known",
                                origin.of(name), resource=origin.resource or label, subject=f"unknown:{name}",
                                cause=cause))


def _attach_selectors(drafts: list[_Draft], find: Callable[[str | None], int | None], sets: Sequence[SelectorSet],
                      unknowns: list[Problem]) -> None:
    attached: dict[tuple[int, bool], SelectorSet] = {}     # the first output for each trail and command
    disagreed: set[tuple[int, bool]] = set()
    for selector_set in sets:
        index = find(selector_set.trail_arn)
        command = "get-event-selectors" if selector_set.insights is None else "get-insight-selectors"
        if index is None:
            unknowns.append(Problem(
                f"{command} output for {selector_set.trail_arn or 'an unnamed trail'} matches no "
                f"trail in the inputs; lint it together with the describe-trails output",
                at=selector_set.origin.at, subject="selectors"))
            continue
        draft = drafts[index]
        if draft.trail.origin.kind not in (InputKind.AWS_CLI, InputKind.TERRAFORM_STATE):
            continue
        key = (index, selector_set.insights is None)
        earlier = attached.setdefault(key, selector_set)
        if key in disagreed:
            continue
        if _said(earlier) != _said(selector_set):
            disagreed.add(key)
            _disagree(draft, command, (earlier, selector_set), unknowns)
            continue
        if selector_set.insights is not None:
            draft.changes["insights"] = selector_set.insights
            _held_in(draft, selector_set.origin, ("insights",))
        elif selector_set.event_selectors is not None and selector_set.advanced_selectors is not None:
            draft.changes["event_selectors"] = selector_set.event_selectors
            draft.changes["advanced_selectors"] = selector_set.advanced_selectors
            _held_in(draft, selector_set.origin, ("event_selectors", "advanced_selectors"))


def _attach_tags(drafts: list[_Draft], find: Callable[[str | None], int | None], lists: Sequence[TrailTags],
                 unknowns: list[Problem]) -> None:
    """list-tags output: every tag of each trail it names that is read from AWS CLI output (a plan's or
    template's tags are those it writes; a state's tags_all are all of them already). Two outputs of one
    trail that differ leave its tags not known (one TL002 naming both); trails no input defines are one
    TL002 per file."""
    attached: dict[int, TrailTags] = {}     # the first output for each trail
    disagreed: set[int] = set()
    unmatched: dict[str, list[TrailTags]] = {}
    for listed in lists:
        index = find(listed.trail_arn)
        if index is None:
            unmatched.setdefault(listed.origin.file, []).append(listed)
            continue
        draft = drafts[index]
        if draft.trail.origin.kind is not InputKind.AWS_CLI:
            continue
        earlier = attached.setdefault(index, listed)
        if index in disagreed:
            continue
        if earlier is listed:
            draft.changes["tags"] = listed.tags
            _held_in(draft, listed.origin, ("tags",))
            continue
        if earlier.tags == listed.tags:
            continue
        disagreed.add(index)
        files = " and ".join(dict.fromkeys(os.path.basename(t.origin.file) for t in (earlier, listed)))
        unknowns.append(Problem(f"tags of trail {draft.trail.label!r} are not known: its list-tags outputs ({files}) "
                                "do not say the same", at=earlier.origin.at, resource=draft.trail.origin.resource,
                                subject="tags"))
        draft.changes["tags"] = UNKNOWN
    for missing in unmatched.values():
        unknowns.append(Problem(
            f"list-tags output for {few(t.trail_arn for t in missing)} matches no trail in the inputs; lint it "
            "together with the describe-trails output", at=missing[0].origin.at, subject="tags"))


def _held_in(draft: _Draft, output: Origin, fields: tuple[str, ...]) -> None:
    """The trail's ``fields`` placed where the output joined to it (get-event-selectors,
    get-insight-selectors, get-trail-status) holds them, so that a finding about them points there,
    not at the trail in describe-trails (which has a flag in their place, or nothing)."""
    origin = draft.get("origin")
    draft.changes["origin"] = replace(origin, keys={**origin.keys, **{field: output.of(field) for field in fields}})


def _said(selector_set: SelectorSet) -> tuple[object, ...]:
    """What an output says of its trail (not how it names it: by ARN or by name)."""
    return selector_set.event_selectors, selector_set.advanced_selectors, selector_set.insights


def _disagree(draft: _Draft, command: str, sets: Sequence[SelectorSet], unknowns: list[Problem]) -> None:
    """Two outputs of one command for one trail that say different things (taken before and after a
    change): which holds now is not known, and neither is used. The event selectors are read as a
    value not known (not as left out of the inputs), so the rules that need them name this TL002."""
    field = "event_selectors" if command == "get-event-selectors" else "insights"
    files = " and ".join(dict.fromkeys(os.path.basename(s.origin.file) for s in sets))
    what = "what trail {!r} records" if field == "event_selectors" else "which Insights trail {!r} has"
    unknowns.append(Problem(
        f"{what.format(draft.trail.name)} is not known: its {command} outputs ({files}) do not say the same",
        at=draft.trail.origin.of(field), subject="selectors"))
    draft.changes[field] = UNKNOWN
    if field == "event_selectors":
        draft.changes["advanced_selectors"] = ()
    # neither output holds them: the unknown is said, and its checks named, at the trail's own place
    fields = ("event_selectors", "advanced_selectors") if field == "event_selectors" else (field,)
    _held_in(draft, draft.trail.origin, fields)


def _attach_statuses(drafts: list[_Draft], find: Callable[[str | None], int | None], statuses: Sequence[TrailStatus],
                     unknowns: list[Problem]) -> None:
    # get-trail-status output does not name its trail; only a single trail is unambiguous.
    live = [i for i, d in enumerate(drafts) if d.trail.origin.kind is InputKind.AWS_CLI][:2]
    for status in statuses:
        index = find(status.trail)
        if index is None and status.trail is None:
            index = live[0] if len(live) == 1 else None
        if index is None:
            unknowns.append(Problem(
                "get-trail-status output does not say which trail it describes and more than one (or no) "
                "trail is known; its IsLogging value is not used", at=status.origin.at, subject="status"))
            continue
        draft = drafts[index]
        if draft.get("logging") is None:
            draft.changes["logging"] = status.logging
            _held_in(draft, status.origin, ("logging",))
        if status.errors:
            draft.changes["delivery_errors"] = draft.get("delivery_errors") + status.errors


def _finder(drafts: Sequence[_Draft]) -> Callable[[str | None], int | None]:
    """The index of the first trail an output names by ARN (or, not being an ARN, by name), found
    through one index of the trails instead of a scan per output (a snapshot has one per trail)."""
    arns: dict[str, int] = {}
    names: dict[str, int] = {}
    for i, draft in enumerate(drafts):
        arn, name = draft.get("arn"), draft.trail.name
        if isinstance(arn, str):
            arns.setdefault(arn, i)
        if isinstance(name, str):
            names.setdefault(name, i)

    def find(ref: str | None) -> int | None:
        if not ref:
            return None
        found = [i for i in (arns.get(ref), None if ref.startswith("arn:") else names.get(ref)) if i is not None]
        return min(found) if found else None
    return find


def _regions_not_known(trails: Iterable[Trail]) -> Iterator[Problem]:
    """One TL002 for the trails whose home Region nothing says, per Region they share (a stack's, a
    provider configuration's): one cause, one value --region gives them all."""
    for group in unknown_regions(trails).values():
        first = group[0]
        label = first.scope.region_label if first.scope and first.scope.region else ""
        it = "it" if len(group) == 1 else "them"
        left = f"quota and cost checks count {it} in {label}, coverage checks leave {it} out" if label \
            else f"Region checks (quota, coverage, cost) leave {it} out"
        named = f"trail {first.label!r}" if len(group) == 1 else f"trails {few(repr(t.label) for t in group)}"
        yield Problem(f"home Region of {named} is not known: pass --region or set `region` in .trail-lint.yaml; "
                      f"{left}", at=first.origin.of("region"), resource=first.origin.resource or first.label,
                      subject="region")


def _regions_seen(trails: Iterable[Trail], snapshots: Iterable[Snapshot], default: str | None,
                  manifests: Iterable[Manifest] = ()) -> tuple[str, ...]:
    """The Regions the inputs name: trails' homes, the Regions listings were taken in and those a
    snapshot's manifest says it read (a part of a snapshot holds only some accounts' listings)."""
    seen = {t.region for t in trails if isinstance(t.region, str)}
    seen |= {s.region for s in snapshots if isinstance(s.region, str)}
    seen |= {region for manifest in manifests for account in manifest.accounts for region in account.regions}
    if default:
        seen.add(default)
    return tuple(sorted(seen))

