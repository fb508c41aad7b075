"""Policy documents → model.Policy."""
from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trail_lint.model import UNKNOWN, At, Condition, Hole, InputKind, Origin, Policy, Statement
from trail_lint.normalise import MalformedInput
from trail_lint.normalise.policy_json import parse_policy, parse_policy_string

DOCUMENT = Origin("policy.json", ("Policy",), resource="p", kind=InputKind.AWS_IAM)
ATTRIBUTE = Origin("plan.json", ("resource_changes", 0, "change", "after", "policy"))


def test_string_or_list_elements_become_tuples() -> None:
    policy = parse_policy({"Version": "2012-10-17", "Statement": [
        {"Sid": "Stop", "Effect": "Allow", "Action": "cloudtrail:StopLogging", "Resource": "*"},
        {"Effect": "Deny", "NotAction": ["iam:*", "organizations:*"], "NotResource": "arn:aws:s3:::x",
         "Condition": {"Bool": {"aws:MultiFactorAuthPresent": False},
                       "StringEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-west-2"]}}},
    ]}, name="p", origin=DOCUMENT)
    assert policy == Policy("p", (
        Statement("Allow", ("cloudtrail:StopLogging",), resources=("*",), sid="Stop"),
        Statement("Deny", (), not_actions=("iam:*", "organizations:*"), not_resources=("arn:aws:s3:::x",),
                  conditions=(Condition("Bool", "aws:MultiFactorAuthPresent", (False,)),
                              Condition("StringEquals", "aws:RequestedRegion", ("eu-west-1", "eu-west-2"))))),
        version="2012-10-17")


def test_statement_origins_in_a_document_and_in_a_string() -> None:
    bare = parse_policy({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
                        name="p", origin=DOCUMENT)
    assert bare.statements[0].origin.of("actions") == At(  # type: ignore[index]
        "policy.json", ("Policy", "Statement", 0, "Action"))
    single = parse_policy({"Statement": {"Effect": "Allow", "Action": "*"}}, name="p", origin=DOCUMENT)
    assert single.statements[0].origin.of("effect") == At(  # type: ignore[index]
        "policy.json", ("Policy", "Statement", "Effect"))
    embedded = parse_policy_string(json.dumps({"Statement": [{"Effect": "Allow", "Action": "*"}]}),
                                   name="p", origin=ATTRIBUTE)
    # a statement inside a JSON string points at the attribute holding the string
    assert embedded.statements[0].origin.of("actions") == ATTRIBUTE.at  # type: ignore[index]


def test_principals() -> None:
    policy = parse_policy({"Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "sns:Publish"},
        {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com", "AWS": ["arn:aws:iam::1:root"]},
         "NotPrincipal": {"AWS": "arn:aws:iam::2:root"}, "Action": "s3:PutObject"},
    ]}, name="p", origin=DOCUMENT)
    first, second = policy.statements  # type: ignore[misc]
    assert first.principals == {"AWS": ("*",)}
    assert second.principals == {"Service": ("cloudtrail.amazonaws.com",), "AWS": ("arn:aws:iam::1:root",)}
    assert second.not_principals == {"AWS": ("arn:aws:iam::2:root",)}


def test_effect_is_kept_as_written() -> None:
    policy = parse_policy({"Statement": [{"Effect": "Maybe", "Action": "*"}, {"Action": "*"}]}, name="p",
                          origin=DOCUMENT)
    assert [s.effect for s in policy.statements] == ["Maybe", ""]  # type: ignore[union-attr]


@pytest.mark.parametrize(("document", "message", "path"), [
    ([], "policy p must be a JSON object", ("Policy",)),
    ({"Statement": 5}, "Statement of policy p must be an object or a list", ("Policy", "Statement")),
    ({"Statement": [5]}, "statement of policy p must be an object", ("Policy", "Statement", 0)),
    ({"Statement": [{"Effect": 1}]}, "Effect in policy p must be a string", ("Policy", "Statement", 0, "Effect")),
    ({"Statement": [{"Effect": "Allow", "Action": [1]}]}, "Action in policy p must be a string or a list of strings",
     ("Policy", "Statement", 0, "Action")),
    ({"Statement": [{"Effect": "Allow", "Sid": 3}]}, "Sid in policy p must be a string",
     ("Policy", "Statement", 0, "Sid")),
    ({"Statement": [{"Effect": "Allow", "Principal": "x"}]}, "principal in policy p must be \"*\" or an object",
     ("Policy", "Statement", 0, "Principal")),
    ({"Statement": [{"Effect": "Allow", "Condition": {"Bool": "x"}}]},
     "condition Bool in policy p must be an object", ("Policy", "Statement", 0, "Condition")),
])
def test_wrong_types_are_malformed_input(document: object, message: str, path: tuple) -> None:
    with pytest.raises(MalformedInput) as raised:
        parse_policy(document, name="p", origin=DOCUMENT)
    assert (raised.value.message, raised.value.at) == (message, At("policy.json", path))


