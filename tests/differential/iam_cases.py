"""Random IAM requests and policies for the differential tests, built from pieces of the AWS grammar.

Written from the AWS documentation, independently of trail-lint's code:
- actions: every CloudTrail action of the Service Authorization Reference, in random case, with
  `*` and `?` anywhere in the name, and other services' prefixes
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html);
- resources: ARNs of every partition, Region, account and CloudTrail resource type, with `*`
  and `?` in any part and a trailing `*` that runs across `:` and `/`
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html);
- conditions the simulator decides from the request context it is given
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
"""
from __future__ import annotations

import copy
import fnmatch
import itertools
import json
import os
import random
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from iam_simulator import iam_read, rejected, unknown_operator, without_resource

ACCOUNT = "123456789012"
OTHER_ACCOUNT = "210987654321"
REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "cloudtrail-actions.json"
PACKAGE_ACTIONS = Path(__file__).resolve().parents[2] / "trail_lint" / "data" / "cloudtrail-actions.json"

# A longer, random search than CI's: TRAIL_LINT_DIFFERENTIAL_EXAMPLES=300 runs that many examples of
# every differential test (CI keeps each test's own small budget, for tests/differential to take ~30 s).
LONGER = int(os.environ.get("TRAIL_LINT_DIFFERENTIAL_EXAMPLES", "0"))


def budget(examples: int, derandomize: bool = False) -> settings:
    """A differential test's settings: ``examples`` in CI (fixed ones with ``derandomize``), LONGER
    random ones when it is set."""
    return settings(max_examples=LONGER or examples, derandomize=derandomize and not LONGER, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture, HealthCheck.large_base_example])


# Region -> partition (https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html)
REGIONS = {"us-east-1": "aws", "eu-west-1": "aws", "ap-southeast-2": "aws", "cn-north-1": "aws-cn",
           "us-gov-west-1": "aws-us-gov"}
# "audit/main": a name like a path, which no trail has (names hold letters, digits, ".", "_" and
# "-") but a random policy or request may: a `*` or `?` after "trail/" runs across its "/"
TRAIL_NAMES = ("main", "Main", "org.audit", "eu_app-2", "aws-controltower-BaselineCloudTrail", "m", "audit/main")


@cache
def action_table() -> dict[str, dict[str, object]]:
    """The CloudTrail actions: the shared reference, checked equal to the package's own copy."""
    reference = json.loads(REFERENCE.read_text()) if REFERENCE.is_file() else None
    package = json.loads(PACKAGE_ACTIONS.read_text())["actions"]
    if reference is not None:
        assert reference["actions"].keys() == package.keys(), "the package's action table differs from the reference"
    return package


@cache
def action_names() -> tuple[str, ...]:
    return tuple(sorted(action_table()))


def resource_types(action: str) -> tuple[str, ...]:
    """The resource types an action is authorised against; () for the actions that take only "*"."""
    entry = action_table()[action.split(":", 1)[1]]
    return () if entry["requires_wildcard_resource"] else tuple(entry["resource_types"])  # type: ignore[arg-type]


def random_case(draw: st.DrawFn, text: str) -> str:
    """Action names are case-insensitive: the same name in a random case."""
    flips = draw(st.integers(0, (1 << len(text)) - 1))
    return "".join(char.swapcase() if flips >> index & 1 else char for index, char in enumerate(text))


@cache     # one strategy per arguments: hypothesis validates each new one, which costs more than drawing
@st.composite
def wildcarded(draw: st.DrawFn, text: str) -> str:
    """The text with a random slice replaced by `*`, or a character by `?`, or left alone."""
    how = draw(st.sampled_from(["keep", "keep", "star", "mark", "both"]))
    if how in ("star", "both") and text:
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        text = text[:start] + "*" + text[end:]
    if how in ("mark", "both") and text:
        index = draw(st.integers(0, len(text) - 1))
        text = text[:index] + "?" + text[index + 1:]
    return text


@cache
@st.composite
def action_patterns(draw: st.DrawFn, focus: str | None = None) -> str:
    """An Action pattern; ``focus``: an action the pattern is often built from (the request's)."""
    kind = draw(st.sampled_from(["cloudtrail"] * 6 + ["star", "other", "broad", "broad"] + ["focus"] * 4 * bool(focus)
                                + ["loose"] * (draw(st.integers(0, 3)) == 0)))
    if kind == "loose":     # outside the documented form: no service prefix, a wildcard in it, a second colon
        return draw(st.sampled_from(["*Logging", "cloudtrail*", "cloud*:StopLogging", "*:*", "*:GetTrail", "s3*",
                                     "cloudtrail:*:*", "?loudtrail:*", "CloudTrail*Trail*", "cloudtr?il:StopLogging",
                                     "cloud*:*", "cloudtrail :StopLogging", ":StopLogging"]))
    if kind == "focus" and focus:
        service, name = focus.split(":", 1)
        return random_case(draw, f"{service}:{draw(wildcarded(name))}")
    if kind == "star":
        return "*"
    if kind == "broad":     # the patterns real policies use most; whole other services (a NotAction's exemptions)
        return draw(st.sampled_from(["cloudtrail:*", "cloudtrail:*Logging", "cloudtrail:Get*", "cloudtrail:Describe*",
                                     "cloudtrail:List*", "cloudtrail:*Trail*", "cloudtrail:Put*", "cloudtrail:Stop*",
                                     "s3:*", "iam:*", "logs:*", "organizations:*", "sts:*", "CloudTrail:*"]))
    name = draw(wildcarded(draw(st.sampled_from(action_names()))))
    if kind == "other":
        service = draw(st.sampled_from(["s3", "iam", "cloudtrail-data", "logs", "organizations"]))
    else:
        service = "cloudtrail"
    return random_case(draw, f"{service}:{name}")


PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "*", "aws*", "aw?")
REGION_PATTERNS = (*REGIONS, "*", "us-*", "us-east-?", "*-1", "eu-*-1", "?n-north-1", "")
ACCOUNT_PATTERNS = (ACCOUNT, OTHER_ACCOUNT, "*", "1234*", "12345678901?", "*9012", "")
SERVICE_PATTERNS = ("cloudtrail", "cloudtrail", "cloudtrail", "*", "cloud*", "CloudTrail", "s3")


@cache
@st.composite
def resource_paths(draw: st.DrawFn) -> str:
    """The resource part: a type and an id, with wildcards (possibly ending in a `*` across `/`)."""
    kind = draw(st.sampled_from(["trail", "trail", "trail", "eventdatastore", "channel", "dashboard"]))
    name = draw(st.sampled_from([*TRAIL_NAMES, "*", "ma*", "?ain", "aws-*", "EXAMPLE-f852-4e8f-8bd1"]))
    path = f"{kind}/{name}"
    return draw(st.one_of(st.just(path), wildcarded(path), st.sampled_from(["*", "trail*", "trail/*", "*/main"])))


@cache
@st.composite
def resource_patterns(draw: st.DrawFn, focus: str | None = None) -> str:
    """A Resource pattern built from its six parts, sometimes cut short by a `*` that crosses `:`;
    ``focus``: an ARN the pattern is often built from (the request's)."""
    if focus and draw(st.booleans()):
        return draw(wildcarded(focus))
    if focus and draw(st.integers(0, 5)) == 0:      # the request's ARN, one part in another case
        return draw(case_variants(focus))
    if draw(st.integers(0, 4)) == 0:
        return draw(st.sampled_from(["*", "*", "arn:aws:cloudtrail:*:*:trail/*", f"arn:aws:cloudtrail:*:{ACCOUNT}:*"]))
    if draw(st.integers(0, 11)) == 0:     # policy variables and escapes (literal text outside Version 2012-10-17)
        return draw(VARIABLE_PATTERNS)
    parts = ["arn", draw(st.sampled_from(PARTITIONS)), draw(st.sampled_from(SERVICE_PATTERNS)),
             draw(st.sampled_from(REGION_PATTERNS)), draw(st.sampled_from(ACCOUNT_PATTERNS)), draw(resource_paths())]
    cut = draw(st.sampled_from([6, 6, 6, 6, 1, 2, 3, 4, 5]))
    if cut < 6:      # "arn:aws:cloudtrail:*" and the like: the final `*` runs across the rest
        return ":".join(parts[:cut]) + ":" + draw(st.sampled_from(["*", "*", "*:*", "*trail*"]))
    return ":".join(parts)


@cache
@st.composite
def case_variants(draw: st.DrawFn, arn: str) -> str:
    """The ARN with one of its parts in another case ("arn:AWS:...", "CloudTrail", "US-EAST-1",
    "Trail/main", "trail/MAIN"): ARNs that differ only in case. trail-lint matches the resource
    part case-sensitively, as the simulator does, and leaves what a prefix in another case decides
    unknown (AWS does not say whether IAM folds its case)."""
    parts = arn.split(":", 5)
    index = draw(st.integers(0, len(parts) - 1))
    parts[index] = draw(st.sampled_from([parts[index].upper(), parts[index].capitalize(), parts[index].swapcase()]))
    return ":".join(parts)


@cache
@st.composite
def trail_arns(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(sorted(REGIONS)))
    account = draw(st.sampled_from([ACCOUNT, ACCOUNT, OTHER_ACCOUNT]))
    return f"arn:{REGIONS[region]}:cloudtrail:{region}:{account}:trail/{draw(st.sampled_from(TRAIL_NAMES))}"


@cache
@st.composite
def request_resources(draw: st.DrawFn, action: str) -> str:
    """A resource of a type the action is authorised against, or "*" for actions that take only "*"."""
    types = resource_types(action)
    if not types:
        return "*"
    kind = draw(st.sampled_from(types))
    if kind == "trail":
        return draw(trail_arns())
    region = draw(st.sampled_from(sorted(REGIONS)))
    account = draw(st.sampled_from([ACCOUNT, OTHER_ACCOUNT]))
    name = draw(st.sampled_from(["EXAMPLE-f852-4e8f-8bd1", "main", "ops.board"]))
    return f"arn:{REGIONS[region]}:cloudtrail:{region}:{account}:{kind}/{name}"


# --- CloudTrail's log stream, which the CloudWatch Logs role's policies must let it write (TL215) ---
# arn:PARTITION:logs:REGION:ACCOUNT:log-group:GROUP:log-stream:ACCOUNT_CloudTrail_REGION: a resource part
# that holds colons, which `*` and `?` in it may match
# (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-log-group-log-stream-naming-for-cloudtrail.html,
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html)
LOG_ACTIONS = ("logs:CreateLogStream", "logs:PutLogEvents")
LOG_GROUPS = ("CloudTrail/logs", f"aws-cloudtrail-logs-{ACCOUNT}-1a2b", "main", "org.audit_2#x")


