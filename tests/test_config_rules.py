"""The trail configuration rules (TL2xx, TL3xx, TL5xx) on model objects built by hand."""
from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from trail_lint.rules import (
    tl101_trail_quota_exceeded as tl101,
)
from trail_lint.rules import (
    tl201_invalid_trail_name as tl201,
)
from trail_lint.rules import (
    tl202_multi_region_without_global_events as tl202,
)
from trail_lint.rules import (
    tl203_cloudwatch_logs_half_set as tl203,
)
from trail_lint.rules import (
    tl204_kms_key_region_mismatch as tl204,
)
from trail_lint.rules import (
    tl205_both_selector_kinds as tl205,
)
from trail_lint.rules import (
    tl206_s3_key_prefix_too_long as tl206,
)
from trail_lint.rules import (
    tl210_invalid_event_selector as tl210,
)
from trail_lint.rules import (
    tl301_logging_disabled as tl301,
)
from trail_lint.rules import (
    tl302_log_file_validation_disabled as tl302,
)
from trail_lint.rules import (
    tl303_no_kms_encryption as tl303,
)
from trail_lint.rules import (
    tl304_region_without_management_events as tl304,
)
from trail_lint.rules import (
    tl305_management_events_reduced as tl305,
)
from trail_lint.rules import (
    tl306_no_cloudwatch_logs as tl306,
)
from trail_lint.rules import (
    tl308_no_global_service_events as tl308,
)
from trail_lint.rules import (
    tl316_trail_single_region as tl316,
)
from trail_lint.rules import (
    tl501_duplicate_management_events as tl501,
)
from trail_lint.rules import (
    tl502_duplicate_trail as tl502,
)
from trail_lint.rules import (
    tl503_duplicate_global_service_events as tl503,
)
from trail_lint.rules import (
    tl504_overlapping_data_events as tl504,
)

from trail_lint.config import Config
from trail_lint.model import (
    UNKNOWN,
    AdvancedSelector,
    At,
    Bucket,
    DataResource,
    EventSelector,
    Existence,
    FieldSelector,
    Hole,
    InputKind,
    Inventory,
    Origin,
    Problem,
    Snapshot,
    Trail,
    path_text,
)
from trail_lint.scope.absence import RegionScope
from trail_lint.scope.arns import region_from_arn

ACCOUNT = "111122223333"
KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def trail(name: str, region: str = "us-east-1", **changes: object) -> Trail:
    base = Trail(name=name, account=ACCOUNT, region=region, multi_region=False, logging=True,
                 log_file_validation=True, kms_key_id=KEY, s3_bucket="audit-logs",
                 cloudwatch_logs_group_arn="arn:aws:logs:us-east-1:111122223333:log-group:trail:*",
                 cloudwatch_logs_role_arn="arn:aws:iam::111122223333:role/trail",
                 origin=Origin("plan.json", (name,), resource=f"aws_cloudtrail.{name}"))
    return replace(base, **changes)


def at(name: str, *path: object) -> At:
    return At("plan.json", (name, *path))


def problem(message: str, where: At, name: str, region: str | None = "us-east-1", subject: str = "",
            account: str | None = ACCOUNT) -> Problem:
    """A finding about trail ``name``; without a ``subject`` of its rule's, about the trail's setting at
    ``where`` (setting_subject: never the message)."""
    own = where.path[1:] if where.path[:1] == (name,) else where.path
    return Problem(message, at=where, resource=f"aws_cloudtrail.{name}", account=account, region=region,
                   subject=subject or f"setting:{name}:{path_text(own)}")


def run(module: object, subject: object, *options: object) -> list[Problem]:
    """The rule's problems on ``subject``; a trail given to a rule of the inventory (TL301) is an inventory
    of that trail alone."""
    rule = module.RULE  # type: ignore[attr-defined]
    if rule.applies_to is Inventory and isinstance(subject, Trail):
        subject = Inventory(trails=(subject,))
    return list(rule.check(subject, *options))


def scoped(module: object, inventory: Inventory) -> list[Problem]:
    """Run an absence rule with the inventory's Regions configured as `regions`."""
    return run(module, inventory, RegionScope(inventory.regions))


WRITE_ONLY = (EventSelector(read_write="WriteOnly"),)
DATA_ONLY = (EventSelector(management=False, data_resources=(DataResource("AWS::S3::Object", ("arn:aws:s3",)),)),)


# --- TL2xx: what the API rejects --------------------------------------------------------

@pytest.mark.parametrize(("name", "reason"), [
    ("x", "it has 1 character; 3 to 128 are allowed"),
    ("ab", "it has 2 characters; 3 to 128 are allowed"),
    ("a" * 129, "it has 129 characters; 3 to 128 are allowed"),
    ("my trail", "it contains ' '; only ASCII letters, digits, '.', '_' and '-' are allowed"),
    ("trail-é", "it contains 'é'; only ASCII letters, digits, '.', '_' and '-' are allowed"),
    ("-trail", "it must start and end with a letter or digit"),
    ("trail.", "it must start and end with a letter or digit"),
    ("my-_namespace", "it has adjacent separators '-_'"),
    ("my--namespace", "it has adjacent separators '--'"),
    ("192.168.5.4", "it looks like an IP address"),
])
def test_tl201_invalid_names(name: str, reason: str) -> None:
    assert tl201.reason(name) == reason
    assert run(tl201, trail(name)) == [problem(f"trail name {name!r} is invalid: {reason}", at(name, "name"), name)]


