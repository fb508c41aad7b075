"""CloudFormation templates (JSON or YAML, long or short intrinsic forms) → model.

Property names and service defaults follow the AWS::CloudTrail::Trail reference:
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html
A template has no Region or account: trails leave both None for the engine to fill in.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from trail_lint.model import (
    UNKNOWN, AdvancedSelector, At, DataResource, EventSelector, Existence, FieldSelector, Origin, Path,
    Problem, ReadWrite, Trail, Unknown,
)
from trail_lint.normalise import Contents, MalformedInput
from trail_lint.normalise.cloudformation_values import (
    ABSENT, Template, existence_condition, intrinsic, resolve, scalar_text,
)

KIND = "cloudformation"
TRAIL_TYPE = "AWS::CloudTrail::Trail"

# model field -> AWS::CloudTrail::Trail property
TRAIL_KEYS = {
    "name": "TrailName", "multi_region": "IsMultiRegionTrail", "organization": "IsOrganizationTrail",
    "include_global_events": "IncludeGlobalServiceEvents", "logging": "IsLogging",
    "log_file_validation": "EnableLogFileValidation", "kms_key_id": "KMSKeyId",
    "s3_bucket": "S3BucketName", "s3_key_prefix": "S3KeyPrefix", "sns_topic": "SnsTopicName",
    "cloudwatch_logs_group_arn": "CloudWatchLogsLogGroupArn",
    "cloudwatch_logs_role_arn": "CloudWatchLogsRoleArn",
    "event_selectors": "EventSelectors", "advanced_selectors": "AdvancedEventSelectors",
    "insight_types": "InsightSelectors",
}
SELECTOR_KEYS = {"read_write": "ReadWriteType", "management": "IncludeManagementEvents",
                 "exclude_management_sources": "ExcludeManagementEventSources",
                 "data_resources": "DataResources"}
ADVANCED_KEYS = {"name": "Name", "fields": "FieldSelectors"}
FIELD_OPERATOR_KEYS = {"Equals": "equals", "StartsWith": "starts_with", "EndsWith": "ends_with",
                       "NotEquals": "not_equals", "NotStartsWith": "not_starts_with",
                       "NotEndsWith": "not_ends_with"}
# Fields whose unknown value blocks a check: reported (TL002) rather than guessed.
_REPORTED = ("name", "multi_region", "organization", "include_global_events", "logging",
             "log_file_validation", "event_selectors", "advanced_selectors")
_TRUE, _FALSE = frozenset({"true"}), frozenset({"false"})


def detect(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    if "AWSTemplateFormatVersion" in data:
        return True
    resources = data.get("Resources")
    if not isinstance(resources, dict) or not resources:
        return False
    return any(isinstance(r, dict) and isinstance(r.get("Type"), str)
               and r["Type"].startswith(("AWS::", "Custom::")) for r in resources.values())


def normalise(doc: Any) -> Contents:
    try:
        return _normalise(doc)
    except RecursionError:
        raise MalformedInput("template is nested too deeply to read", At(doc.file, ())) from None


def _normalise(doc: Any) -> Contents:
    from trail_lint.normalise.cloudformation_iam import iam
    from trail_lint.normalise.cloudformation_policies import delivery
    from trail_lint.normalise.cloudformation_scps import organization
    from trail_lint.normalise.cloudformation_suppress import suppressions

    template = template_of(doc.file, doc.data)
    problems: list[Problem] = []
    trails = []
    for logical_id, resource in template.resources.items():
        if resource.get("Type") == TRAIL_TYPE:
            found = trail(template, str(logical_id), resource, problems)
            if found is not None:
                trails.append(found)
    buckets, resource_policies = delivery(template, problems)
    principals, policies = iam(template, problems)
    scps, nodes = organization(template, problems)
    return Contents(KIND, trails=tuple(trails), buckets=buckets, resource_policies=resource_policies,
                    principals=principals, policies=policies, scps=scps, organization=nodes,
                    unknowns=tuple(problems),
                    suppressions=suppressions(doc, template))


def template_of(file: str, data: Any) -> Template:
    """The template's sections, with the shapes CloudFormation requires checked."""
    sections = {}
    for section in ("Parameters", "Conditions", "Mappings", "Resources"):
        value = data.get(section)
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise MalformedInput(f"{section} must be a mapping", At(file, (section,)))
        sections[section] = value
    for logical_id, resource in sections["Resources"].items():
        if not isinstance(resource, dict):
            raise MalformedInput(f"resource {logical_id} must be a mapping", At(file, ("Resources", logical_id)))
        if "Type" in resource and not isinstance(resource["Type"], str):
            raise MalformedInput(f"Type of resource {logical_id} must be a string",
                                 At(file, ("Resources", logical_id, "Type")))
        properties = resource.get("Properties")
        if properties is not None and not isinstance(properties, dict) and not _is_call(properties):
            raise MalformedInput(f"Properties of resource {logical_id} must be a mapping",
                                 At(file, ("Resources", logical_id, "Properties")))
    return Template(file, sections["Parameters"], sections["Conditions"], sections["Mappings"],
                    sections["Resources"])