@cache
@st.composite
def log_stream_requests(draw: st.DrawFn) -> tuple[str, str]:
    """(action, log stream ARN): CloudTrail's calls as its CloudWatch Logs role, the action in a random case."""
    region = draw(st.sampled_from(sorted(REGIONS)))
    account = draw(st.sampled_from([ACCOUNT, OTHER_ACCOUNT]))
    stream = (f"arn:{REGIONS[region]}:logs:{region}:{account}:log-group:{draw(st.sampled_from(LOG_GROUPS))}"
              f":log-stream:{account}_CloudTrail_{region}")
    return random_case(draw, draw(st.sampled_from(LOG_ACTIONS))), stream


@cache
@st.composite
def log_resource_patterns(draw: st.DrawFn, focus: str) -> str:
    """A Resource pattern for the log stream ``focus``: it with wildcards, cut short after a colon, or
    built from pieces (a log group's ARN alone, with `:*`, with its streams), or a broad one."""
    kind = draw(st.sampled_from(["focus", "focus", "cut", "pieces", "pieces", "broad"]))
    if kind == "focus":
        return draw(wildcarded(focus))
    parts = focus.split(":")
    if kind == "cut":
        return ":".join(parts[:draw(st.integers(2, len(parts) - 1))]) + ":" + draw(st.sampled_from(["*", "*", "log-*", "?*"]))
    if kind == "pieces":
        account = draw(st.sampled_from([parts[4], "*", OTHER_ACCOUNT]))
        group = draw(st.sampled_from([*LOG_GROUPS, "*", "Cloud*", "?ain", "CloudTrail/*"]))
        tail = draw(st.sampled_from(["", ":*", ":log-stream:*", f":log-stream:{parts[4]}_CloudTrail_*",
                                     ":log-stream:*_CloudTrail_us-east-?", f":log-stream:{parts[4]}_CloudTrail_{parts[3]}"]))
        return f"arn:{draw(st.sampled_from([parts[1], '*']))}:logs:{draw(st.sampled_from([parts[3], '*']))}:{account}" \
               f":log-group:{group}{tail}"
    return draw(st.sampled_from(["*", "arn:aws:logs:*:*:*", "arn:aws:logs:*", "arn:aws:logs:*:*:log-group:*",
                                 "arn:*:logs:*:*:log-group:*:log-stream:*", "arn:aws:cloudtrail:*:*:trail/*"]))


@cache
@st.composite
def log_statements(draw: st.DrawFn, action: str, stream: str) -> dict[str, object]:
    statement: dict[str, object] = {"Effect": draw(st.sampled_from(["Allow", "Allow", "Allow", "Deny"]))}
    actions = draw(st.lists(st.one_of(action_patterns(action), st.sampled_from(
        ["logs:*", "logs:Create*", "logs:Put*", "logs:*Log*", "logs:DescribeLogStreams"])), min_size=1, max_size=3))
    statement["NotAction" if draw(st.integers(0, 4)) == 0 else "Action"] = actions
    resources = draw(st.lists(log_resource_patterns(stream), min_size=1, max_size=3))
    statement["NotResource" if draw(st.integers(0, 4)) == 0 else "Resource"] = \
        resources[0] if len(resources) == 1 and draw(st.booleans()) else resources
    return statement


@cache
def log_documents(action: str, stream: str) -> st.SearchStrategy[dict[str, object]]:
    return as_documents(log_statements(action, stream), 3)


# --- Conditions -----------------------------------------------------------------------------
# Keys whose values the simulator is given (or not) in each context: absent keys exercise
# IfExists and Null. aws:RequestedRegion is a Region a request may name (the trail's own for the
# actions performed only in its home Region: resource_keys); aws:PrincipalTag/team a tag;
# aws:ResourceTag/env a tag of the trail (fixed where the case's trail_tags are known: resource_keys).
CONDITION_KEYS = {
    "aws:RequestedRegion": ("us-east-1", "eu-west-1", "cn-north-1"),
    "aws:PrincipalTag/team": ("audit", "ops", "Audit"),
    "aws:SourceAccount": (ACCOUNT, OTHER_ACCOUNT),
    "aws:ResourceTag/env": ("prod", "dev"),
}
# keys the principal fixes (principal_keys): the simulator is given their values, never sampled ones
FIXED_CONDITION_KEYS = {
    # the principal's account, as guardrails write it in an SCP or a Deny ("not our account")
    "aws:PrincipalAccount": (ACCOUNT, OTHER_ACCOUNT, "1234*"),
    "aws:PrincipalArn": (f"arn:aws:iam::{ACCOUNT}:user/main", f"arn:aws:iam::{ACCOUNT}:role/*", "arn:aws:iam::*:user/*",
                         f"arn:aws:iam::{ACCOUNT}:user/ci/*", "arn:aws:iam::*:role/ci/eu/deploy"),
}
STRING_OPERATORS = ("StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "StringEqualsIgnoreCase",
                    "StringEqualsIfExists", "StringLikeIfExists", "StringNotEqualsIfExists")


@cache
@st.composite
def conditions(draw: st.DrawFn) -> dict[str, dict[str, object]]:
    """A Condition block of one entry, sometimes two: several keys, or one key under two operators
    (all must hold: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html)."""
    block: dict[str, dict[str, object]] = {}
    for _ in range(draw(st.sampled_from([1, 1, 1, 2]))):
        operator, key, values = draw(condition_entries())
        block.setdefault(operator, {}).setdefault(key, values)
    return block


# Keys no request for a trail action carries: CloudTrail has no condition keys of its own, and its
# trail actions take no tags (aws:RequestTag/…, aws:TagKeys): a condition on them meets a missing key
# (ForAllValues holds, ForAnyValue fails, with ...IfExists too; a negated operator holds).
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
MISSING_CONDITION_KEYS = {"cloudtrail:TrailName": ("main", "m*"), "aws:RequestTag/team": ("audit", "*")}


@cache
@st.composite
def condition_entries(draw: st.DrawFn) -> tuple[str, str, object]:
    pool = {**CONDITION_KEYS, **FIXED_CONDITION_KEYS, **MISSING_CONDITION_KEYS}
    key = draw(st.sampled_from(sorted(pool)))
    if draw(st.integers(0, 5)) == 0:
        return "Null", key, draw(st.sampled_from(["true", "false"]))
    operator = draw(st.sampled_from(STRING_OPERATORS))
    # a set operator on a single-valued key (a set of one value) or on a key the request lacks,
    # sometimes with ...IfExists after it
    if draw(st.integers(0, 3 if key in MISSING_CONDITION_KEYS else 5)) == 0:
        operator = draw(st.sampled_from(["ForAllValues:", "ForAnyValue:"])) + operator
        if not operator.endswith("IfExists") and draw(st.integers(0, 2)) == 0:
            operator += "IfExists"
    values = draw(st.lists(st.sampled_from([*pool[key], "us-*", "a*", "?ps"]), min_size=1, max_size=2))
    return operator, key, values[0] if len(values) == 1 else values


@cache
@st.composite
def contexts(draw: st.DrawFn) -> dict[str, str]:
    """A request context: each condition key present with one of its values, or absent."""
    context = {}
    for key, values in CONDITION_KEYS.items():
        value = draw(st.sampled_from([None, *values]))
        if value is not None:
            context[key] = value
    return context


@cache
@st.composite
def statements(draw: st.DrawFn, conditional: bool = False, action: str | None = None,
               resource: str | None = None) -> dict[str, object]:
    """A statement; ``action`` and ``resource``: a request its patterns are often built from."""
    # Allows are more often drawn with a focus: a decision that only Denies can reach is seldom allowed
    statement: dict[str, object] = {"Effect": draw(st.sampled_from(["Allow", "Allow", "Deny"] + ["Allow"] * 3 * bool(action)))}
    actions = draw(st.lists(action_patterns(action), min_size=1, max_size=3))
    statement["NotAction" if draw(st.integers(0, 4)) == 0 else "Action"] = \
        actions[0] if len(actions) == 1 and draw(st.booleans()) else actions
    resources = draw(st.lists(resource_patterns(resource), min_size=1, max_size=3))
    statement["NotResource" if draw(st.integers(0, 4)) == 0 else "Resource"] = \
        resources[0] if len(resources) == 1 and draw(st.booleans()) else resources
    if conditional and draw(st.booleans()):
        statement["Condition"] = draw(conditions())
    return statement


# The policy language's Version: the current one mostly, sometimes 2008-10-17 or none (which means
# 2008-10-17), where a policy variable such as ${aws:username} is literal text
# (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html).
VERSIONS = ("2012-10-17",) * 6 + ("2008-10-17", None)
# Versions IAM does not accept, which make it reject the document (iam_simulator.document_rejected;
# the simulator is given the document without its Deny statements, variables as literal text)
REJECTED_VERSIONS = ("2012-10-18", "2012-10-17 ", "2012/10/17", "1")


def as_documents(statements: st.SearchStrategy[dict[str, object]], most: int,
                 fewest: int = 1, versions: tuple[str | None, ...] = VERSIONS) -> st.SearchStrategy[dict[str, object]]:
    """Policy documents of ``fewest`` to ``most`` of the statements, of a drawn Version (``versions``)."""
    return st.builds(lambda version, found: {"Statement": found} if version is None else
                     {"Version": version, "Statement": found},
                     st.sampled_from(versions), st.lists(statements, min_size=fewest, max_size=most))


@cache
def long_documents(conditional: bool = False) -> st.SearchStrategy[dict[str, object]]:
    """Documents of 8 to 30 statements, as long policies are: what one statement grants, another
    far below may deny."""
    return as_documents(statements(conditional), 30, 8)


@cache
def documents(conditional: bool = False, max_statements: int = 3, action: str | None = None,
              resource: str | None = None, rejected_versions: bool = False) -> st.SearchStrategy[dict[str, object]]:
    """``rejected_versions``: sometimes a Version IAM does not accept (REJECTED_VERSIONS)."""
    return as_documents(statements(conditional, action, resource), max_statements,
                        versions=VERSIONS + REJECTED_VERSIONS * rejected_versions)


@cache
@st.composite
def requests(draw: st.DrawFn) -> tuple[str, str]:
    """(action, resource): any CloudTrail action in a random case, on a resource it is authorised against."""
    action = "cloudtrail:" + draw(st.sampled_from(action_names()))
    return random_case(draw, action), draw(request_resources(action))


