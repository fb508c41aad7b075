"""A trail's account scope: the one place that says which account and Region a trail is in, as far
as the inputs tie them (see model.Scope). The inventory sets it on every trail when it is built;
``scope_of`` also answers for a trail built without an inventory (tests, single objects)."""
from __future__ import annotations

from trail_lint.model import Scope, Trail


def account_id(account: str | None) -> str | None:
    """The account ID of a Scope.account key; None for a deployment whose account is not known."""
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
    account_id = account if isinstance(account, str) and account else None
    if account_id is not None:
        key, label = account_id, f"account {account_id}"
    elif deployment is not None:
        key, label = deployment.key, deployment.label
    else:
        key, label = f"file:{trail.origin.file}", trail.origin.file
    if isinstance(region, str):
        return Scope(key, label, region, region, account_id=account_id, region_name=region)
    if deployment is not None and deployment.region_key:
        return Scope(key, label, deployment.region_key, deployment.region_label, account_id=account_id)
    return Scope(key, label, None, account_id=account_id)
