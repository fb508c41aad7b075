"""AWS IAM CLI output and bare policy documents → principals and managed policies.

Reads ``aws iam get-account-authorization-details`` (users, groups, roles, managed policies),
``aws iam get-policy-version`` output, the inline policy ``aws iam get-role-policy``,
``get-user-policy`` and ``get-group-policy`` show, and bare policy documents. Policy documents in CLI
output may be URL-encoded JSON strings (RFC 3986), as the IAM API returns them:
https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
"""
from __future__ import annotations

import json
import os
import sys
from typing import Any
from urllib.parse import unquote

from trail_lint.model import (
    UNKNOWN,
    At,
    InputKind,
    Origin,
    Path,
    Policy,
    PolicyRef,
    Principal,
    PrincipalKind,
    Problem,
    ResourceControlPolicy,
    ServiceControlPolicy,
)
from trail_lint.normalise import Contents, ControlPolicyFile, MalformedInput, Supplied
from trail_lint.normalise.policy_json import UNKNOWN_TEXT, owned, parse_policy, parse_policy_once
from trail_lint.normalise.principals import Draft, PrincipalBuilder
from trail_lint.scope.arns import account_from_arn
from trail_lint.scope.names import is_account_id

KIND = InputKind.AWS_IAM
_LISTS = {"UserDetailList": PrincipalKind.USER, "GroupDetailList": PrincipalKind.GROUP,
          "RoleDetailList": PrincipalKind.ROLE}
_NAME_KEYS = {PrincipalKind.USER: "UserName", PrincipalKind.GROUP: "GroupName", PrincipalKind.ROLE: "RoleName"}
# What aws:userid starts with: a user's whole value, a role's before its session name (resolve.request_context).
_ID_KEYS = {PrincipalKind.USER: "UserId", PrincipalKind.ROLE: "RoleId"}
_INLINE_KEYS = {PrincipalKind.USER: "UserPolicyList", PrincipalKind.GROUP: "GroupPolicyList",
                PrincipalKind.ROLE: "RolePolicyList"}
_DOCUMENT_KEYS = {"Version", "Statement", "Id"}
_PRINCIPAL_KEYS = {kind: {"name": name, "boundary": "PermissionsBoundary", "groups": "GroupList"}
                   for kind, name in _NAME_KEYS.items()}


