"""AWS CLI output: describe-trails, get-trail, create-trail and update-trail responses,
get-event-selectors, get-insight-selectors, get-trail-status, list-tags.

The files say nothing about the account or Region they were taken in; the ARNs and the
single-Region trails' HomeRegion do (docs: cloudtrail-facts.md §6), and so does a file's place
in a snapshot directory (``Supplied.place``: the Region of a listing, the trail a
get-trail-status output describes). Recorded boto3 responses (placebo:
``{"status_code": 200, "data": {...}}``) are unwrapped first.
"""
from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from trail_lint.model import (
    UNKNOWN,
    AdvancedSelector,
    Alarm,
    At,
    Cause,
    DataResource,
    DeliveryError,
    EventSelector,
    Existence,
    FieldSelector,
    InputKind,
    Insight,
    Metric,
    MetricFilter,
    Origin,
    Path,
    Problem,
    SelectorSet,
    Snapshot,
    Tag,
    Trail,
    TrailStatus,
    TrailTags,
    Unknown,
)
from trail_lint.normalise import Contents, MalformedInput, Supplied
from trail_lint.scope.arns import account_from_arn, name_from_trail_arn, region_from_arn
from trail_lint.scope.names import is_account_id, is_region_name

if TYPE_CHECKING:
    from trail_lint.snapshot import Place

KIND = InputKind.AWS_CLI

TRAIL_KEYS = {
    "name": "Name", "region": "HomeRegion", "arn": "TrailARN", "multi_region": "IsMultiRegionTrail",
    "organization": "IsOrganizationTrail", "include_global_events": "IncludeGlobalServiceEvents",
    "log_file_validation": "LogFileValidationEnabled", "kms_key_id": "KmsKeyId",
    "s3_bucket": "S3BucketName", "s3_key_prefix": "S3KeyPrefix", "sns_topic": "SnsTopicARN",
    "cloudwatch_logs_group_arn": "CloudWatchLogsLogGroupArn",
    "cloudwatch_logs_role_arn": "CloudWatchLogsRoleArn",
    "event_selectors": "HasCustomEventSelectors", "advanced_selectors": "HasCustomEventSelectors",
    "insights": "HasInsightSelectors",
}
# A create-trail or update-trail response: the trail's settings as the request left them, without
# HomeRegion (its TrailARN names it), HasCustomEventSelectors or HasInsightSelectors, which it does
# not give: its key table has no key for them, and they are not known (not the listing's defaults).
# https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html#API_CreateTrail_ResponseSyntax
# https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html#API_UpdateTrail_ResponseSyntax
RESPONSE_KEYS = {field: key for field, key in TRAIL_KEYS.items()
                 if key not in ("HomeRegion", "HasCustomEventSelectors", "HasInsightSelectors")}
# (SnsTopicName: deprecated beside SnsTopicARN; ResponseMetadata: a recorded boto3 response keeps it)
_RESPONSE = frozenset(RESPONSE_KEYS.values()) | {"SnsTopicName", "ResponseMetadata"}
# get-trail-status keys of the latest delivery errors (API GetTrailStatus).
DELIVERY_ERROR_KEYS = ("LatestDeliveryError", "LatestDigestDeliveryError", "LatestCloudWatchLogsDeliveryError",
                       "LatestNotificationError")

# Field names of basic and advanced selectors, as the API (and CloudFormation) spell them.
FIELD_OPERATOR_KEYS = {"Equals": "equals", "StartsWith": "starts_with", "EndsWith": "ends_with",
                       "NotEquals": "not_equals", "NotStartsWith": "not_starts_with",
                       "NotEndsWith": "not_ends_with"}
STATUS_KEYS = {"logging": "IsLogging"}
# get-event-selectors and get-insight-selectors output: where the selectors they give a trail sit
SELECTOR_SET_KEYS = {"event_selectors": "EventSelectors", "advanced_selectors": "AdvancedEventSelectors",
                     "insights": "InsightSelectors"}
EVENT_SELECTOR_KEYS = {"read_write": "ReadWriteType", "management": "IncludeManagementEvents",
                       "exclude_management_sources": "ExcludeManagementEventSources",
                       "data_resources": "DataResources", "values": "Values"}
