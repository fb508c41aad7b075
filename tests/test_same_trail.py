"""The same trail written in every supported form gives equal model objects.

This is what makes every rule format-agnostic: a rule sees one `Trail`, whichever input it
came from. Only what a form cannot know differs (an ARN before apply, whether it exists yet),
and those fields are set aside here.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.model import DataResource, EventSelector, Existence, Trail
from trail_lint.registry import all_rules

SAME = Path(__file__).parent / "fixtures" / "same-trail"
FORMS = {
    "terraform plan": ["plan.json"],
    "terraform show -json state": ["state.json"],
    "raw terraform.tfstate": ["terraform.tfstate"],
    "describe-trails + get-event-selectors + get-trail-status":
        ["describe-trails.json", "get-event-selectors.json", "get-trail-status.json"],
    "CloudFormation YAML": ["template.yaml"],
    "CloudFormation JSON": ["template.json"],
    "Terraform .tf": ["tf/main.tf"],
}
EXPECTED = Trail(
    name="org-audit", account=None, region="eu-west-1", arn=None, multi_region=True, organization=False,
    include_global_events=True, logging=True, log_file_validation=True,
    kms_key_id="arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    s3_bucket="audit-logs-111122223333", s3_key_prefix="trails", sns_topic=None,
    cloudwatch_logs_group_arn="arn:aws:logs:eu-west-1:111122223333:log-group:org-audit:*",
    cloudwatch_logs_role_arn="arn:aws:iam::111122223333:role/cloudtrail-to-cloudwatch",
    event_selectors=(EventSelector("All", True, (), (DataResource("AWS::S3::Object",
                                                                  ("arn:aws:s3:::payments-invoices/",)),)),),
    advanced_selectors=(), insights=(), existence=Existence.EXISTS)


def read_trail(files: list[str]) -> Trail:
    config = Config(region="eu-west-1")   # templates and .tf name no Region of their own for this check
    result = run([str(SAME / f) for f in files], config, all_rules(), raise_errors=True)
    assert [f for f in result.findings if f.rule in ("TL000", "TL001")] == []
    [trail] = result.inventory.trails
    return trail


@pytest.mark.parametrize("form", FORMS)
def test_same_trail_in_every_form(form: str) -> None:
    trail = read_trail(FORMS[form])
    # What a form cannot know: the ARN and account before it exists, and its lifecycle stage.
    comparable = dataclasses.replace(trail, arn=None, account=None, existence=Existence.EXISTS)
    assert comparable == EXPECTED


def test_forms_differ_only_in_what_they_cannot_know() -> None:
    plan = read_trail(FORMS["terraform plan"])
    described = read_trail(FORMS["describe-trails + get-event-selectors + get-trail-status"])
    assert plan.existence is Existence.CREATED and described.existence is Existence.EXISTS
    assert described.arn == "arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-audit"
    assert described.account == "111122223333"


def test_plan_and_describe_trails_merge_into_one_trail() -> None:
    result = run([str(SAME / "plan.json"), str(SAME / "describe-trails.json"), str(SAME / "get-trail-status.json")],
                 Config(), all_rules(), raise_errors=True)
    [trail] = result.inventory.trails
    assert trail.origin.kind == "terraform-plan"      # the desired state wins
    assert trail.logging is True


FLAWED = Path(__file__).parent / "fixtures" / "same-findings"


def findings_of(file: str) -> list[tuple[str, str]]:
    result = run([str(FLAWED / file)], Config(region="eu-west-1", account="111122223333"), all_rules(),
                 raise_errors=True)
    return sorted((f.rule, f.message) for f in result.findings if f.rule != "TL002")


def test_plan_tf_and_cloudformation_give_the_same_findings() -> None:
    plan = findings_of("plan.json")
    assert [rule for rule, _ in plan] == ["TL201", "TL202", "TL203", "TL210", "TL301", "TL302", "TL303"]
    assert findings_of("tf/main.tf") == plan
    assert findings_of("template.yaml") == plan
