"""TL224: the tags each reader reads from a trail, and the limits of the API's Tag shape and AddTags.

https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Tag.html (key 1-128, value at most 256)
https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AddTags.html (at most 50 per trail)
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.config import from_mapping
from trail_lint.engine import run
from trail_lint.registry import all_rules

RULES = ("TL224", "TL002", "TL001", "TL000")


def lint(folder: Path, name: str, text: str) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = run([name], from_mapping({"select": list(RULES), "region": "us-east-2", "account": "123456789012"}),
                     all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    return [f"{f.rule} {f.message}" for f in result.findings if f.rule in RULES]


def template(tags: str) -> str:
    return ("Parameters:\n  Env: {Type: String}\nConditions:\n  Prod: !Equals [!Ref Env, prod]\nResources:\n"
            "  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      TrailName: tagged\n"
            "      S3BucketName: my-trail-logs-123456789012\n      IsLogging: true\n" + tags)


@settings(max_examples=20, deadline=None)
@given(count=st.integers(min_value=0, max_value=60))
def test_more_than_fifty_tags_and_only_then_is_a_finding(tmp_path_factory, count: int) -> None:
    listed = "".join(f"        - {{Key: k{i}, Value: v}}\n" for i in range(count))
    found = lint(tmp_path_factory.mktemp("tags"), "t.yaml", template("      Tags:\n" + listed if count else ""))
    assert found == ([f"TL224 trail 'tagged' has {count} tags; the limit is 50"] if count > 50 else [])


def test_a_tag_list_that_depends_on_a_condition_is_not_known(tmp_path: Path) -> None:
    found = lint(tmp_path, "t.yaml", template("      Tags: !If [Prod, [{Key: a, Value: b}], []]\n"))
    assert found == [("TL002 parameter Env has no Default: pass --parameter Env=VALUE, so not known: Tags of trail "
                      "'Trail' (TL224 (invalid-trail-tags) cannot decide)")]


def test_a_tag_value_not_known_offline_is_not_measured(tmp_path: Path) -> None:
    assert lint(tmp_path, "t.yaml", template("      Tags:\n        - {Key: env, Value: !Ref Env}\n")) == []


def test_terraform_writes_numbers_and_bools_of_a_tag_map_as_strings(tmp_path: Path) -> None:
    tf = ('resource "aws_cloudtrail" "t" {\n  name = "typed-tags"\n  s3_bucket_name = "my-trail-logs-123456789012"\n'
          '  tags = { count = 5, enabled = true, note = "' + "x" * 257 + '" }\n}\n')
    assert lint(tmp_path, "main.tf", tf) == [
        "TL224 the value of tag 'note' of trail 'typed-tags' has 257 characters; the limit is 256"]


def test_a_plan_counts_tags_all_and_falls_back_to_tags_when_it_is_not_known(tmp_path: Path) -> None:
    after = {"name": "planned", "s3_bucket_name": "my-trail-logs-123456789012", "tags": {f"k{i}": "v" for i in range(51)}}
    plan = {"format_version": "1.2", "terraform_version": "1.9.5", "resource_changes": [{
        "address": "aws_cloudtrail.t", "mode": "managed", "type": "aws_cloudtrail", "name": "t",
        "provider_name": "registry.terraform.io/hashicorp/aws",
        "change": {"actions": ["create"], "before": None, "after": after,
                   "after_unknown": {"tags_all": True, "arn": True}}}]}
    found = lint(tmp_path, "plan.tfplan.json", json.dumps(plan))
    assert found == ["TL224 trail 'planned' has 51 tags; the limit is 50"]


def test_terraform_state_is_not_a_request(tmp_path: Path) -> None:
    attributes = {"name": "stored", "s3_bucket_name": "my-trail-logs-123456789012",
                  "arn": "arn:aws:cloudtrail:us-east-2:123456789012:trail/stored",
                  "tags": {f"k{i}": "v" for i in range(51)}}
    state = {"version": 4, "terraform_version": "1.9.5", "serial": 1, "lineage": "x", "outputs": {}, "resources": [{
        "mode": "managed", "type": "aws_cloudtrail", "name": "t", "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
        "instances": [{"schema_version": 1, "attributes": attributes}]}]}
    assert lint(tmp_path, "terraform.tfstate", json.dumps(state)) == []


def test_terraform_tags_of_a_variable_without_value_are_said_with_their_cause(tmp_path: Path) -> None:
    tf = ('variable "tags" {\n  type = map(string)\n}\nvariable "env" {}\n'
          'resource "aws_cloudtrail" "t" {\n  name = "var-tags"\n  s3_bucket_name = "my-trail-logs-123456789012"\n'
          '  tags = var.tags\n}\n'
          'resource "aws_cloudtrail" "u" {\n  name = "var-value"\n  s3_bucket_name = "my-trail-logs-123456789012"\n'
          '  s3_key_prefix = "u"\n  tags = { env = var.env }\n}\n')
    found = lint(tmp_path, "main.tf", tf)
    # a value not known offline is not measured: only the map's own cause blocks TL224
    assert [line for line in found if "var.env" in line] == []
    assert [line.split(", so not known: ")[1] for line in found if "var.tags" in line] == [
        "tags of aws_cloudtrail.t (TL224 (invalid-trail-tags) cannot decide)"]


# Provider default tags: every resource of the configuration takes them, and a key the resource writes
# itself is the resource's (tags_all), not a second tag.
# https://registry.terraform.io/providers/hashicorp/aws/latest/docs#default_tags-configuration-block

def _tf_with_defaults(own: int, defaults: int, shared: int, provider: str = "") -> str:
    """A trail with ``own`` tags k0.. under a provider whose default tags are ``shared`` of the same
    keys and ``defaults - shared`` keys of its own."""
    default_keys = [f"k{i}" for i in range(shared)] + [f"d{i}" for i in range(defaults - shared)]
    default_map = "".join(f'      {key} = "provider"\n' for key in default_keys)
    own_map = "".join(f'    k{i} = "v"\n' for i in range(own))
    return (f'provider "aws" {{\n  region = "us-east-2"\n{provider}  default_tags {{\n    tags = {{\n{default_map}'
            f'    }}\n  }}\n}}\nresource "aws_cloudtrail" "t" {{\n  name = "defaulted"\n'
            f'  s3_bucket_name = "my-trail-logs-123456789012"\n  tags = {{\n{own_map}  }}\n}}\n')


@settings(max_examples=25, deadline=None)
@given(own=st.integers(min_value=0, max_value=55), defaults=st.integers(min_value=0, max_value=8), data=st.data())
def test_default_tags_count_with_the_trails_own_and_a_shared_key_once(tmp_path_factory, own: int, defaults: int,
                                                                      data: st.DataObject) -> None:
    shared = data.draw(st.integers(min_value=0, max_value=min(own, defaults)))
    total = own + defaults - shared
    found = lint(tmp_path_factory.mktemp("defaults"), "main.tf", _tf_with_defaults(own, defaults, shared))
    assert found == ([f"TL224 trail 'defaulted' has {total} tags; the limit is 50"] if total > 50 else [])


def test_an_aliased_providers_default_tags_are_its_own(tmp_path: Path) -> None:
    """The default configuration has no default tags; the alias the trail names has 3, which make 51."""
    tf = _tf_with_defaults(48, 3, 0, provider='  alias = "tagged"\n').replace(
        '  name = "defaulted"', '  provider = aws.tagged\n  name = "defaulted"')
    tf += 'provider "aws" {\n  region = "us-east-2"\n}\n'
    assert lint(tmp_path, "main.tf", tf) == ["TL224 trail 'defaulted' has 51 tags; the limit is 50"]
    plain = tf.replace("  provider = aws.tagged\n", "")
    assert lint(tmp_path / "plain", "main.tf", plain) == []


def test_default_tags_not_known_offline_are_said_only_while_the_known_tags_are_within_the_limit(
        tmp_path: Path) -> None:
    provider = ('variable "defaults" {\n  type = map(string)\n}\nprovider "aws" {\n  region = "us-east-2"\n'
                '  default_tags {\n    tags = var.defaults\n  }\n}\n')

    def trail(name: str, count: int) -> str:
        tags = "".join(f'    k{i} = "v"\n' for i in range(count))
        return (f'resource "aws_cloudtrail" "{name}" {{\n  name = "{name}"\n'
                f'  s3_bucket_name = "my-trail-logs-123456789012"\n  tags = {{\n{tags}  }}\n}}\n')
    found = lint(tmp_path, "main.tf", provider + trail("fifty", 50) + trail("fifty-one", 51))
    assert "TL224 trail 'fifty-one' has at least 51 tags; the limit is 50" in found
    said = [line.split(", so not known: ")[1] for line in found if line.startswith("TL002")]
    # the one with 50 known tags may have more: open, with the variable's cause; the other is an error
    assert said == [("default_tags of provider aws of aws_cloudtrail.fifty (TL224 (invalid-trail-tags) cannot "
                    "decide); default_tags of provider aws of aws_cloudtrail.fifty-one")]


def _dynamic(tf: str, for_each: str) -> str:
    """The configuration with its provider's default_tags block written as a dynamic block over ``for_each``."""
    start = tf.index("  default_tags {\n")
    end = tf.index("    }\n  }\n", start) + len("    }\n  }\n")
    tags = tf[start + len("  default_tags {\n"):end - len("  }\n")]
    return (tf[:start] + f'  dynamic "default_tags" {{\n    for_each = {for_each}\n    content {{\n{tags}    }}\n  }}\n'
            + tf[end:])


