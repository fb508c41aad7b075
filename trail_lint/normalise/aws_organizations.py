"""AWS Organizations CLI output: the organization's roots, OUs and accounts, and where SCPs and RCPs are attached.

``describe-organization`` names the management account, ``list-roots`` the roots,
``list-organizational-units-for-parent`` and ``list-accounts-for-parent`` the children of a parent,
``list-targets-for-policy`` where a policy is attached, an SCP or an RCP as its place says
(``describe-policy``, the policy's document, is read with the other policies by aws_iam). The
parent of a listing and the policy whose targets are listed (and its type) are not in the output:
a snapshot's layout names them (trail_lint/snapshot.py), and the engine hands that place to the
reader.
https://docs.aws.amazon.com/organizations/latest/APIReference/API_Operations.html
"""
from __future__ import annotations

from typing import Any

from trail_lint.model import (
    UNKNOWN,
    At,
    InputKind,
    OrgNode,
    OrgNodeKind,
    Origin,
    Policy,
    ResourceControlPolicy,
    ServiceControlPolicy,
)
from trail_lint.normalise import Contents, MalformedInput, Supplied
from trail_lint.scope.names import organization_id

KIND = InputKind.AWS_ORGANIZATIONS
_LISTS = {"Roots": OrgNodeKind.ROOT, "OrganizationalUnits": OrgNodeKind.UNIT, "Accounts": OrgNodeKind.ACCOUNT}


def detect(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    organization = data.get("Organization")
    if isinstance(organization, dict) and "MasterAccountId" in organization:
        return True
    return any(_listing(data.get(key), "Arn", ":organizations::") for key in (*_LISTS, "Targets"))


def _listing(value: Any, key: str, marker: str) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, dict) and marker in str(item.get(key, "")) for item in value) and value != []


def normalise(doc: Any, supplied: Supplied | None = None) -> Contents:
    data, file = doc.data, doc.file
    place = supplied.place if supplied else None
    if isinstance(data.get("Organization"), dict):
        management = data["Organization"].get("MasterAccountId")
        origin = Origin(file, ("Organization", "MasterAccountId"), kind=KIND, resource=str(management))
        features = data["Organization"].get("FeatureSet")
        own = data["Organization"].get("Id")
        return Contents(KIND, organization=(OrgNode(_text(management, origin), OrgNodeKind.MANAGEMENT, None, origin,
                                                    all_features=features == "ALL" if isinstance(features, str)
                                                    else None, organization=organization_id(own)),))
    if isinstance(data.get("Targets"), list):
        targets = tuple(_text(item.get("TargetId"), Origin(file, ("Targets", i), kind=KIND))
                        for i, item in enumerate(data["Targets"]))
        # Whose targets these are is not in the output: the place names the policy (joined in the inventory),
        # and whether it is an SCP or an RCP.
        listed = Policy(place.policy if place and place.policy else "", UNKNOWN,
                        origin=Origin(file, ("Targets",), kind=KIND))
        if place and place.resource_control:
            return Contents(KIND, rcps=(ResourceControlPolicy(listed, targets),))
        return Contents(KIND, scps=(ServiceControlPolicy(listed, targets),))
    parent = place.parent if place and place.parent else UNKNOWN
    nodes = []
    for key, kind in _LISTS.items():
        for i, item in enumerate(data.get(key) if isinstance(data.get(key), list) else ()):
            if not isinstance(item, dict):
                raise MalformedInput(f"an item of {key} must be an object", At(file, (key, i)))
            origin = Origin(file, (key, i), kind=KIND, resource=str(item.get("Id")))
            # A root has no parent; the parent of a listed OU or account is the listing's (see the place).
            name = item.get("Name")
            nodes.append(OrgNode(_text(item.get("Id"), origin), kind, None if kind is OrgNodeKind.ROOT else parent,
                                 origin, name if isinstance(name, str) and name else None))
    return Contents(KIND, organization=tuple(nodes))


def _text(value: Any, origin: Origin) -> str:
    if not isinstance(value, str) or not value:
        raise MalformedInput("expected an id or ARN string", At(origin.file, origin.path))
    return value