@pytest.mark.parametrize("name", ["abc", "My.Trail_01-x", "a" * 128, "192.168.5.4a", "1.2.3"])
def test_tl201_valid_names(name: str) -> None:
    assert tl201.reason(name) is None


def test_tl201_unknown_name_is_open_only_where_a_reader_says_it_is_the_users() -> None:
    """A name not known offline: an undecided problem at the name, which the engine names in the
    reader's TL002 for it (a variable without a value) and drops elsewhere; none in a plan, whose
    unknowns are all known only after apply."""
    unknown = replace(trail("x"), name=UNKNOWN)
    hcl = replace(unknown, origin=replace(unknown.origin, kind=InputKind.TERRAFORM_HCL))
    assert run(tl201, hcl) == [replace(problem("the name of trail 'aws_cloudtrail.x' is not known", at("x", "name"), "x",
                                               subject="input-value:name"), undecided=True)]
    plan = replace(unknown, origin=replace(unknown.origin, kind=InputKind.TERRAFORM_PLAN))
    assert run(tl201, plan) == []


def test_tl202() -> None:
    bad = trail("org", multi_region=True, include_global_events=False)
    assert run(tl202, bad) == [problem("multi-Region trail 'org' turns off global service events",
                                       at("org", "include_global_events"), "org")]
    assert run(tl202, replace(bad, multi_region=False)) == []
    # a setting not known offline leaves the check open: said (TL002) at that setting
    for changes, field, what in (({"include_global_events": UNKNOWN}, "include_global_events",
                                  "the global service events setting"),
                                 ({"multi_region": UNKNOWN}, "multi_region", "the multi-Region setting"),
                                 ({"multi_region": UNKNOWN, "include_global_events": UNKNOWN}, "multi_region",
                                  "the multi-Region setting")):
        assert run(tl202, replace(bad, **changes)) == [replace(problem(
            f"{what} of trail 'org' is not known", at("org", field), "org",
            subject=f"unknown-value:{field}"), undecided=True)]
    assert run(tl202, replace(bad, multi_region=UNKNOWN, include_global_events=True)) == []
    assert run(tl202, replace(bad, multi_region=False, include_global_events=UNKNOWN)) == []


def test_tl203() -> None:
    assert run(tl203, trail("a", cloudwatch_logs_role_arn=None)) == [problem(
        "trail 'a' sends events to a CloudWatch Logs log group but names no role for it",
        at("a", "cloudwatch_logs_group_arn"), "a")]
    assert run(tl203, trail("b", cloudwatch_logs_group_arn=None)) == [problem(
        "trail 'b' names a CloudWatch Logs role but no log group", at("b", "cloudwatch_logs_role_arn"), "b")]
    assert run(tl203, trail("d", cloudwatch_logs_group_arn=None, cloudwatch_logs_role_arn=None)) == []
    # a value not known offline that may be absent leaves the check open
    assert run(tl203, trail("c", cloudwatch_logs_group_arn=UNKNOWN, cloudwatch_logs_role_arn=None)) == [replace(
        problem("the CloudWatch Logs log group of trail 'c' is not known", at("c", "cloudwatch_logs_group_arn"), "c",
                subject="unknown-value:cloudwatch_logs_group_arn"), undecided=True)]
    assert run(tl203, trail("e", cloudwatch_logs_group_arn=None, cloudwatch_logs_role_arn=UNKNOWN)) == [replace(
        problem("the CloudWatch Logs role of trail 'e' is not known", at("e", "cloudwatch_logs_role_arn"), "e",
                subject="unknown-value:cloudwatch_logs_role_arn"), undecided=True)]
    # neither known: each open where a reader says it may be unset (the engine drops them elsewhere)...
    assert run(tl203, trail("f", cloudwatch_logs_group_arn=UNKNOWN, cloudwatch_logs_role_arn=UNKNOWN)) == [
        replace(problem(f"the CloudWatch Logs {what} of trail 'f' may be unset", at("f", field), "f",
                        subject=f"unset-value:{field}"), undecided=True)
        for field, what in (("cloudwatch_logs_group_arn", "log group"), ("cloudwatch_logs_role_arn", "role"))]
    # ... but for one that refers to a log group (role) of the inputs: set
    assert run(tl203, trail("f", cloudwatch_logs_group_arn=UNKNOWN, cloudwatch_logs_role_arn=UNKNOWN,
                            cloudwatch_logs_group_ref="aws_cloudwatch_log_group.g",
                            cloudwatch_logs_role_ref="aws_iam_role.r")) == []
    # one with known characters beside its unknown parts cannot be empty: given
    holes = {"cloudwatch_logs_group_arn": ("arn:aws:logs:us-east-1:111122223333:log-group:", Hole(name="g"), ":*")}
    assert run(tl203, trail("g", cloudwatch_logs_group_arn=UNKNOWN, cloudwatch_logs_role_arn=None, holes=holes)) == [
        problem("trail 'g' sends events to a CloudWatch Logs log group but names no role for it",
                at("g", "cloudwatch_logs_group_arn"), "g")]
    only_hole = {"cloudwatch_logs_group_arn": (Hole(name="parameter"),)}
    assert run(tl203, trail("h", cloudwatch_logs_group_arn=UNKNOWN, cloudwatch_logs_role_arn=None,
                            holes=only_hole))[0].undecided