@settings(max_examples=15, deadline=None)
@given(own=st.integers(min_value=46, max_value=52), defaults=st.integers(min_value=1, max_value=4),
       generated=st.sampled_from(["[1]", '{ only = "x" }', "[]", "{}"]))
def test_a_dynamic_default_tags_block_is_read_as_the_block_it_generates(tmp_path_factory, own: int, defaults: int,
                                                                       generated: str) -> None:
    folder = tmp_path_factory.mktemp("dynamic")
    static = _tf_with_defaults(own, defaults if generated not in ("[]", "{}") else 0, 0)
    assert lint(folder / "dynamic", "main.tf", _dynamic(_tf_with_defaults(own, defaults, 0), generated)) == \
        lint(folder / "static", "main.tf", static)


def test_a_dynamic_default_tags_block_reads_its_iterator_and_says_what_it_cannot_read(tmp_path: Path) -> None:
    tf = _tf_with_defaults(1, 1, 0).replace('d0 = "provider"', "long = tags.value")
    found = lint(tmp_path / "iterator", "main.tf",
                 _dynamic(tf, '{ x = "' + "v" * 257 + '" }').replace("for_each", "iterator = tags\n    for_each"))
    assert found == ["TL224 the value of tag 'long' of trail 'defaulted' has 257 characters; the limit is 256"]
    unknown = 'variable "generated" {\n  type = list(string)\n}\n' + _dynamic(_tf_with_defaults(1, 1, 0),
                                                                               "var.generated")
    assert lint(tmp_path / "unknown", "main.tf", unknown) == [
        ("TL002 var.generated has no value: no default, and none given in a tfvars file or --var (in the root module), "
        "so not known: default_tags of provider aws of aws_cloudtrail.t (TL224 (invalid-trail-tags) cannot decide)")]
    # the provider takes one default_tags block: Terraform rejects two
    assert lint(tmp_path / "two", "main.tf", _dynamic(_tf_with_defaults(1, 1, 0), "[1, 2]")) == [
        ('TL002 dynamic "default_tags" makes 2 default_tags blocks, and the AWS provider takes one, which Terraform '
        "rejects (in the root module), so not known: default_tags of provider aws of aws_cloudtrail.t (TL224 "
        "(invalid-trail-tags) cannot decide)")]


