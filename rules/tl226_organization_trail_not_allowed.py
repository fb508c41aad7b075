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
`management-account`, a snapshot's describe-organization, the account that manages
`aws_organizations_organization`) and is another account, and the organization's CloudTrail
delegated administrators are all known (a snapshot whose manifest lists them: `trail-lint collect`
reads `organizations list-delegated-administrators --service-principal cloudtrail.amazonaws.com`)
and the account is not one of them. Where all is known but the delegated administrators, whether
the account is one is said once per account as TL002 naming this rule; where the management
account or the trail's account is not known, nothing is said (an organization trail written
without its organization is the usual case, and not a question the inputs raise). Which account's
quota of trails per Region a delegated administrator's organization trail counts against the
CloudTrail pages do not say (the management account owns it; the 2023 page "Prepare for creating
a trail for your organization" says creation fails when the management or delegated administrator
account is at its quota in the Region): the quota rules (TL101, TL102) count it in the account
that deploys it, and that stays open.

## Fix
Terraform: deploy the `aws_cloudtrail` with `is_organization_trail = true` through a provider
configuration of the management account, or register the account first:
`resource "aws_cloudtrail_organization_delegated_admin_account" "x" { account_id = "…" }` (applied
from the management account).
A change of `is_organization_trail` on an existing trail: apply it with the management account's
provider configuration (or create a new organization trail from a delegated administrator).
CloudFormation: deploy the stack in the management account or a delegated administrator account
(`IsOrganizationTrail: true` elsewhere fails; changing it on an existing trail, in the management
account only).
CLI: from the management account,
`aws cloudtrail register-organization-delegated-admin --member-account-id ACCOUNT_ID`, then create
the trail from that account; or `aws cloudtrail create-trail --is-organization-trail ...` from the
management account.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_RegisterOrganizationDelegatedAdmin.html
"""
from collections.abc import Iterator

from trail_lint.delivery import management_accounts
from trail_lint.model import Existence, Inventory, Problem, Trail
from trail_lint.problems import few, trail_problem
from trail_lint.records import replace
from trail_lint.rule import Rule, Severity
from trail_lint.scope import is_account_id, scope_of


def check(inventory: Inventory) -> Iterator[Problem]:
    management = sorted(m for m in management_accounts(inventory) if is_account_id(m))
    if len(management) != 1:
        return      # not known, or the inputs describe more than one organization: not settled
    delegated = _delegated(inventory)
    unsure: dict[str, list[Trail]] = {}
    for trail in inventory.trails:
        account = scope_of(trail).account_id
        if account is None or account == management[0]:
            continue
        if trail.converted and trail.existence is Existence.EXISTS:
            # converting is the management account's alone, a delegated administrator's too
            turned = "to" if trail.organization is True else "from"
            yield trail_problem(
                trail, f"trail {trail.label!r} is turned {turned} an organization trail in account {account}, which "
                       f"is not the management account ({management[0]}): UpdateTrail refuses it",
                trail.origin.of("organization"))
            continue
        if trail.organization is not True or trail.existence not in (Existence.CREATED, Existence.CONDITIONAL):
            continue
        if delegated is None:
            unsure.setdefault(account, []).append(trail)
        elif account not in delegated:
            yield trail_problem(
                trail, f"organization trail {trail.label!r} is created in account {account}, which is neither the "
                       f"management account ({management[0]}) nor a CloudTrail delegated administrator: CreateTrail "
                       "refuses it", trail.origin.of("organization"))
    for account, trails in unsure.items():
        first = trails[0]
        names = few([repr(t.label) for t in trails])
        which = "organization trails" if len(trails) > 1 else "organization trail"
        problem = trail_problem(
            first, f"whether account {account} may create {which} {names} is not known: it is not the "
                   f"management account ({management[0]}), and the inputs do not list the organization's CloudTrail "
                   "delegated administrators (a snapshot taken with `trail-lint collect` does)",
            first.origin.of("organization"), subject=f"organization-trail-creator:{account}")
        yield replace(problem, undecided=True)


def _delegated(inventory: Inventory) -> frozenset[str] | None:
    """The CloudTrail delegated administrators, when an input lists every one; None otherwise."""
    listed = [m.delegated_administrators for m in inventory.manifests if m.delegated_administrators is not None]
    return frozenset(a for found in listed for a in found) if listed else None


RULE = Rule(id="TL226", name="organization-trail-not-allowed", severity=Severity.ERROR, applies_to=Inventory,
            check=check, doc=__doc__)
