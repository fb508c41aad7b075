"""Terraform plan JSON (`terraform show -json <plan>`) → model."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from document_paths import all_paths
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.load import load_file, load_text
from trail_lint.model import (
    UNKNOWN,
    AdvancedSelector,
    At,
    Bucket,
    Condition,
    DataResource,
    EventSelector,
    Existence,
    FieldSelector,
    Insight,
    Policy,
    PolicyRef,
    Principal,
    PrincipalKind,
    Problem,
    ReadWrite,
    ServiceControlPolicy,
    Statement,
    Trail,
)
from trail_lint.normalise import Contents, MalformedInput
from trail_lint.normalise.terraform import plan as terraform_plan
from trail_lint.normalise.terraform import state as terraform_state
from trail_lint.normalise.terraform.common import (
    Node,
    config_address,
    flag,
    items,
    split_address,
    split_dots,
    strip_key,
    text,
    texts,
)
from trail_lint.normalise.terraform.config import strip_key_tail

FIXTURES = Path(__file__).parent / "fixtures" / "terraform"
CORPUS = Path(__file__).parents[1] / ".." / "shared" / "corpus" / "tfplan"

# the Version the plan's policy documents write (Policy.version, read by iam.evaluator.document_rejected)
V2012 = "2012-10-17"


def plan(name: str) -> Contents:
    document = load_file(str(FIXTURES / name))
    assert terraform_plan.detect(document.data)
    return terraform_plan.normalise(document)


def plan_of(data: object) -> Contents:
    return terraform_plan.normalise(load_text(json.dumps(data), file="plan.json", fmt="json"))


def by_address(contents: Contents) -> dict[str, Trail]:
    return {trail.origin.resource: trail for trail in contents.trails}


# --- Actions, unknowns, addresses -----------------------------------------------------------

ACCOUNT = "111122223333"


def test_each_action_gives_the_trail_as_it_is_after_apply() -> None:
    trails = by_address(plan("plan-trail-actions.json"))
    assert list(trails) == [
        "aws_cloudtrail.created", "aws_cloudtrail.updated", "aws_cloudtrail.kept", "aws_cloudtrail.gone",
        "aws_cloudtrail.replaced", 'module.org["prod"].aws_cloudtrail.org[0]', "aws_cloudtrail.legacy",
    ]
    assert trails["aws_cloudtrail.created"] == Trail(
        name="audit", account=ACCOUNT, region="eu-west-1", arn=UNKNOWN, multi_region=True, logging=True,
        log_file_validation=True, kms_key_id=UNKNOWN, s3_bucket="audit-logs",
        event_selectors=(EventSelector(ReadWrite.WRITE_ONLY, True, (),
                                       (DataResource("AWS::S3::Object", ("arn:aws:s3",)),)),),
        insights=(Insight("ApiCallRateInsight"),), existence=Existence.CREATED)
    assert trails["aws_cloudtrail.updated"] == Trail(
        name="updated", account=ACCOUNT, region="eu-west-1",
        arn="arn:aws:cloudtrail:eu-west-1:111122223333:trail/updated", logging=False, s3_bucket="audit-logs",
        event_selectors=(EventSelector(ReadWrite.ALL, True, ("kms.amazonaws.com",), UNKNOWN),),
        existence=Existence.EXISTS)
    # state writes "" for unset optional strings: they are unset, not empty names
    assert trails["aws_cloudtrail.kept"] == Trail(
        name="kept", account=ACCOUNT, region="eu-west-1", arn="arn:aws:cloudtrail:eu-west-1:111122223333:trail/kept",
        logging=True, s3_bucket="audit-logs", kms_key_id=None, sns_topic=None, s3_key_prefix=None,
        existence=Existence.EXISTS)
    assert trails["aws_cloudtrail.gone"] == Trail(
        name="gone", account=ACCOUNT, region="eu-west-1", arn="arn:aws:cloudtrail:eu-west-1:111122223333:trail/gone",
        logging=True, log_file_validation=True, s3_bucket="audit-logs", existence=Existence.DELETED)
    assert trails["aws_cloudtrail.replaced"] == Trail(
        name=UNKNOWN, account=ACCOUNT, region="eu-west-1", arn=UNKNOWN, logging=True, s3_bucket="audit-logs",
        existence=Existence.CREATED)
    assert trails['module.org["prod"].aws_cloudtrail.org[0]'] == Trail(
        name="org-trail", account=ACCOUNT, region="eu-west-1", arn=UNKNOWN, multi_region=True, organization=True,
        logging=True, s3_bucket=UNKNOWN, existence=Existence.CREATED,
        advanced_selectors=(AdvancedSelector("s3 writes", (
            FieldSelector("eventCategory", equals=("Data",)),
            FieldSelector("resources.type", equals=("AWS::S3::Object",)),
            FieldSelector("resources.ARN", starts_with=UNKNOWN),
        )),))
    assert trails["aws_cloudtrail.legacy"] == Trail(
        name="legacy", account=ACCOUNT, region="eu-west-1",
        arn="arn:aws:cloudtrail:eu-west-1:111122223333:trail/legacy", multi_region=True, logging=True, s3_bucket="audit-logs", existence=Existence.EXISTS)


def test_origins_point_at_the_plan_attributes() -> None:
    file = str(FIXTURES / "plan-trail-actions.json")
    trails = by_address(plan("plan-trail-actions.json"))
    created, gone, legacy = (trails["aws_cloudtrail.created"], trails["aws_cloudtrail.gone"],
                             trails["aws_cloudtrail.legacy"])
    assert created.origin.kind == "terraform-plan"
    assert created.origin.of("log_file_validation") == At(
        file, ("resource_changes", 0, "change", "after", "enable_log_file_validation"))
    assert created.origin.of("region") == At(file, ("resource_changes", 0, "change", "after", "region"))
    assert gone.origin.of("name") == At(file, ("resource_changes", 3, "change", "before", "name"))
    assert legacy.origin.of("multi_region") == At(
        file, ("prior_state", "values", "root_module", "resources", 1, "values", "is_multi_region_trail"))
    assert legacy.origin.of("region") == At(
        file, ("prior_state", "values", "root_module", "resources", 1, "values", "home_region"))
    selector = created.event_selectors[0]  # type: ignore[index]
    assert selector.origin.of("read_write") == At(
        file, ("resource_changes", 0, "change", "after", "event_selector", 0, "read_write_type"))


def test_unknown_name_is_reported() -> None:
    file = str(FIXTURES / "plan-trail-actions.json")
    assert plan("plan-trail-actions.json").unknowns == (
        Problem("name of trail aws_cloudtrail.replaced is not known before apply",
                At(file, ("resource_changes", 4, "change", "after", "name")), resource="aws_cloudtrail.replaced",
                account=ACCOUNT, region="eu-west-1"),
    )


@given(st.lists(st.tuples(st.from_regex(r"[a-z_][a-z0-9_-]{0,5}", fullmatch=True),
                          st.none() | st.integers(0, 99) | st.text(max_size=6)), min_size=1, max_size=5))
def test_addresses_split_on_dots_outside_instance_keys(parts: list) -> None:
    written = [name if key is None else f"{name}[{json.dumps(key)}]" for name, key in parts]
    assert split_dots(".".join(written)) == written


def test_each_resource_type_is_handed_to_one_reader() -> None:
    from trail_lint.normalise.terraform.resources import _READER_OF, _READERS

    assert sorted(_READER_OF) == sorted(kind for kinds in _READERS.values() for kind in kinds)


_instance_key = st.none() | st.integers(0, 99) | st.text(max_size=6)
_address_part = st.tuples(st.from_regex(r"[a-z_][a-z0-9_-]{0,5}", fullmatch=True), _instance_key).map(
    lambda part: part[0] if part[1] is None else f"{part[0]}[{json.dumps(part[1])}]")


@given(st.lists(_address_part, max_size=3), st.booleans(), _address_part, _address_part)
def test_addresses_read_the_same_with_or_without_modules_and_instance_keys(
        modules: list, data: bool, kind: str, name: str) -> None:
    # the definitions, part by part; split_address, config_address and strip_key_tail take
    # shortcuts for the common addresses (no module, no instance key)
    module = ".".join(f"module.{call}" for call in modules)
    resource = ("data." if data else "") + f"{strip_key(kind)}.{name}"
    address = f"{module}.{resource}" if module else resource
    assert split_address(address) == (module, resource)
    assert config_address(address) == (".".join(strip_key(part) for part in split_dots(module)) if module else "",
                                       ".".join(strip_key(part) for part in split_dots(resource)))
    tail = split_dots(resource)
    assert strip_key_tail(address) == ".".join(filter(None, (module, ".".join([*tail[:-1], strip_key(tail[-1])]))))


@given(st.none() | st.lists(st.none() | st.text(max_size=3) | st.integers(), max_size=4),
       st.none() | st.booleans() | st.lists(st.none() | st.booleans(), max_size=5))
def test_a_string_list_reads_the_same_in_one_step_as_element_by_element(value: object, mark: object) -> None:
    node = Node(value, mark, "plan.json", ("resource_changes", 0, "change", "after", "values"))
    try:
        elements = items(node)
        expected = elements if elements is UNKNOWN else tuple(
            found for element in elements if (found := text(element, empty_is_none=False)) is not None)
    except MalformedInput as error:
        with pytest.raises(MalformedInput) as raised:
            texts(node)
        assert (raised.value.message, raised.value.at) == (error.message, error.at)
        return
    assert texts(node) == expected


_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=3)


@given(st.none() | _scalars | st.dictionaries(st.sampled_from(["a", "b"]), _scalars | st.lists(_scalars), max_size=2),
       st.none() | st.booleans() | st.dictionaries(
           st.sampled_from(["a", "b"]), st.none() | st.booleans() | st.lists(st.none() | st.booleans()), max_size=2),
       st.sampled_from(["a", "b"]), st.booleans())
def test_an_attribute_reads_the_same_in_one_step_as_through_its_node(value: object, mark: object, key: str,
                                                                      empty_is_none: bool) -> None:
    node = Node(value, mark, "plan.json", ("resource_changes", 0, "change", "after"))
    for one_step, through_node in ((lambda: text(node, key, empty_is_none=empty_is_none),
                                    lambda: text(node.get(key), empty_is_none=empty_is_none)),
                                   (lambda: flag(node, key, True), lambda: _flag_of(node.get(key), True)),
                                   (lambda: texts(node, key), lambda: texts(node.get(key)))):
        try:
            expected = through_node()
        except MalformedInput as error:
            with pytest.raises(MalformedInput) as raised:
                one_step()
            assert (raised.value.message, raised.value.at) == (error.message, error.at)
        else:
            assert one_step() == expected


def _flag_of(node: Node, default: bool) -> object:
    """flag() read from the attribute's own Node: what flag(parent, key, default) must equal."""
    match node:
        case Node(mark=True):
            return UNKNOWN
        case Node(value=None):
            return default
        case Node(value=bool() as value):
            return value
    raise node.fail("must be true or false")


