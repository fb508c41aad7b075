"""Whether a statement's Condition block holds, where the principal alone settles it.

Most condition keys are request context that cannot be known offline (aws:SourceIp,
aws:MultiFactorAuthPresent, aws:RequestedRegion of most actions): a condition on them is UNKNOWN, and the statement stays
conditional. Some keys are fixed by the principal that makes the request (its name, ARN, type,
account and tags: RequestContext), and some keys no CloudTrail request carries (CloudTrail has no
service-specific condition keys; an IAM user's requests carry no federation keys). Conditions on
those are decided here as the condition operators page documents, so that an Allow the principal
can never meet is no grant, and a Deny it always meets protects.

Some keys are fixed by the request's resource, not by the principal (RESOURCE_TAG, RESOURCE_ACCOUNT):
aws:ResourceTag/<key>, the trail's tag (CloudTrail supports tags in policies, "ABAC (tags in
policies): Yes", and lists the key for every action on a trail), and aws:ResourceAccount, the
trail's account. A condition on them is a property of the (statement, trail) pair: the reference
evaluator reads them from the trail's iam.evaluator.ResourceContext, and the access matrix
(iam.masks) narrows the statement's Resource match by them, once per distinct condition over the
trails (settle(..., per_resource=True) settles the rest for the principal). What a trail's inputs
do not hold (its tags in AWS CLI output without its list-tags output; Terraform default
tags not known offline; a CloudFormation stack's own tags, which propagate to the trail) stays
UNKNOWN, and so conditional. A third key is fixed by the resource for some actions only:
aws:RequestedRegion (REQUESTED_REGION), the Region a request is made in, which for the actions
CloudTrail performs only in a trail's home Region (iam.actions.home_region_only: StopLogging,
UpdateTrail, ...) is that Region; for every other action it stays request context (GetTrailStatus is
answered in any Region). A request for an action without a resource type (DescribeTrails)
carries no resource tag: "This key is included in the request context when the requested
resource already has attached tags" (the global condition keys page), so there StringEquals
fails and StringNotEquals, ...IfExists and Null decide as for any key the request lacks.
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/security_iam_service-with-iam.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_logic_multiple_context_keys_or_values.html
https://docs.aws.amazon.com/service-authorization/latest/reference/list_cloudtrail.html
"""
from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache

from trail_lint.model import UNKNOWN, Condition, Statement, Tri, Unknown, all_of, any_of
from trail_lint.records import replace
from trail_lint.scope.arns import arn_fields
from trail_lint.scope.names import is_account_id

# Keys whose value (or absence) a principal fixes for all its requests; only these (and keys of
# the cloudtrail: service, which has none) are ever decided, so a policy whose conditions name
# none of them evaluates alike for every principal.
FEDERATION_KEYS = ("saml:", "cognito-identity.amazonaws.com:", "www.amazon.com:", "graph.facebook.com:",
                   "accounts.google.com:", "aws:federatedprovider")
