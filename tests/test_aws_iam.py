"""IAM CLI output and bare policy documents → principals and managed policies."""
from __future__ import annotations

import dataclasses
import json
import urllib.parse
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.load import load_text
from trail_lint.model import UNKNOWN, At, PolicyRef, PrincipalKind
from trail_lint.normalise import MalformedInput, aws_iam
from trail_lint.normalise.aws_managed import shipped_policy

CORPUS = Path(__file__).parents[1] / ".." / "shared" / "corpus"

DOCUMENT = {"Version": "2012-10-17", "Statement": [
    {"Sid": "Stop", "Effect": "Allow", "Action": "cloudtrail:StopLogging", "Resource": "*"}]}

AUTHZ = {
    "UserDetailList": [{
        "UserName": "alice", "Arn": "arn:aws:iam::123456789012:user/alice", "GroupList": ["ops"],
        "UserPolicyList": [{"PolicyName": "inline", "PolicyDocument": urllib.parse.quote(json.dumps(DOCUMENT))}],
        "AttachedManagedPolicies": [{"PolicyName": "ReadOnlyAccess",
                                     "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}],
        "PermissionsBoundary": {"PermissionsBoundaryType": "Policy",
                                "PermissionsBoundaryArn": "arn:aws:iam::123456789012:policy/boundary"}}],
    "GroupDetailList": [{"GroupName": "ops", "Arn": "arn:aws:iam::123456789012:group/ops",
                         "GroupPolicyList": [], "AttachedManagedPolicies": []}],
    "RoleDetailList": [],
    "Policies": [{"PolicyName": "boundary", "Arn": "arn:aws:iam::123456789012:policy/boundary",
                  "DefaultVersionId": "v2", "PolicyVersionList": [
                      {"VersionId": "v1", "Document": {"Statement": []}},
                      {"VersionId": "v2", "Document": DOCUMENT}]}],
}


def normalise(value: object, file: str = "in.json"):
    doc = load_text(json.dumps(value), file)
    assert aws_iam.detect(doc.data)
    return aws_iam.normalise(doc)


def test_authorization_details() -> None:
    contents = normalise(AUTHZ)
    alice, ops = contents.principals
    assert (alice.id, alice.kind, alice.name, alice.account) == \
        ("arn:aws:iam::123456789012:user/alice", PrincipalKind.USER, "alice", "123456789012")
    assert alice.groups == ("arn:aws:iam::123456789012:group/ops",)
    assert alice.inline_policies[0].statements[0].actions == ("cloudtrail:StopLogging",)   # URL-decoded
    assert alice.managed_policies == (PolicyRef("arn:aws:iam::aws:policy/ReadOnlyAccess"),)
    assert alice.boundary == PolicyRef("arn:aws:iam::123456789012:policy/boundary")
    assert ops.kind is PrincipalKind.GROUP
    (boundary,) = contents.policies
    assert boundary.arn == "arn:aws:iam::123456789012:policy/boundary"
    assert boundary.statements[0].sid == "Stop"      # the default version, not v1
    assert boundary.origin.at == At("in.json", ("Policies", 0, "PolicyVersionList", 1, "Document"))


@pytest.mark.parametrize(("extra", "key"), [
    ({"IsTruncated": True, "Marker": "page-2"}, "IsTruncated"),       # the API's own paging (--no-paginate)
    ({"NextToken": "eyJNYXJrZXIiOiBudWxsfQ=="}, "NextToken"),        # the AWS CLI under --max-items
])
def test_one_page_of_several_is_said_once_and_still_read(extra: dict, key: str) -> None:
    contents = normalise({**AUTHZ, **extra})
    assert [p.at for p in contents.unknowns] == [At("in.json", (key,))]
    assert "one page of several" in contents.unknowns[0].message
    assert [p.name for p in contents.principals] == ["alice", "ops"]      # the page is read all the same


@pytest.mark.parametrize("extra", [{}, {"IsTruncated": False}, {"NextToken": ""}])
def test_the_whole_output_says_nothing_of_pages(extra: dict) -> None:
    assert normalise({**AUTHZ, **extra}).unknowns == ()


def test_bare_documents() -> None:
    (principal,) = normalise(DOCUMENT, "dir/stop.json").principals
    assert (principal.id, principal.kind, principal.name) == ("dir/stop.json", PrincipalKind.DOCUMENT, "stop.json")
    (version,) = normalise({"PolicyVersion": {"Document": urllib.parse.quote(json.dumps(DOCUMENT)),
                                              "VersionId": "v1"}}).principals
    assert version.inline_policies[0].statements == principal.inline_policies[0].statements
    assert aws_iam.detect({"Statement": []}) is True
    assert aws_iam.detect({"Resources": {}, "Statement": []}) is False
    assert aws_iam.detect({"trailList": []}) is False


@pytest.mark.parametrize("owner", ["RoleName", "UserName", "GroupName"])
def test_an_inline_policy_from_get_role_policy_is_read_as_a_document(owner: str) -> None:
    """`aws iam get-role-policy` (get-user-policy, get-group-policy) output, as the CLI reference shows
    it: https://docs.aws.amazon.com/cli/latest/reference/iam/get-role-policy.html. Before, the file was
    skipped as not an input, and its grants of StopLogging went unseen."""
    shown = {owner: "Test-Role", "PolicyDocument": DOCUMENT, "PolicyName": "ExamplePolicy"}
    (principal,) = normalise(shown, "dir/role-policy.json").principals
    assert (principal.kind, principal.name) == (PrincipalKind.DOCUMENT, "role-policy.json")
    (policy,) = principal.inline_policies
    assert (policy.name, policy.statements[0].actions) == ("ExamplePolicy", ("cloudtrail:StopLogging",))
    assert policy.statements[0].origin.at == At("dir/role-policy.json", ("PolicyDocument", "Statement", 0))
    encoded = normalise({**shown, "PolicyDocument": urllib.parse.quote(json.dumps(DOCUMENT))}).principals[0]
    assert encoded.inline_policies[0].statements == policy.statements
    # anything more (or two owners) is some other output
    assert aws_iam.detect({**shown, "Arn": "arn:aws:iam::123456789012:role/Test-Role"}) is False
    assert aws_iam.detect({**shown, "UserName": "bob", "RoleName": "Test-Role"}) is False


def test_undecodable_documents_are_unknown_and_reported() -> None:
    contents = normalise({"PolicyVersion": {"Document": "%7Bnot json"}})
    assert contents.principals[0].inline_policies[0].statements is UNKNOWN
    assert [p.message for p in contents.unknowns] == ["policy in.json cannot be decoded: its permissions are unknown"]
    missing = normalise({"Policies": [{"PolicyName": "p", "Arn": "arn:aws:iam::1:policy/p",
                                       "DefaultVersionId": "v9", "PolicyVersionList": []}]})
    assert missing.policies[0].statements is UNKNOWN
    assert [p.message for p in missing.unknowns] == \
        ["managed policy p has no default version in the input: its permissions are unknown"]


def test_malformed_shapes() -> None:
    with pytest.raises(MalformedInput) as error:
        normalise({"Version": "2012-10-17", "Statement": 5})
    assert error.value.at == At("in.json", ("Statement",))
    with pytest.raises(MalformedInput) as error:
        normalise({"UserDetailList": [5]})
    assert error.value.at == At("in.json", ("UserDetailList", 0))


def test_shipped_policies() -> None:
    view_only = shipped_policy("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess")
    assert view_only is not None and view_only.name == "ViewOnlyAccess"
    assert shipped_policy("arn:aws:iam::aws:policy/ViewOnlyAccess") is None
    assert shipped_policy("arn:aws:iam::aws:policy/job-function/SystemAdministrator") is not None
    admin = shipped_policy("arn:aws:iam::aws:policy/AdministratorAccess")
    assert admin.statements[0].actions == ("*",)


def test_corpus_authorization_details() -> None:
    folder = CORPUS / "authorization-details"
    if not folder.is_dir():
        pytest.skip("corpus not available")
    from trail_lint.load import load_file
    counts = {}
    for path in sorted(folder.glob("*.json")):
        doc = load_file(str(path))
        assert aws_iam.detect(doc.data)
        contents = aws_iam.normalise(doc)
        counts[path.name] = (len(contents.principals), len(contents.policies), len(contents.unknowns))
    assert counts == {
        "cloudmapper-demo-authz-details.json": (7, 2, 0),
        "cloudsplaining-authz-v2-admin-group.json": (4, 2, 0),
        "cloudsplaining-example-account.json": (127, 84, 0),
        "cloudsplaining-managed-policy-mismatch.json": (1, 1, 0),
        "cloudsplaining-test-authz-details.json": (8, 32, 0),
    }


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                    max_leaves=10)
KEYS = st.sampled_from(["UserName", "RoleName", "GroupName", "Arn", "GroupList", "AttachedManagedPolicies",
                        "PermissionsBoundary", "UserPolicyList", "RolePolicyList", "GroupPolicyList", "PolicyName",
                        "PolicyDocument", "PolicyArn", "PolicyVersionList", "DefaultVersionId", "Document",
                        "VersionId", "Statement"])
ENTRY = st.dictionaries(KEYS, JSON | st.lists(st.dictionaries(KEYS, JSON, max_size=4), max_size=2), max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"]),
                       st.lists(ENTRY, max_size=2) | JSON, min_size=1, max_size=4))