# --- Regions --------------------------------------------------------------------------------

@pytest.mark.parametrize(("address", "region"), [
    ("aws_cloudtrail.from_variable", "eu-central-1"),       # provider region = var.region
    ("aws_cloudtrail.aliased", "us-east-1"),                # provider = aws.useast1
    ("aws_cloudtrail.v6_region", "sa-east-1"),              # the resource's own region (provider v6)
    ("aws_cloudtrail.v6_unknown", UNKNOWN),                 # region set from a value known after apply
    ("aws_cloudtrail.environment", None),                   # provider block without region: environment
    ("module.child.aws_cloudtrail.inherited", "eu-central-1"),  # module without provider block inherits
    ("module.child.aws_cloudtrail.passed", "us-east-1"),    # providers = { aws.replica = aws.useast1 }
    ("module.regional.aws_cloudtrail.own", "ap-southeast-2"),   # module provider, var from module call
    ("module.regional.module.deep.aws_cloudtrail.chained", "ap-southeast-2"),  # var → var → constant
    ("module.legacy.module.inner.aws_cloudtrail.short_key", "ca-central-1"),  # older key "inner:aws"
])
def test_region_resolution(address: str, region: object) -> None:
    assert by_address(plan("plan-trail-regions.json"))[address].region == region


def test_unknown_region_is_reported() -> None:
    file = str(FIXTURES / "plan-trail-regions.json")
    assert plan("plan-trail-regions.json").unknowns == (
        Problem("region of trail aws_cloudtrail.v6_unknown is not known before apply",
                At(file, ("resource_changes", 3, "change", "after", "region")),
                resource="aws_cloudtrail.v6_unknown"),
    )


