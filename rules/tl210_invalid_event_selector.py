"""An event or Insights selector uses a value, field or operator that CloudTrail rejects.

## Why it matters
CloudTrail rejects the whole request with `InvalidEventSelectorsException` (or, for Insights
selectors, `InvalidInsightSelectorsException`), so the trail keeps its old selectors (or the
deployment fails). trail-lint reports:

- wildcards in basic data resource values: `arn:aws:s3:::*` is rejected; log every resource
  of a type with `arn:aws:s3`, `arn:aws:lambda` or `arn:aws:dynamodb`. A `*` written beside a
  value not known offline (`"arn:aws:s3:::${var.project}-*"`) is one whatever that value is;
- basic data resource values that are no ARN or ARN prefix of their type (`Values` takes "ARN
  strings or partial ARN strings for the specified resource type"), and an S3 bucket's own ARN
  (`arn:aws:s3:::my-bucket`, rejected with "Value ... for DataResources.Values is invalid"): a
  bucket's objects are `arn:aws:s3:::my-bucket/`. So is a value made of a bucket's name and a path
  (`!Sub '${Bucket}/*'`, `"${aws_s3_bucket.b.id}/"`): a bucket name holds no `:`, so whatever
  name the bucket is given, the value is no ARN; and a bucket's own ARN given by reference
  (`!GetAtt Bucket.Arn`, `aws_s3_bucket.b.arn`): a bucket name holds no `/`, so whatever the name,
  it is the bucket's ARN (`!Sub '${Bucket.Arn}/'` is its objects);
- a basic selector with `IncludeManagementEvents: false` and no data resources ("When
  includeManagementEvents is false, DataResources must not be empty": the CloudFormation
  EventSelector page marks `DataResources` required on that condition);
- basic data resource types other than `AWS::S3::Object`, `AWS::Lambda::Function` and
  `AWS::DynamoDB::Table` (other types need advanced selectors);
- a `ReadWriteType` other than `All`, `ReadOnly` or `WriteOnly`;
- `ExcludeManagementEventSources` values other than `kms.amazonaws.com` and `rdsdata.amazonaws.com`;
- advanced selector fields CloudTrail does not know, operators it does not know, an operator
  other than `Equals` on `eventCategory`, `readOnly` or `resources.type` (and, on network activity
  events, on `eventSource` and `errorCode`), more than one event source in the `eventSource`
  condition of a network activity selector ("you must create a separate field selector for each
  event source"), an operator given an empty list (`StartsWith: []`: each
  operator takes 1 or more values), and `*` in values (advanced selectors do not support
  wildcards; use `StartsWith` or `EndsWith`);
- `Equals` or `NotEquals` values on `resources.ARN` that are no whole ARN of the selector's
  `resources.type` ("the value must exactly match the ARN of a valid resource of the type"),
  checked for `AWS::S3::Object` (`arn:aws:s3:::BUCKET/OBJECT_PATH`: a bucket's own ARN matches no
  object, also where a reference gives it; use `StartsWith` `arn:aws:s3:::BUCKET/` for all its
  objects), `AWS::Lambda::Function`
  (`arn:aws:lambda:REGION:ACCOUNT:function:NAME`) and `AWS::DynamoDB::Table`
  (`arn:aws:dynamodb:REGION:ACCOUNT:table/NAME`);
- advanced selectors without the required `eventCategory` field, data-event selectors
  without the required `resources.type` field or with more than one (one selector per type),
  and network activity selectors without the required `eventSource` field;
- values the API Reference does not document: an `eventCategory` other than `Management`,
  `Data` or `NetworkActivity` (`Managment` is rejected; `Insight`, `ConfigurationItem`,
  `Evidence` and `ActivityAuditLog` are for event data stores only), a `readOnly` other than
  `true` or `false`, a `resources.type` that is not a documented data event type, and, on
  management events, an `eventSource` condition other than `NotEquals` `kms.amazonaws.com` or
  `rdsdata.amazonaws.com`;
- fields the selector's `eventCategory` does not support on a trail (the AdvancedEventSelector
  page): management events take only `eventCategory`, `eventSource` and `readOnly`
  (`eventName`, `eventType`, `sessionCredentialFromConsole` and `userIdentity.arn` filter
  management events of event data stores only); network activity events take `eventCategory`,
  `eventSource`, `eventName`, `errorCode`, `vpcEndpointId` and `userIdentity.arn`, and
  `errorCode` only with the value `VpceAccessDenied`;
- values longer than the API shapes allow: a selector `Name` over 1000 characters, a field
  value that is empty or over 2048 characters;
- Insights selectors with an `InsightType` other than `ApiCallRateInsight` or
  `ApiErrorRateInsight`, or `EventCategories` other than `Management` or `Data`;
- aggregation configurations (CloudFormation `AggregationConfigurations`) whose `EventCategory`
  is not `Data` (the only value allowed), or whose `Templates` are missing, more than 50, or
  other than `API_ACTIVITY`, `RESOURCE_ACCESS` and `USER_ACTIONS`.

Terraform selector blocks written beside a `dynamic` block over a value not known offline are
checked each as written; so are field selectors written beside a `dynamic "field_selector"`, for
what is wrong with each alone (its field, operators, wildcards and lengths).

The documented values ship as dated data (`trail_lint/data/selector-values.json`, with its
sources). CloudTrail adds data event types often: a `resources.type` missing from that list
is reported as not documented on the list's date, so a type newer than the list can be a
false finding until the list is refreshed.

Data events take every field the API Reference lists: its AdvancedFieldSelector page lists
`eventSource`, `eventType`, `sessionCredentialFromConsole` and `userIdentity.arn` for data
events without saying they are for event data stores only, so they are not reported.

## Fix
Terraform: `values = ["arn:aws:s3"]` instead of `["arn:aws:s3:::*"]`; in an
`advanced_event_selector`, `starts_with = ["arn:aws:s3:::my-bucket/"]` instead of a `*`.
CloudFormation: the same values in `EventSelectors[].DataResources[].Values` or
`AdvancedEventSelectors[].FieldSelectors[]`.
CLI: `aws cloudtrail put-event-selectors --trail-name NAME --advanced-event-selectors file://selectors.json`.
Aggregation: CloudFormation `AggregationConfigurations: [{EventCategory: Data, Templates:
[API_ACTIVITY]}]`; CLI `aws cloudtrail put-event-configuration --trail-name NAME
--aggregation-configurations '[{"EventCategory":"Data","Templates":["API_ACTIVITY"]}]'`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DataResource.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudtrail-trail-eventselector.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedEventSelector.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_InsightSelector.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudtrail-trail-aggregationconfiguration.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AggregationConfiguration.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-network-events-with-cloudtrail.html
"""
import re
from collections.abc import Iterator
from fnmatch import fnmatchcase
from functools import lru_cache