def test_default_tags_merged_from_a_map_not_known_offline_count_the_maps_that_are_known(tmp_path: Path) -> None:
    """``merge({...}, var.more)``, also through a local value: the known keys are tags, the unknown map
    any number more (one TL002 for the trails it leaves open)."""
    def config(own: int, tags: str) -> str:
        return ('variable "more" {\n  type = map(string)\n}\n' f"locals {{\n  defaults = {tags}\n}}\n"
                + _tf_with_defaults(own, 1, 0).replace('d0 = "provider"', "").replace(
                    "    tags = {\n      \n    }\n", "    tags = local.defaults\n"))
    merged = 'merge({ a = "x", b = "y" }, var.more)'
    assert "TL224 trail 'defaulted' has at least 51 tags; the limit is 50" in lint(tmp_path / "over", "main.tf",
                                                                                   config(49, merged))
    assert lint(tmp_path / "within", "main.tf", config(48, merged)) == [
        ("TL002 var.more has no value: no default, and none given in a tfvars file or --var (in the root module), "
        "so not known: default_tags of provider aws of aws_cloudtrail.t (TL224 (invalid-trail-tags) cannot decide)")]
    # a map merged in after a known value may replace it: that value is not measured; one merged in before is
    long = '{ a = "' + "x" * 300 + '" }'
    assert [line for line in lint(tmp_path / "replaced", "main.tf", config(1, f"merge({long}, var.more)"))
            if line.startswith("TL224")] == []
    assert [line for line in lint(tmp_path / "kept", "main.tf", config(1, f"merge(var.more, {long})"))
            if line.startswith("TL224")] == [
        "TL224 the value of tag 'a' of trail 'defaulted' has 300 characters; the limit is 256"]