# --- Format versions and malformed plans ----------------------------------------------------

MINIMAL = {
    "format_version": "0.1", "terraform_version": "0.12.31",
    "resource_changes": [{"address": "aws_cloudtrail.t", "mode": "managed", "type": "aws_cloudtrail", "name": "t",
                          "provider_name": "aws", "change": {"actions": ["create"], "before": None,
                                                             "after": {"name": "t", "s3_bucket_name": "b"},
                                                             "after_unknown": {"arn": True}}}],
    "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {
        "region": {"constant_value": "eu-north-1"}}}},
        "root_module": {"resources": [{"address": "aws_cloudtrail.t", "mode": "managed", "type": "aws_cloudtrail",
                                       "name": "t", "expressions": {}}]}},
}


@pytest.mark.parametrize("version", ["0.1", "0.2", "1.0", "1.2", "1.10"])
def test_format_versions_0_and_1_are_read(version: str) -> None:
    contents = plan_of({**MINIMAL, "format_version": version})
    # 0.12 plans have no provider_config_key: the resource's provider name finds "aws"
    assert contents.trails == (Trail(name="t", region="eu-north-1", arn=UNKNOWN, logging=True, s3_bucket="b",
                                     existence=Existence.CREATED),)


def test_unknown_major_version_is_refused() -> None:
    with pytest.raises(MalformedInput) as raised:
        plan_of({**MINIMAL, "format_version": "2.0"})
    assert raised.value.message == "unsupported plan format_version 2.0 (trail-lint reads 0.x and 1.x)"
    assert raised.value.at == At("plan.json", ("format_version",))