from trail_lint.delivery_match import as_shown, matches
from trail_lint.model import (
    FIELD_OPERATORS,
    At,
    EventSelector,
    FieldSelector,
    Problem,
    Text,
    Trail,
    Unknown,
    selector_value_key,
)
from trail_lint.problems import setting_subject, trail_problem
from trail_lint.rule import Rule, Severity
from trail_lint.selectors.accepted import EXCLUDABLE_SOURCES, field_values
from trail_lint.selectors.recording import known_selectors

BASIC_TYPES = ("AWS::S3::Object", "AWS::Lambda::Function", "AWS::DynamoDB::Table")
# DataResource.Values: "ARN strings or partial ARN strings for the specified resource type": every
# resource of the type (arn:aws:s3, arn:aws:lambda, arn:aws:dynamodb; arn:aws:s3::: in older pages),
# or ARNs and ARN prefixes of the type. An S3 value names objects: a bucket's are
# arn:aws:s3:::BUCKET/ ("the bucket and an empty object prefix"); the bucket's own ARN is rejected.
_PARTITION = r"arn:aws(?:-[a-z]+)*"
BASIC_VALUES = {
    "AWS::S3::Object": re.compile(rf"{_PARTITION}:s3(?::::)?|{_PARTITION}:s3:::[^/]+/.*", re.DOTALL),
    "AWS::Lambda::Function": re.compile(rf"{_PARTITION}:lambda(?::.*)?", re.DOTALL),
    "AWS::DynamoDB::Table": re.compile(rf"{_PARTITION}:dynamodb(?::.*)?", re.DOTALL),
}
# AdvancedFieldSelector, resources.ARN: "if you use Equals or NotEquals, the value must exactly match
# the ARN of a valid resource of the type you've specified ... as the value of resources.type", for
# AWS::S3::Object arn:<partition>:s3:::<bucket_name>/ or .../<object_path>/, for AWS::Lambda::Function
# arn:<partition>:lambda:<region>:<account_ID>:function:<function_name>, for AWS::DynamoDB::Table
# arn:<partition>:dynamodb:<region>:<account_ID>:table/<table_name>. Only these three are checked.
EXACT_ARNS = {
    "AWS::S3::Object": (re.compile(rf"{_PARTITION}:s3:::[^/]+/.*", re.DOTALL),
                        "arn:<partition>:s3:::<bucket_name>/<object_path>"),
    "AWS::Lambda::Function": (re.compile(rf"{_PARTITION}:lambda:[a-z0-9-]+:\d{{12}}:function:.+", re.DOTALL),
                              "arn:<partition>:lambda:<region>:<account_ID>:function:<function_name>"),
    "AWS::DynamoDB::Table": (re.compile(rf"{_PARTITION}:dynamodb:[a-z0-9-]+:\d{{12}}:table/[^/]+"),
                             "arn:<partition>:dynamodb:<region>:<account_ID>:table/<table_name>"),
}
READ_WRITE = ("All", "ReadOnly", "WriteOnly")
FIELDS = frozenset({"eventCategory", "eventSource", "eventName", "eventType", "readOnly", "resources.type",
                    "resources.ARN", "sessionCredentialFromConsole", "userIdentity.arn", "errorCode",
                    "vpcEndpointId"})
