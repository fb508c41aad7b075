"""CloudFormation templates (JSON or YAML, long or short intrinsic forms) → model.

Property names and service defaults follow the AWS::CloudTrail::Trail reference:
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html
A template has no Region or account: trails leave both None for the engine to fill in.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from trail_lint.model import (
    UNKNOWN,
    AdvancedSelector,
    At,
    Branch,
    Cause,
    Deployment,
    EventSelector,
    InputKind,
    Origin,
    Path,
    Problem,
    Text,
    Trail,
    Unknown,
    selector_value_key,
)
from trail_lint.normalise import Contents, MalformedInput, Supplied
from trail_lint.normalise.cloudformation.fields import (
    FIELD_OPERATOR_KEYS,
    SELECTOR_KEYS,
    advanced_selector,
    aggregations,
    event_selector,
    flag,
    insights,
    items,
    tags,
    text,
)
from trail_lint.normalise.cloudformation.loops import TRANSFORM, Blocked, Expansion, is_loop, uses_transform
from trail_lint.normalise.cloudformation.parameters import parameter_cause
from trail_lint.normalise.cloudformation.resources import (
    existence,
    policy_parameter,
    same_name,
    within,
)
from trail_lint.normalise.cloudformation.values import (
    ABSENT,
    Template,
    Trace,
    intrinsic,
    resolve,
)
from trail_lint.normalise.placeholders import without_placeholders
from trail_lint.records import replace

KIND = InputKind.CLOUDFORMATION
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
    "insights": "InsightSelectors", "tags": "Tags", "aggregations": "AggregationConfigurations",
}

# Every property AWS::CloudTrail::Trail has (its "Syntax" section, read 2026-12-02): CloudFormation
# rejects a template whose trail writes any other (TL223). AWS adds properties over time: a newer
# one belongs here, in TRAIL_KEYS when a rule reads it.
# https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html
PROPERTIES = frozenset(TRAIL_KEYS.values())


def detect(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    if "AWSTemplateFormatVersion" in data:
        return True
    resources = data.get("Resources")
    if not isinstance(resources, dict) or not resources:
        return False
    return any(isinstance(r, dict) and isinstance(r.get("Type"), str)
               and r["Type"].startswith(("AWS::", "Custom::")) for r in resources.values()) \
        or any(is_loop(key) for key in resources)


def normalise(doc: Any, supplied: Supplied | None = None) -> Contents:
    try:
        return _normalise(doc, supplied or Supplied())
    except RecursionError:
        raise MalformedInput("template is nested too deeply to read", At(doc.file, ())) from None


def _normalise(doc: Any, supplied: Supplied) -> Contents:
    from trail_lint.normalise.cloudformation.alarms import monitoring
    from trail_lint.normalise.cloudformation.iam import iam
    from trail_lint.normalise.cloudformation.policies import delivery
    from trail_lint.normalise.cloudformation.references import missing_references
    from trail_lint.normalise.cloudformation.scps import organization
    from trail_lint.normalise.cloudformation.stacks import nested_stacks
    from trail_lint.normalise.cloudformation.suppress import suppressions

    template = template_of(doc.file, doc.data, supplied)
    problems: list[Problem] = [*template.unexpanded, *_included(template, doc.data)]
    trails = []
    for logical_id, resource in template.resources.items():
        if resource.get("Type") == TRAIL_TYPE:
            found = trail(template, str(logical_id), resource, problems)
            if found is not None:
                trails.append(found)
    buckets, resource_policies, topics = delivery(template, problems)
    principals, policies = iam(template, problems)
    scps, rcps, nodes = organization(template, problems)
    nested, inline = nested_stacks(template, problems)
    log_groups, metric_filters, alarms = monitoring(template)
    contents = Contents(KIND, trails=tuple(trails), buckets=buckets, resource_policies=resource_policies, topics=topics,
                        log_groups=log_groups, metric_filters=metric_filters, alarms=alarms,
                        principals=principals, policies=policies, scps=scps, rcps=rcps, organization=nodes,
                        unknowns=tuple(problems),
                        suppressions=suppressions(doc, template), assumptions=tuple(template.assumptions),
                        missing_references=missing_references(doc.data, template), nested=tuple(nested))
    for held in inline:     # what the stack sets' TemplateBody texts make
        contents = _joined(contents, held)
    return contents


def _joined(contents: Contents, held: Contents) -> Contents:
    """The contents with what another template held in this one makes (a stack set's TemplateBody)."""
    return replace(contents, **{name: getattr(contents, name) + getattr(held, name)
                                for name in Contents.__dataclass_fields__
                                if isinstance(getattr(contents, name), tuple) and getattr(held, name)})


# the sections of a template (Globals: the SAM transform's)
_SECTIONS = frozenset({"AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings",
                       "Conditions", "Transform", "Resources", "Outputs", "Hooks", "Globals"})


# "The latest template format version is 2010-09-09 and is currently the only valid value" (a literal
# string: no parameter or function); org-formation's own templates say 2010-09-09-OC.
# https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/format-version-structure.html
_FORMAT_VERSION = "2010-09-09"


def template_of(file: str, data: Any, supplied: Supplied | None = None) -> Template:
    """The template's sections, with the shapes CloudFormation requires checked and its
    ``Fn::ForEach`` loops expanded."""
    for key, value in data.items():
        if isinstance(value, dict) and isinstance(value.get("Type"), str) and value["Type"].startswith("AWS::") \
                and key not in _SECTIONS:
            # a resource indented one level too little: CloudFormation rejects the template ("Invalid
            # template property or properties"), and the resource is never made
            # https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html
            raise MalformedInput(f"{key} ({value['Type']}) is declared outside Resources, as a template section "
                                 "CloudFormation does not have", At(file, (key,)))
    version = data.get("AWSTemplateFormatVersion", _FORMAT_VERSION)
    if version not in (_FORMAT_VERSION, f"{_FORMAT_VERSION}-OC"):
        raise MalformedInput(f"AWSTemplateFormatVersion {version!r} is not one CloudFormation has: "
                             f"{_FORMAT_VERSION} is the only one", At(file, ("AWSTemplateFormatVersion",)))
    sections = {}
    for section in ("Parameters", "Conditions", "Mappings", "Resources"):
        value = data.get(section)
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise MalformedInput(f"{section} must be a mapping", At(file, (section,)))
        sections[section] = value
    outputs = data.get("Outputs")
    sections["Outputs"] = outputs if isinstance(outputs, dict) else {}   # read only for their loops
    supplied = supplied or Supplied()
    if uses_transform(data):
        template = _expanded(file, data, sections, supplied)
    else:
        for section in ("Conditions", "Resources", "Outputs"):
            loop = next((key for key in sections[section] if is_loop(key)), None)
            if loop is not None:
                raise MalformedInput(f"{loop} needs the {TRANSFORM} transform (Transform: {TRANSFORM})",
                                     At(file, (section, loop)))
        template = Template(file, sections["Parameters"], sections["Conditions"], sections["Mappings"],
                            sections["Resources"], supplied, unread=_unread(data, sections["Resources"], ()),
                            sam_globals=_sam_globals(data))
    for logical_id, resource in template.resources.items():
        where = template.path(logical_id)
        if not isinstance(resource, dict):
            raise MalformedInput(f"resource {logical_id} must be a mapping", At(file, where))
        if "Type" in resource and not isinstance(resource["Type"], str):
            raise MalformedInput(f"Type of resource {logical_id} must be a string", At(file, where + ("Type",)))
        properties = resource.get("Properties")
        if properties is not None and not isinstance(properties, dict) and not _is_call(properties):
            raise MalformedInput(f"Properties of resource {logical_id} must be a mapping",
                                 At(file, where + ("Properties",)))
    return template


def _sam_globals(data: Mapping[str, Any]) -> Mapping[str, Any]:
    section = data.get("Globals")
    return section if isinstance(section, dict) else {}


def _expanded(file: str, data: Mapping[str, Any], sections: Mapping[str, Any], supplied: Supplied) -> Template:
    """The template as the AWS::LanguageExtensions transform leaves it: loops expanded where
    their collections are known (Conditions first: a collection may rest on one), TL002 for the rest."""
    parameters, mappings = sections["Parameters"], sections["Mappings"]
    conditions = Expansion(Template(file, parameters, sections["Conditions"], mappings, {}, supplied,
                                    language_extensions=True), "Conditions")
    conditions.section_entries(sections["Conditions"])
    reader = Template(file, parameters, conditions.entries, mappings, {}, supplied, language_extensions=True)
    resources = Expansion(reader, "Resources")
    resources.section_entries(sections["Resources"])
    Expansion(reader, "Outputs").section_entries(sections["Outputs"])   # CloudFormation rejects a bad loop there too
    template = Template(file, parameters, conditions.entries, mappings, resources.entries, supplied,
                        paths=resources.paths, language_extensions=True,
                        unexpanded=(*_unexpanded(conditions), *_unexpanded(resources)),
                        unread=_unread(data, sections["Resources"], resources.blocked), sam_globals=_sam_globals(data))
    for at, trace in (*conditions.assumed, *resources.assumed):
        template.assume(at, trace, None)
    return template


# AWS::Include in the Resources section adds the resources of a snippet in S3, which is not read.
# https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/transform-aws-include.html
_INCLUDE = "Fn::Transform"


# The transforms of AWS that trail-lint reads the output of (AWS::LanguageExtensions), or that add
# nothing its checks look for (no bucket or topic policy, metric filter or alarm): any other
# transform is a macro (or a template-wide AWS::Include), which may add or change anything.
# https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/transform-reference.html
_READ_TRANSFORMS = frozenset({TRANSFORM, "AWS::Serverless-2016-10-31", "AWS::SecretsManager-2020-07-23",
                              "AWS::CodeDeployBlueGreen"})


def _macros(data: Mapping[str, Any]) -> list[tuple[str, Path]]:
    """The transforms the template declares that trail-lint does not run, with where each is written."""
    declared = data.get("Transform")
    listed = list(enumerate(declared)) if isinstance(declared, list) else [(None, declared)]
    found = []
    for index, item in listed:
        name = item.get("Name") if isinstance(item, dict) else item
        if item is not None and name not in _READ_TRANSFORMS:
            found.append((name if isinstance(name, str) else "?", ("Transform",) + (() if index is None else (index,))))
    return found


def _unread(data: Mapping[str, Any], resources: Mapping[str, Any],
            blocked: Sequence[Blocked]) -> dict[Path, frozenset[str] | None]:
    """The resources the template declares but trail-lint does not read (Template.unread)."""
    unread: dict[Path, frozenset[str] | None] = {path: None for _, path in _macros(data)}
    if _INCLUDE in resources:
        unread[("Resources", _INCLUDE)] = None
    for loop in blocked:
        if loop.top:
            spec: Any = resources
            for step in loop.at.path[1:]:
                spec = spec[step]
            unread[loop.at.path] = _made_types(spec)
    return unread


def _included(template: Template, data: Any) -> list[Problem]:
    """The TL002 of an AWS::Include in the Resources section, and of a macro: what they add is not
    read (their cause, so that the checks they leave open are named in it)."""
    found = []
    for name, path in _macros(data):
        at = At(template.file, path)
        found.append(Problem("the resources it may add or change", at, resource=name, subject="unknown:macro",
                             cause=Cause(f"transform {name} is not run by trail-lint, which reads the template as "
                                         f"written", at)))
    resources = data.get("Resources")
    include = resources.get(_INCLUDE) if isinstance(resources, dict) else None
    if isinstance(include, dict):
        at = At(template.file, ("Resources", _INCLUDE))
        found.append(Problem("the resources it adds", at, resource=_INCLUDE, subject="unknown:include",
                             cause=Cause(f"{_INCLUDE} includes a template snippet{_source(include)}, which is not "
                                         f"read", at)))
    return found


def _source(include: Any) -> str:
    """' from s3://...': where an AWS::Include takes its snippet, when written out."""
    parameters = include.get("Parameters") if isinstance(include, dict) else None
    location = parameters.get("Location") if isinstance(parameters, dict) else None
    return f" from {location}" if isinstance(location, str) else ""


def _made_types(spec: Any) -> frozenset[str] | None:
    """The resource Types a loop's output template names (its inner loops' too); None if one is not a string."""
    output = spec[2] if isinstance(spec, list) and len(spec) == 3 and isinstance(spec[2], dict) else {}
    found: set[str] = set()
    for key, value in output.items():
        made = _made_types(value) if is_loop(key) else \
            frozenset({value["Type"]}) if isinstance(value, dict) and isinstance(value.get("Type"), str) else None
        if made is None:
            return None
        found |= made
    return frozenset(found)


def _unexpanded(expansion: Expansion) -> list[Problem]:
    """One TL002 for each loop whose collection is not known (a loop inside another is said once)."""
    problems: dict[At, Problem] = {}
    for blocked in expansion.blocked:
        if blocked.at in problems:
            continue
        trace = blocked.trace
        made = f"the {expansion.section.lower()} it declares are" if blocked.top else "the keys it makes are"
        cause = parameter_cause(trace, blocked.at.file)
        because = "; ".join(trace.causes) or "its collection is not known"
        problems[blocked.at] = Problem(
            f"{blocked.loop} is not expanded ({because}): {made} not read" if cause is None else
            f"{blocked.loop} is not expanded: {made} not read", blocked.at, resource=blocked.loop,
            subject="unknown:for-each", cause=cause)
    return list(problems.values())


def _is_call(value: Any) -> bool:
    return intrinsic(value) is not None


@dataclass
class _Reading:
    """One trail's properties as they are settled, with what each rested on."""

    template: Template
    logical_id: str
    resource: Mapping[str, Any]
    origin: Origin
    problems: list[Problem]
    raw: Mapping[str, Any] | Unknown = field(init=False)
    traces: dict[str | tuple[str, int], Trace] = field(default_factory=dict)   # field, or (field, item)
    # An AWS::Include among the properties may set any property the template leaves out: each such
    # property is unknown, for this one cause (TL002 says it once).
    included: Cause | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        raw = self.resource.get("Properties")
        if _is_call(raw):  # Properties: !If [...]: settled as a whole
            raw = self.settle("Properties", self.origin.at, raw)
            raw = raw if isinstance(raw, dict) else UNKNOWN
        self.raw = raw if isinstance(raw, dict) or raw is UNKNOWN else {}
        if isinstance(self.raw, dict) and _INCLUDE in self.raw:
            at = At(self.origin.file, self.origin.path + (_INCLUDE,))
            self.included = Cause(f"{_INCLUDE} in the Properties of trail {self.logical_id!r} includes a template "
                                  f"snippet{_source(self.raw[_INCLUDE])}, which is not read", at)

    def settle(self, name: str | tuple[str, int], at: At, raw: Any) -> Any:
        """``raw`` resolved (ABSENT items kept in its own lists), its assumptions recorded at ``at``."""
        trace = within(self.template, self.resource)
        value = resolve(self.template, raw, trace, keep_absent=True)
        self.traces[name] = trace
        self.template.assume(at, trace, value)
        return value

    def value(self, field_name: str) -> Any:
        if isinstance(self.raw, Unknown):
            return UNKNOWN
        key = TRAIL_KEYS[field_name]
        if key not in self.raw and self.included is not None:
            self.traces[field_name] = Trace(maybe_absent=True)   # the snippet may leave it out too
            return UNKNOWN
        if key not in self.raw:
            return ABSENT
        raw = self.raw[key]
        if field_name in _LISTS and isinstance(raw, list):   # each item on its own: keeps its index
            return [self.settle((field_name, index), At(self.origin.file, self.origin.of(field_name).path + (index,)),
                                item) for index, item in enumerate(raw)]
        return self.settle(field_name, self.origin.of(field_name), raw)

    def trace(self, field_name: str) -> Trace:
        """Every trace read for a field, merged: why it is not known, whether it may be unset."""
        merged = Trace()
        for name, trace in self.traces.items():
            if name == field_name or name == "Properties" or (isinstance(name, tuple) and name[0] == field_name):
                merged.merge(trace)
        return merged


_LISTS = ("event_selectors", "advanced_selectors", "insights", "aggregations", "tags")
# Fields whose UNKNOWN value blocks a check, reported (TL002) rather than guessed ...
_REPORTED = ("name", "multi_region", "organization", "include_global_events", "logging",
             "log_file_validation", "event_selectors", "advanced_selectors", "s3_key_prefix", "tags")
# ... and fields where only "set or not" matters (TL303, TL306, TL211): reported when they may be unset.
_REPORTED_UNSET = ("kms_key_id", "s3_bucket", "sns_topic", "cloudwatch_logs_group_arn", "cloudwatch_logs_role_arn")
# Required by AWS::CloudTrail::Trail: CloudFormation rejects a template without them.
_REQUIRED = ("s3_bucket", "logging")


def trail(template: Template, logical_id: str, resource: Mapping[str, Any], problems: list[Problem]) -> Trail | None:
    exists = existence(template, logical_id, resource)
    if exists is None:
        return None
    base: Path = template.path(logical_id) + ("Properties",)
    origin = Origin(template.file, base, TRAIL_KEYS, resource=logical_id, kind=KIND)
    reading = _Reading(template, logical_id, resource, origin, problems)
    values = {field_name: reading.value(field_name) for field_name in TRAIL_KEYS}

    def at(field_name: str) -> At:
        return origin.of(field_name)

    name = text(values["name"], at("name"))
    s3_bucket = text(values["s3_bucket"], at("s3_bucket"))
    found = Trail(
        name=UNKNOWN if name is None else name,   # absent: CloudFormation generates one
        multi_region=flag(values["multi_region"], False, at("multi_region")),
        organization=flag(values["organization"], False, at("organization")),
        include_global_events=flag(values["include_global_events"], True, at("include_global_events")),
        # IsLogging is required; a template without it is rejected (TL211), so its value is not known
        logging=flag(values["logging"], UNKNOWN, at("logging")),
        log_file_validation=flag(values["log_file_validation"], False, at("log_file_validation")),
        kms_key_id=text(values["kms_key_id"], at("kms_key_id")),
        s3_bucket=UNKNOWN if s3_bucket is None else s3_bucket,
        s3_key_prefix=text(values["s3_key_prefix"], at("s3_key_prefix")),
        sns_topic=text(values["sns_topic"], at("sns_topic")),
        cloudwatch_logs_group_arn=text(values["cloudwatch_logs_group_arn"], at("cloudwatch_logs_group_arn")),
        cloudwatch_logs_role_arn=text(values["cloudwatch_logs_role_arn"], at("cloudwatch_logs_role_arn")),
        event_selectors=items(values["event_selectors"], at("event_selectors"), event_selector, origin),
        advanced_selectors=items(values["advanced_selectors"], at("advanced_selectors"), advanced_selector, origin),
        insights=insights(values["insights"], at("insights")),
        aggregations=aggregations(values["aggregations"], at("aggregations")),
        tags=tags(values["tags"], at("tags")),
        existence=exists,
        origin=origin,
        s3_bucket_ref=_linked(template, resource, "s3_bucket"),
        sns_topic_ref=_linked(template, resource, "sns_topic"),
        kms_key_ref=_linked(template, resource, "kms_key_id"),
        cloudwatch_logs_group_ref=_linked(template, resource, "cloudwatch_logs_group_arn"),
        cloudwatch_logs_role_ref=_linked(template, resource, "cloudwatch_logs_role_arn"),
        missing=tuple(f for f in _REQUIRED if _unset(values[f])),
        unsupported=_unsupported(resource),
        deployment=stack(template.file, template.supplied),
        region=template.supplied.stated[1],
        holes=_holes(template, logical_id, resource, values),
    )
    if isinstance(reading.raw, dict):
        chosen = _branches(template, resource, reading.raw, found)
        # what every branch agrees on is decided (each lacks the role): the value, not a switch
        # (a name or bucket left out is not None: CloudFormation generates the name, and the template is
        # refused without a bucket, TL211, as the reader says of the whole value)
        agreed = {field_name: taken[0].value for field_name, taken in chosen.items()
                  if len(taken) == 1 and taken[0].value is not UNKNOWN
                  and not (taken[0].value is None and field_name in ("name", "s3_bucket"))}
        chosen = {field_name: taken for field_name, taken in chosen.items() if field_name not in agreed}
        found = replace(found, branches=chosen, **agreed) if chosen or agreed else found
    _report_unknowns(found, reading, values)
    return without_placeholders(found, problems, f"trail {found.origin.resource!r}")


# The fields whose values a condition may choose that rules compare or check (switches), with the
# default of a flag the template leaves out.
_SWITCHED_TEXTS = ("name", "kms_key_id", "s3_bucket", "s3_key_prefix", "sns_topic", "cloudwatch_logs_group_arn",
                   "cloudwatch_logs_role_arn")
_SWITCHED_FLAGS = {"multi_region": False, "include_global_events": True, "organization": False}


def _branches(template: Template, resource: Mapping[str, Any], properties: Mapping[str, Any],
              found: Trail) -> dict[str, tuple[Branch, ...]]:
    """The values an undecided ``Fn::If`` chooses between, by field (cloudformation.switches)."""
    from trail_lint.normalise.cloudformation.switches import branches

    chosen = {}
    for field_name in (*_SWITCHED_TEXTS, *_SWITCHED_FLAGS):
        key = TRAIL_KEYS[field_name]
        if getattr(found, field_name) is not UNKNOWN or key not in properties or not _is_call(properties[key]):
            continue
        at = found.origin.of(field_name)
        read = _reader(at, _SWITCHED_FLAGS.get(field_name))
        taken = branches(template, properties[key], lambda: within(template, resource), read)
        if taken:
            chosen[field_name] = taken
    return chosen


def _reader(at: At, default: bool | None) -> Callable[[Any], Any]:
    """How a resolved value becomes the model's: a string, or a flag with its ``default``."""
    if default is None:
        return lambda value: text(value, at)
    return lambda value: flag(value, default, at)


def _unsupported(resource: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """The keys of the trail's Properties that AWS::CloudTrail::Trail does not have (an AWS::Include's
    ``Fn::Transform`` is replaced before CloudFormation validates them), each with the property it
    most resembles ("" if none): the same letters in another case first."""
    import difflib

    properties = resource.get("Properties")
    if not isinstance(properties, dict):
        return ()
    found = []
    for key in properties:
        if isinstance(key, str) and key not in PROPERTIES and key != _INCLUDE:
            close = [name for name in PROPERTIES if name.lower() == key.lower()] \
                or difflib.get_close_matches(key, sorted(PROPERTIES), n=1, cutoff=0.6)
            found.append((key, close[0] if close else ""))
    return tuple(found)


def _holes(template: Template, logical_id: str, resource: Mapping[str, Any],
           values: Mapping[str, Any]) -> dict[str, Text]:
    """The trail's values not known before deployment, as the stack knows them (cloudformation.holes):
    its bucket, key prefix, topic, key, name, log group and role ARNs and selector values, and the stack's account,
    Region and partition."""
    from trail_lint.normalise.cloudformation.holes import is_opaque, pseudo_hole, selector_holes, text_of
    from trail_lint.normalise.cloudformation.policies import ref_target

    properties = resource.get("Properties")
    properties = properties if isinstance(properties, dict) else {}
    found: dict[str, Text] = selector_holes(template, properties)
    for field_name in ("s3_bucket", "s3_key_prefix", "sns_topic", "kms_key_id", "name", "cloudwatch_logs_group_arn",
                       "cloudwatch_logs_role_arn"):
        if isinstance(values[field_name], str):
            continue
        written = properties.get(TRAIL_KEYS[field_name], ABSENT)
        if written is ABSENT and field_name != "name":
            continue
        held = text_of(template, {"Ref": logical_id} if written is ABSENT else written)
        if (held is None or is_opaque(held)) and _branch_target(written) is not None:
            # !If [HasLogs, !GetAtt LogGroup.Arn, !Ref AWS::NoValue]: wherever it is set it holds
            # what every setting branch holds, LogGroup's ARN
            shown = {text_of(template, branch) for branch in _setting_branches(written)}
            held = shown.pop() if len(shown) == 1 else None
        # a key is known by its ID or ARN only when the trail names a key of the template
        if field_name == "kms_key_id" and template.resource_type(str(ref_target(written))) != "AWS::KMS::Key":
            continue
        if held is not None and not is_opaque(held):
            found[field_name] = held
        elif field_name == "name" and (ref := text_of(template, {"Ref": logical_id})) is not None \
                and not is_opaque(ref):
            # a name the template cannot write out (an !If of parameters) is still what `!Ref Trail`
            # and `!GetAtt Trail.Arn` hold
            found[field_name] = ref
    supplied = template.supplied
    for field_name, pseudo, known in (("account", "AWS::AccountId", supplied.account),
                                      ("region", "AWS::Region", supplied.region),
                                      ("partition", "AWS::Partition", supplied.region)):
        if not known:
            found[field_name] = (pseudo_hole(template, pseudo),)
    return found


def _unset(value: Any) -> bool:
    return value is ABSENT or value is None or value == ""


def _report_unknowns(found: Trail, reading: _Reading, values: Mapping[str, Any]) -> None:
    """TL002 for each field a check needs that the template leaves open, with the causes."""
    whole = reading.traces.get("Properties")
    if isinstance(reading.raw, Unknown) and whole is not None \
            and parameter_cause(whole, reading.template.file) is None:
        # Properties as a whole not known (an Fn::Transform of them): one TL002, at the Properties,
        # for every check it leaves open, not one per property.
        because = f": {'; '.join(whole.causes)}" if whole.causes else ""
        reading.problems.append(Problem(f"Properties of trail {reading.logical_id!r} are not known before "
                                        f"deployment{because}", reading.origin.at, resource=reading.logical_id,
                                        subject="unknown:Properties"))
        return
    for field_name in (*_REPORTED, *_REPORTED_UNSET):
        trace = reading.trace(field_name)
        if field_name in _REPORTED:
            blocked = getattr(found, field_name) is UNKNOWN and not (field_name == "name" and values["name"] is ABSENT)
            blocked = blocked and field_name not in found.missing
            verb = "is not known before deployment"
        else:
            # An empty bucket name is a parameter nobody passes; an empty key, topic or log group
            # is how templates switch those off, so it is said; not of a topic the template creates
            # under the same parameter (TopicName: !Ref TopicName): the parameter names that topic.
            named = field_name in _NAMED_BY and getattr(found, f"{field_name}_ref") is not None
            maybe_unset = trace.maybe_absent or (trace.maybe_empty and field_name != "s3_bucket" and not named)
            blocked = maybe_unset and getattr(found, field_name) is UNKNOWN
            verb = "may be unset at deployment"
            if not blocked and field_name == "s3_bucket" and found.s3_bucket is UNKNOWN \
                    and found.s3_bucket_ref is None and parameter_cause(trace, reading.template.file) is not None:
                # a bucket named by a parameter without a value: the log bucket rules cannot find it,
                # and the parameter's finding says so (engine: one finding per cause)
                blocked, verb = True, "is not known before deployment"
        if not blocked:
            continue
        key = TRAIL_KEYS[field_name]
        included = reading.included if isinstance(reading.raw, dict) and key not in reading.raw else None
        reading.problems.append(_unknown(f"{key} of trail {reading.logical_id!r} {verb}", trace, reading,
                                         reading.origin.of(field_name), f"unknown:{key}", included))
    if isinstance(found.event_selectors, tuple):
        _report_selector_unknowns(found.event_selectors, reading, found.holes)
    if isinstance(found.advanced_selectors, tuple):
        _report_field_unknowns(found.advanced_selectors, reading)


def _report_selector_unknowns(selectors: tuple[EventSelector, ...], reading: _Reading,
                              held: Mapping[str, Text]) -> None:
    """TL002 for a selector whose read/write type or management switch the template leaves open."""
    for selector in selectors:
        if selector.origin is None:
            continue
        for field_name in ("read_write", "management"):
            if getattr(selector, field_name) is not UNKNOWN:
                continue
            index = selector.origin.path[-1]
            item = reading.traces.get(("event_selectors", index)) if isinstance(index, int) else None
            trace = item or reading.trace("event_selectors")
            key = SELECTOR_KEYS[field_name]
            number = f" {index + 1}" if isinstance(index, int) else ""
            reading.problems.append(_unknown(
                f"{key} of event selector{number} of trail {reading.logical_id!r} is not known before deployment",
                trace, reading, selector.origin.of(field_name), f"unknown:{key}:{index}"))
        _report_value_unknowns(selector, reading, held)


def _report_value_unknowns(selector: EventSelector, reading: _Reading, held: Mapping[str, Text]) -> None:
    """TL002 for data resource values the template leaves open (`!Select [0, !Ref Functions]` of a
    list parameter without a value): what the trail records, and whether CloudTrail takes the
    value, are not known; never a silent pass. A value the trail holds by what it is
    (`!Sub "${Bucket.Arn}/"`, Trail.holes) is compared as such, not reported."""
    if selector.origin is None or not isinstance(selector.data_resources, tuple):
        return
    index = selector.origin.path[-1]
    item = reading.traces.get(("event_selectors", index)) if isinstance(index, int) else None
    trace = item or reading.trace("event_selectors")
    base = selector.origin.of("data_resources")
    number = f" {index + 1}" if isinstance(index, int) else ""
    for position, resource in enumerate(selector.data_resources):
        values = resource.values
        places = [()] if values is UNKNOWN else \
            [(n,) for n, value in enumerate(values) if value is UNKNOWN and selector_value_key(
                "event_selectors", index, "data_resources", position, "values", n) not in held] \
            if isinstance(values, tuple) else []
        for place in places:
            said = "Values" if not place else f"value {place[0] + 1} of Values"
            reading.problems.append(_unknown(
                f"{said} of data resource {position + 1} of event selector{number} of trail "
                f"{reading.logical_id!r} is not known before deployment",
                _traced(reading, base.path[len(reading.origin.path):] + (position, "Values", *place)) or trace,
                reading, At(base.file, base.path + (position, "Values", *place)),
                f"unknown:Values:{index}:{position}:{':'.join(map(str, place))}"))


def _traced(reading: _Reading, path: tuple[str | int, ...]) -> Trace | None:
    """What the trail's property at ``path`` (below Properties) rests on, read on its own; None when
    the path does not lead to a written value (an intrinsic between gives its whole item's trace)."""
    value: Any = reading.raw
    for step in path:
        listed = isinstance(step, int) and isinstance(value, list) and step < len(value)
        if not listed and not (isinstance(step, str) and isinstance(value, dict) and step in value):
            return None
        value = value[step]
    trace = within(reading.template, reading.resource)
    resolve(reading.template, value, trace, keep_absent=True)
    return trace


def _report_field_unknowns(selectors: tuple[AdvancedSelector, ...], reading: _Reading) -> None:
    """TL002 for each advanced selector value a parameter without a value leaves open, at the value,
    said in the parameter's own finding (the rules comparing what trails record place what it leaves
    them undecided at the same value: selectors.unknown_values.value_at)."""
    for number, selector in enumerate(selectors, 1):
        index = selector.origin.path[-1] if selector.origin is not None else None
        trace = reading.traces.get(("advanced_selectors", index)) if isinstance(index, int) else None
        cause = parameter_cause(trace, reading.template.file) if trace is not None else None
        if cause is None or selector.origin is None or not isinstance(selector.fields, tuple):
            continue
        fields = selector.origin.of("fields")
        for position, field_selector in enumerate(selector.fields):
            for operator, key in ((o, k) for k, o in FIELD_OPERATOR_KEYS.items()):
                values = getattr(field_selector, operator)
                for item, value in enumerate(values if isinstance(values, tuple) else ()):
                    if value is UNKNOWN:
                        name = field_selector.field if isinstance(field_selector.field, str) else "a field"
                        reading.problems.append(Problem(
                            f"{key} value of {name} in advanced event selector {number} of trail "
                            f"{reading.logical_id!r} is not known before deployment",
                            At(fields.file, fields.path + (position, key, item)), resource=reading.logical_id,
                            subject=f"unknown:{key}:{index}:{position}:{item}", cause=cause))


def _unknown(what: str, trace: Trace, reading: _Reading, at: At, subject: str,
             cause: Cause | None = None) -> Problem:
    """A TL002 problem saying why (see ``parameter_cause``; ``cause``: what left it unknown, if not a parameter)."""
    cause = cause or parameter_cause(trace, reading.template.file)
    if cause is not None:
        return Problem(what, at, resource=reading.logical_id, subject=subject, cause=cause)
    because = f": {'; '.join(trace.causes)}" if trace.causes else ""
    return Problem(what + because, at, resource=reading.logical_id, subject=subject)



def stack(file: str, supplied: Supplied | None = None) -> Deployment:
    """A template is deployed as one stack: in one account and one Region, which it does not name
    (another file of the input may: ``Supplied.stated``)."""
    if supplied is not None and supplied.instances:     # a stack set's template, read in place
        return Deployment(key=f"cloudformation:{file}", label=supplied.instances, account=supplied.stated[0],
                          region_key=f"cloudformation:{file}", region_label="the stack instances' Region")
    return Deployment(key=f"cloudformation:{file}", label=f"the stack of {file}", names=(file,),
                      account=supplied.stated[0] if supplied else None,
                      region_key=f"cloudformation:{file}", region_label="the stack's Region")


def _linked(template: Template, resource: Mapping[str, Any], field: str) -> str | None:
    """The logical id a trail property refers to (``!Ref X``, ``!GetAtt X.Arn``), so a bucket,
    topic or key whose name is generated at deploy time still links to its trail. A KMS alias
    leads on to the key it names (``TargetKeyId``)."""
    from trail_lint.normalise.cloudformation.policies import ref_target

    properties = resource.get("Properties")
    written = properties.get(TRAIL_KEYS[field]) if isinstance(properties, dict) else None
    linked = ref_target(written) or _branch_target(written)
    if linked is not None and linked not in template.resources:
        linked = None    # a parameter (!Ref LogBucketName): the resource named by that parameter, if one is
    if linked is None and field in _NAMED_BY:
        linked = same_name(template, written, *_NAMED_BY[field])
    if linked is None and field in _NAMED_BY and (parameter := policy_parameter(template, written, TRAIL_KEYS[field])):
        return parameter
    if linked is None and field == "cloudwatch_logs_role_arn":
        linked = _role_by_arn(template, written)
    if linked is not None and template.resource_type(linked) == "AWS::KMS::Alias":
        alias = template.resources[linked].get("Properties")
        linked = ref_target(alias.get("TargetKeyId")) if isinstance(alias, dict) else None
    return linked if linked is not None and linked in template.resources else None


def _branch_target(written: Any) -> str | None:
    """The one logical id every branch of an ``Fn::If`` that sets the property refers to
    (``!If [HasLogs, !GetAtt LogsRole.Arn, !Ref AWS::NoValue]``): wherever it is set, it is that
    resource's (problems.refers). None where a branch sets anything else, or for no ``Fn::If``."""
    from trail_lint.normalise.cloudformation.policies import ref_target

    setting = _setting_branches(written)
    if setting == [written]:
        return None
    targets = {ref_target(branch) for branch in setting}
    return targets.pop() if len(targets) == 1 and None not in targets else None


def _setting_branches(written: Any, depth: int = 0) -> list[Any]:
    """The branches of an ``Fn::If`` (nested ones followed) that set the property: all but
    ``AWS::NoValue`` and ``""``."""
    from trail_lint.normalise.cloudformation.policies import ref_target

    call = intrinsic(written)
    if call is None or call[0] != "Fn::If" or not isinstance(call[1], list) or len(call[1]) != 3 or depth > 20:
        return [written]
    return [found for branch in call[1][1:] if ref_target(branch) != "AWS::NoValue" and branch != ""
            for found in _setting_branches(branch, depth + 1)]


# A trail names its bucket and topic; the resource that has that name, written the same way
# (`!Sub '${AWS::AccountId}-logs'` in both places), is the one it delivers to, whatever the name
# turns out to be at deployment.
_NAMED_BY = {"s3_bucket": ("AWS::S3::Bucket", "BucketName"), "sns_topic": ("AWS::SNS::Topic", "TopicName")}


def _role_by_arn(template: Template, written: Any) -> str | None:
    """The one role of the template whose ARN the trail writes out in full
    (``!Sub arn:aws:iam::${AWS::AccountId}:role/TrailLogs`` for a role whose RoleName is
    TrailLogs): IAM names are unique in an account, and ``${AWS::AccountId}`` is the stack's
    account, so a role of that path and name is the one. The partition may be written as a
    literal: in any other partition the ARN names no role and the trail is not created. An ARN
    whose account is a literal or a parameter is not the stack's account as far as the inputs
    say, and links to nothing.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
    https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-role.html"""
    from trail_lint.normalise.cloudformation.holes import pseudo_hole, text_of

    if intrinsic(written) is None:
        return None          # a literal ARN names an account the inputs do not tie to the stack
    text = text_of(template, written)
    if text is None:
        return None
    partition, account = pseudo_hole(template, "AWS::Partition"), pseudo_hole(template, "AWS::AccountId")
    # the stack's partition hole read as one literal partition; the account must stay the stack's
    arn = "".join("aws" if part == partition else "\0" if part == account else part if isinstance(part, str)
                  else "\1" for part in text)
    head, _, tail = arn.partition("\0")
    written_partition = head.removeprefix("arn:").removesuffix(":iam::")
    if "\1" in arn or "\0" in tail or not head.startswith("arn:") or not head.endswith(":iam::") \
            or not written_partition or ":" in written_partition or not tail.startswith(":role/"):
        return None
    found = [logical_id for logical_id in template.resources
             if template.resource_type(logical_id) == "AWS::IAM::Role"
             and _role_path_and_name(template, logical_id) == tail.removeprefix(":role/")]
    return str(found[0]) if len(found) == 1 else None


def _role_path_and_name(template: Template, logical_id: str) -> str | None:
    """``path/name`` of a role whose RoleName (and Path, "/" when unset) are written as text."""
    properties = template.resources[logical_id].get("Properties")
    if not isinstance(properties, dict):
        return None
    name = resolve(template, properties.get("RoleName"))
    path = resolve(template, properties.get("Path", "/"))
    if not isinstance(name, str) or not isinstance(path, str) or not path.startswith("/"):
        return None
    return f"{path[1:]}{name}"