ADVANCED_SELECTOR_KEYS = {"fields": "FieldSelectors", "name": "Name"}
# The flags DescribeTrails gives for every trail (every real response kept, 2016 ones included,
# carries them), by model field: one absent is a trimmed or edited copy, not the API's default, so
# its value is not known (one TL002 per file, ``_absent``). IsOrganizationTrail,
# HasCustomEventSelectors and HasInsightSelectors are not among them: responses recorded before
# organization trails (2018), event selectors (2016) and Insights (2019) existed leave them out,
# and then no trail could have them: absent is false.
# https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Trail.html
# https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DescribeTrails.html
ALWAYS_GIVEN = {"multi_region": "IsMultiRegionTrail", "include_global_events": "IncludeGlobalServiceEvents",
                "log_file_validation": "LogFileValidationEnabled"}
# The settings AWS gives only when they are set: absent from a trail of a trimmed or edited copy (one
# without a key of ALWAYS_GIVEN), they may as well have been cut, so they are not known either
# (a page's example output that keeps a few keys of each trail says nothing of its KMS key).
GIVEN_WHEN_SET = {"kms_key_id": "KmsKeyId", "cloudwatch_logs_group_arn": "CloudWatchLogsLogGroupArn",
                  "cloudwatch_logs_role_arn": "CloudWatchLogsRoleArn"}


def _unwrap(data: Any) -> tuple[Any, Path]:
    if isinstance(data, dict) and "data" in data and "status_code" in data and isinstance(data["data"], dict):
        return data["data"], ("data",)
    return data, ()


def detect(data: Any) -> bool:
    body, _ = _unwrap(data)
    if not isinstance(body, dict):
        return False
    if "trailList" in body or isinstance(body.get("Trail"), dict) or isinstance(body.get("ResourceTagList"), list):
        return True
    if _response(body):
        return True
    if "TrailARN" in body and ("EventSelectors" in body or "AdvancedEventSelectors" in body
                               or "InsightSelectors" in body):
        return True
    if isinstance(body.get("metricFilters"), list) or isinstance(body.get("MetricAlarms"), list):
        return True
    return "IsLogging" in body


def normalise(doc: Any, supplied: Supplied | None = None) -> Contents:
    body, base = _unwrap(doc.data)
    file = doc.file
    place = supplied.place if supplied else None
    if "trailList" in body:
        return _describe_trails(file, body, base, place)
    if "Trail" in body:
        return _describe_trails(file, {"trailList": [body["Trail"]]}, base, place, single=True)
    if "ResourceTagList" in body:
        return Contents(KIND, trail_tags=_tag_lists(file, body, base))
    if _response(body):
        trail, = _trimmed((_trail(file, body, base, RESPONSE_KEYS),), [body])
        return Contents(KIND, trails=(trail,), unknowns=_absent((trail,), [body], At(file, base), response=True))
    # get-event-selectors, get-insight-selectors and get-trail-status output of a snapshot: the
    # place names the trail when the output does not
    placed_arn = _shared(place.trail_arn) if place else None     # one copy for the trail's three outputs
    if "TrailARN" in body and ("EventSelectors" in body or "AdvancedEventSelectors" in body):
        origin = Origin(file, base, SELECTOR_SET_KEYS, kind=KIND, resource=str(body.get("TrailARN")))
        arn = _string(body.get("TrailARN"), file, base, "TrailARN") or placed_arn
        basic, advanced = parse_selectors(body, origin)
        return Contents(KIND, selector_sets=(SelectorSet(arn, basic, advanced, origin),))
    if "TrailARN" in body and "InsightSelectors" in body:
        return Contents(KIND, selector_sets=(_insight_selectors(file, body, base, placed_arn),))
    if "metricFilters" in body or "MetricAlarms" in body:
        return _monitoring(file, body, base)
    logging = body.get("IsLogging")
    if not isinstance(logging, bool):
        raise MalformedInput("IsLogging must be true or false", At(file, base + ("IsLogging",)))
    origin = Origin(file, base, STATUS_KEYS, kind=KIND)
    errors = tuple(DeliveryError(key, message, At(file, base + (key,))) for key in DELIVERY_ERROR_KEYS
                   if (message := _string(body.get(key), file, base, key)))
    return Contents(KIND, statuses=(TrailStatus(placed_arn, logging, origin, errors),))