EQUALS_ONLY = frozenset({"eventCategory", "readOnly", "resources.type"})
# Logging network activity events: eventSource and errorCode "can only use the Equals operator".
NETWORK_EQUALS_ONLY = frozenset({"eventSource", "errorCode"})
# AdvancedEventSelector: the fields a trail's selector may use for each eventCategory. Management
# events of trails take three; eventName, eventType, sessionCredentialFromConsole and
# userIdentity.arn filter management events of event data stores only.
CATEGORY_FIELDS = {
    "Management": frozenset({"eventCategory", "eventSource", "readOnly"}),
    "Data": FIELDS - {"errorCode", "vpcEndpointId"},
    "NetworkActivity": frozenset({"eventCategory", "eventSource", "eventName", "errorCode", "vpcEndpointId",
                                  "userIdentity.arn"}),
}
CATEGORY_WORDS = {"Management": "management", "Data": "data", "NetworkActivity": "network activity"}
STORE_MANAGEMENT_FIELDS = frozenset({"eventName", "eventType", "sessionCredentialFromConsole", "userIdentity.arn"})
NETWORK_ERROR_CODES = ("VpceAccessDenied",)
# API shape InsightSelector: the InsightType and EventCategories enums.
INSIGHT_TYPES = ("ApiCallRateInsight", "ApiErrorRateInsight")
INSIGHT_CATEGORIES = ("Management", "Data")
# API shape AggregationConfiguration: EventCategory and Templates enums, 1 to 50 templates.
AGGREGATION_CATEGORIES = ("Data",)
AGGREGATION_TEMPLATES = ("API_ACTIVITY", "RESOURCE_ACCESS", "USER_ACTIONS")
MAX_TEMPLATES = 50
# API shapes AdvancedEventSelector (Name) and AdvancedFieldSelector (Equals, StartsWith, ... items).
MAX_NAME = 1000
MAX_VALUE = 2048
API_OPERATORS = {"equals": "Equals", "starts_with": "StartsWith", "ends_with": "EndsWith", "not_equals": "NotEquals",
                 "not_starts_with": "NotStartsWith", "not_ends_with": "NotEndsWith"}


def check(trail: Trail) -> Iterator[Problem]:
    yield from _insights(trail)
    yield from _aggregations(trail)
    # each selector known to be the trail's, also where more not known offline may be beside it
    basic, advanced_selectors = known_selectors(trail)
    for number, selector in enumerate(basic):
        yield from _basic(trail, selector, number)
    for advanced in advanced_selectors:
        if advanced.origin is None:
            continue
        base = advanced.origin.of("fields")
        if isinstance(advanced.name, str) and len(advanced.name) > MAX_NAME:
            yield trail_problem(trail, f"advanced event selector of trail {trail.label!r} has a name of "
                                       f"{len(advanced.name)} characters; the limit is {MAX_NAME}",
                                advanced.origin.of("name"))
        if not isinstance(advanced.fields, tuple):
            # field selectors written beside a dynamic one: what is wrong with each whatever the others are
            for place, field in enumerate(advanced.known_fields):
                for key, message in _field_problems(field):
                    yield _said(trail, f"advanced event selector of trail {trail.label!r} {message}",
                                At(base.file, base.path + (place,)), key)
            continue
        for index, key, message in _fields_messages(advanced.fields):
            at = advanced.origin.at if index is None else At(base.file, base.path + (index,))
            yield _said(trail, f"advanced event selector of trail {trail.label!r} {message}", at, key)
    if trail.holes:
        yield from _held_bucket_arns(trail)


