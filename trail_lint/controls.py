"""Compliance controls: the Security Hub CSPM, CIS AWS Foundations Benchmark and AWS Config items a rule covers.

A rule lists its controls as short references (`Rule.controls`):

* Security Hub CSPM control IDs as Security Hub writes them: ``CloudTrail.7``, ``CloudWatch.5``, ``S3.22``;
* CIS AWS Foundations Benchmark recommendations with the benchmark version: ``CIS-1.4:3.6``,
  ``CIS-3.0:3.4``, ``CIS-5.0:3.4`` (numbers move between versions);
* AWS Config managed rules by rule name: ``Config:cloudtrail-enabled`` (matched case-insensitively;
  the rule's identifier, ``Config:CLOUD_TRAIL_ENABLED``, is read as its name).

`--select` takes the same references, and ``CIS-3.7`` (no version) means recommendation 3.7 of
any version. The map, with what is decided offline, is docs/controls.md.
"""
from __future__ import annotations

import re

from trail_lint.records import record

CIS_VERSIONS = ("1.4", "3.0", "5.0")
_SECURITY_HUB = re.compile(r"[A-Za-z][A-Za-z0-9]*\.[0-9]+")
# a Config rule's name (cloudtrail-enabled) or its identifier (CLOUD_TRAIL_ENABLED)
_CONFIG = re.compile(r"config:(?P<name>[a-z0-9]+(?:-[a-z0-9]+)+|[a-z0-9]+(?:_[a-z0-9]+)+)", re.IGNORECASE)
# The identifiers that do not spell their rule's name in capitals (the Config pages say so)
_CONFIG_IDENTIFIERS = {"CLOUD_TRAIL_ENABLED": "cloudtrail-enabled",
                       "MULTI_REGION_CLOUD_TRAIL_ENABLED": "multi-region-cloudtrail-enabled"}
_CIS = re.compile(r"CIS-(?:v?(?P<version>[0-9]+\.[0-9]+)(?:\.[0-9]+)?:)?(?P<number>[0-9]+(?:\.[0-9]+)+)", re.IGNORECASE)


class ControlError(ValueError):
    """A control reference that is neither a Security Hub control ID nor a CIS recommendation."""


def is_control(ref: str) -> bool:
    """Whether a --select/--ignore reference names a control rather than a rule."""
    ref = ref.strip()
    return bool(_CIS.fullmatch(ref) or _SECURITY_HUB.fullmatch(ref) or _CONFIG.fullmatch(ref))


def canonical(ref: str) -> str:
    """``cloudtrail.7`` → ``CloudTrail.7``-style case is kept as written; ``CIS-v1.4.0:3.6`` → ``CIS-1.4:3.6``."""
    ref = ref.strip()
    cis = _CIS.fullmatch(ref)
    if cis:
        version = cis.group("version")
        return f"CIS-{version}:{cis.group('number')}" if version else f"CIS-{cis.group('number')}"
    if _SECURITY_HUB.fullmatch(ref):
        return ref
    config = _CONFIG.fullmatch(ref)
    if config:
        name = config.group("name")
        return f"Config:{_CONFIG_IDENTIFIERS.get(name.upper(), name.lower().replace('_', '-'))}"
    raise ControlError(f"{ref!r} is not a control: write a Security Hub control ID (CloudTrail.7), a CIS "
                       f"recommendation (CIS-3.7, CIS-1.4:3.7) or an AWS Config rule (Config:cloudtrail-enabled)")


def covers(controls: tuple[str, ...], ref: str) -> bool:
    """Whether a rule with these controls covers the control reference (case-insensitive)."""
    wanted = canonical(ref).lower()
    for control in controls:
        mine = control.lower()
        if mine == wanted:
            return True
        # CIS-3.7 (no version) is recommendation 3.7 of any version
        if wanted.startswith("cis-") and ":" not in wanted and mine.startswith("cis-") \
                and mine.split(":", 1)[-1] == wanted[4:]:
            return True
    return False