def _describe_trails(file: str, body: Mapping[str, Any], base: Path, place: Place | None,
                     single: bool = False) -> Contents:
    items = body["trailList"]
    list_path = base + (("Trail",) if single else ("trailList",))
    if not isinstance(items, list):
        raise MalformedInput("trailList must be a list of trails", At(file, list_path))
    trails = _trimmed(tuple(_trail(file, item, list_path if single else list_path + (i,))
                            for i, item in enumerate(items)), items)
    unknowns = _regions_disagree(trails, items) if any(t.region is UNKNOWN for t in trails) else ()
    return Contents(KIND, trails=trails, snapshots=(_snapshot(file, trails, base, place),),
                    unknowns=unknowns + _absent(trails, items, At(file, list_path)))


def _response(body: Mapping[str, Any]) -> bool:
    """A create-trail or update-trail response: the trail's ARN and bucket, and no key of any other."""
    return "TrailARN" in body and "S3BucketName" in body and body.keys() <= _RESPONSE


def _trail(file: str, item: Any, path: Path, keys: Mapping[str, str] = TRAIL_KEYS) -> Trail:
    if not isinstance(item, dict):
        raise MalformedInput("a trail in trailList must be an object", At(file, path))

    # The place of a key is made only for a value that is wrong (a snapshot lists ~70,000 trails).
    # One copy of each text: a multi-Region trail is listed in every Region, an organization
    # trail in every account's listings too (17,000 times in a snapshot of 1,000 accounts).
    def text(key: str) -> str | None:
        value = item.get(key)
        return sys.intern(value) if value.__class__ is str and value else _string(value, file, path, key)

    def flag(key: str, default: bool | Unknown | None) -> Any:
        value = item.get(key)
        return default if value is None else value if value.__class__ is bool else _bool(
            value, file, path, key, default)

    arn = text("TrailARN")
    # The API gives both; a copy that keeps only the ARN (a test double, a trimmed report) still
    # names the trail, as its Region is taken from the ARN when HomeRegion is left out.
    name = text("Name") or name_from_trail_arn(arn)
    if name is None:
        raise MalformedInput("trail has no Name", At(file, path))
    # HasCustomEventSelectors: selectors are not in describe-trails output; only their presence is.
    # Without custom selectors a trail records every read and write management event and no data
    # events (API PutEventSelectors). Responses from before event selectors existed (2016) have no
    # flag, and no selectors could be set then. Custom ones are in get-event-selectors output, which
    # the inventory joins; until then they are not known (selectors.undecided.selectors_not_given).
    # A create-trail or update-trail response gives neither flag: its selectors are not known.
    listed = keys is TRAIL_KEYS
    custom = flag("HasCustomEventSelectors", False) if listed else UNKNOWN
    basic: tuple[EventSelector, ...] | Unknown = () if custom is False else UNKNOWN
    advanced: tuple[AdvancedSelector, ...] | Unknown = () if custom is False else UNKNOWN
    insights = flag("HasInsightSelectors", False) if listed else UNKNOWN
    # An ARN whose account is no account ID (a redacted copy: "<account-id>", "XXXXXXXXXXXX") does not
    # say which account the trail is in, as an output without TrailARN does not.
    account = account_from_arn(arn)
    return Trail(
        name=name,
        account=_shared(account) if is_account_id(account) else None,
        region=_home_region(text("HomeRegion"), arn, file, path),
        arn=arn,
        multi_region=flag("IsMultiRegionTrail", UNKNOWN),
        organization=flag("IsOrganizationTrail", False),
        include_global_events=flag("IncludeGlobalServiceEvents", UNKNOWN),
        log_file_validation=flag("LogFileValidationEnabled", UNKNOWN),
        kms_key_id=text("KmsKeyId"),
        s3_bucket=text("S3BucketName"),
        s3_key_prefix=text("S3KeyPrefix"),
        sns_topic=text("SnsTopicARN") or text("SnsTopicName"),
        cloudwatch_logs_group_arn=text("CloudWatchLogsLogGroupArn"),
        cloudwatch_logs_role_arn=text("CloudWatchLogsRoleArn"),
        event_selectors=basic,
        advanced_selectors=advanced,
        insights=() if insights is False else UNKNOWN,
        # describe-trails and the responses give no tags: list-tags output does (inventory joins it)
        tags=UNKNOWN,
        existence=Existence.EXISTS,
        origin=Origin(file, path, keys, resource=arn or name, kind=KIND),
    )


