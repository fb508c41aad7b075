"""A trail's account scope (model.Scope): which account and Region it is in, as far as the inputs tie
them, and which accounts and Regions it records. The inventory sets the scope on every trail when it
is built; ``scope_of`` also answers for a trail built without an inventory (tests, single objects)."""
from __future__ import annotations

from trail_lint.model import UNKNOWN, Hole, Scope, Trail, Tri, all_of
from trail_lint.scope.names import GLOBAL_EVENTS_REGION, partition_of


def trail_partition(trail: Trail) -> str | None:
    """The partition of a trail's home Region; None when the Region is not known."""
    return partition_of(trail.region) if isinstance(trail.region, str) else None


def bound_holes(trail: Trail) -> dict[str, str]:
    """The named holes of the trail's deployment (its account, Region, partition) whose text is now
    known (--account, config `accounts`, --region): a policy of the same provider configuration or
    stack that names them (a Terraform `data.aws_caller_identity`, `${AWS::AccountId}`) names the
    trail's own."""
    found: dict[str, str] = {}
    for name, value in (("account", trail.account), ("region", trail.region), ("partition", trail_partition(trail))):
        held = trail.holes.get(name)
        if isinstance(value, str) and value and held and len(held) == 1 and isinstance(held[0], Hole) \
                and held[0].name and not held[0].anything:
            found[held[0].name] = value
    return found


def account_id(account: str | None) -> str | None:
    """The account ID of a Scope.account key; None for a deployment whose account is not known
    (its key, "terraform:…" or "file:…", is never all digits)."""
    return account if account is not None and account.isdigit() else None


def region_name(region: str | None) -> str | None:
    """The Region name of a Scope.region key; None for a deployment's unknown Region (its key,
    "terraform:…" or "cloudformation:…", has a colon, which no Region name has)."""
    return None if region is None or ":" in region else region


def scope_of(trail: Trail) -> Scope:
    return trail.scope if trail.scope is not None else scope_for(trail, trail.account, trail.region)


def scope_for(trail: Trail, account: object, region: object) -> Scope:
    """The scope of a trail with the account and Region the inventory settled for it: known ones
    are themselves; an unknown one is its deployment's (a provider configuration or a stack is
    one account and one Region); without a deployment, the account is the file's own."""
    deployment = trail.deployment
    known = account if isinstance(account, str) and account else None
    if known is not None:
        key, label = known, f"account {known}"
    elif deployment is not None:
        key, label = deployment.key, deployment.label
    else:
        key, label = f"file:{trail.origin.file}", trail.origin.file
    if isinstance(region, str):
        return Scope(key, label, region, region, account_id=known, region_name=region)
    if deployment is not None and deployment.region_key:
        return Scope(key, label, deployment.region_key, deployment.region_label, account_id=known)
    return Scope(key, label, None, account_id=known)


# --- Which trails record an account and a Region ----------------------------------------------

def covers_account(trail: Trail, account: str | None) -> Tri:
    """Whether the trail records the account scope (None: the account is not named).

    An organization trail records every account of its organization; the accounts of the run
    are taken to be its members. A trail whose account no input ties may or may not be in the
    account: absence rules count it (`is not False`), duplicate rules do not (`is True`)."""
    own = scope_of(trail).account
    if own == account:
        return True
    if account is None or account_id(own) is None or account_id(account) is None:
        return UNKNOWN
    return trail.organization is True


def in_home_partition(trail: Trail, region: str) -> bool:
    """Whether the Region may be in the partition of the trail's home Region: False only where both are
    named and their partitions differ. A multi-Region trail records in every Region of its own partition,
    never in another's (a trail of us-east-1 never records cn-north-1): "CloudTrail records events in all
    AWS Regions in the AWS partition in which you are working".
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-getting-started.html"""
    return _one_partition(scope_of(trail).region, region)


def _one_partition(home: str | None, region: str) -> bool:
    """in_home_partition, of a trail whose home Region (or its deployment's key) is ``home``."""
    # region_name spelled out: this is asked for every trail in every Region of a run
    return home is None or home == region or ":" in home or ":" in region \
        or partition_of(home) == partition_of(region)


def covers_region(trail: Trail, region: str) -> Tri:
    """Whether the trail records the Region (a name, or the key of a deployment's unknown Region)."""
    own = scope_of(trail).region
    if own is not None and own == region:
        return True
    if not _one_partition(own, region):
        return False
    if trail.multi_region is True:
        return True
    if own is None or region_name(own) is None or region_name(region) is None:
        return UNKNOWN    # one of the two Regions is not known: they may be the same
    return False if trail.multi_region is False else UNKNOWN


def receives_global_events(trail: Trail) -> Tri:
    """Whether global service events reach the trail (three-valued), whatever its selectors record:
    CloudTrail records them in GLOBAL_EVENTS_REGION only, for a trail that covers it with
    IncludeGlobalServiceEvents on, which a multi-Region trail always has (CreateTrail and UpdateTrail
    refuse one without it, "Multi-Region trail must include global service events", TL202).
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events"""
    included = True if trail.multi_region is True else trail.include_global_events
    return all_of((included, covers_region(trail, GLOBAL_EVENTS_REGION)))


def multi_region(trail: Trail) -> Tri:
    """Whether the trail is multi-Region, as far as the inputs settle it: one not known offline whose
    IncludeGlobalServiceEvents is off is not (a multi-Region trail must include global service events,
    ``receives_global_events``)."""
    return False if trail.multi_region is UNKNOWN and trail.include_global_events is False else trail.multi_region


def global_events_open(trail: Trail) -> str | None:
    """The flag not known offline that leaves ``receives_global_events`` open (multi_region or
    include_global_events); None when that is known, or open only because a Region is not known."""
    if receives_global_events(trail) is not UNKNOWN:
        return None
    if trail.multi_region is UNKNOWN and trail.include_global_events is not False:
        return "multi_region"
    return "include_global_events" if trail.include_global_events is UNKNOWN else None