def test_tl204() -> None:
    bucket = Bucket("audit-logs", region="eu-west-1")
    inventory = Inventory(trails=(trail("a"),), buckets=(bucket,))
    assert run(tl204, inventory) == [problem(
        "the KMS key of trail 'a' is in us-east-1 but its log bucket 'audit-logs' is in eu-west-1",
        at("a", "kms_key_id"), "a")]
    assert run(tl204, replace(inventory, buckets=(replace(bucket, region="us-east-1"),))) == []
    assert run(tl204, replace(inventory, buckets=(replace(bucket, region=UNKNOWN),))) == []
    assert run(tl204, replace(inventory, trails=(trail("a", kms_key_id="alias/trail"),))) == []
    assert run(tl204, replace(inventory, buckets=())) == []
    assert region_from_arn("arn:aws:kms:eu-west-1:111122223333:alias/trail", "kms") == "eu-west-1"


def test_tl205() -> None:
    both = trail("a", event_selectors=(EventSelector(),),
                 advanced_selectors=(AdvancedSelector(None, (FieldSelector("eventCategory", ("Management",)),)),))
    assert run(tl205, both) == [problem("trail 'a' has both basic and advanced event selectors",
                                        at("a", "advanced_selectors"), "a")]
    # whether the other kind is there is not known: undecided (a TL002 naming TL205), never a silent pass
    undecided, = run(tl205, replace(both, advanced_selectors=UNKNOWN))
    assert undecided.undecided and undecided.at == at("a", "advanced_selectors")
    # ... unless selectors of it are known to be among them (blocks written beside a dynamic one)
    assert run(tl205, replace(both, advanced_selectors=UNKNOWN, known_advanced_selectors=both.advanced_selectors)) \
        == run(tl205, both)
    assert run(tl205, replace(both, event_selectors=UNKNOWN, advanced_selectors=())) == []


def test_tl206() -> None:
    assert run(tl206, trail("a", s3_key_prefix="p" * 200)) == []
    assert run(tl206, trail("a", s3_key_prefix="p" * 201)) == [problem(
        "the S3 key prefix of trail 'a' has 201 characters; the limit is 200", at("a", "s3_key_prefix"), "a")]


def test_tl210_basic_selectors() -> None:
    origin = Origin("plan.json", ("a", "event_selector", 0), {"data_resources": "data_resource",
                                                              "read_write": "read_write_type",
                                                              "exclude_management_sources": "exclude"})
    selector = EventSelector(read_write="Both", exclude_management_sources=("iam.amazonaws.com", "kms.amazonaws.com"),
                             data_resources=(DataResource("AWS::S3::Object", ("arn:aws:s3:::*",)),
                                             DataResource("AWS::SNS::Topic", ("arn:aws:sns",)),
                                             DataResource("AWS::Lambda::Function", ("arn:aws:lambda",))),
                             origin=origin)
    base = ("a", "event_selector", 0)
    assert run(tl210, trail("a", event_selectors=(selector,))) == [
        problem("event selector of trail 'a' has ReadWriteType 'Both'; use All, ReadOnly or WriteOnly",
                At("plan.json", base + ("read_write_type",)), "a"),
        problem("event selector of trail 'a' excludes 'iam.amazonaws.com'; only kms.amazonaws.com and "
                "rdsdata.amazonaws.com can be excluded", At("plan.json", base + ("exclude",)), "a",
                subject="setting:a:event_selector/0/exclude:excluded:iam.amazonaws.com"),
        problem("event selector of trail 'a' has wildcard data resource value 'arn:aws:s3:::*'",
                At("plan.json", base + ("data_resource", 0)), "a", subject="setting:a:event_selector/0/data_resource/0:Values/0"),
        problem("event selector of trail 'a' logs data resource type 'AWS::SNS::Topic', which basic selectors "
                "do not support", At("plan.json", base + ("data_resource", 1)), "a",
                subject="setting:a:event_selector/0/data_resource/1:Type"),
    ]