def _home_region(given: str | None, arn: str | None, file: str, path: Path) -> str | None | Unknown:
    """The trail's home Region: HomeRegion, else the Region of its ARN. A listing shows each
    multi-Region trail in every Region (its shadow copies) with its home Region in both HomeRegion
    and the ARN: the listing's own Region may differ. Anything but a Region code ("US-EAST-1",
    "global") is not AWS's output (TL001). A HomeRegion that is not the Region of the TrailARN
    beside it (a copy edited by hand) leaves the home Region not known (``_disagreement``): which of
    the two is right, nothing in the input says. A code spelt right but of no Region in
    trail-lint's dated list (us-east-9) is taken, and TL225 warns of it.
    https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Trail.html
    https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DescribeTrails.html
    https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html"""
    if given is not None:
        if not is_region_name(given):
            raise MalformedInput(f"HomeRegion {given!r} is not a Region code such as us-east-1"[:200],
                                 _at(file, path, "HomeRegion"))
        return UNKNOWN if _disagreement(given, arn) else given
    in_arn = region_from_arn(arn)
    if in_arn is not None and not is_region_name(in_arn):
        raise MalformedInput(f"TrailARN names Region {in_arn!r}, which is not a Region code such as us-east-1"[:200],
                             _at(file, path, "TrailARN"))
    return _shared(in_arn)


def _disagreement(given: str | None, arn: str | None | Unknown) -> str:
    """Why a trail's home Region is not known when its HomeRegion and TrailARN disagree ("" when
    they do not): AWS gives the trail's home Region in both."""
    in_arn = region_from_arn(arn, "cloudtrail")
    if given is None or in_arn is None or in_arn == given:
        return ""
    return (f"its HomeRegion ({given}) is not the Region of its TrailARN ({in_arn}), and AWS gives a trail's home "
            "Region in both")


def _regions_disagree(trails: tuple[Trail, ...], items: list[Any]) -> tuple[Problem, ...]:
    """One TL002 per trail whose HomeRegion and TrailARN disagree: its Region checks (quota,
    coverage, cost) leave it out; everything else about it is still checked."""
    found = []
    for trail, item in zip(trails, items):
        if trail.region is UNKNOWN and (why := _disagreement(item.get("HomeRegion"), trail.arn)):
            found.append(Problem(f"home Region of trail {trail.label!r} is not known: {why}; Region checks "
                                 "(quota, coverage, cost) leave it out", at=trail.origin.of("region"),
                                 resource=trail.origin.resource or trail.label, subject="unknown:HomeRegion"))
    return tuple(found)


def _cut(item: Any) -> bool:
    """Whether a trail of an output is a trimmed or edited copy: it leaves out a flag of ALWAYS_GIVEN."""
    return isinstance(item, dict) and any(item.get(key) is None for key in ALWAYS_GIVEN.values())


def _trimmed(trails: tuple[Trail, ...], items: list[Any]) -> tuple[Trail, ...]:
    """The trails with the settings of GIVEN_WHEN_SET that a trimmed copy leaves out not known."""
    def known(value: str | None | Unknown) -> str | Unknown:
        return UNKNOWN if value is None else value

    return tuple(replace(trail, kms_key_id=known(trail.kms_key_id),
                         cloudwatch_logs_group_arn=known(trail.cloudwatch_logs_group_arn),
                         cloudwatch_logs_role_arn=known(trail.cloudwatch_logs_role_arn))
                 if _cut(item) else trail for trail, item in zip(trails, items))