def _is_call(value: Any) -> bool:
    return intrinsic(value) is not None


def existence(template: Template, logical_id: str, resource: Mapping[str, Any]) -> Existence | None:
    """CREATED, CONDITIONAL, or None when the resource's condition is decidably false."""
    decided = existence_condition(template, logical_id, resource)
    if decided is False:
        return None
    return Existence.CONDITIONAL if decided is UNKNOWN else Existence.CREATED


def properties_of(template: Template, logical_id: str, resource: Mapping[str, Any]) -> dict[str, Any]:
    """The resource's properties, resolved; UNKNOWN as a whole when Properties is an intrinsic."""
    value = resolve(template, resource.get("Properties") or {})
    if value is UNKNOWN or value is ABSENT:
        return {}
    if not isinstance(value, dict):
        raise MalformedInput(f"Properties of resource {logical_id} must be a mapping",
                             At(template.file, ("Resources", logical_id, "Properties")))
    return value


def trail(template: Template, logical_id: str, resource: Mapping[str, Any], problems: list[Problem]) -> Trail | None:
    exists = existence(template, logical_id, resource)
    if exists is None:
        return None
    base: Path = ("Resources", logical_id, "Properties")
    origin = Origin(template.file, base, TRAIL_KEYS, resource=logical_id, kind=KIND)
    whole_unknown = _is_call(resource.get("Properties"))
    props = properties_of(template, logical_id, resource)

    def value(field: str) -> Any:
        return UNKNOWN if whole_unknown else props.get(TRAIL_KEYS[field], ABSENT)

    def at(field: str) -> At:
        return origin.of(field)

    name = text(value("name"), at("name"))
    found = Trail(
        name=UNKNOWN if name is None else name,   # absent: CloudFormation generates one
        multi_region=flag(value("multi_region"), False, at("multi_region")),
        organization=flag(value("organization"), False, at("organization")),
        include_global_events=flag(value("include_global_events"), True, at("include_global_events")),
        # IsLogging is required; a template without it is rejected, so its value is not known
        logging=flag(value("logging"), UNKNOWN, at("logging")),
        log_file_validation=flag(value("log_file_validation"), False, at("log_file_validation")),
        kms_key_id=text(value("kms_key_id"), at("kms_key_id")),
        s3_bucket=_required(text(value("s3_bucket"), at("s3_bucket"))),
        s3_key_prefix=text(value("s3_key_prefix"), at("s3_key_prefix")),
        sns_topic=text(value("sns_topic"), at("sns_topic")),
        cloudwatch_logs_group_arn=text(value("cloudwatch_logs_group_arn"), at("cloudwatch_logs_group_arn")),
        cloudwatch_logs_role_arn=text(value("cloudwatch_logs_role_arn"), at("cloudwatch_logs_role_arn")),
        event_selectors=_items(value("event_selectors"), at("event_selectors"), _selector, origin),
        advanced_selectors=_items(value("advanced_selectors"), at("advanced_selectors"), _advanced, origin),
        insight_types=_insights(value("insight_types"), at("insight_types")),
        existence=exists,
        origin=origin,
        s3_bucket_ref=_linked(template, resource, "s3_bucket"),
        sns_topic_ref=_linked(template, resource, "sns_topic"),
        kms_key_ref=_linked(template, resource, "kms_key_id"),
    )
    for field in _REPORTED:
        if getattr(found, field) is UNKNOWN and (field != "name" or value("name") is not ABSENT):
            problems.append(Problem(f"{TRAIL_KEYS[field]} of trail {logical_id!r} is not known before deployment",
                                    at(field), resource=logical_id))
    return found


def _linked(template: Template, resource: Mapping[str, Any], field: str) -> str | None:
    """The logical id a trail property refers to (``!Ref X``, ``!GetAtt X.Arn``), so a bucket,
    topic or key whose name is generated at deploy time still links to its trail. A KMS alias
    leads on to the key it names (``TargetKeyId``)."""
    from trail_lint.normalise.cloudformation_policies import ref_target

    properties = resource.get("Properties")
    linked = ref_target(properties.get(TRAIL_KEYS[field])) if isinstance(properties, dict) else None
    if linked is not None and template.resource_type(linked) == "AWS::KMS::Alias":
        alias = template.resources[linked].get("Properties")
        linked = ref_target(alias.get("TargetKeyId")) if isinstance(alias, dict) else None
    return linked if linked is not None and linked in template.resources else None


def _required(value: str | None | Unknown) -> str | Unknown:
    """S3BucketName is required: empty (typically a parameter whose Default is "") means the
    deployment supplies it, so it is not known here."""
    return UNKNOWN if value is None else value


# --- Selectors ---------------------------------------------------------------------------

def _items(value: Any, at: At, read: Any, origin: Origin) -> tuple[Any, ...] | Unknown:
    if value is ABSENT or value is None:
        return ()
    if value is UNKNOWN:
        return UNKNOWN
    if not isinstance(value, list):
        raise MalformedInput(f"{at.path[-1]} must be a list", at)
    return tuple(read(item, At(at.file, at.path + (index,)), origin) for index, item in enumerate(value))


