"""An organization trail is created, or a trail converted, from an account that may not do it.

## Why it matters
CreateTrail with `IsOrganizationTrail` true is accepted only from the organization's management
account or a CloudTrail delegated administrator ("cannot be true unless the call is made on behalf
of an AWS account that is the management account or delegated administrator account for an
organization"); from any other account it fails (`NotOrganizationMasterAccountException`), so the
deployment stops and the organization is left without the trail it was meant to get. Converting a
trail to or from an organization trail (UpdateTrail, a Terraform plan changing
`is_organization_trail`) is the management account's alone: "Only the management account for the
organization can convert an organization trail to a non-organization trail, or convert a
non-organization trail to an organization trail" (API UpdateTrail), so a plan doing it from another
account, a delegated administrator too, is reported where the trail's account and the management
account are known.

The check runs where the inputs settle it: the trail is still to be created (a template, a
configuration, a plan's create), its account is known (an ARN, `--account`, config `accounts`, a
provider's `allowed_account_ids`), the organization's management account is known (config
`management-account`, a snapshot's describe-organization, the account of the provider configuration
that manages `aws_organizations_organization` or registers a delegated administrator: only the
management account can do either) and is another account, and the account is not a CloudTrail
delegated administrator. An account is one where a Terraform input registers it
(`aws_cloudtrail_organization_delegated_admin_account`, or `aws_organizations_delegated_administrator`
with `service_principal = "cloudtrail.amazonaws.com"`: in a plan, a state or `.tf`) or a snapshot's
manifest lists it; it is none only where a snapshot lists them all (`trail-lint collect` reads
`organizations list-delegated-administrators --service-principal cloudtrail.amazonaws.com`), since
an organization may have up to three, registered anywhere: a registration of another account does
not say this one is none. Where all is known but that, whether the account is one is said once per
account as TL002 naming this rule; where a registration's account is not known offline (known only
after apply, a variable without a value), whether it registers the trail's account is said once, in
the TL002 of that value (the variable's, naming this rule) or, where no reader says it, as a TL002 of
this rule at the registration. Where the management account or the trail's account is not known,
nothing is said (an organization trail written without its organization is the usual case, and not
a question the inputs raise). CloudFormation has no resource that registers a CloudTrail delegated
administrator (neither `AWS::CloudTrail::*` nor `AWS::Organizations::*`): a stack's organization
trail is settled by a snapshot or by config `management-account`. Which account's quota of trails
per Region a delegated administrator's organization trail counts against the CloudTrail pages do not
say (the management account owns it: "The organization's management account remains the owner of
any CloudTrail organization resources the delegated administrator creates"; the 2023 page "Prepare
for creating a trail for your organization" says creation fails when the management or delegated
administrator account is at its quota in the Region): the quota rules (TL101, TL102) and the
organization summary count it in the account that creates it, and where it alone fills or exceeds
that account's quota they say, as TL002, that this is not documented.

An organization trail needs an organization with all features enabled: CreateTrail fails with
`OrganizationNotInAllFeaturesModeException` ("All features must be enabled in Organizations to
support creating an organization trail or event data store") in one with consolidated billing
features only. Where the inputs say the organization's feature set is `CONSOLIDATED_BILLING`
(describe-organization's `FeatureSet`; the `FeatureSet` of `AWS::Organizations::Organization` or
the `feature_set` of `aws_organizations_organization`, `ALL` where left out), each organization
trail created (or trail turned into one) is reported for that alone, whichever account creates it.
Where they write the feature set but it is not known offline (a `feature_set` known only after
apply or set by a variable without a value, a `FeatureSet` parameter without a Default), whether
the organization trails can be made is not known: one TL002 naming this rule, at the organization.

## Fix
Terraform: deploy the `aws_cloudtrail` with `is_organization_trail = true` through a provider
configuration of the management account, or register the account first, with the management
account's provider configuration, and let the trail depend on it:
`resource "aws_cloudtrail_organization_delegated_admin_account" "audit" { account_id = "222222222222" }`
(or `resource "aws_organizations_delegated_administrator" "audit" { account_id = "222222222222"
service_principal = "cloudtrail.amazonaws.com" }`), then `depends_on =
[aws_cloudtrail_organization_delegated_admin_account.audit]` on the trail.
A change of `is_organization_trail` on an existing trail: apply it with the management account's
provider configuration (or create a new organization trail from a delegated administrator).
CloudFormation: deploy the stack in the management account or a delegated administrator account
(`IsOrganizationTrail: true` elsewhere fails; changing it on an existing trail, in the management
account only). CloudFormation cannot register the delegated administrator: do it once with the CLI
or Terraform below, from the management account.
An organization with consolidated billing features only: enable all features first
(`aws organizations enable-all-features`, which every member account must approve; Terraform
`feature_set = "ALL"`, CloudFormation `FeatureSet: ALL`).
CLI: from the management account,
`aws cloudtrail register-organization-delegated-admin --member-account-id ACCOUNT_ID` (or
`aws organizations register-delegated-administrator --account-id ACCOUNT_ID --service-principal
cloudtrail.amazonaws.com`), then create the trail from that account; or
`aws cloudtrail create-trail --is-organization-trail ...` from the management account.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_org_support-all-features.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_RegisterOrganizationDelegatedAdmin.html
- https://docs.aws.amazon.com/organizations/latest/APIReference/API_RegisterDelegatedAdministrator.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/AWS_CloudTrail.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/AWS_Organizations.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail_organization_delegated_admin_account
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/organizations_delegated_administrator
"""
from collections.abc import Iterator