# --- Access cases: a principal with its layers, and a request --------------------------------
# Written from the AWS documentation (see test_differential_access.py for what each part models).
MANAGEMENT = "111111111111"
FULL_ACCESS_DOCUMENT = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
TRAIL_ARNS = [f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main", f"arn:aws:cloudtrail:eu-west-1:{ACCOUNT}:trail/eu-app",
              f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/aws-controltower-Baseline",
              f"arn:aws:cloudtrail:ap-southeast-2:{ACCOUNT}:trail/org.audit",
              f"arn:aws:cloudtrail:eu-west-1:{ACCOUNT}:trail/eu_app-2",
              f"arn:aws:cloudtrail:us-east-1:{OTHER_ACCOUNT}:trail/main",
              # other partitions (IAM evaluation is the same there; the ARN's partition differs)
              f"arn:aws-cn:cloudtrail:cn-north-1:{ACCOUNT}:trail/cn.audit",
              f"arn:aws-us-gov:cloudtrail:us-gov-west-1:{ACCOUNT}:trail/gov_main",
              # named as a user's unique ID is (${aws:userid}, see user_id)
              f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/AIDAALICEEXAMPLE00001",
              # named as the user under a path is (${aws:username} is its name alone, PATHS)
              f"arn:aws:cloudtrail:eu-west-1:{ACCOUNT}:trail/deploy"]
VARIABLE_PATTERNS = st.sampled_from([
    "arn:aws:cloudtrail:*:${aws:PrincipalAccount}:trail/*", "arn:aws:cloudtrail:us-east-1:*:trail/${aws:username}",
    "arn:aws:cloudtrail:*:*:trail/${aws:PrincipalTag/trail}", "arn:aws:cloudtrail:*:*:trail/${aws:username, 'main'}",
    "arn:aws:cloudtrail:*:*:trail/${aws:PrincipalTag/missing, 'eu-app'}", "arn:aws:cloudtrail:*:*:trail/a${$}",
    "arn:aws:cloudtrail:*:*:trail/${aws:userid}", "arn:aws:cloudtrail:*:*:trail/${aws:userid, 'main'}*",
    "arn:aws:cloudtrail:*:*:trail/${*}", "arn:aws:cloudtrail:*:*:trail/ma${?}n", "arn:aws:cloudtrail:*:*:trail/m${*}*",
    # a default after another separator than the documented ", " (trail-lint: unknown)
    "arn:aws:cloudtrail:*:*:trail/${aws:PrincipalTag/missing,'main'}",
    f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main", "*", "arn:aws:cloudtrail:*:*:trail/aws-*",
    # a variable's name in another case: context keys are case-insensitive, tag keys among them
    "arn:aws:cloudtrail:*:*:trail/${AWS:UserName}", "arn:aws:cloudtrail:*:*:trail/${aws:principaltag/Trail}",
    # a tag of the principal as part of the name (the user "org.audit" has team=audit, "deploy" Team=ops)
    "arn:aws:cloudtrail:*:*:trail/*.${aws:PrincipalTag/team}", "arn:aws:cloudtrail:us-*:*:trail/${aws:PrincipalTag/team}*"])
PRINCIPALS = st.sampled_from([("user", "main", {"trail": "eu-app"}), ("user", "alice", {}), ("role", "main", {}),
                              ("user", "aws-controltower-Baseline", {"trail": "main"}),
                              ("user", "org.audit", {"team": "audit"}),
                              # under a path (PATHS), a tag key in another case than the policies write it
                              ("user", "deploy", {"Team": "ops", "trail": "deploy"}), ("role", "deploy", {})])
# A principal's path, part of its ARN (so of aws:PrincipalArn) but not of its name (aws:username), nor
# of an assumed role's session ARN: arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/JaneDoe
# (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns)
PATHS = {"deploy": "ci/eu/"}


def principal_arn(kind: str, name: str, account: str = ACCOUNT) -> str:
    """The ARN of the user or role ``name`` (with its path, PATHS): its aws:PrincipalArn; of the
    account's root user (kind "root"): arn:aws:iam::ACCOUNT:root
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html)."""
    if kind == "root":
        return f"arn:aws:iam::{account}:root"
    return f"arn:aws:iam::{account}:{kind}/{PATHS.get(name, '')}{name}"


# The account's root user: no identity policy or boundary can be attached to it, it may do anything
# on its account's resources, and the SCPs over a member account limit it
# (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html,
# https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html). Its
# requests carry aws:PrincipalType "Account", its account ID as aws:userid, no aws:username and no
# tags (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-infotouse,
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltype).
ROOT_PRINCIPAL = ("root", "root", {})


def user_id(name: str) -> str:
    """An IAM user's unique ID, what ${aws:userid} holds in its requests (a role session's is
    "role-id:session-name", from the session: request context).
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-infotouse"""
    return "AIDAALICEEXAMPLE00001" if name == "alice" else f"AIDA{name.upper().replace('.', '').replace('-', '')}0001"
# A key not in a request (a condition key's value stands for itself otherwise).
_ABSENT = object()
MOST_CONDITIONS = 3      # 2**3 ways the conditional statements of one case can go


@cache
@st.composite
def variable_statements(draw: st.DrawFn, action: str) -> dict[str, object]:
    statement = draw(statements(conditional=True, action=action))
    key = "NotResource" if "NotResource" in statement else "Resource"
    statement[key] = draw(st.lists(VARIABLE_PATTERNS, min_size=1, max_size=2))
    return statement


@cache
def focused_documents(action: str, trail: str, max_statements: int = 3) -> st.SearchStrategy[dict[str, object]]:
    """Documents whose patterns are often built from the request, some with policy variables."""
    return as_documents(st.one_of(statements(True, action, trail), variable_statements(action)), max_statements)


@cache
@st.composite
def access_cases(draw: st.DrawFn, actions: tuple[str, ...], trails: tuple[str, ...] = tuple(TRAIL_ARNS),
                 fuzzed: bool = False, attachments: bool = False) -> dict:
    """One principal (user with a group, or role), its policies, boundary and SCP levels, and one
    request: an action of ``actions`` on one of ``trails``, with sampled request contexts.
    ``fuzzed``: every policy from fuzzed_documents. ``attachments``: policies reach the principal
    every way at once (see ATTACHMENT_TARGETS): a second group's inline policies, customer managed
    policies attached to the principal and to its groups (one policy to several of them), the
    boundary a managed policy named by its ARN."""
    action = draw(st.sampled_from(actions))
    trail = draw(st.sampled_from(trails))
    # identity policies and boundaries as fuzzed sometimes hold statements IAM rejects; an SCP's
    # statements also decide whether FullAWSAccess stays attached (simulated), so its are valid
    policies = fuzzed_documents(action, trail, rejected=True) if fuzzed else focused_documents(action, trail)
    level = st.fixed_dictionaries({
        "scps": st.lists(fuzzed_documents(action, trail, 2, bare=True) if fuzzed else documents(True, 2, action, trail),
                         max_size=2),
        "full_access": st.sampled_from(["default", "default", "attached", "detached"])})
    return {"principal": draw(PRINCIPALS), "own": draw(st.lists(policies, min_size=1, max_size=2)),
            "group": draw(st.lists(policies, max_size=1)),
            "boundary": draw(st.one_of(st.none(), st.none(), policies)),
            "levels": draw(st.one_of(st.just([]), st.just([]), st.lists(level, min_size=2, max_size=4))),
            "action": action, "trail": trail, "contexts": draw(st.lists(contexts(), min_size=2, max_size=2)),
            # every trail's tags, where the inputs hold them all (None: they do not, request context)
            "trail_tags": draw(st.one_of(st.none(), st.sampled_from(RESOURCE_TAG_SETS))),
            **(draw(st.one_of(st.just({}), attached_policies(policies))) if attachments else {})}


# Where a customer managed policy is attached: the principal itself, and (a user's) groups "ops" and
# "audit": "a user can belong to multiple user groups", and a policy attached to a group gives its
# permissions to every user in it (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html);
# one managed policy may be attached to several identities
# (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html).
ATTACHMENT_TARGETS = ("self", "ops", "audit")


@st.composite
def attached_policies(draw: st.DrawFn, policies: st.SearchStrategy[dict[str, object]]) -> dict[str, object]:
    """``group2``: the inline policies of the second group ("audit"); ``attached``: customer managed
    policies, each with the targets it is attached to; ``boundary_ref``: the boundary is given as a
    managed policy's ARN rather than inline."""
    attached = draw(st.lists(policies, max_size=2))
    return {"group2": draw(st.lists(policies, max_size=2)), "attached": attached,
            "targets": [draw(st.lists(st.sampled_from(ATTACHMENT_TARGETS), min_size=1, max_size=3, unique=True))
                        for _ in attached],
            "boundary_ref": draw(st.booleans())}


def identity_documents(case: dict) -> list[dict]:
    """The principal's identity-based policies: its own, the AWS managed one (case["managed"]), its
    groups' (a user's), and the customer managed ones attached to it or to its groups."""
    user = case["principal"][0] == "user"
    reach = {"self", "ops", "audit"} if user else {"self"}
    return [*case["own"], *case.get("managed", []), *(case["group"] + case.get("group2", []) if user else []),
            *(document for document, targets in zip(case.get("attached", []), case.get("targets", []))
              if reach & set(targets))]



def level_targets(case: dict) -> tuple[str, ...]:
    """Where each SCP level is attached, from the root down to the account: r-root[, ou-a[, ou-b]], the account."""
    return ("r-root", "ou-a", "ou-b")[:len(case["levels"]) - 1] + (ACCOUNT,) if case["levels"] else ()


def level_parents(case: dict) -> list[tuple[str, str]]:
    """(OU or account, its parent) for the organization of the case's levels."""
    targets = level_targets(case)
    return list(zip(targets[1:], targets))


def policy_documents(case: dict) -> list[dict]:
    """Every policy document of the case, in one order (for counting and editing conditions)."""
    return [*case["own"], *case["group"], *case.get("group2", []), *case.get("attached", []),
            *([case["boundary"]] if case["boundary"] else []),
            *(document for level in case["levels"] for document in level["scps"])]


def as_iam_reads(case: dict) -> dict:
    """The case with its identity-based policies and boundary as trail-lint reads those IAM rejects
    for a repeated Sid (iam_simulator.iam_read): what the simulator is to be given. SCPs are not
    held to unique Sids (the Organizations pages do not say so)."""
    return {**case, "own": [iam_read(document) for document in case["own"]],
            "group": [iam_read(document) for document in case["group"]],
            **({key: [iam_read(document) for document in case[key]] for key in ("group2", "attached") if key in case}),
            "boundary": iam_read(case["boundary"]) if case["boundary"] else case["boundary"]}


def at_most(case: dict, count: int) -> dict:
    """The case with the Condition of its conditional statements after the first ``count`` removed."""
    case = copy.deepcopy(case)
    seen = 0
    for document in policy_documents(case):
        for statement in document["Statement"]:
            if "Condition" in statement:
                seen += 1
                if seen > count:
                    del statement["Condition"]
    return case


