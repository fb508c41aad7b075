"""@cloud-copilot/iam-simulate through node: one process for the test session, one line per batch
of cases (see compare.mjs)."""
from __future__ import annotations

import atexit
import json
import re
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).parent
_SERVER: list[subprocess.Popen[str]] = []


def _server() -> subprocess.Popen[str]:
    """The node process, started on first use (starting node costs more than most batches)."""
    if not _SERVER or _SERVER[0].poll() is not None:
        process = subprocess.Popen(["node", str(HERE / "compare.mjs")], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, text=True, cwd=HERE)
        atexit.register(_stop, process)
        _SERVER[:] = [process]
    return _SERVER[0]


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(timeout=30)


def available() -> bool:
    return shutil.which("node") is not None and (HERE / "node_modules" / "@cloud-copilot" / "iam-simulate").is_dir()


def simulate(cases: list[dict[str, object]]) -> list[dict[str, str]]:
    """The simulator's overall result of each case ({"result": "Allowed" | ...} or {"error": ...})."""
    cases = [{**case, **{key: for_simulator(case[key]) for key in ("identity", "boundary") if key in case},
              **({"resourcePolicy": literal_variables(accepted(case["resourcePolicy"], True))}  # type: ignore[arg-type]
                 if "resourcePolicy" in case else {}),
              "scps": [for_simulator(scp_as_read(level)) for level in case.get("scps", [])]}  # type: ignore[union-attr]
             for case in cases]
    texts = [json.dumps(case, sort_keys=True) for case in cases]
    distinct = list(dict.fromkeys(texts))      # the ways of a case often repeat one another: each simulated once
    server = _server()
    assert server.stdin is not None and server.stdout is not None
    server.stdin.write("[" + ",".join(distinct) + "]\n")
    server.stdin.flush()
    answer = server.stdout.readline()
    assert answer, f"the simulator stopped (exit status {server.poll()})"
    results = dict(zip(distinct, json.loads(answer)))
    return [results[text] for text in texts]


def scp_as_read(documents: list[dict[str, object]]) -> list[dict[str, object]]:
    """SCPs with each statement without Resource or NotResource given ``"Resource": "*"``: the SCP
    syntax page's Allow example has no Resource and "allows the Amazon S3 permissions for any attached
    accounts" (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html).
    What a Deny without Resource covers is not documented: trail-lint leaves what it may decide
    unknown, so the simulator's reading of it is never compared. The simulator reports an error for
    a statement without Resource."""
    return [{**document, "Statement": [{**statement, "Resource": "*"} if without_resource(statement) else statement
                                       for statement in statements_of(document)]} for document in documents]


def padded(pattern: str) -> str:
    """A short ARN pattern (fewer than six parts) written with all six parts, the missing ones `*`.

    AWS documents that a `*` ending a segment runs across colons, so ``arn:aws:cloudtrail:*`` is
    ``arn:aws:cloudtrail:*:*:*`` for every six-part ARN. The simulator pads a short ARN so itself,
    but reads one that then does not match in NotResource as "cannot tell" (its
    shortArnExpandedMismatch is not inverted), a choice of its own: it gets the padded spelling.
    (trail-lint leaves what the two readings of a short ARN decide differently unknown.)
    """
    parts = pattern.split(":")
    if not pattern.startswith("arn:") or len(parts) >= 6:
        return pattern
    return ":".join(parts + ["*"] * (6 - len(parts)))


def for_simulator(documents: list[dict[str, object]]) -> list[dict[str, object]]:
    """The documents with every short ARN pattern padded (see padded), in the simulator's Version
    (see literal_variables), without the statements IAM rejects (see accepted)."""
    def element(value: object) -> object:
        return padded(value) if isinstance(value, str) else [padded(item) for item in value]  # type: ignore[union-attr]
    return [literal_variables({**document, "Statement": [
        {key: element(value) if key in ("Resource", "NotResource") else value for key, value in statement.items()}
        for statement in accepted(document)["Statement"]]}) for document in documents]  # type: ignore[attr-defined]


def statements_of(document: dict[str, object]) -> list[dict[str, object]]:
    """A document's statements: the grammar lets a single one be written without a list."""
    found = document["Statement"]
    return [found] if isinstance(found, dict) else found  # type: ignore[return-value]


def rejected(statement: dict[str, object]) -> bool:
    """Whether IAM rejects the statement: an Effect other than exactly "Allow" or "Deny", neither
    Action nor NotAction, or both elements of the pair Action/NotAction or Resource/NotResource,
    where the grammar has one (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html)."""
    return statement.get("Effect") not in ("Allow", "Deny") or {"Action", "NotAction"} <= statement.keys() \
        or not {"Action", "NotAction"} & statement.keys() or {"Resource", "NotResource"} <= statement.keys()