from trail_lint.delegation import (
    Delegation,
    billing_only,
    cloudtrail_delegation,
    features_unknown,
    the_management_account,
)
from trail_lint.model import (
    UNKNOWN_VALUE_SUBJECT,
    DelegatedAdministrator,
    Existence,
    Inventory,
    OrgNode,
    Problem,
    Trail,
)
from trail_lint.problems import few, trail_problem
from trail_lint.records import replace
from trail_lint.rule import Rule, Severity
from trail_lint.scope.trail_scope import scope_of


def check(inventory: Inventory) -> Iterator[Problem]:
    if billing_only(inventory):
        yield from _billing_only(inventory)
        return      # one cause: whoever creates them, no organization trail can be created
    if (organization := features_unknown(inventory)) is not None:
        yield from _features_unknown(inventory, organization)
    management = the_management_account(inventory)
    if management is None:
        return      # not known, or the inputs describe more than one organization: not settled
    delegation = cloudtrail_delegation(inventory)
    unsure: dict[str, list[Trail]] = {}
    pending: dict[int, tuple[DelegatedAdministrator, list[Trail]]] = {}     # by id() of the registration
    for trail in inventory.trails:
        account = scope_of(trail).account_id
        if account is None or account == management:
            continue
        if trail.converted and trail.existence is Existence.EXISTS:
            # converting is the management account's alone, a delegated administrator's too
            turned = "to" if trail.organization is True else "from"
            yield trail_problem(
                trail, f"trail {trail.label!r} is turned {turned} an organization trail in account {account}, which "
                       f"is not the management account ({management}): UpdateTrail refuses it",
                trail.origin.of("organization"))
            continue
        if trail.organization is not True or trail.existence not in (Existence.CREATED, Existence.CONDITIONAL) \
                or account in delegation.known:
            continue
        if blocking := delegation.open_for(account):
            for registration in blocking:
                pending.setdefault(id(registration), (registration, []))[1].append(trail)
        elif not delegation.complete:
            unsure.setdefault(account, []).append(trail)
        else:
            yield trail_problem(
                trail, f"organization trail {trail.label!r} is created in account {account}, which is neither the "
                       f"management account ({management}) nor a CloudTrail delegated administrator: CreateTrail "
                       "refuses it", trail.origin.of("organization"))
    for account, trails in unsure.items():
        yield _unsure(trails, account, management, delegation)
    for registration, trails in pending.values():
        yield _pending(registration, trails)


