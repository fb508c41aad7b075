"""A principal can stop logging on a trail but cannot start it again.

## Why it matters
A role that may stop logging but not start it is almost never what was meant: an operator
who pauses a trail for maintenance cannot resume it, and the gap in the record stays until
someone else notices. It often points at a policy that names `cloudtrail:StopLogging`
where `cloudtrail:*Logging` (or both actions) was intended, or at a Deny that covers only
one of them.

Only allowed actions count, as in TL401, where a StopLogging allowed to a request the principal can
make (signed in with MFA, from an address) counts, said with its conditions ("can stop logging on
'audit' when aws:MultiFactorAuthPresent is true but cannot start it again"); a StartLogging that is
conditional may still work, and leaves no gap. A principal whose account no input ties (a template's role)
is conditional on a trail of a known account from another input, and is not reported there.
Nor is an account's root user, which no policy grants anything: an SCP that denies it StartLogging
and not StopLogging denies the same to every principal of the account, and is reported for them.

## Fix
Terraform: add `cloudtrail:StartLogging` next to `cloudtrail:StopLogging` in the statement,
or drop `StopLogging` if the role should not pause logging at all.
CloudFormation: the same change in the `AWS::IAM::Policy` / `AWS::IAM::ManagedPolicy`
statement.
CLI: `aws iam put-role-policy` or `aws iam create-policy-version --set-as-default` with the
corrected document.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/security_iam_id-based-policy-examples.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html
"""
from collections.abc import Iterator

from trail_lint.iam.access import AccessReport, principal_label, region_left_open, view_trail_list
from trail_lint.model import PrincipalKind, Problem
from trail_lint.rule import Rule, Severity

STOP, START = "cloudtrail:StopLogging", "cloudtrail:StartLogging"


def check(report: AccessReport) -> Iterator[Problem]:
    # the root user is granted nothing (what an SCP leaves it is the SCP's gap); only its service acts as a service-linked role
    rows = [row for row in report.rows
            if row.principal.kind is not PrincipalKind.ROOT and not row.principal.service_linked]
    # a condition on the Region of a trail whose home Region is not known: said in that Region's TL002
    yield from region_left_open(report, rows, (STOP,))
    for row in rows:
        start = row.trail_masks[START]
        # Only a certain denial counts: a conditional or unknown StartLogging may still work.
        stopped = ~(start.allowed | start.conditional | start.unknown)
        gaps = row.trail_masks[STOP].allowed & stopped
        # and the stops a request of the principal is allowed (TL401), by the conditions it meets
        requested = [(mask & stopped, f" when {said}") for action, mask, said in row.requested if action == STOP]
        if not gaps and not any(mask for mask, _ in requested):
            continue          # most rows: no need to walk the trails
        principal = row.principal
        said = [f"{view_trail_list(trails, report, row.view, principal.account)}{when}"
                for mask, when in ((gaps, ""), *requested) if mask
                if (trails := [report.trails[bit].label for bit in row.view.report_bits(mask)])]
        if said:
            yield Problem(f"{principal_label(principal)} can stop logging on {'; '.join(said)} but cannot start it "
                          "again", at=principal.origin.at, resource=principal.id,
                          account=principal.account, subject=f"stop-without-start:{principal.id}")


RULE = Rule(id="TL406", name="stop-without-start", severity=Severity.WARNING, applies_to=AccessReport,
            check=check, doc=__doc__)