def _insights(trail: Trail) -> Iterator[Problem]:
    """InsightSelector: InsightType and EventCategories take the API's enum values only."""
    if not isinstance(trail.insights, tuple):
        return
    listed = trail.origin.of("insights")
    for index, insight in enumerate(trail.insights):
        at = insight.at or At(listed.file, listed.path + (index,))
        if isinstance(insight.type, str) and insight.type not in INSIGHT_TYPES:
            yield _said(trail, f"Insights selector of trail {trail.label!r} has InsightType "
                               f"{insight.type!r}; use {' or '.join(INSIGHT_TYPES)}", at, f"InsightType:{insight.type}")
        categories = insight.categories if isinstance(insight.categories, tuple) else ()
        for category in categories:
            if isinstance(category, str) and category not in INSIGHT_CATEGORIES:
                yield _said(trail, f"Insights selector of trail {trail.label!r} has event category "
                                   f"{category!r}; use {' or '.join(INSIGHT_CATEGORIES)}", at, f"EventCategories:{category}")


def _aggregations(trail: Trail) -> Iterator[Problem]:
    """AggregationConfiguration: EventCategory Data only, 1 to 50 of the three templates."""
    if not isinstance(trail.aggregations, tuple):
        return
    listed = trail.origin.of("aggregations")
    for index, aggregation in enumerate(trail.aggregations):
        at = aggregation.at or At(listed.file, listed.path + (index,))
        label = f"aggregation configuration of trail {trail.label!r}"
        category = aggregation.category
        if category is None or (isinstance(category, str) and category not in AGGREGATION_CATEGORIES):
            said = "has no EventCategory" if category is None else f"has EventCategory {category!r}"
            yield _said(trail, f"{label} {said}; only {' or '.join(AGGREGATION_CATEGORIES)} is allowed", at,
                        f"EventCategory:{category}")
        templates = aggregation.templates
        if not isinstance(templates, tuple):
            continue
        if not templates or len(templates) > MAX_TEMPLATES:
            yield _said(trail, f"{label} has {len(templates)} templates; 1 to {MAX_TEMPLATES} are allowed", at,
                        "Templates")
        for template in templates:
            if isinstance(template, str) and template not in AGGREGATION_TEMPLATES:
                yield _said(trail, f"{label} has template {template!r}; use {', '.join(AGGREGATION_TEMPLATES)}", at,
                            f"Templates:{template}")