def _replace(data: dict, path: tuple, value: object) -> dict:
    changed = copy.deepcopy(data)
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


@pytest.mark.parametrize("path", [
    ("resource_changes",),
    ("resource_changes", 0),
    ("resource_changes", 0, "change"),
    ("resource_changes", 0, "change", "actions"),
    ("resource_changes", 0, "change", "after"),
    ("resource_changes", 0, "change", "after", "name"),
    ("resource_changes", 0, "change", "after", "enable_logging"),
    ("configuration", "root_module"),
    ("configuration", "root_module", "resources"),
    ("configuration", "provider_config"),
])
def test_wrong_types_are_malformed_input_at_their_path(path: tuple) -> None:
    with pytest.raises(MalformedInput) as raised:
        plan_of(_replace(MINIMAL, path, "x" if path[-1] != "name" else 5))
    assert raised.value.at == At("plan.json", path)


def test_a_block_of_the_wrong_type_is_malformed_input() -> None:
    changed = _replace(MINIMAL, ("resource_changes", 0, "change", "after", "event_selector"), ["x"])
    with pytest.raises(MalformedInput) as raised:
        plan_of(changed)
    assert raised.value.at == At("plan.json", ("resource_changes", 0, "change", "after", "event_selector", 0))


def test_a_whole_unknown_block_list_is_unknown_never_the_default() -> None:
    changed = _replace(MINIMAL, ("resource_changes", 0, "change", "after_unknown"),
                       {"event_selector": True, "insight_selector": True, "enable_logging": True})
    (trail,) = plan_of(changed).trails
    assert (trail.event_selectors, trail.insights, trail.logging) == (UNKNOWN, UNKNOWN, UNKNOWN)


