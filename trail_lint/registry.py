"""The rule registry: one explicit list of every rule module, sorted by ID. No scanning, no magic.

Adding a rule: write `rules/tlNNN_rule_name.py` with a `RULE`, then list it here.
"""
from __future__ import annotations

import importlib
from functools import cache

from trail_lint.rule import Rule

RULE_MODULES = (
    "tl000_rule_crashed",
    "tl001_unreadable_input",
    "tl002_unresolved_value",
    "tl003_unused_suppression",
    "tl004_expired_ignore",
    "tl101_trail_quota_exceeded",
    "tl102_trail_quota_full",
    "tl103_event_selector_limits",
    "tl201_invalid_trail_name",
    "tl202_multi_region_without_global_events",
    "tl203_cloudwatch_logs_half_set",
    "tl204_kms_key_region_mismatch",
    "tl205_both_selector_kinds",
    "tl206_s3_key_prefix_too_long",
    "tl207_bucket_policy_blocks_delivery",
    "tl208_sns_policy_blocks_delivery",
    "tl209_kms_policy_blocks_cloudtrail",
    "tl210_invalid_event_selector",
    "tl211_missing_required_property",
    "tl212_invalid_bucket_name",
    "tl213_reference_to_missing_resource",
    "tl214_duplicate_trail_name",
    "tl215_cloudwatch_logs_role_blocks_delivery",
    "tl216_cloudwatch_logs_other_account",
    "tl217_invalid_kms_key_id",
    "tl218_invalid_sns_topic_name",
    "tl219_invalid_cloudwatch_logs_arn",
    "tl220_sns_key_blocks_notifications",
    "tl221_principal_element_not_allowed",
    "tl222_kms_key_not_symmetric",
    "tl223_unsupported_property",
    "tl224_invalid_trail_tags",
    "tl225_unlisted_region",
    "tl226_organization_trail_not_allowed",
    "tl227_delegated_administrator_refused",
    "tl228_log_bucket_access_rejected",
    "tl301_logging_disabled",
    "tl302_log_file_validation_disabled",
    "tl303_no_kms_encryption",
    "tl304_region_without_management_events",
    "tl305_management_events_reduced",
    "tl306_no_cloudwatch_logs",
    "tl307_log_bucket_public",
    "tl308_no_global_service_events",
    "tl309_trail_logs_own_bucket",
    "tl310_log_bucket_access_logging_disabled",
    "tl311_log_bucket_unprotected",
    "tl312_log_bucket_public_access_unblocked",
    "tl313_delivery_failing",
    "tl314_no_trail_change_alarm",
    "tl315_s3_object_events_not_recorded",
    "tl316_trail_single_region",
    "tl317_insights_record_nothing",
    "tl318_kms_key_public",
    "tl319_cloudtrail_grant_without_source",
    "tl320_log_bucket_no_lifecycle",
    "tl401_can_tamper_with_trail",
    "tl402_tamper_on_every_trail",
    "tl403_resource_level_unsupported",
    "tl404_trail_arn_matches_no_trail",
    "tl405_access_intent_violated",
    "tl406_stop_without_start",
    "tl407_deny_guardrail_gap",
    "tl408_unknown_cloudtrail_action",
    "tl501_duplicate_management_events",
    "tl502_duplicate_trail",
    "tl503_duplicate_global_service_events",
    "tl504_overlapping_data_events",
)


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule, imported on first use: `trail-lint --version` never loads them."""
    rules = (importlib.import_module(f"trail_lint.rules.{name}").RULE for name in RULE_MODULES)
    return tuple(sorted(rules, key=lambda rule: rule.id))


def rule_by_id(rule_id: str) -> Rule:
    # A rule's module is named for its ID: import that one alone (a command that runs no lint rule,
    # such as `trail-lint access`, needs only TL000 and TL001, not the import of every rule).
    prefix = rule_id.lower() + "_"
    for name in RULE_MODULES:
        if name.startswith(prefix):
            rule: Rule = importlib.import_module(f"trail_lint.rules.{name}").RULE
            if rule.id == rule_id:
                return rule
    for rule in all_rules():
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)