def test_default_tags_in_tf_json_are_placed_at_their_aliased_provider(tmp_path: Path) -> None:
    config = {"provider": {"aws": [{"region": "us-east-2"},
                                   {"alias": "east", "region": "us-east-1",
                                    "default_tags": {"tags": {"note": "x" * 257}}}]},
              "resource": {"aws_cloudtrail": {"t": {"provider": "aws.east", "name": "json-tags",
                                                    "s3_bucket_name": "my-trail-logs-123456789012"}}}}
    (tmp_path / "main.tf.json").write_text(json.dumps(config, indent=1))
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = run(["main.tf.json"], from_mapping({"select": ["TL224"]}), all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    assert [(f.line, f.message) for f in result.findings] == [
        (11, "the value of tag 'note' of trail 'json-tags' has 257 characters; the limit is 256")]


def _plan_with_defaults(own: int, default_tags: object) -> str:
    after = {"name": "planned", "s3_bucket_name": "my-trail-logs-123456789012",
             "tags": {f"k{i}": "v" for i in range(own)}}
    provider: dict = {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws",
                      "expressions": {"region": {"constant_value": "us-east-2"}}}
    if default_tags is not None:
        provider["expressions"]["default_tags"] = [{"tags": default_tags}]
    return json.dumps({
        "format_version": "1.2", "terraform_version": "1.9.5",
        "variables": {"defaults": {"value": {"d0": "x", "d1": "y", "k0": "z"}}},
        "resource_changes": [{
            "address": "aws_cloudtrail.t", "mode": "managed", "type": "aws_cloudtrail", "name": "t",
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": ["create"], "before": None, "after": after,
                       "after_unknown": {"tags_all": True, "arn": True}}}],
        "configuration": {"provider_config": {"aws": provider}, "root_module": {"resources": [{
            "address": "aws_cloudtrail.t", "mode": "managed", "type": "aws_cloudtrail", "name": "t",
            "provider_config_key": "aws", "expressions": {}}]}}}, indent=1)


def test_a_plan_whose_tags_all_is_not_known_counts_its_configurations_default_tags(tmp_path: Path) -> None:
    """tags_all is known only after apply when a tag value is: the trail's tags and the default tags of
    its provider configuration (constant, or a root variable's value) are what it will hold."""
    constant = {"constant_value": {"d0": "x", "d1": "y", "d2": "z"}}
    assert lint(tmp_path / "c", "plan.tfplan.json", _plan_with_defaults(48, constant)) == [
        "TL224 trail 'planned' has 51 tags; the limit is 50"]
    assert lint(tmp_path / "n", "plan.tfplan.json", _plan_with_defaults(48, None)) == []
    # k0 is the trail's own as well: 48 + 2
    variable = {"references": ["var.defaults"]}
    assert lint(tmp_path / "v", "plan.tfplan.json", _plan_with_defaults(48, variable)) == []
    assert lint(tmp_path / "w", "plan.tfplan.json", _plan_with_defaults(50, variable)) == [
        "TL224 trail 'planned' has 52 tags; the limit is 50"]


def test_a_plans_default_tags_of_an_expression_leave_the_count_open(tmp_path: Path) -> None:
    local = {"references": ["local.tags"]}
    found = lint(tmp_path / "l", "plan.tfplan.json", _plan_with_defaults(50, local))
    assert found == [("TL002 TL224 (invalid-trail-tags) cannot decide: the number of tags of trail 'planned' "
                     "is not known")]
    assert lint(tmp_path / "m", "plan.tfplan.json", _plan_with_defaults(51, local)) == [
        "TL224 trail 'planned' has at least 51 tags; the limit is 50"]