def test_tl210_advanced_selectors() -> None:
    origin = Origin("plan.json", ("a", "advanced", 0), {"fields": "field_selector"})
    fields = (FieldSelector("eventCategory", equals=("Data",)),
              FieldSelector("resources.type", equals=("AWS::S3::Object",), starts_with=("AWS::S3",)),
              FieldSelector("resources.ARN", starts_with=("arn:aws:s3:::logs*",)),
              FieldSelector("eventname", equals=("PutObject",)),
              FieldSelector("eventName", equals=("PutObject",), extra_keys=("Contains",)),
              FieldSelector(UNKNOWN, equals=("x",)))
    selector = AdvancedSelector("s3", fields, origin=origin)
    where = lambda i: At("plan.json", ("a", "advanced", 0, "field_selector", i))
    assert run(tl210, trail("a", advanced_selectors=(selector,))) == [
        problem("advanced event selector of trail 'a' uses StartsWith on field resources.type; only Equals is "
                "allowed", where(1), "a", subject="setting:a:advanced/0/field_selector/1:equals-only"),
        problem("advanced event selector of trail 'a' uses wildcard value 'arn:aws:s3:::logs*' on field "
                "resources.ARN", where(2), "a",
                subject="setting:a:advanced/0/field_selector/2:wildcard:starts_with:arn:aws:s3:::logs*"),
        problem("advanced event selector of trail 'a' uses unknown field 'eventname'", where(3), "a",
                subject="setting:a:advanced/0/field_selector/3:unknown-field"),
        problem("advanced event selector of trail 'a' uses unknown operator 'Contains' on field eventName",
                where(4), "a", subject="setting:a:advanced/0/field_selector/4:unknown-operator:Contains"),
    ]


def test_tl210_required_fields() -> None:
    origin = Origin("plan.json", ("a", "advanced", 0), {"fields": "field_selector"})
    no_category = AdvancedSelector(None, (FieldSelector("readOnly", equals=("true",)),), origin=origin)
    no_type = AdvancedSelector(None, (FieldSelector("eventCategory", equals=("Data",)),), origin=origin)
    unknown = AdvancedSelector(None, (FieldSelector(UNKNOWN, equals=("Data",)),), origin=origin)
    assert run(tl210, trail("a", advanced_selectors=(no_category, no_type, unknown))) == [
        problem("advanced event selector of trail 'a' has no eventCategory field", origin.at, "a",
                subject="setting:a:advanced/0:eventCategory-missing"),
        problem("advanced event selector of trail 'a' selects data events but has no resources.type field",
                origin.at, "a", subject="setting:a:advanced/0:resources.type-missing"),
    ]


def test_tl210_valid_and_unknown_selectors_pass() -> None:
    good = (EventSelector(data_resources=(DataResource("AWS::DynamoDB::Table", ("arn:aws:dynamodb",)),),
                          origin=Origin("plan.json", ("a",))),)
    assert run(tl210, trail("a", event_selectors=good)) == []
    assert run(tl210, trail("a", event_selectors=UNKNOWN, advanced_selectors=UNKNOWN)) == []


# --- TL3xx: audit integrity -------------------------------------------------------------

@pytest.mark.parametrize(("module", "changes", "message", "field"), [
    (tl301, {"logging": False}, "trail 'a' is not logging", "logging"),
    (tl302, {"log_file_validation": False}, "log file validation is disabled for trail 'a'", "log_file_validation"),
    (tl303, {"kms_key_id": None}, "log files of trail 'a' are not encrypted with a KMS key", "kms_key_id"),
    (tl306, {"cloudwatch_logs_group_arn": None}, "trail 'a' does not send events to CloudWatch Logs",
     "cloudwatch_logs_group_arn"),
])
def test_trail_settings(module: object, changes: dict, message: str, field: str) -> None:
    assert run(module, trail("a", **changes)) == [problem(message, at("a", field), "a")]
    assert run(module, trail("a")) == []


@pytest.mark.parametrize(("module", "field", "what"), [
    (tl301, "logging", "the logging setting"),
    (tl302, "log_file_validation", "log file validation"),
    (tl316, "multi_region", "the multi-Region setting"),
])
def test_a_flag_not_known_offline_is_a_check_left_open(module: object, field: str, what: str) -> None:
    assert run(module, trail("a", **{field: UNKNOWN})) == [replace(problem(
        f"{what} of trail 'a' is not known", at("a", field), "a", subject=f"unknown-value:{field}"), undecided=True)]


@pytest.mark.parametrize(("module", "field", "what"), [(tl303, "kms_key_id", "the KMS key"),
                                                     (tl306, "cloudwatch_logs_group_arn", "the CloudWatch Logs log group")])
def test_a_resource_not_known_offline_is_open_only_if_it_may_be_unset(module: object, field: str, what: str) -> None:
    """An ARN known only after apply is set to something; the check is open only where a reader says
    the value may be unset (the engine drops the problem elsewhere: test_unknown_settings)."""
    assert run(module, trail("a", **{field: UNKNOWN})) == [replace(problem(
        f"{what} of trail 'a' may be unset", at("a", field), "a", subject=f"unset-value:{field}"), undecided=True)]


def test_tl301_logging_not_stated_is_not_a_finding() -> None:
    assert run(tl301, trail("a", logging=None)) == []


def test_tl304_gap_in_a_region_in_scope() -> None:
    inventory = Inventory(trails=(trail("home"), trail("data", multi_region=True, event_selectors=DATA_ONLY),
                                  trail("stopped", "eu-west-1", logging=False)),
                          regions=("eu-west-1", "us-east-1"), account=ACCOUNT)
    assert scoped(tl304, inventory) == [Problem(
        "no trail records management events in eu-west-1 for account 111122223333",
        at=at("stopped"), account=ACCOUNT, region="eu-west-1", subject=f"management:{ACCOUNT}:eu-west-1")]