def _basic(trail: Trail, selector: EventSelector, index: int) -> Iterator[Problem]:
    origin = selector.origin
    if origin is None:
        return
    label = trail.label
    if isinstance(selector.read_write, str) and selector.read_write not in READ_WRITE:
        yield trail_problem(trail, f"event selector of trail {label!r} has ReadWriteType {selector.read_write!r}; "
                                   f"use All, ReadOnly or WriteOnly", origin.of("read_write"))
    sources = selector.exclude_management_sources
    for source in sources if isinstance(sources, tuple) else ():
        if isinstance(source, str) and source not in EXCLUDABLE_SOURCES:
            yield _said(trail, f"event selector of trail {label!r} excludes {source!r}; only "
                               f"kms.amazonaws.com and rdsdata.amazonaws.com can be excluded",
                        origin.of("exclude_management_sources"), f"excluded:{source}")
    if not isinstance(selector.data_resources, tuple):
        return
    if selector.management is False and not selector.data_resources:
        # "When includeManagementEvents is false, DataResources must not be empty"
        yield trail_problem(trail, f"event selector of trail {label!r} selects neither management events nor "
                                   f"data resources", origin.of("management"))
    base = origin.of("data_resources")
    for place, resource in enumerate(selector.data_resources):
        at = At(base.file, base.path + (place,))
        if isinstance(resource.type, str) and resource.type not in BASIC_TYPES:
            yield _said(trail, f"event selector of trail {label!r} logs data resource type "
                               f"{resource.type!r}, which basic selectors do not support", at, "Type")
        form = BASIC_VALUES.get(resource.type) if isinstance(resource.type, str) else None
        for position, value in enumerate(resource.values if isinstance(resource.values, tuple) else ()):
            if isinstance(value, str) and "*" in value:
                yield _said(trail, f"event selector of trail {label!r} has wildcard data resource value {value!r}",
                            at, f"Values/{position}")
            elif isinstance(value, str) and form is not None and not form.fullmatch(value):
                bucket = resource.type == "AWS::S3::Object" and re.fullmatch(rf"{_PARTITION}:s3:::[^/]+", value)
                yield _said(trail, f"event selector of trail {label!r} has data resource value {value!r}, "
                                   + (f"a bucket's ARN: its objects are {value + '/'!r}" if bucket else
                                      f"which is no {resource.type} ARN or ARN prefix"), at, f"Values/{position}")
            elif isinstance(value, Unknown):
                held = trail.holes.get(selector_value_key("event_selectors", index, "data_resources", place, "values",
                                                          position))
                if held is None:
                    continue
                if form is not None and matches("arn:*", held, _like) is False:
                    # a bucket's name and a path (`${Bucket}/*`): whatever the name, no ARN
                    yield _said(trail, f"event selector of trail {label!r} has data resource value "
                                       f"{as_shown(held)!r}, which is no {resource.type} ARN or ARN prefix", at,
                                f"Values/{position}")
                elif resource.type == "AWS::S3::Object" and _bucket_arn(held):
                    # `!GetAtt Bucket.Arn`, `aws_s3_bucket.b.arn`: whatever the name, the bucket's own ARN
                    yield _said(trail, f"event selector of trail {label!r} has data resource value "
                                       f"{as_shown(held)!r}, a bucket's ARN: its objects are "
                                       f"{as_shown(held) + '/'!r}", at, f"Values/{position}")
                elif any(isinstance(part, str) and "*" in part for part in held):
                    # `arn:aws:s3:::${var.project}-*`: a wildcard whatever the names turn out to be
                    yield _said(trail, f"event selector of trail {label!r} has wildcard data resource "
                                       f"value {as_shown(held)!r}", at, f"Values/{position}")


def _said(trail: Trail, message: str, at: At, key: str) -> Problem:
    """One of several findings at one place of a trail's selectors: its subject is the place and ``key``,
    what is wrong there (the field, operator or value), never the message's words."""
    return trail_problem(trail, message, at, subject=f"{setting_subject(trail, at)}:{key}")


Said = tuple[str, str]     # what is wrong (an identity, for the fingerprint) and how a message says it


def _like(pattern: str, value: str) -> bool:
    return fnmatchcase(value, pattern)


def _bucket_arn(held: Text) -> bool:
    """Whether a value known by what it is, not by its text, is certainly an S3 bucket's own ARN (an
    S3 ARN without a '/', as a bucket's name holds none), which names no object."""
    return matches("arn:*:s3:::?*", held, _like) is True and matches("*/*", held, _like) is False


def _held_bucket_arns(trail: Trail) -> Iterator[Problem]:
    """Equals and NotEquals values on resources.ARN of AWS::S3::Object selectors that a reference gives as
    a bucket's own ARN (``!GetAtt Bucket.Arn``): no object's ARN, whatever the bucket's name."""
    if not isinstance(trail.advanced_selectors, tuple):
        return
    for number, advanced in enumerate(trail.advanced_selectors):
        if not isinstance(advanced.fields, tuple) or advanced.origin is None:
            continue
        types = [f.equals for f in advanced.fields if f.field == "resources.type"]
        if types != [("AWS::S3::Object",)]:
            continue
        base = advanced.origin.of("fields")
        for index, field in enumerate(advanced.fields):
            for op in ("equals", "not_equals") if field.field == "resources.ARN" else ():
                values = getattr(field, op)
                for position, value in enumerate(values if isinstance(values, tuple) else ()):
                    held = trail.holes.get(selector_value_key("advanced_selectors", number, "fields", index, op,
                                                              position)) if isinstance(value, Unknown) else None
                    if held is not None and _bucket_arn(held):
                        prefix = "StartsWith" if op == "equals" else "NotStartsWith"
                        yield _said(trail, f"advanced event selector of trail {trail.label!r} uses "
                                                   f"{API_OPERATORS[op]} value {as_shown(held)!r} on field resources.ARN, "
                                                   f"a bucket's ARN, which is no AWS::S3::Object ARN; for every object "
                                                   f"of the bucket use {prefix} {as_shown(held) + '/'!r}",
                                    At(base.file, base.path + (index,)), f"arn:{op}:{position}")