def _absent(trails: tuple[Trail, ...], items: list[Any], listing: At, response: bool = False) -> tuple[Problem, ...]:
    """The flags of ALWAYS_GIVEN that trails of one output leave out (or give as null): each value
    is not known, and one cause, placed at the list, says them all once per file (unknowns.by_cause),
    naming the checks each leaves open (the rules' own undecided problems at the value's place); so
    are the settings of GIVEN_WHEN_SET such a trail leaves out (_trimmed)."""
    gaps = [(trail, field, key) for trail, item in zip(trails, items) if isinstance(item, dict)
            for field, key in ALWAYS_GIVEN.items() if item.get(key) is None]
    if not gaps:
        return ()
    cut = [(trail, field, key) for trail, item in zip(trails, items) if _cut(item)
           for field, key in GIVEN_WHEN_SET.items() if item.get(key) in (None, "")]
    keys = " and ".join(dict.fromkeys(sorted(key for _, _, key in gaps)))
    counted = len({id(trail) for trail, _, _ in gaps})
    output = "this create-trail or update-trail output" if response else \
        f"{counted} of the {len(trails)} trails of this describe-trails output"
    cause = Cause(f"{keys} absent from {output}, which AWS gives for every trail (a trimmed or edited copy)", listing)
    return tuple(Problem(f"{key} of trail {trail.label!r} is not known", trail.origin.of(field),
                         resource=trail.origin.resource or trail.label, subject=f"unknown:{key}", cause=cause)
                 for trail, field, key in gaps + cut)


def _tag_lists(file: str, body: Mapping[str, Any], base: Path) -> tuple[TrailTags, ...]:
    """`aws cloudtrail list-tags --resource-id-list ARN...` output: every tag of each trail it names
    (event data stores and channels, which it may name too, are no trails: left out).
    https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_ListTags.html
    https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_ResourceTag.html"""
    found = []
    for index, item in enumerate(_list(body.get("ResourceTagList"), file, base, "ResourceTagList")):
        path = base + ("ResourceTagList", index)
        if not isinstance(item, dict):
            raise MalformedInput("a resource tag must be an object", At(file, path))
        arn = _string(item.get("ResourceId"), file, path, "ResourceId")
        if arn is None or name_from_trail_arn(arn) is None:
            continue
        tags = []
        for number, tag in enumerate(_list(item.get("TagsList"), file, path, "TagsList")):
            tag_path = path + ("TagsList", number)
            key = tag.get("Key") if isinstance(tag, dict) else None
            value = tag.get("Value") if isinstance(tag, dict) else None
            if not isinstance(key, str) or not isinstance(value, (str, type(None))):
                raise MalformedInput("a tag must be an object with a Key and a Value, both strings", At(file, tag_path))
            tags.append(Tag(key, value, At(file, tag_path)))
        found.append(TrailTags(_shared(arn), tuple(tags), Origin(file, path, {"tags": "TagsList"}, kind=KIND,
                                                                    resource=arn)))
    return tuple(found)


def _insight_selectors(file: str, body: Mapping[str, Any], base: Path, placed_arn: str | None) -> SelectorSet:
    """`aws cloudtrail get-insight-selectors --trail-name ARN` output (EventCategories absent: Management).

    After `put-insight-selectors --insight-selectors '[]'` the output held one selector whose
    InsightType is "": no Insights type (user guide, "Managing trails with the AWS CLI", 2019-2021)."""
    origin = Origin(file, base, SELECTOR_SET_KEYS, kind=KIND, resource=str(body.get("TrailARN")))
    found = []
    for index, item in enumerate(_list(body.get("InsightSelectors"), file, base, "InsightSelectors")):
        path = base + ("InsightSelectors", index)
        if not isinstance(item, dict):
            raise MalformedInput("an insight selector must be an object", At(file, path))
        if item.get("InsightType") == "" and not item.get("EventCategories"):
            continue        # the empty selector of a trail whose Insights were turned off
        categories = _texts(_list(item.get("EventCategories"), file, path, "EventCategories"))
        found.append(Insight(_string(item.get("InsightType"), file, path, "InsightType") or UNKNOWN,
                             categories or ("Management",), At(file, path)))
    return SelectorSet(_string(body.get("TrailARN"), file, base, "TrailARN") or placed_arn, None, None, origin,
                       insights=tuple(found))


