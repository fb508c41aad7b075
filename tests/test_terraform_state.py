"""Terraform state → model: raw terraform.tfstate v4 and `terraform show -json` of a state."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from document_paths import all_paths
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.load import load_file, load_text
from trail_lint.model import At, EventSelector, Existence, PolicyRef, Principal, PrincipalKind, ReadWrite, Trail
from trail_lint.normalise import Contents, MalformedInput
from trail_lint.normalise.terraform import plan as terraform_plan
from trail_lint.normalise.terraform import state as terraform_state

FIXTURES = Path(__file__).parent / "fixtures" / "terraform"
CORPUS = Path(__file__).parents[1] / ".." / "shared" / "corpus" / "tfplan"
ACCOUNT = "111122223333"
KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
DEFAULT_SELECTOR = (EventSelector(ReadWrite.ALL, True, (), ()),)


def state(name: str) -> Contents:
    document = load_file(str(FIXTURES / name))
    assert terraform_state.detect(document.data)
    assert not terraform_plan.detect(document.data)
    return terraform_state.normalise(document)


def state_of(data: object, file: str = "terraform.tfstate") -> Contents:
    return terraform_state.normalise(load_text(json.dumps(data), file=file, fmt="json"))


def arn(name: str, region: str) -> str:
    return f"arn:aws:cloudtrail:{region}:{ACCOUNT}:trail/{name}"


def test_raw_state_v4_rebuilds_addresses_and_reads_attributes() -> None:
    contents = state("state-raw-v4.tfstate")
    assert contents.kind == "terraform-state"
    assert [t.origin.resource for t in contents.trails] == [
        "aws_cloudtrail.main", 'module.regions["us"].aws_cloudtrail.regional[0]',
        'aws_cloudtrail.by_key["audit.eu"]',     # the deposed instance [1] is not the resource
    ]
    assert contents.trails == (
        Trail(name="main", account=ACCOUNT, region="eu-west-1", arn=arn("main", "eu-west-1"), multi_region=True,
              logging=True, log_file_validation=True, kms_key_id=KEY, s3_bucket="audit-logs",
              event_selectors=DEFAULT_SELECTOR),
        Trail(name="regional-0", account=ACCOUNT, region="us-east-2", arn=arn("regional-0", "us-east-2"),
              logging=False, s3_bucket="audit-logs", event_selectors=DEFAULT_SELECTOR),
        Trail(name="keyed", account=ACCOUNT, region="eu-central-1", arn=arn("keyed", "eu-central-1"),
              multi_region=True, logging=True, log_file_validation=True, s3_bucket="audit-logs",
              event_selectors=DEFAULT_SELECTOR),
    )
    assert all(t.existence is Existence.EXISTS for t in contents.trails)
    assert contents.unknowns == ()


def test_raw_state_origins_and_iam() -> None:
    contents = state("state-raw-v4.tfstate")
    file = str(FIXTURES / "state-raw-v4.tfstate")
    assert contents.trails[1].origin.of("log_file_validation") == At(
        file, ("resources", 2, "instances", 0, "attributes", "enable_log_file_validation"))
    assert contents.trails[1].origin.of("region") == At(
        file, ("resources", 2, "instances", 0, "attributes", "home_region"))
    # an empty inline_policy block and "" boundary are how state writes "none"
    assert contents.principals == (Principal(
        "arn:aws:iam::111122223333:role/ops", PrincipalKind.ROLE, "ops", account=ACCOUNT,
        managed_policies=(PolicyRef("arn:aws:iam::aws:policy/AWSCloudTrail_FullAccess"),)),)


def test_show_json_state_walks_child_modules() -> None:
    contents = state("state-show.json")
    assert [(t.origin.resource, t.name, t.region, t.logging) for t in contents.trails] == [
        ("aws_cloudtrail.main", "main", "eu-west-1", True),
        ('module.regions["us"].aws_cloudtrail.regional[0]', "regional-0", "us-east-2", False),
        # managed from ap-south-1 (provider v6 `region`), homed in us-east-1: home_region and its arn say
        # where the trail lives, as AWS gives them; DescribeTrails finds a trail by its ARN in any Region
        ('module.regions["us"].module.inner.aws_cloudtrail.deep', "deep", "us-east-1", True),
    ]
    assert contents.trails[0].kms_key_id == KEY
    assert contents.trails[2].origin.path == (
        "values", "root_module", "child_modules", 0, "child_modules", 0, "resources", 0, "values")
    assert contents.trails[2].origin.kind == "terraform-state"


def test_detection() -> None:
    raw = json.loads((FIXTURES / "state-raw-v4.tfstate").read_text())
    assert terraform_state.detect(raw) and terraform_state.detect_raw(raw)
    assert terraform_state.detect_show_json({"format_version": "1.0", "values": {}})
    assert not terraform_state.detect({"format_version": "1.0", "values": {}, "resource_changes": []})
    assert not terraform_state.detect({"version": 4, "resources": []})   # no terraform_version
    assert not terraform_state.detect({"Version": "2012-10-17", "Statement": []})


def test_unsupported_versions_are_refused() -> None:
    with pytest.raises(MalformedInput) as raised:
        state_of({"version": 3, "terraform_version": "0.11.14", "modules": []})
    assert raised.value.message == "unsupported state version 3 (trail-lint reads version 4)"
    assert raised.value.at == At("terraform.tfstate", ("version",))
    with pytest.raises(MalformedInput) as raised:
        state_of({"format_version": "2.0", "values": {}}, file="state.json")
    assert raised.value.message == "unsupported state format_version 2.0 (trail-lint reads 0.x and 1.x)"


@pytest.mark.parametrize(("path", "value"), [
    (("resources",), {}),
    (("resources", 1), "x"),
    (("resources", 1, "instances"), "x"),
    (("resources", 1, "instances", 0, "attributes"), []),
    (("resources", 1, "instances", 0, "attributes", "enable_logging"), "true"),
    (("resources", 1, "instances", 0, "attributes", "event_selector"), "x"),
    (("resources", 1, "instances", 0, "index_key"), 1.5),
    (("resources", 1, "module"), 7),
])
def test_wrong_types_are_malformed_input_at_their_path(path: tuple, value: object) -> None:
    data = json.loads((FIXTURES / "state-raw-v4.tfstate").read_text())
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(MalformedInput) as raised:
        state_of(data)
    assert raised.value.at == At("terraform.tfstate", path)



json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6)


@pytest.mark.parametrize("fixture", ["state-raw-v4.tfstate", "state-show.json"])
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture], deadline=None)
@given(data=st.data())
def test_any_value_of_any_type_gives_contents_or_malformed_input(fixture: str, data: st.DataObject) -> None:
    document = json.loads((FIXTURES / fixture).read_text())
    path = data.draw(st.sampled_from(all_paths(document)[1:]))
    changed = copy.deepcopy(document)
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = data.draw(json_values)
    if not terraform_state.detect(changed):
        return
    try:
        state_of(changed)
    except MalformedInput:
        pass


def corpus(name: str) -> Contents:
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not present")
    document = load_file(str(CORPUS / name))
    assert terraform_state.detect(document.data)
    return terraform_state.normalise(document)


def test_corpus_driftctl_trail() -> None:
    (trail,) = corpus("driftctl-raw-state-v4-cloudtrail.tfstate").trails
    assert trail == Trail(
        name="testtrailtrail", account="526954929923", region="eu-west-2",
        arn="arn:aws:cloudtrail:eu-west-2:526954929923:trail/testtrailtrail", logging=True,
        s3_bucket="testtrailbuckettestestest")


def test_corpus_driftctl_counted_role_policies_attach_to_roles_by_name() -> None:
    principals = corpus("driftctl-raw-state-v4-role-policies-count.tfstate").principals
    assert [(p.id, [policy.name for policy in p.inline_policies]) for p in principals] == [
        ("role/test_role_0", [f"aws_iam_role_policy.test_policy_role0[{index}]" for index in range(3)]),
        ("role/test_role_1", [f"aws_iam_role_policy.test_policy_role1[{index}]" for index in range(3)]),
    ]


def test_corpus_show_json_state_nested_modules() -> None:
    contents = corpus("infracost-show-json-state-nested-modules.json")
    assert contents.trails == ()
    assert [(p.id, p.managed_policies) for p in contents.principals] == [(
        "arn:aws:iam::123123123123:role/MyRDSMonitoringRole",
        (PolicyRef("arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"),))]