def _made(inventory: Inventory) -> Iterator[tuple[Trail, bool]]:
    """Organization trails to be created (True), or trails turned into one (False)."""
    for trail in inventory.trails:
        created = trail.existence in (Existence.CREATED, Existence.CONDITIONAL)
        if trail.organization is True and (created or (trail.converted and trail.existence is Existence.EXISTS)):
            yield trail, created


def _features_unknown(inventory: Inventory, organization: OrgNode) -> Iterator[Problem]:
    """One TL002 for the organization trails to be made in an organization whose feature set is not
    known offline, at the organization: CreateTrail refuses them if it has consolidated billing only."""
    trails = [trail for trail, _ in _made(inventory)]
    if trails:
        problem = trail_problem(
            trails[0], f"whether {_names(trails)} can be made is not known: the feature set of the organization "
                       f"({organization.origin.resource or organization.id}) is not known offline, and an "
                       "organization with consolidated billing features only refuses organization trails",
            organization.origin.at, subject=f"organization-features:{organization.origin.resource}")
        yield replace(problem, undecided=True)


def _billing_only(inventory: Inventory) -> Iterator[Problem]:
    """Organization trails to be created, or trails turned into one, in an organization with consolidated
    billing features only."""
    for trail, created in _made(inventory):
        verb = "CreateTrail" if created else "UpdateTrail"
        yield trail_problem(
            trail, f"organization trail {trail.label!r} needs an organization with all features enabled, and its "
                   f"organization has consolidated billing features only (FeatureSet CONSOLIDATED_BILLING): {verb} "
                   "refuses it", trail.origin.of("organization"))


def _names(trails: list[Trail]) -> str:
    which = "organization trails" if len(trails) > 1 else "organization trail"
    return f"{which} {few([repr(t.label) for t in trails])}"


def _unsure(trails: list[Trail], account: str, management: str, delegation: Delegation) -> Problem:
    """One TL002 per account: the inputs do not list every delegated administrator."""
    first = trails[0]
    registered = (f"register only {few(list(delegation.registered))} as a CloudTrail delegated administrator, "
                  "not every one the organization may have (up to three; a snapshot taken with `trail-lint "
                  "collect` lists them)"
                  if delegation.registered else
                  "do not list the organization's CloudTrail delegated administrators (a snapshot taken with "
                  "`trail-lint collect` does)")
    problem = trail_problem(
        first, f"whether account {account} may create {_names(trails)} is not known: it is not the management "
               f"account ({management}), and the inputs {registered}",
        first.origin.of("organization"), subject=f"organization-trail-creator:{account}")
    return replace(problem, undecided=True)


def _pending(registration: DelegatedAdministrator, trails: list[Trail]) -> Problem:
    """One TL002 per registration whose account (or service) is not known offline, at that value: the
    reader's TL002 for it, if any, names this rule instead."""
    accounts = list(dict.fromkeys(str(scope_of(t).account_id) for t in trails))
    unknown = "account" if not isinstance(registration.account, str) else "service"
    what = "an account not known offline" if unknown == "account" else \
        f"account {registration.account} for a service not known offline"
    first = trails[0]
    problem = trail_problem(
        first, f"whether account{'s' if len(accounts) > 1 else ''} {few(accounts)} may create {_names(trails)} is "
               f"not known: {registration.origin.resource} registers {what} as a CloudTrail delegated administrator",
        registration.origin.of(unknown),
        subject=f"{UNKNOWN_VALUE_SUBJECT}delegated-administrator:{registration.origin.resource}")
    return replace(problem, undecided=True)


RULE = Rule(id="TL226", name="organization-trail-not-allowed", severity=Severity.ERROR, applies_to=Inventory,
            check=check, doc=__doc__)