def _monitoring(file: str, body: Mapping[str, Any], base: Path) -> Contents:
    """`aws logs describe-metric-filters` and `aws cloudwatch describe-alarms` output."""
    filters, alarms = [], []
    for index, item in enumerate(_list(body.get("metricFilters"), file, base, "metricFilters")):
        path = base + ("metricFilters", index)
        if not isinstance(item, dict):
            raise MalformedInput("a metric filter must be an object", At(file, path))
        metrics = tuple(Metric(_string(m.get("metricNamespace"), file, path) or UNKNOWN,
                               _string(m.get("metricName"), file, path) or UNKNOWN)
                        for m in _list(item.get("metricTransformations"), file, path, "metricTransformations")
                        if isinstance(m, dict))
        pattern = item.get("filterPattern")
        filters.append(MetricFilter(
            name=_string(item.get("filterName"), file, path, "filterName") or UNKNOWN,
            log_group=_string(item.get("logGroupName"), file, path, "logGroupName") or UNKNOWN,
            pattern=pattern if isinstance(pattern, str) else "",
            metrics=metrics, origin=Origin(file, path, {"name": "filterName", "log_group": "logGroupName",
                                                        "pattern": "filterPattern"}, kind=KIND)))
    for index, item in enumerate(_list(body.get("MetricAlarms"), file, base, "MetricAlarms")):
        path = base + ("MetricAlarms", index)
        if not isinstance(item, dict):
            raise MalformedInput("a metric alarm must be an object", At(file, path))
        single = _string(item.get("MetricName"), file, path, "MetricName")
        stats = [q.get("MetricStat", {}).get("Metric", {}) for q in _list(item.get("Metrics"), file, path)
                 if isinstance(q, dict) and isinstance(q.get("MetricStat"), dict)]
        watched = [(item.get("Namespace"), single)] if single else [(m.get("Namespace"), m.get("MetricName"))
                                                                    for m in stats if isinstance(m, dict)]
        alarms.append(Alarm(
            name=_string(item.get("AlarmName"), file, path, "AlarmName") or UNKNOWN,
            metrics=tuple(Metric(n if isinstance(n, str) else UNKNOWN, m if isinstance(m, str) else UNKNOWN)
                          for n, m in watched),
            origin=Origin(file, path, {"name": "AlarmName", "metrics": "MetricName"}, kind=KIND),
            # describe-alarms lists AlarmActions, empty when there is none; output without it does not say
            notifies=bool(item["AlarmActions"]) if isinstance(item.get("AlarmActions"), list) else UNKNOWN))
    return Contents(KIND, metric_filters=tuple(filters), alarms=tuple(alarms))


def _snapshot(file: str, trails: tuple[Trail, ...], base: Path, place: Place | None) -> Snapshot:
    """The Region and account a describe-trails file was taken in: where its place in a snapshot
    says, else where the trails tell."""
    region = place.region if place else None
    if not region:
        # Single-Region trails are listed only in their own Region; multi-Region ones appear everywhere.
        homes = {t.region for t in trails if t.multi_region is False and isinstance(t.region, str)}
        region = homes.pop() if len(homes) == 1 else None
    account = place.account if place else None
    if not account:
        accounts = Counter(t.account for t in trails if isinstance(t.account, str) and t.organization is not True)
        account = accounts.most_common(1)[0][0] if accounts else None
    return Snapshot(region, account, Origin(file, base, kind=KIND), trail_count=len(trails))


def parse_selectors(body: Mapping[str, Any], origin: Origin
                    ) -> tuple[tuple[EventSelector, ...], tuple[AdvancedSelector, ...]]:
    """EventSelectors / AdvancedEventSelectors in the API's spelling (also CloudFormation's)."""
    file, base = origin.file, origin.path
    basic = _list(body.get("EventSelectors"), file, base, "EventSelectors")
    advanced = _list(body.get("AdvancedEventSelectors"), file, base, "AdvancedEventSelectors")
    return (tuple(_basic(file, s, base + ("EventSelectors", i)) for i, s in enumerate(basic)),
            tuple(_advanced(file, s, base + ("AdvancedEventSelectors", i)) for i, s in enumerate(advanced)))


