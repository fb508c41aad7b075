"""A CloudFormation resource as the template states it: whether it exists, and its properties resolved.

Below the template reader and the IAM and policy readers, which all need it.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from trail_lint.model import UNKNOWN, At, Existence
from trail_lint.normalise import MalformedInput
from trail_lint.normalise.cloudformation.values import (
    ABSENT,
    Template,
    Trace,
    condition,
    existence_condition,
    intrinsic,
    resolve,
)


def existence(template: Template, logical_id: str, resource: Mapping[str, Any]) -> Existence | None:
    """CREATED, CONDITIONAL, or None when the resource's condition is known to be false.

    A condition that rests on a parameter's Default leaves the resource CONDITIONAL: the
    deployment may pass another value, and a trail is never dropped on a guess.
    """
    trace = Trace()
    decided = existence_condition(template, logical_id, resource, trace)
    if decided is None or (decided is True and not trace.assumed):
        return Existence.CREATED
    if decided is False and not trace.assumed:
        return None
    return Existence.CONDITIONAL


def properties_of(template: Template, logical_id: str, resource: Mapping[str, Any]) -> dict[str, Any]:
    """The resource's properties, resolved; UNKNOWN as a whole when Properties is an intrinsic."""
    value = resolve(template, resource.get("Properties") or {}, within(template, resource))
    if value is UNKNOWN or value is ABSENT:
        return {}
    if not isinstance(value, dict):
        raise MalformedInput(f"Properties of resource {logical_id} must be a mapping",
                             At(template.file, template.path(logical_id) + ("Properties",)))
    return value


def within(template: Template, resource: Mapping[str, Any]) -> Trace:
    """A trace for values read inside a resource: its own Condition holds there, so a parameter
    whose Default would make that Condition false has some other value there."""
    name = resource.get("Condition")
    if not isinstance(name, str):
        return Trace()
    probe = Trace()
    overridden = frozenset(probe.assumed) if condition(template, name, probe) is False else frozenset()
    return Trace({name: True}, overridden)


def same_name(template: Template, written: Any, kind: str, key: str) -> str | None:
    """The one resource of type ``kind`` whose ``key`` is the same expression as ``written``."""
    if intrinsic(written) is None:
        return None          # a literal name is matched by its value, once resolved
    wanted = shape(written)
    found = [logical_id for logical_id, other in template.resources.items()
             if isinstance(other, dict) and other.get("Type") == kind and isinstance(other.get("Properties"), dict)
             and shape(other["Properties"].get(key)) == wanted]
    return str(found[0]) if len(found) == 1 else None


def shape(value: Any) -> Any:
    """A value with short and long forms of intrinsics written alike, for comparison."""
    call = intrinsic(value)
    if call is not None:
        name, argument = call
        return ("call", name, shape(argument))
    if isinstance(value, dict):
        return ("map", tuple(sorted((str(k), shape(v)) for k, v in value.items())))
    if isinstance(value, list):
        return ("list", tuple(shape(item) for item in value))
    return value


# The trail property naming its bucket or topic -> the resource that may be named by the same
# parameter (its name property), and the policies attached to it by that name (their target property).
_NAMED = {"S3BucketName": (("AWS::S3::Bucket", "BucketName"), (("AWS::S3::BucketPolicy", "Bucket"),)),
          "SnsTopicName": (("AWS::SNS::Topic", "TopicName"),
                           (("AWS::SNS::TopicPolicy", "Topics"), ("AWS::SNS::TopicInlinePolicy", "TopicArn")))}


def policy_parameter(template: Template, written: Any, key: str) -> str | None:
    """The parameter without a value (``!Ref LogBucketName``) that a trail's ``key`` (S3BucketName,
    SnsTopicName) and a bucket or topic policy's target both are, where no bucket or topic of the
    template is named by it: whatever it holds, the policy is that bucket's or topic's, one of
    another stack. It stands for the bucket or topic as a logical id does, on the trail (its
    reference) and on the policy (its target)."""
    call = intrinsic(written)
    if call is None or call[0] != "Ref" or not isinstance(call[1], str) or call[1] not in template.parameters \
            or resolve(template, written) is not UNKNOWN:
        return None
    wanted = shape(written)
    (own, name), attached = _NAMED[key]

    def names(kind: str, prop: str) -> bool:
        for other in template.resources.values():
            properties = other.get("Properties") if isinstance(other, dict) and other.get("Type") == kind else None
            value = properties.get(prop) if isinstance(properties, dict) else None
            if any(shape(item) == wanted for item in (value if isinstance(value, list) else [value])):
                return True
        return False

    found = not names(own, name) and any(names(kind, prop) for kind, prop in attached) \
        and names("AWS::CloudTrail::Trail", key)
    return call[1] if found else None
