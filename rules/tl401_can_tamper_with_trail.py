"""A principal can stop, delete or reconfigure a trail.

## Why it matters
Whoever can call `StopLogging`, `DeleteTrail`, `UpdateTrail` or `PutEventSelectors` on a
trail can switch off the record of what they do next. Attackers who gain such a principal
do exactly that first. Keep these permissions to the few roles that manage trails, and
protect the trails with a Deny (an SCP or a permissions boundary) for everyone else.

These four are the CloudTrail actions that change what a trail records or where it delivers it:
`StopLogging` suspends recording and delivery, `DeleteTrail` removes the trail, `UpdateTrail`
can point it at another bucket or key, make it single-Region or drop global service events,
and `PutEventSelectors` can leave management or data events out. Other writes are not counted:
`PutInsightSelectors` only turns Insights (an analysis of the management events the trail
still records) on or off; `PutEventConfiguration` on a trail sets the aggregation of its data
events into summaries, which come beside the events; `AddTags` and `RemoveTags` change no
logging (a Deny that depends on a tag is reported by TL407 as conditional);
`PutResourcePolicy`, `DeleteResourcePolicy`, `DisableFederation` and the event data store
actions act on channels, dashboards and event data stores, never on a trail (the Service
Authorization Reference lists no trail resource type for them). Actions of other services (on
the log bucket or the KMS key) are not counted here.

trail-lint evaluates the identity policies of every user, role and policy document in the
inputs (with group policies, permissions boundaries and SCPs) against every known trail.
SCPs restrict only the accounts below the root, OUs or accounts they are attached to, next to
the `FullAWSAccess` policy Organizations attaches at every level, and never the management
account; an SCP statement without `Resource` allows every resource, as the SCP syntax page's
example does (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html),
and what such a Deny covers, which no page says, is left open (TL002); policy variables such as `${aws:username}` take the principal's own values. Groups
are not reported here: their members are. A grant under a condition on the request itself that
the principal's own request can meet is a grant, reported with that condition: "Allow StopLogging
when `aws:MultiFactorAuthPresent` is true" is stopped logging by a user who signs in with MFA
("... can StopLogging on 'audit' when aws:MultiFactorAuthPresent is true"), and so is a Deny unless
`aws:SourceIp` is in a range, by a request from that range ("when aws:SourceIp is in
203.0.113.0/24"). The keys read so are those the requester chooses by how it calls: MFA
(`aws:MultiFactorAuthPresent`, `aws:MultiFactorAuthAge`), where it calls from (`aws:SourceIp`,
`aws:VpcSourceIp`, `aws:SourceVpc`, `aws:SourceVpce`, `aws:SourceVpcArn`), when (`aws:CurrentTime`,
`aws:EpochTime`: from now on, so a window that has closed grants nothing), how (`aws:SecureTransport`,
`aws:UserAgent`, `aws:Referer`) and through which service (`aws:ViaAWSService`, `aws:CalledVia`,
`aws:CalledViaFirst`, `aws:CalledViaLast`). A request comes through a VPC endpoint or not: "This key is
included in the request context, except when the requester uses a VPC endpoint" (`aws:SourceIp`), and
only one through an endpoint carries `aws:SourceVpce`, `aws:SourceVpc`, `aws:SourceVpcArn` and
`aws:VpcSourceIp`; so an Allow when `aws:SourceIp` is absent (`Null` true) is a grant through an
endpoint, and one asking for an address range and an endpoint at once grants nothing. trail-lint looks for one request that meets the Allow's
conditions on these keys and fails a condition of every Deny on them, and evaluates it with every
other policy; an Allow and a Deny that no such request tells apart (an Allow from `10.2.0.0/16` and a
Deny from `10.0.0.0/8`) grant nothing. Allow blocks asking the same (their conditions in another order)
are one; past eight distinct requests, Allow blocks alike but for the values of one condition (one
Allow per office range) are also tried as one, the requests that fail the most Denies first, and
where the eight tried leave a grant open, one TL002 says that the others were not tried. Values are read as the condition operators page writes them:
an address against a range of the other IP version or against every address (`0.0.0.0/0`), a number
with a sign or an exponent, decides nothing, and the grant stays conditional. What the inputs do not settle stays conditional and is not
reported: `trail-lint access` shows it (an SCP that may or may not apply, a variable or a tag that
depends on the session, a condition on another key); a condition no request of the principal can
meet (`aws:PrincipalAccount` of another account, a `aws:PrincipalTag` it does not have) grants nothing.
A role's sessions carry no session tag where its trust policy, in the inputs, allows no `sts:TagSession`
("For roles without this permission in the trust policy, the AssumeRole operation fails"): its own tags
then decide `aws:PrincipalTag` as a user's do. A statement not known offline that may act on a trail (written beside a Terraform
`dynamic` block or `concat`'d to a list not known, a Resource known only after apply) leaves the
grant open: it is said once, in the TL002 of the value it depends on, naming this rule. So is a
statement a `dynamic "statement"` block makes over a `for_each` not known offline, read as its
`content` writes it: it may be there or not, so an Allow of it is a conditional grant, and a Deny of
it may take away only what it names. A condition on the trail itself is decided trail by trail where the inputs hold
what it asks (attribute-based access control, "ABAC (tags in policies): Yes" for CloudTrail): its
tags (`aws:ResourceTag/<key>`, from a Terraform plan's or state's `tags_all`, or `list-tags` output
beside the trail's AWS CLI output) and its account
(`aws:ResourceAccount`). "Allow StopLogging where `aws:ResourceTag/team` is `dev`" is then a grant
on the trails tagged `team = dev` and none on a trail whose tags are known and lack it (the key is
absent from the request, so `StringEquals` fails). A trail whose tags no input holds in full stays
conditional: AWS CLI output without its `list-tags` output (said once as TL002), a CloudFormation template (the
stack's own tags propagate to the trail), `.tf` sources (default tags may come from
`TF_AWS_DEFAULT_TAGS_<key>` environment variables), default tags not known offline. The Region of
the request (`aws:RequestedRegion`) is the trail's home Region for every action reported here:
CloudTrail performs StopLogging, DeleteTrail, UpdateTrail and PutEventSelectors only when called
in that Region (`InvalidHomeRegionException` otherwise), so "Allow `cloudtrail:*` where
`aws:RequestedRegion` is `eu-west-1`" is a grant on the trails homed in `eu-west-1`, and a Region
SCP that denies everything outside `eu-west-1` leaves none on the trails homed elsewhere. A trail
whose Region the inputs do not say (a CloudFormation template without `--region`) stays
conditional: where a condition on `aws:RequestedRegion` leaves a grant open there, the TL002 saying
that its home Region is not known names this rule.
A principal acts only on the trails of its own account (CloudTrail's resource-based policies are
for event data stores, dashboards and channels, never trails):
a principal whose account no input ties (a CloudFormation template's role, a `.tf` role whose
provider names no account, a bare policy document) beside a trail of a known account from another
input (`describe-trails` output of `111122223333`) may or may not be in that account, so its grant
there is conditional and not reported, with one TL002 per template or provider configuration
(a module's principals: one per root module calling it), naming the template or root module whose
entry under `accounts:` ties it; `--account` or `account:` in `.trail-lint.yaml` does too. A trail of
the principal's own template or root module is its own account's and is reported. A trail of the
template or root module that creates the organization (`AWS::Organizations::Organization`,
`aws_organizations_organization`) is in the management account, which SCPs never restrict ("SCPs
don't affect users or roles in the management account"): its own principals' grants there are
decided without them, and a principal of another template or root module, which may or may not be
in that account, is conditional there as on a trail of a known account (`StopLogging` as
`UpdateTrail`, whatever an SCP denies), its TL002 naming the management account's trails. Nor is such a principal given the account the run infers from other inputs for what
else its account settles: which SCPs are over it (a Deny at the root is not over the management
account, which it may be in) and `aws:PrincipalAccount` stay open, and a decision they would
change is conditional, its reasons (`trail-lint access -v`) naming the unknown account. On a
trail of a known account it is judged as that account's principal (if it is not in that
account it cannot act on the trail at all): that account's SCPs and `aws:PrincipalAccount`, so
a Deny over that account denies, and what they allow stays conditional.
`aws:PrincipalOrgID` and `aws:PrincipalOrgPaths` are decided for an account the inputs place in
the organization, where they name the organization's ID (`describe-organization` output, a
snapshot's manifest, a Terraform `aws_organizations_organization`): the path is
`o-id/r-id/ou-id/.../`, read with `ForAnyValue:`/`ForAllValues:` string operators
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgpaths).
The root user of each account the inputs model is not reported: it may do everything in its account
unless an SCP denies it, which no one granted and no policy of the account can change, so every
account would have the finding. `trail-lint access` shows its row; TL407 reports the guardrails that
leave it out, and TL405 checks it against an access intent that names it (`arn:aws:iam::*:root`).
A service-linked role (`AWSServiceRoleForCloudTrail`, at the path `/aws-service-role/`) is not
reported either: only its service can assume it, and no one can edit its trust policy or its
permissions (CloudTrailServiceRolePolicy allows `cloudtrail:*` so that CloudTrail can manage
organization trails), so it gives no user or role of the account a way to stop a trail.

## Fix
A condition on the request (MFA, a source address or VPC endpoint) narrows who can tamper to those
who can make such a request; it does not take the permission away from them. Where the principal
must not stop a trail at all, remove the grant or deny it unconditionally.
Terraform: narrow the `aws_iam_policy` / `aws_iam_role_policy` statement (drop the
actions, or scope `resources` to the trails the role must manage), or add a Deny for these
actions in an `aws_organizations_policy` SCP.
CloudFormation: narrow the `AWS::IAM::Policy` / `AWS::IAM::ManagedPolicy` statement, or add
a Deny statement for the actions.
CLI: `aws iam put-role-policy` / `aws iam create-policy-version --set-as-default` with the
narrowed document; `aws iam detach-role-policy` for a managed policy that grants too much.
Where access follows tags, condition the statement on `aws:ResourceTag/<key>` and keep that tag
off the trails the role must not touch (Terraform: the `aws_cloudtrail` `tags`; CloudFormation:
the trail's `Tags`; CLI: `aws cloudtrail remove-tags --resource-id TRAIL_ARN --tags-list Key=KEY`).

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/security_iam_id-based-policy-examples.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/security_iam_service-with-iam.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/security_iam_resource-based-policy-examples.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-resource-tags.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
- https://docs.aws.amazon.com/service-authorization/latest/reference/list_cloudtrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutInsightSelectors.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/aggregating-data-events.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/using-service-linked-roles.html
"""
from collections.abc import Iterator
from functools import reduce
from operator import or_

