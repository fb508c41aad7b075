"""Principals as every reader builds them: one builder for Terraform, CloudFormation and IAM CLI output.

A reader defines the users, groups and roles its input declares (``define``), then hands over what
the input attaches to them: inline policies, managed policies by reference, permissions boundaries
and group memberships. An attachment names its principal by the input's own key (a Terraform
address, a CloudFormation logical id) or by name; the builder resolves a name one way for every
reader: the principal of that kind and name the input defines, else a stub of its own that holds
what the input attaches to it. A target that cannot be known offline is one TL002 problem, worded
the same for every reader. ``principals()`` freezes the result in the order principals were met.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from trail_lint.model import (
    UNKNOWN,
    At,
    Cause,
    Deployment,
    Origin,
    Policy,
    PolicyRef,
    Principal,
    PrincipalKind,
    Problem,
    Unknown,
)
from trail_lint.scope.arns import account_from_arn

# A permission set's customer managed policy (or boundary) is the IAM policy of that name and path in
# each account the set is assigned to, which the inputs do not tie to it.
# https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_CustomerManagedPolicyReference.html
CUSTOMER_MANAGED = Cause("a permission set's customer managed policy is the policy of its name in each account "
                         "it is assigned to")


@dataclass
class Draft:
    """A principal being assembled; frozen into a Principal by ``PrincipalBuilder.principals``."""

    id: str
    kind: PrincipalKind
    name: str | Unknown
    origin: Origin
    account: str | None = None
    inline: list[Policy] = field(default_factory=list)
    managed: list[PolicyRef] = field(default_factory=list)
    boundary: PolicyRef | None = None
    groups: list[str] = field(default_factory=list)
    tags: tuple[tuple[str, str], ...] | Unknown = UNKNOWN
    unique_id: str | None = None
    trust: Policy | Callable[[], Policy] | None = None    # a role's trust policy (Principal.trust)
    deployment: Deployment | None = None                  # Principal.deployment
    partition: str | None = None                          # Principal.partition
    path: str | None = None                               # Principal.path


@dataclass
class PrincipalBuilder:
    """The principals of one input and the managed policies it defines, by the input's keys.

    ``before`` is when an unknown value becomes known ("apply", "deployment"). ``bare_stub_ids``:
    the reader names its principals by name (CloudFormation), so a stub is named by its name too,
    unless a principal already has that id; otherwise a stub is ``KIND/NAME``. A stub named by
    ARN is that ARN, in the ARN's account.
    """

    problems: list[Problem]
    before: str
    bare_stub_ids: bool = False
    drafts: list[Draft] = field(default_factory=list)          # in the order they were met
    ids: dict[str, Draft] = field(default_factory=dict)
    by_key: dict[str, Draft] = field(default_factory=dict)
    by_name: dict[tuple[PrincipalKind, str], Draft] = field(default_factory=dict)
    policy_ids: dict[str, str] = field(default_factory=dict)   # a managed policy's key → its id

    def define(self, key: str, principal_id: str, kind: PrincipalKind, name: str | Unknown, origin: Origin, *,
               account: str | None = None, tags: tuple[tuple[str, str], ...] | Unknown = UNKNOWN,
               unique_id: str | None = None, deployment: Deployment | None = None) -> Draft:
        """A principal the input declares, under the input's own key for it."""
        draft = self.ids.get(principal_id)
        if draft is not None and draft.kind is kind:
            # One principal read twice (a plan may list a role in its prior state and again in its
            # planned values): the later reading replaces the earlier, where that was met.
            draft.name, draft.origin, draft.account, draft.tags, draft.unique_id, draft.deployment = \
                name, origin, account, tags, unique_id, deployment
            draft.inline, draft.managed, draft.boundary, draft.groups, draft.trust = [], [], None, [], None
        else:
            draft = Draft(principal_id, kind, name, origin, account, tags=tags, unique_id=unique_id,
                          deployment=deployment)
            self.drafts.append(draft)
            self.ids.setdefault(principal_id, draft)
        self.by_key[key] = draft
        if isinstance(name, str):
            self.by_name[(kind, name)] = draft
        return draft

    def named(self, kind: PrincipalKind, name: str, origin: Origin) -> Draft:
        """The principal of ``kind`` called ``name`` (or with this ARN); one the input does not
        define gets a stub whose origin is where it is named."""
        found = self.by_name.get((kind, name))
        if found is not None:
            return found
        if name.startswith("arn:"):      # attachments accept a role's or user's ARN too
            principal_id, short = name, name.rsplit("/", 1)[-1]
        else:
            bare = self.bare_stub_ids and name not in self.ids
            principal_id, short = (name if bare else f"{kind.value}/{name}"), name
        draft = self.ids.get(principal_id)
        if draft is None:
            draft = self.ids[principal_id] = Draft(principal_id, kind, short, origin, account_from_arn(name))
            self.drafts.append(draft)
        self.by_name[(kind, name)] = draft
        return draft

    def unresolved(self, what: str, owner: str, at: At) -> None:
        """An attachment whose principal cannot be known offline."""
        self.problems.append(Problem(f"{what} of {owner} is not known before {self.before}", at, resource=owner,
                                     attachment=True))

    def define_policy(self, key: str, policy_id: str) -> None:
        """A managed policy the input defines: references to ``key`` name it as ``policy_id``."""
        self.policy_ids[key] = policy_id

    def policy_ref(self, key: str, origin: Origin) -> PolicyRef:
        """A reference to the managed policy the input defines under ``key``."""
        return PolicyRef(self.policy_ids.get(key, key), origin)

    @staticmethod
    def join(users: list[Draft], groups: list[Draft]) -> None:
        for user in users:
            user.groups.extend(group.id for group in groups)

    def principals(self) -> tuple[Principal, ...]:
        return tuple(Principal(id=d.id, kind=d.kind, name=d.name, account=d.account,
                               inline_policies=tuple(d.inline), managed_policies=tuple(d.managed),
                               boundary=d.boundary, groups=tuple(dict.fromkeys(d.groups)), origin=d.origin,
                               tags=d.tags, unique_id=d.unique_id, trust=d.trust, deployment=d.deployment,
                               partition=d.partition, path=d.path)
                     for d in self.drafts)