def ways(case: dict) -> list[dict]:
    """The case once for every way its conditional statements can go: each applies (its Condition
    removed) or does not (the statement removed). A statement whose condition the principal alone
    settles (settled) keeps its Condition: the simulator decides it from the principal's keys.
    A statement that makes IAM reject its document (iam_simulator.rejected, or a Condition operator
    the grammar does not have) stays as written: removing it, or its Condition, would turn a policy
    that never exists, whose Deny statements protect nothing, into one whose Denies apply."""
    fixed = principal_keys(case)
    conditional = [(d, s) for d, document in enumerate(policy_documents(case))
                   for s, statement in enumerate(document["Statement"])
                   if "Condition" in statement and settled(statement["Condition"], fixed) is None
                   and not rejected(statement) and not unknown_operator(statement) and not without_resource(statement)]
    ways = []
    for applies in itertools.product((True, False), repeat=len(conditional)):
        way = copy.deepcopy(case)
        documents = policy_documents(way)
        for (d, s), keep in sorted(zip(conditional, applies), reverse=True):
            if keep:
                del documents[d]["Statement"][s]["Condition"]
            else:
                del documents[d]["Statement"][s]
        ways.append(way)
    return ways


# In principal_keys: every aws:ResourceTag/<key> is absent from the request (resource_keys).
_NO_RESOURCE_TAGS = "aws:resourcetag/"


# The actions CloudTrail performs on a trail only when called in the trail's home Region: elsewhere they
# fail with InvalidHomeRegionException, "thrown when an operation is called on a trail from a Region other
# than the Region in which the trail was created". UpdateTrail, DeleteTrail, PutEventSelectors: "must be
# called from the Region in which the trail was created"; StartLogging, StopLogging: so "for a trail
# enabled in all Regions", and a single-Region trail is managed "only in that AWS Region"; PutInsightSelectors
# lists the exception among its errors (the CloudTrail API Reference page of each action;
# https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts-trails-managing-and-using.html).
HOME_REGION_ACTIONS = frozenset(f"cloudtrail:{name}".lower() for name in (
    "StartLogging", "StopLogging", "UpdateTrail", "DeleteTrail", "PutEventSelectors", "PutInsightSelectors"))


def home_region_only(action: str) -> bool:
    return action.lower() in HOME_REGION_ACTIONS


def resource_keys(resource: str, tags: dict[str, str] | None, action: str = "") -> dict[str, object]:
    """The condition keys (lower case) the request's resource fixes, as trail-lint's access analysis
    decides them (iam.conditions): a trail's account (aws:ResourceAccount); its tags where the inputs
    hold them (``tags``, None where they do not: each of them, every other aws:ResourceTag absent),
    and on "*", a request without a resource, which carries none. Its account there, which no page
    says, stays request context. Tag keys in lower case only: the simulator is given them so. For an
    ``action`` performed only in a trail's home Region (HOME_REGION_ACTIONS), the Region of the request
    (aws:RequestedRegion) is the trail's, its ARN's; for any other action it stays request context."""
    keys: dict[str, object] = {}
    if resource != "*":
        keys["aws:resourceaccount"] = resource.split(":")[4]
        if home_region_only(action):
            keys["aws:requestedregion"] = resource.split(":")[3]
    if tags is not None or resource == "*":
        keys[_NO_RESOURCE_TAGS] = _ABSENT
        keys.update({_NO_RESOURCE_TAGS + key: value for key, value in (tags or {}).items() if resource != "*"})
    return keys


def principal_keys(case: dict) -> dict[str, object]:
    """The condition keys (lower case) whose value the case's principal fixes in all its requests,
    _ABSENT for those it never carries; keys of the cloudtrail: service, which has none, are absent.
    An IAM user's tags are known; a role session may carry session tags: request context. The
    case's ``resource_keys`` (resource_keys) are fixed too: the case stands for one request.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html"""
    kind, name, tags = case["principal"]
    fixed: dict[str, object] = {"aws:principalaccount": ACCOUNT, "aws:principalarn": principal_arn(kind, name),
                                "aws:principaltype": PRINCIPAL_TYPES.get(kind, "AssumedRole"),
                                "aws:username": name if kind == "user" else _ABSENT}
    if kind == "user":
        fixed["aws:userid"] = user_id(name)
        fixed.update({f"aws:principaltag/{key.lower()}": value for key, value in tags.items()})
    elif kind == "root":
        fixed["aws:userid"] = ACCOUNT
    fixed.update(case.get("resource_keys", {}))
    return fixed


# aws:PrincipalType of an IAM user, the root user (ROOT_PRINCIPAL), and otherwise a role's session
PRINCIPAL_TYPES = {"user": "User", "root": "Account"}


def tags_known(fixed: dict[str, object]) -> bool:
    """Whether the principal's tags are all known: an IAM user's are, the root user has none; a role
    session may carry session tags."""
    return fixed["aws:principaltype"] in ("User", "Account")


def rooted(case: dict) -> dict | None:
    """The case with the account's root user as the principal, limited by the case's SCP levels alone
    (ROOT_PRINCIPAL); None where a condition names aws:PrincipalArn, which trail-lint knows of a root
    user only where the inputs settle its partition (iam.root)."""
    if "aws:principalarn" in json.dumps(case["levels"]).lower():
        return None
    return {**case, "principal": ROOT_PRINCIPAL, "own": [FULL_ACCESS_DOCUMENT], "group": [], "group2": [],
            "attached": [], "targets": [], "boundary": None}


def _fixed(key: str, fixed: dict[str, object], all_tags: bool) -> object | None:
    """The key's fixed value (or _ABSENT), None when it is request context."""
    key = key.lower()
    if key in fixed:
        return fixed[key]
    if key.startswith(_NO_RESOURCE_TAGS) and _NO_RESOURCE_TAGS in fixed:
        return _ABSENT
    if key.startswith(("cloudtrail:", *NO_REQUEST_TAGS)) or (all_tags and key.startswith("aws:principaltag/")):
        return _ABSENT
    return None


def settled(block: dict[str, dict[str, object]], fixed: dict[str, object]) -> bool | None:
    """True or False when the principal's own keys settle the Condition block (every entry on such
    keys, or one such entry fails), None when the request context decides it."""
    user = tags_known(fixed)
    result: bool | None = True
    for operator, pairs in block.items():
        for key, values in pairs.items():
            value = _fixed(key, fixed, user)
            holds = None if value is None else _holds(operator, values if isinstance(values, list) else [values], value)
            if holds is False:
                return False
            if holds is None:
                result = None
    return result


def simulated(case: dict, resource: str, context: dict[str, str]) -> dict[str, object]:
    """The case as the simulator takes it: the request context a principal fixes, FullAWSAccess where it stays."""
    kind, name, tags = case["principal"]
    principal = principal_arn(kind, name) if kind in PRINCIPAL_TYPES else \
        f"arn:aws:sts::{ACCOUNT}:assumed-role/{name}/session"
    fixed = {"aws:PrincipalAccount": ACCOUNT, "aws:PrincipalArn": principal_arn(kind, name),
             "aws:PrincipalType": PRINCIPAL_TYPES.get(kind, "AssumedRole")}
    if kind == "user":
        fixed["aws:username"] = name
        fixed["aws:userid"] = user_id(name)
        fixed.update({f"aws:PrincipalTag/{key}": value for key, value in tags.items()})
    elif kind == "root":
        fixed["aws:userid"] = ACCOUNT
    for key, value in case.get("resource_keys", {}).items():
        if key == "aws:resourceaccount":
            fixed["aws:ResourceAccount"] = value
        elif key == "aws:requestedregion":
            fixed["aws:RequestedRegion"] = value
        elif key.startswith(_NO_RESOURCE_TAGS) and key != _NO_RESOURCE_TAGS:
            fixed["aws:ResourceTag/" + key[len(_NO_RESOURCE_TAGS):]] = value
    levels = []
    for level in case["levels"]:
        allow_list = any(s.get("Effect") == "Allow" for doc in level["scps"] for s in doc["Statement"])
        keeps_full_access = level["full_access"] == "attached" or (level["full_access"] == "default" and not allow_list)
        levels.append(level["scps"] + ([FULL_ACCESS_DOCUMENT] if keeps_full_access else []))
    simulated = {"identity": identity_documents(case), "action": case["action"],
                 "account": resource.split(":")[4] if resource != "*" else ACCOUNT, "resource": resource,
                 "principal": principal, "scps": levels,
                 # a user's tags are its own: a context names none it does not have; nor a trail's
                 # where they are known, nor a request on "*" (resource_keys)
                 "context": {**{key: value for key, value in context.items()
                                if (kind not in PRINCIPAL_TYPES or not key.startswith("aws:PrincipalTag/"))
                                and not (key.lower().startswith(_NO_RESOURCE_TAGS)
                                         and _NO_RESOURCE_TAGS in case.get("resource_keys", {}))}, **fixed}}
    if case["boundary"]:
        simulated["boundary"] = [case["boundary"]]
    return simulated




# --- Policies as people and fuzzers write them ---------------------------------------------
# Statements mixing Allow/Deny, Action/NotAction, Resource/NotResource; single strings and lists,
# duplicated and empty lists, Sids; Condition blocks with several operators and keys, known and
# unknown (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html,
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
# Single-valued keys, with values a request may carry; aws:TagKeys is multi-valued.
FUZZ_KEYS = {
    "aws:RequestedRegion": ("us-east-1", "eu-west-1", "cn-north-1"),
    "aws:PrincipalOrgID": ("o-abc", "o-other"),
    "aws:ResourceTag/env": ("prod", "dev"),
    "aws:PrincipalTag/team": ("audit", "ops"),
    "aws:SourceAccount": (ACCOUNT, OTHER_ACCOUNT),
    "aws:ResourceAccount": (ACCOUNT, OTHER_ACCOUNT),
}
MULTI_KEYS = {"aws:TagKeys": ("env", "team", "owner")}
# Keys no request carries: CloudTrail has no service-specific condition keys
# (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudtrail.html).
UNKNOWN_KEYS = ("cloudtrail:TrailName", "aws:NoSuchKey")
# ... nor request tags on the actions compared (trail actions: the same page lists aws:RequestTag and
# aws:TagKeys only for actions that create or tag resources): a request never carries them, and the
# simulator is given none
NO_REQUEST_TAGS = ("aws:requesttag/", "aws:tagkeys")
BASE_OPERATORS = ("StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "StringEqualsIgnoreCase",
                  "StringNotEqualsIgnoreCase")


