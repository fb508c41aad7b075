"""The root user of each account the inputs model, as a principal of the access analysis.

The root user of an AWS account is created with it, cannot be deleted, and has complete access to
every resource of its account: no identity policy or permissions boundary can be attached to it,
so none limits it. SCPs do: they apply to every principal of a member account, the root user
included, and never to the management account (scp_levels, as for the account's other principals).
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html

RCPs, which also reach the root user, are not read here: they cover a few services' resources
(Amazon S3, AWS STS, AWS KMS, Amazon SQS, AWS Secrets Manager), never CloudTrail's.
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
A trail has no resource-based policy, so a root user acts on its own account's trails only: its row
covers those, as any principal's of the account (access.reachable).

Only the accounts whose IAM the inputs model get one (an authorization-details file, a snapshot
account, a template or configuration whose principals' account the inputs tie): an account no
input ties is never pooled with another, and none is made up.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from trail_lint.model import (
    ROOT_USER_FILE,
    Origin,
    Policy,
    Principal,
    PrincipalKind,
    Statement,
    Trail,
)
from trail_lint.scope.arns import arn_fields, root_arn
from trail_lint.scope.names import is_account_id
from trail_lint.scope.trail_scope import trail_partition

# What the root user may do without any policy: every action on its account's resources. Held as
# a policy so that the evaluator limits it by the SCPs over the account as it limits any grant.
ROOT_ACCESS = Policy("root user's own access (every action on its account's resources)",
                     (Statement("Allow", actions=("*",), resources=("*",),
                                origin=Origin(ROOT_USER_FILE, ("root",))),),
                     origin=Origin(ROOT_USER_FILE, ("root",)))


def root_name(account: str) -> str:
    return f"root ({account})"


def root_users(principals: Iterable[Principal], trails: Iterable[Trail],
               account_of: Callable[[Principal], str | None],
               trail_account_of: Callable[[Trail], str | None]) -> tuple[Principal, ...]:
    """One root user for each account of the ``principals`` (their account: ``account_of``), in the
    order the accounts first appear. Its ARN names the partition of the account's principals' ARNs,
    else of its trails; where neither says, it has no ARN (its id is its name)."""
    found: dict[str, tuple[Origin, set[str]]] = {}
    for principal in principals:
        if principal.kind is PrincipalKind.DOCUMENT:     # a bare policy document models no account
            continue
        account = account_of(principal)
        if not isinstance(account, str) or not is_account_id(account):
            continue
        held = found.get(account)
        if held is None:
            origin = principal.origin
            held = found[account] = (Origin(origin.file, (), kind=origin.kind, root=origin.root), set())
        fields = arn_fields(principal.id)
        if fields and fields[4] == account:
            held[1].add(fields[1])
    if not found:
        return ()
    for trail in trails:
        account = trail_account_of(trail)
        if account in found:
            fields = arn_fields(trail.arn)
            partition = fields[1] if fields else trail_partition(trail)
            if partition:
                found[account][1].add(partition)
    return tuple(root_user(account, next(iter(partitions)) if len(partitions) == 1 else None, origin)
                 for account, (origin, partitions) in found.items())


def root_user(account: str, partition: str | None, origin: Origin) -> Principal:
    """The root user of ``account``, said to be defined where the inputs model the account (``origin``:
    the start of the first file holding one of its principals). It has no tags (IAM tags users and
    roles only)."""
    name = root_name(account)
    return Principal(root_arn(partition, account) if partition else name, PrincipalKind.ROOT, name,
                     account=account, inline_policies=(ROOT_ACCESS,), origin=origin, tags=())
