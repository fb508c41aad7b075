"""Which accounts may act for an organization in CloudTrail, as the inputs say: its management
account, and its CloudTrail delegated administrators (the one place that reads a snapshot's list,
every one, and the registrations a configuration makes, at least these, together).

A delegated administrator may create organization trails ("can perform the same administrative
tasks … in CloudTrail as the management account"); an organization may have up to three
("You can have a maximum of three CloudTrail delegated administrators per organization"), so one
registration does not say that another account is none.
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
"""
from __future__ import annotations

from trail_lint.model import UNKNOWN, DelegatedAdministrator, Inventory, OrgNode, OrgNodeKind, Unknown
from trail_lint.records import record
from trail_lint.scope.names import is_account_id


def management_accounts(inventory: Inventory) -> frozenset[str]:
    """The accounts the inputs say are an organization's management account (by ID, or by the key
    of the deployment that manages the organization or registers a delegated administrator, a
    trail's ``Scope.account`` where no input says its ID): an organization trail they deploy is their own."""
    return frozenset(node.id for node in inventory.organization
                     if node.kind is OrgNodeKind.MANAGEMENT)


def billing_only(inventory: Inventory) -> bool:
    """Whether the inputs describe one organization and say it has consolidated billing features only:
    CloudTrail creates organization trails only in an organization with all features enabled
    (CreateTrail, OrganizationNotInAllFeaturesModeException)."""
    nodes = [node for node in inventory.organization if node.kind is OrgNodeKind.MANAGEMENT]
    said = {node.all_features for node in nodes if node.all_features is not None}
    return said == {False} and len({node.id for node in nodes if is_account_id(node.id)}) <= 1


def features_unknown(inventory: Inventory) -> OrgNode | None:
    """The management account's node whose organization's feature set the inputs write but do not
    know offline (``feature_set`` known after apply), where they describe one organization and none
    says it outright: whether CloudTrail can create organization trails there is not known."""
    nodes = [node for node in inventory.organization if node.kind is OrgNodeKind.MANAGEMENT]
    if any(isinstance(node.all_features, bool) for node in nodes) \
            or len({node.id for node in nodes if is_account_id(node.id)}) > 1:
        return None
    return next((node for node in nodes if node.all_features is UNKNOWN), None)


def the_management_account(inventory: Inventory) -> str | None:
    """The management account's ID, where the inputs name exactly one (more: they describe several
    organizations, and which one a trail belongs to is not settled)."""
    known = [m for m in management_accounts(inventory) if is_account_id(m)]
    return known[0] if len(known) == 1 else None


@record
class Delegation:
    known: frozenset[str]           # accounts the inputs say are delegated administrators
    complete: bool                  # a snapshot lists every one: an account not listed is none (but see open)
    # registrations whose account or service is not known offline: any account may be the one they register
    open: tuple[DelegatedAdministrator, ...] = ()
    registered: tuple[str, ...] = ()    # the accounts the registrations of the inputs name, in order

    def open_for(self, account: str) -> tuple[DelegatedAdministrator, ...]:
        """The registrations that may make ``account`` a delegated administrator, the inputs cannot say."""
        return tuple(r for r in self.open if isinstance(r.account, Unknown) or r.account == account)


def cloudtrail_delegation(inventory: Inventory) -> Delegation:
    listed = [m.delegated_administrators for m in inventory.manifests if m.delegated_administrators is not None]
    registered = tuple(dict.fromkeys(r.account for r in inventory.delegated_administrators
                                     if isinstance(r.account, str) and isinstance(r.service, str)))
    return Delegation(frozenset(a for found in listed for a in found) | frozenset(registered), bool(listed),
                      tuple(r for r in inventory.delegated_administrators
                            if isinstance(r.account, Unknown) or isinstance(r.service, Unknown)), registered)