@cache
@st.composite
def fuzzed_condition_entries(draw: st.DrawFn) -> tuple[str, str, object]:
    """One (operator, key, values) of a Condition block."""
    kind = draw(st.sampled_from(["single"] * 5 + ["multi", "null", "unknown-key", "unknown-operator"]))
    if kind == "unknown-operator":      # not in the grammar: IAM rejects the policy
        return "StringMatches", draw(st.sampled_from(sorted(FUZZ_KEYS))), "x"
    if kind == "null":
        return "Null", draw(st.sampled_from([*FUZZ_KEYS, *MULTI_KEYS])), draw(st.sampled_from(["true", "false"]))
    if kind == "multi":
        key = draw(st.sampled_from(sorted(MULTI_KEYS)))
        operator = draw(st.sampled_from(["ForAllValues:", "ForAnyValue:"])) + draw(st.sampled_from(BASE_OPERATORS)) \
            + draw(st.sampled_from(["", "", "IfExists"]))
        pool = MULTI_KEYS[key]
    else:
        key = draw(st.sampled_from(sorted(FUZZ_KEYS))) if kind == "single" else draw(st.sampled_from(UNKNOWN_KEYS))
        operator = draw(st.sampled_from(BASE_OPERATORS)) + draw(st.sampled_from(["", "", "IfExists"]))
        pool = FUZZ_KEYS.get(key, ("x",))
    if draw(st.integers(0, 11)) == 0:
        # an operator in another case ("stringEquals"), as people write it: IAM refuses an identity-based
        # policy or boundary with one (iam_simulator.operator_in_another_case); an SCP's stays undecided
        operator = draw(st.sampled_from([operator.lower(), operator[0].lower() + operator[1:], operator.upper()]))
    values = draw(st.lists(st.sampled_from([*pool, "*", "?ev", pool[0].upper()]), min_size=draw(st.sampled_from([1] * 9 + [0])),
                           max_size=3))
    return operator, key, values[0] if len(values) == 1 and draw(st.booleans()) else values


def condition_block(entries: list[tuple[str, str, object]]) -> dict[str, dict[str, object]]:
    """A Condition block of (operator, key, values) entries."""
    block: dict[str, dict[str, object]] = {}
    for operator, key, values in entries:
        block.setdefault(operator, {})[key] = values
    return block


@cache
def fuzzed_conditions() -> st.SearchStrategy[dict[str, dict[str, object]]]:
    return st.lists(fuzzed_condition_entries(), min_size=1, max_size=3).map(condition_block)


@st.composite
def elements(draw: st.DrawFn, patterns: list[str]) -> object:
    """A "string or list" element as people and fuzzers write it: one string, a list, a list with
    duplicates, rarely an empty list."""
    how = draw(st.sampled_from(["string", "list", "list", "duplicated"] * 4 + ["empty"]))
    if how == "empty":
        return []
    if how == "string":
        return patterns[0]
    if how == "duplicated":
        return [*patterns, patterns[0]]
    return patterns


@cache
@st.composite
def fuzzed_statements(draw: st.DrawFn, action: str | None = None, resource: str | None = None,
                      rejected: bool = False, bare: bool = False) -> dict[str, object]:
    """A statement as people and fuzzers write it, often built from the request. ``rejected``: some
    are outside the grammar, which IAM rejects (iam_simulator.rejected): an Effect in another case,
    neither Action nor NotAction, both Action and NotAction, both Resource and NotResource; or, as
    an identity-based policy or boundary, neither Resource nor NotResource (iam_simulator.without_resource)
    or a Principal or NotPrincipal (iam_simulator.names_principal). ``bare``: some, as an SCP, without
    Resource (iam_simulator.scp_as_read)."""
    statement: dict[str, object] = {}
    if draw(st.booleans()):
        # IAM allows only A-Z, a-z and 0-9 in a Sid (iam_simulator.sid_outside_alphabet)
        statement["Sid"] = draw(st.sampled_from(["", "1", "AllowTrails", "DenyStop", "Stmt1446057698000"] * 2
                                                + ["Deny-Stop", "Allow Trails", "stmt_1"]))
    statement["Effect"] = draw(st.sampled_from(["Allow", "Allow", "Allow", "Deny"]))
    actions = draw(st.lists(action_patterns(action), min_size=1, max_size=3))
    statement["NotAction" if draw(st.integers(0, 4)) == 0 else "Action"] = draw(elements(actions))
    resources = draw(st.lists(st.one_of(resource_patterns(resource), trail_arns(),
                                        st.just("arn:aws:cloudtrail:*:*:trail/*")), min_size=1, max_size=3))
    statement["NotResource" if draw(st.integers(0, 4)) == 0 else "Resource"] = draw(elements(resources))
    if draw(st.integers(0, 2)) == 0:
        statement["Condition"] = draw(fuzzed_conditions())
    how = draw(st.sampled_from(["valid"] * 12 + ["effect", "actions", "resources", "no-action", "no-resource",
                                                 "principal"])) if rejected else \
        draw(st.sampled_from(["valid"] * 6 + ["no-resource"])) if bare else "valid"
    if how == "no-action":
        statement.pop("Action", None)
        statement.pop("NotAction", None)
    elif how == "no-resource":      # iam_simulator.without_resource: drawn in identity policies and boundaries only
        statement.pop("Resource", None)
        statement.pop("NotResource", None)
    elif how == "principal":        # iam_simulator.names_principal: drawn in identity policies and boundaries only
        element = draw(st.sampled_from(["Principal", "Principal", "NotPrincipal"]))
        statement[element] = draw(st.sampled_from(["*", {"AWS": "*"}, {"AWS": ACCOUNT},
                                                   {"AWS": f"arn:aws:iam::{ACCOUNT}:user/main"}]))
    elif how == "effect":
        statement["Effect"] = draw(st.sampled_from(["allow", "DENY", "deny", "Allow "]))
    elif how == "actions":      # the element it lacks of the pair, often the request's action
        missing = "Action" if "NotAction" in statement else "NotAction"
        statement[missing] = draw(st.sampled_from([action or "*", "*", "cloudtrail:*", "s3:*"]))
    elif how == "resources":
        missing = "Resource" if "NotResource" in statement else "NotResource"
        statement[missing] = draw(st.sampled_from([resource or "*", "*", "arn:aws:s3:::*"]))
    return statement


@cache
def fuzzed_documents(action: str, trail: str, max_statements: int = 4,
                     rejected: bool = False, bare: bool = False) -> st.SearchStrategy[dict[str, object]]:
    return as_documents(fuzzed_statements(action, trail, rejected, bare), max_statements)


def real_contexts(case: dict, most: int = 20000) -> tuple[list[dict[str, object]], bool]:
    """Request contexts, one for each way the conditions the principal does not settle can go
    together (each Condition block holding or failing), and whether every way has one.

    The values tried for each key are exhaustive for the conditions (see _candidates), so a way
    without a context is one no request can take: conditions on one key that exclude each other.
    Not every way: a key or operator this module does not know, or more than ``most`` tries.
    """
    fixed = principal_keys(case)
    user = tags_known(fixed)
    blocks = [statement["Condition"] for document in policy_documents(case) for statement in document["Statement"]
              if statement.get("Condition") and settled(statement["Condition"], fixed) is None]
    entries = [[(operator, key, values if isinstance(values, list) else [values])
                for operator, pairs in block.items() for key, values in pairs.items()] for block in blocks]
    keys = sorted({key for block in entries for _, key, _ in block if _fixed(key, fixed, user) is None})
    every = [entry for block in entries for entry in block]
    found: dict[tuple[bool, ...], dict[str, object]] = {}
    complete = True
    tries = itertools.product(*(_candidates(key, every) for key in keys))
    for tried, chosen in enumerate(tries):
        if tried == most or len(found) == 2 ** len(blocks):
            complete = len(found) == 2 ** len(blocks)
            break
        context = {**{key: fixed_value for key in {k for _, k, _ in every}
                      if (fixed_value := _fixed(key, fixed, user)) is not None}, **dict(zip(keys, chosen))}
        holds = [[_holds(operator, values, context[key]) for operator, key, values in block] for block in entries]
        if any(None in block for block in holds):
            return list(found.values()), False
        found.setdefault(tuple(all(block) for block in holds),
                         {key: value for key, value in zip(keys, chosen) if value is not _ABSENT})
    else:
        complete = len(found) == 2 ** len(blocks)
    return list(found.values()), complete


def _candidates(key: str, entries: list[tuple[str, str, list[object]]]) -> list[object]:
    """Values a request may carry for the key (_ABSENT: none): its known values, one that matches no
    pattern, and the condition's own values; only _ABSENT for keys no request carries."""
    if key in UNKNOWN_KEYS or key.lower().startswith(NO_REQUEST_TAGS):
        return [_ABSENT]     # the simulator reads a key it does not know as absent; no request tags
    pool = FUZZ_KEYS.get(key) or MULTI_KEYS.get(key, ())
    mentioned = [str(value) for operator, name, values in entries if name == key for value in values]
    singles = list(dict.fromkeys([*pool, "zz-none", *mentioned]))
    if key in MULTI_KEYS:
        return [_ABSENT, list(pool), *([value] for value in singles)]
    return [_ABSENT, *singles]


def _holds(operator: str, values: list[object], value: object) -> bool | None:
    """Whether a condition entry holds for the key's value (_ABSENT: not in the request), as the
    condition operators page documents; None for an operator this function does not know.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
    """
    base = operator.removeprefix("ForAllValues:").removeprefix("ForAnyValue:").removesuffix("IfExists")
    if not values:
        # an empty list of values: the grammar shows a list of one value or more, and whether IAM
        # accepts an empty one is not documented (trail-lint leaves such a condition unknown)
        # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
        return None
    if base == "Null":
        return (value is _ABSENT) == (str(values[0]).lower() == "true")
    if base not in BASE_OPERATORS:
        return None
    negated = "Not" in base
    if value is _ABSENT:    # ForAnyValue fails, IfExists or not; IfExists and ForAllValues hold; a negated operator holds
        if operator.startswith("ForAnyValue:"):
            return False    # "For no matching context key or a null dataset, the condition returns false"
        return operator.endswith("IfExists") or operator.startswith("ForAllValues:") or negated

    def one(item: str) -> bool:
        if "Like" in base:
            matched = any(fnmatch.fnmatchcase(item, str(v).replace("[", "[[]")) for v in values)
        elif "IgnoreCase" in base:
            matched = any(item.lower() == str(v).lower() for v in values)
        else:
            matched = any(item == str(v) for v in values)
        return not matched if negated else matched

    items = value if isinstance(value, list) else [value]
    if operator.startswith("ForAllValues:"):
        return all(one(item) for item in items)
    if operator.startswith("ForAnyValue:"):
        return any(one(item) for item in items)
    return one(str(value))


