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
statement with parts not known before deployment is judged as the log bucket's (TL307): when an
unknown Effect, Principal, NotPrincipal, Condition or Action decides it, it is one TL002 per
statement naming TL318 and the unknown parts (none where a reader already reports the unknown
value in that statement). A `StringEquals` (or `StringEqualsIgnoreCase`, `ForAnyValue:StringEquals`)
condition on a key naming the caller confines it whatever its unknown value and the statement's
other conditions (no wildcards, a request without the key does not match, and every condition
must hold): the documented "decrypt log files" statement, `AWS: "*"`
with `kms:CallerAccount` equal to `${AWS::AccountId}`, is not public and needs no `--account`. A key whose policy is not in the inputs is not judged here.

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

from trail_lint.delivery_links import key_policies
from trail_lint.delivery_problems import reported, shared_problem, undecided
from trail_lint.iam.evaluator import action_applies
from trail_lint.iam.public import public_statement, unknown_parts
from trail_lint.model import UNKNOWN, At, Inventory, Problem, Statement, Trail, Unknown, statement_name
from trail_lint.problems import few
from trail_lint.rule import Rule, Severity

# What lets a caller read (or take) what the key protects: decrypt, re-encrypt under its own key,
# grant itself those, or rewrite the key policy.
# https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html
USE = ("kms:Decrypt", "kms:ReEncryptFrom", "kms:CreateGrant", "kms:PutKeyPolicy")


def check(inventory: Inventory) -> Iterator[Problem]:
    found: dict[tuple[str, object, int], tuple[str, str, list[str], At, str, list[Trail]]] = {}
    for trail in inventory.live_trails():
        for attached in key_policies(inventory, trail):
            statements = attached.policy.statements
            if attached.default or not isinstance(statements, tuple):
                continue
            shown = trail.kms_key_id if isinstance(trail.kms_key_id, str) else attached.target
            for index, statement in enumerate(statements):
                action, verdict = allowed_use(statement), public_statement(statement)
                if action is None or verdict is False:
                    continue
                at = statement.origin.at if statement.origin.file else attached.policy.origin.at
                parts = unknown_parts(statement) + (["Action"] if isinstance(action, Unknown) else [])
                if parts and reported(inventory, (at,)):
                    continue        # the reader already says what is unknown in this statement
                key = (attached.policy.origin.file, attached.policy.origin.path, index)
                subject = f"{statement_name(statement.sid, index)} of the key policy of {shown!r}"
                called = "kms:Decrypt" if isinstance(action, Unknown) else action
                found.setdefault(key, (subject, called, parts, at, attached.origin.resource, []))[5].append(trail)
    for subject, action, parts, at, resource, trails in found.values():
        if parts:
            yield undecided(trails, subject, f"may let anyone call {action} on the key: its {few(parts)} "
                            f"{'is' if len(parts) == 1 else 'are'} not known", at, resource, f"public:{action}")
        else:
            yield shared_problem(trails, subject, f"lets anyone call {action} on the key", at, resource, f"public:{action}")


def allowed_use(statement: Statement) -> str | Unknown | None:
    """The first action of USE the statement covers; UNKNOWN when it may cover one, None when none."""
    covered = [action_applies(statement, action) for action in USE]
    return next((action for action, tri in zip(USE, covered) if tri is True),
                UNKNOWN if any(tri is UNKNOWN for tri in covered) else None)


RULE = Rule(id="TL318", name="kms-key-public", severity=Severity.ERROR, applies_to=Inventory,
            check=check, doc=__doc__, controls=("KMS.5",))