# An action as documented: "*", or service:name, the service without wildcards
# (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html)
_ACTION = re.compile(r"\*|[A-Za-z0-9-]+:[^:]*")


def loose(statement: dict[str, object]) -> bool:
    """Whether the statement's Action or NotAction holds a pattern outside the documented form
    (``*Logging``, ``cloud*:GetTrail``, ``*:*``): the simulator reports an error for it, IAM rejects it
    or reads it as text, and trail-lint decides only what both readings decide (iam.loose_actions):
    the simulator is given the policy without the statement (the first reading)."""
    patterns = statement.get("Action", statement.get("NotAction", []))
    return any(_ACTION.fullmatch(pattern) is None for pattern in ([patterns] if isinstance(patterns, str) else patterns))


# The condition operators of the policy grammar, each of which may end in IfExists (but Null) and
# begin with ForAllValues: or ForAnyValue: (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html)
_SPELT = (
    "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike",
    "StringNotLike", "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
    "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals", "DateNotEquals", "DateLessThan",
    "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals", "Bool", "BinaryEquals", "IpAddress",
    "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike")
_OPERATORS = {name.lower() for name in _SPELT}
# each operator as the grammar spells it, by its lower-case name
_SPELLING = {name.lower(): name for name in (*_SPELT, *(f"{name}IfExists" for name in _SPELT), "Null")}


def repeated_sid(document: dict[str, object]) -> bool:
    """Whether two statements of the document have one Sid: "In IAM, the Sid value must be unique
    within a JSON policy" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html),
    so IAM rejects such an identity-based policy or boundary; the simulator does not."""
    sids = [statement["Sid"] for statement in statements_of(document) if statement.get("Sid")]
    return len(sids) != len(set(sids))


def sid_outside_alphabet(document: dict[str, object]) -> bool:
    """Whether a statement's Sid holds a character other than A-Z, a-z and 0-9: "For IAM policies,
    basic alphanumeric characters (A-Z,a-z,0-9) are the only allowed characters in the Sid value"
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html), so IAM rejects
    such an identity-based policy or boundary; the simulator does not."""
    return any(re.fullmatch(r"[A-Za-z0-9]*", str(statement.get("Sid") or "")) is None
               for statement in statements_of(document))


def without_resource(statement: dict[str, object]) -> bool:
    """Whether the statement has neither Resource nor NotResource: "Statements must include either a
    Resource or a NotResource element" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html),
    so IAM rejects such an identity-based policy or boundary (a role's trust policy has none: not
    drawn there). The simulator reports an error for it."""
    return not {"Resource", "NotResource"} & statement.keys()


def names_principal(statement: dict[str, object]) -> bool:
    """Whether the statement has a Principal or NotPrincipal: "You cannot use the Principal element in an
    IAM identity-based policy" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html),
    so IAM rejects such an identity-based policy or boundary (trail-lint: TL221). The simulator
    reports an error for it."""
    return "Principal" in statement or "NotPrincipal" in statement


def operator_in_another_case(statement: dict[str, object]) -> bool:
    """Whether the statement's Condition names an operator of the grammar in another case than the
    grammar's (``stringEquals``, ``forallvalues:StringLike``): the Condition element page makes key
    names case-insensitive, not operator names, and IAM refuses such a policy ("MalformedPolicyDocument:
    Invalid Condition type : stringEquals", reported in
    https://github.com/ministryofjustice/modernisation-platform-environments/pull/8893). The simulator
    folds the case. Held to it: identity-based policies and boundaries (iam_read), IAM's own."""
    block = statement.get("Condition")
    for operator in block if isinstance(block, dict) else {}:
        lowered = operator.lower()
        qualifier = next((q for q in ("ForAllValues:", "ForAnyValue:") if lowered.startswith(q.lower())), "")
        spelt = _SPELLING.get(lowered[len(qualifier):])
        if spelt is not None and operator != qualifier + spelt:
            return True
    return False


def iam_read(document: dict[str, object]) -> dict[str, object]:
    """An identity-based policy or boundary as trail-lint reads it where IAM rejects it for a repeated
    Sid (repeated_sid), a Sid of other characters (sid_outside_alphabet), a statement without Resource
    (without_resource), one that names a principal (names_principal) or a condition operator in
    another case (operator_in_another_case): its Deny statements protect nothing, its Allow
    statements still grant (but the one without Resource, which covers nothing).
    The simulator is given it so, without its Sids and principals, so that leaving out a statement
    (iam_cases.ways) cannot make it a policy IAM accepts."""
    statements = statements_of(document)
    if not repeated_sid(document) and not sid_outside_alphabet(document) and not any(
            without_resource(statement) or names_principal(statement) or operator_in_another_case(statement)
            for statement in statements):
        return document
    return {**document, "Statement": [
        {key: value for key, value in statement.items() if key not in ("Sid", "Principal", "NotPrincipal")}
        for statement in statements if statement.get("Effect") != "Deny" and not without_resource(statement)]}