PRINCIPAL_KEYS = ("aws:principal", "aws:username", "aws:userid", *FEDERATION_KEYS)
# "CloudTrail doesn't have service-specific context keys" (CloudTrail identity-based policy examples):
# a request never carries a key of this prefix.
_ABSENT_KEYS = ("cloudtrail:",)
_OPERATORS = ("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
              "StringLike", "StringNotLike", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike")

# The keys the global condition keys page (and KMS's, for kms:EncryptionContextKeys) documents as
# multivalued: a request may carry several values of each, so a set operator on one is no single test.
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
# https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-encryption-context-keys
MULTIVALUED_KEYS = frozenset(("aws:calledvia", "aws:principalorgpaths", "aws:principalservicenameslist",
                              "aws:resourceorgpaths", "aws:sourceorgpaths", "aws:tagkeys", "kms:encryptioncontextkeys"))
_QUALIFIERS = ("ForAllValues:", "ForAnyValue:")
# Keys of the request itself whose value the requester chooses by how it makes the request (signed in
# with MFA, from an address or a VPC endpoint, at a time, through a service), by the type of value the
# global condition keys page gives each; iam.requests looks for a request of the principal that meets
# a block on them. Those a request may lack are in ABSENT_REQUEST_KEYS ("This key is not present"
# when the request is signed with long-term keys, made through a VPC endpoint, by the principal
# itself, without a Referer header); aws:SourceIp too: "This key is included in the request context,
# except when the requester uses a VPC endpoint", whose request carries aws:SourceVpce, aws:SourceVpc,
# aws:SourceVpcArn and aws:VpcSourceIp instead (iam.requests makes a request one or the other).
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
REQUEST_KEYS = {
    "aws:multifactorauthpresent": "Bool", "aws:securetransport": "Bool", "aws:viaawsservice": "Bool",
    "aws:multifactorauthage": "Numeric", "aws:currenttime": "Date", "aws:epochtime": "Date",
    "aws:sourceip": "IpAddress", "aws:vpcsourceip": "IpAddress", "aws:sourcevpc": "String",
    "aws:sourcevpce": "String", "aws:sourcevpcarn": "String", "aws:calledvia": "String",
    "aws:calledviafirst": "String", "aws:calledvialast": "String", "aws:useragent": "String",
    "aws:referer": "String"}
ABSENT_REQUEST_KEYS = frozenset((
    "aws:sourceip", "aws:multifactorauthpresent", "aws:multifactorauthage", "aws:vpcsourceip", "aws:sourcevpc",
    "aws:sourcevpce", "aws:sourcevpcarn", "aws:calledvia", "aws:calledviafirst", "aws:calledvialast",
    "aws:referer"))
# The keys only a request made through a VPC endpoint carries, all of them together, and the one only
# a request made otherwise carries (way_of_calling).
ENDPOINT_KEYS = frozenset(("aws:sourcevpce", "aws:sourcevpc", "aws:sourcevpcarn", "aws:vpcsourceip"))
SOURCE_IP = "aws:sourceip"


def way_of_calling(key: str) -> bool | None:
    """Which way of calling carries the (lower-case) key: True for a request through a VPC endpoint,
    which carries aws:SourceVpce, aws:SourceVpc, aws:SourceVpcArn and aws:VpcSourceIp together and
    lacks aws:SourceIp; False for aws:SourceIp, carried by every other request; None for a key either
    way may carry. "This key is included in the request context, except when the requester uses a
    VPC endpoint" (aws:SourceIp); "only if the requester uses a VPC endpoint" (the endpoint's keys).
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html"""
    return True if key in ENDPOINT_KEYS else False if key == SOURCE_IP else None
# The operators on IP addresses, numbers and dates (each negation begins like its operator).
_ORDERED = ("IpAddress", "NotIpAddress", "Numeric", "Date")
# Keys the request's resource fixes (lower case; a tag key follows the first): decided per trail.
RESOURCE_TAG = "aws:resourcetag/"
RESOURCE_ACCOUNT = "aws:resourceaccount"
# Fixed by the resource for the actions performed only in its home Region (iam.evaluator.ResourceContext.region).
REQUESTED_REGION = "aws:requestedregion"
# A policy variable, with its optional default value: ${aws:username}, ${aws:username, 'nobody'}.
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
VARIABLE = re.compile(r"\$\{([^},]*)(?:(,\s*)'([^']*)')?\}")
# What separates a variable from its default, as documented: "separate the variable text and the
# default value with a comma and space" (Specifying default values, on the page above).
DEFAULT_SEPARATOR = ", "
# The escapes of the literal characters: ${*}, ${?}, ${$}.
ESCAPES = ("*", "?", "$")


# The global condition keys as the global condition keys page spells them (its headings), which a
# message says whatever case a policy writes them in ("Context key names are not case-sensitive",
# the Condition element page); a key ending in "/" takes a tag key, said as written.
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
GLOBAL_KEYS = (
    "aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalOrgPaths", "aws:PrincipalOrgID", "aws:PrincipalTag/",
    "aws:PrincipalIsAWSService", "aws:PrincipalServiceName", "aws:PrincipalServiceNamesList", "aws:PrincipalType",
    "aws:userid", "aws:username", "aws:FederatedProvider", "aws:TokenIssueTime", "aws:MultiFactorAuthAge",
    "aws:MultiFactorAuthPresent", "aws:ChatbotSourceArn", "aws:Ec2InstanceSourceVpc",
    "aws:Ec2InstanceSourcePrivateIPv4", "aws:SourceIdentity", "aws:AssumedRoot", "aws:SourceIp", "aws:SourceVpc",
    "aws:SourceVpcArn", "aws:SourceVpce", "aws:VpcSourceIp", "aws:VpceAccount", "aws:VpceOrgID", "aws:VpceOrgPaths",
    "aws:ResourceAccount", "aws:ResourceOrgID",
    "aws:ResourceOrgPaths", "aws:ResourceTag/", "aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast",
    "aws:ViaAWSService", "aws:CurrentTime", "aws:EpochTime", "aws:referer", "aws:RequestedRegion", "aws:RequestTag/",
    "aws:TagKeys", "aws:SecureTransport", "aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID",
    "aws:SourceOrgPaths", "aws:UserAgent")


@lru_cache(maxsize=1)
def _spellings() -> dict[str, str]:
    """Each documented key by its lower case: the global ones, then those CloudTrail's action table
    lists (``aws:ResourceTag/${TagKey}``: a key that takes a tag key)."""
    from trail_lint.iam.actions import condition_keys

    found = {key.lower(): key for key in GLOBAL_KEYS}
    for key in condition_keys():
        spelled = key.split("${", 1)[0]
        found.setdefault(spelled.lower(), spelled)
    return found


def documented_key(key: str) -> str:
    """A condition key as its documentation spells it (``AWS:SOURCEIP``: ``aws:SourceIp``;
    ``aws:resourcetag/team``: ``aws:ResourceTag/team``, its tag key as written), else as written,
    for messages. Fingerprints never hold it (model.subject_of)."""
    key = key.strip()
    spellings = _spellings()
    found = spellings.get(key.lower())
    if found is not None:
        return found
    head, slash, tag = key.partition("/")
    prefix = spellings.get(head.lower() + "/") if slash else None
    return prefix + tag if prefix is not None else key


@dataclass(frozen=True, slots=True)
class SessionUserId:
    """aws:userid in the requests of a role's sessions: ``role-id:caller-specified-role-name``, of
    which the role's unique id (``AROA...``) is known and the session name is request context.

    A session name never holds a colon (STS RoleSessionName: letters, digits and ``_+=,.@-``), so
    the value's one colon follows the role id: a pattern whose part before its first colon is
    literal text matches no session of the role unless that part is the role id
    (session_condition).
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-userid
    https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
    """

    role_id: str


@dataclass(frozen=True, slots=True)
class Present:
    """A key the request surely carries, with a value not known offline: a tag of a role, or a tag a
    template writes on a trail, whose stack may give that key another value (iam.access.some_trail_tags).
    A role session's aws:PrincipalTag/<key> holds the role's tag, or the value of a session tag of
    the same key, which "overrides the role tag" but never takes the key away: ``Null`` decides it
    (the key is there), every other operator stays undecided.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltag
    https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_role-tags
    """


PRESENT = Present()


@dataclass(frozen=True, slots=True)
class ValueSet:
    """The values of a multivalued key that every request of the principal carries, known in full:
    aws:PrincipalOrgPaths, the path of the principal's account in its organization (an account is in
    one OU, or under the root: one path). https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgpaths
    """

    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MemberUserArn:
    """aws:PrincipalArn in the requests of a group's members: the ARN of an IAM user of the group's
    account, ``arn:<partition>:iam::<account>:user/<path><name>``, of which the partition and account
    are known and the path and name are the member's (a group holds users only, of its own account).

    A pattern decides it where it matches no such ARN (``arn:aws:iam::*:role/admin``) or every one
    (``arn:aws:iam::*:user/*``); what depends on the member's path or name stays undecided
    (member_condition).
    https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
    """

    partition: str
    account: str

    @property
    def head(self) -> str:
        """The part every member's ARN begins with."""
        return f"arn:{self.partition}:iam::{self.account}:user/"


Lookup = Callable[[str], "str | None | Unknown | SessionUserId | ValueSet | MemberUserArn | Present"]
# The condition operators of the policy grammar; all but Null take ...IfExists, and any may be
# qualified by ForAllValues: or ForAnyValue:.
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
_SPELLED = frozenset((
    *_OPERATORS, "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan",
    "NumericGreaterThanEquals", "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan",
    "DateGreaterThanEquals", "Bool", "BinaryEquals", "IpAddress", "NotIpAddress"))
_SPELLING = {name.lower(): name for name in _SPELLED}


@lru_cache(maxsize=1024)
def grammar_spelling(operator: str) -> str | None:
    """The operator as the policy grammar spells it, whatever the case it is written in
    (``stringequalsIfExists``: ``StringEqualsIfExists``; ``forallvalues:StringLike``:
    ``ForAllValues:StringLike``), or None when the grammar has no such operator (``StringMatches``,
    ``NullIfExists``)."""
    rest, prefix = operator.lower(), ""
    for qualifier in _QUALIFIERS:
        if rest.startswith(qualifier.lower()):
            rest, prefix = rest[len(qualifier):], prefix + qualifier
    if rest == "null":
        return prefix + "Null"
    base = rest.removesuffix("ifexists")
    return prefix + _SPELLING[base] + ("IfExists" if base != rest else "") if base in _SPELLING else None


def unknown_operator(conditions: tuple[Condition, ...] | Unknown) -> str | None:
    """The first operator of the block the policy grammar does not have (``StringMatches``), or None:
    IAM rejects the policy ("Invalid Condition type"). A key with white space around it is not
    counted: whether IAM rejects it or reads it as another key is not documented. An operator of
    the grammar written in another case is not counted either (see spelt_otherwise)."""
    if not isinstance(conditions, tuple) or not conditions:     # most statements have none: no generator
        return None
    return next((c.operator for c in conditions if grammar_spelling(c.operator) is None), None)


def spelt_otherwise(conditions: tuple[Condition, ...] | Unknown) -> Condition | None:
    """The first condition of the block whose operator is one of the grammar's written in another
    case (``stringEquals``, ``StringEqualsIgnorecase``, ``forAnyValue:StringLike``), or None.

    The Condition element page makes context key names case-insensitive ("Context key names are not
    case-sensitive"), and says nothing of the kind for operator names, which the grammar and the
    operators page spell one way; IAM refuses an operator spelt otherwise ("MalformedPolicyDocument:
    Invalid Condition type : stringEquals", a role's CreateRole call reported in
    https://github.com/ministryofjustice/modernisation-platform-environments/pull/8893), as IAM Access
    Analyzer's check "Invalid condition operator" does. Only IAM's own policies (identity-based,
    boundaries: iam.evaluator.operator_in_another_case) are held to it here: for other services'
    policies (an SCP, a bucket's) no page or report says, so such a condition stays undecided there.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
    https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
    """
    if not isinstance(conditions, tuple) or not conditions:     # most statements have none: no generator
        return None
    return next((c for c in conditions if grammar_spelling(c.operator) not in (None, c.operator)), None)


def outside_grammar(conditions: tuple[Condition, ...] | Unknown) -> bool:
    """Whether the block names an operator the policy grammar does not have (``StringMatches``), or
    a key with white space around it (``" aws:username"``).

    IAM rejects such a policy; what a request would meet is then not documented (a key with white
    space may be read as the key, or as one no request carries), so a statement with one is
    unknown, never conditional or ignored.
    """
    if not isinstance(conditions, tuple):
        return False
    return unknown_operator(conditions) is not None or any(condition.key != condition.key.strip()
                                                          for condition in conditions)


def fully_known(conditions: tuple[Condition, ...] | Unknown) -> tuple[Condition, ...] | Unknown:
    """The block, or UNKNOWN when one of its values is not known offline (for a reader of whole
    blocks, such as policyuniverse)."""
    if isinstance(conditions, tuple) and any(isinstance(value, Unknown) for c in conditions for value in c.values):
        return UNKNOWN
    return conditions


def depends_on_principal(conditions: tuple[Condition, ...] | Unknown, keys: tuple[str, ...] = PRINCIPAL_KEYS) -> bool:
    """Whether the block names a key that one principal may fix and another not (``keys``: the prefixes
    of such keys; with REQUEST_KEYS, also those one request fixes and another not)."""
    return conditions != () and isinstance(conditions, tuple) and any(
        condition.key.strip().lower().startswith(keys) for condition in conditions)


def conditions_hold(conditions: tuple[Condition, ...] | Unknown, lookup: Lookup) -> Tri:
    """True when every condition holds, False when one cannot, else UNKNOWN (request context).

    ``lookup`` gives a key's value in the principal's requests, None when they never carry it,
    UNKNOWN when it is request context.
    """
    if not isinstance(conditions, tuple):
        return UNKNOWN
    return all_of(condition_holds(condition, lookup) for condition in conditions)


def settle(statement: Statement, lookup: Lookup, per_resource: bool = False) -> tuple[str | Unknown, bool] | None:
    """The statement's effect for the principal and whether conditions still hold it back (request
    context), or None when the principal's requests never meet them. ``per_resource``: the
    conditions on_resource (resource_conditions) are left out, for a caller that decides them per
    trail."""
    if statement.maybe:     # a statement that may not be there holds back as a condition does
        found = settle(replace(statement, maybe=False), lookup, per_resource)
        return None if found is None else (found[0], True)
    conditions = statement.conditions
    if conditions == ():
        return statement.effect, False
    if outside_grammar(conditions):
        return UNKNOWN, True      # IAM rejects the policy: what it would decide is not documented
    if per_resource and isinstance(conditions, tuple) and any(map(on_resource, conditions)):
        conditions = tuple(condition for condition in conditions if not on_resource(condition))
        if not conditions:
            return statement.effect, False
    holds = conditions_hold(conditions, lookup)
    return None if holds is False else (statement.effect, holds is UNKNOWN)


def tied_denial(statement: Statement, lookup: Lookup) -> str | None:
    """What a Deny maybe there is made over (Statement.made_over) where, whenever it is there, it
    denies every request its Action and Resource name, for a principal whose context is ``lookup``:
    an Allow of its policy made over the same collection is there only with it, so it grants nothing
    that Deny names. None for any other statement (one whose own conditions may hold it back)."""
    if statement.made_over is None or not statement.maybe or statement.effect != "Deny":
        return None
    return statement.made_over if settle(replace(statement, maybe=False), lookup) == ("Deny", False) else None


def on_request(conditions: tuple[Condition, ...] | Unknown) -> bool:
    """Whether the block names a key of the request itself (aws:SourceIp, aws:MultiFactorAuthPresent…),
    which no input settles, or is not known offline; False when every key is one the principal or
    the request's resource fixes, or one CloudTrail's requests never carry."""
    if not isinstance(conditions, tuple):
        return True
    # aws:RequestedRegion is the trail's Region for some actions only: for the others it is the request's
    return any(not (c.key.strip().lower().startswith((*PRINCIPAL_KEYS, *_ABSENT_KEYS))
                    or on_resource(c) and not names_requested_region((c,)))
               for c in conditions)


def on_resource(condition: Condition) -> bool:
    """Whether the condition's key is one the request's resource fixes (RESOURCE_TAG, RESOURCE_ACCOUNT),
    or, for some actions, fixes (REQUESTED_REGION)."""
    return _resource_key(condition.key)


@lru_cache(maxsize=4096)
def _resource_key(key: str) -> bool:
    folded = key.strip().lower()
    return folded.startswith(RESOURCE_TAG) or folded in (RESOURCE_ACCOUNT, REQUESTED_REGION)


def names_requested_region(conditions: tuple[Condition, ...]) -> bool:
    """Whether a condition of the block is on aws:RequestedRegion, which the request's resource fixes
    for some actions only: such a block may hold on a trail for one action and not for another."""
    return any(condition.key.strip().lower() == REQUESTED_REGION for condition in conditions)


def resource_conditions(statement: Statement) -> tuple[Condition, ...]:
    """The statement's conditions on keys the request's resource fixes, which settle(...,
    per_resource=True) leaves out: () when it has none, or when its block is not known or outside
    the grammar (settle decides those alike for every resource)."""
    conditions = statement.conditions
    if conditions == () or not isinstance(conditions, tuple) or not any(map(on_resource, conditions)) \
            or outside_grammar(conditions):
        return ()
    return tuple(condition for condition in conditions if on_resource(condition))


def _present_holds(operator: str, held: list[str | None]) -> Tri:
    """One operator on a key the request surely carries with a value not known (Present): ``Null``
    decides it (the key is there). A pattern of any text, ``*``, decides it only where an empty value
    would not change the answer, which IAM's pages leave open (a set operator reads an empty string
    as an empty set, "a null dataset"): ``ForAllValues:StringLike`` holds (every value, and an empty
    set, matches), ``ForAnyValue:StringNotLike`` never does (no value escapes ``*``, and an empty set
    has none); a plain ``StringLike`` is open, as every other operator is.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html"""
    if operator == "Null":
        return held[0] == "false" if held in (["true"], ["false"]) else UNKNOWN
    qualifier, _, base = operator.rpartition(":")
    any_text = any(text and not text.strip("*") for text in held)
    if any_text and (qualifier, base.removesuffix("IfExists")) == ("ForAllValues", "StringLike"):
        return True
    if any_text and (qualifier, base.removesuffix("IfExists")) == ("ForAnyValue", "StringNotLike"):
        return False
    return UNKNOWN


def lookup_key(condition: Condition) -> str:
    """The key a lookup is asked for: lower case ("Context key names are not case-sensitive"), but
    for the tag key of aws:ResourceTag/, which keeps its case (tag keys are case-sensitive: the
    resource's lookup says when that decides nothing)."""
    key = condition.key.strip()
    folded = key.lower()
    return RESOURCE_TAG + key[len(RESOURCE_TAG):] if folded.startswith(RESOURCE_TAG) else folded


def service_key_absent(key: str) -> bool:
    """Whether the key is one of CloudTrail's own, which no request carries (_ABSENT_KEYS)."""
    return key.strip().lower().startswith(_ABSENT_KEYS)


def condition_holds(condition: Condition, lookup: Lookup) -> Tri:
    """One operator on one key with its values (any value may match; a negated operator: none)."""
    key = condition.key.strip().lower()
    value = None if key.startswith(_ABSENT_KEYS) else lookup(lookup_key(condition))
    if value is UNKNOWN:
        return _no_principal_equals(condition) if key == "aws:principalarn" else UNKNOWN
    operator = condition.operator
    if isinstance(value, Present):
        return _present_holds(operator, [value_text(item) for item in condition.values])
    if value is None and operator != "Null" and condition.values:
        return _absent(operator.removesuffix("IfExists"), operator.endswith("IfExists"))
    values = [text for item in condition.values if (text := value_text(item)) is not None]
    if not values or len(values) != len(condition.values):
        return UNKNOWN      # no value, a number with no one text or a value not known offline
    if operator == "Null":
        if len(values) != 1 or values[0] not in ("true", "false"):
            return UNKNOWN
        return (value is None) == (values[0] == "true")
    if isinstance(value, ValueSet):
        return set_condition(operator, values, value.values)
    single = on_one_value(operator, key)
    if single is None:
        return UNKNOWN      # a multivalued key: its values are request context
    base = single.removesuffix("IfExists")
    if base == "Bool" and isinstance(value, str):
        # the grammar's Boolean: decided where both sides are written "true" or "false" (how IAM
        # reads another spelling, "True", is not documented)
        return value in values if {value, *values} <= {"true", "false"} else UNKNOWN
    if key in REQUEST_KEYS and isinstance(value, str) and base.startswith(_ORDERED):
        # a value a request of the principal may carry (iam.requests): IP, number and date operators
        return UNKNOWN if any("${" in text for text in values) else ordered_condition(base, values, value)
    if base not in _OPERATORS or not isinstance(value, (str, SessionUserId, MemberUserArn)):
        return UNKNOWN      # not a condition operator of the grammar (IAM rejects it), or one not decided here
    if any("${" in text for text in values):
        if base.startswith("Arn"):
            return UNKNOWN      # variables are documented in string comparisons only
        resolved = [with_variables(text, lookup, "Like" in base) for text in values]
        if any(text is UNKNOWN for text in resolved):
            return UNKNOWN      # a variable the principal does not settle
        # a value whose variable has no value is "effectively null": no request value equals it or is
        # like it, so it matches nothing, and a negated operator holds against it
        values = [text for text in resolved if isinstance(text, str)]
    if isinstance(value, SessionUserId):
        return session_condition(base, values, value.role_id)
    if isinstance(value, MemberUserArn):
        return member_condition(base, values, value)
    if base.startswith("Arn"):
        return arn_condition("Not" in base, values, value)
    matched = any(_matches(base, pattern, value) for pattern in values)
    return not matched if "Not" in base else matched


def _no_principal_equals(condition: Condition) -> Tri:
    """A string equality on aws:PrincipalArn of a principal the inputs do not name: decided where every
    value is an IAM or STS ARN whose account is no account ID, which no principal's ARN is (its
    account is twelve digits; a StringEquals compares text: the `*` of ``arn:aws:iam::*:role/admin``
    is no wildcard there). Such a value equals no request's key, and
    a request that carries no aws:PrincipalArn (an anonymous one) equals nothing either: the
    operator never holds, its negation always does; ...IfExists holds without the key, so only its
    negation is decided. Else UNKNOWN.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn"""
    operator = condition.operator   # ForAnyValue:/ForAllValues: decide a missing key otherwise: not here
    base = operator.removesuffix("IfExists")
    if base not in ("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"):
        return UNKNOWN
    values = [value_text(item) for item in condition.values]
    if not values or not all(text is not None and "${" not in text and _no_account_id(text, "IgnoreCase" in base)
                             for text in values):
        return UNKNOWN
    if "Not" in base:
        return True
    return UNKNOWN if operator.endswith("IfExists") else False


def _no_account_id(text: str, ignore_case: bool) -> bool:
    """Whether ``text`` is an IAM or STS ARN whose account is no account ID (``arn:aws:iam::*:role/x``)."""
    fields = arn_fields(text.lower() if ignore_case else text)
    return bool(fields) and fields[2] in ("iam", "sts") and not is_account_id(fields[4])


def set_condition(operator: str, patterns: list[str], members: tuple[str, ...]) -> Tri:
    """A string operator qualified by ForAnyValue: or ForAllValues: on a multivalued key whose values
    are known in full (ValueSet): ForAnyValue holds when some value matches one of the patterns (under
    a negated operator: matches none of them), ForAllValues when every value does (the single-valued
    vs multivalued context keys page). An operator without a qualifier, an ARN operator, and a pattern
    with a policy variable are not decided (UNKNOWN): the pages document set operators for such keys.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
    """
    qualifier = next((q for q in _QUALIFIERS if operator.startswith(q)), None)
    if qualifier is None:
        return UNKNOWN
    base = operator[len(qualifier):].removesuffix("IfExists")
    if base not in _OPERATORS or base.startswith("Arn") or any("${" in pattern for pattern in patterns):
        return UNKNOWN
    each = [any(_matches(base, pattern, member) for pattern in patterns) != ("Not" in base) for member in members]
    return any(each) if qualifier == "ForAnyValue:" else all(each)


def session_condition(base: str, patterns: list[str], role_id: str) -> Tri:
    """A string operator on aws:userid of a role's sessions (SessionUserId): ``role-id:*``
    (StringLike) matches every session, a pattern naming another role id before its first colon none,
    and a pattern that names the session (``role-id:alice``) or a wildcard before the colon depends
    on the session name, which is request context. An ARN operator stays undecided: the value is
    no ARN."""
    if base.startswith("Arn"):
        return UNKNOWN
    matched = any_of(_session_matches(base, pattern, role_id) for pattern in patterns)
    return matched if isinstance(matched, Unknown) or "Not" not in base else not matched


def _session_matches(base: str, pattern: str, role_id: str) -> Tri:
    like = "Like" in base
    head, colon, rest = pattern.partition(":")
    if like and ("*" in head or "?" in head):
        return UNKNOWN
    if not colon:
        return False        # literal text without the colon every session's value holds
    same = head.lower() == role_id.lower() if "IgnoreCase" in base else head == role_id
    if not same:
        return False
    return True if like and rest and set(rest) == {"*"} else UNKNOWN


def member_condition(base: str, patterns: list[str], member: MemberUserArn) -> Tri:
    """A string or ARN operator on aws:PrincipalArn of a group's members (MemberUserArn): decided
    where each pattern matches no member's ARN or some pattern matches every one; else undecided."""
    matched = any_of(_member_matches(base, pattern, member) for pattern in patterns)
    return matched if isinstance(matched, Unknown) or "Not" not in base else not matched


def _member_matches(base: str, pattern: str, member: MemberUserArn) -> Tri:
    if base.startswith("Arn"):
        # each of the six components on its own (arn_like); a pattern that is no ARN: not decided
        parts = pattern.split(":", 5)
        if len(parts) != 6 or parts[0] != "arn":
            return UNKNOWN
        known = ("arn", member.partition, "iam", "", member.account)
        if any(_like(part).fullmatch(value) is None for part, value in zip(parts, known)):
            return False
        return _glob_after(parts[5], "user/")
    if "Like" in base:
        return _glob_after(pattern, member.head)
    head = member.head.lower() if "IgnoreCase" in base else member.head
    text = pattern.lower() if "IgnoreCase" in base else pattern
    # a member's name is never empty: an equal pattern names one member, or none
    return UNKNOWN if text.startswith(head) and len(text) > len(head) else False


def _glob_after(pattern: str, head: str) -> Tri:
    """Whether a StringLike ``pattern`` matches texts that begin with ``head`` and go on with some
    non-empty rest: False if it matches none of them, True if every one, else UNKNOWN. The pattern's
    positions reachable after reading ``head`` (`*` any run, `?` one character): none, no match; one
    followed by nothing but `*`, every rest matches."""
    def closure(states: set[int]) -> set[int]:
        found = set(states)
        for at in sorted(states):
            while at < len(pattern) and pattern[at] == "*":
                at += 1
                found.add(at)
        return found

    states = closure({0})
    for char in head:
        states = closure({at if pattern[at] == "*" else at + 1 for at in states
                          if at < len(pattern) and pattern[at] in ("*", "?", char)})
        if not states:
            return False
    if any(at < len(pattern) and set(pattern[at:]) == {"*"} for at in states):
        return True
    return UNKNOWN


def with_variables(text: str, lookup: Lookup, like: bool) -> str | None | Unknown:
    """A string condition value with its policy variables replaced by what ``lookup`` gives; None
    when a variable has no value; UNKNOWN when that is not known offline.

    "When the policy is evaluated, the policy variables are replaced with values that come from the
    conditional context keys passed in the request", and a default is "the default text that you
    provide" when the key is not present (Specifying default values): a key present in the request
    takes its value whatever the default, an absent one its default. An absent key without a default
    leaves the value "effectively null" (Policy variables with no value): None, which "condition
    operators like StringEquals or StringLike do not match", and which "Inverted condition operators
    like StringNotEquals or StringNotLike do match". UNKNOWN (not known offline) for a key that is
    request context, a key of the request's resource (aws:ResourceTag/<key>,
    aws:ResourceAccount: the access matrix decides the conditions on the trail once per trail, not
    per principal), a multivalued key (no one value), a default after another separator than the
    documented ", ", and, for a StringLike pattern (``like``), a value with `*` or `?`: whether the
    text a variable brings is a wildcard there is not documented, and a literal `*` (the escape
    ${*}) is no pattern it can write. The escapes ${*}, ${?} and ${$} are those characters (a
    Version without policy variables: every ``${`` is read ``${$}{``, normalise.policy_json).
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
    """
    parts: list[str] = []
    at = 0
    null = False
    for match in VARIABLE.finditer(text):
        key, separator, default = match.group(1).strip().lower(), match.group(2), match.group(3)
        if separator is not None and separator != DEFAULT_SEPARATOR or key in MULTIVALUED_KEYS or _resource_key(key):
            return UNKNOWN
        if key in ESCAPES:
            value: str | SessionUserId | ValueSet | MemberUserArn | Present | None | Unknown = key    # the literal character (a literal `*` of a StringLike: below)
        else:
            value = default if (found := None if key.startswith(_ABSENT_KEYS) else lookup(key)) is None else found
        if value is None:
            null = True
            value = ""
        if not isinstance(value, str) or like and ("*" in value or "?" in value):
            return UNKNOWN
        parts += [text[at:match.start()], value]
        at = match.end()
    parts.append(text[at:])
    # a "${" left over is no variable of the grammar: not decided
    if any("${" in part for part in parts[::2]):
        return UNKNOWN
    return None if null else "".join(parts)


def values_hold_variables(condition: Condition) -> bool:
    """Whether a value of the condition holds a policy variable (the principal may settle it)."""
    return any(isinstance(value, str) and "${" in value for value in condition.values)


def on_one_value(operator: str, key: str) -> str | None:
    """The operator as it reads a key that has one value in the request: a ForAllValues: or
    ForAnyValue: operator is the operator it qualifies; None for a key AWS documents as multivalued
    (MULTIVALUED_KEYS), which a request may carry with several values, and for a qualified Null.

    The set operators compare "the set of request context key values" with the policy's: ForAllValues
    "returns true if every context key value in the request matches at least one context key value
    in the policy", ForAnyValue if "at least one member of the set of request context key values
    matches at least one member" of the policy's. A single-valued key "has at most one value in the
    request context", so when present its set is that one value, and both qualifiers ask whether it
    matches, as the unqualified operator does (negated ones included: StringNotEquals of that one
    value). AWS advises against set operators on single-valued keys ("can lead to overly permissive
    policies", for ForAllValues holds on a key the request lacks: _absent); it does not reject them.
    Only the qualifiers as the operators page spells them; another case is not an operator read here.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
    """
    for qualifier in _QUALIFIERS:
        if operator.startswith(qualifier):
            base = operator[len(qualifier):]
            # a qualified Null: no page shows one
            return None if key.strip().lower() in MULTIVALUED_KEYS or base == "Null" else base
    return operator


def value_text(value: object) -> str | None:
    """A condition value as the text a request's value is compared with: a string as written, a JSON
    Boolean or integer as its JSON text (``false`` is "false", ``3600`` is "3600"); None for a value
    that has no one text: a number with a fraction or an exponent (``1.50`` and ``1.5`` read alike
    once parsed), null, a list, an object, a value not known offline.

    The grammar's ``<condition_value> = ("string" | "number" | "Boolean")``, and "Quotation marks are
    optional for numeric and Boolean values": an unquoted value is the quoted one.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return None


def _absent(base: str, if_exists: bool) -> Tri:
    """An operator on a key absent from the request, whatever its values (known or not)."""
    if base.removeprefix(_QUALIFIERS[0]).removeprefix(_QUALIFIERS[1]) not in _SPELLED:
        # not a condition operator of the grammar (IAM rejects it), or one spelt in another case:
        # context key names are documented case-insensitive, operator names only as the grammar
        # spells them (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html)
        return UNKNOWN
    if base.startswith(_QUALIFIERS):
        # documented for a key absent from the request: ForAllValues holds, ForAnyValue does not ("For
        # no matching context key or a null dataset, the condition returns false"), and a suffix
        # IfExists does not change that: AWS denies with ForAnyValue:StringEqualsIfExists on a key the
        # request lacks (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html,
        # https://repost.aws/questions/QU9HFmDzP0QGuU-fd7rS6B7w/foranyvalue-stringequalsifexists-behaving-unexpectedly)
        return base.startswith("ForAllValues:")
    if if_exists:
        return True         # ...IfExists: a key absent from the request holds
    # "the values do not match and the condition is false"; a negated operator (StringNotLike,
    # NotIpAddress, ...) is true (condition operators page, for every operator but Null)
    return "Not" in base


def arn_like(pattern: str, value: str) -> bool:
    """ArnEquals and ArnLike alike: "each of the six colon-delimited components of the ARN is checked
    separately", with `*` and `?` (a pattern of fewer parts matches nothing, unlike a Resource)."""
    patterns, parts = pattern.split(":", 5), value.split(":", 5)
    return len(patterns) == len(parts) == 6 and all(
        _like(part_pattern).fullmatch(part) is not None for part_pattern, part in zip(patterns, parts))


def arn_condition(negated: bool, patterns: list[str], value: str) -> Tri:
    """An ARN operator (ArnEquals, ArnLike and their negations) on the key's value.

    AWS documents it for ARNs ("each of the six colon-delimited components of the ARN is checked
    separately"), not for a pattern or a value that is not one (``main``, ``*``, the value of
    aws:username): read as written, such a pair does not match, so a negated operator holds; read
    as "not an ARN, no answer", as simulators do (a part missing, and the condition fails under
    either operator; the leading ``arn`` not compared), the negated operator fails. Only what both
    readings decide is an answer, else UNKNOWN.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
    """
    written = any(arn_like(pattern, value) for pattern in patterns)
    written = not written if negated else written
    if _is_arn(value) and all(_is_arn(pattern) for pattern in patterns):
        return written
    parts = _arn_parts(value)
    found = [_parts_like(_arn_parts(pattern), parts) for pattern in patterns]
    # a pair that is no ARN (None) fails the operator and its negation alike
    other = any(item is True for item in found) if not negated else all(item is False for item in found)
    return written if other == written else UNKNOWN


def _is_arn(text: str) -> bool:
    """Six colon-delimited components, the first ``arn``: an ARN as the ARN operators document it."""
    return text.startswith("arn:") and text.count(":") >= 5


def _arn_parts(text: str) -> tuple[str, ...] | None:
    """Partition, service, Region, account and resource (the rest, colons and all) of a text read as
    an ARN whatever its first component; None when one of the first four is missing."""
    parts = text.split(":", 5)
    return None if len(parts) < 5 else (*parts[1:5], parts[5] if len(parts) == 6 else "")


def _parts_like(patterns: tuple[str, ...] | None, parts: tuple[str, ...] | None) -> bool | None:
    if patterns is None or parts is None:
        return None
    return all(_like(pattern).fullmatch(part) is not None for pattern, part in zip(patterns, parts))


def _matches(base: str, pattern: str, value: str) -> bool:
    if "Like" in base:
        return _like(pattern).fullmatch(value) is not None
    if "IgnoreCase" in base:
        return pattern.lower() == value.lower()
    return pattern == value


@lru_cache(maxsize=4096)
def _like(pattern: str) -> re.Pattern[str]:
    """StringLike: case-sensitive, `*` any run of characters, `?` any one character."""
    return re.compile("".join(".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern),
                      re.DOTALL)


def ordered_condition(base: str, patterns: list[str], value: str) -> Tri:
    """An IP address, numeric or date operator (without IfExists) on a value of the request: any
    pattern may match; a negated operator (NotIpAddress, NumericNotEquals, DateNotEquals) holds when
    none does. UNKNOWN where a side does not read as its type.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html"""
    if base in ("IpAddress", "NotIpAddress"):
        address = _address(value)
        networks = [_network(pattern) for pattern in patterns]
        if address is None or None in networks:
            return UNKNOWN
        if any(net is not None and net.prefixlen and address.version == net.version and address in net
               for net in networks):
            return base == "IpAddress"
        # A range of the other IP version, or every address (`0.0.0.0/0`, `::/0`): the page documents
        # neither, and simulators differ on both (one matches nothing with `0.0.0.0/0`): not decided.
        if any(net is not None and (not net.prefixlen or address.version != net.version) for net in networks):
            return UNKNOWN
        return base == "NotIpAddress"
    read = number_value if base.startswith("Numeric") else date_seconds
    comparison = base.removeprefix("Numeric").removeprefix("Date")
    left, rights = read(value), [read(pattern) for pattern in patterns]
    if left is None or None in rights or comparison not in _COMPARISONS:
        return UNKNOWN
    test = _COMPARISONS[comparison]
    if comparison == "NotEquals":
        return all(test(left, right) for right in rights if right is not None)
    return any(test(left, right) for right in rights if right is not None)


_COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "Equals": lambda left, right: left == right, "NotEquals": lambda left, right: left != right,
    "LessThan": lambda left, right: left < right, "LessThanEquals": lambda left, right: left <= right,
    "GreaterThan": lambda left, right: left > right, "GreaterThanEquals": lambda left, right: left >= right}


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None


# Numbers and dates as the operators page writes them; another spelling (a sign, leading zeros, an
# exponent, white space) is not documented, and readers differ: not read.
_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2}))?")


def number_value(text: str) -> float | None:
    """A numeric condition value as written on the operators page (`3600`, `-1.5`); None otherwise."""
    return float(text) if _NUMBER.fullmatch(text) else None


def date_seconds(text: str) -> float | None:
    """A date condition value as seconds since the epoch: an ISO 8601 date, or a date and time with its
    offset (`Z` or `+02:00`), or a number of seconds (aws:EpochTime's form; "you can also use epoch
    (UNIX) time" under a date operator); None when it is neither."""
    number = number_value(text)
    if number is not None:
        return number
    if not _DATE.fullmatch(text):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).timestamp()