def test_a_write_only_trail_is_one_finding_not_two() -> None:
    """Issue 10.9: the Region's only trail records write events only: TL305 names the trail and
    what it leaves out; TL304 (no management events at all) stays silent."""
    inventory = Inventory(trails=(trail("home"), trail("writes", multi_region=True, event_selectors=WRITE_ONLY),
                                  trail("stopped", "eu-west-1", logging=False)),
                          regions=("eu-west-1", "us-east-1"), account=ACCOUNT)
    assert scoped(tl304, inventory) == []
    assert [(p.message, p.region) for p in scoped(tl305, inventory)] == [
        ("trail 'writes' leaves out read management events; no other trail records them in eu-west-1", "eu-west-1")]


def test_tl304_multi_region_trail_covers_every_region() -> None:
    inventory = Inventory(trails=(trail("org", multi_region=True),), regions=("eu-west-1", "us-east-1"))
    assert scoped(tl304, inventory) == []


def test_tl304_unknown_selectors_or_logging_state_may_cover() -> None:
    for changes in ({"event_selectors": UNKNOWN, "advanced_selectors": UNKNOWN}, {"logging": None},
                    {"multi_region": UNKNOWN}):
        inventory = Inventory(trails=(trail("org", **{"multi_region": True, **changes}),), regions=("eu-west-1",))
        assert scoped(tl304, inventory) == []


def test_tl304_conditional_trail_does_not_close_the_gap() -> None:
    inventory = Inventory(trails=(trail("data", event_selectors=DATA_ONLY),
                                  trail("maybe", existence=Existence.CONDITIONAL)), regions=("us-east-1",))
    assert [p.message for p in scoped(tl304, inventory)] == [
        ("no trail records management events in us-east-1 for account 111122223333; "
        "maybe (conditional) would, but may not exist; no trail in the inputs is multi-Region")]


def test_tl304_organization_trail_covers_member_accounts() -> None:
    org = trail("org", account="999988887777", multi_region=True, organization=True)
    snapshot = Snapshot("us-east-1", ACCOUNT, Origin("describe-trails.json", ()))
    inventory = Inventory(trails=(org,), snapshots=(snapshot,), regions=("us-east-1",))
    assert scoped(tl304, inventory) == []
    empty = Inventory(snapshots=(snapshot,), regions=("us-east-1",))
    assert scoped(tl304, empty) == [Problem(
        "no trail records management events in us-east-1 for account 111122223333; "
        "no trail in the inputs is multi-Region",
        at=At("describe-trails.json", ()), account=ACCOUNT, region="us-east-1",
        subject=f"management:{ACCOUNT}:us-east-1")]


def test_tl305_reduced_without_a_full_trail() -> None:
    no_kms = (EventSelector(read_write="WriteOnly", exclude_management_sources=("kms.amazonaws.com",)),)
    inventory = Inventory(trails=(trail("writes", event_selectors=no_kms),), regions=("us-east-1",))
    assert scoped(tl305, inventory) == [problem(
        "trail 'writes' leaves out read management events and events from kms.amazonaws.com; no other trail "
        "records them in us-east-1", at("writes", "event_selectors"), "writes",
        subject=f"reduced:{ACCOUNT}:us-east-1")]
    with_full = replace(inventory, trails=inventory.trails + (trail("full"),))
    assert scoped(tl305, with_full) == []
    with_conditional = replace(inventory, trails=inventory.trails + (trail("full", existence=Existence.CONDITIONAL),))
    assert len(scoped(tl305, with_conditional)) == 1
    elsewhere = replace(inventory, trails=inventory.trails + (trail("full", "eu-west-1"),))
    assert len(scoped(tl305, elsewhere)) == 1


def test_tl305_ignores_data_only_full_and_unknown_trails() -> None:
    for changes in ({"event_selectors": DATA_ONLY}, {}, {"event_selectors": UNKNOWN, "advanced_selectors": UNKNOWN},
                    {"event_selectors": WRITE_ONLY, "logging": False}):
        assert scoped(tl305, Inventory(trails=(trail("a", **changes),), regions=("us-east-1",))) == []


def test_tl305_advanced_filters() -> None:
    selector = AdvancedSelector(None, (FieldSelector("eventCategory", ("Management",)),
                                       FieldSelector("eventSource", equals=("iam.amazonaws.com",))))
    inventory = Inventory(trails=(trail("iam", advanced_selectors=(selector,)),), regions=("us-east-1",))
    assert run(tl305, inventory) == []      # a plan alone: another stack may record the full set
    assert [p.message for p in scoped(tl305, inventory)] == [
        ("trail 'iam' leaves out events from sources other than iam.amazonaws.com; no other trail records them "
        "in us-east-1")]