# --- Condition operator families, on keys a principal fixes and keys a request carries --------
# Every operator of the grammar (String*, Arn*, Numeric*, Date*, Bool, BinaryEquals, IpAddress,
# NotIpAddress, Null), ...IfExists, ForAllValues:/ForAnyValue:, operator names and keys in other
# cases, values with wildcards and policy variables, keys absent from the request.
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
_STRING = ("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike",
           "StringNotLike")
_ARN = ("ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike")
_NUMERIC = ("NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan",
            "NumericGreaterThanEquals")
_DATE = ("DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals")
# key -> (operators that fit its type, values a policy compares it with, values a request may carry).
# A policy's values are strings mostly, sometimes JSON numbers and booleans, as people write them
# ("aws:SecureTransport": false); `${*}`, `${?}` and `${$}` are the escapes of the literal characters
# (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-specialchars).
_TRAIL = f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main"
TYPED_KEYS: dict[str, tuple[tuple[str, ...], tuple[object, ...], tuple[object, ...]]] = {
    # fixed by the principal (iam.resolve.request_context)
    # ARN operators too on keys whose value is no ARN, and patterns that are no ARN: undocumented,
    # decided only where every reading agrees (iam.conditions._arn_condition)
    # Numeric and Date operators on string values ("main" is no number): how IAM compares them is not
    # documented (trail-lint leaves them to the request: conditional); on an account ID, a number
    "aws:username": (_STRING + _ARN + ("NumericEquals", "NumericNotEquals", "DateEquals", "DateNotEquals"),
                     ("main", "alice", "a*", "?ain", "MAIN", "${aws:PrincipalTag/trail}", "ma${?}n",
                               "${*}", "m${*}*", "${aws:username}", "a${$}", True, 0, 1.5, "deploy", "ci/eu/deploy",
                               # a variable with a default, for a key the request has or lacks
                               "${aws:PrincipalTag/missing, 'main'}", "${aws:PrincipalTag/trail, 'alice'}"), ()),
    "aws:PrincipalTag/team": (_STRING, ("audit", "Audit", "au*", "ops", "${aws:username}", "${aws:PrincipalTag/Team}"),
                              ("audit", "ops")),
    "aws:PrincipalArn": (_STRING + _ARN, (f"arn:aws:iam::{ACCOUNT}:user/main", f"arn:aws:iam::{ACCOUNT}:user/*",
                                          "arn:aws:iam::*:role/*", f"arn:aws:iam::{ACCOUNT}:*", "arn:aws:iam::*",
                                          f"arn:aws:iam::{ACCOUNT}:root", f"arn:aws:iam::{ACCOUNT}:role/main",
                                          "arn:aws:iam::*:*/main", "arn:aws:sts::*:assumed-role/main/*",
                                          "arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}", "*", "main",
                                          f"ARN:aws:iam::{ACCOUNT}:user/main", f"*:aws:iam::{ACCOUNT}:role/main",
                                          f"arn:aws:iam::{ACCOUNT}",
                                          # principals under a path (PATHS): a `*` runs across its "/"
                                          f"arn:aws:iam::{ACCOUNT}:user/ci/*", "arn:aws:iam::*:*/ci/eu/deploy",
                                          f"arn:aws:iam::{ACCOUNT}:user/*/deploy", f"arn:aws:iam::{ACCOUNT}:role/ci/*/d?ploy",
                                          f"arn:aws:iam::{ACCOUNT}:role/deploy",
                                          "arn:aws:iam::${aws:PrincipalAccount}:user/*${aws:username}"), ()),
    "aws:PrincipalAccount": (_STRING + ("NumericEquals", "NumericLessThan"), (ACCOUNT, OTHER_ACCOUNT, "1234*", int(ACCOUNT)), ()),
    # the root user's is its account ID (ROOT_PRINCIPAL)
    "aws:userid": (_STRING + ("NumericEquals", "NumericGreaterThan"),
                   ("AIDAALICEEXAMPLE00001", "AIDA*", "aidaaliceexample00001", "${aws:username}", ACCOUNT, "1234*",
                    "${aws:PrincipalAccount}", int(ACCOUNT)), ()),
    "aws:PrincipalType": (_STRING + _ARN, ("User", "AssumedRole", "user", "Account", "FederatedUser", "*Role"), ()),
    # a federation key: never in an IAM user's requests (a role session's may carry it)
    "saml:sub": (_STRING, ("main", "*"), ()),
    # request context
    # a request's Region, but the trail's own for the actions performed only in its home Region
    # (HOME_REGION_ACTIONS: the conditions test fixes it there), and the trail's account
    "aws:RequestedRegion": (_STRING, ("us-east-1", "eu-*", "US-EAST-1", "ap-southeast-2", "cn-north-1", "us-*",
                                      "*-1", "eu-west-?", "us-gov-west-1"), ("us-east-1", "eu-west-1", "ap-southeast-2")),
    "aws:ResourceAccount": (_STRING, (ACCOUNT, OTHER_ACCOUNT, "1234*", "${aws:PrincipalAccount}"), (ACCOUNT, OTHER_ACCOUNT)),
    # the trail's tags (RESOURCE_TAG_SETS), compared with the principal's as attribute-based access
    # control writes it (https://docs.aws.amazon.com/IAM/latest/UserGuide/introduction_attribute-based-access-control.html)
    "aws:ResourceTag/env": (_STRING, ("prod", "dev", "d*", "PROD", "?ev"), ()),
    "aws:ResourceTag/team": (_STRING, ("audit", "ops", "${aws:PrincipalTag/team}", "${aws:PrincipalTag/team, 'ops'}"), ()),
    "aws:SourceArn": (_STRING + _ARN, (_TRAIL, "arn:aws:cloudtrail:*:*:trail/*", "arn:aws:s3:::*"), (_TRAIL,)),
    # no request of a trail action carries tags (NO_REQUEST_TAGS): conditions on them are settled
    "aws:TagKeys": (_STRING, ("env", "team", "e*"), ()),
    # numbers and dates in odd spellings: signs, leading zeros, decimals, exponents, a date without
    # its time, another offset, fractions of a second, epoch seconds under a Date operator
    "aws:MultiFactorAuthAge": (_NUMERIC, ("0", "3600", "86400", 3600, "3.6e3", " 100", "+100", "0100", "100.0", -1),
                               ("100", "7200")),
    "aws:EpochTime": (_NUMERIC + _DATE, ("1700000000", "2000000000", 1700000000, "2026-12-02T08:00:00Z"),
                      ("1800000000",)),
    "aws:CurrentTime": (_DATE, ("2020-01-01T00:00:00Z", "2030-06-30T12:00:00Z", "2020-01-01", "2030-06-30T12:00:00+02:00",
                                "2026-12-02T08:00:00.000Z", "1700000000"), ("2026-12-02T08:00:00Z",)),
    "aws:SecureTransport": (("Bool",), ("true", "false", True, False), ("true", "false")),
    # BoolIfExists "false" is how a Deny without MFA is written: absent (long-term keys) and "false" differ
    "aws:MultiFactorAuthPresent": (("Bool",), ("true", "false", True, "TRUE"), ("true", "false")),
    "aws:SourceIp": (("IpAddress", "NotIpAddress"), ("203.0.113.0/24", "10.0.0.1/32", "2001:db8::/32", "203.0.113.7",
                                                    "0.0.0.0/0", "::/0"),
                     ("203.0.113.7", "192.0.2.1", "2001:db8::1")),
    # a VPC endpoint's keys, which a request through one carries together and one made otherwise lacks
    # (as aws:SourceIp is absent from the first: iam.requests makes a request one way or the other)
    "aws:SourceVpce": (_STRING, ("vpce-1a2b3c4d", "vpce-*", "VPCE-1A2B3C4D"), ("vpce-1a2b3c4d", "vpce-0e0e0e0e")),
    "aws:SourceVpc": (_STRING, ("vpc-111", "vpc-*"), ("vpc-111", "vpc-222")),
    "aws:VpcSourceIp": (("IpAddress", "NotIpAddress"), ("10.0.0.0/8", "10.1.2.3/32"), ("10.1.2.3", "192.168.0.1")),
    # request context of other kinds: a service calling on the principal's behalf (aws:CalledVia is
    # multivalued), the principal's organization and its paths (multivalued, with wildcards)
    # (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html)
    "aws:ViaAWSService": (("Bool",), ("true", "false"), ("true", "false")),
    "aws:CalledVia": (_STRING, ("athena.amazonaws.com", "*.amazonaws.com", "cloudformation.amazonaws.com"),
                      (["athena.amazonaws.com"], ["cloudformation.amazonaws.com", "athena.amazonaws.com"])),
    "aws:PrincipalOrgID": (_STRING, ("o-abc", "o-*", "O-ABC"), ("o-abc", "o-other")),
    "aws:PrincipalOrgPaths": (_STRING, ("o-abc/r-root/ou-a/*", "o-abc/*", "o-abc/r-root/ou-a/", "o-abc/r-root/ou-b/*"),
                              (["o-abc/r-root/ou-a/"], ["o-abc/r-root/ou-b/"])),
    # never in a request: CloudTrail has no condition keys of its own; a tag the user does not have
    # values of every type, and some malformed for the operator (a number "1e3" or "abc", a date
    # "2020-13-45", a Bool "True" or "yes", ""): a key absent from the request decides alike
    "cloudtrail:TrailName": (_STRING + _NUMERIC + _DATE + ("Bool", "BinaryEquals", "IpAddress", "NotIpAddress"),
                             ("main", "1", "2020-01-01T00:00:00Z", "true", "QmluYXJ5", "10.0.0.0/8", "abc", "1e3",
                              "2020-13-45T00:00:00Z", "True", "yes", "", 1, True, 1.5), ()),
    "aws:PrincipalTag/missing": (_STRING + _ARN + _NUMERIC + _DATE + ("Bool", "BinaryEquals", "IpAddress", "NotIpAddress"),
                                 ("x", "1", "true", "TRUE", "-1.5", "x1", "", False, 0, "arn:aws:iam::*:user/*",
                                  "QmluYXJ5", "10.0.0.0/8", "2020-01-01"), ()),
}
MULTI_VALUED = ("aws:TagKeys", "aws:CalledVia", "aws:PrincipalOrgPaths")
# A trail's tags (keys in lower case, as TYPED_KEYS writes them): what a request on it carries as
# aws:ResourceTag/<key> (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html)
RESOURCE_TAG_SETS = ({}, {"env": "prod"}, {"env": "dev", "team": "audit"}, {"team": "ops"}, {"env": "Dev", "team": "Audit"})
PRINCIPAL_FIXED = ("aws:username", "aws:userid", "aws:PrincipalTag/team", "aws:PrincipalArn", "aws:PrincipalAccount",
                   "aws:PrincipalType")


