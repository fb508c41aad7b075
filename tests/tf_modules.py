"""Terraform modules drawn by hypothesis, each written twice: in native syntax (.tf) and in JSON
syntax (.tf.json), by the rules of https://developer.hashicorp.com/terraform/language/syntax/json.

A module is files of blocks; a value is a literal, an expression (``Expr``, written bare in a .tf
file and as ``"${...}"`` in JSON), a template (``Text``), or one of the strings that JSON syntax
keeps as written (``Raw``: a variable's type, ``provider``, a module's source).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st


@dataclass(frozen=True)
class Expr:
    text: str


@dataclass(frozen=True)
class Text:
    parts: tuple[str | Expr, ...]


@dataclass(frozen=True)
class Raw:
    text: str


@dataclass
class Block:
    type: str
    labels: tuple[str, ...]
    body: dict[str, Any] = field(default_factory=dict)     # argument → value, or nested type → [Block]
    single: bool = False                                    # JSON: one nested block as an object


# --- native syntax ------------------------------------------------------------------------------

def _escaped(text: str) -> str:
    return text.replace("${", "$${").replace("%{", "%%{")


def hcl_value(value: Any, literal: bool = False) -> str:
    if isinstance(value, Expr):
        return value.text
    if isinstance(value, Raw):
        return value.text if not literal else json.dumps(value.text)
    if isinstance(value, Text):
        return '"' + "".join(json.dumps(_escaped(p))[1:-1] if isinstance(p, str) else "${" + p.text + "}"
                             for p in value.parts) + '"'
    if isinstance(value, str):
        return json.dumps(_escaped(value))
    if isinstance(value, list):
        return "[" + ", ".join(hcl_value(item, literal) for item in value) + "]"
    if isinstance(value, dict):
        return "{\n" + "".join(f"  {json.dumps(key)} = {hcl_value(item, literal)}\n" for key, item in value.items()) + "}"
    return json.dumps(value)


def hcl_block(block: Block, indent: str = "") -> str:
    head = " ".join([block.type, *(json.dumps(label) for label in block.labels)])
    lines = [f"{indent}{head} {{"]
    for name, value in block.body.items():
        if isinstance(value, list) and value and isinstance(value[0], Block):
            lines.extend(hcl_block(inner, indent + "  ") for inner in value)
        else:
            literal = block.type == "variable" and name == "default" or name in ("source", "alias")
            lines.append(f"{indent}  {name} = {hcl_value(value, literal)}")
    lines.append(f"{indent}}}")
    return "\n".join(lines)


# --- JSON syntax --------------------------------------------------------------------------------

def json_value(value: Any, literal: bool = False) -> Any:
    if isinstance(value, Expr):
        return "${" + value.text + "}"
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, Text):
        return "".join(_escaped(p) if isinstance(p, str) else "${" + p.text + "}" for p in value.parts)
    if isinstance(value, str):
        return value if literal else _escaped(value)
    if isinstance(value, list):
        return [json_value(item, literal) for item in value]
    if isinstance(value, dict):
        return {key if literal else _escaped(key): json_value(item, literal) for key, item in value.items()}
    return value


def json_body(block: Block) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for name, value in block.body.items():
        if isinstance(value, list) and value and isinstance(value[0], Block):
            if name == "dynamic":
                body[name] = [{inner.labels[0]: json_body(inner)} for inner in value]
            else:
                items = [json_body(inner) for inner in value]
                body[name] = items[0] if len(items) == 1 and value[0].single else items
        else:
            body[name] = json_value(value, block.type == "variable" and name == "default")
    return body


def json_file(blocks: list[Block]) -> dict[str, Any]:
    document: dict[str, Any] = {"//": "written by tests/tf_modules.py"}
    for block in blocks:
        if not block.labels:                    # locals: an array keeps each block
            document.setdefault(block.type, []).append(json_body(block))
            continue
        level = document.setdefault(block.type, {})
        for label in block.labels[:-1]:
            level = level.setdefault(label, {})
        found, body = level.get(block.labels[-1]), json_body(block)
        # blocks with the same labels (provider "aws" with and without an alias): an array of bodies
        level[block.labels[-1]] = body if found is None else [*found, body] if isinstance(found, list) else [found, body]
    return document


def write(base: Path, module_files: dict[str, dict[str, list[Block]]], as_json: dict[str, bool]) -> None:
    """Each file as ``DIRECTORY/NAME.tf``, or ``DIRECTORY/NAME.tf.json`` where ``as_json`` says so."""
    for directory, files in module_files.items():
        (base / directory).mkdir(parents=True, exist_ok=True)
        for name, blocks in files.items():
            path = base / directory / name
            if as_json.get(f"{directory}/{name}"):
                path.with_name(f"{name}.tf.json").write_text(json.dumps(json_file(blocks), indent=2))
            else:
                path.with_name(f"{name}.tf").write_text("\n\n".join(hcl_block(block) for block in blocks) + "\n")


# --- modules ------------------------------------------------------------------------------------

_BOOL = st.sampled_from([True, False, Expr("var.validation"), Text((Expr("var.validation"),))])
_REGION = st.sampled_from(["us-east-1", "eu-west-1", "us-gov-west-1"])


@st.composite
def _selector(draw: Any) -> Block:
    body: dict[str, Any] = {"read_write_type": draw(st.sampled_from(["All", "ReadOnly", "WriteOnly"])),
                            "include_management_events": draw(_BOOL)}
    if draw(st.booleans()):
        values = draw(st.sampled_from([["arn:aws:s3"], [Text(("arn:aws:s3:::", Expr("local.bucket"), "/"))],
                                       [Text((Expr("aws_s3_bucket.logs.arn"), "/"))]]))
        body["data_resource"] = [Block("data_resource", (), {"type": "AWS::S3::Object", "values": values},
                                       single=draw(st.booleans()))]
    elif draw(st.booleans()):
        # a dynamic block in a nested block
        body["dynamic"] = [Block("dynamic", ("data_resource",), {
            "for_each": Expr("local.data_values"),
            "content": [Block("content", (), {"type": "AWS::S3::Object", "values": Expr("data_resource.value")},
                              single=True)]})]
    return Block("event_selector", (), body, single=draw(st.booleans()))


@st.composite
def _trail(draw: Any, index: int) -> Block:
    body: dict[str, Any] = {"name": draw(st.sampled_from([f"trail-{index}", Text((Expr("var.prefix"), f"-{index}"))])),
                            "s3_bucket_name": draw(st.sampled_from([
                                Expr("aws_s3_bucket.logs.id"), Expr("local.bucket"), "elsewhere-logs",
                                Expr("module.store.bucket")]))}
    for name in ("enable_log_file_validation", "is_multi_region_trail", "include_global_service_events"):
        if draw(st.booleans()):
            body[name] = draw(_BOOL)
    if draw(st.booleans()):
        body["kms_key_id"] = draw(st.sampled_from([Expr("aws_kms_key.trail.arn"),
                                                   "arn:aws:kms:us-east-1:111122223333:key/k"]))
    if draw(st.booleans()):
        body["provider"] = Raw("aws.second")
    meta = draw(st.sampled_from(["", "count", "for_each"]))
    if meta == "count":
        body["count"] = draw(st.sampled_from([2, Expr("length(var.regions)")]))
        body["name"] = Text((f"trail-{index}-", Expr("count.index")))
    elif meta == "for_each":
        body["for_each"] = Expr("toset(var.regions)")
        body["name"] = Text((f"trail-{index}-", Expr("each.key")))
    selectors = draw(st.lists(_selector(), max_size=2))
    if selectors:
        body["event_selector"] = selectors
    if draw(st.booleans()):
        fields: dict[str, Any] = {"field_selector": [
            Block("field_selector", (), {"field": "eventCategory", "equals": ["Data"]}),
            Block("field_selector", (), {"field": "resources.type", "equals": ["AWS::S3::Object"]})]}
        if draw(st.booleans()):
            # a dynamic block in the content of another
            fields = {"dynamic": [Block("dynamic", ("field_selector",), {
                "for_each": Expr("local.fields"),
                "content": [Block("content", (), {"field": Expr("field_selector.value.field"),
                                                  "equals": Expr("field_selector.value.equals")}, single=True)]})]}
        body["dynamic"] = [Block("dynamic", ("advanced_event_selector",), {
            "for_each": Expr("local.selectors"),
            "content": [Block("content", (), {"name": Expr("advanced_event_selector.value"), **fields},
                              single=True)]})]
    return Block("resource", ("aws_cloudtrail", f"t{index}"), body)


def _policy(principal: Any) -> Block:
    statement = Block("statement", (), {
        "sid": "Write", "actions": ["s3:PutObject"],
        "resources": [Text((Expr("aws_s3_bucket.logs.arn"), "/AWSLogs/*"))],
        "principals": [Block("principals", (), {"type": "Service", "identifiers": [principal]}, single=True)],
        "condition": [Block("condition", (), {"test": "StringEquals", "variable": "s3:x-amz-acl",
                                              "values": ["bucket-owner-full-control"]})]})
    check = Block("statement", (), {
        "sid": "Check", "actions": ["s3:GetBucketAcl"], "resources": [Expr("aws_s3_bucket.logs.arn")],
        "principals": [Block("principals", (), {"type": "Service", "identifiers": [principal]})]})
    return Block("data", ("aws_iam_policy_document", "logs"), {"statement": [check, statement]})


@st.composite
def modules(draw: Any) -> tuple[dict[str, dict[str, list[Block]]], dict[str, bool]]:
    """{directory: {file name: blocks}} of a root module (".") and its local child module, and
    which files are written in JSON syntax."""
    root: dict[str, list[Block]] = {}
    root["providers"] = [Block("provider", ("aws",), {"region": draw(_REGION)}),
                         Block("provider", ("aws",), {"alias": Raw("second"), "region": draw(_REGION)})]
    root["variables"] = [
        Block("variable", ("validation",), {"type": Raw("bool"), "default": draw(st.booleans())}),
        Block("variable", ("prefix",), {"type": Raw("string"), "default": draw(st.sampled_from(["audit", "a${b}"]))}),
        Block("variable", ("regions",), {"type": Raw("list(string)"),
                                         "default": draw(st.lists(_REGION, max_size=2, unique=True))}),
        Block("locals", (), {"bucket": Text((Expr("var.prefix"), "-logs")),
                             "selectors": draw(st.sampled_from([[], ["one"], ["one", "two"]])),
                             "fields": [{"field": "eventCategory", "equals": ["Data"]},
                                        {"field": "resources.type", "equals": ["AWS::S3::Object"]}],
                             "data_values": draw(st.sampled_from([[], [["arn:aws:s3"]]]))})]
    bucket: list[Block] = [Block("resource", ("aws_s3_bucket", "logs"), {"bucket": Expr("local.bucket"),
                                                                           "tags": {"Team": "audit"}})]
    if draw(st.booleans()):
        principal = draw(st.sampled_from(["cloudtrail.amazonaws.com", "s3.amazonaws.com"]))
        bucket += [_policy(principal), Block("resource", ("aws_s3_bucket_policy", "logs"), {
            "bucket": Expr("aws_s3_bucket.logs.id"), "policy": Expr("data.aws_iam_policy_document.logs.json")})]
    if draw(st.booleans()):
        bucket.append(Block("resource", ("aws_s3_bucket_versioning", "logs"), {
            "bucket": Expr("aws_s3_bucket.logs.id"),
            "versioning_configuration": [Block("versioning_configuration", (), {"status": "Enabled"},
                                               single=draw(st.booleans()))]}))
    root["buckets"] = bucket
    root["trails"] = [draw(_trail(index)) for index in range(draw(st.integers(1, 3)))]
    root["keys"] = [Block("resource", ("aws_kms_key", "trail"), {"enable_key_rotation": draw(st.booleans())})]
    role = Block("resource", ("aws_iam_role_policy", "ops"), {
        "role": "ops", "policy": Expr('jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", '
                                      'Action = ["cloudtrail:StopLogging"], Resource = "*"}]})')})
    root["iam"] = [Block("resource", ("aws_iam_role", "ops"), {"name": "ops", "assume_role_policy": Expr(
        'jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = "sts:AssumeRole", '
        'Principal = {AWS = "arn:aws:iam::111122223333:root"}}]})')}), role]
    root["calls"] = [Block("module", ("store",), {"source": Raw("./modules/store"),
                                                  "name": Text((Expr("var.prefix"), "-store"))}),
                     Block("output", ("trails",), {"value": Expr("aws_cloudtrail.t0")})]
    if draw(st.booleans()):
        # an override file: an argument replaced, and every event_selector block
        root["trails_override"] = [Block("resource", ("aws_cloudtrail", "t0"), {
            "enable_log_file_validation": draw(_BOOL), "event_selector": [draw(_selector())]})]
    child = {"main": [Block("variable", ("name",), {"type": Raw("string")}),
                      Block("resource", ("aws_s3_bucket", "store"), {"bucket": Expr("var.name")}),
                      Block("output", ("bucket",), {"value": Expr("aws_s3_bucket.store.id")})]}
    names = [f"./{name}" for name in root] + ["modules/store/main"]
    as_json = {name: draw(st.booleans()) for name in names}
    return {".": root, "modules/store": child}, as_json