def test_policy_strings() -> None:
    assert parse_policy_string("", name="p", origin=ATTRIBUTE) == Policy("p", UNKNOWN)
    assert parse_policy_string('{"Statement": []}', name="p", origin=ATTRIBUTE) == Policy("p", ())
    with pytest.raises(MalformedInput) as raised:
        parse_policy_string("{", name="p", origin=ATTRIBUTE)
    assert raised.value.message.startswith("policy p is not valid JSON: ")
    assert raised.value.at == ATTRIBUTE.at
    with pytest.raises(MalformedInput):
        parse_policy_string('{"Statement": 5}', name="p", origin=ATTRIBUTE)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5) | st.sampled_from(["*", "Allow", "Statement"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["Statement", "Effect", "Action", "NotAction", "Resource", "Principal", "NotPrincipal",
                         "Condition", "Sid", "StringEquals"]) | st.text(max_size=4), inner, max_size=4),
    max_leaves=12)


@given(json_values)
def test_any_document_gives_a_policy_or_malformed_input(document: object) -> None:
    try:
        parse_policy(document, name="p", origin=DOCUMENT)
    except MalformedInput:
        pass


def test_copies_of_a_policy_string_are_parsed_once_and_placed_where_each_is() -> None:
    from dataclasses import fields

    from trail_lint.normalise.policy_json import _ELEMENTS, STATEMENT_KEYS

    text = json.dumps({"Statement": [{"Sid": "S", "Effect": "Deny", "NotAction": ["s3:*"], "NotResource": "arn:x",
                                      "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                                      "Principal": "*", "NotPrincipal": {"AWS": "arn:aws:iam::1:root"}}]})
    other = Origin("other.json", ("resource_changes", 3, "policy"), resource="aws_iam_policy.b")
    first = parse_policy_string(text, name="a", origin=ATTRIBUTE)
    second = parse_policy_string(text, name="b", origin=other)
    assert first.statements == second.statements and second.name == "b"
    assert [s.origin.of("resources") for s in first.statements] == [ATTRIBUTE.at]
    assert second.statements[0].origin.at == other.at and second.statements[0].origin.resource == "aws_iam_policy.b"
    # statements are built from their fields in the order Statement declares them, the holes of
    # elements not known, the elements written empty and the origin last (then what only some readers
    # say, with defaults: whether a dynamic block may not make it, why its parts are not known)
    assert [STATEMENT_KEYS.get(f.name, f.name) for f in fields(Statement)] == \
        [*_ELEMENTS, "holes", "written_empty", "origin", "maybe", "made_over", "cause"]
    assert first.statements[0] == Statement(
        "Deny", (), not_actions=("s3:*",), not_resources=("arn:x",),
        conditions=(Condition("Bool", "aws:SecureTransport", ("false",)),), principals={"AWS": ("*",)},
        not_principals={"AWS": ("arn:aws:iam::1:root",)}, sid="S")


# Statements as policies hold them: every element with its usual type, keys in any order.
_strings_or_lists = st.text(max_size=6) | st.lists(st.text(max_size=6), max_size=3)
well_formed_statements = st.fixed_dictionaries({}, optional={
    "Sid": st.text(max_size=4), "Effect": st.sampled_from(["Allow", "Deny", "allow", ""]),
    "Action": _strings_or_lists, "NotAction": _strings_or_lists, "Resource": _strings_or_lists,
    "NotResource": _strings_or_lists,
    "Condition": st.dictionaries(st.text(max_size=4), st.dictionaries(st.text(max_size=4), json_values, max_size=2),
                                 max_size=2),
    "Principal": st.just("*") | st.dictionaries(st.sampled_from(["AWS", "Service"]), _strings_or_lists, max_size=2),
    "NotPrincipal": st.dictionaries(st.sampled_from(["AWS", "Federated"]), _strings_or_lists, max_size=2),
    "Other": json_values,
}).flatmap(lambda statement: st.permutations(list(statement.items())).map(dict))


@given(well_formed_statements)
def test_the_quick_statement_reader_takes_every_well_formed_statement(statement: dict) -> None:
    from trail_lint.normalise.policy_json import _fields, _quick

    assert _quick(statement) == _fields(statement, ("Statement", 0), "p", lambda *path: ATTRIBUTE.at, holes=False)


@given(well_formed_statements | json_values)
def test_the_quick_statement_reader_reads_what_the_general_one_reads_or_leaves_it_to_it(statement: object) -> None:
    from trail_lint.normalise.policy_json import _fields, _quick

    quick = _quick(statement)
    try:
        general = _fields(statement, ("Statement", 0), "p", lambda *path: ATTRIBUTE.at, holes=False)
    except MalformedInput:
        assert quick is None
    else:
        assert quick is None or quick == general


@given(st.lists(well_formed_statements | json_values, max_size=3))
def test_a_policy_string_reads_as_the_same_document_given_decoded(statements: list) -> None:
    text = json.dumps({"Version": "2012-10-17", "Statement": statements})
    try:
        expected = parse_policy(json.loads(text), name="p", origin=ATTRIBUTE)
    except MalformedInput:
        with pytest.raises(MalformedInput):
            parse_policy_string(text, name="p", origin=ATTRIBUTE)
        return
    assert parse_policy_string(text, name="p", origin=ATTRIBUTE) == expected


def test_a_bad_copy_of_a_policy_string_is_reported_under_its_own_name_and_place() -> None:
    text = '{"Statement": {"Effect": "Allow", "Action": 5}}'
    for name, origin in (("a", ATTRIBUTE), ("b", DOCUMENT)):
        with pytest.raises(MalformedInput) as raised:
            parse_policy_string(text, name=name, origin=origin)
        assert raised.value.message == f"Action in policy {name} must be a string or a list of strings"
        assert raised.value.at == origin.at


@pytest.mark.parametrize(("resource", "unknown"), [
    ("\ue0ff", True), ("\\ue0ff", True), ("\\uE0FF", True), ("arn:aws:s3:::\\u00e9", False), ("arn:aws:s3:::b", False)])
def test_a_value_unknown_inside_a_policy_string_is_found_however_it_is_written(resource: str, unknown: bool) -> None:
    text = '{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "RESOURCE"}]}'.replace("RESOURCE", resource)
    (statement,) = parse_policy_string(text, name="p", origin=ATTRIBUTE).statements
    assert (statement.resources is UNKNOWN) is unknown and statement.actions == ("s3:*",)


@given(st.lists(well_formed_statements | json_values, max_size=3))
def test_a_document_known_to_hold_no_unknown_text_reads_as_any_document(statements: list) -> None:
    """``holes=False`` (a reader whose file is plain ASCII) takes the quick reader: same statements,
    and the same error at the same place for a statement that is not well formed."""
    from trail_lint.normalise.policy_json import UNKNOWN_TEXT

    document = {"Version": "2012-10-17", "Statement": statements}
    if UNKNOWN_TEXT in json.dumps(document, ensure_ascii=False):
        return
    try:
        expected = parse_policy(document, name="p", origin=DOCUMENT)
    except MalformedInput as error:
        with pytest.raises(MalformedInput) as raised:
            parse_policy(document, name="p", origin=DOCUMENT, holes=False)
        assert (raised.value.message, raised.value.at) == (error.message, error.at)
        return
    assert parse_policy(document, name="p", origin=DOCUMENT, holes=False) == expected
    assert [s.origin for s in parse_policy(document, name="p", origin=DOCUMENT, holes=False).statements] \
        == [s.origin for s in expected.statements]


# What msgspec and json may both read as a Condition value: the floats json.dumps writes, integers
# of any size, and everything else a policy may hold.
_condition_values = st.floats(allow_nan=False, allow_infinity=False) | st.integers(min_value=-10**30, max_value=10**30)
_decoded_statements = well_formed_statements | json_values | st.fixed_dictionaries({
    "Effect": st.just("Allow"), "Action": _strings_or_lists,
    "Condition": st.dictionaries(st.text(max_size=4), st.dictionaries(
        st.text(max_size=4), _condition_values | st.lists(_condition_values | st.text(max_size=3), max_size=3),
        max_size=2), max_size=2)})


@given(st.lists(_decoded_statements, max_size=3) | _decoded_statements,
       st.sampled_from(["2012-10-17", "2008-10-17", None, 5]), st.booleans())
def test_a_policy_string_decoded_by_msgspec_reads_as_json_reads_it(statements: object, version: object,
                                                                  ascii_only: bool) -> None:
    from trail_lint.normalise.policy_json import UNKNOWN_TEXT, _decoded_fields
    from trail_lint.normalise.policy_structs import statement_fields

    text = json.dumps({"Version": version, "Statement": statements}, ensure_ascii=ascii_only)
    if UNKNOWN_TEXT in text or "\\u" in text:
        return      # read by json alone (_statement_fields)
    decoded = statement_fields(text)
    assert decoded is None or decoded == _decoded_fields(text, holes=False)


def test_msgspec_decodes_the_usual_policy_string_and_leaves_the_rest_to_json() -> None:
    from trail_lint.normalise.policy_json import _decoded_fields
    from trail_lint.normalise.policy_structs import statement_fields

    usual = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "A", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::b/*",
         "Principal": {"AWS": ["arn:aws:iam::1:root"], "Service": "cloudtrail.amazonaws.com"},
         "Condition": {"StringEquals": {"aws:SourceArn": ["arn:x", "arn:y"], "s3:x-amz-acl": "bucket-owner"},
                       "NumericLessThan": {"s3:max-keys": 10.5}, "Bool": {"aws:SecureTransport": False}}},
        {"Effect": "Deny", "NotAction": "iam:*", "NotResource": [], "NotPrincipal": "*"}]})
    assert statement_fields(usual) is not None
    assert statement_fields(usual) == _decoded_fields(usual, holes=False)
    assert statement_fields('{"Statement": {"Effect": "Allow", "Action": "s3:*"}}') == \
        ((("Allow", ("s3:*",), None, (), None, (), None, None, None, None, ()),), None)
    empty = '{"Statement": [{"Effect": "Deny", "Action": [], "NotAction": "s3:*", "Resource": []}]}'
    assert statement_fields(empty) == _decoded_fields(empty, holes=False) == \
        ((("Deny", (), ("s3:*",), (), None, (), None, None, None, None, ("Action", "Resource")),), None)
    for other in ('{"Statement": [{"Effect": "Allow", "Principal": "arn:aws:iam::1:root"}]}',   # json says why
                  '{"Statement": [{"Effect": "Allow", "Condition": {"Null": {"k": {"deep": 1}}}}]}',
                  '{"Statement": [{"Effect": "Allow", "Condition": {"Bool": {"k": NaN}}}]}',
                  '{"Version": {"v": 1}, "Statement": []}', '{"Statement": null}', "[]", "{"):
        assert statement_fields(other) is None


def test_an_empty_element_beside_the_other_of_its_pair_is_kept_as_written() -> None:
    # IAM rejects a statement with both Action and NotAction (or Resource and NotResource) whatever
    # their values (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html):
    # an empty list is held as absent, so that it was written is kept beside it
    from trail_lint.iam.evaluator import document_rejected, rejected
    document = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Action": [], "NotAction": "s3:*", "Resource": "*"},
        {"Effect": "Allow", "NotAction": "s3:*", "Resource": [], "NotResource": "arn:aws:s3:::x"},
        {"Effect": "Allow", "Action": [], "Resource": "*"}]}
    for policy in (parse_policy(document, name="p", origin=DOCUMENT),
                   parse_policy_string(json.dumps(document), name="p", origin=ATTRIBUTE)):
        assert isinstance(policy.statements, tuple)
        assert [(s.actions, s.resources, s.written_empty) for s in policy.statements] == [
            ((), ("*",), ("Action",)), ((), (), ("Resource",)), ((), ("*",), ("Action",))]
        assert [rejected(s) for s in policy.statements] == [
            ("not_actions", "has both Action and NotAction: IAM accepts one of them"),
            ("not_resources", "has both Resource and NotResource: IAM accepts one of them"), None]
        assert document_rejected(policy)
    absent = parse_policy({"Statement": [{"Effect": "Deny", "NotAction": "s3:*", "Resource": "*"}]}, name="p",
                          origin=DOCUMENT)
    assert isinstance(absent.statements, tuple) and absent.statements[0].written_empty == ()
    assert not document_rejected(absent)


@pytest.mark.parametrize("hole", [Hole(), Hole(anything=True, name="local.statements")])
def test_statements_not_known_offline_read_as_one_unknown_statement(hole: Hole) -> None:
    """jsonencode({Statement = local.statements}) with the list itself known only after apply:
    what the policy holds is not known, which is not a malformed policy."""
    from trail_lint.normalise.policy_json import hole_text

    text = json.dumps({"Version": "2012-10-17", "Statement": hole_text(hole)})
    (statement,) = parse_policy_string(text, name="p", origin=ATTRIBUTE).statements
    assert statement.effect is UNKNOWN and statement.actions is UNKNOWN and statement.resources is UNKNOWN
    (placed,) = parse_policy(json.loads(text), name="p", origin=DOCUMENT).statements
    assert placed.actions is UNKNOWN and placed.origin.path == ("Policy", "Statement")


def test_a_statement_list_written_as_other_text_is_still_malformed() -> None:
    with pytest.raises(MalformedInput) as raised:
        parse_policy_string('{"Statement": "\ue0ff and more"}', name="p", origin=ATTRIBUTE)
    assert raised.value.message == "Statement of policy p must be an object or a list"


def _placed(policy: Policy) -> list[tuple[object, ...]]:
    """What a policy's statements are and where each is, as ``==`` cannot say (origins do not compare)."""
    return [(statement, statement.origin) for statement in policy.statements] if isinstance(policy.statements, tuple) \
        else [policy.statements]


@given(st.lists(well_formed_statements | json_values, max_size=3) | well_formed_statements, st.booleans(),
       st.sampled_from(["2012-10-17", "2008-10-17", None]))
def test_a_document_read_again_at_another_place_is_what_reading_it_there_gives(
        statements: object, holes: bool, version: str | None) -> None:
    """parse_policy_once: the second copy of a document is not read again, but it is the Policy that
    parse_policy gives at its own place (statements, their origins, name, version and size); a
    document that does not parse raises at each copy's place."""
    from trail_lint.normalise.policy_json import parse_policy_once

    document = {"Statement": statements} if version is None else {"Version": version, "Statement": statements}
    other = Origin("b.json", ("RoleDetailList", 7, "RolePolicyList", 0, "PolicyDocument"), resource="r",
                   kind=InputKind.AWS_IAM)
    documents: dict = {}
    try:
        expected = parse_policy(document, name="b", origin=other, holes=holes)
    except MalformedInput:
        for origin in (DOCUMENT, other):
            with pytest.raises(MalformedInput) as raised:
                parse_policy_once(document, name="b", origin=origin, holes=holes, documents=documents)
            assert raised.value.at.file == origin.file
        assert documents == {}
        return
    first = parse_policy_once(document, name="a", origin=DOCUMENT, holes=holes, documents=documents)
    second = parse_policy_once(json.loads(json.dumps(document)), name="b", origin=other, holes=holes,
                               documents=documents)
    assert len(documents) == 1
    assert first == parse_policy(document, name="a", origin=DOCUMENT, holes=holes)
    assert second == expected and _placed(second) == _placed(expected)
    assert (second.origin, second.version, second.size) == (expected.origin, expected.version, expected.size)


def test_copies_of_a_document_share_what_was_read_of_it() -> None:
    from trail_lint.normalise.policy_json import parse_policy_once

    document = {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["s3:Get*"], "Resource": "*",
                                                       "Condition": {"Bool": {"aws:SecureTransport": "true"}}}}
    documents: dict = {}
    first, second = (parse_policy_once(json.loads(json.dumps(document)), name="p", origin=origin, holes=False,
                                       documents=documents)
                     for origin in (DOCUMENT, ATTRIBUTE))
    assert second.statements[0].conditions is first.statements[0].conditions
    assert second.statements[0].origin.at == At("plan.json", (*ATTRIBUTE.path, "Statement"))
    assert first.statements[0].origin.at == At("policy.json", ("Policy", "Statement"))
