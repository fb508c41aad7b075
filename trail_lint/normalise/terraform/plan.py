"""`terraform show -json <planfile>` → model.

What exists after apply is read from ``resource_changes``: ``after`` for create, update, no-op,
read and replace; ``before`` for delete. Resources in ``prior_state`` that the plan does not
mention are kept as they are. A plan without ``resource_changes`` is read from ``planned_values``,
where what they leave out is not known (common.Unsaid), said once per file. https://developer.hashicorp.com/terraform/internals/json-format#plan-representation
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from trail_lint.model import UNKNOWN, At, Bucket, Cause, Existence, InputKind, Problem, Trail
from trail_lint.normalise import Contents, MalformedInput, Supplied
from trail_lint.normalise.terraform.common import (
    PLAN_KEYS,
    Instance,
    Node,
    check_format_version,
    maybe,
    module_instances,
    need,
)
from trail_lint.normalise.terraform.config import read_configuration
from trail_lint.normalise.terraform.resources import BUCKET_KEYS, TRAIL_KEYS, contents_of
from trail_lint.records import replace

if TYPE_CHECKING:
    from trail_lint.load import Document

KIND = InputKind.TERRAFORM_PLAN
# The members of a plan this reader reads; ``planned_values`` (a third of a large plan) only when
# there is no ``resource_changes``.
_READ = ("format_version", "variables", "configuration", "resource_changes", "prior_state")
DETECTED_BY_KEYS = True     # ``detect`` looks at the root's keys only


def detect(data: Any) -> bool:
    return isinstance(data, dict) and "format_version" in data and any(key in data for key in PLAN_KEYS)


def normalise(doc: Document, supplied: Supplied | None = None) -> Contents:
    changes = "resource_changes" in doc.member_names()
    read = _READ if changes else (*_READ, "planned_values")
    rows = _decoded_changes(doc) if changes else None
    plan, file = doc.take(read if rows is None else [name for name in read if name != "resource_changes"]), doc.file
    check_format_version(plan, file, "plan")
    config = read_configuration(plan, file)
    seen: set[str] = set()
    instances = changed_instances(plan, file, seen, rows)
    prior = plan.get("prior_state")
    if prior is not None:
        values = need(prior, dict, file, ("prior_state",), "prior_state").get("values")
        if values is not None:
            root = need(values, dict, file, ("prior_state", "values"), "values").get("root_module")
            if root is not None:
                instances += module_instances(root, file, ("prior_state", "values", "root_module"),
                                              Existence.EXISTS, seen)
    planned: list[Instance] = []
    if not changes and plan.get("planned_values") is not None:
        # a plan without changes (older Terraform, or a trimmed copy) still lists what it manages
        values = need(plan["planned_values"], dict, file, ("planned_values",), "planned_values")
        if values.get("root_module") is not None:
            planned = module_instances(values["root_module"], file, ("planned_values", "root_module"),
                                       Existence.EXISTS, seen, planned=True)
    contents = contents_of(instances + planned, file=file, kind=KIND, config=config)
    return _unsaid(contents, planned, file) if planned else contents


# What AWS assigns a resource it creates, known only after apply in every plan that creates it: not
# worth a word more in a plan of planned_values alone (the rules that need it say so themselves).
_COMPUTED = frozenset({"arn", "id"})


def _unsaid(contents: Contents, planned: list[Instance], file: str) -> Contents:
    """What values of ``planned_values`` alone leave out is not known (common.Unsaid), said once per
    file: one cause for the readers' unknowns in those resources and for each trail and bucket value
    left unknown there (where the rules' checks of it are, which that finding then names)."""
    cause = Cause("this plan has no resource_changes: its planned_values leave out what is known only after apply "
                  "(which resource_changes' after_unknown would list)", At(file, ("planned_values",)))
    places = {instance.node.path for instance in planned}
    found = [replace(problem, cause=cause) if problem.cause is None and problem.at.file == file
             and any(problem.at.path[:end] in places for end in range(len(problem.at.path) + 1)) else problem
             for problem in contents.unknowns]
    said = {problem.at for problem in found}
    read: list[tuple[Trail | Bucket, Mapping[str, str]]] = [
        *((trail, TRAIL_KEYS) for trail in contents.trails), *((bucket, BUCKET_KEYS) for bucket in contents.buckets)]
    for item, keys in read:
        origin = item.origin
        if origin.file != file or origin.path not in places:
            continue
        for field, attribute in keys.items():
            at = origin.of(field)
            if getattr(item, field) is UNKNOWN and at not in said and attribute not in _COMPUTED:
                said.add(at)
                found.append(Problem(f"{attribute} of {origin.resource} is not known", at, resource=origin.resource,
                                     cause=cause))
    return replace(contents, unknowns=tuple(found))


# actions → (existence, side of the change that describes the resource after apply)
_ACTIONS: dict[tuple[str, ...], tuple[Existence, str]] = {
    ("create",): (Existence.CREATED, "after"),
    ("delete", "create"): (Existence.CREATED, "after"),
    ("create", "delete"): (Existence.CREATED, "after"),
    ("delete",): (Existence.DELETED, "before"),
    ("forget",): (Existence.EXISTS, "before"),   # removed from state, left in AWS (Terraform 1.7+)
}
_OTHER = (Existence.EXISTS, "after")    # any other actions (no-op, update, read)


def _decoded_changes(doc: Document) -> list[Any] | None:
    """``plan_changes.rows`` of a large plan's ``resource_changes`` (None: built as any member)."""
    text = doc.member_text("resource_changes")
    if text is None:
        return None
    from trail_lint.normalise.terraform.plan_changes import rows

    return rows(text)


def _rows(changes: list[Any], file: str) -> Iterator[tuple[Any, ...]]:
    """Each change as ``plan_changes.rows`` gives it, its ``change`` object as it is."""
    for index, change in enumerate(changes):
        if not isinstance(change, dict):
            need(change, dict, file, ("resource_changes", index), "resource change")
        yield (change.get("address"), change.get("mode", "managed"), change.get("type"),
               change.get("provider_name", ""), change.get("deposed"), change.get("change"))


def changed_instances(plan: Any, file: str, seen: set[str], decoded: list[Any] | None = None) -> list[Instance]:
    """The instances of ``resource_changes``: of ``plan``, or as ``plan_changes.rows`` decoded them."""
    if decoded is None:
        changes = maybe(plan.get("resource_changes"), list, file, ("resource_changes",), "resource_changes")
        rows: Iterable[tuple[Any, ...]] = _rows(changes, file)
    else:
        rows = decoded
    found: list[Instance] = []
    # This runs for every resource of the plan: each check builds its path only when it fails, and an
    # enum member is read once (on Python 3.11 reading one off its class runs Python code).
    created, other = Existence.CREATED, _OTHER
    for index, (address, mode, kind, provider, deposed, body) in enumerate(rows):
        if deposed:      # an old object kept by create_before_destroy; not the resource
            continue
        if not isinstance(address, str):
            need(address, str, file, ("resource_changes", index, "address"), "address")
        if isinstance(body, tuple):     # plan_changes.rows: ``before`` is its JSON text until it is read
            actions, before, after, mark = body
        elif isinstance(body, dict):
            actions, before, after, mark = body.get("actions"), body.get("before"), body.get("after"), \
                body.get("after_unknown")
        else:
            need(body, dict, file, ("resource_changes", index, "change"), "change")
        if not isinstance(actions, list):
            actions = need(actions, list, file, ("resource_changes", index, "change", "actions"), "actions")
        if not (len(actions) == 1 and type(actions[0]) is str) and not all(isinstance(a, str) for a in actions):
            raise MalformedInput("actions must be a list of strings",
                                 At(file, ("resource_changes", index, "change", "actions")))
        existence, side = _ACTIONS.get(tuple(actions), other)
        if side == "after" and after is None and before is not None and not mark:
            side = "before"
        if side == "before" or (existence is created and actions == ["create", "delete"]):
            before = _built(before)
        values = after if side == "after" else before
        if values is not None and not isinstance(values, dict):
            need(values, dict, file, ("resource_changes", index, "change", side), side)
        mark = mark if side == "after" else None
        if mark is not None and not isinstance(mark, (dict, bool)):
            raise MalformedInput("after_unknown must be an object",
                                 At(file, ("resource_changes", index, "change", "after_unknown")))
        if address in seen:
            continue
        seen.add(address)
        if not isinstance(kind, str):
            need(kind, str, file, ("resource_changes", index, "type"), "type")
        # (the fields given in order, config_key and deployment None, replaced_by_create False: keywords
        # cost a third more, and str() of a string a call, for each resource)
        found.append(Instance(address, mode if type(mode) is str else str(mode), kind,
                              Node(values or {}, mark, file, ("resource_changes", index, "change", side)),
                              existence, None, provider if type(provider) is str else str(provider), None, False,
                              kind == "aws_cloudtrail" and actions == ["update"] and _converted(before, after)))
        if existence is created and actions == ["create", "delete"] and isinstance(before, dict):
            # create_before_destroy: the old object is deleted only once its replacement exists
            # https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#create_before_destroy
            found.append(found[-1]._replace(node=Node(before, None, file,
                                                      ("resource_changes", index, "change", "before")),
                                            existence=Existence.DELETED, replaced_by_create=True))
    return found


def _converted(before: Any, after: Any) -> bool:
    """Whether a trail's update turns is_organization_trail on or off, both values known."""
    before = _built(before)
    flags = [values.get("is_organization_trail") if isinstance(values, dict) else None for values in (before, after)]
    return all(isinstance(flag, bool) for flag in flags) and flags[0] != flags[1]


def _built(before: Any) -> Any:
    """A change's ``before``: as it is, or built from the JSON text ``plan_changes.rows`` kept."""
    if before is None or isinstance(before, (dict, list, str, int, float)):
        return before
    from trail_lint.normalise.terraform.plan_changes import before_value

    return before_value(before)