def framework(control: str) -> str:
    upper = control.upper()
    return "CIS" if upper.startswith("CIS-") else "AWS Config" if upper.startswith("CONFIG:") else "Security Hub"


def validate(controls: tuple[str, ...]) -> None:
    """Every control a rule lists is canonical and, for CIS, of a version the map knows."""
    for control in controls:
        if canonical(control) != control:
            raise ControlError(f"{control!r} is not written canonically ({canonical(control)!r})")
        if framework(control) == "CIS" and control[4:].split(":")[0] not in CIS_VERSIONS:
            raise ControlError(f"{control!r}: CIS controls name a benchmark version ({', '.join(CIS_VERSIONS)})")


# --- The map: every control trail-lint knows, what it asks, and what an offline check can decide ----
# Sources: Security Hub CSPM "controls for AWS CloudTrail", "controls for Amazon CloudWatch", "controls for AWS KMS" and
# "controls for Amazon S3" pages (Related
# requirements); CIS AWS Foundations Benchmark v1.4.0, v3.0.0 and v5.0.0 recommendation titles.

_OBJECTS = ("opt-in (data events cost money); decided where the inputs show every trail of the account, "
            "otherwise TL002")
_ALARM = ("decided when the trail's log group or a metric filter on it is in the inputs; whether the alarm's "
          "action reaches a subscriber needs live data")


_ONE_TRAIL = ("trail-lint reports each trail that lacks a practice, where the Config rule is COMPLIANT when any "
              "one trail has them all")
_LOG_BUCKET = "for the trails' log buckets only, not every bucket of the account"
# AWS Config managed rules (https://docs.aws.amazon.com/config/latest/developerguide/NAME.html): name, what the
# rule checks, and what trail-lint decides of it. A rule no trail-lint rule covers is listed with what is left out.
CONFIG_RULES: tuple[tuple[str, str, str], ...] = (
    ("cloudtrail-enabled", "a trail is enabled in the account",
     ("as CloudTrail.3; the optional s3BucketName, snsTopicArn and cloudWatchLogsLogGroupArn parameters are not "
     "checked")),
    ("multi-region-cloudtrail-enabled",
     "a multi-Region trail that is logging, with read and write management events and no excluded event sources",
     ("as CloudTrail.1 (which runs it); its optional parameters (bucket, topic, log group, readWriteType) are not "
     "checked")),
    ("cloudtrail-security-trail-enabled",
     ("one trail records global service events, is multi-Region, validates log files, is encrypted with KMS, "
     "records read and write management events and excludes none"),
     "each practice is decided offline (multi-Region coverage as CloudTrail.1); " + _ONE_TRAIL),
    ("cloud-trail-cloud-watch-logs-enabled", "trails name a CloudWatch Logs log group",
     "as CloudTrail.5; the optional expectedDeliveryWindowAge (a delivery in the last hours) needs live data"),
    ("cloud-trail-encryption-enabled", "trails name a KMS key (KmsKeyId)", "decided offline"),
    ("cloud-trail-log-file-validation-enabled", "trails validate log files", "decided offline"),
    ("cloudtrail-s3-dataevents-enabled", "a trail records S3 data events for every bucket",
     ("opt-in; trail-lint asks for a multi-Region trail that records read and write events, more than the Config "
     "rule (any trail, any S3 data events); the optional S3BucketNames list is not checked")),
    ("cloudtrail-all-read-s3-data-event-check", "a multi-Region trail records every read S3 data event",
     _OBJECTS + "; TL315 says which of read and write events no trail records"),
    ("cloudtrail-all-write-s3-data-event-check", "a multi-Region trail records every write S3 data event",
     _OBJECTS + "; TL315 says which of read and write events no trail records"),
    ("cloudtrail-s3-bucket-access-logging", "the trails' log buckets have server access logging", "as CloudTrail.7"),
    ("cloudtrail-s3-bucket-public-access-prohibited", "no trail's log bucket is publicly accessible",
     "as CloudTrail.6"),
    ("s3-bucket-public-read-prohibited", "buckets allow no public read (Block Public Access, policy, ACL)",
     "as CloudTrail.6, " + _LOG_BUCKET + "; TL307 judges read and write access alike"),
    ("s3-bucket-public-write-prohibited", "buckets allow no public write (Block Public Access, policy, ACL)",
     "as CloudTrail.6, " + _LOG_BUCKET + "; TL307 judges read and write access alike"),
    ("s3-bucket-level-public-access-prohibited", "buckets' own Block Public Access settings are not public",
     _LOG_BUCKET + "; TL312 counts an account-level block in the inputs too, which the Config rule does not"),
    ("s3-bucket-logging-enabled", "buckets have server access logging", "as CloudTrail.7, " + _LOG_BUCKET),
    ("s3-bucket-versioning-enabled", "buckets are versioned",
     _LOG_BUCKET + "; TL311 also asks for MFA delete or Object Lock, which the Config rule checks only when "
     "isMfaDeleteEnabled is set"),
    ("s3-lifecycle-policy-check", "buckets have S3 Lifecycle rules",
     _LOG_BUCKET + "; the optional expiration and transition parameters are not checked"),
    ("s3-account-level-public-access-blocks", "the account-level Block Public Access settings are on",
     "not covered: TL312 reads an account-level block in the inputs only for what it does to a log bucket"),
    ("s3-bucket-ssl-requests-only", "bucket policies deny requests without TLS",
     "not covered: CloudTrail delivers over TLS; TL207 checks that such a Deny leaves delivery open"),
    ("cmk-backing-key-rotation-enabled", "automatic rotation of customer managed KMS keys",
     "not covered: a key setting, not a trail one"),
)


