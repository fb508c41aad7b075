"""A CloudTrail delegated administrator is registered that the organization cannot have.

## Why it matters
RegisterOrganizationDelegatedAdmin (and Organizations' RegisterDelegatedAdministrator for
`cloudtrail.amazonaws.com`) refuses two registrations: the organization's management account
(`CannotDelegateManagementAccountException`: "thrown when the management account of an
organization is registered as the CloudTrail delegated administrator"), and a fourth account
("You can have a maximum of three CloudTrail delegated administrators per organization";
`DelegatedAdminAccountLimitExceededException`). The deployment stops there, and whatever depends
on the registration (an organization trail the account was to create) is not made.

The check counts what the inputs say: the registrations of a configuration or plan
(`aws_cloudtrail_organization_delegated_admin_account`, `aws_organizations_delegated_administrator`
with `service_principal = "cloudtrail.amazonaws.com"`) together with the delegated administrators a
snapshot lists. A registration whose account is not known offline is not counted (TL226 says what it
leaves open). The management account is the one the inputs name (config `management-account`,
describe-organization, the account of the provider configuration that registers a delegated
administrator: only the management account can).

## Fix
Register a member account, not the management account (which administers CloudTrail itself), and
no more than three: deregister one first.
Terraform: remove the `aws_cloudtrail_organization_delegated_admin_account` (or
`aws_organizations_delegated_administrator`) of the management account or of the fourth account.
CloudFormation has no resource that registers one.
CLI: `aws cloudtrail deregister-organization-delegated-admin --delegated-admin-account-id ACCOUNT_ID`
before `aws cloudtrail register-organization-delegated-admin --member-account-id ACCOUNT_ID`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_RegisterOrganizationDelegatedAdmin.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail_organization_delegated_admin_account
"""
from collections.abc import Iterator

from trail_lint.delegation import the_management_account
from trail_lint.model import CLOUDTRAIL_PRINCIPAL, Inventory, Problem
from trail_lint.problems import few
from trail_lint.rule import Rule, Severity

MOST_DELEGATED_ADMINISTRATORS = 3


def check(inventory: Inventory) -> Iterator[Problem]:
    management = the_management_account(inventory)
    listed = {a for m in inventory.manifests for a in m.delegated_administrators or ()}
    accounts = set(listed)
    for registration in inventory.delegated_administrators:
        account = registration.account
        if not isinstance(account, str) or registration.service != CLOUDTRAIL_PRINCIPAL:
            continue
        at = registration.origin.of("account")
        if account == management:
            yield Problem(f"{registration.origin.resource or account} registers the management account ({account}) as "
                          "a CloudTrail delegated administrator: RegisterOrganizationDelegatedAdmin refuses it",
                          at=at, resource=registration.origin.resource, account=account)
            continue
        if account in accounts:
            continue
        accounts.add(account)
        if len(accounts) > MOST_DELEGATED_ADMINISTRATORS:
            yield Problem(f"{registration.origin.resource or account} registers account {account} as the CloudTrail "
                          f"delegated administrator number {len(accounts)} (with {few(sorted(accounts - {account}))}); "
                          f"an organization can have at most {MOST_DELEGATED_ADMINISTRATORS}",
                          at=at, resource=registration.origin.resource, account=account)


RULE = Rule(id="TL227", name="delegated-administrator-refused", severity=Severity.ERROR, applies_to=Inventory,
            check=check, doc=__doc__)