@lru_cache(maxsize=4096)
def _fields_messages(fields: tuple[FieldSelector, ...]) -> tuple[tuple[int | None, str, str], ...]:
    """What is wrong with an advanced selector's fields: each message with the index of its field
    (None: of the selector as a whole), in order. Kept per distinct list of fields: a snapshot lists
    a trail's selectors in every Region it records, and an organization's accounts repeat them."""
    found: list[tuple[int | None, str, str]] = [(None, key, message) for key, message in _required_fields(fields)]
    category = _category(fields)
    types = [f.equals for f in fields if f.field == "resources.type"]
    kind = types[0][0] if len(types) == 1 and isinstance(types[0], tuple) and len(types[0]) == 1 else None
    for index, field in enumerate(fields):
        found += ((index, key, message) for key, message in (*_field_problems(field), *_category_problems(field, category),
                                                    *_network_operators(field, category),
                                                    *_value_problems(field, category), *_exact_arns(field, kind)))
    return tuple(found)


def _exact_arns(field: FieldSelector, kind: object) -> Iterator[Said]:
    """Equals and NotEquals on resources.ARN take whole ARNs of the selector's resources.type."""
    if field.field != "resources.ARN" or not isinstance(kind, str) or kind not in EXACT_ARNS:
        return
    form, shown = EXACT_ARNS[kind]
    for op in ("equals", "not_equals"):
        values = getattr(field, op)
        for value in values if isinstance(values, tuple) else ():
            if not isinstance(value, str) or "*" in value or form.fullmatch(value):
                continue
            said = f"uses {API_OPERATORS[op]} value {value!r} on field resources.ARN, which is no {kind} ARN ({shown})"
            if kind == "AWS::S3::Object" and re.fullmatch(rf"{_PARTITION}:s3:::[^/]+", value):
                prefix = "StartsWith" if op == "equals" else "NotStartsWith"
                said += f"; for every object of the bucket use {prefix} {value + '/'!r}"
            yield f"arn:{op}:{value}", said


def _required_fields(fields: tuple[FieldSelector, ...]) -> Iterator[Said]:
    names = {f.field for f in fields}
    if not all(isinstance(n, str) for n in names):
        return
    category = next((f.equals for f in fields if f.field == "eventCategory"), None)
    if category is None:
        yield "eventCategory-missing", "has no eventCategory field"
    elif category == ("Data",) and "resources.type" not in names:
        yield "resources.type-missing", "selects data events but has no resources.type field"
    types = sum(f.field == "resources.type" for f in fields)
    if types > 1:
        # AdvancedFieldSelector: "You can have only one resources.type field per selector."
        yield "resources.type-many", f"has {types} resources.type fields; a selector takes one, so use one selector per type"
    elif category == ("NetworkActivity",) and "eventSource" not in names:
        yield "eventSource-missing", "selects network activity events but has no eventSource field"


def _category(fields: tuple[FieldSelector, ...]) -> str | None:
    """The selector's one known eventCategory value, if it has one."""
    values = next((f.equals for f in fields if f.field == "eventCategory"), None)
    return values[0] if isinstance(values, tuple) and len(values) == 1 and isinstance(values[0], str) else None


def _category_problems(field: FieldSelector, category: str | None) -> Iterator[Said]:
    """Fields the selector's eventCategory does not support on a trail (AdvancedEventSelector)."""
    name = field.field
    if category not in CATEGORY_FIELDS or not isinstance(name, str) or name not in FIELDS \
            or name in CATEGORY_FIELDS[category]:
        return
    if category == "Management" and name in STORE_MANAGEMENT_FIELDS:
        yield f"field:{name}", f"uses field {name} on management events, which only event data stores accept"
    else:
        yield f"field:{name}", f"uses field {name}, which {CATEGORY_WORDS[category]} events do not support"