@record
class Control:
    id: str
    title: str
    offline: str          # what trail-lint decides from configuration, and what needs live data


CATALOG: tuple[Control, ...] = (
    Control("CloudTrail.1", "at least one multi-Region trail that records read and write management events",
            "decided from describe-trails output (or with `regions` configured): coverage, selectors, "
            "multi-Region; whether it is logging needs get-trail-status"),
    Control("CloudTrail.2", "CloudTrail should have encryption at rest enabled", "decided offline (KMS key set)"),
    Control("CloudTrail.3", "at least one trail should be enabled",
            "decided where the inputs show every trail of a Region; logging state needs get-trail-status"),
    Control("CloudTrail.4", "log file validation should be enabled", "decided offline"),
    Control("CloudTrail.5", "trails should be integrated with CloudWatch Logs",
            "the log group and role are decided offline; Security Hub also asks for a delivery in the last "
            "24 hours, which needs live data (TL313 reports a failing delivery from get-trail-status)"),
    Control("CloudTrail.6", "the S3 bucket that stores the logs is not publicly accessible",
            "decided when the bucket, its policy and ACL, and its Block Public Access settings are in the "
            "inputs (a bucket they create has S3's default settings); otherwise TL002"),
    Control("CloudTrail.7", "S3 bucket access logging on the CloudTrail S3 bucket",
            "decided when the bucket is in the inputs; otherwise TL002"),
    Control("CloudTrail.9", "CloudTrail trails should be tagged", "not covered: a tagging policy, not a trail setting"),
    Control("CloudTrail.10", "CloudTrail Lake event data stores encrypted with a customer managed key",
            "out of scope: trail-lint reads trails, not event data stores"),
    Control("CloudWatch.5", "a log metric filter and alarm exist for CloudTrail configuration changes",
            "as CIS 1.4 4.5, whose audit steps Security Hub CSPM runs: " + _ALARM + "; trail-lint reads the "
            "filter pattern for what it selects, where Security Hub compares it with the CIS pattern"),
    Control("KMS.5", "KMS keys should not be publicly accessible (the trail's KMS key)",
            "decided when the key and its key policy are in the inputs"),
    *(Control(f"Config:{name}", title, note) for name, title, note in CONFIG_RULES),
    *(Control(f"CIS-{v}:{n}", title, note) for v, n, title, note in (
        ("1.4", "2.1.3", "MFA Delete is enabled on S3 buckets (the log bucket)", "decided when the bucket is in the inputs"),
        ("3.0", "2.1.2", "MFA Delete is enabled on S3 buckets (the log bucket)", "decided when the bucket is in the inputs"),
        ("5.0", "2.1.2", "MFA Delete is enabled on S3 buckets (the log bucket)", "decided when the bucket is in the inputs"),
        ("1.4", "2.1.5", "S3 buckets are configured with Block Public Access (the log bucket)",
         "decided offline with the bucket-level settings and a Terraform account-level block in the inputs"),
        ("3.0", "2.1.4", "S3 is configured with Block Public Access (the log bucket)",
         "decided offline with the bucket-level settings and a Terraform account-level block in the inputs"),
        ("5.0", "2.1.4", "S3 is configured with Block Public Access (the log bucket)",
         "decided offline with the bucket-level settings and a Terraform account-level block in the inputs"),
        ("1.4", "3.1", "CloudTrail is enabled in all Regions", "as CloudTrail.1"),
        ("3.0", "3.1", "CloudTrail is enabled in all Regions", "as CloudTrail.1"),
        ("5.0", "3.1", "CloudTrail is enabled in all Regions", "as CloudTrail.1"),
        ("1.4", "3.2", "CloudTrail log file validation is enabled", "decided offline"),
        ("3.0", "3.2", "CloudTrail log file validation is enabled", "decided offline"),
        ("5.0", "3.2", "CloudTrail log file validation is enabled", "decided offline"),
        ("1.4", "3.3", "the S3 bucket used to store CloudTrail logs is not publicly accessible", "as CloudTrail.6"),
        ("1.4", "3.4", "CloudTrail trails are integrated with CloudWatch Logs", "as CloudTrail.5"),
        ("1.4", "3.6", "S3 bucket access logging is enabled on the CloudTrail S3 bucket", "as CloudTrail.7"),
        ("3.0", "3.4", "S3 bucket access logging is enabled on the CloudTrail S3 bucket", "as CloudTrail.7"),
        ("5.0", "3.4", "server access logging is enabled on the CloudTrail S3 bucket", "as CloudTrail.7"),
        ("1.4", "3.7", "CloudTrail logs are encrypted at rest using KMS CMKs", "decided offline"),
        ("3.0", "3.5", "CloudTrail logs are encrypted at rest using KMS CMKs", "decided offline"),
        ("5.0", "3.5", "CloudTrail logs are encrypted at rest using KMS CMKs", "decided offline"),
        ("1.4", "3.10", "object-level logging for write events is enabled for S3 buckets", _OBJECTS),
        ("1.4", "3.11", "object-level logging for read events is enabled for S3 buckets", _OBJECTS),
        ("3.0", "3.8", "object-level logging for write events is enabled for S3 buckets", _OBJECTS),
        ("3.0", "3.9", "object-level logging for read events is enabled for S3 buckets", _OBJECTS),
        ("5.0", "3.8", "object-level logging for write events is enabled for S3 buckets", _OBJECTS),
        ("5.0", "3.9", "object-level logging for read events is enabled for S3 buckets", _OBJECTS),
        ("1.4", "4.5", "a log metric filter and alarm exist for CloudTrail configuration changes", _ALARM),
        ("3.0", "4.5", "CloudTrail configuration changes are monitored", _ALARM),
        ("5.0", "4.5", "CloudTrail configuration changes are monitored", _ALARM),
    )),
)