def test_wrong_shapes_are_malformed_input_or_contents(data: dict) -> None:
    doc = load_text(json.dumps(data), "in.json")
    if not aws_iam.detect(doc.data):
        return
    try:
        aws_iam.normalise(doc)
    except MalformedInput as error:
        assert error.at.file == "in.json"


@pytest.mark.parametrize("ensure_ascii", [True, False], ids=["escaped", "raw"])
def test_a_file_that_is_not_plain_ascii_is_searched_for_unknown_text(ensure_ascii: bool) -> None:
    """The statements of a plain ASCII file are read without looking for policy_json.UNKNOWN_TEXT
    (it cannot be there); any other file is searched for it, written raw or as an escape."""
    from trail_lint.normalise.policy_json import UNKNOWN_TEXT

    held = {"Statement": [{"Effect": "Allow", "Action": ["s3:Get*", UNKNOWN_TEXT], "Resource": "*"}]}
    doc = load_text(json.dumps({"Policies": [{"PolicyName": "p", "Arn": "arn:aws:iam::123456789012:policy/p",
                                              "DefaultVersionId": "v1", "PolicyVersionList": [
                                                  {"VersionId": "v1", "Document": held}]}]},
                               ensure_ascii=ensure_ascii), "in.json")
    assert not doc.ascii_strings
    (policy,) = aws_iam.normalise(doc).policies
    assert policy.statements[0].actions is UNKNOWN and policy.statements[0].resources == ("*",)
    plain = load_text(json.dumps(AUTHZ), "in.json")
    assert plain.ascii_strings
    assert aws_iam.normalise(plain) == aws_iam.normalise(dataclasses.replace(plain, _plain=False))