def test_tl308() -> None:
    ireland = trail("ireland", "eu-west-1")
    off = trail("virginia", include_global_events=False)
    inventory = Inventory(trails=(ireland, off), regions=("eu-west-1", "us-east-1"), account=ACCOUNT)
    assert scoped(tl308, inventory) == [problem(
        "no trail records global service events (IAM, STS, CloudFront) for account 111122223333; "
        "no trail in the inputs is multi-Region",
        at("virginia", "include_global_events"), "virginia", subject=f"global:{ACCOUNT}")]
    assert scoped(tl308, replace(inventory, trails=(ireland, replace(off, include_global_events=True)))) == []
    assert scoped(tl308, replace(inventory, trails=(replace(ireland, multi_region=True), off))) == []
    # us-east-1 not in scope: a trail there would not be visible, so nothing is said
    assert scoped(tl308, replace(inventory, regions=("eu-west-1",))) == []
    # a data-only trail in us-east-1 does not record them
    data = replace(off, include_global_events=True, event_selectors=DATA_ONLY)
    assert len(scoped(tl308, replace(inventory, trails=(ireland, data)))) == 1


# --- TL5xx: cost ------------------------------------------------------------------------

def test_tl501_paid_copies_and_cost() -> None:
    inventory = Inventory(trails=(trail("org", "eu-west-1", multi_region=True), trail("team"),
                                  trail("data", event_selectors=DATA_ONLY), trail("stopped", logging=False)),
                          regions=("eu-west-1", "us-east-1"))
    options = tl501.configure(Config(event_volume={"us-east-1": 5_000_000}))
    assert options == tl501.Options((("us-east-1", 5_000_000),))
    assert run(tl501, inventory, options) == [problem(
        "1 paid copy of management events in us-east-1: trails org, team; about $100.00 per month at 5,000,000 "
        "events ($2.00 per 100,000 events, AWS pricing retrieved 2026-11-23)", at("team"), "team",
        subject=f"management-copies:{ACCOUNT}:us-east-1")]
    assert run(tl501, replace(inventory, trails=inventory.trails[:1] + inventory.trails[2:])) == []


def test_tl501_default_volume_and_conditional_trails() -> None:
    inventory = Inventory(trails=(trail("org", multi_region=True), trail("maybe", existence=Existence.CONDITIONAL),
                                  trail("team", existence=Existence.CREATED)))
    options = tl501.Options((("*", 250_000),))
    assert [p.message for p in run(tl501, inventory, options)] == [
        ("1 to 2 paid copies of management events in us-east-1: trails maybe (conditional), org, team; about "
        "$5.00 to $10.00 per month at 250,000 events ($2.00 per 100,000 events, AWS pricing retrieved 2026-11-23)")]
    only_conditional = Inventory(trails=(trail("a", existence=Existence.CONDITIONAL),
                                         trail("b", existence=Existence.CONDITIONAL)))
    assert run(tl501, only_conditional) == []


def test_tl501_multi_region_copies_are_paid_in_every_enabled_region() -> None:
    """Two multi-Region trails make a paid copy in every Region the account has enabled, not only in those
    the run names; a single-Region trail adds one in its Region, which has a finding (and cost) of its own."""
    org, team = trail("org", "eu-west-1", multi_region=True), trail("team", multi_region=True)
    inventory = Inventory(trails=(org, team), regions=("us-east-1",))
    options = tl501.Options((("*", 1_000_000), ("us-east-1", 5_000_000)))
    price = "($2.00 per 100,000 events, AWS pricing retrieved 2026-11-23)"
    assert [(p.region, p.message) for p in run(tl501, inventory, options)] == [(
        None, ("1 paid copy of management events in every enabled Region: multi-Region trails org, team; about $100.00 "
               f"in us-east-1 at 5,000,000 events and $20.00 in each other Region at 1,000,000 events per month {price}"))]
    local = replace(inventory, trails=(org, team, trail("local")))
    assert [(p.region, p.message) for p in run(tl501, local, options)] == [
        (None, ("1 paid copy of management events in every enabled Region: multi-Region trails org, team; about "
                f"$20.00 in each other Region at 1,000,000 events per month {price}")),
        ("us-east-1", ("2 paid copies of management events in us-east-1: trails local, org, team; about $200.00 per "
                       f"month at 5,000,000 events {price}"))]
    # one multi-Region trail and a single-Region one: a copy in that Region only
    assert [p.region for p in run(tl501, replace(inventory, trails=(org, trail("local"))))] == ["us-east-1"]


def test_tl501_unknown_selectors_are_not_counted() -> None:
    inventory = Inventory(trails=(trail("a"), trail("b", event_selectors=UNKNOWN, advanced_selectors=UNKNOWN)))
    assert run(tl501, inventory) == []


def test_tl502() -> None:
    first, second = trail("a", s3_key_prefix="org"), trail("b", s3_key_prefix="org")
    assert run(tl502, Inventory(trails=(first, second))) == [problem(
        "trail 'b' delivers the same events as trail 'a' to s3://audit-logs/org in us-east-1", at("b", "s3_bucket"), "b",
        subject="duplicate-of:a")]
    assert run(tl502, Inventory(trails=(first, replace(second, s3_key_prefix="other")))) == []
    assert run(tl502, Inventory(trails=(first, replace(second, event_selectors=WRITE_ONLY)))) == []
    assert run(tl502, Inventory(trails=(first, replace(second, region="eu-west-1")))) == []
    # selectors not known at all: the check is left open at them, for the reader's TL002 about them to name
    assert run(tl502, Inventory(trails=(first, replace(second, event_selectors=UNKNOWN)))) == [replace(problem(
        "what trail 'b' records is not known: its event selectors hold a value not known offline",
        at("b", "event_selectors"), "b", subject="unknown-value:selectors:aws_cloudtrail.b"), undecided=True)]