@cache
@st.composite
def typed_condition_entries(draw: st.DrawFn) -> tuple[str, str, object]:
    """One (operator, key, values): an operator of the key's type, sometimes ...IfExists, qualified
    by ForAllValues:/ForAnyValue:, or Null; the operator and the key sometimes in another case."""
    key = draw(st.sampled_from(sorted(TYPED_KEYS)))
    operators, pool, _ = TYPED_KEYS[key]
    if draw(st.integers(0, 7)) == 0:      # true/false in any case, sometimes both, sometimes JSON booleans
        values = draw(st.lists(st.sampled_from(["true", "false", "True", "FALSE", True, False]), min_size=1, max_size=2,
                               unique_by=str))
        return "Null", key, values[0] if len(values) == 1 else values
    operator = draw(st.sampled_from(operators))
    qualifier = draw(st.sampled_from(["", "", "", "IfExists"]))
    # on a single-valued key a set operator asks what the operator it qualifies does (iam.conditions.on_one_value)
    if key in MULTI_VALUED or draw(st.integers(0, 4)) == 0:
        operator = draw(st.sampled_from(["ForAllValues:", "ForAnyValue:"])) + operator
        qualifier = draw(st.sampled_from(["", "", "IfExists"]))
    operator += qualifier
    # another case ("stringequals", "StringEqualsIgnorecase"): the simulator folds it, IAM refuses an
    # identity-based policy or boundary with one (iam_simulator.operator_in_another_case: its Denies
    # protect nothing); in an SCP no page says, and trail-lint leaves what it decides unknown
    how = draw(st.sampled_from(["as documented"] * 8 + ["lower", "upper", "mixed"]))
    if how == "lower":
        operator = operator.lower()
    elif how == "upper":
        operator = operator.upper()
    elif how == "mixed":
        operator = random_case(draw, operator)
    if draw(st.integers(0, 4)) == 0:
        key = random_case(draw, key)
    if draw(st.integers(0, 15)) == 0:     # white space around the key: not documented (trail-lint: unknown)
        key = draw(st.sampled_from([f" {key}", f"{key} "]))
    if draw(st.integers(0, 24)) == 0:
        # an empty list of values: the grammar shows one value or more, what IAM does with none is not
        # documented (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html):
        # trail-lint leaves the entry undecided, and decides the statement only where another fails
        return operator, key, []
    values = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique_by=repr))
    return operator, key, values[0] if len(values) == 1 and draw(st.booleans()) else values


@cache
def typed_conditions() -> st.SearchStrategy[dict[str, dict[str, object]]]:
    """A Condition block; rarely an empty one ({}), or operators without keys ({"StringEquals": {}}),
    which the grammar's <condition_map> does not rule out, and which hold: nothing to test."""
    blocks = st.lists(typed_condition_entries(), min_size=1, max_size=3).map(condition_block)
    # several keys under one operator, as policies write them ({"StringEquals": {"aws:username": ...,
    # "aws:PrincipalTag/team": ...}}): every key must match (the multiple keys or values page)
    # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
    shared = st.tuples(st.lists(typed_condition_entries(), min_size=2, max_size=4),
                       st.sampled_from(_STRING + tuple(f"{name}IfExists" for name in _STRING))).map(
        lambda drawn: condition_block([(drawn[1] if _string_key(key) else operator, key, values)
                                       for operator, key, values in drawn[0]]))
    empty = st.sampled_from([{}, {"StringEquals": {}}, {"Null": {}, "ArnLike": {}}]).map(copy.deepcopy)
    return st.integers(0, 15).flatmap(lambda n: empty if n == 0 else shared if n < 5 else
                                      st.tuples(ranged_conditions(), blocks).map(_merged) if n < 8 else blocks)


# Keys compared by more than one operator: a window of time (DateGreaterThan and DateLessThan on
# aws:CurrentTime), a range of numbers, an address range less a part (IpAddress and NotIpAddress on
# aws:SourceIp), ARNs under a path less a part (StringLike and StringNotLike), or Null beside a
# comparison ("the key is present and ..."). Single-valued keys (a set operator on them is drawn by
# typed_condition_entries). "If your policy statement has multiple condition operators, the condition
# operators are evaluated using a logical AND"
# (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html).
_RANGED_KEYS = tuple(sorted(key for key, (operators, _, _) in TYPED_KEYS.items()
                            if len(operators) > 1 and key not in MULTI_VALUED))


@cache
@st.composite
def ranged_conditions(draw: st.DrawFn) -> dict[str, dict[str, object]]:
    """Two operators (or one and Null) on one key, each sometimes ...IfExists."""
    key = draw(st.sampled_from(_RANGED_KEYS))
    operators, pool, _ = TYPED_KEYS[key]
    block: dict[str, dict[str, object]] = {}
    for operator in draw(st.lists(st.sampled_from((*operators, "Null")), min_size=2, max_size=2, unique=True)):
        if operator == "Null":
            block[operator] = {key: draw(st.sampled_from(["true", "false"]))}
            continue
        values = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=2, unique_by=repr))
        block[operator + draw(st.sampled_from(["", "", "IfExists"]))] = {key: values[0] if len(values) == 1 else values}
    return block


def _merged(drawn: tuple[dict[str, dict[str, object]], dict[str, dict[str, object]]]) -> dict[str, dict[str, object]]:
    """A ranged block and another block as one: the other's entries under the operators they share
    join the ranged block's (a key it names already keeps the ranged block's values)."""
    ranged, other = drawn
    merged = {operator: dict(pairs) for operator, pairs in ranged.items()}
    for operator, pairs in other.items():
        for key, values in pairs.items():
            merged.setdefault(operator, {}).setdefault(key, values)
    return merged


def _string_key(key: str) -> bool:
    """Whether String operators fit the key (TYPED_KEYS), whatever the case or white space it is written in."""
    found = next((operators for name, (operators, _, _) in TYPED_KEYS.items() if name.lower() == key.strip().lower()), ())
    return "StringEquals" in found


@cache
@st.composite
def typed_statements(draw: st.DrawFn, action: str, resource: str) -> dict[str, object]:
    statement = draw(statements(False, action, resource))
    if draw(st.integers(0, 3)) > 0:
        statement["Condition"] = draw(typed_conditions())
    return statement


@cache
def typed_documents(action: str, resource: str, most: int = 3) -> st.SearchStrategy[dict[str, object]]:
    return as_documents(typed_statements(action, resource), most)


def request_contexts(principal: tuple[str, str, dict[str, str]], account: str, seed: int,
                     policies: list[dict[str, object]]) -> dict[str, object]:
    """A request context: the principal's own keys, and each request key absent or one of its values,
    those of the request pool or of the policies' own conditions (``seed`` chooses)."""
    chosen = random.Random(seed)
    kind, name, tags = principal
    context: dict[str, object] = {
        "aws:PrincipalAccount": account, "aws:PrincipalArn": principal_arn(kind, name, account),
        "aws:PrincipalType": {"user": "User", "root": "Account"}.get(kind, "AssumedRole")}
    if kind == "user":
        context["aws:username"] = name
        context["aws:userid"] = user_id(name)
        context.update({f"aws:PrincipalTag/{key}": value for key, value in tags.items()})
    elif kind == "root":
        context["aws:userid"] = account
    mentioned: dict[str, list[str]] = {}
    for document in policies:
        for statement in document["Statement"]:     # type: ignore[attr-defined]
            for pairs in statement.get("Condition", {}).values():
                for key, values in pairs.items():
                    mentioned.setdefault(key.lower(), []).extend(
                        str(value) for value in (values if isinstance(values, list) else [values]))
    request_keys = [key for key in TYPED_KEYS if key not in PRINCIPAL_FIXED and TYPED_KEYS[key][2]]
    if kind == "role":      # a role session's tags are the session's: request context
        request_keys.append("aws:PrincipalTag/team")
    for key in request_keys:
        literal = [value for value in mentioned.get(key.lower(), []) if "*" not in value and "?" not in value
                   and "${" not in value and (key != "aws:SourceIp" or "/" not in value)]
        candidates: list[object] = [None, *TYPED_KEYS[key][2],
                                    *([[value] for value in literal] if key in MULTI_VALUED else literal)]
        value = chosen.choice(candidates)
        if value is not None:
            context[key] = value
    return context