def test_documents_shared_by_principals_and_accounts_are_read_once_and_placed_at_each() -> None:
    """A run's authorization details repeat a few documents (every role trusting one service, the
    same inline and managed policies in every account): each is read once per run (the
    Supplied.documents the engine gives every file) and each copy's statements sit where it is."""
    from trail_lint.model import trust_policy
    from trail_lint.normalise import Supplied

    inline = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                     "Principal": {"Service": "lambda.amazonaws.com"}}]}

    def details(account: str) -> dict:
        return {"RoleDetailList": [{"RoleName": f"r{n}", "Arn": f"arn:aws:iam::{account}:role/r{n}",
                                    "AssumeRolePolicyDocument": trust,
                                    "RolePolicyList": [{"PolicyName": "read", "PolicyDocument": inline}]}
                                   for n in range(2)],
                "Policies": [{"PolicyName": "p", "Arn": f"arn:aws:iam::{account}:policy/p", "DefaultVersionId": "v1",
                              "PolicyVersionList": [{"VersionId": "v1", "Document": inline}]}]}

    supplied = Supplied()
    contents = [aws_iam.normalise(load_text(json.dumps(details(account)), f"{account}.json"), supplied)
                for account in ("111111111111", "222222222222")]
    roles = [role for content in contents for role in content.principals]
    inlines = [role.inline_policies[0].statements[0] for role in roles]
    trusts = [trust_policy(role).statements[0] for role in roles]
    managed = [content.policies[0].statements[0] for content in contents]
    assert len({id(statement.resources) for statement in inlines + managed}) == 1      # read once
    assert len({id(statement.principals) for statement in trusts}) == 1
    assert [statement.origin.at for statement in inlines] == [
        At(f"{account}.json", ("RoleDetailList", n, "RolePolicyList", 0, "PolicyDocument", "Statement", 0))
        for account in ("111111111111", "222222222222") for n in range(2)]
    assert [statement.origin.resource for statement in trusts] == [role.id for role in roles]
    assert trusts[3].origin.at == At("222222222222.json", ("RoleDetailList", 1, "AssumeRolePolicyDocument",
                                                            "Statement", 0))
    assert managed[1].origin.at == At("222222222222.json", ("Policies", 0, "PolicyVersionList", 0, "Document",
                                                             "Statement", 0))
    assert [role.inline_policies[0] for role in roles] == [
        aws_iam.normalise(load_text(json.dumps(details(account)), f"{account}.json")).principals[n].inline_policies[0]
        for account in ("111111111111", "222222222222") for n in range(2)]


def test_a_trust_policy_is_read_when_first_asked_for_and_kept() -> None:
    from trail_lint.model import Policy, trust_policy
    from trail_lint.normalise import Supplied

    trust = {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "x.amazonaws.com"}}]}
    supplied = Supplied()
    (role,) = aws_iam.normalise(load_text(json.dumps({"RoleDetailList": [
        {"RoleName": "r", "Arn": "arn:aws:iam::111111111111:role/r", "AssumeRolePolicyDocument": trust}]}),
        "in.json"), supplied).principals
    assert not isinstance(role.trust, Policy) and supplied.documents == {}      # not read yet
    first = trust_policy(role)
    assert first is trust_policy(role) and len(supplied.documents) == 1
    assert first.statements[0].origin.at == At("in.json", ("RoleDetailList", 0, "AssumeRolePolicyDocument",
                                                           "Statement", 0))