def test_detect_by_content() -> None:
    assert terraform_plan.detect(MINIMAL)
    assert not terraform_plan.detect({"format_version": "1.0", "values": {}})   # a state
    assert not terraform_plan.detect({"AWSTemplateFormatVersion": "2010-09-09"})
    assert not terraform_plan.detect([MINIMAL])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6)



@pytest.mark.parametrize("fixture", ["plan-trail-actions.json", "plan-trail-regions.json", "plan-iam.json"])
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture], deadline=None)
@given(data=st.data())
def test_any_value_of_any_type_gives_contents_or_malformed_input(fixture: str, data: st.DataObject) -> None:
    document = json.loads((FIXTURES / fixture).read_text())
    path = data.draw(st.sampled_from(all_paths(document)[1:]))
    changed = _replace(document, path, data.draw(json_values))
    try:
        plan_of(changed)
    except MalformedInput:
        pass


# --- IAM, buckets and resource policies -----------------------------------------------------

STOP = Statement("Allow", ("cloudtrail:StopLogging",), resources=("*",))


def test_principals_with_their_policies_attachments_and_groups() -> None:
    contents = plan("plan-iam.json")
    assert contents.principals == (
        # policy_arn is known only after apply: linked through configuration to the policy's address
        # its ARN is known only after apply: its partition (the provider configuration's) and path are kept
        Principal("aws_iam_user.alice", PrincipalKind.USER, "alice",
                  managed_policies=(PolicyRef("aws_iam_policy.stop"),),
                  groups=("aws_iam_group.admins", "group/external-group"), partition="aws", path="/"),
        Principal("arn:aws:iam::111122223333:user/bob", PrincipalKind.USER, "bob", account=ACCOUNT,
                  inline_policies=(Policy("aws_iam_user_policy.bob_inline", (
                      Statement("Deny", (), not_actions=("cloudtrail:Describe*",), resources=("*",),
                                sid="NoTrailChanges"),), version=V2012),),
                  managed_policies=(PolicyRef("aws_iam_policy.from_doc"),),
                  boundary=PolicyRef("arn:aws:iam::111122223333:policy/boundary"),
                  groups=("aws_iam_group.admins",)),
        Principal("aws_iam_group.admins", PrincipalKind.GROUP, "admins",
                  managed_policies=(PolicyRef("arn:aws:iam::aws:policy/AdministratorAccess"),)),
        Principal("aws_iam_role.auditor", PrincipalKind.ROLE, "auditor",
                  inline_policies=(Policy("inline-stop", (STOP,), version=V2012),
                                   Policy("aws_iam_role_policy.auditor_extra", UNKNOWN)),
                  managed_policies=(PolicyRef("arn:aws:iam::aws:policy/ReadOnlyAccess"),
                                    PolicyRef("aws_iam_policy.from_doc")), partition="aws", path="/"),
        # inline_policy / managed_policy_arns are computed: unknown and not configured means none
        Principal("aws_iam_role.plain", PrincipalKind.ROLE, "plain", partition="aws", path="/"),
        Principal("group/external-group", PrincipalKind.GROUP, "external-group"),
    )
    assert [p.name for p in contents.principals if p.name == "removed"] == []   # deleted users are gone


