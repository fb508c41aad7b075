"""Account scopes, shared Regions, two trails of one name, and the peak during apply (issue 10).

Each test writes the inputs it needs in the forms that can express them (Terraform plan, .tf,
CloudFormation, describe-trails output) and runs the whole engine, so the scope is what the
inventory computes, not what a test sets.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.model import Deployment, InputKind, Trail
from trail_lint.registry import all_rules
from trail_lint.scope.arns import may_name_region
from trail_lint.scope.names import dns_suffix
from trail_lint.scope.trail_scope import scope_of

QUOTA = ("TL101", "TL102", "TL002", "TL214", "TL501", "TL502")


def lint(tmp_path: Path, files: dict[str, str], select: tuple[str, ...] = QUOTA, **config: Any) -> list[str]:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    result = run([str(tmp_path)], Config(select=select, **config), all_rules(), raise_errors=True)
    return [f"{Path(f.file).relative_to(tmp_path)} {f.rule} {f.message}" for f in result.findings]


def tf_root(profile: str, names: list[str], region: str = '"us-east-1"', multi_region: bool = True) -> str:
    provider = f'provider "aws" {{\n  region  = {region}\n  profile = "{profile}"\n}}\n'
    if region.startswith("var."):
        provider = f'variable "{region[4:]}" {{}}\n' + provider
    return provider + "".join(
        f'\nresource "aws_cloudtrail" "{name.replace("-", "_")}" {{\n  name = "{name}"\n'
        f'  s3_bucket_name = "logs-{profile}"\n  is_multi_region_trail = {str(multi_region).lower()}\n}}\n'
        for name in names)


def plan(trails: list[dict[str, Any]], provider: dict[str, Any] | None = None) -> str:
    changes = []
    for trail in trails:
        actions = trail.pop("actions", ["create"])
        before = trail.pop("before", None)
        after = None if actions == ["delete"] else {"s3_bucket_name": "logs", "is_multi_region_trail": True, **trail}
        address = trail.pop("address", f"aws_cloudtrail.{(trail.get('name') or before['name']).replace('-', '_')}")
        changes.append({"address": address, "mode": "managed", "type": "aws_cloudtrail", "name": address.split(".")[1],
                        "provider_name": "registry.terraform.io/hashicorp/aws",
                        "change": {"actions": actions, "before": before, "after": after,
                                   "after_unknown": {"arn": True} if after else {}}})
    expressions = provider if provider is not None else {"region": {"constant_value": "us-east-1"}}
    return json.dumps({"format_version": "1.2", "resource_changes": changes,
                       "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": expressions}}}})


TEMPLATE = """\
Resources:
  First:
    Type: AWS::CloudTrail::Trail
    Properties: {TrailName: %s, S3BucketName: logs, IsLogging: true}
  Second:
    Type: AWS::CloudTrail::Trail
    Properties: {TrailName: %s, S3BucketName: logs, IsLogging: true}