def _selector(item: Any, at: At, origin: Origin) -> EventSelector:
    if not isinstance(item, dict):
        raise MalformedInput("an event selector must be a mapping", at)
    here = Origin(at.file, at.path, SELECTOR_KEYS, resource=origin.resource, kind=KIND)
    sub = lambda key: At(at.file, at.path + (key,))  # noqa: E731
    resources = item.get("DataResources", ABSENT)
    read_write = text(item.get("ReadWriteType", ABSENT), sub("ReadWriteType"))
    return EventSelector(
        read_write=ReadWrite.ALL if read_write is None else _read_write(read_write),
        management=flag(item.get("IncludeManagementEvents", ABSENT), True, sub("IncludeManagementEvents")),
        exclude_management_sources=texts(item.get("ExcludeManagementEventSources", ABSENT),
                                         sub("ExcludeManagementEventSources")),
        data_resources=_items(resources, sub("DataResources"), _data_resource, here),
        origin=here,
    )


def _data_resource(item: Any, at: At, origin: Origin) -> DataResource:
    if not isinstance(item, dict):
        raise MalformedInput("a data resource must be a mapping", at)
    kind = text(item.get("Type", ABSENT), At(at.file, at.path + ("Type",)))
    return DataResource(UNKNOWN if kind is None else kind,
                        texts(item.get("Values", ABSENT), At(at.file, at.path + ("Values",))))


def _read_write(value: str | Unknown) -> ReadWrite | str | Unknown:
    if isinstance(value, str) and value in {member.value for member in ReadWrite}:
        return ReadWrite(value)
    return value


def _advanced(item: Any, at: At, origin: Origin) -> AdvancedSelector:
    if not isinstance(item, dict):
        raise MalformedInput("an advanced event selector must be a mapping", at)
    return AdvancedSelector(
        name=text(item.get("Name", ABSENT), At(at.file, at.path + ("Name",))),
        fields=_items(item.get("FieldSelectors", ABSENT), At(at.file, at.path + ("FieldSelectors",)),
                      _field_selector, origin),
        origin=Origin(at.file, at.path, ADVANCED_KEYS, resource=origin.resource, kind=KIND),
    )


def _field_selector(item: Any, at: At, origin: Origin) -> FieldSelector:
    if not isinstance(item, dict):
        raise MalformedInput("a field selector must be a mapping", at)
    name = text(item.get("Field", ABSENT), At(at.file, at.path + ("Field",)))
    operators = {model: texts(item.get(key, ABSENT), At(at.file, at.path + (key,)))
                 for key, model in FIELD_OPERATOR_KEYS.items()}
    extra = tuple(sorted(str(k) for k in item if k not in FIELD_OPERATOR_KEYS and k != "Field"))
    return FieldSelector(field=UNKNOWN if name is None else name, extra_keys=extra, **operators)


def _insights(value: Any, at: At) -> tuple[str | Unknown, ...] | Unknown:
    if value is ABSENT or value is None:
        return ()
    if value is UNKNOWN:
        return UNKNOWN
    if not isinstance(value, list):
        raise MalformedInput("InsightSelectors must be a list", at)
    found: list[str | Unknown] = []
    for index, item in enumerate(value):
        here = At(at.file, at.path + (index,))
        if item is UNKNOWN:
            found.append(UNKNOWN)
            continue
        if not isinstance(item, dict):
            raise MalformedInput("an insight selector must be a mapping", here)
        kind = text(item.get("InsightType", ABSENT), At(here.file, here.path + ("InsightType",)))
        if kind is not None:
            found.append(kind)
    return tuple(found)


# --- Scalars -----------------------------------------------------------------------------

def flag(value: Any, default: Any, at: At) -> bool | Unknown:
    """A Boolean property; CloudFormation also takes the strings "true" and "false" (any case)."""
    if value is ABSENT or value is None:
        return default
    if value is UNKNOWN or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in _TRUE | _FALSE:
        return value.lower() in _TRUE
    raise MalformedInput(f"{at.path[-1]} must be true or false, not {value!r}"[:200], at)


def text(value: Any, at: At) -> str | None | Unknown:
    """A string property; an empty string means "not set", as it does for the API."""
    if value is ABSENT or value is None or value == "":
        return None
    if value is UNKNOWN or isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float)):
        return scalar_text(value)
    raise MalformedInput(f"{at.path[-1]} must be a string", at)


def texts(value: Any, at: At) -> tuple[str | Unknown, ...] | Unknown:
    """A list of strings; an element that is not known offline stays UNKNOWN in place."""
    if value is ABSENT or value is None:
        return ()
    if value is UNKNOWN:
        return UNKNOWN
    items = value if isinstance(value, list) else [value]
    found: list[str | Unknown] = []
    for index, item in enumerate(items):
        if isinstance(item, (dict, list)):
            raise MalformedInput(f"{at.path[-1]} must be a list of strings", At(at.file, at.path + (index,)))
        found.append(item if item is UNKNOWN or isinstance(item, str) else scalar_text(item))
    return tuple(found)