def test_managed_policies_and_policy_documents_rebuilt_from_their_arguments() -> None:
    contents = plan("plan-iam.json")
    assert contents.policies == (
        Policy("aws_iam_policy.stop", (STOP,), version=V2012),
        # "json" of the data source is unknown: its statements are rebuilt, unknown parts UNKNOWN
        Policy("aws_iam_policy.from_doc", (
            Statement("Allow", ("cloudtrail:DeleteTrail", "cloudtrail:StopLogging"), resources=UNKNOWN,
                      conditions=(Condition("Bool", "aws:MultiFactorAuthPresent", ("false",)),), sid="Tamper"),
            Statement("Deny", ("s3:GetObject",), resources=("*",), principals={"AWS": ("*",)}),
        )),
    )


def _document_plan(document: dict, unknown: dict) -> dict:
    policy = {"address": "aws_iam_policy.p", "mode": "managed", "type": "aws_iam_policy", "name": "p",
              "change": {"actions": ["create"], "before": None, "after": {"name": "p"},
                         "after_unknown": {"policy": True, "arn": True}}}
    source = {"address": "data.aws_iam_policy_document.d", "mode": "data", "type": "aws_iam_policy_document",
              "name": "d", "change": {"actions": ["read"], "before": None, "after": document,
                                      "after_unknown": {"json": True, **unknown}}}
    config = {"root_module": {"resources": [
        {"address": "aws_iam_policy.p", "mode": "managed", "type": "aws_iam_policy", "name": "p",
         "expressions": {"policy": {"references": ["data.aws_iam_policy_document.d.json",
                                                   "data.aws_iam_policy_document.d"]}}}]}}
    return {"format_version": "1.2", "resource_changes": [policy, source], "configuration": config}


def test_a_trail_in_a_module_links_to_its_bucket_through_variables_and_outputs() -> None:
    # Bucket names known only after apply (bucket_prefix): the link is the configuration's
    # references, from the trail's var.bucket to the module call's argument module.logs.bucket_id,
    # and from that output to aws_s3_bucket.logs in module.logs.
    trail = {"address": "module.trail.aws_cloudtrail.t", "module_address": "module.trail", "mode": "managed",
             "type": "aws_cloudtrail", "name": "t", "change": {"actions": ["create"], "before": None,
                                                                "after": {"name": "audit"},
                                                                "after_unknown": {"s3_bucket_name": True}}}
    bucket = {"address": "module.logs.aws_s3_bucket.logs", "module_address": "module.logs", "mode": "managed",
              "type": "aws_s3_bucket", "name": "logs", "change": {"actions": ["create"], "before": None,
                                                                  "after": {"bucket_prefix": "audit-"},
                                                                  "after_unknown": {"bucket": True, "id": True}}}
    config = {"root_module": {"module_calls": {
        "trail": {"source": "./trail", "expressions": {"bucket": {"references": ["module.logs.bucket_id", "module.logs"]}},
                  "module": {"resources": [{"address": "aws_cloudtrail.t", "mode": "managed", "type": "aws_cloudtrail",
                                            "name": "t", "expressions": {"s3_bucket_name": {"references": ["var.bucket"]}}}]}},
        "logs": {"source": "./logs", "module": {
            "resources": [{"address": "aws_s3_bucket.logs", "mode": "managed", "type": "aws_s3_bucket", "name": "logs"}],
            "outputs": {"bucket_id": {"expression": {"references": ["aws_s3_bucket.logs.id", "aws_s3_bucket.logs"]}}}}}}}}
    contents = plan_of({"format_version": "1.2", "resource_changes": [trail, bucket], "configuration": config})
    assert contents.trails[0].s3_bucket_ref == "module.logs.aws_s3_bucket.logs"