def test_tl503() -> None:
    org, team = trail("org", "eu-west-1", multi_region=True), trail("team")
    assert run(tl503, Inventory(trails=(org, team))) == [problem(
        "2 trails record global service events in us-east-1: org, team", at("team", "include_global_events"),
        "team", subject=f"global-copies:{ACCOUNT}")]
    assert run(tl503, Inventory(trails=(org, replace(team, include_global_events=False)))) == []
    # a single-Region trail outside us-east-1 does not receive them
    assert run(tl503, Inventory(trails=(org, replace(team, region="eu-west-2")))) == []


def test_many_trails_are_named_ten_then_counted() -> None:
    # a plan may declare a trail per for_each key: a message names ten and counts the rest
    many = tuple(trail(f"t{i:02}") for i in range(13))
    assert [p.message for p in run(tl503, Inventory(trails=many))] == [
        ("13 trails record global service events in us-east-1: t00, t01, t02, t03, t04, t05, t06, t07, t08, t09 "
        "and 3 more")]
    eleven = many[:11]
    assert [p.message for p in run(tl503, Inventory(trails=eleven))] == [
        "11 trails record global service events in us-east-1: t00, t01, t02, t03, t04, t05, t06, t07, t08, t09, t10"]
    quota = [p.message for p in run(tl101, Inventory(trails=many))]
    assert quota == [("13 trails would exist in us-east-1, over the quota of 5 per Region: t00, t01, t02, t03, t04, "
                     "t05, t06, t07, t08, t09 and 3 more")]


def test_tl504() -> None:
    media = AdvancedSelector(None, (FieldSelector("eventCategory", ("Data",)),
                                    FieldSelector("resources.type", ("AWS::S3::Object",)),
                                    FieldSelector("resources.ARN", starts_with=("arn:aws:s3:::media/",))))
    first = trail("all-objects", event_selectors=DATA_ONLY)
    second = trail("media", advanced_selectors=(media,))
    assert run(tl504, Inventory(trails=(first, second))) == [problem(
        "trails 'all-objects' and 'media' both log data events for AWS::S3::Object arn:aws:s3:::media/ in "
        "us-east-1", at("media", "advanced_selectors"), "media", subject="data-overlap:all-objects:us-east-1")]
    assert run(tl504, Inventory(trails=(first, replace(second, region="eu-west-1")))) == []
    assert run(tl504, Inventory(trails=(first, replace(second, advanced_selectors=UNKNOWN)))) == []
    # trails linked through one another are one finding, naming them all
    third = trail("media-images", advanced_selectors=(media,))
    unrelated = trail("logs", advanced_selectors=(AdvancedSelector(None, (
        FieldSelector("eventCategory", ("Data",)), FieldSelector("resources.type", ("AWS::Lambda::Function",)))),))
    assert [p.message for p in run(tl504, Inventory(trails=(third, first, second, unrelated)))] == [
        ("3 trails 'all-objects', 'media' and 'media-images' log the same data events (AWS::S3::Object "
        "arn:aws:s3:::media/) in us-east-1")]


def test_tl504_multi_region_trails_share_data_events_in_every_enabled_region() -> None:
    """Multi-Region trails record data events wherever the resources are: said once, not per Region in
    scope; a single-Region trail sharing them too is said in its own Region."""
    first = trail("all-objects", "eu-west-1", multi_region=True, event_selectors=DATA_ONLY)
    second = trail("audit", multi_region=True, event_selectors=DATA_ONLY)
    inventory = Inventory(trails=(first, second), regions=("eu-west-1", "us-east-1"))
    assert [(p.region, p.message) for p in run(tl504, inventory)] == [(
        None, "trails 'all-objects' and 'audit' both log data events for all AWS::S3::Object in every enabled Region")]
    local = replace(inventory, trails=(first, second, trail("local", event_selectors=DATA_ONLY)))
    assert [(p.region, p.message) for p in run(tl504, local)] == [
        (None, "trails 'all-objects' and 'audit' both log data events for all AWS::S3::Object in every enabled Region"),
        ("us-east-1", ("3 trails 'all-objects', 'audit' and 'local' log the same data events (all AWS::S3::Object) "
                      "in us-east-1"))]


def test_absence_rules_trust_either_or_conditional_trails_of_one_template() -> None:
    internal = trail("internal", multi_region=True, existence=Existence.CONDITIONAL,
                     origin=Origin("template.yaml", ("Resources", "Trail")))
    external = trail("external", multi_region=True, existence=Existence.CONDITIONAL,
                     origin=Origin("template.yaml", ("Resources", "ExternalTrail")))
    inventory = Inventory(trails=(internal, external), regions=("us-east-1", "eu-west-1"))
    assert scoped(tl304, inventory) == []
    assert scoped(tl308, inventory) == []
    # one conditional trail alone does not close the gap
    alone = replace(inventory, trails=(internal,))
    assert [p.message for p in scoped(tl308, alone)] == [
        ("no trail records global service events (IAM, STS, CloudFront) for account 111122223333; "
        "internal (conditional) would, but may not exist")]
    assert len(scoped(tl304, alone)) == 2


