"""`terraform show -json <planfile>` → model.

What exists after apply is read from ``resource_changes``: ``after`` for create, update, no-op,
read and replace; ``before`` for delete. Resources in ``prior_state`` that the plan does not
mention are kept as they are. https://developer.hashicorp.com/terraform/internals/json-format#plan-representation
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trail_lint.model import At, Existence, InputKind
from trail_lint.normalise import Contents, MalformedInput, Supplied
from trail_lint.normalise.terraform.common import (
    Instance,
    Node,
    check_format_version,
    maybe,
    module_instances,
    need,
)
from trail_lint.normalise.terraform.config import read_configuration
from trail_lint.normalise.terraform.resources import contents_of

if TYPE_CHECKING:
    from trail_lint.load import Document

KIND = InputKind.TERRAFORM_PLAN
_PLAN_KEYS = ("planned_values", "resource_changes", "prior_state", "configuration")
# The members of a plan this reader reads; ``planned_values`` (a third of a large plan) only when
# there is no ``resource_changes``.
_READ = ("format_version", "variables", "configuration", "resource_changes", "prior_state")
DETECTED_BY_KEYS = True     # ``detect`` looks at the root's keys only


def detect(data: Any) -> bool:
    return isinstance(data, dict) and "format_version" in data and any(key in data for key in _PLAN_KEYS)


def normalise(doc: Document, supplied: Supplied | None = None) -> Contents:
    read = _READ if "resource_changes" in doc.member_names() else (*_READ, "planned_values")
    plan, file = doc.take(read), doc.file
    check_format_version(plan, file, "plan")
    config = read_configuration(plan, file)
    seen: set[str] = set()
    instances = changed_instances(plan, file, seen)
    prior = plan.get("prior_state")
    if prior is not None:
        values = need(prior, dict, file, ("prior_state",), "prior_state").get("values")
        if values is not None:
            root = need(values, dict, file, ("prior_state", "values"), "values").get("root_module")
            if root is not None:
                instances += module_instances(root, file, ("prior_state", "values", "root_module"),
                                              Existence.EXISTS, seen)
    if "resource_changes" not in plan and plan.get("planned_values") is not None:
        # a plan without changes (older Terraform) still lists what it manages
        planned = need(plan["planned_values"], dict, file, ("planned_values",), "planned_values")
        if planned.get("root_module") is not None:
            instances += module_instances(planned["root_module"], file, ("planned_values", "root_module"),
                                          Existence.EXISTS, seen)
    return contents_of(instances, file=file, kind=KIND, config=config)


# actions → (existence, side of the change that describes the resource after apply)
_ACTIONS: dict[tuple[str, ...], tuple[Existence, str]] = {
    ("create",): (Existence.CREATED, "after"),
    ("delete", "create"): (Existence.CREATED, "after"),
    ("create", "delete"): (Existence.CREATED, "after"),
    ("delete",): (Existence.DELETED, "before"),
    ("forget",): (Existence.EXISTS, "before"),   # removed from state, left in AWS (Terraform 1.7+)
}


def changed_instances(plan: Any, file: str, seen: set[str]) -> list[Instance]:
    changes = maybe(plan.get("resource_changes"), list, file, ("resource_changes",), "resource_changes")
    found: list[Instance] = []
    # This runs for every resource of the plan: each check builds its path only when it fails.
    for index, change in enumerate(changes):
        if not isinstance(change, dict):
            need(change, dict, file, ("resource_changes", index), "resource change")
        if change.get("deposed"):      # an old object kept by create_before_destroy; not the resource
            continue
        address, body, kind = change.get("address"), change.get("change"), change.get("type")
        if not isinstance(address, str):
            need(address, str, file, ("resource_changes", index, "address"), "address")
        if not isinstance(body, dict):
            need(body, dict, file, ("resource_changes", index, "change"), "change")
        actions = body.get("actions")
        if not isinstance(actions, list):
            need(actions, list, file, ("resource_changes", index, "change", "actions"), "actions")
        if not all(isinstance(action, str) for action in actions):
            raise MalformedInput("actions must be a list of strings",
                                 At(file, ("resource_changes", index, "change", "actions")))
        existence, side = _ACTIONS.get(tuple(actions), (Existence.EXISTS, "after"))
        values = body.get(side)
        if values is None and side == "after" and body.get("before") is not None and not body.get("after_unknown"):
            side = "before"
            values = body.get(side)
        if values is not None and not isinstance(values, dict):
            need(values, dict, file, ("resource_changes", index, "change", side), side)
        mark = body.get("after_unknown") if side == "after" else None
        if mark is not None and not isinstance(mark, (dict, bool)):
            raise MalformedInput("after_unknown must be an object",
                                 At(file, ("resource_changes", index, "change", "after_unknown")))
        if address in seen:
            continue
        seen.add(address)
        if not isinstance(kind, str):
            need(kind, str, file, ("resource_changes", index, "type"), "type")
        found.append(Instance(address, str(change.get("mode", "managed")), kind,
                              Node(values or {}, mark, file, ("resource_changes", index, "change", side)),
                              existence, provider=str(change.get("provider_name", ""))))
        if existence is Existence.CREATED and tuple(actions) == ("create", "delete") and \
                isinstance(body.get("before"), dict):
            # create_before_destroy: the old object is deleted only once its replacement exists
            # https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#create_before_destroy
            found.append(found[-1]._replace(node=Node(body["before"], None, file,
                                                      ("resource_changes", index, "change", "before")),
                                            existence=Existence.DELETED, replaced_by_create=True))
    return found
