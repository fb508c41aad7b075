"""Write a deterministic `terraform show -json` plan (format_version 1.2) with SIZE resources.

    python benchmarks/generate_plan.py SIZE OUT [--seed N] [--indent N] [--shape standard|dense|access|org]

The plan mixes CloudTrail trails (a few per Region, over provider aliases, with event
selectors), S3 buckets with bucket policies, IAM roles (inline and managed policies), IAM
policies with role attachments, role policies, and EC2 instances and security groups as noise.
About half of the resources live in child modules (one level and two levels deep, some
instantiated with for_each). Each resource appears where Terraform writes it: in
``resource_changes``, ``planned_values`` (unless deleted) and ``configuration``.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _hard_shapes
import _plan_shapes as shapes

AWS = "registry.terraform.io/hashicorp/aws"
ALIASES = {region.replace("-", ""): region for region in shapes.REGIONS}   # aws.useast1 → us-east-1
_ACTIONS = ((["create"], 0.60), (["no-op"], 0.25), (["update"], 0.10), (["delete"], 0.03),
            (["delete", "create"], 0.02))


@dataclass(frozen=True)
class Slot:
    module: str            # instance address of the module ("" for root)
    config_module: str     # the module in configuration (no instance keys)
    type: str
    name: str
    kind: str              # which shape builds the values
    link: str = ""         # the resource this one refers to (bucket of a policy, role of an attachment)
    index: int | None = None

    @property
    def address(self) -> str:
        local = f"{self.type}.{self.name}" + ("" if self.index is None else f"[{self.index}]")
        return f"{self.module}.{local}" if self.module else local


def layout(size: int, rng: random.Random) -> list[Slot]:
    """Which resources exist where; trails first, then groups of related resources."""
    slots: list[Slot] = []
    aliases = list(ALIASES)
    for n in range(min(max(1, size // 200), 3 * len(aliases))):
        slots.append(Slot("", "", "aws_cloudtrail", f"trail_{n}", "trail", link=f"trail_logs_{n}"))
        slots += _bucket_pair("", "", f"trail_logs_{n}")
    modules = _modules(max(1, size // 400))
    group = 0
    while len(slots) < size:
        module, config_module, keys = modules[0] if rng.random() < 0.4 else rng.choice(modules)
        template = _group(rng, group)
        group += 1
        for key in keys:
            instance = f'{module}["{key}"]' if key else module
            nested = [Slot(_join(instance, suffix), _join(config_module, suffix), *rest)
                      for suffix, *rest in template]
            slots += nested
    return slots[:size]


def _modules(count: int) -> list[tuple[str, str, tuple[str, ...]]]:
    return [("", "", ("",))] + [(f"module.team_{k}", f"module.team_{k}", _keys(f"team_{k}")) for k in range(count)]


def _keys(call: str) -> tuple[str, ...]:
    """Every third team module is instantiated twice with for_each."""
    return ("blue", "green") if call.startswith("team_") and int(call[5:]) % 3 == 2 else ("",)


def _join(module: str, suffix: str) -> str:
    return ".".join(part for part in (module, suffix) if part)


def _group(rng: random.Random, n: int) -> list[tuple]:
    """One group of related resources as (module suffix, type, name, kind, link, index)."""
    pick = rng.random()
    if pick < 0.20:
        return [("", "aws_s3_bucket", f"data_{n}", "bucket", "", None),
                ("", "aws_s3_bucket_policy", f"data_{n}", "bucket_policy", f"data_{n}", None)]
    if pick < 0.55:
        sub = "module.iam" if rng.random() < 0.5 else ""
        count = 2 if rng.random() < 0.2 else None
        indexes = range(count) if count else [None]
        return ([(sub, "aws_iam_role", f"role_{n}", "role", "", i) for i in indexes] +
                [(sub, "aws_iam_policy", f"policy_{n}", "iam_policy", "", None),
                 (sub, "aws_iam_role_policy_attachment", f"attach_{n}", "attachment", f"role_{n}", None),
                 (sub, "aws_iam_role_policy", f"inline_{n}", "role_policy", f"role_{n}", None)])
    if pick < 0.80:
        return [("", "aws_instance", f"app_{n}", "instance", "", None)]
    return [("", "aws_security_group", f"app_{n}", "security_group", "", None)]


def _bucket_pair(module: str, config_module: str, name: str) -> list[Slot]:
    return [Slot(module, config_module, "aws_s3_bucket", name, "bucket"),
            Slot(module, config_module, "aws_s3_bucket_policy", name, "bucket_policy", link=name)]


def values(slot: Slot, rng: random.Random) -> tuple[dict, dict]:
    name = slot.address.replace(".", "-").replace("[", "-").replace("]", "").replace('"', "")[:60]
    if slot.kind == "trail":
        # one organisation-wide multi-Region trail; the others stay in their Region, so no Region
        # goes over the quota of five trails
        return shapes.trail(rng, name, f"{slot.link.replace('_', '-')}-{shapes.ACCOUNT}", slot.name == "trail_0")
    if slot.kind == "bucket":
        return shapes.bucket(rng, f"{name.lower().replace('_', '-')}-{shapes.ACCOUNT}")
    if slot.kind == "bucket_policy":
        return shapes.bucket_policy(rng, f"{name.lower().replace('_', '-')}-{shapes.ACCOUNT}", rng.random() < 0.8)
    if slot.kind in ("role", "iam_policy", "instance", "security_group"):
        return getattr(shapes, slot.kind)(rng, name)
    if slot.kind == "attachment":
        return shapes.attachment(slot.link)
    return shapes.role_policy(rng, name, slot.link)


def expressions(slot: Slot) -> dict:
    if slot.kind == "bucket_policy":
        return {"bucket": {"references": [f"aws_s3_bucket.{slot.link}.id", f"aws_s3_bucket.{slot.link}"]},
                "policy": {"references": [f"aws_s3_bucket.{slot.link}.arn", f"aws_s3_bucket.{slot.link}"]}}
    if slot.kind == "attachment":
        n = slot.name.split("_")[-1]
        return {"role": {"references": [f"aws_iam_role.{slot.link}.name", f"aws_iam_role.{slot.link}"]},
                "policy_arn": {"references": [f"aws_iam_policy.policy_{n}.arn", f"aws_iam_policy.policy_{n}"]}}
    if slot.kind == "trail":
        return {"name": {"constant_value": slot.name},
                "s3_bucket_name": {"references": [f"aws_s3_bucket.{slot.link}.id", f"aws_s3_bucket.{slot.link}"]}}
    return {"name": {"constant_value": slot.name}}


def change(slot: Slot, rng: random.Random) -> tuple[list[str], dict]:
    after, unknown = values(slot, rng)
    actions = rng.choices([a for a, _ in _ACTIONS], weights=[w for _, w in _ACTIONS])[0]
    known = {**after, **{k: _state_value(slot, after, k) for k, v in unknown.items() if v is True}}
    if slot.kind == "bucket_policy" and "policy" in unknown:     # unknown in config, known in state
        known["policy"] = shapes.bucket_policy(rng, after["bucket"], True)[0]["policy"]
    before = None if actions[0] == "create" or actions == ["delete", "create"] and rng.random() < 0.5 else known
    if actions == ["update"] and isinstance(before, dict):
        before = {**before, "tags": {"Name": slot.name}}
    if actions == ["delete"]:
        return actions, {"actions": actions, "before": known, "after": None, "after_unknown": {},
                         "before_sensitive": {}, "after_sensitive": False}
    if actions == ["no-op"]:
        after, unknown = known, {}
    return actions, {"actions": actions, "before": before, "after": after, "after_unknown": unknown,
                     "before_sensitive": False if before is None else {}, "after_sensitive": {}}


def _state_value(slot: Slot, after: dict, key: str) -> str | None:
    """What state holds for an attribute the provider computes; None where the real value is a block."""
    name = after.get("name") or after.get("bucket") or slot.name
    if key == "arn":
        arns = {"aws_cloudtrail": f"arn:aws:cloudtrail:{_region(slot)}:{shapes.ACCOUNT}:trail/{name}",
                "aws_s3_bucket": f"arn:aws:s3:::{name}", "aws_iam_role": f"arn:aws:iam::{shapes.ACCOUNT}:role/{name}",
                "aws_iam_policy": f"arn:aws:iam::{shapes.ACCOUNT}:policy/{name}"}
        return arns.get(slot.type, f"arn:aws:{slot.type.split('_')[1]}:{_region(slot)}:{shapes.ACCOUNT}:{name}")
    if key == "policy_arn":
        return f"arn:aws:iam::{shapes.ACCOUNT}:policy/{slot.name}"
    if key == "home_region":
        return _region(slot)
    if key in ("id", "unique_id", "policy_id", "owner_id", "vpc_id", "subnet_id", "private_ip"):
        return f"{slot.name}-{key}"
    return None


def _region(slot: Slot) -> str:
    key = provider_key(slot, list(ALIASES))
    return ALIASES[key[4:]] if key.startswith("aws.") else "us-east-1"


def provider_key(slot: Slot, aliases: list[str]) -> str:
    if slot.kind == "trail":
        return f"aws.{aliases[int(slot.name.split('_')[-1]) % len(aliases)]}"
    return f"{slot.config_module}:aws" if slot.config_module else "aws"


def plan(size: int, seed: int = 1) -> dict:
    rng = random.Random(seed)
    aliases = list(ALIASES)
    changes: list[dict] = []
    planned: dict[str, dict] = {"": {"resources": []}}
    configured: dict[str, dict[str, dict]] = {"": {}}
    for slot in layout(size, rng):
        actions, body = change(slot, rng)
        entry = {"address": slot.address, "mode": "managed", "type": slot.type, "name": slot.name,
                 "provider_name": AWS, "change": body}
        if slot.module:
            entry = {"address": slot.address, "module_address": slot.module, **entry}
        if slot.index is not None:
            entry["index"] = slot.index
        changes.append(entry)
        if actions != ["delete"]:
            planned_values = {k: v for k, v in (body["after"] or {}).items() if body["after_unknown"].get(k) is not True}
            _module_node(planned, slot.module)["resources"].append(
                {"address": slot.address, "mode": "managed", "type": slot.type, "name": slot.name,
                 **({} if slot.index is None else {"index": slot.index}), "provider_name": AWS,
                 "schema_version": 0, "values": planned_values, "sensitive_values": {}})
        config_address = f"{slot.type}.{slot.name}"
        resources = configured.setdefault(slot.config_module, {})
        parent = slot.config_module
        while ".module." in parent:             # a module with only nested modules is still called
            parent = parent.rsplit(".module.", 1)[0]
            configured.setdefault(parent, {})
        if config_address not in resources:
            resources[config_address] = {
                "address": config_address, "mode": "managed", "type": slot.type, "name": slot.name,
                "provider_config_key": provider_key(slot, aliases), "expressions": expressions(slot),
                "schema_version": 0, **({} if slot.index is None else {"count_expression": {"constant_value": 2}})}
    return {"format_version": "1.2", "terraform_version": "1.9.5",
            "variables": {"region": {"value": "us-east-1"}, "environment": {"value": "prod"}},
            "planned_values": {"root_module": _tree(planned, "")},
            "resource_changes": changes,
            "configuration": {"provider_config": _providers(configured, aliases),
                              "root_module": _config_tree(configured, "")},
            "timestamp": "2026-01-01T00:00:00Z", "applyable": True, "complete": True, "errored": False}


def _module_node(planned: dict[str, dict], module: str) -> dict:
    if module not in planned:
        planned[module] = {"resources": [], "address": module}
        parent = module.rsplit(".module.", 1)[0] if ".module." in module else ""
        _module_node(planned, parent)
    return planned[module]


def _tree(planned: dict[str, dict], module: str) -> dict:
    children = [m for m in planned if m and (m.rsplit(".module.", 1)[0] if ".module." in m else "") == module]
    node = dict(planned[module])
    if children:
        node["child_modules"] = [_tree(planned, child) for child in sorted(children)]
    return node


def _config_tree(configured: dict[str, dict[str, dict]], module: str) -> dict:
    node: dict = {"resources": list(configured.get(module, {}).values())}
    calls = {}
    prefix = f"{module}.module." if module else "module."
    for child in sorted(configured):
        if child.startswith(prefix) and "." not in child[len(prefix):]:
            call_name = child[len(prefix):]
            calls[call_name] = {"source": f"./modules/{call_name.split('_')[0]}",
                                **({"for_each_expression": {"constant_value": {"blue": {}, "green": {}}}}
                                   if _keys(call_name) != ("",) else {}),
                                **({} if module else {"providers": {"aws": "aws"}}),
                                "expressions": {"environment": {"references": ["var.environment"]}},
                                "module": _config_tree(configured, child)}
    if calls:
        node["module_calls"] = calls
    if not module:
        node["variables"] = {"region": {"default": "us-east-1"}, "environment": {}}
    return node


def _providers(configured: dict[str, dict[str, dict]], aliases: list[str]) -> dict:
    providers: dict[str, dict] = {"aws": {"name": "aws", "full_name": AWS,
                                          "expressions": {"region": {"references": ["var.region"]}}}}
    for alias in aliases:
        providers[f"aws.{alias}"] = {"name": "aws", "full_name": AWS, "alias": alias,
                                     "expressions": {"region": {"constant_value": ALIASES[alias]}}}
    for module in sorted(m for m in configured if m):
        providers[f"{module}:aws"] = {"name": "aws", "full_name": AWS, "version_constraint": ">= 5.0",
                                      "module_address": module}
    return providers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--indent", type=int, default=None, help="pretty-print (terraform writes compact JSON)")
    parser.add_argument("--shape", choices=("standard", "dense", "access", "org"), default="standard",
                        help="standard: SIZE resources (above); dense: SIZE trails in one account with 10 x SIZE "
                             "wide IAM policies; access: the same with 20 x SIZE policies on SIZE roles; org: SIZE accounts x (3 trails + 20 roles) (benchmarks/_hard_shapes.py)")
    args = parser.parse_args(argv)
    build = {"standard": plan, "dense": _hard_shapes.dense, "access": _hard_shapes.access, "org": _hard_shapes.org}[args.shape]
    document = build(args.size, args.seed)
    separators = (",", ":") if args.indent is None else None
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(document, out, indent=args.indent, separators=separators)
    return 0


if __name__ == "__main__":
    sys.exit(main())
