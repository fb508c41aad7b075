"""Terraform registrations of delegated administrators → the CloudTrail delegated administrators they
make, and the management account they are applied from.

Only the organization's management account can register a delegated administrator, for CloudTrail
("Only the organization management account can assign a CloudTrail delegated administrator") as for
any service through Organizations ("You can only call this operation from the management account"):
the provider configuration that manages a registration is the management account's, as is the one
that manages the organization.
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
https://docs.aws.amazon.com/organizations/latest/APIReference/API_RegisterDelegatedAdministrator.html
https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail_organization_delegated_admin_account
https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/organizations_delegated_administrator
"""
from __future__ import annotations

from collections.abc import Iterable

from trail_lint.model import (
    CLOUDTRAIL_PRINCIPAL,
    UNKNOWN,
    DelegatedAdministrator,
    Existence,
    OrgNode,
    OrgNodeKind,
)
from trail_lint.normalise.terraform.common import Instance, text
from trail_lint.normalise.terraform.config import Reading
from trail_lint.normalise.terraform.policies import origin_of

CLOUDTRAIL_ADMIN = "aws_cloudtrail_organization_delegated_admin_account"
ORGANIZATIONS_ADMIN = "aws_organizations_delegated_administrator"
TYPES = (CLOUDTRAIL_ADMIN, ORGANIZATIONS_ADMIN)
# model field -> argument, of both resource types
_KEYS = {"account": "account_id", "service": "service_principal"}


def delegations(scope: Reading, instances: Iterable[Instance]
                ) -> tuple[tuple[OrgNode, ...], tuple[DelegatedAdministrator, ...]]:
    """The management accounts the registrations are applied from, and the CloudTrail delegated
    administrators they register (one of another service is left out)."""
    nodes: list[OrgNode] = []
    admins: list[DelegatedAdministrator] = []
    for instance in instances:
        if instance.mode != "managed" or instance.existence is Existence.DELETED:
            continue
        origin = origin_of(scope, instance, instance.node, _KEYS)
        deployment = instance.deployment or scope.deployment(instance)
        nodes.append(OrgNode(deployment.account or scope.account_key(instance), OrgNodeKind.MANAGEMENT, None, origin,
                             deployment=deployment))
        service = CLOUDTRAIL_PRINCIPAL if instance.type == CLOUDTRAIL_ADMIN else text(instance.node, "service_principal")
        if service is None or (isinstance(service, str) and service != CLOUDTRAIL_PRINCIPAL):
            continue
        account = text(instance.node, "account_id")
        admins.append(DelegatedAdministrator(account if isinstance(account, str) and account else UNKNOWN, origin,
                                             service if isinstance(service, str) else UNKNOWN))
    return tuple(nodes), tuple(admins)