def test_policy_document_merges_source_and_override_documents_by_sid() -> None:
    source = json.dumps({"Statement": [{"Sid": "Keep", "Effect": "Allow", "Action": "s3:GetObject"},
                                       {"Sid": "Replace", "Effect": "Allow", "Action": "cloudtrail:*"}]})
    override = json.dumps({"Statement": {"Sid": "Replace", "Effect": "Deny", "Action": "cloudtrail:StopLogging"}})
    document = {"source_policy_documents": [source], "override_policy_documents": [override], "statement": [
        {"sid": None, "effect": "Allow", "actions": ["cloudtrail:DescribeTrails"], "resources": ["*"]}]}
    (policy,) = plan_of(_document_plan(document, {})).policies
    assert policy.statements == (
        Statement("Allow", ("s3:GetObject",), sid="Keep"),
        Statement("Deny", ("cloudtrail:StopLogging",), sid="Replace"),
        Statement("Allow", ("cloudtrail:DescribeTrails",), resources=("*",)),
    )


def test_policy_document_with_an_unknown_source_is_unknown() -> None:
    document = {"source_policy_documents": [None], "statement": []}
    (policy,) = plan_of(_document_plan(document, {"source_policy_documents": [True]})).policies
    assert policy == Policy("aws_iam_policy.p", UNKNOWN)


def test_a_boundary_known_after_apply_links_to_its_policy_wherever_it_is_listed() -> None:
    user = {"address": "aws_iam_user.u", "mode": "managed", "type": "aws_iam_user", "name": "u",
            "change": {"actions": ["create"], "before": None, "after": {"name": "u"},
                       "after_unknown": {"arn": True, "permissions_boundary": True}}}
    boundary = {"address": "aws_iam_policy.b", "mode": "managed", "type": "aws_iam_policy", "name": "b",
                "change": {"actions": ["no-op"], "before": None, "after": {
                    "name": "b", "arn": "arn:aws:iam::111122223333:policy/b", "policy": '{"Statement": []}'}}}
    config = {"root_module": {"resources": [
        {"address": "aws_iam_user.u", "mode": "managed", "type": "aws_iam_user", "name": "u",
         "expressions": {"permissions_boundary": {"references": ["aws_iam_policy.b.arn", "aws_iam_policy.b"]}}}]}}
    contents = plan_of({"format_version": "1.2", "resource_changes": [user, boundary], "configuration": config})
    assert contents.principals == (Principal("aws_iam_user.u", PrincipalKind.USER, "u",
                                             boundary=PolicyRef("arn:aws:iam::111122223333:policy/b")),)
    assert contents.policies == (Policy("aws_iam_policy.b", (), arn="arn:aws:iam::111122223333:policy/b"),)


def test_scps_buckets_and_resource_policies() -> None:
    contents = plan("plan-iam.json")
    assert contents.scps == (ServiceControlPolicy(
        Policy("aws_organizations_policy.deny_stop", (
            Statement("Deny", ("cloudtrail:StopLogging", "cloudtrail:DeleteTrail"), resources=("*",)),),
            version=V2012),
        targets=("r-abcd",)),)
    assert contents.buckets == (Bucket("audit-logs", region="us-east-1"),)
    assert [(r.target, r.service, r.policy.name, r.default) for r in contents.resource_policies] == [
        ("audit-logs", "s3", "aws_s3_bucket_policy.logs", False),
        ("arn:aws:sns:us-east-1:111122223333:alerts", "sns", "aws_sns_topic_policy.alerts", False),
        ("aws_kms_key.trail", "kms", "aws_kms_key.trail", False),      # key ARN unknown: its address
        # created with no policy configured: it keeps the default key policy
        ("aws_kms_key.default_policy", "kms", "aws_kms_key.default_policy", True),
    ]
    assert contents.resource_policies[-1].policy.statements == ()
    bucket_statement = contents.resource_policies[0].policy.statements[0]  # type: ignore[index]
    assert bucket_statement == Statement(
        "Allow", ("s3:PutObject",), resources=("arn:aws:s3:::audit-logs/AWSLogs/*",), sid="AWSCloudTrailWrite",
        principals={"Service": ("cloudtrail.amazonaws.com",)},
        conditions=(Condition("StringEquals", "s3:x-amz-acl", ("bucket-owner-full-control",)),
                    Condition("StringEquals", "aws:SourceArn",
                              ("arn:aws:cloudtrail:us-east-1:111122223333:trail/audit",))))
    assert bucket_statement.origin.of("actions") == At(
        str(FIXTURES / "plan-iam.json"), ("resource_changes", 20, "change", "after", "policy"))
    assert contents.resource_policies[1].policy.statements[0].principals == {"AWS": ("*",)}  # type: ignore[index]


