"""What a topic or key rule cannot check statement by statement, gathered over its trails so that each
target is said once (``Pending``, ``pending_problems``): a topic or key no input defines, one created
without a policy, one whose policy may be one whose target is not known, and each open check.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TypeVar

from trail_lint.delivery_links import created_without_policy, maybe_untargeted, untargeted
from trail_lint.delivery_problems import not_in_inputs, reported, shared_problem, undecided
from trail_lint.model import At, Inventory, Problem, ResourcePolicy, Trail
from trail_lint.problems import first_to_name
from trail_lint.records import record
from trail_lint.scope.home import shadow_placed


def missing_targets(inventory: Inventory, missing: Mapping[str | int, list[Trail]], what: str,
                    field: str) -> Iterator[Problem]:
    """Topics or keys (the trails' ``field``) that no input defines or attaches a policy to, by
    target_key: each said once (not_in_inputs)."""
    shadows = shadow_placed(inventory) if any(len(trails) > 1 for trails in missing.values()) else frozenset()
    for key, trails in missing.items():
        yield not_in_inputs(first_to_name(trails, shadows), what, field,
                            f"{field}:{key}" if isinstance(key, str) else None)


def target_key(trail: Trail, name: object) -> str | int:
    """How trails name one topic or key, the same in every run: its ARN; a bare name or id in the
    trail's account and Region; the trail's own question when its name or account is not known."""
    if not isinstance(name, str):
        return id(trail)
    if name.startswith("arn:"):
        return name
    if isinstance(trail.account, str) and isinstance(trail.region, str):
        return f"{trail.account}:{trail.region}:{name}"
    return id(trail)


@dataclass
class OpenChecks:
    """A rule's policy checks the inputs do not settle, gathered over its trails: one TL002 per policy
    statement, subject, resource and request (``undecided``), said as for the first trail it blocks
    and naming the others."""

    found: dict[tuple[At, str, str, str], tuple[str, list[Trail]]] = dataclass_field(default_factory=dict)

    def add(self, trail: Trail, subject: str, said: str, at: At, resource: str, action: str) -> None:
        self.found.setdefault((at, subject, resource, action), (said, []))[1].append(trail)

    def problems(self) -> Iterator[Problem]:
        for (at, subject, resource, action), (said, trails) in self.found.items():
            yield undecided(trails, subject, said, at, resource, action)


@record
class Target:
    """What a delivery rule checks the resource policy of, the same for each trail: its topic or key."""

    kind: str       # as messages name it: "SNS topic"
    field: str      # the trail's field naming it: "sns_topic"
    ref: str        # the trail's field holding its reference: "sns_topic_ref"
    service: str    # the service of its resource policies: "sns"
    policy: str     # as messages name its policy: "topic policy"
    needs: str      # what CloudTrail does with it, which its default policy does not let it: "publish notifications"


@dataclass
class Pending:
    """The trails of a topic or key rule whose target's policy it cannot check statement by statement,
    gathered so that each target is said once (``pending_problems``)."""

    target: Target
    missing: dict[str | int, list[Trail]] = dataclass_field(default_factory=dict)   # no target nor policy in the inputs
    maybe: dict[str | int, list[Trail]] = dataclass_field(default_factory=dict)     # a policy whose target is not known may be its
    unguarded: dict[int, tuple[ResourcePolicy, list[Trail]]] = dataclass_field(default_factory=dict)   # created without one
    open: OpenChecks = dataclass_field(default_factory=OpenChecks)


def policies_to_check(inventory: Inventory, pending: Pending, trail: Trail,
                      found: Sequence[ResourcePolicy]) -> list[ResourcePolicy]:
    """The policies of the trail's topic or key (``found``, as topic_policies / key_policies give them)
    to check statement by statement; none where the trail joins ``pending`` instead: neither the target
    nor a policy of it in the inputs (unless a reader already reports the name the trail gives as
    unknown), a target created without a policy, or one with its default policy while a policy whose
    target is not known may be its own."""
    target = pending.target
    name = getattr(trail, target.field)
    if not found:
        if name is not None and not reported(inventory, (trail.origin.of(target.field),)):
            (pending.maybe if untargeted(inventory, target.service) else pending.missing).setdefault(
                target_key(trail, name), []).append(trail)
        return []
    created = created_without_policy(inventory, found)
    if created is not None:
        pending.unguarded.setdefault(id(created), (created, []))[1].append(trail)
        return []
    if all(attached.default for attached in found):
        pending.maybe.setdefault(target_key(trail, name), []).append(trail)
        return []
    return [attached for attached in found if not attached.default]


def pending_problems(inventory: Inventory, pending: Pending) -> Iterator[Problem]:
    """What ``pending`` gathered, each said once: a target not in the inputs (not_in_inputs), one whose
    policy may be one whose target is not known (maybe_untargeted), each open check (TL002), and a
    target created without a policy, which blocks every trail that uses it and one policy fixes (one
    finding, at the target)."""
    target = pending.target
    yield from missing_targets(inventory, pending.missing, target.kind, target.field)
    if pending.maybe:
        yield from maybe_untargeted(inventory, [
            (_named(trails[0], target.field, getattr(trails[0], target.ref)), trails)
            for trails in pending.maybe.values()], target.kind, target.service)
    yield from pending.open.problems()
    for created, trails in pending.unguarded.values():
        shown = _named(trails[0], target.field, created.target)
        yield shared_problem(trails, f"{target.kind} {shown!r}", f"has the default {target.policy}, which does not "
                             f"let CloudTrail {target.needs}", created.origin.at, created.origin.resource,
                             "default-policy")


Other = TypeVar("Other")


def _named(trail: Trail, field: str, otherwise: Other) -> str | Other:
    """The name the trail gives its topic or key, where it is a literal; else ``otherwise``."""
    name = getattr(trail, field)
    return name if isinstance(name, str) else otherwise