# --- A log bucket's, key's or topic's policy, read for CloudTrail's delivery -----------------
# CloudTrail calls s3:GetBucketAcl on the bucket and s3:PutObject under [prefix/]AWSLogs/<account>/
# (with the object ACL bucket-owner-full-control), kms:GenerateDataKey (with the trail's ARN as
# encryption context) and kms:DescribeKey on the key, SNS:Publish on the topic, as the service
# principal cloudtrail.amazonaws.com, with aws:SourceArn (the trail) and aws:SourceAccount, over TLS
# (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html,
# https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html,
# https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-permissions-for-sns-notifications.html,
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
BUCKET = "logs"
DELIVERY_TRAIL = f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main"
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:trail-notes"
_SERVICES = ({"Service": "cloudtrail.amazonaws.com"}, {"Service": ["config.amazonaws.com", "cloudtrail.amazonaws.com"]},
             {"Service": "config.amazonaws.com"}, "*", {"AWS": "*"}, {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
             {"AWS": ACCOUNT}, {"AWS": ["*"]}, {"Service": ["cloudtrail.amazonaws.com"]},
             {"AWS": f"arn:aws:iam::{ACCOUNT}:role/Admin"}, {"AWS": [OTHER_ACCOUNT, f"arn:aws:iam::{ACCOUNT}:user/main"]},
             {"AWS": "*", "Service": "config.amazonaws.com"}, {"Federated": "cognito-identity.amazonaws.com"},
             {"Service": "CloudTrail.amazonaws.com"}, {"AWS": [ACCOUNT, "*"]},
             {"AWS": f"arn:aws:sts::{ACCOUNT}:assumed-role/Admin/session"},
             {"Service": "cloudtrail.amazonaws.com", "AWS": OTHER_ACCOUNT}, {"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"})
# NotPrincipal takes the Principal element's forms, "*" and {"AWS": "*"} too
# (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html, <principal_map>)
_NOT_PRINCIPALS = ({"Service": "cloudtrail.amazonaws.com"}, {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                   {"Service": ["config.amazonaws.com"]}, {"AWS": f"arn:aws:iam::{ACCOUNT}:role/Admin"},
                   {"Service": ["config.amazonaws.com", "cloudtrail.amazonaws.com"], "AWS": ACCOUNT},
                   {"AWS": "*"}, "*", {"AWS": ACCOUNT})
_SOURCE_CONDITIONS = {
    "aws:SourceArn": (("StringEquals", "StringLike", "ArnEquals", "ArnLike", "ArnNotLike", "StringNotEquals",
                       "StringEqualsIfExists", "ArnLikeIfExists"),
                      (DELIVERY_TRAIL, f"arn:aws:cloudtrail:*:{ACCOUNT}:trail/*", "arn:aws:cloudtrail:us-east-1:*",
                       f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/other", "arn:aws:cloudtrail:*:*:trail/ma?n",
                       # no ARN: decided only where every reading agrees (iam.conditions.arn_condition)
                       "*", "arn:aws:cloudtrail", "main")),
    "aws:SourceAccount": (("StringEquals", "StringNotEquals", "StringLike"), (ACCOUNT, OTHER_ACCOUNT, "1234*")),
    "aws:SecureTransport": (("Bool", "BoolIfExists"), ("true", "false", "True", "FALSE")),
    "aws:PrincipalIsAWSService": (("Bool",), ("true", "false", "True")),
    "aws:PrincipalServiceName": (("StringEquals", "StringNotEquals", "StringLike", "StringEqualsIgnoreCase"),
                                 ("cloudtrail.amazonaws.com", "config.amazonaws.com", "*.amazonaws.com",
                                  "CloudTrail.amazonaws.com")),
    "aws:PrincipalOrgID": (("StringEquals", "StringNotEquals", "StringEqualsIfExists"), ("o-abc",)),
    "aws:SourceVpce": (("StringEquals", "StringNotEquals"), ("vpce-1a2b3c4d",)),
}
# what each target's statements name: CloudTrail's own actions and the target's own places first
# (drawn more often: policies that grant it), and the condition keys of its service
DELIVERY_TARGETS: dict[str, tuple[tuple[str, ...], tuple[str, ...], dict[str, tuple[tuple[str, ...], tuple[str, ...]]]]] = {
    "bucket": (("s3:PutObject", "s3:GetBucketAcl", "s3:*", "s3:Put*", "*", "s3:GetBucket*", "S3:putobject",
                "s3:ListBucket", "s3:GetObject"),
               (f"arn:aws:s3:::{BUCKET}", f"arn:aws:s3:::{BUCKET}/*", f"arn:aws:s3:::{BUCKET}/AWSLogs/{ACCOUNT}/*",
                f"arn:aws:s3:::{BUCKET}/audit/AWSLogs/{ACCOUNT}/*", f"arn:aws:s3:::{BUCKET}/AWSLogs/{OTHER_ACCOUNT}/*",
                "arn:aws:s3:::other/*", "arn:aws:s3:::log?", f"arn:aws:s3:::{BUCKET}*", "*",
                f"arn:aws:s3:::{BUCKET}/AWSLogs/*/CloudTrail/*", "arn:aws-cn:s3:::logs/*"),
               {"s3:x-amz-acl": (("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase"),
                                 ("bucket-owner-full-control", "private", "BUCKET-OWNER-FULL-CONTROL"))}),
    "key": (("kms:GenerateDataKey*", "kms:DescribeKey", "kms:*", "*", "kms:Decrypt", "KMS:generatedatakey",
             "kms:GenerateDataKey"),
            ("*", KEY, f"arn:aws:kms:us-east-1:{ACCOUNT}:key/*", "arn:aws:kms:eu-west-1:*:key/*"),
            {"kms:EncryptionContext:aws:cloudtrail:arn": (
                ("StringLike", "StringEquals", "StringNotLike", "StringEqualsIfExists", "ArnLike"),
                (f"arn:aws:cloudtrail:*:{ACCOUNT}:trail/*", DELIVERY_TRAIL, f"arn:aws:cloudtrail:*:{OTHER_ACCOUNT}:trail/*"))}),
    "topic": (("SNS:Publish", "sns:publish", "sns:*", "*", "sns:Subscribe"),
              (TOPIC, f"arn:aws:sns:*:{ACCOUNT}:*", "*", f"arn:aws:sns:us-east-1:{ACCOUNT}:other"), {}),
    # the trail's CloudWatch Logs role, whose trust policy (no Resource: it is the role's own) must let
    # CloudTrail call sts:AssumeRole (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-service.html)
    "role": (("sts:AssumeRole", "sts:*", "*", "STS:assumerole", "sts:Assume*", "sts:TagSession",
              "sts:AssumeRoleWithWebIdentity"), (), {}),
}
ROLE = f"arn:aws:iam::{ACCOUNT}:role/trail-logs"


@cache
@st.composite
def delivery_statements(draw: st.DrawFn, target: str) -> dict[str, object]:
    effect = draw(st.sampled_from(["Allow", "Allow", "Allow", "Deny"]))
    statement: dict[str, object] = {"Effect": effect}
    if draw(st.integers(0, 5 if effect == "Deny" else 20)) == 0:
        statement["NotPrincipal"] = draw(st.sampled_from(_NOT_PRINCIPALS))
    else:
        statement["Principal"] = draw(st.sampled_from((_SERVICES[0],) * 4 + _SERVICES))
    actions, resources, keys = DELIVERY_TARGETS[target]
    statement["NotAction" if draw(st.integers(0, 6)) == 0 else "Action"] = draw(st.lists(
        st.sampled_from(actions[:2] * 3 + actions), min_size=1, max_size=2, unique=True))
    if resources:
        statement["NotResource" if draw(st.integers(0, 6)) == 0 else "Resource"] = draw(st.lists(
            st.sampled_from(resources[:3] * 2 + resources), min_size=1, max_size=2, unique=True))
    if draw(st.booleans()):
        conditions = {**_SOURCE_CONDITIONS, **keys}
        block: dict[str, dict[str, object]] = {}
        for key in draw(st.lists(st.sampled_from(sorted(conditions)), min_size=1, max_size=2, unique=True)):
            operators, pool = conditions[key]
            values = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=2, unique=True))
            operator = draw(st.sampled_from(operators))
            how = draw(st.sampled_from(["as documented"] * 6 + ["lower", "any", "all", "null"]))
            if how == "lower":
                operator = operator.lower()
            elif how in ("any", "all"):
                operator = ("ForAnyValue:" if how == "any" else "ForAllValues:") + operator
            elif how == "null":
                operator, values = "Null", [draw(st.sampled_from(["true", "false", "True"]))]
            if draw(st.integers(0, 15)) == 0:     # white space around the key: not documented (trail-lint: unknown)
                key = f" {key}"
            block.setdefault(operator, {})[key] = values
        statement["Condition"] = block
    return statement


@cache
def delivery_policies(target: str) -> st.SearchStrategy[dict[str, object]]:
    return as_documents(delivery_statements(target), 4)


# RCPs hold Deny statements only (Allow is RCPFullAWSAccess's alone) with "Principal": "*", and reach
# CloudTrail's requests as a service principal on the services that support RCPs: S3, AWS STS and
# AWS KMS among them, not Amazon SNS, so a topic gets none
# (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html,
# https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html#rcp-supported-services).
RCP_TARGETS = ("bucket", "key", "role")
# an RCP's guardrails as its examples write them: CloudTrail's own requests exempted (or not) by
# aws:PrincipalIsAWSService, confused deputy keys, TLS, the organization
_RCP_CONDITIONS = (
    {"BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}, {"Bool": {"aws:PrincipalIsAWSService": "false"}},
    {"Bool": {"aws:SecureTransport": "false"}}, {"StringNotEqualsIfExists": {"aws:SourceAccount": ACCOUNT}},
    {"StringNotEqualsIfExists": {"aws:SourceAccount": OTHER_ACCOUNT}},
    {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}},
    {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc"}}, {"Null": {"aws:SourceAccount": "true"}},
    {"ArnNotLikeIfExists": {"aws:SourceArn": f"arn:aws:cloudtrail:*:{ACCOUNT}:trail/*"}})


@cache
@st.composite
def rcp_statements(draw: st.DrawFn, target: str) -> dict[str, object]:
    """A Deny of an RCP over the target: a delivery statement's actions, resources and conditions, or
    an RCP example's conditions."""
    statement = draw(delivery_statements(target))
    # the syntax page's Action element: an RCP cannot name "*" alone, only a service's actions
    patterns = statement.get("Action", statement.get("NotAction"))
    assert isinstance(patterns, list)
    actions = [action for action in patterns if action != "*"] or [DELIVERY_TARGETS[target][0][0]]
    rcp: dict[str, object] = {"Effect": "Deny", "Principal": "*", "Action": actions}
    rcp["Resource"] = statement.get("Resource", statement.get("NotResource")) or \
        draw(st.sampled_from(["*", ROLE, "arn:aws:iam::*:role/*", f"arn:aws:iam::{OTHER_ACCOUNT}:role/*"]))
    how = draw(st.sampled_from(["none", "delivery", "example", "example"]))
    if how == "delivery" and "Condition" in statement:
        rcp["Condition"] = statement["Condition"]
    elif how == "example":
        rcp["Condition"] = draw(st.sampled_from(_RCP_CONDITIONS))
    return rcp


@cache
def rcp_policies(target: str) -> st.SearchStrategy[dict[str, object]]:
    return st.builds(lambda found: {"Version": "2012-10-17", "Statement": found},
                     st.lists(rcp_statements(target), min_size=1, max_size=2))


def delivery_requests(target: str, prefix: str | None) -> list[dict[str, object]]:
    """CloudTrail's requests to the target, an object key under [prefix/]AWSLogs/<account>/ for PutObject."""
    context = {"aws:SourceArn": DELIVERY_TRAIL, "aws:SourceAccount": ACCOUNT, "aws:SecureTransport": "true",
               "aws:PrincipalIsAWSService": "true", "aws:PrincipalServiceName": "cloudtrail.amazonaws.com"}
    if target == "key":
        return [{"action": "kms:GenerateDataKey", "resource": KEY,
                 "context": {**context, "kms:EncryptionContext:aws:cloudtrail:arn": DELIVERY_TRAIL}},
                {"action": "kms:DescribeKey", "resource": KEY, "context": context}]
    if target == "topic":
        return [{"action": "sns:Publish", "resource": TOPIC, "context": context}]
    if target == "role":    # no confused deputy keys: they do not apply to this role (TL215's docs)
        return [{"action": "sts:AssumeRole", "resource": ROLE, "context": {
            key: context[key] for key in ("aws:PrincipalIsAWSService", "aws:PrincipalServiceName")}}]
    folder = f"{prefix}/" if prefix else ""
    key = f"{folder}AWSLogs/{ACCOUNT}/CloudTrail/us-east-1/2026/12/02/{ACCOUNT}_CloudTrail_us-east-1_x.json.gz"
    return [{"action": "s3:GetBucketAcl", "resource": f"arn:aws:s3:::{BUCKET}", "context": context},
            {"action": "s3:PutObject", "resource": f"arn:aws:s3:::{BUCKET}/{key}",
             "context": {**context, "s3:x-amz-acl": "bucket-owner-full-control"}}]