from trail_lint.iam.access import (
    TAMPER_ACTIONS,
    AccessReport,
    TrailView,
    principal_label,
    region_left_open,
    view_trail_list,
)
from trail_lint.iam.masks import partition, positions
from trail_lint.model import PrincipalKind, Problem
from trail_lint.rule import Rule, Severity


def check(report: AccessReport) -> Iterator[Problem]:
    described: dict[tuple[int, ...], str] = {}    # principals with the same policies share their masks
    rows = [row for row in report.rows
            # the root user is not granted: every root user can, unless an SCP denies it; only its
            # service acts as a service-linked role: no one can use it to tamper
            if row.principal.kind is not PrincipalKind.ROOT and not row.principal.service_linked]
    # a condition on the Region of a trail whose home Region is not known: said in that Region's TL002
    yield from region_left_open(report, rows, TAMPER_ACTIONS)
    for row in rows:
        masks = [row.trail_masks[action] for action in TAMPER_ACTIONS]
        key = (id(row.view), *(id(m) for m in masks))
        if key not in described:
            described[key] = _granted(report, [mask.allowed for mask in masks], row.view, row.principal.account)
        granted = [described[key]] if described[key] else []
        # grants under conditions on the request that a request of the principal meets, by those conditions
        for said in dict.fromkeys(said for action, _, said in row.requested if action in TAMPER_ACTIONS):
            allowed = [sum(mask for action, mask, on in row.requested if action == tamper and on == said)
                       for tamper in TAMPER_ACTIONS]
            granted.append(f"{_granted(report, allowed, row.view, row.principal.account)} when {said}")
        if granted:
            principal = row.principal
            yield Problem(f"{principal_label(principal)} can {'; '.join(granted)}", at=principal.origin.at,
                          resource=principal.id, account=principal.account, subject=f"tamper:{principal.id}")


_NAMES = tuple(action.split(":")[1] for action in TAMPER_ACTIONS)     # as the messages name them


def _granted(report: AccessReport, allowed: list[int], view: TrailView, account: str | None) -> str:
    """What each tamper action is allowed on (local masks over the view's trails), per set of tamper actions."""
    # The trails some tamper action is allowed on, split into groups allowed the same actions (each
    # group's actions named once, not once per trail), in the order of each group's first trail.
    granted = []
    for group in sorted(partition(allowed, reduce(or_, allowed, 0)), key=lambda group: group & -group):
        actions = ", ".join(name for name, mask in zip(_NAMES, allowed) if mask & group)
        labels = [report.trails[view.bits[bit]].label for bit in positions(group)]
        granted.append(f"{actions} on {view_trail_list(labels, report, view, account)}")
    return "; ".join(granted)


RULE = Rule(id="TL401", name="can-tamper-with-trail", severity=Severity.WARNING, applies_to=AccessReport,
            check=check, doc=__doc__)

