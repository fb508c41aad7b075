"""Terraform 0.11 (HCL 1) configurations: the forms real 0.11 modules use read as their 0.12 spelling.
https://github.com/hashicorp/hcl/blob/v1.0.0/README.md#syntax"""
from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.model import ReadWrite, Tag, Trail
from trail_lint.normalise.terraform.hcl import TfReading, read_tree
from trail_lint.normalise.terraform.hcl_ast import Literal, ObjectCons, Variable
from trail_lint.normalise.terraform.hcl_syntax import TfSyntaxError, parse_tf

MODERN = '''resource "aws_cloudtrail" "audit" {
  name                          = "audit-trail"
  s3_bucket_name                = "audit-bucket"
  include_global_service_events = true

  event_selector {
    read_write_type           = "WriteOnly"
    include_management_events = false

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3:::data-bucket/"]
    }
  }

  tags = {
    Team         = "security"
    "cost-centre" = "42"
  }
}
'''


def _read(files: dict[str, str]) -> TfReading:
    with tempfile.TemporaryDirectory() as directory:
        for name, text in files.items():
            path = Path(directory, name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        return read_tree([str(Path(directory, "main.tf"))])


def _trail(files: dict[str, str]) -> tuple[Trail, tuple[tuple[object, object], ...]]:
    reading = _read(files)
    assert reading.errors == ()
    [trail] = reading.contents.trails
    return dataclasses.replace(trail, origin=None), tuple((tag.key, tag.value) for tag in trail.tags)


def _key(name: str, quoted: bool) -> str:
    return f'"{name}"' if quoted else name


@settings(max_examples=25, deadline=None)
@given(quote=st.lists(st.booleans(), min_size=9, max_size=9), tags_as_block=st.booleans(),
       commas=st.booleans(), quoted_block=st.booleans())
def test_hcl1_spellings_read_as_the_0_12_configuration(quote: list[bool], tags_as_block: bool, commas: bool,
                                                        quoted_block: bool) -> None:
    end = ",\n" if commas else "\n"
    tags_opener = f"{_key('tags', quote[6])} {{" if tags_as_block else "tags = {"
    selector = _key("event_selector", True) if quoted_block else "event_selector"
    hcl1 = (
        'resource "aws_cloudtrail" "audit" {\n'
        f'  {_key("name", quote[0])} = "audit-trail"{end}'
        f'  {_key("s3_bucket_name", quote[1])} = "${{"audit-bucket"}}"{end}'
        f'  {_key("include_global_service_events", quote[2])} = "true"   # 0.11 booleans were strings\n'
        f'  {selector} {{\n'
        f'    {_key("read_write_type", quote[3])} = "WriteOnly"{end}'
        f'    {_key("include_management_events", quote[4])} = false\n'
        '    data_resource {\n'
        f'      {_key("type", quote[5])} = "AWS::S3::Object"\n'
        '      values = ["arn:aws:s3:::data-bucket/"]\n'
        '    }\n'
        '  }\n'
        f'  {tags_opener}\n'
        f'    {_key("Team", quote[7])} = "security"{end}'
        f'    "cost-centre" = {42 if quote[8] else chr(34) + "42" + chr(34)}\n'
        '  }\n'
        '}\n')
    assert _trail({"main.tf": hcl1}) == _trail({"main.tf": MODERN})


def test_the_0_11_trail_of_a_real_module_shape_is_read() -> None:
    # before: TL001 "expected an argument or block name, found '\"'" at the quoted name
    text = ('resource "aws_cloudtrail" "t" {\n  name = "audit-trail"\n  s3_bucket_name = "b-bucket"\n'
            '  event_selector {\n    "read_write_type" = "All"\n    include_management_events = true\n  }\n'
            '  tags {\n    "Name" = "x"\n  }\n}\n')
    trail, tags = _trail({"main.tf": text})
    assert tags == (("Name", "x"),)
    assert isinstance(trail.event_selectors, tuple)
    assert [selector.read_write for selector in trail.event_selectors] == [ReadWrite.ALL]


def test_a_map_block_is_an_argument_only_where_the_schema_takes_a_map() -> None:
    body = parse_tf("main.tf", MODERN.replace("tags = {", "tags {")).body
    [trail] = body.blocks
    assert "tags" in trail.body.attributes and not trail.body.blocks_of("tags")
    # a nested block of the schema stays a block
    assert trail.body.blocks_of("event_selector") and "event_selector" not in trail.body.attributes
    # two blocks of one map argument are not one map: left as blocks, which the reader says it cannot read
    twice = parse_tf("main.tf", 'resource "aws_cloudtrail" "t" {\n  tags {\n    a = "1"\n  }\n'
                                '  tags {\n    b = "2"\n  }\n}\n').body.blocks[0]
    assert len(twice.body.blocks_of("tags")) == 2 and "tags" not in twice.body.attributes


def test_a_module_call_takes_a_map_written_as_a_block() -> None:
    files = {"main.tf": 'module "audit" {\n  source = "./child"\n  tags {\n    "Team" = "security"\n  }\n}\n',
             "child/main.tf": 'variable "tags" {\n  type = "map"\n}\n'
                              'resource "aws_cloudtrail" "t" {\n  name = "audit-trail"\n'
                              '  s3_bucket_name = "audit-bucket"\n  tags = "${var.tags}"\n}\n'}
    reading = _read(files)
    assert reading.errors == ()
    [trail] = reading.contents.trails
    assert trail.tags == (Tag("Team", "security"),)


@pytest.mark.parametrize(("default", "instances"), [("true", ["[0]"]), ("false", []), ('"1"', ["[0]"]),
                                                    ('"0"', [])])
def test_a_0_11_count_of_a_boolean_is_one_or_none(default: str, instances: list[str]) -> None:
    # Terraform 0.11 had no bool type: `true` is the string "1"
    text = (f'variable "enabled" {{\n  default = {default}\n}}\n'
            'resource "aws_cloudtrail" "t" {\n  count = "${var.enabled}"\n  name = "audit-trail"\n'
            '  s3_bucket_name = "audit-bucket"\n}\n')
    reading = _read({"main.tf": text})
    assert [trail.origin.resource.removeprefix("aws_cloudtrail.t") for trail in reading.contents.trails] == instances


def test_heredocs_and_comments_of_0_11_policies() -> None:
    text = ('# a 0.11 module\nresource "aws_iam_policy" "p" {\n  name = "p"  // why\n'
            '  policy = <<EOF\n{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow",\n'
            '    "Action": "cloudtrail:StopLogging", "Resource": "${var.trail}"}]\n}\nEOF\n}\n'
            'variable "trail" {\n  default = "*"\n}\n')
    reading = _read({"main.tf": text})
    assert reading.errors == ()
    [policy] = reading.contents.policies
    [statement] = policy.statements
    assert (statement.actions, statement.resources) == (("cloudtrail:StopLogging",), ("*",))


def test_a_name_in_quotes_must_be_literal() -> None:
    with pytest.raises(TfSyntaxError) as caught:
        parse_tf("main.tf", 'resource "aws_cloudtrail" "t" {\n  "${var.x}" = 1\n}\n')
    assert (caught.value.message, caught.value.line, caught.value.column) == (
        "cannot parse Terraform file: an argument or block name must be a literal string", 2, 3)


def test_an_object_assigned_twice_is_two_blocks() -> None:
    """HCL 1 read a name assigned an object twice as a list of objects: 0.11's block list written as
    arguments (https://github.com/hashicorp/terraform-provider-aws/issues/7655)."""
    selector = '  event_selector {{\n    read_write_type = "{0}"\n    include_management_events = {1}\n  }}\n'
    as_blocks = ('resource "aws_cloudtrail" "t" {\n  name = "audit-trail"\n  s3_bucket_name = "audit-bucket"\n'
                 + selector.format("ReadOnly", "true") + selector.format("WriteOnly", "false") + "}\n")
    as_objects = as_blocks.replace("event_selector {", "event_selector = {")
    assert _trail({"main.tf": as_objects}) == _trail({"main.tf": as_blocks})
    trail, _ = _trail({"main.tf": as_objects})
    assert isinstance(trail.event_selectors, tuple) and len(trail.event_selectors) == 2
    # any other value assigned twice: the first is read, as before
    body = parse_tf("main.tf", 'a = 1\na = 2\nb = { x = 1 }\nb = 2\n').body
    assert [(name, attribute.expr) for name, attribute in body.attributes.items()] == [
        ("a", Literal(1)), ("b", ObjectCons(((Variable("x"), Literal(1)),)))]
    assert body.blocks == ()


def test_a_block_list_written_as_an_object_with_items_written_as_blocks() -> None:
    """0.11's `event_selector = { ... data_resource { ... } }`: an object item written as a block (HCL 1),
    and a map in a map that stands for a block read as one nested block."""
    as_object = MODERN.replace("  event_selector {", "  event_selector = {")
    assert as_object != MODERN
    assert _trail({"main.tf": as_object}) == _trail({"main.tf": MODERN})
    parsed = parse_tf("main.tf", 'x = {\n  a {\n    b = 1\n  }\n  "c" { d = 2 }, e = 3\n}\n').body.attributes["x"].expr
    assert isinstance(parsed, ObjectCons)
    assert [(type(key).__name__, type(value).__name__) for key, value in parsed.items] == [
        ("Variable", "ObjectCons"), ("Template", "ObjectCons"), ("Variable", "Literal")]
