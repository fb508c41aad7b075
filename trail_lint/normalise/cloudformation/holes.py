"""CloudFormation values with their deploy-time parts kept as named holes (model.Text).

A value CloudFormation settles only at deployment is still known by what it is: ``!Ref LogBucket``
is the name of the template's bucket LogBucket, ``${AWS::AccountId}`` the stack's account, a
parameter without a value the same text wherever it is used. The delivery checks compare such
values with CloudTrail's requests (delivery_match): a bucket policy's
``arn:aws:s3:::${LogBucket}/AWSLogs/${AWS::AccountId}/*`` and a trail whose ``S3BucketName`` is
``!Ref LogBucket`` hold the same holes. Holes are named in the stack's own namespace
(``model.hole_name`` with the stack's deployment key), so two templates never share one.
What Ref and Fn::GetAtt return:
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucket.html#aws-resource-s3-bucket-return-values
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topic.html#aws-resource-sns-topic-return-values
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kms-key.html#aws-resource-kms-key-return-values
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html#aws-resource-cloudtrail-trail-return-values
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from trail_lint.model import ACCOUNT_CHARS, LOG_GROUP_CHARS, UNKNOWN, Hole, Text, hole_name, selector_value_key
from trail_lint.normalise.cloudformation.parameters import ABSENT, PSEUDO_PARAMETERS, is_scalar, scalar_text
from trail_lint.normalise.cloudformation.values import REF_NAME, SUB_VARIABLE, Template, intrinsic, resolve

_OPAQUE: Text = (Hole(anything=True),)
_DEPTH = 12          # Ref chains deeper than this are not followed (CloudFormation rejects cycles)
# The pseudo parameters one stack fixes: same stack, same value. An account ID is twelve digits.
_SEGMENT_REFS = frozenset({"AWS::S3::Bucket", "AWS::CloudTrail::Trail", "AWS::KMS::Key"})
_PSEUDO = {"AWS::AccountId": ACCOUNT_CHARS, "AWS::Region": "", "AWS::Partition": "", "AWS::URLSuffix": ""}


def stack_key(template: Template) -> str:
    """The deployment key of the template's stack, which names its holes."""
    from trail_lint.normalise.cloudformation.template import stack

    return stack(template.file).key


def pseudo_hole(template: Template, name: str) -> Hole:
    return Hole(name=hole_name(stack_key(template), name), chars=_PSEUDO.get(name, ""))


def text_of(template: Template, value: Any, depth: int = 0) -> Text | None:
    """The value as text with its deploy-time parts as holes; None for AWS::NoValue."""
    resolved = resolve(template, value)
    if resolved is ABSENT:
        return None
    if is_scalar(resolved):
        return (scalar_text(resolved),)
    call = intrinsic(value)
    if call is None or depth > _DEPTH:
        return _OPAQUE
    name, argument = call
    if name == "Ref" and isinstance(argument, str):
        return _ref(template, argument, depth)
    if name == "Fn::GetAtt":
        target = argument.split(".", 1) if isinstance(argument, str) else argument
        if isinstance(target, list) and len(target) == 2 and all(isinstance(part, str) for part in target):
            return _attribute(template, target[0], target[1], depth)
    if name == "Fn::Sub":
        return _sub(template, argument, depth)
    if name == "Fn::Join" and isinstance(argument, list) and len(argument) == 2 and isinstance(argument[1], list):
        delimiter = resolve(template, argument[0])
        if isinstance(delimiter, str):
            joined: list[Any] = []
            for item in argument[1]:
                found = text_of(template, item, depth + 1)
                if found is not None:
                    joined += [delimiter, *found] if joined else found
            return _merged(joined)
    return _OPAQUE


def _ref(template: Template, target: str, depth: int) -> Text:
    key = stack_key(template)
    if target in _PSEUDO:
        return (pseudo_hole(template, target),)
    if target in PSEUDO_PARAMETERS:
        return _OPAQUE
    if target in template.parameters:     # no value: the same text wherever it is used, which may be anything
        return (Hole(anything=True, name=hole_name(key, f"parameter {target}")),)
    kind = template.resource_type(target)
    if kind is None:
        return _OPAQUE
    # A bucket name, trail name or key ID is one segment of an ARN; a log group's name has its own characters.
    own = Hole(name=hole_name(key, f"Ref {target}"), chars=LOG_GROUP_CHARS) if kind == "AWS::Logs::LogGroup" \
        else Hole(anything=kind not in _SEGMENT_REFS, name=hole_name(key, f"Ref {target}"))
    if kind in REF_NAME and REF_NAME[kind] in _properties(template, target):
        # the name as its property writes it; where that has parts known by nothing, the resource's name
        written = text_of(template, _properties(template, target)[REF_NAME[kind]], depth + 1) or _OPAQUE
        return (own,) if any(isinstance(part, Hole) and not part.name for part in written) else written
    if kind == "AWS::SNS::Topic":       # Ref: the topic's ARN, in the stack's Region and account
        return _arn(template, "sns", _topic_name(template, target, depth))
    return (own,)


