"""Which bucket, topic, key and resource policies belong to a trail, found through one index per run.

A trail names its bucket, topic and key by literal name, ARN or (CloudFormation logical id /
Terraform address) reference; the inputs hold the resources and their policies under any of those.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import field as dataclass_field

from trail_lint.delivery_problems import not_in_inputs, reported, undecided
from trail_lint.model import (
    Bucket,
    Inventory,
    Origin,
    Problem,
    ResourcePolicy,
    Topic,
    Trail,
)
from trail_lint.problems import few, first_to_name, read_back
from trail_lint.records import record
from trail_lint.scope.arns import is_kms_key_id, is_sns_topic, region_from_arn
from trail_lint.scope.home import shadow_placed
from trail_lint.scope.names import PARTITIONS, is_region_name
from trail_lint.scope.trail_scope import trail_partition


def created_without_policy(inventory: Inventory, attached: Sequence[ResourcePolicy]) -> ResourcePolicy | None:
    """The trail's topic or key when the inputs create it without a policy and nothing in them replaces
    its default one (of the policies attached to it, as topic_policies / key_policies find them).
    A policy whose target is unknown may be the one that replaces it: then None, as for a policy."""
    if not attached or not all(p.default for p in attached):
        return None
    if attached[0].service in _index(inventory).untargeted:
        return None
    return attached[0]


def same_ref(ref: str | None, origin: Origin, other: str | None, other_origin: Origin) -> bool:
    """Two references to one resource: the same id where references reach (see `Origin.ref_scope`)."""
    return ref is not None and ref == other and origin.ref_scope == other_origin.ref_scope


def _names(literal: object, ref: str | None, origin: Origin) -> set[str]:
    """A literal name matches anywhere; a reference only where the references of the input at
    ``origin`` (the trail's, or the topic's) reach."""
    found = {literal} if isinstance(literal, str) and literal else set()
    return found | ({f"ref:{origin.ref_scope}:{ref}"} if ref else set())


def _target_names(target: object, origin: Origin) -> set[str]:
    if not isinstance(target, str):
        return set()
    return {target, f"ref:{origin.ref_scope}:{target}"}


@record
class Links:
    """An inventory's buckets and resource policies by the names trails use for them (indices in
    input order): built once with the inventory (Inventory.links), since each delivery rule asks
    about every trail."""

    buckets: tuple[Bucket, ...]
    by_resource: Mapping[tuple[str, str], list[int]]     # (ref_scope, resource) of a bucket
    by_name: Mapping[str, list[int]]                     # bucket name
    policies: tuple[ResourcePolicy, ...]
    by_target: Mapping[str, list[int]]                   # _target_names of an "s3" resource policy
    by_service: Mapping[str, list[ResourcePolicy]]
    untargeted: frozenset[str]      # services with a policy whose target is not known
    # log_buckets of an inventory these links belong to (its inventory, then the answer): five rules ask
    log_buckets: list[tuple[Inventory, list[tuple[Trail, Bucket | Problem]]]] = dataclass_field(
        default_factory=list, compare=False, repr=False)


def _index(inventory: Inventory) -> Links:
    """The Links of the inventory: those built with it, else built now (an inventory built in
    code, or one whose buckets or resource policies were replaced)."""
    found = inventory.links
    if isinstance(found, Links) and found.buckets is inventory.buckets and found.policies is inventory.resource_policies:
        return found
    return links(inventory.buckets, inventory.resource_policies)


def links(buckets: tuple[Bucket, ...], policies: tuple[ResourcePolicy, ...]) -> Links:
    """Buckets and resource policies indexed by the names trails use for them."""
    by_resource: dict[tuple[str, str], list[int]] = {}
    by_name: dict[str, list[int]] = {}
    for index, bucket in enumerate(buckets):
        by_resource.setdefault((bucket.origin.ref_scope, bucket.origin.resource), []).append(index)
        if isinstance(bucket.name, str):
            by_name.setdefault(bucket.name, []).append(index)
    by_target: dict[str, list[int]] = {}
    by_service: dict[str, list[ResourcePolicy]] = {}
    for index, attached in enumerate(policies):
        by_service.setdefault(attached.service, []).append(attached)
        if attached.service == "s3":
            for name in _target_names(attached.target, attached.origin):
                by_target.setdefault(name, []).append(index)
    untargeted = frozenset(p.service for p in policies if not isinstance(p.target, str))
    return Links(buckets, by_resource, by_name, policies, by_target, by_service, untargeted)


def log_bucket(inventory: Inventory, trail: Trail) -> Bucket | None:
    """The Bucket the trail delivers to, when the inputs create or describe it.

    The referenced resource first, then a bucket of that name in the trail's file, then one
    elsewhere; the first in input order among equals.
    """
    index = _index(inventory)
    if trail.s3_bucket_ref:
        referenced = index.by_resource.get((trail.origin.ref_scope, trail.s3_bucket_ref))
        if referenced:
            return index.buckets[referenced[0]]
    named = index.by_name.get(trail.s3_bucket, []) if isinstance(trail.s3_bucket, str) else []
    same_file = [n for n in named if index.buckets[n].origin.file == trail.origin.file]
    found = same_file or named
    return index.buckets[found[0]] if found else None


def log_buckets(inventory: Inventory) -> Iterator[tuple[Trail, Bucket | Problem]]:
    """Each live trail's log bucket, once per bucket; for a bucket not in the inputs, the undecided
    Problem (TL002, naming the rule it blocks) the log bucket rules yield, once per bucket name and
    partition (bucket names are global in a partition) at the first trail naming it (first_to_name).

    Found once per inventory: each log bucket rule (TL207, TL307, TL310, TL311, TL312) asks, and the
    answer depends on the inventory alone."""
    memo = _index(inventory).log_buckets
    if not memo or memo[0][0] is not inventory:
        memo[:] = [(inventory, list(_log_buckets(inventory)))]
    return iter(memo[0][1])


def _log_buckets(inventory: Inventory) -> Iterator[tuple[Trail, Bucket | Problem]]:
    seen: set[int] = set()
    missing: dict[tuple[str | None, str] | int, list[Trail]] = {}
    found: list[tuple[Trail, Bucket | tuple[str | None, str] | int]] = []
    for trail in inventory.live_trails():
        # a trail that names no bucket at all is rejected (TL211): it has no log bucket to look for
        if trail.s3_bucket is None or "s3_bucket" in trail.missing:
            continue
        bucket = log_bucket(inventory, trail)
        if bucket is None and not isinstance(trail.s3_bucket, str) \
                and reported(inventory, (trail.origin.of("s3_bucket"),)):
            continue    # a reader says already that the bucket is not known (the trail's Properties)
        if bucket is None:
            # A bucket whose name is not known is the trail's own question, never pooled.
            name = (trail_partition(trail), trail.s3_bucket) if isinstance(trail.s3_bucket, str) else id(trail)
            if name not in missing:
                found.append((trail, name))
            missing.setdefault(name, []).append(trail)
        elif id(bucket) not in seen:
            seen.add(id(bucket))
            found.append((trail, bucket))
    # computed once: a snapshot of many accounts can have a missing bucket shared per account
    shadows = shadow_placed(inventory) if any(len(trails) > 1 for trails in missing.values()) else frozenset()
    for trail, place in found:
        if isinstance(place, Bucket):
            yield trail, place
        else:
            trails = first_to_name(missing[place], shadows)
            yield trails[0], _not_in_inputs(trails, place if isinstance(place, tuple) else None)


def _not_in_inputs(trails: list[Trail], name: tuple[str | None, str] | None) -> Problem:
    """A log bucket no input defines, said once at the first trail that names it; with the trails
    naming it counted (SharedCause), when its name is known."""
    return not_in_inputs(trails, "log bucket", "s3_bucket",
                         None if name is None else f"log-bucket:{name[0] or ''}:{name[1]}")


def untargeted(inventory: Inventory, service: str) -> bool:
    """Whether the inputs hold a policy of the service whose target is not known (it may be any one's)."""
    return service in _index(inventory).untargeted


def maybe_untargeted(inventory: Inventory, subjects: Sequence[tuple[str | None, Sequence[Trail]]], kind: str,
                     service: str) -> Iterator[Problem]:
    """The trails' buckets, topics or keys (``subjects``: each one's name, if known, and its trails) that
    the inputs create without a policy, or do not hold, while a policy of the service whose target is not
    known may be their own (a bucket policy whose ``Bucket`` is a parameter without a Default): that
    policy may grant CloudTrail what it needs, or deny it, so neither a finding nor a pass. Each such
    policy is a cause of its own (the one that decides may be any of them): one TL002 per policy, at its
    target, naming what it may be the policy of (``kind``: "log bucket"), however many that is."""
    named = [repr(name) for name, _ in subjects if name]
    plural = len(subjects) > 1
    shown = f"{kind}{'s' if plural else ''}{' ' + few(named) if named else ''}"
    trails = list({id(trail): trail for _, found in subjects for trail in found}.values())
    for policy in _index(inventory).by_service.get(service, ()):
        if isinstance(policy.target, str):
            continue
        # at the policy's target where the reader maps it (a Terraform argument), else at the policy: where a
        # reader that knows why it is not known says so (the engine then names this check in that one TL002)
        at = policy.origin.of("target") if "target" in policy.origin.keys else policy.origin.at
        name = policy.origin.resource or policy.policy.name
        yield undecided(trails, shown, f"may have {'their' if plural else 'its'} policy in {name!r}, whose target is "
                        "not known offline", at, policy.origin.resource, "policy-target-not-known")


def bucket_name(inventory: Inventory, trail: Trail) -> str | None:
    if isinstance(trail.s3_bucket, str):
        return trail.s3_bucket
    bucket = log_bucket(inventory, trail)
    return bucket.name if bucket is not None and isinstance(bucket.name, str) else None


def bucket_policies(inventory: Inventory, trail: Trail) -> list[ResourcePolicy]:
    bucket = bucket_name(inventory, trail)
    names = _names(bucket, trail.s3_bucket_ref, trail.origin)
    # a bucket policy may name its bucket by ARN, in the trail's partition (any, where its Region is not known)
    partitions = (partition,) if (partition := trail_partition(trail)) else PARTITIONS
    names |= {f"arn:{p}:s3:::{bucket}" for p in partitions} if bucket else set()
    index = _index(inventory)
    found = sorted({n for name in names for n in index.by_target.get(name, ())})
    return [index.policies[n] for n in found]


def topic_policies(inventory: Inventory, trail: Trail) -> list[ResourcePolicy]:
    names = _names(trail.sns_topic, trail.sns_topic_ref, trail.origin)
    topic = trail.sns_topic if isinstance(trail.sns_topic, str) else None
    return [p for p in _index(inventory).by_service.get("sns", ()) if (
        names & _target_names(p.target, p.origin) or _same_arn_tail(p.target, topic, ":"))]


def key_policies(inventory: Inventory, trail: Trail) -> list[ResourcePolicy]:
    return policies_of_key(inventory, trail.kms_key_id, trail.kms_key_ref, trail.origin)


def policies_of_key(inventory: Inventory, key: object, ref: str | None, origin: Origin) -> list[ResourcePolicy]:
    """The policies of a KMS key named ``key`` (an id, an ARN) or referred to as ``ref`` by the
    resource at ``origin`` (a trail, a topic)."""
    names = _names(key, ref, origin)
    named = key if isinstance(key, str) else None
    return [p for p in _index(inventory).by_service.get("kms", ()) if (
        names & _target_names(p.target, p.origin) or _same_arn_tail(p.target, named, ":key/"))]


def trail_topics(inventory: Inventory) -> Iterator[tuple[Trail, Topic | None]]:
    """Each live trail that names an SNS topic, with that topic when the inputs create it: the
    referenced resource first, then one of that name or ARN; the first in input order among equals."""
    by_ref: dict[str, int] = {}
    by_name: dict[str, list[int]] = {}
    by_tail: dict[str, list[int]] = {}      # an ARN's topic name, for a trail that gives the name only
    for index, topic in enumerate(inventory.topics):
        by_ref.setdefault(f"ref:{topic.origin.ref_scope}:{topic.origin.resource}", index)
        by_name.setdefault(topic.name, []).append(index)
        if topic.name.startswith("arn:"):
            by_tail.setdefault(topic.name.rsplit(":", 1)[-1], []).append(index)
    for trail in inventory.live_trails():
        if trail.sns_topic is None:
            continue
        found = by_ref.get(f"ref:{trail.origin.ref_scope}:{trail.sns_topic_ref}") if trail.sns_topic_ref else None
        named = trail.sns_topic if isinstance(trail.sns_topic, str) and trail.sns_topic else None
        if found is None and named is not None:
            same = by_name.get(named, []) + (by_tail.get(named, []) if not named.startswith("arn:") else [
                n for n in by_name.get(named.rsplit(":", 1)[-1], []) if not inventory.topics[n].name.startswith("arn:")])
            found = min(same, default=None)
        yield trail, None if found is None else inventory.topics[found]


def names_no_topic(trail: Trail) -> bool:
    """Whether the trail gives as its SNS topic a text no topic can have, which TL218 reports: there is
    no topic whose policy or key could be asked about, so no TL002 that it is not in the inputs (as a
    value that names no log group is TL219's alone). A trail AWS lists is not: AWS accepted its topic."""
    topic = trail.sns_topic
    return isinstance(topic, str) and bool(topic) and not is_sns_topic(topic) and not read_back(trail)


def names_no_key(trail: Trail) -> bool:
    """Whether the trail gives as its KMS key a text in none of the forms CloudTrail takes (TL217 reports
    it): there is no key whose policy could be asked about. A trail AWS lists is not: AWS accepted its key."""
    key = trail.kms_key_id
    return isinstance(key, str) and bool(key) and not is_kms_key_id(key) and not read_back(trail)


def named_elsewhere(trail: Trail, topic: Topic | None) -> str | None:
    """The Region of ``topic``, the topic the trail refers to (a reference to a resource of the inputs),
    where the trail gives that topic's name alone and the topic is in another Region than the trail's
    home Region: a name names the topic of that name in the trail's own Region, so the trail does not
    name the topic it refers to (SnsTopicName takes "the name or the ARN"; aws_cloudtrail's
    sns_topic_name: "Specify the SNS topic ARN if it resides in another region"). None where the
    inputs do not say both Regions, or the trail gives a literal name (it may mean a topic of its own
    Region that the inputs do not hold)."""
    name = trail.sns_topic
    if topic is None or not isinstance(name, str) or not name or name.startswith("arn:") or \
            not same_ref(trail.sns_topic_ref, trail.origin, topic.origin.resource, topic.origin):
        return None
    region = topic.region if isinstance(topic.region, str) else region_from_arn(topic.name, "sns")
    return region if is_region_name(region) and is_region_name(trail.region) and region != trail.region else None


def _same_arn_tail(target: object, name: str | None, separator: str) -> bool:
    """A topic ARN and a topic name (or a key ARN and a key id) that name the same resource."""
    if not isinstance(target, str) or not name or target == name:
        return False
    if target.startswith("arn:") and not name.startswith("arn:"):
        return target.endswith(separator + name)
    if name.startswith("arn:") and not target.startswith("arn:"):
        return name.endswith(separator + target)
    return False