def _basic(file: str, item: Any, path: Path) -> EventSelector:
    if not isinstance(item, dict):
        raise MalformedInput("an event selector must be an object", At(file, path))
    resources = []
    for i, resource in enumerate(_list(item.get("DataResources"), file, path, "DataResources")):
        rpath = path + ("DataResources", i)
        if not isinstance(resource, dict):
            raise MalformedInput("a data resource must be an object", At(file, rpath))
        values = _list(resource.get("Values"), file, rpath, "Values")
        resources.append(DataResource(_shared(_string(resource.get("Type"), file, rpath, "Type")) or UNKNOWN,
                                      _texts(values)))
    sources = _list(item.get("ExcludeManagementEventSources"), file, path, "ExcludeManagementEventSources")
    return EventSelector(
        read_write=_shared(_string(item.get("ReadWriteType"), file, path, "ReadWriteType")) or "All",
        management=_bool(item.get("IncludeManagementEvents"), file, path, "IncludeManagementEvents", True),
        exclude_management_sources=_texts(sources),
        data_resources=tuple(resources),
        origin=Origin(file, path, EVENT_SELECTOR_KEYS, kind=KIND),
    )


def _advanced(file: str, item: Any, path: Path) -> AdvancedSelector:
    if not isinstance(item, dict):
        raise MalformedInput("an advanced event selector must be an object", At(file, path))
    fields = []
    for i, selector in enumerate(_list(item.get("FieldSelectors"), file, path, "FieldSelectors")):
        fpath = path + ("FieldSelectors", i)
        if not isinstance(selector, dict):
            raise MalformedInput("a field selector must be an object", At(file, fpath))
        # most field selectors use one operator: the others are () without reading them
        operators = {attr: () if selector.get(key) is None else _texts(_list(selector[key], file, fpath, key))
                     for key, attr in FIELD_OPERATOR_KEYS.items()}
        extra = tuple(sorted(k for k in selector if k not in FIELD_OPERATOR_KEYS and k != "Field"))
        empty = tuple(key for key in FIELD_OPERATOR_KEYS if selector.get(key) == [])
        fields.append(FieldSelector(field=_shared(_string(selector.get("Field"), file, fpath, "Field")) or UNKNOWN,
                                    extra_keys=extra, empty=empty, **operators))
    return AdvancedSelector(name=_string(item.get("Name"), file, path, "Name"), fields=tuple(fields),
                            origin=Origin(file, path, ADVANCED_SELECTOR_KEYS, kind=KIND))


# The value at ``path + (key,)`` of ``file`` (``key`` None: at ``path``); its place is made only
# for a value that is wrong (a snapshot holds ~100,000 outputs).

def _string(value: Any, file: str, path: Path, key: str | None = None) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise MalformedInput(f"expected a string, got {type(value).__name__}", _at(file, path, key))
    return value


def _texts(values: list[Any]) -> tuple[str, ...]:
    return tuple([_shared(value) if value.__class__ is str else str(value) for value in values])


def _shared(text: Any) -> Any:
    """One copy of a text however many outputs repeat it (names, ARNs, selector fields: a snapshot
    repeats most of them thousands of times); sys.intern takes only plain str."""
    return sys.intern(text) if text.__class__ is str else text


def _bool(value: Any, file: str, path: Path, key: str, default: bool | Unknown | None) -> Any:
    if value is None:
        return default
    if not isinstance(value, bool):
        raise MalformedInput(f"expected true or false, got {value!r}"[:200], _at(file, path, key))
    return value


def _list(value: Any, file: str, path: Path, key: str | None = None) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise MalformedInput(f"expected a list, got {type(value).__name__}", _at(file, path, key))
    return value


def _at(file: str, path: Path, key: str | None) -> At:
    return At(file, path if key is None else path + (key,))
