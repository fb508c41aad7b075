"""The trail's KMS key policy lets anyone use the key to decrypt the trail's log files.

## Why it matters
A trail encrypted with a customer managed KMS key (TL303) is only as private as the key policy.
A key policy statement that allows a `*` principal (`"Principal": "*"`, `{"AWS": "*"}`, or a
`NotPrincipal`) without a condition that narrows it to known accounts, organizations or networks
(`kms:CallerAccount`, `aws:PrincipalAccount`, `aws:PrincipalOrgID`, `aws:SourceIp`, ...) lets
any AWS account call the key. When it allows `kms:Decrypt` or `kms:ReEncryptFrom` (the
decryption actions of Security Hub KMS.1), `kms:CreateGrant` (grant itself `kms:Decrypt`) or
`kms:PutKeyPolicy` (rewrite the policy), or a wildcard covering them (`kms:*`, `kms:ReEncrypt*`),
anyone who can read the log files can also decrypt them, and the encryption protects nothing.
The public test is policyuniverse's internet-accessibility check, statement by statement, as for
the log bucket (TL307); a statement that allows none of those actions is not reported.

One finding per key policy statement, at the statement, naming the trails that use the key. A
statement whose condition is not known before deployment but that would be public without it is
a TL002 naming TL318; other unknown parts (an unknown principal, action or effect) are not
judged. A key whose policy is not in the inputs is not judged.

## Fix
Remove the public statement, or name the principals (account root ARNs, roles) that read the
logs, or narrow it with `StringEquals {"kms:CallerAccount": "ACCOUNT"}` or
`{"aws:PrincipalOrgID": "o-..."}`.
CloudFormation: edit the `KeyPolicy` of the `AWS::KMS::Key`.
Terraform: edit the `policy` of the `aws_kms_key` (or the `aws_kms_key_policy`).
CLI: `aws kms put-key-policy --key-id KEY --policy-name default --policy file://key-policy.json`.

## References
- https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html
- https://docs.aws.amazon.com/config/latest/developerguide/kms-key-policy-no-public-access.html
- https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
- https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
"""
from collections.abc import Iterator
from dataclasses import replace

from trail_lint.delivery import key_policies, shared_problem
from trail_lint.iam.evaluator import action_applies, statement_label
from trail_lint.iam.public import public_statement
from trail_lint.model import UNKNOWN, At, Inventory, Problem, Statement, Trail
from trail_lint.rule import Rule, Severity

# What lets a caller read (or take) what the key protects: decrypt, re-encrypt under its own key,
# grant itself those, or rewrite the key policy.
# https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html
USE = ("kms:Decrypt", "kms:ReEncryptFrom", "kms:CreateGrant", "kms:PutKeyPolicy")


def check(inventory: Inventory) -> Iterator[Problem]:
    found: dict[tuple[str, object, int], tuple[str, str, At, str, bool, list[Trail]]] = {}
    for trail in inventory.live_trails():
        for attached in key_policies(inventory, trail):
            statements = attached.policy.statements
            if attached.default or not isinstance(statements, tuple):
                continue
            shown = trail.kms_key_id if isinstance(trail.kms_key_id, str) else attached.target
            for index, statement in enumerate(statements):
                action = allowed_use(statement)
                undecided = statement.conditions is UNKNOWN
                if action is None or not public_statement(replace(statement, conditions=()) if undecided else statement):
                    continue
                at = statement.origin.at if statement.origin.file else attached.policy.origin.at
                key = (attached.policy.origin.file, attached.policy.origin.path, index)
                found.setdefault(key, (f"statement {statement_label(statement, index)!r} of the key policy of {shown!r}",
                                       action, at, attached.origin.resource, undecided, []))[5].append(trail)
    for subject, action, at, resource, undecided, trails in found.values():
        said = (f"may let anyone call {action} on the key: its condition is not known" if undecided
                else f"lets anyone call {action} on the key")
        found_problem = shared_problem(trails, subject, said, at, resource)
        yield replace(found_problem, undecided=True) if undecided else found_problem


def allowed_use(statement: Statement) -> str | None:
    """The first action of USE the statement covers for certain, if any."""
    return next((action for action in USE if action_applies(statement, action) is True), None)


RULE = Rule(id="TL318", name="kms-key-public", severity=Severity.ERROR, applies_to=Inventory,
            check=check, doc=__doc__, controls=("KMS.5",))