def detect(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    if any(isinstance(data.get(key), list) for key in _LISTS) or _is_policy_list(data.get("Policies")):
        return True
    if isinstance(data.get("PolicyVersion"), dict) and "Document" in data["PolicyVersion"]:
        return True
    if _is_scp(data):
        return True
    return _inline_owner(data) is not None or "Statement" in data and set(data) <= _DOCUMENT_KEYS


def _inline_owner(data: dict[str, Any]) -> str | None:
    """The key naming the user, group or role of `aws iam get-role-policy` (get-user-policy,
    get-group-policy) output: the principal's name, PolicyName and PolicyDocument, nothing else.
    https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html"""
    owners = [key for key in _NAME_KEYS.values() if key in data]
    if len(owners) == 1 and "PolicyDocument" in data and set(data) == {owners[0], "PolicyName", "PolicyDocument"}:
        return owners[0]
    return None


# The authorization policy types describe-policy shows; the management policy types (tag, backup,
# AI opt-out, ...) grant and deny nothing.
_SCP, _RCP = "SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"


def _is_scp(data: dict[str, Any]) -> bool:
    """`aws organizations describe-policy` output of a service or resource control policy."""
    return _policy_type(data) in (_SCP, _RCP)


def _policy_type(data: dict[str, Any]) -> object:
    policy = data.get("Policy")
    if isinstance(policy, dict) and "Content" in policy and isinstance(policy.get("PolicySummary"), dict):
        return policy["PolicySummary"].get("Type")
    return None


def _is_policy_list(value: Any) -> bool:
    return isinstance(value, list) and any(isinstance(item, dict) and "PolicyVersionList" in item for item in value)


def normalise(doc: Any, supplied: Supplied | None = None) -> Contents:
    data, file = doc.data, doc.file
    problems: list[Problem] = []
    # whether a string of the file may hold policy_json.UNKNOWN_TEXT: only if it is not plain ASCII
    holes = not doc.ascii_strings
    # the documents the run has read (the same few trust, managed and inline policies in every account)
    documents = (supplied or Supplied()).documents
    if isinstance(data.get("PolicyVersion"), dict):
        policy = _document(data["PolicyVersion"]["Document"], os.path.basename(file),
                           Origin(file, ("PolicyVersion", "Document"), kind=KIND), problems, holes, documents)
        return Contents(kind=KIND, principals=(_bare(file, policy),), unknowns=tuple(problems))
    if _policy_type(data) == _RCP:
        content = _scp(file, data["Policy"], problems, holes, documents).policy
        return Contents(kind=KIND, rcps=(ResourceControlPolicy(content),), unknowns=tuple(problems))
    if _is_scp(data):
        return Contents(kind=KIND, scps=(_scp(file, data["Policy"], problems, holes, documents),), unknowns=tuple(problems))
    owner = _inline_owner(data)
    if owner is not None:
        # one inline policy of a principal, without its other policies or boundary: read as a document of its own
        named = data["PolicyName"]
        name = named if isinstance(named, str) and named else os.path.basename(file)
        policy = _document(data["PolicyDocument"], name, Origin(file, ("PolicyDocument",), kind=KIND), problems, holes,
                           documents)
        return Contents(kind=KIND, principals=(_bare(file, policy),), unknowns=tuple(problems))
    if "Statement" in data and set(data) <= _DOCUMENT_KEYS:
        policy = parse_policy(data, name=os.path.basename(file), origin=Origin(file, (), kind=KIND), holes=holes)
        control = supplied.control if supplied is not None else None
        if control is not None:
            return _deployed(policy, control)
        return Contents(kind=KIND, principals=(_bare(file, policy),))
    _truncated(data, file, problems)
    policies = tuple(_managed(file, index, item, problems, holes, documents)
                     for index, item in enumerate(_list(data, "Policies", file)))
    book = PrincipalBuilder(problems, before="deployment")
    shared: dict[str, tuple[str, Any]] = {}
    members = [(_principal(book, file, key, index, item, problems, holes, shared, documents), item)
               for key in _LISTS for index, item in enumerate(_list(data, key, file))]
    # a group the output does not list keeps its name: its permissions are unknown (TL002)
    for draft, item in members:
        for group in _list(item, "GroupList", file, draft.origin.path):
            if isinstance(group, str):
                listed = book.by_name.get((PrincipalKind.GROUP, group))
                draft.groups.append(listed.id if listed is not None else group)
    return Contents(kind=KIND, principals=book.principals(), policies=policies, unknowns=tuple(problems))


def _truncated(data: dict[str, Any], file: str, problems: list[Problem]) -> None:
    """One page of get-account-authorization-details (``IsTruncated`` true, or the ``NextToken`` the
    AWS CLI writes under --max-items): the users, groups, roles and policies of the other pages are
    not in the inputs, so who may do what is known only of those listed. Said once (TL002); what the
    page holds is still read. The AWS CLI pages through the whole output unless told not to.
    https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
    https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-pagination.html"""
    for key in ("IsTruncated", "NextToken"):
        value = data.get(key)
        if value is True or (key == "NextToken" and isinstance(value, str) and value):
            problems.append(Problem(
                f"this get-account-authorization-details output is one page of several ({key}): the users, "
                "groups, roles and policies of the other pages are not in the inputs, so what they may do is "
                "unknown; write the whole output (without --max-items or --no-paginate)", At(file, (key,)),
                subject=f"truncated:{key}"))
            return


def _scp(file: str, raw: dict[str, Any], problems: list[Problem], holes: bool,
         documents: dict[tuple[str, bool], Policy]) -> ServiceControlPolicy:
    """An SCP as describe-policy shows it: its content and ARN, but not where it is attached."""
    summary = raw["PolicySummary"]
    arn = summary.get("Arn") if isinstance(summary.get("Arn"), str) else None
    name: str = next((v for v in (summary.get("Name"), summary.get("Id"), arn) if isinstance(v, str) and v),
                     os.path.basename(file))
    origin = Origin(file, ("Policy", "Content"), kind=KIND, resource=arn or name)
    policy = _document(raw["Content"], name, origin, problems, holes, documents)
    return ServiceControlPolicy(Policy(name=name, statements=policy.statements, arn=arn, origin=policy.origin,
                                       version=policy.version, size=policy.size))


def _deployed(policy: Policy, control: ControlPolicyFile) -> Contents:
    """A policy document another input deploys as an SCP or RCP (a CfCT manifest's): attached where
    that input names OUs and accounts by name, which no input ties to the organization's ids."""
    if control.kind == _RCP:
        return Contents(kind=KIND, rcps=(ResourceControlPolicy(owned(policy), (UNKNOWN,), unknown_at=(control.at,)),))
    return Contents(kind=KIND, scps=(ServiceControlPolicy(policy, (UNKNOWN,), unknown_at=(control.at,)),))


def _bare(file: str, policy: Policy) -> Principal:
    """A policy document of its own, analysed as an anonymous principal."""
    book = PrincipalBuilder([], before="deployment")
    book.define(file, file, PrincipalKind.DOCUMENT, os.path.basename(file),
                Origin(file, (), kind=KIND, resource=file)).inline.append(policy)
    return book.principals()[0]


def _list(data: dict[str, Any], key: str, file: str, path: Path = ()) -> list[Any]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise MalformedInput(f"{key} must be a list", At(file, path + (key,)))
    return value


def _object(item: Any, file: str, path: Path) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise MalformedInput("entry must be an object", At(file, path))
    return item


class _Trust:
    """A role's trust policy, read the first time a check asks for it (``model.trust_policy`` calls
    it) and kept. A plain object: one is made for every role of the run, and ``functools.cache`` over
    a ``partial`` cost 8 µs to make (an LRU wrapper, the partial's attributes copied)."""

    __slots__ = ("_policy", "_read")

    def __init__(self, raw: Any, text: str, file: str, path: Path, ident: str, holes: bool,
                 documents: dict[tuple[str, bool], Policy]) -> None:
        self._read: tuple[Any, str, str, Path, str, bool, dict[tuple[str, bool], Policy]] | None = \
            (raw, text, file, path, ident, holes, documents)
        self._policy: Policy | None = None

    def __call__(self) -> Policy:
        if self._read is not None:      # the decoded document and its text are not needed once read
            self._policy, self._read = _trust(*self._read), None
        assert self._policy is not None
        return self._policy


def _trust(raw: Any, text: str, file: str, path: Path, ident: str, holes: bool,
           documents: dict[tuple[str, bool], Policy]) -> Policy:
    """A role's AssumeRolePolicyDocument (``text``: its repr), read when a check asks for it."""
    origin = Origin(file, path + ("AssumeRolePolicyDocument",), kind=KIND, resource=ident)
    if isinstance(raw, dict):
        return parse_policy_once(raw, name=f"{ident} trust policy", origin=origin, holes=holes, documents=documents,
                                 text=text)
    return _document(raw, f"{ident} trust policy", origin, [], holes, documents)


def _document(raw: Any, name: str, origin: Origin, problems: list[Problem], holes: bool,
              documents: dict[tuple[str, bool], Policy]) -> Policy:
    """A policy document that may be an object or a (URL-encoded) JSON string (``holes``: whether
    the file's strings may hold UNKNOWN_TEXT; a string's own text is searched for it)."""
    if isinstance(raw, str):
        text = unquote(raw) if raw.lstrip().startswith("%") or "%7B" in raw[:8].upper() else raw
        holes = UNKNOWN_TEXT in text or "\\u" in text
        try:
            raw = json.loads(text)
        except ValueError:
            problems.append(Problem(f"policy {name} cannot be decoded: its permissions are unknown", origin.at,
                                    resource=name))
            return Policy(name=name, statements=UNKNOWN, origin=origin)
    return parse_policy_once(raw, name=name, origin=origin, holes=holes, documents=documents)


def _managed(file: str, index: int, item: Any, problems: list[Problem], holes: bool,
             documents: dict[tuple[str, bool], Policy]) -> Policy:
    path: Path = ("Policies", index)
    item = _object(item, file, path)
    name = next((v for v in (item.get("PolicyName"), item.get("Arn")) if isinstance(v, str) and v), f"policy {index}")
    arn = item.get("Arn") if isinstance(item.get("Arn"), str) else None
    versions = _list(item, "PolicyVersionList", file, path)
    default = item.get("DefaultVersionId")
    for number, version in enumerate(versions):
        version = _object(version, file, path + ("PolicyVersionList", number))
        if version.get("VersionId") == default or (default is None and version.get("IsDefaultVersion") is True):
            origin = Origin(file, path + ("PolicyVersionList", number, "Document"), kind=KIND, resource=arn or name)
            policy = _document(version.get("Document"), name, origin, problems, holes, documents)
            return Policy(name=name, statements=policy.statements, arn=arn, origin=policy.origin,
                          version=policy.version, size=policy.size)
    origin = Origin(file, path, kind=KIND, resource=arn or name)
    problems.append(Problem(f"managed policy {name} has no default version in the input: its permissions are "
                            "unknown", origin.at, resource=arn or name))
    return Policy(name=name, statements=UNKNOWN, arn=arn, origin=origin)


def _principal(book: PrincipalBuilder, file: str, key: str, index: int, item: Any,
               problems: list[Problem], holes: bool, shared: dict[str, tuple[str, Any]],
               documents: dict[tuple[str, bool], Policy]) -> Draft:
    kind = _LISTS[key]
    path: Path = (key, index)
    item = _object(item, file, path)
    name = item.get(_NAME_KEYS[kind])
    arn = item.get("Arn")
    ident = arn if isinstance(arn, str) else name if isinstance(name, str) else f"{key}[{index}]"
    origin = Origin(file, path, _PRINCIPAL_KEYS[kind], resource=ident, kind=KIND)
    account = account_from_arn(arn)
    account = sys.intern(account) if account else account      # one copy for an account's principals
    # The output lists Tags only when there are some; UserId is what aws:userid holds for a user, and
    # RoleId what it holds before the session name for a role.
    tags = tuple((tag["Key"], tag["Value"]) for tag in _list(item, "Tags", file, path)
                 if isinstance(tag, dict) and isinstance(tag.get("Key"), str) and isinstance(tag.get("Value"), str))
    unique_id = item.get(_ID_KEYS.get(kind, ""))
    unique_id = unique_id if isinstance(unique_id, str) else None
    draft = book.define(ident, ident, kind, name if isinstance(name, str) else UNKNOWN, origin,
                        account=account if is_account_id(account) else None,
                        tags=tags, unique_id=unique_id)
    for number, entry in enumerate(_list(item, _INLINE_KEYS[kind], file, path)):
        entry = _object(entry, file, path + (_INLINE_KEYS[kind], number))
        named = entry.get("PolicyName")
        # inline policies of many principals share their names
        policy_name = sys.intern(str(named)) if isinstance(named, str) else f"inline {number}"
        draft.inline.append(_document(entry.get("PolicyDocument"), policy_name,
                                      Origin(file, path + (_INLINE_KEYS[kind], number, "PolicyDocument"),
                                             kind=KIND, resource=ident), problems, holes, documents))
    for number, entry in enumerate(_list(item, "AttachedManagedPolicies", file, path)):
        entry = _object(entry, file, path + ("AttachedManagedPolicies", number))
        ref = entry.get("PolicyArn")
        # one copy of each policy ARN: many principals of many accounts name the same few
        draft.managed.append(PolicyRef(sys.intern(ref) if isinstance(ref, str) else UNKNOWN,
                                       Origin(file, path + ("AttachedManagedPolicies", number), kind=KIND)))
    trust = item.get("AssumeRolePolicyDocument")
    if kind is PrincipalKind.ROLE and trust is not None:
        # for the checks of who may assume the role, read when one asks (what it cannot read is their TL002)
        # one copy of each document the file's roles share (most roles trust one of a few services);
        # read once however many checks ask (TL001, TL221, TL215)
        # (and one copy of its text, which each role keeps until its trust policy is read)
        text = repr(trust)
        text, trust = shared.setdefault(text, (text, trust))
        draft.trust = _Trust(trust, text, file, path, ident, holes, documents)
    raw_boundary = item.get("PermissionsBoundary")
    if isinstance(raw_boundary, dict) and raw_boundary.get("PermissionsBoundaryArn") is not None:
        ref = raw_boundary["PermissionsBoundaryArn"]
        draft.boundary = PolicyRef(ref if isinstance(ref, str) else UNKNOWN,
                                   Origin(file, path + ("PermissionsBoundary",), kind=KIND))
    return draft