def test_absence_rules_need_configured_regions_or_describe_trails() -> None:
    plan_only = Inventory(trails=(trail("data", event_selectors=DATA_ONLY, include_global_events=False),),
                          regions=("us-east-1",))
    assert run(tl304, plan_only) == []
    assert run(tl308, plan_only) == []
    described = replace(plan_only, snapshots=(Snapshot("us-east-1", ACCOUNT, Origin("describe-trails.json", ())),))
    assert [p.region for p in run(tl304, described)] == ["us-east-1"]
    assert [p.region for p in run(tl308, described)] == ["us-east-1"]
    other_account = replace(plan_only, snapshots=(Snapshot("us-east-1", "444455556666", Origin("d.json", ())),))
    assert [p.account for p in run(tl304, other_account)] == ["444455556666"]
    assert tl304.RULE.configure(Config(regions=("eu-west-1", "us-east-1"))) == RegionScope(("eu-west-1", "us-east-1"))
    assert tl308.RULE.configure(Config()) == RegionScope()


TRAIL_SPECS = st.lists(st.tuples(st.sampled_from(["us-east-1", "eu-west-1"]), st.booleans(),
                                 st.sampled_from(["all", "data", "writes"]), st.booleans()), max_size=6)


@given(TRAIL_SPECS)
def test_tl501_counts_every_delivering_copy_after_the_first(specs: list) -> None:
    selectors = {"all": (), "data": DATA_ONLY, "writes": WRITE_ONLY}
    trails = tuple(trail(f"t{i}", region, multi_region=multi, event_selectors=selectors[kind], logging=logging)
                   for i, (region, multi, kind, logging) in enumerate(specs))
    inventory = Inventory(trails=trails, regions=("eu-west-1", "us-east-1"))
    found = {p.region: p.message for p in run(tl501, inventory)}
    delivering = [(t.label, home, multi) for t, (home, multi, kind, logging) in zip(trails, specs)
                  if kind != "data" and logging]
    wide = sorted(label for label, _, multi in delivering if multi)
    # multi-Region trails are copies in every enabled Region, not only in the two in scope: one finding
    if len(wide) < 2:
        assert None not in found
    else:
        assert found[None] == f"{len(wide) - 1} paid cop{'y' if len(wide) == 2 else 'ies'} of management events in " \
                              f"every enabled Region: multi-Region trails {', '.join(wide)}"
    for region in ("eu-west-1", "us-east-1"):
        copies = sorted(label for label, home, multi in delivering if multi or home == region)
        if len(copies) < 2 or not any(home == region and not multi for _, home, multi in delivering):
            assert region not in found
        else:
            paid = len(copies) - 1
            assert found[region] == f"{paid} paid cop{'y' if paid == 1 else 'ies'} of management events in " \
                                    f"{region}: trails {', '.join(copies)}"


def test_organization_trails_are_reported_once_not_per_account() -> None:
    org = trail("org", multi_region=True, organization=True)
    copy = trail("org-copy", multi_region=True, organization=True)
    members = (Snapshot("us-east-1", "444455556666", Origin("a.json", ())),
               Snapshot("us-east-1", "777788889999", Origin("b.json", ())))
    inventory = Inventory(trails=(org, copy), snapshots=members, regions=("us-east-1",))
    assert [p.message for p in run(tl501, inventory)] == [
        "1 paid copy of management events in every enabled Region: multi-Region trails org, org-copy"]
    assert [p.message for p in run(tl503, inventory)] == [
        "2 trails record global service events in us-east-1: org, org-copy"]
    reduced = replace(inventory, trails=(replace(org, event_selectors=WRITE_ONLY),))
    assert [p.message for p in run(tl305, reduced)] == [
        "trail 'org' leaves out read management events; no other trail records them in us-east-1"]


def test_duplicate_rules_do_not_guess_unnamed_accounts() -> None:
    named, unnamed = trail("named"), trail("unnamed", account=None)
    inventory = Inventory(trails=(named, unnamed))
    # not a finding: the check cannot decide, and says so (the engine reports it as TL002)
    assert [p.undecided for p in run(tl501, inventory)] == [True]
    assert [p.undecided for p in run(tl503, inventory)] == [True]
    # both unnamed: one plan of one account
    assert len(run(tl501, Inventory(trails=(replace(named, account=None), unnamed)))) == 1


def test_tl304_an_empty_describe_trails_listing_is_a_gap_even_without_a_region() -> None:
    listing = Snapshot(region=None, account=None, origin=Origin("empty.json", ("data",)), trail_count=0)
    problems = list(tl304.RULE.check(Inventory(snapshots=(listing,))))
    assert [(p.message, p.at) for p in problems] == [(
        ("no trail records management events in the Region this describe-trails output was taken in: it lists "
        "no trail (pass --region to name the Region)"), At("empty.json", ("data",)))]
    named = replace(listing, region="us-east-1")
    assert [p.region for p in tl304.RULE.check(Inventory(snapshots=(named,), regions=("us-east-1",)))] \
        == ["us-east-1"]