def _value_problems(field: FieldSelector, category: str | None) -> Iterator[Said]:
    """Values the API Reference does not document for the field (AdvancedFieldSelector.Field)."""
    known = field_values()
    equals = [v for v in field.equals if isinstance(v, str)] if isinstance(field.equals, tuple) else []
    if field.field == "eventCategory":
        for value in equals:
            if value in known.store_categories:
                yield f"eventCategory:{value}", f"has eventCategory {value!r}, which only event data stores accept"
            elif value not in known.categories:
                yield f"eventCategory:{value}", f"has eventCategory {value!r}; use {', '.join(sorted(known.categories))}"
    elif field.field == "readOnly":
        for value in equals:
            if value not in known.read_only:
                yield f"readOnly:{value}", f"has readOnly {value!r}; use 'true' or 'false'"
    elif field.field == "resources.type":
        for value in equals:
            if value not in known.resource_types:
                yield f"resources.type:{value}", (f"has resources.type {value!r}, which is not a data event type "
                                                  f"CloudTrail documents (list of {known.retrieved})")
    elif field.field == "eventSource" and category == "Management":
        yield from _management_sources(field)
    elif field.field == "errorCode" and category == "NetworkActivity":
        for op in FIELD_OPERATORS:
            values = getattr(field, op)
            for value in values if isinstance(values, tuple) else ():
                if isinstance(value, str) and value not in NETWORK_ERROR_CODES:
                    yield f"errorCode:{value}", f"has errorCode {value!r}; the only valid value is 'VpceAccessDenied'"


def _network_operators(field: FieldSelector, category: str | None) -> Iterator[Said]:
    """Network activity events take eventSource and errorCode with Equals only, and one event source a selector."""
    if category != "NetworkActivity" or field.field not in NETWORK_EQUALS_ONLY:
        return
    others = [API_OPERATORS[op] for op in FIELD_OPERATORS
              if op != "equals" and isinstance(getattr(field, op), tuple) and getattr(field, op)]
    if others:
        yield "network-operators", f"uses {', '.join(others)} on field {field.field} of network activity events; only Equals is allowed"
    values = field.equals if field.field == "eventSource" and isinstance(field.equals, tuple) else ()
    sources = {value for value in values if isinstance(value, str)}
    if len(sources) > 1:
        # Logging network activity events: "If you want to log network activity events for multiple event
        # sources, you must create a separate field selector for each event source."
        yield "network-sources", (f"lists {len(sources)} event sources in one eventSource condition; network "
                                  "activity events take one event source per selector, so use one selector for each")


def _management_sources(field: FieldSelector) -> Iterator[Said]:
    """Management events filter eventSource only with NotEquals kms.amazonaws.com or rdsdata.amazonaws.com."""
    used = [op for op in FIELD_OPERATORS if isinstance(getattr(field, op), tuple) and getattr(field, op)]
    others = [API_OPERATORS[op] for op in used if op != "not_equals"]
    if others:
        yield "management-operators", f"uses {', '.join(others)} on field eventSource of management events; only NotEquals is allowed"
    values = field.not_equals if isinstance(field.not_equals, tuple) else ()
    for value in values:
        if isinstance(value, str) and value not in EXCLUDABLE_SOURCES:
            yield f"excluded:{value}", (f"excludes eventSource {value!r} from management events; only "
                                        "kms.amazonaws.com and rdsdata.amazonaws.com can be excluded")


def _field_problems(field: FieldSelector) -> Iterator[Said]:
    name = field.field
    if isinstance(name, str) and name not in FIELDS:
        yield "unknown-field", f"uses unknown field {name!r}"
    for key in field.extra_keys:
        yield f"unknown-operator:{key}", f"uses unknown operator {key!r} on field {name if isinstance(name, str) else '?'}"
    for key in field.empty:
        yield f"empty:{key}", (f"gives operator {key} no value on field {name if isinstance(name, str) else '?'}; "
                               "an operator takes at least one")
    used = [op for op in FIELD_OPERATORS if isinstance(getattr(field, op), tuple) and getattr(field, op)]
    if name in EQUALS_ONLY and any(op != "equals" for op in used):
        others = ", ".join(API_OPERATORS[op] for op in used if op != "equals")
        yield "equals-only", f"uses {others} on field {name}; only Equals is allowed"
    for op in used:
        for value in getattr(field, op):
            if isinstance(value, str) and "*" in value:
                yield f"wildcard:{op}:{value}", f"uses wildcard value {value!r} on field {name}"
            if isinstance(value, str) and not 1 <= len(value) <= MAX_VALUE:
                yield f"length:{op}:{value}", f"has a value of {len(value)} characters on field {name}; values take 1 to {MAX_VALUE}"


RULE = Rule(id="TL210", name="invalid-event-selector", severity=Severity.ERROR, applies_to=Trail,
            check=check, doc=__doc__)