"""


# --- 10.1 account scopes ------------------------------------------------------------------

def test_two_root_modules_under_different_profiles_are_not_pooled(tmp_path: Path) -> None:
    found = lint(tmp_path, {"team-a/main.tf": tf_root("team-a", ["a1", "a2", "a3"]),
                            "team-b/main.tf": tf_root("team-b", ["b1", "b2", "b3"])}, select=("TL101", "TL002"))
    assert [line.split(" ", 2)[1] for line in found] == ["TL002"]
    assert "TL101 (trail-quota-exceeded) cannot decide: 6 trails would exist in us-east-1 if provider aws " \
           "(profile team-a) of root module" in found[0]


def test_account_option_or_map_ties_the_scopes(tmp_path: Path) -> None:
    files = {"team-a/main.tf": tf_root("team-a", ["a1", "a2", "a3"]),
             "team-b/main.tf": tf_root("team-b", ["b1", "b2", "b3"])}
    pooled = lint(tmp_path, files, select=("TL101", "TL002"), account="111122223333")
    assert [line.split(" ", 2)[1] for line in pooled] == ["TL101"]
    assert "6 trails would exist in us-east-1, over the quota" in pooled[0]
    apart = lint(tmp_path, files, select=("TL101", "TL002"),
                 accounts={str(tmp_path / "team-a"): "111122223333", str(tmp_path / "team-b"): "444455556666"})
    assert apart == []
    same = lint(tmp_path, files, select=("TL101", "TL002"),
                accounts={str(tmp_path / "team-a"): "111122223333", str(tmp_path / "team-b"): "111122223333"})
    assert [line.split(" ", 2)[1] for line in same] == ["TL101"]


def test_plans_with_different_assume_role_accounts_are_apart(tmp_path: Path) -> None:
    def role(account: str) -> dict[str, Any]:
        return {"region": {"constant_value": "us-east-1"},
                "assume_role": [{"role_arn": {"constant_value": f"arn:aws:iam::{account}:role/deploy"}}]}
    files = {"a.json": plan([{"name": f"a{i}"} for i in range(3)], role("111122223333")),
             "b.json": plan([{"name": f"b{i}"} for i in range(3)], role("444455556666"))}
    # two known accounts: nothing to pool, nothing undecided
    assert lint(tmp_path, files, select=("TL101", "TL002")) == []
    files["b.json"] = plan([{"name": f"b{i}"} for i in range(3)], role("111122223333"))
    assert [line.split(" ", 2)[1] for line in lint(tmp_path, files, select=("TL101", "TL002"))] == ["TL101"]


def test_a_listing_of_the_same_trail_ties_a_plan_to_its_account(tmp_path: Path) -> None:
    listing = {"trailList": [{"Name": "audit", "HomeRegion": "us-east-1", "IsMultiRegionTrail": True,
                              "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit",
                              "S3BucketName": "logs"}]}
    files = {"plan.json": plan([{"name": "audit"}, {"name": "other"}]), "trails.json": json.dumps(listing)}
    lint(tmp_path, files)
    inventory = run([str(tmp_path)], Config(), all_rules(), raise_errors=True).inventory
    assert sorted((t.label, t.account) for t in inventory.trails) == [("audit", "111122223333"),
                                                                      ("other", "111122223333")]


def test_the_accounts_map_names_the_account_of_a_template_without_a_trail(tmp_path: Path) -> None:
    # the log archive's stack holds only the bucket, named by its account; the trail is listed elsewhere
    bucket = ("Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n"
              "    Properties: {BucketName: !Sub 'org-logs-${AWS::AccountId}'}\n")
    listing = {"trailList": [{"Name": "org", "HomeRegion": "us-east-1", "IsMultiRegionTrail": True,
                              "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/org",
                              "S3BucketName": "org-logs-444455556666"}]}
    files = {"archive/bucket.yaml": bucket, "trails.json": json.dumps(listing)}
    select = ("TL002", "TL310")
    unmapped = lint(tmp_path, files, select=select, region="us-east-1")
    assert any("log bucket 'org-logs-444455556666' of trail 'org' is not in the inputs" in line
               for line in unmapped), unmapped
    mapped = lint(tmp_path, files, select=select, region="us-east-1",
                  accounts={str(tmp_path / "archive" / "bucket.yaml"): "444455556666"})
    assert [line for line in mapped if "org-logs" in line] == [
        "archive/bucket.yaml TL310 log bucket 'org-logs-444455556666' of trail 'org' has no server access logging"]
    other = lint(tmp_path, files, select=select, region="us-east-1",
                 accounts={str(tmp_path / "archive" / "bucket.yaml"): "111122223333"})
    assert any("is not in the inputs" in line for line in other), other


def test_untied_duplicates_are_undecided_not_findings(tmp_path: Path) -> None:
    files = {"one/template.yaml": TEMPLATE.replace("  Second:", "  Unused:", 1).split("  Unused:")[0] % "one",
             "two/template.yaml": TEMPLATE.split("  Second:")[0] % "two"}
    found = lint(tmp_path, files, select=("TL501", "TL502", "TL002"), region="us-east-1")
    assert found and all(" TL002 " in line for line in found), found
    assert any("TL501 (duplicate-management-events) cannot decide" in line for line in found)
    assert any("TL502 (duplicate-trail) cannot decide" in line for line in found)


# --- 10.2 what is certainly shared is counted ---------------------------------------------

def test_six_trails_of_one_provider_exceed_the_quota_whatever_its_region(tmp_path: Path) -> None:
    names = [f"t{i}" for i in range(6)]
    found = lint(tmp_path, {"main.tf": tf_root("p", names, region="var.region", multi_region=False)},
                 select=("TL101",))
    assert len(found) == 1
    assert "TL101 6 trails would exist in the Region of provider aws (profile p) of root module" in found[0]
    assert "(not known, whichever it is), over the quota of 5 per Region" in found[0]
    no_region = lint(tmp_path / "plan", {"plan.json": plan([{"name": n, "is_multi_region_trail": False}
                                                           for n in names], provider={})}, select=("TL101",))
    assert len(no_region) == 1 and "the Region of provider aws of" in no_region[0]


def test_identical_trails_of_one_stack_are_duplicates_without_a_region(tmp_path: Path) -> None:
    found = lint(tmp_path, {"template.yaml": TEMPLATE % ("first", "second")}, select=("TL501", "TL502"))
    assert [line.split(" ", 2)[1] for line in found] == ["TL501", "TL502"]
    assert "management events in the stack's Region" in found[0]
    assert "in the stack's Region" in found[1]


def test_stacks_are_separate_regions(tmp_path: Path) -> None:
    one = TEMPLATE.split("  Second:")[0]
    found = lint(tmp_path, {"a.yaml": one % "first", "b.yaml": one % "second"}, select=("TL501", "TL502"))
    assert found == []


# --- 10.3 two trails, one name -------------------------------------------------------------

def test_two_trails_of_one_name_keep_their_own_findings(tmp_path: Path) -> None:
    found = lint(tmp_path, {"template.yaml": TEMPLATE % ("audit", "audit")}, select=("TL214", "TL302"))
    assert sorted(line.split(" ", 2)[1] for line in found) == ["TL214", "TL302", "TL302"]
    [collision] = [line for line in found if " TL214 " in line]
    assert "trail 'audit' (Second in" in collision and "has the name of trail 'audit' (First in" in collision


def test_one_name_in_two_forms_of_one_trail_is_not_a_collision(tmp_path: Path) -> None:
    listing = {"trailList": [{"Name": "audit", "HomeRegion": "us-east-1", "IsMultiRegionTrail": True,
                              "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit",
                              "S3BucketName": "logs"}]}
    # a plan and describe-trails output of the trail it manages: one trail
    assert lint(tmp_path, {"plan.json": plan([{"name": "audit"}]), "trails.json": json.dumps(listing)},
                select=("TL214",)) == []
    inventory = run([str(tmp_path)], Config(), all_rules(), raise_errors=True).inventory
    assert [t.label for t in inventory.trails] == ["audit"]


def test_a_deleted_trail_does_not_hold_its_name(tmp_path: Path) -> None:
    old = {"name": "audit", "s3_bucket_name": "logs", "arn": "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit"}
    found = lint(tmp_path, {"plan.json": plan([{"address": "aws_cloudtrail.old", "actions": ["delete"], "before": old},
                                               {"address": "aws_cloudtrail.new", "name": "audit"}])},
                 select=("TL214",))
    assert found == []


# --- 10.4 the peak during apply ------------------------------------------------------------

def replacements(actions: list[str]) -> str:
    kept = [{"name": f"kept-{i}"} for i in range(4)]
    for trail in kept:
        trail["actions"] = ["no-op"]
    old = {"name": "audit-v1", "s3_bucket_name": "logs", "is_multi_region_trail": True}
    return plan([*kept, {"address": "aws_cloudtrail.audit", "name": "audit-v2", "actions": actions, "before": old}])


def test_create_before_destroy_counts_the_old_trail_at_the_peak(tmp_path: Path) -> None:
    found = lint(tmp_path, {"plan.json": replacements(["create", "delete"])}, select=("TL101", "TL102"))
    assert len(found) == 1 and " TL101 " in found[0]
    assert "6 trails would exist in us-east-1 during apply, over the quota of 5 per Region" in found[0]
    assert "(audit-v1 deleted only after its replacement is created: create_before_destroy)" in found[0]


def test_delete_before_create_does_not_raise_the_peak(tmp_path: Path) -> None:
    found = lint(tmp_path, {"plan.json": replacements(["delete", "create"])}, select=("TL101", "TL102"))
    assert len(found) == 1 and " TL102 " in found[0] and "during apply" not in found[0]


# --- 10.9 one finding per root cause -------------------------------------------------------

WRITE_ONLY_TF = """\
provider "aws" {
  region = "eu-west-1"
}