def unknown_operator(statement: dict[str, object]) -> bool:
    for operator in statement.get("Condition") or {}:  # type: ignore[union-attr]
        name = re.sub(r"^for(all|any)values?:", "", operator.lower())
        if name != "null" and name.removesuffix("ifexists") not in _OPERATORS:
            return True
    return False


def document_rejected(document: dict[str, object]) -> bool:
    """Whether IAM rejects the whole document: a Version other than 2012-10-17 or 2008-10-17 (none
    means the latter: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html),
    a statement it rejects (rejected) or a Condition operator the grammar does not have."""
    return document.get("Version", "2008-10-17") not in ("2012-10-17", "2008-10-17") or any(
        rejected(statement) or unknown_operator(statement) for statement in statements_of(document))


def accepted(document: dict[str, object], resource_policy: bool = False) -> dict[str, object]:
    """The document with its statements as a list, less those IAM rejects (rejected).

    IAM rejects the whole policy, so no request ever meets such a statement; the simulator reports
    an error for it. trail-lint reports it (TL001) and reads it as granting and protecting nothing
    (iam.evaluator.rejected): the simulator is given the policy without it, so the comparison holds
    trail-lint to that reading. Of a document IAM rejects (document_rejected), trail-lint reads the
    Deny statements as protecting nothing (the policy never exists) and, but in a resource policy
    (no policy at all), the Allow statements as grants (a grant reported rather than missed): the
    simulator is given the document without its Denies, or a resource policy without statements.
    """
    void = document_rejected(document)
    if void and resource_policy:
        return {**document, "Statement": []}
    return {**document, "Statement": [statement for statement in statements_of(document)
                                      if not rejected(statement) and not loose(statement)
                                      and not (void and statement.get("Effect") == "Deny")]}


VARIABLES_VERSION = "2012-10-17"


def literal_variables(document: dict[str, object]) -> dict[str, object]:
    """A document of Version 2008-10-17 (or none, which means it) as the same policy of Version
    2012-10-17: each ``${`` of its Resource, NotResource and Condition values as ``${$}{``.

    "If you don't include a Version element, the value defaults to 2008-10-17 ... variables such as
    ${aws:username} aren't recognized as variables and are instead treated as literal strings"
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html);
    ``${$}`` is the documented escape of a literal ``$``
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-specialchars).
    The simulator reads ``${...}`` as a variable whatever the Version.
    """
    if document.get("Version") == VARIABLES_VERSION:
        return document

    def literal(value: object) -> object:
        if isinstance(value, str):
            return value.replace("${", "${$}{")
        if isinstance(value, list):
            return [literal(item) for item in value]
        if isinstance(value, dict):
            return {key: literal(item) for key, item in value.items()}
        return value

    return {**document, "Version": VARIABLES_VERSION, "Statement": [
        {key: literal(value) if key in ("Resource", "NotResource", "Condition") else value
         for key, value in statement.items()} for statement in statements_of(document)]}


_VARIABLE = re.compile(r"\$\{([^},]*)\}")
# A literal no request value equals or is like (``${$}`` is the escape of a literal ``$``).
NO_VALUE = "${$}{no value}"


def null_variables(document: dict[str, object], context: dict[str, object]) -> dict[str, object]:
    """The document with each Condition value holding a variable whose key the request ``context``
    does not hold (and no default) written as a literal no value matches.

    "When you use a variable with no value in the condition element of an IAM policy, condition
    operators like StringEquals or StringLike do not match ... Inverted condition operators like
    StringNotEquals or StringNotLike do match against a null value"
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value).
    The simulator counts such a value as matching nothing, negated operators included; a literal no
    request value equals gives it the documented answer for both kinds of operator.
    """
    if document.get("Version") != VARIABLES_VERSION:
        return document
    present = {key.lower() for key in context}

    def value(item: object) -> object:
        if isinstance(item, str):
            keys = [match.group(1).strip().lower() for match in _VARIABLE.finditer(item)]
            return NO_VALUE if any(key not in ("*", "?", "$") and key not in present for key in keys) else item
        if isinstance(item, list):
            return [value(each) for each in item]
        return item

    def condition(block: object) -> object:
        if not isinstance(block, dict):
            return block
        return {operator: {key: value(values) for key, values in entries.items()} if isinstance(entries, dict)
                else entries for operator, entries in block.items()}

    return {**document, "Statement": [
        {key: condition(item) if key == "Condition" else item for key, item in statement.items()}
        for statement in statements_of(document)]}