def test_invalid_policy_json_is_unknown_and_reported() -> None:
    file = str(FIXTURES / "plan-iam.json")
    assert plan("plan-iam.json").unknowns == (Problem(
        "policy aws_iam_role_policy.auditor_extra is not valid JSON: "
        "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        At(file, ("resource_changes", 12, "change", "after", "policy")),
        resource="aws_iam_role_policy.auditor_extra"),)


# --- The shared corpus ----------------------------------------------------------------------

def corpus(name: str) -> Contents:
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not present")
    document = load_file(str(CORPUS / name))
    module = terraform_plan if terraform_plan.detect(document.data) else terraform_state
    return module.normalise(document)


def test_corpus_regula_log_file_validation() -> None:
    trails = corpus("regula-cloudtrail-log-file-validation.json").trails
    assert [(t.name, t.region, t.existence, t.log_file_validation, t.s3_bucket, t.kms_key_id) for t in trails] == [
        ("invalid_trail", "us-east-2", Existence.CREATED, False, UNKNOWN, None),
        ("valid_trail", "us-east-2", Existence.CREATED, True, UNKNOWN, None),
    ]


def test_corpus_regula_noop_drift_reads_empty_strings_as_unset() -> None:
    (trail,) = corpus("regula-cloudtrail-issue355-noop-drift.json").trails
    assert (trail.name, trail.region, trail.account, trail.existence) == (
        "EWV8SPL3cVc", "us-east-2", "622401240280", Existence.EXISTS)
    assert (trail.kms_key_id, trail.cloudwatch_logs_group_arn, trail.include_global_events,
            trail.multi_region, trail.log_file_validation) == (None, None, False, False, False)


def test_corpus_user_attachments_link_through_configuration() -> None:
    principals = {p.id: p for p in corpus("regula-iam-user-attached-policy.json").principals}
    assert principals["aws_iam_role.valid_role"].managed_policies == (PolicyRef("aws_iam_policy.valid_role_policy"),)
    assert principals["aws_iam_user.valid_group_blank_user"].groups == ("aws_iam_group.valid_group_blank_users",)
    assert principals["aws_iam_group.valid_group_blank_users"].managed_policies == (
        PolicyRef("aws_iam_policy.valid_group_blank_users_policy"),)


def test_corpus_nested_modules_inherit_the_root_provider() -> None:
    contents = corpus("tfcompliance-nested-modules-provider-aliases-iam.json")
    (role,) = contents.principals
    assert role.id == "module.apigw_test_1.module.api_gw_log_role.aws_iam_role.default"
    assert role.managed_policies == (PolicyRef("module.apigw_test_1.module.api_gw_log_role.aws_iam_policy.default[0]"),)
    assert role.boundary == PolicyRef("arn:aws:iam::123456789101:policy/product-pb")


def test_corpus_unknown_policy_json_is_rebuilt_from_its_document() -> None:
    (policy,) = corpus("regula-iam-policy-unknown-json.json").policies
    assert policy.name == "aws_iam_policy.example"
    assert [s.resources for s in policy.statements] == [UNKNOWN]  # type: ignore[union-attr]


def test_the_corpus_never_crashes() -> None:
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not present")
    for path in sorted(CORPUS.iterdir()):
        document = load_file(str(path))
        module = terraform_plan if terraform_plan.detect(document.data) else terraform_state
        assert module.detect(document.data), path.name
        try:
            module.normalise(document)
        except MalformedInput:
            pass