resource "aws_cloudtrail" "writes" {
  name           = "writes"
  s3_bucket_name = "logs"

  event_selector {
    read_write_type = "WriteOnly"
  }
}
"""
WRITE_ONLY_CFN = """\
Resources:
  Writes:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: writes
      S3BucketName: logs
      IsLogging: true
      EventSelectors: [{ReadWriteType: WriteOnly}]
"""


@pytest.mark.parametrize("files", [
    {"main.tf": WRITE_ONLY_TF}, {"template.yaml": WRITE_ONLY_CFN},
    {"plan.json": plan([{"name": "writes", "is_multi_region_trail": False,
                         "event_selector": [{"read_write_type": "WriteOnly", "include_management_events": True}]}],
                       provider={"region": {"constant_value": "eu-west-1"}})},
], ids=["tf", "cloudformation", "plan"])
def test_a_write_only_trail_is_one_finding(tmp_path: Path, files: dict[str, str]) -> None:
    found = lint(tmp_path, files, select=("TL304", "TL305"), region="eu-west-1", regions=("eu-west-1",))
    assert [line.split(" ", 2)[1] for line in found] == ["TL305"], found


def test_a_write_only_listing_is_one_finding(tmp_path: Path) -> None:
    folder = Path(__file__).parent / "rules" / "TL305" / "bad.aws"
    result = run([str(folder)], Config(select=("TL304", "TL305"), regions=("us-east-1", "eu-west-1")), all_rules(),
                 raise_errors=True)
    assert {f.rule for f in result.findings} == {"TL305"}


# --- the scope of one trail ------------------------------------------------------------------

ACCOUNT = st.from_regex(r"\A[0-9]{12}\Z")
REGION = st.sampled_from(["us-east-1", "eu-west-1"])


@settings(max_examples=100)
@given(account=st.one_of(st.none(), ACCOUNT), region=st.one_of(st.none(), REGION), key=st.sampled_from(["a", "b"]))
def test_a_scope_is_its_known_facts_else_its_deployment(account: str | None, region: str | None, key: str) -> None:
    deployment = Deployment(f"terraform:{key}", f"provider {key}", region_key=f"terraform:{key}:aws",
                            region_label=f"the Region of provider {key}")
    scope = scope_of(Trail("t", account=account, region=region, deployment=deployment))
    assert scope.account == (account or deployment.key)
    assert scope.account_id == account
    assert scope.region == (region or deployment.region_key)
    assert scope.region_name == region
    other = scope_of(Trail("u", account=account, region=region, deployment=Deployment("terraform:c", "c")))
    # never pooled: two deployments are one account only when an account ties them
    assert (scope.account == other.account) is (account is not None)
    assert scope.apart(other) is False


@settings(max_examples=60)
@given(st.lists(st.integers(0, 7), min_size=1, max_size=4))
def test_quota_is_counted_per_scope_and_pooling_is_only_ever_undecided(per_scope: list[int]) -> None:
    """Trails of deployments no input ties: TL101 for a scope that alone exceeds the quota,
    TL002 (undecided) where only pooling it with the others would, never a pooled TL101."""
    from trail_lint.rules import tl101_trail_quota_exceeded as tl101

    from trail_lint.inventory import Defaults, scoped
    from trail_lint.model import Inventory, Origin

    trails = []
    for index, count in enumerate(per_scope):
        deployment = Deployment(f"terraform:root{index}", f"root {index}", region_key=f"terraform:root{index}:aws")
        trails += [Trail(f"t{index}-{n}", region="us-east-1", multi_region=True, deployment=deployment,
                         origin=Origin(f"root{index}/main.tf", ("resource", str(n)), kind=InputKind.TERRAFORM_HCL))
                   for n in range(count)]
    problems = list(tl101.check(Inventory(trails=tuple(scoped(trails, Defaults())), regions=("us-east-1",))))
    exceeded = [p for p in problems if not p.undecided]
    assert len(exceeded) == sum(1 for n in per_scope if n > 5)
    total = sum(per_scope)
    undecided = any(0 < n <= 5 and total > 5 for n in per_scope)
    assert any(p.undecided for p in problems) is undecided


def test_listings_of_two_accounts_are_never_pooled(tmp_path: Path) -> None:
    def listing(account: str, prefix: str = "t") -> str:
        return json.dumps({"trailList": [
            {"Name": f"{prefix}{n}", "HomeRegion": "us-east-1", "IsMultiRegionTrail": True, "S3BucketName": f"logs-{n}",
             "IncludeGlobalServiceEvents": True, "LogFileValidationEnabled": False, "TrailARN": f"arn:aws:cloudtrail:us-east-1:{account}:trail/{prefix}{n}"} for n in range(3)]})
    files = {"a.json": listing("111122223333"), "b.json": listing("444455556666")}
    assert lint(tmp_path, files, select=("TL101", "TL002")) == []
    files["b.json"] = listing("111122223333", prefix="u")
    assert [line.split(" ", 2)[1] for line in lint(tmp_path, files, select=("TL101", "TL002"))] == ["TL101"]


def aliased(profile: str) -> str:
    text = 'provider "aws" {\n  region  = "us-east-1"\n  profile = "a"\n}\n\n' \
           f'provider "aws" {{\n  alias   = "eu"\n  region  = "eu-west-1"\n  profile = "{profile}"\n}}\n'
    for n in range(3):
        text += f'\nresource "aws_cloudtrail" "us{n}" {{\n  name = "us{n}"\n  s3_bucket_name = "logs"\n' \
                f'  is_multi_region_trail = true\n}}\n'
        text += f'\nresource "aws_cloudtrail" "eu{n}" {{\n  provider = aws.eu\n  name = "eu{n}"\n' \
                f'  s3_bucket_name = "logs"\n  is_multi_region_trail = true\n}}\n'
    return text


def test_provider_aliases_share_an_account_only_with_the_same_account_settings(tmp_path: Path) -> None:
    same = lint(tmp_path / "same", {"main.tf": aliased("a")}, select=("TL101", "TL002"))
    assert [line.split(" ", 2)[1] for line in same] == ["TL101", "TL101"]      # us-east-1 and eu-west-1
    other = lint(tmp_path / "other", {"main.tf": aliased("b")}, select=("TL101", "TL002"))
    assert [line.split(" ", 2)[1] for line in other] == ["TL002"]
    assert "provider aws (profile a) of root module" in other[0] and "provider aws.eu (profile b)" in other[0]


def test_a_plan_and_the_tf_of_its_root_module_are_one_account(tmp_path: Path) -> None:
    names = [f"t{n}" for n in range(3)]
    source = tf_root("p", names)
    provider = {"region": {"constant_value": "us-east-1"}, "profile": {"constant_value": "p"}}
    files = {"main.tf": source, "plan.json": plan([{"name": n, "s3_bucket_name": "logs-p"} for n in names], provider)}
    # the same three trails, read twice: one account, one Region, no collision, nothing undecided
    assert lint(tmp_path, files, select=("TL101", "TL102", "TL002", "TL214")) == []
    inventory = run([str(tmp_path)], Config(), all_rules(), raise_errors=True).inventory
    assert sorted(t.label for t in inventory.live_trails()) == names


def test_conditional_variants_of_one_name_are_not_a_collision(tmp_path: Path) -> None:
    variants = TEMPLATE.replace("  First:\n", "  First:\n    Condition: Internal\n").replace(
        "  Second:\n", "  Second:\n    Condition: External\n") % ("audit", "audit")
    conditions = "Parameters:\n  Env: {Type: String}\nConditions:\n  Internal: !Equals [!Ref Env, internal]\n" \
                 "  External: !Not [!Equals [!Ref Env, internal]]\n"
    assert lint(tmp_path / "variants", {"template.yaml": conditions + variants}, select=("TL214",)) == []
    one = TEMPLATE.replace("  Second:\n", "  Second:\n    Condition: External\n") % ("audit", "audit")
    found = lint(tmp_path / "one", {"template.yaml": conditions + one}, select=("TL214",))
    assert len(found) == 1 and found[0].endswith("if both exist (one has a CloudFormation condition)")


def test_global_events_and_data_overlaps_across_untied_scopes_are_undecided(tmp_path: Path) -> None:
    data = {"event_selector": [{"read_write_type": "All", "include_management_events": True,
                                "data_resource": [{"type": "AWS::S3::Object", "values": ["arn:aws:s3"]}]}]}
    files = {"a/plan.json": plan([{"name": "a", **data}]), "b/plan.json": plan([{"name": "b", **data}])}
    found = lint(tmp_path, files, select=("TL501", "TL503", "TL504", "TL002"))
    assert sorted(line.split(" ", 3)[2] for line in found) == ["TL501", "TL503", "TL504"]
    assert all(" TL002 " in line and "are one account" in line for line in found), found
    tied = lint(tmp_path, files, select=("TL501", "TL503", "TL504", "TL002"), account="111122223333")
    assert sorted(line.split(" ", 2)[1] for line in tied) == ["TL501", "TL503", "TL504"]


def test_the_dns_suffix_of_a_region_s_partition() -> None:
    """https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/partition"""
    assert [dns_suffix(r) for r in ("us-east-1", "us-gov-west-1", "cn-north-1", "us-iso-east-1", "eu-isoe-west-1",
                                    "eusc-de-east-1")] \
        == ["amazonaws.com", "amazonaws.com", "amazonaws.com.cn", None, None, None]


def test_a_trail_whose_count_is_not_known_offline_may_not_be_there(tmp_path: Path) -> None:
    """count over a variable with no value: zero instances or more. Five certain trails and such a
    trail do not certainly exceed the quota of 5 (that would count a trail that may not be created)."""
    root = tf_root("p", [f"t{i}" for i in range(5)]) + (
        'variable "enabled" {}\n\nresource "aws_cloudtrail" "maybe" {\n  count = var.enabled ? 1 : 0\n'
        '  name = "maybe"\n  s3_bucket_name = "logs-p"\n  is_multi_region_trail = true\n}\n')
    found = lint(tmp_path, {"main.tf": root})
    assert not any(" TL101 " in line for line in found), found
    assert any(" TL102 " in line for line in found), found


REGIONS = ("us-east-1", "us-east-2", "us-west-2", "eu-west-1", "ap-southeast-2", "cn-north-1")


@pytest.mark.parametrize(("value", "region", "may"), [
    ("arn:aws:lambda:us-west-2:123456789012:function:helloworld", "us-west-2", True),
    ("arn:aws:lambda:us-west-2:123456789012:function:helloworld", "us-east-2", False),
    ("arn:aws:dynamodb:eu-west-1:123456789012:table/Orders", "us-east-2", False),
    ("arn:aws:s3:::amzn-s3-demo-bucket/", "ap-southeast-2", True),      # S3 objects name no Region
    ("arn:aws:lambda", "us-east-2", True),                               # every function, any Region
    ("arn:aws:lambda:us-", "us-east-2", True),                           # the Region field not complete
    ("arn:aws:lambda:us-", "eu-west-1", False),
    ("kms.amazonaws.com", "us-east-2", True),                            # no ARN
])
def test_may_name_region(value: str, region: str, may: bool) -> None:
    assert may_name_region(value, region) is may


@given(st.sampled_from(REGIONS), st.sampled_from(REGIONS), st.sampled_from(("lambda", "dynamodb", "s3")))
def test_an_arn_names_its_own_region_only(own: str, other: str, service: str) -> None:
    arn = f"arn:aws:{service}:{own}:123456789012:resource"
    assert may_name_region(arn, other) is (own == other)
