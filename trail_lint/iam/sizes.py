"""How many characters IAM and AWS Organizations let a policy hold, against Policy.size.

IAM and AWS STS quotas (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html):
a managed policy holds at most 6,144 characters; the inline policies of a user at most 2,048 together,
of a group 5,120, of a role 10,240; "IAM does not count white space when calculating the size of a
policy against these quotas". A role's trust policy holds at most 2,048 characters by default, a
quota an account may have raised to 4,096 ("Role trust policy length"), counted "in non-whitespace
characters" (GetAccountSummary's AssumeRolePolicySizeQuota,
https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html).

AWS Organizations quotas (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html):
an SCP and an RCP hold at most 5,120 characters each, white space outside quotation marks counted
("All characters in your RCP count against its maximum size",
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html).

Policy.size is the fewest characters other than white space any JSON text of the document holds,
so a size above a quota is one the service refuses however the document is written; a size at or
under it says nothing (white space, escapes and values not known offline may count more).
"""
from __future__ import annotations

from trail_lint.model import Policy, PrincipalKind
from trail_lint.scope.arns import is_aws_managed

MANAGED_POLICY_QUOTA = 6144
INLINE_POLICIES_QUOTA = {PrincipalKind.USER: 2048, PrincipalKind.GROUP: 5120, PrincipalKind.ROLE: 10240}
# The most any one identity-based policy may hold, of whichever kind: a larger one is refused.
IDENTITY_POLICY_MOST = max(MANAGED_POLICY_QUOTA, *INLINE_POLICIES_QUOTA.values())
TRUST_POLICY_QUOTA = 2048           # by default
TRUST_POLICY_QUOTA_MOST = 4096      # the most an account's quota may be raised to
ORGANIZATIONS_POLICY_QUOTA = 5120   # an SCP, an RCP


def oversized(policy: Policy, quota: int) -> bool:
    """Whether every JSON text of the policy holds more characters than the quota allows. An AWS
    managed policy is AWS's own, held to no quota of an account's (ReadOnlyAccess holds 40,000)."""
    return policy.size is not None and policy.size > quota and not is_aws_managed(policy.arn)


def trust_size_undecided(policy: Policy) -> bool:
    """Whether a role's trust policy holds more than the default quota but no more than the most it
    may be raised to: whether IAM refuses it is the account's quota."""
    return oversized(policy, TRUST_POLICY_QUOTA) and not oversized(policy, TRUST_POLICY_QUOTA_MOST)