def _attribute(template: Template, target: str, attribute: str, depth: int) -> Text:
    kind = template.resource_type(target)
    key = stack_key(template)
    if kind == "AWS::S3::Bucket" and attribute == "Arn":
        return _merged(["arn:", *_pseudo(template, "AWS::Partition"), ":s3:::", *_ref(template, target, depth)])
    if kind == "AWS::SNS::Topic" and attribute == "TopicArn":
        return _ref(template, target, depth)
    if kind == "AWS::SNS::Topic" and attribute == "TopicName":
        return _topic_name(template, target, depth)
    if kind == "AWS::KMS::Key" and attribute == "KeyId":
        return _ref(template, target, depth)
    if kind == "AWS::KMS::Key" and attribute == "Arn":
        return _arn(template, "kms", ("key/", *_ref(template, target, depth)))
    if kind == "AWS::Logs::LogGroup" and attribute == "Arn":      # ends in ":*" (the log group's streams)
        return _arn(template, "logs", ("log-group:", *_ref(template, target, depth), ":*"))
    if kind == "AWS::CloudTrail::Trail" and attribute == "Arn":
        return _arn(template, "cloudtrail", ("trail/", *_ref(template, target, depth)))
    if kind is None:
        return _OPAQUE
    return (Hole(anything=True, name=hole_name(key, f"{target}.{attribute}")),)


def _topic_name(template: Template, target: str, depth: int) -> Text:
    own: Text = (Hole(name=hole_name(stack_key(template), f"{target}.TopicName")),)
    written = _properties(template, target).get("TopicName", ABSENT)
    if written is ABSENT:
        return own
    found = text_of(template, written, depth + 1) or _OPAQUE
    return own if any(isinstance(part, Hole) and not part.name for part in found) else found


def _arn(template: Template, service: str, resource: Text) -> Text:
    """An ARN of a resource of the stack: in the stack's partition, Region and account."""
    return _merged(["arn:", *_pseudo(template, "AWS::Partition"), f":{service}:", *_pseudo(template, "AWS::Region"),
                    ":", *_pseudo(template, "AWS::AccountId"), ":", *resource])


def _pseudo(template: Template, name: str) -> Text:
    return text_of(template, {"Ref": name}) or _OPAQUE


def _properties(template: Template, logical_id: str) -> dict[str, Any]:
    resource = template.resources.get(logical_id)
    properties = resource.get("Properties") if isinstance(resource, dict) else None
    return properties if isinstance(properties, dict) else {}


def _sub(template: Template, argument: Any, depth: int) -> Text:
    variables: Any = {}
    if isinstance(argument, list) and len(argument) == 2:
        argument, variables = argument
    if not isinstance(argument, str) or not isinstance(variables, dict):
        return _OPAQUE
    parts: list[Any] = []
    end = 0
    for match in SUB_VARIABLE.finditer(argument):
        parts.append(argument[end:match.start()])
        end = match.end()
        name = match.group(1).strip()
        if name.startswith("!"):          # ${!Literal} is written as ${Literal}
            parts.append("${" + name[1:] + "}")
        elif name in variables:
            parts += text_of(template, variables[name], depth + 1) or ()
        elif "." in name and name.split(".", 1)[0] not in PSEUDO_PARAMETERS:
            parts += text_of(template, {"Fn::GetAtt": name.split(".", 1)}, depth + 1) or _OPAQUE
        else:
            parts += text_of(template, {"Ref": name}, depth + 1) or ()
    parts.append(argument[end:])
    return _merged(parts)


def _merged(parts: list[Any]) -> Text:
    """Adjacent literal parts as one string, empty ones left out."""
    merged: list[Any] = []
    for part in parts:
        if isinstance(part, str):
            if not part:
                continue
            if merged and isinstance(merged[-1], str):
                merged[-1] += part
                continue
        merged.append(part)
    return tuple(merged)


def is_opaque(value: Text) -> bool:
    """Whether the value is nothing but unnamed holes: it says no more than UNKNOWN."""
    return all(isinstance(part, Hole) and not part.name for part in value)




def selector_holes(template: Template, properties: dict[str, Any]) -> dict[str, Text]:
    """A trail's selector values CloudFormation settles only at deployment that have named holes
    (``!Sub "${LogBucket.Arn}/"``), by their place in the model's selectors (selector_value_key),
    counted as the reader counts them (fields.items, fields.texts): items ``AWS::NoValue`` leaves
    out are skipped, and a list of selectors one of whose items may or may not be there gives none."""
    from trail_lint.normalise.cloudformation.fields import FIELD_OPERATOR_KEYS

    def items(value: Any) -> list[dict[str, Any]]:
        if intrinsic(value) is not None or not isinstance(value, list):
            return []
        settled = [resolve(template, item, keep_absent=True) for item in value]
        if any(item is UNKNOWN for item in settled):
            return []
        return [item if isinstance(item, dict) and intrinsic(item) is None else {}
                for item, found in zip(value, settled) if found is not ABSENT]

    def texts(place: tuple[str | int, ...], value: Any) -> Iterator[tuple[str, Text]]:
        if intrinsic(value) is not None:
            return
        elements = [item for item in (value if isinstance(value, list) else [value])
                    if resolve(template, item, keep_absent=True) is not ABSENT]
        for k, item in enumerate(elements):
            held = text_of(template, item) if intrinsic(item) is not None else None
            # a value whose every part is known (a bucket whose name --account and --region settle) is
            # its text: the rules that compare held values read it as written out
            if held is not None and (any(isinstance(part, Hole) and part.name for part in held)
                                     or not any(isinstance(part, Hole) for part in held)):
                yield selector_value_key(*place, k), held

    found: dict[str, Text] = {}
    for i, selector in enumerate(items(properties.get("EventSelectors"))):
        for j, resource in enumerate(items(selector.get("DataResources"))):
            found.update(texts(("event_selectors", i, "data_resources", j, "values"), resource.get("Values", [])))
    for i, selector in enumerate(items(properties.get("AdvancedEventSelectors"))):
        for j, field in enumerate(items(selector.get("FieldSelectors"))):
            for key, operator in FIELD_OPERATOR_KEYS.items():
                found.update(texts(("advanced_selectors", i, "fields", j, operator), field.get(key, [])))
    return found
