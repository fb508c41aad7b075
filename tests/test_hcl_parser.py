"""trail-lint's HCL reader: every construct Terraform accepts, the built-in functions, variable
values, and unknowns that say why (one TL002 per cause)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_terraform_hcl import plain

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.model import UNKNOWN, Cause
from trail_lint.normalise.terraform.hcl import read_tree
from trail_lint.normalise.terraform.hcl_eval import evaluate
from trail_lint.normalise.terraform.hcl_functions import Unresolved, supported
from trail_lint.normalise.terraform.hcl_syntax import TfSyntaxError, parse_tf
from trail_lint.registry import all_rules

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def value(text: str, **variables: object) -> object:
    """The value of attribute ``x`` in ``text`` (a whole body, or an expression), ``var.*`` from keywords."""
    body = text if "\nx" in "\n" + text else f"x = {text}\n"
    attribute = parse_tf("t.tf", body).body.attributes["x"]

    def resolve(root: str, steps: list[object]) -> tuple[object, int]:
        if root == "var" and steps and steps[0] in variables:
            return variables[str(steps[0])], 1
        return UNKNOWN, 0
    return plain(evaluate(attribute.expr, resolve))


# --- Syntax: what Terraform accepts ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # comments anywhere: between key and value, inside expressions, after items
    ('x = /* before */ 1 # after\n', 1),
    ('x /* between */ = [1, // one\n  2 /* two */, # three\n  3]\n', [1, 2, 3]),
    ('x = {\n  a = 1 # first\n  /* gap */\n  b = 2 // second\n}\n', {"a": 1, "b": 2}),
    ('x = var.a /* c */ + /* d */ 2\n', 3),
    # heredocs
    ('x = <<EOF\nline ${var.a}\n  EOF-not-the-end\nEOF\n', "line 1\n  EOF-not-the-end\n"),
    ('x = <<-EOT\n    a\n      b\n    EOT\n', "a\n  b\n"),
    ('x = [<<EOF\none\nEOF\n, "two"]\n', ["one\n", "two"]),
    # Terraform 0.11 interpolation, escapes and markers
    ('x = "${var.a}"\n', 1),
    ('x = "${lookup(map("k", "v"), "k")}-${list("a")[0]}"\n', "v-a"),
    ('x = "\\u00e9\\t$${not} %%{not}"\n', "é\t${not} %{not}"),
    # a marker right after its own first character is escaped, however many come before (as terraform console reads them)
    ('x = "$$${a} %%%{b}"\n', "$${a} %%{b}"),
    ('x = "$$$${x} a$b%c$$d%%e"\n', "$$${x} a$b%c$$d%%e"),
    # template directives, nested, with strip markers
    ('x = "%{ if var.a == 1 }one%{ else }other%{ endif }"\n', "one"),
    ('x = "%{ for i, v in ["a", "b"] }${i}=%{ if v == "a" }A%{ else }B%{ endif };%{ endfor }"\n', "0=A;1=B;"),
    ('x = <<EOT\n%{ for v in [1, 2] ~}\n${v}\n%{ endfor ~}\nEOT\n', "1\n2\n"),
    # in a heredoc a strip marker strips the line next to it only; <<- then removes the indentation
    # its lines share, where a stripped line start has none (as terraform console gives them)
    ('x = <<EOT\nx\n%{~ if true ~}\n  y\n%{~ endif ~}\nz\nEOT\n', "x  yz\n"),
    ('x = <<-EOT\n    x\n    %{~ for n in ["a", "b"] ~}\n    ${n}\n    %{~ endfor ~}\n  EOT\n', "    x\n    a\n    b\n"),
    ('x = <<-EOT\n    a %{~ if true ~}   \n      b\n    %{~ endif ~}\n    c\n  EOT\n', "    a      b\n    c\n"),
    ('x = <<-EOT\n      %{ if true }\n    x\n      %{ endif }\n  EOT\n', "  \nx\n  \n"),
    ('x = <<-EOT\n    a\n   \n      b\n  EOT\n', "a\n   \n  b\n"),      # a blank line keeps its spaces
    # splats, indexes and attributes
    ('x = [{ a = 1 }, { a = 2 }][*].a\n', [1, 2]),
    ('x = [{ a = { b = 1 } }].*.a.b\n', [1]),
    ('x = { a = [10, 20] }.a.1\n', 20),
    ('x = { "k-1" = "v" }["k-1"]\n', "v"),
    # for expressions with if, grouping, conditionals across lines
    ('x = [for i, v in ["a", "b", "c"] : "${i}${v}" if v != "b"]\n', ["0a", "2c"]),
    ('x = { for v in ["a", "b", "a"] : v => v... }\n', {"a": ["a", "a"], "b": ["b"]}),
    ('x = var.a == 1 ? (\n  "yes"\n) : "no"\n', "yes"),
    ('x = (var.a == 1\n  ? "yes"\n  : "no")\n', "yes"),
    # calls with ... expansion, provider functions, objects with : and commas
    ('x = max([3, 9, 4]...)\n', 9),
    ('x = provider::aws::arn_parse("a")\n', UNKNOWN),
    # the AWS provider's ARN functions: the resource keeps its colons and slashes
    ('x = provider::aws::arn_parse("arn:aws:logs:eu-west-1:111122223333:log-group:/trail:*")\n',
     {"partition": "aws", "service": "logs", "region": "eu-west-1", "account_id": "111122223333",
      "resource": "log-group:/trail:*"}),
    ('x = provider::aws::arn_parse("arn:aws:s3:::bucket").account_id\n', ""),
    ('x = provider::aws::arn_parse("arn:aws:s3")\n', UNKNOWN),
    ('x = provider::aws::arn_build("aws", "cloudtrail", "us-east-1", "111122223333", "trail/audit")\n',
     "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit"),
    # a template with a directive is a string, even around one value
    ('x = "%{ for v in [1] }${v}%{ endfor }"\n', "1"),
    ('x = { a: 1, "b": 2, (var.k) = 3 }\n', {"a": 1, "b": 2, "key": 3}),
    ('x = [\n  1,\n  2,\n]\n', [1, 2]),
    ('x = !true || -1 < 2 && 1 + 2 * 3 == 7\n', True),
    # "1" and "0" are bools where one is wanted, as "true" and "false" are (terraform console)
    ('x = "1" ? "yes" : "no"\n', "yes"),
    ('x = [!"0", "1" && "0", "%{if "1"}y%{endif}"]\n', [True, False, "y"]),
    ('block "label" {\n  x = 1\n}\nx = 2\n', 2),
    ('one_line { x = 1 }\nx = "after"\n', "after"),
])
def test_constructs_parse_and_evaluate(text: str, expected: object) -> None:
    assert value(text, a=1, k="key") == expected


def test_blocks_labels_positions_and_comments() -> None:
    parsed = parse_tf("t.tf", '# top\nresource "aws_s3_bucket" "b" {\n  bucket = "x" // name\n  dynamic "rule" {\n'
                              '    for_each = []\n    content {}\n  }\n}\n')
    [block] = parsed.body.blocks
    assert (block.type, block.labels, block.position.line, block.position.column, block.end_line) == (
        "resource", ("aws_s3_bucket", "b"), 2, 1, 8)
    assert block.body.attributes["bucket"].position.line == 3
    assert parsed.comments == ((1, "top"), (3, "name"))


def _terraform_rejects(root: Path) -> set[Path]:
    done = subprocess.run(["terraform", "fmt", "-recursive", "-write=false", "-list=false", "-no-color", str(root)],
                          capture_output=True, text=True, timeout=300, check=False)
    return {Path(os.path.abspath(found)) for found in re.findall(r"on (\S+\.tf) line \d+", done.stderr)}


@pytest.mark.skipif(shutil.which("terraform") is None or not CORPUS.is_dir(),
                    reason="needs terraform on PATH and ../shared/corpus")
def test_every_corpus_file_terraform_parses_is_parsed() -> None:
    rejected = _terraform_rejects(CORPUS)
    files = [p for p in sorted(CORPUS.rglob("*.tf")) if p not in rejected]
    assert len(files) > 250
    failures = []
    for path in files:
        try:
            parse_tf(str(path), path.read_text(encoding="utf-8"))
        except TfSyntaxError as error:
            failures.append(f"{path}:{error.line}:{error.column}: {error.message}")
    assert failures == []


@pytest.mark.skipif(shutil.which("terraform") is None, reason="needs terraform on PATH")
def test_what_terraform_rejects_is_a_syntax_error_here_too(tmp_path: Path) -> None:
    (tmp_path / "bad.tf").write_text('a = "open\n')
    assert _terraform_rejects(tmp_path) == {tmp_path / "bad.tf"}
    with pytest.raises(TfSyntaxError):
        parse_tf("bad.tf", (tmp_path / "bad.tf").read_text())


# Values rendered as HCL and read back: every literal form round-trips
_KEYS = st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True)
_SCALARS = st.one_of(st.booleans(), st.none(), st.integers(-10**6, 10**6),
                     st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(_KEYS, inner, max_size=4)), max_leaves=12)


def _render(item: object, style: int) -> str:
    if isinstance(item, dict):
        separator = ",\n" if style % 2 else "\n"
        assign = ":" if style % 3 == 0 else "="
        body = separator.join(f'{key} {assign} /* c */ {_render(v, style + 1)}' for key, v in item.items())
        return "{\n" + body + "\n}"
    if isinstance(item, list):
        return "[" + ", ".join(_render(v, style + 1) for v in item) + ("," if item and style % 2 else "") + "]"
    if isinstance(item, str):
        return json.dumps(item, ensure_ascii=False).replace("${", "$${").replace("%{", "%%{")
    return json.dumps(item)


@settings(max_examples=150, deadline=None)
@given(_VALUES, st.integers(0, 5))
def test_rendered_values_round_trip(item: object, style: int) -> None:
    assert value(f"x = {_render(item, style)}\n") == item


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet='ab =}{[]()"$#%~\n\t.,:?!<>-+*/0123456789x/*\\', max_size=120))
def test_any_text_parses_or_is_a_syntax_error_with_a_position(text: str) -> None:
    try:
        parsed = parse_tf("x.tf", text)
    except TfSyntaxError as error:
        assert error.message.startswith("cannot ") and error.line is not None and error.line >= 1
        return
    for attribute in parsed.body.attributes.values():
        evaluate(attribute.expr, lambda root, steps: (UNKNOWN, 0))


# --- Built-in functions ---------------------------------------------------------------------------

@pytest.mark.parametrize(("expression", "expected"), [
    ('try(var.m.missing, "fallback")', "fallback"),
    ("try(var.m.a, 0)", 1),
    ('can(regex("^a", "abc"))', True),
    ('can(regex("^z", "abc"))', False),
    ('contains(["a", "b"], "b")', True),
    ('lookup({ a = 1 }, "b", 2)', 2),
    ("merge({ a = 1 }, { a = 2, b = 3 })", {"a": 2, "b": 3}),
    ("concat([1], [2, 3])", [1, 2, 3]),
    ("flatten([[1, [2]], 3])", [1, 2, 3]),
    ('coalesce("", null, "x")', "x"),
    ("coalescelist([], [1])", [1]),
    ('compact(["a", "", null])', ["a"]),
    ("distinct([1, 2, 1])", [1, 2]),
    ('element(["a", "b"], 3)', "b"),
    ('index(["a", "b"], "b")', 1),
    ('format("%s-%d-%05.1f-%q-%t-%%", "a", 2, 1.5, "q", true)', 'a-2-001.5-"q"-true-%'),
    ('formatlist("%s=%s", ["a", "b"], "v")', ["a=v", "b=v"]),
    ('join(",", ["a", "b"])', "a,b"),
    ('split(",", "a,b")', ["a", "b"]),
    ('replace("a-b-c", "-", "_")', "a_b_c"),
    ('replace("abc123", "/[0-9]+/", "#")', "abc#"),
    ('lower("AB")', "ab"),
    ('upper("ab")', "AB"),
    ('trimprefix("arn:aws", "arn:")', "aws"),
    ('trimsuffix("a.json", ".json")', "a"),
    ('trimspace("  a ")', "a"),
    ('substr("abcdef", 1, 3)', "bcd"),
    ('startswith("arn:aws", "arn:")', True),
    ('endswith("a.json", ".json")', True),
    ('length({ a = 1, b = 2 })', 2),
    ('keys({ b = 1, a = 2 })', ["a", "b"]),
    ('values({ b = 1, a = 2 })', [2, 1]),
    ('toset(["b", "a", "b"])', ["a", "b"]),
    ("tolist([1])", [1]),
    ("tomap({ a = 1 })", {"a": 1}),
    ("tostring(5)", "5"),
    ('tonumber("5")', 5),
    ('tobool("true")', True),
    ('jsonencode({ b = [1, "<"], a = null })', '{"a":null,"b":[1,"\\u003c"]}'),
    ("jsonencode([1.0, 2.5])", "[1,2.5]"),
    ('jsondecode("{\\"a\\": [1]}")', {"a": [1]}),
    ('yamldecode("a: [1, b]")', {"a": [1, "b"]}),
    ("range(3)", [0, 1, 2]),
    ('zipmap(["a", "b"], [1, 2])', {"a": 1, "b": 2}),
    ("one([7])", 7),
    ("one([])", None),
    ('sort(["b", "a"])', ["a", "b"]),
    ("reverse([1, 2])", [2, 1]),
    ('setunion(["a"], ["b", "a"])', ["a", "b"]),
    ('setintersection(["a", "b"], ["b"])', ["b"]),
    ('setsubtract(["a", "b"], ["b"])', ["a"]),
    ('setproduct(["prod", "dev"], [1, 2])', [["prod", 1], ["prod", 2], ["dev", 1], ["dev", 2]]),
    ('setproduct(toset(["y", "x"]), ["k"])', [["x", "k"], ["y", "k"]]),
    ('setproduct([], ["k"])', []),
    ('setproduct(["k"])', UNKNOWN),             # Terraform rejects: it needs two collections
    ('setproduct({ a = 1 }, ["k"])', UNKNOWN),  # Terraform rejects: a map is not a set or list
    ('strcontains("arn:aws:s3:::logs", ":s3:")', True),
    ('strcontains("arn:aws:s3:::logs", "kms")', False),
    ("min(3, 1)", 1),
    ("max(3, 1)", 3),
    ("abs(-4)", 4),
    ("pow(2, 10)", 1024),                       # terraform console: 1024, 1.4142135623730951, 0.5
    ("pow(2, 0.5)", 1.4142135623730951),
    ("pow(2, -1)", 0.5),
    ("pow(10, 1000)", UNKNOWN),                 # out of a float's range
    ('urlencode("a b&c~_.-/é")', "a+b%26c~_.-%2F%C3%A9"),
    ('regex("(\\\\d+)-(\\\\d+)", "10-20")', ["10", "20"]),
    ('regex("(?P<a>\\\\w+)", "xy")', {"a": "xy"}),
    ('regexall("\\\\d", "a1b2")', ["1", "2"]),
    ('md5("a")', "0cc175b9c0f1b6a831c399e269772661"),
    ('sha256("")', "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ('base64decode(base64encode("x"))', "x"),
    ('sensitive("s")', "s"),
    ('lookup(var.m, "b")', UNKNOWN),            # Terraform would fail: no key, no default
    ("notafunction(1)", UNKNOWN),
    ("coalescelist()", UNKNOWN),                # Terraform rejects: no argument
    ('format("%99999d", 1)', UNKNOWN),          # not built: a width no configuration needs
])
def test_functions(expression: str, expected: object) -> None:
    assert value(f"x = {expression}\n", m={"a": 1}) == expected


def caused(text: str) -> Unresolved:
    """Attribute ``x`` evaluated with ``var.gone`` missing (a cause worth a TL002) and every resource
    attribute known only after apply (no cause of its own)."""
    attribute = parse_tf("t.tf", f"x = {text}\n").body.attributes["x"]

    def resolve(root: str, steps: list[object]) -> tuple[object, int]:
        if root == "var" and steps == ["gone"]:
            return Unresolved(Cause("var.gone has no value"), reported=True), 1
        return UNKNOWN, 0
    found = evaluate(attribute.expr, resolve)
    assert isinstance(found, Unresolved)
    return found


@pytest.mark.parametrize("text", [
    '"${aws_kms_key.audit.arn}/${var.gone}"',
    '"${var.gone}/${aws_kms_key.audit.arn}"',
    'format("%s/%s", aws_kms_key.audit.arn, var.gone)',
    'join("/", [aws_kms_key.audit.arn, var.gone])',
    'merge({ a = aws_kms_key.audit.arn }, var.gone)',
    'aws_kms_key.audit.arn == var.gone',
])
def test_an_unknown_with_a_cause_outweighs_one_known_after_apply(text: str) -> None:
    # "${aws_s3_bucket.logs.arn}/AWSLogs/${var.account}/*" is unknown because of the variable too:
    # that is what the user can fix, so it is what TL002 names
    assert caused(text).cause.text == "var.gone has no value"


@given(st.permutations(['${aws_kms_key.audit.arn}', '${var.gone}', '${cidrhost("10.0.0.0/8", 1)}', "text"]))
def test_a_template_says_the_cause_of_its_unknown_parts_whatever_their_order(parts: list[str]) -> None:
    cause = caused('"' + "/".join(parts) + '"').cause.text
    first = next(part for part in parts if part in ('${var.gone}', '${cidrhost("10.0.0.0/8", 1)}'))
    assert cause == ("var.gone has no value" if first == "${var.gone}"
                     else "function cidrhost() is not supported by trail-lint")


def test_try_skips_an_argument_that_fails_after_a_part_known_only_after_apply() -> None:
    # Terraform evaluates lookup() whatever the ARN turns out to be, and it fails: try() falls back
    assert value('try("${aws_kms_key.audit.arn}${lookup({}, "k")}", "fallback")') == "fallback"


_AFTER_APPLY = Unresolved(Cause("data.aws_caller_identity.current is read from AWS when Terraform runs"))


@pytest.mark.parametrize(("expression", "expected"), [
    # a reference whose value is found, with an ARN in it not known offline: try() gives it
    ("try(var.s.data_resource, [])", [{"type": "AWS::Lambda::Function", "values": [UNKNOWN]}]),
    ('try((var.s["data_resource"]), [])', [{"type": "AWS::Lambda::Function", "values": [UNKNOWN]}]),
    ("can(var.s.data_resource)", True),
    ("try(var.s.missing, [])", []),
    # a reference wholly unknown may be missing once known; a function on an unknown may fail
    ("try(var.gone.data_resource, [])", UNKNOWN),
    ('try([tonumber(var.s.data_resource[0].values[0])], [])', UNKNOWN),
    ('try(["${var.s.data_resource[0].values[0]}"], [])', UNKNOWN),
])
def test_try_gives_a_reference_found_though_parts_of_it_are_unknown(expression: str, expected: object) -> None:
    selector = {"data_resource": [{"type": "AWS::Lambda::Function", "values": [_AFTER_APPLY]}]}
    assert value(f"x = {expression}\n", s=selector, gone=_AFTER_APPLY) == expected


def test_dynamic_data_resources_through_try_keep_the_ones_known(tmp_path: Path) -> None:
    # the Lambda function's ARN holds the account, read only when Terraform runs; the S3 value, the
    # trail's own log bucket, is known: the trail records its own bucket's writes
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\ndata "aws_caller_identity" "current" {}\n'
        'locals {\n  selectors = [{ data_resource = [\n'
        '    { type = "AWS::S3::Object", values = ["arn:aws:s3:::audit-logs/"] },\n'
        '    { type = "AWS::Lambda::Function",\n'
        '      values = ["arn:aws:lambda:us-east-1:${data.aws_caller_identity.current.account_id}:function:app"] },\n'
        '  ] }]\n}\n'
        'resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  s3_bucket_name = "audit-logs"\n'
        '  dynamic "event_selector" {\n    for_each = local.selectors\n    content {\n'
        '      dynamic "data_resource" {\n        for_each = try(event_selector.value.data_resource, [])\n'
        '        content {\n          type = data_resource.value.type\n'
        '          values = data_resource.value.values\n        }\n      }\n    }\n  }\n}\n')
    assert lint(tmp_path, "TL309", "TL002") == [
        "main.tf:15:3: TL309 trail 'audit' records S3 write data events for its own log bucket 'audit-logs'"]


def test_bucket_policy_unknown_through_a_variable_names_the_variable(tmp_path: Path) -> None:
    # only the Resource holding the variable is unknown: the check it leaves open is named in its TL002
    (tmp_path / "main.tf").write_text(
        'variable "account" {}\n'
        'resource "aws_s3_bucket" "logs" {\n  bucket = "audit-logs"\n}\n'
        'resource "aws_s3_bucket_policy" "logs" {\n  bucket = aws_s3_bucket.logs.id\n'
        '  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetBucketAcl",\n'
        '    Principal = { Service = "cloudtrail.amazonaws.com" }, Resource = aws_s3_bucket.logs.arn },\n'
        '    { Effect = "Allow", Action = "s3:PutObject",\n'
        '    Principal = { Service = "cloudtrail.amazonaws.com" },\n'
        '    Resource = "${aws_s3_bucket.logs.arn}/AWSLogs/${var.account}/*" }] })\n}\n'
        'resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  s3_bucket_name = aws_s3_bucket.logs.id\n}\n')
    assert [line.split(": ", 1)[1] for line in lint(tmp_path, "TL002", "TL207")] == [
        (f"TL002 var.account has no value: no default, and none given in a tfvars file or --var (in the root "
         f"module {tmp_path}), so not known: Resource of statement 2 in policy of aws_s3_bucket_policy.logs "
         "(TL207 (bucket-policy-blocks-delivery) cannot decide)"),
        (f"TL002 home Region of trail 'audit' is not known: pass --region or set `region` in .trail-lint.yaml; "
         f"quota and cost checks count it in the Region of provider aws of root module {tmp_path}, coverage "
         "checks leave it out")]


@pytest.mark.parametrize(("provider", "bucket", "expected"), [
    ('provider "aws" {\n  region = "eu-west-1"\n}\n', 'bucket = "audit-logs"', "arn:aws:s3:::audit-logs"),
    ('provider "aws" {\n  region = "cn-north-1"\n}\n', 'bucket = "audit-logs"', "arn:aws-cn:s3:::audit-logs"),
    ('provider "aws" {\n  region = "eu-west-1"\n}\nprovider "aws" {\n  alias = "gov"\n  region = "us-gov-west-1"\n}\n',
     'bucket = "audit-logs"\n  provider = aws.gov', "arn:aws-us-gov:s3:::audit-logs"),
    ('', 'bucket = "audit-logs"\n  region = "us-gov-east-1"', "arn:aws-us-gov:s3:::audit-logs"),   # provider 6
    ('', 'bucket = "audit-logs"', None),                        # no Region: the partition is not known
    ('provider "aws" {\n  region = "eu-west-1"\n}\n', 'bucket_prefix = "audit-"', None),
    ('provider "aws" {\n  region = "eu-west-1"\n}\n', 'bucket = null', None),   # the provider makes up a name
])
def test_a_bucket_arn_is_its_partition_and_name(tmp_path: Path, provider: str, bucket: str,
                                                expected: str | None) -> None:
    (tmp_path / "main.tf").write_text(
        f'{provider}resource "aws_s3_bucket" "logs" {{\n  {bucket}\n}}\n'
        'resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  s3_bucket_name = aws_s3_bucket.logs.id\n'
        '  sns_topic_name = aws_s3_bucket.logs.arn\n}\n')
    [trail] = read_tree([str(tmp_path / "main.tf")]).contents.trails
    assert trail.sns_topic == (expected or UNKNOWN)
    assert trail.s3_bucket == ("audit-logs" if 'bucket = "audit-logs"' in bucket else UNKNOWN)


def test_bucket_policy_through_the_bucket_arn_is_checked(tmp_path: Path) -> None:
    # the usual shape: "${aws_s3_bucket.logs.arn}/AWSLogs/ACCOUNT/*"; here for another account
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "eu-west-1"\n  allowed_account_ids = ["111122223333"]\n}\n'
        'resource "aws_s3_bucket" "logs" {\n  bucket = "audit-logs"\n}\n'
        'resource "aws_s3_bucket_policy" "logs" {\n  bucket = aws_s3_bucket.logs.id\n'
        '  policy = jsonencode({ Statement = [for action, path in { "s3:GetBucketAcl" = "", '
        '"s3:PutObject" = "/AWSLogs/444455556666/*" } : {\n'
        '    Effect = "Allow", Action = action, Principal = { Service = "cloudtrail.amazonaws.com" },\n'
        '    Resource = "${aws_s3_bucket.logs.arn}${path}" }] })\n}\n'
        'resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  s3_bucket_name = aws_s3_bucket.logs.id\n}\n')
    assert [line.split(": ", 1)[1] for line in lint(tmp_path, "TL002", "TL207")] == [
        ("TL207 bucket policy of 'audit-logs' blocks delivery for trail 'audit': no statement allows "
         "cloudtrail.amazonaws.com s3:PutObject on arn:aws:s3:::audit-logs/AWSLogs/111122223333/*")]


DEFAULT_TOPIC = ("TL208 SNS topic 'notices' of trail 'audit' has the default topic policy, which "
                 "does not let CloudTrail publish notifications")


@pytest.mark.parametrize(("target", "expected"), [
    # the policy is put on a queue: the topic keeps the default policy, CloudTrail cannot publish
    ("aws_sqs_queue.notices.arn", [DEFAULT_TOPIC]),
    ("aws_sqs_queue.notices.id", [DEFAULT_TOPIC]),
    ("aws_sns_topic.notices.arn", []),
    ("var.topic_arn", []),                      # may be the topic: not known which
    ("aws_ssm_parameter.topic.value", []),      # a configured value that may be the topic's ARN
    ("aws_sqs_queue.many[0].arn", []),          # which attribute of the instance is not recorded
    ("aws_kms_alias.notices.arn", []),          # KMS, like S3 and SNS, has resources a policy may be on
])
def test_topic_policy_on_another_resource_leaves_the_topic_default(tmp_path: Path, target: str,
                                                                  expected: list[str]) -> None:
    (tmp_path / "main.tf").write_text(
        'variable "topic_arn" {\n  type = string\n}\n'
        'resource "aws_sns_topic" "notices" {\n  name = "notices"\n}\n'
        'resource "aws_sqs_queue" "notices" {\n  name = "notices"\n}\n'
        'resource "aws_sqs_queue" "many" {\n  count = 1\n  name = "many"\n}\n'
        'resource "aws_ssm_parameter" "topic" {\n  name = "topic"\n  type = "String"\n  value = var.topic_arn\n}\n'
        'resource "aws_kms_alias" "notices" {\n  name = "alias/notices"\n  target_key_id = "k"\n}\n'
        f'resource "aws_sns_topic_policy" "notices" {{\n  arn = {target}\n'
        '  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sns:Publish",\n'
        '    Principal = { Service = "cloudtrail.amazonaws.com" }, Resource = "*" }] })\n}\n'
        'resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  s3_bucket_name = "logs"\n'
        '  sns_topic_name = aws_sns_topic.notices.name\n}\n')
    assert [line.split(": ", 1)[1] for line in lint(tmp_path, "TL208")] == expected


def test_every_listed_function_is_supported() -> None:
    listed = [
        "try", "can", "contains", "lookup", "merge", "concat", "flatten", "coalesce", "coalescelist", "compact",
        "distinct", "element", "index", "format", "formatlist", "join", "split", "replace", "lower", "upper",
        "trimprefix", "trimsuffix", "trimspace", "substr", "startswith", "endswith", "length", "keys", "values",
        "toset", "tolist", "tomap", "tostring", "tonumber", "tobool", "jsonencode", "jsondecode", "yamldecode", "file",
        "templatefile", "range", "zipmap", "one", "sort", "reverse", "setunion", "setintersection", "setsubtract",
        "setproduct", "strcontains", "fileexists", "min", "max", "abs", "pow", "regex", "regexall", "urlencode"
    ]
    assert set(listed) <= supported()


def test_unsupported_function_is_unknown_with_its_name() -> None:
    attribute = parse_tf("t.tf", 'x = cidrsubnet("10.0.0.0/8", 8, 1)\n').body.attributes["x"]
    found = evaluate(attribute.expr, lambda root, steps: (UNKNOWN, 0))
    assert isinstance(found, Unresolved) and found.reported
    assert found.cause.text == "function cidrsubnet() is not supported by trail-lint"


# --- Modules: files, templates, variables, causes ----------------------------------------------

def lint(directory: Path, *rules: str, assignments: tuple[tuple[str, str], ...] = ()) -> list[str]:
    config = Config(select=rules, terraform_assignments=assignments)
    result = run([str(directory)], config, all_rules(), raise_errors=True)
    return [f"{Path(f.file).name}:{f.line}:{f.column}: {f.rule} {f.message}" for f in result.findings]


def test_an_undeclared_variable_is_said_in_the_module_that_uses_it(tmp_path: Path) -> None:
    """The root module passes var.trail_name, which it does not declare, to a child that does: the
    cause is in the root module, where the value reaches the child's trail."""
    (tmp_path / "child").mkdir()
    (tmp_path / "main.tf").write_text('module "c" {\n  source = "./child"\n  trail_name = var.trail_name\n}\n')
    (tmp_path / "child" / "main.tf").write_text(
        'variable "trail_name" {\n  type = string\n}\n'
        'resource "aws_cloudtrail" "t" {\n  name = var.trail_name\n  s3_bucket_name = "audit-logs"\n}\n')
    assert [line for line in lint(tmp_path, "TL002") if "is not declared" in line] == [
        (f"main.tf:5:3: TL002 var.trail_name is not declared (in the root module {tmp_path}), so not known: "
        "name of module.c.aws_cloudtrail.t")]


def test_file_and_templatefile_are_module_relative_and_stay_inside(tmp_path: Path) -> None:
    (tmp_path / "mod").mkdir()
    (tmp_path / "main.tf").write_text('module "m" {\n  source = "./mod"\n}\n')
    (tmp_path / "mod" / "policy.json").write_text('{"Statement": [{"Effect": "Allow", "Action": "cloudtrail:*", '
                                                  '"Resource": "*"}]}')
    (tmp_path / "mod" / "name.tpl").write_text("%{ for p in parts }${p}-%{ endfor }trail")
    (tmp_path.parent / "secret.txt").write_text("outside")
    (tmp_path / "mod" / "main.tf").write_text(
        'resource "aws_iam_policy" "p" {\n  policy = file("${path.module}/policy.json")\n}\n'
        'resource "aws_cloudtrail" "t" {\n  name = templatefile("${path.module}/name.tpl", { parts = ["a", "b"] })\n'
        '  s3_bucket_name = file("${path.module}/../../secret.txt")\n}\n')
    contents = read_tree([str(tmp_path / "main.tf")]).contents
    assert [t.name for t in contents.trails] == ["a-b-trail"]
    assert contents.trails[0].s3_bucket is UNKNOWN
    assert contents.policies[0].statements[0].actions == ("cloudtrail:*",)  # type: ignore[index]
    assert [(u.message, u.cause.text) for u in contents.unknowns if u.cause] == [
        ("s3_bucket_name of module.m.aws_cloudtrail.t is not known",
         "file 'mod/../../secret.txt' is outside the modules and directories being linted, so it is not read")]


def test_trails_keyed_by_setproduct_of_two_lists(tmp_path: Path) -> None:
    # one trail per environment and purpose, keyed "env/purpose" from a product of two lists
    (tmp_path / "main.tf").write_text(
        'locals {\n  pairs = { for p in setproduct(["prod", "test"], ["audit", "data"]) : "${p[0]}/${p[1]}" => p }\n}\n'
        'resource "aws_cloudtrail" "t" {\n  for_each = local.pairs\n  name = join("-", each.value)\n'
        '  s3_bucket_name = "logs"\n  is_multi_region_trail = strcontains(each.key, "audit")\n}\n')
    trails = read_tree([str(tmp_path / "main.tf")]).contents.trails
    assert sorted((t.name, t.multi_region) for t in trails) == [
        ("prod-audit", True), ("prod-data", False), ("test-audit", True), ("test-data", False)]


def test_setproduct_too_large_is_unknown_with_its_cause(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_cloudtrail" "t" {\n  for_each = toset([for p in setproduct(range(1000), range(1000)) : '
        '"${p[0]}"])\n  name = each.key\n  s3_bucket_name = "logs"\n}\n')
    reading = read_tree([str(tmp_path / "main.tf")]).contents
    assert [t.name for t in reading.trails] == [UNKNOWN]      # its instances are not known
    assert {u.cause.text for u in reading.unknowns if u.cause} == {"a value with more than 200,000 parts"}


def test_template_file_data_source_is_rendered_like_templatefile(tmp_path: Path) -> None:
    # the template provider's data source, common in modules written before templatefile() (0.12)
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "bucket.json").write_text(
        '{"Statement": [\n'
        ' {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:GetBucketAcl",\n'
        '  "Resource": "arn:aws:s3:::${bucket}"},\n'
        ' {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject",\n'
        '  "Resource": "arn:aws:s3:::${bucket}/${prefix}/AWSLogs/${account}/*"}]}')
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "eu-west-2"\n  allowed_account_ids = ["111122223333"]\n}\n'
        'data "template_file" "named" {\n  count = 2\n  template = "$${kind}-audit-${count.index}"\n'
        '  vars = {\n    kind = "org"\n  }\n}\n'
        'data "template_file" "bucket_policy" {\n  template = file("${path.module}/policies/bucket.json")\n'
        '  vars = {\n    bucket = "audit-logs"\n    prefix = "trails"\n    account = "444455556666"\n  }\n}\n'
        'resource "aws_s3_bucket" "logs" {\n  bucket = "audit-logs"\n'
        '  policy = data.template_file.bucket_policy.rendered\n}\n'
        'resource "aws_cloudtrail" "audit" {\n  name = data.template_file.named[1].rendered\n'
        '  s3_bucket_name = aws_s3_bucket.logs.id\n  s3_key_prefix = "trails"\n}\n')
    assert [line.split(": ", 1)[1] for line in lint(tmp_path, "TL002", "TL207")] == [
        ("TL207 bucket policy of 'audit-logs' blocks delivery for trail 'org-audit-1': no statement allows "
         "cloudtrail.amazonaws.com s3:PutObject on arn:aws:s3:::audit-logs/trails/AWSLogs/111122223333/*")]


def test_templatefile_policy_over_trail_arns_known_after_apply(tmp_path: Path) -> None:
    """A policy written from a template over the trails' ARNs (known after apply) is read around
    them: a list through jsonencode, a statement per trail through %{for}."""
    (tmp_path / "policy.json.tftpl").write_text(
        '{"Version": "2012-10-17", "Statement": [\n'
        '  {"Effect": "Allow", "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"],\n'
        '   "Resource": ${jsonencode(trails)}},\n'
        '%{ for t in protected ~}\n'
        '  {"Effect": "Deny", "Action": "cloudtrail:DeleteTrail", "Resource": "${t}"},\n'
        '%{ endfor ~}\n'
        '  {"Effect": "Allow", "Action": "cloudtrail:DescribeTrails", "Resource": "*"}]}\n')
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "eu-west-1"\n}\n'      # the trails' account is not known
        'resource "aws_cloudtrail" "main" {\n  name = "main"\n  s3_bucket_name = "logs"\n}\n'
        'resource "aws_cloudtrail" "other" {\n  name = "other"\n  s3_bucket_name = "logs"\n}\n'
        'resource "aws_iam_policy" "p" {\n  policy = templatefile("${path.module}/policy.json.tftpl", {\n'
        '    trails = [aws_cloudtrail.main.arn, aws_cloudtrail.other.arn], protected = [aws_cloudtrail.main.arn] })\n}\n'
        'resource "aws_iam_user" "ops" {\n  name = "ops"\n}\n'
        'resource "aws_iam_user_policy_attachment" "ops" {\n  user = aws_iam_user.ops.name\n'
        '  policy_arn = aws_iam_policy.p.arn\n}\n')
    assert [line.split(": ", 1)[1] for line in lint(tmp_path, "TL002", "TL401")] == [
        "TL401 user ops can StopLogging on 'main'; StopLogging, DeleteTrail on 'other'"]


def test_template_file_over_a_missing_file_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'data "template_file" "key_policy" {\n  template = file("${path.module}/key.json")\n}\n'
        'resource "aws_kms_key" "logs" {\n  policy = data.template_file.key_policy.rendered\n}\n'
        'resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  s3_bucket_name = "logs"\n'
        '  kms_key_id = aws_kms_key.logs.arn\n}\n')
    assert [line for line in lint(tmp_path, "TL002") if "key.json" in line] == [
        (f"main.tf:5:3: TL002 file './key.json' does not exist (in the root module {tmp_path}), so not known: "
         "policy of aws_kms_key.logs")]


IMPORTED_BUCKET = (
    'provider "aws" {\n  region = "eu-west-1"\n  allowed_account_ids = ["111122223333"]\n}\n'
    'resource "aws_s3_bucket" "logs" {\n  bucket = "audit-logs"\n}\n'
    'resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  s3_bucket_name = aws_s3_bucket.logs.id\n}\n')
ADOPTED = "import {\n  to = aws_s3_bucket.logs\n  id = \"audit-logs\"\n}\n"


def test_an_imported_bucket_keeps_what_it_has(tmp_path: Path) -> None:
    # an import block adopts an existing bucket: its policy, ACL, logging and versioning are what the
    # bucket already has, which the configuration does not say
    (tmp_path / "main.tf").write_text(ADOPTED + IMPORTED_BUCKET)
    found = [line.split(": ", 1)[1] for line in lint(tmp_path, "TL002", "TL207", "TL307", "TL310", "TL311")]
    assert found == [
        (f"TL002 aws_s3_bucket.logs is adopted by an import block: what it already has is not in the inputs (in "
         f"the root module {tmp_path}), so not known: policy, acl, logging, versioning, object_lock_configuration "
         "of aws_s3_bucket.logs")]


def test_a_bucket_created_here_has_only_what_the_configuration_gives(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(IMPORTED_BUCKET)
    assert [line.split(": ", 1)[1].split(" ")[0] for line in lint(tmp_path, "TL002", "TL207", "TL310", "TL311")] == [
        "TL207", "TL310", "TL311"]


def test_an_imported_bucket_with_its_own_policy_and_settings_is_checked(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        ADOPTED + IMPORTED_BUCKET +
        'resource "aws_s3_bucket_versioning" "logs" {\n  bucket = aws_s3_bucket.logs.id\n'
        '  versioning_configuration {\n    status = "Suspended"\n  }\n}\n'
        'resource "aws_s3_bucket_policy" "logs" {\n  bucket = aws_s3_bucket.logs.id\n'
        '  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetBucketAcl",\n'
        '    Principal = { Service = "cloudtrail.amazonaws.com" }, Resource = aws_s3_bucket.logs.arn }] })\n}\n')
    rules = [line.split(": ", 1)[1].split(" ")[0] for line in lint(tmp_path, "TL207", "TL311")]
    assert sorted(rules) == ["TL207", "TL311"]     # no PutObject grant; versioning suspended


def test_an_imported_key_keeps_its_policy(tmp_path: Path) -> None:
    text = ('resource "aws_kms_key" "logs" {\n  description = "trail logs"\n}\n'
            'resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  s3_bucket_name = "logs"\n'
            '  kms_key_id = aws_kms_key.logs.arn\n}\n')
    (tmp_path / "main.tf").write_text(text)
    assert [line.split(": ", 1)[1].split(" ")[0] for line in lint(tmp_path, "TL209")] == ["TL209"]  # default policy
    (tmp_path / "main.tf").write_text('import {\n  to = aws_kms_key.logs\n  id = "1234abcd"\n}\n' + text)
    assert lint(tmp_path, "TL209") == []


@pytest.mark.parametrize(("provider", "expected"), [
    ('provider "aws" {\n  region = "eu-west-1"\n  allowed_account_ids = ["111122223333"]\n}\n',
     "aws/eu-west-1/111122223333/eu-west-1"),
    (('provider "aws" {\n  region = "cn-north-1"\n  assume_role {\n'
      '    role_arn = "arn:aws-cn:iam::444455556666:role/deploy"\n  }\n}\n'), "aws-cn/cn-north-1/444455556666/eu-west-1"),
    ('provider "aws" {\n  region = "us-east-1"\n  allowed_account_ids = ["111122223333", "444455556666"]\n}\n',
     None),                                    # two accounts: which one runs it is not said
    ('', None),                                # nothing pinned: read from AWS when Terraform runs
])
def test_region_partition_and_account_data_sources_from_the_provider(tmp_path: Path, provider: str,
                                                                     expected: str | None) -> None:
    # what these data sources return is what the provider configuration pins, when it does;
    # data.aws_region with its own region argument reads that Region
    (tmp_path / "main.tf").write_text(
        provider + 'data "aws_caller_identity" "me" {}\ndata "aws_partition" "here" {\n  count = 1\n}\n'
        'data "aws_region" "here" {}\ndata "aws_region" "other" {\n  region = "eu-west-1"\n}\n'
        'resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  s3_bucket_name = "logs"\n'
        '  s3_key_prefix = join("/", [data.aws_partition.here[0].partition, data.aws_region.here.name, '
        'data.aws_caller_identity.me.account_id, data.aws_region.other.region])\n}\n')
    [trail] = read_tree([str(tmp_path / "main.tf")]).contents.trails
    assert trail.s3_key_prefix == (expected or UNKNOWN)


def test_fileexists_picks_the_policy_file_that_is_there(tmp_path: Path) -> None:
    # optional policy files, kept only when present; and a default when a file is missing
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "audit.json").write_text(
        '{"Statement": [{"Effect": "Allow", "Action": "cloudtrail:StopLogging", "Resource": "*"}]}')
    (tmp_path.parent / "elsewhere.json").write_text("{}")
    (tmp_path / "main.tf").write_text(
        'locals {\n  wanted = ["audit.json", "extra.json"]\n'
        '  present = [for f in local.wanted : f if fileexists("${path.module}/policies/${f}")]\n}\n'
        'resource "aws_iam_policy" "optional" {\n  for_each = toset(local.present)\n'
        '  policy = file("${path.module}/policies/${each.value}")\n}\n'
        'resource "aws_iam_policy" "fallback" {\n'
        '  policy = try(file("${path.module}/policies/extra.json"), jsonencode({ Statement = [] }))\n}\n'
        'resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  s3_bucket_name = "logs"\n'
        '  enable_logging = fileexists("../elsewhere.json")\n}\n')
    contents = read_tree([str(tmp_path / "main.tf")]).contents
    assert sorted(p.name for p in contents.policies) == ['aws_iam_policy.fallback', 'aws_iam_policy.optional["audit.json"]']
    assert [p.statements for p in contents.policies if p.name == "aws_iam_policy.fallback"] == [()]
    assert contents.trails[0].logging is UNKNOWN       # outside the modules being linted: not looked at


def test_tl002_only_for_s3_settings_a_rule_reads(tmp_path: Path) -> None:
    # how long logs are kept (TL320 reads only that a lifecycle configuration exists) or who is notified
    # settles no check; the account's Block Public Access does
    (tmp_path / "main.tf").write_text(
        'variable "days" {}\nvariable "queue" {}\nvariable "strict" {}\n'
        'resource "aws_s3_bucket" "logs" {\n  bucket = "audit-logs"\n}\n'
        'resource "aws_s3_bucket_lifecycle_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n'
        '  rule {\n    id = "expire"\n    status = "Enabled"\n    expiration {\n      days = var.days\n    }\n  }\n}\n'
        'resource "aws_s3_bucket_notification" "logs" {\n  bucket = aws_s3_bucket.logs.id\n'
        '  queue {\n    queue_arn = var.queue\n    events = ["s3:ObjectCreated:*"]\n  }\n}\n'
        'resource "aws_s3_account_public_access_block" "all" {\n  block_public_acls = var.strict\n}\n'
        'resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  s3_bucket_name = aws_s3_bucket.logs.id\n}\n')
    causes = [line.split("TL002 ", 1)[1].split(" has no value")[0] for line in lint(tmp_path, "TL002")
              if "has no value" in line]
    assert causes == ["var.strict"]


@pytest.mark.parametrize(("block", "rule"), [
    (('  lifecycle_rule {\n    enabled = true\n    transition {\n      days = var.days\n'
      '      storage_class = "ONEZONE_IA"\n    }\n    expiration {\n      days = var.days\n    }\n  }\n'), "TL320"),
    ('  logging {\n    target_bucket = var.days\n    target_prefix = "trail/"\n  }\n', "TL310"),
], ids=["lifecycle_rule", "logging"])
def test_a_value_inside_a_bucket_block_read_only_as_present_is_no_tl002(tmp_path: Path, block: str,
                                                                        rule: str) -> None:
    # provider v3 shape: lifecycle_rule and logging written on aws_s3_bucket itself; TL320 and TL310
    # read only that the block is there, so an unset variable inside it leaves nothing open
    (tmp_path / "main.tf").write_text(
        'variable "days" {}\nvariable "strict" {}\n'
        f'resource "aws_s3_bucket" "logs" {{\n  bucket = "audit-logs"\n{block}}}\n'
        'resource "aws_s3_account_public_access_block" "all" {\n  block_public_acls = var.strict\n}\n'
        'resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  s3_bucket_name = aws_s3_bucket.logs.id\n}\n')
    causes = [line.split("TL002 ", 1)[1].split(" has no value")[0] for line in lint(tmp_path, "TL002")
              if "has no value" in line]
    assert causes == ["var.strict"]
    assert lint(tmp_path, rule) == []       # the block is there: the rule is satisfied, not left open


def test_a_bucket_block_list_not_known_offline_is_still_said(tmp_path: Path) -> None:
    # a dynamic lifecycle_rule over a variable without a value: whether the bucket has one is open
    (tmp_path / "main.tf").write_text(
        'variable "rules" {}\n'
        'resource "aws_s3_bucket" "logs" {\n  bucket = "audit-logs"\n'
        '  dynamic "lifecycle_rule" {\n    for_each = var.rules\n    content {\n      enabled = true\n'
        '    }\n  }\n}\n'
        'resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  s3_bucket_name = aws_s3_bucket.logs.id\n}\n')
    said = [line for line in lint(tmp_path, "TL002", "TL320") if "var.rules" in line]
    assert len(said) == 1 and "TL320" in said[0]


def test_an_existing_bucket_looked_up_by_name_is_that_bucket(tmp_path: Path) -> None:
    # data "aws_s3_bucket" gives the name it was given: the trail's log bucket is known, and not in the inputs
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "us-gov-west-1"\n}\n'
        'data "aws_s3_bucket" "shared" {\n  bucket = "org-audit-logs"\n}\n'
        'resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  s3_bucket_name = data.aws_s3_bucket.shared.id\n'
        '  s3_key_prefix = data.aws_s3_bucket.shared.arn\n}\n')
    [trail] = read_tree([str(tmp_path / "main.tf")]).contents.trails
    assert (trail.s3_bucket, trail.s3_key_prefix) == ("org-audit-logs", "arn:aws-us-gov:s3:::org-audit-logs")


def test_optional_attributes_get_their_defaults(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'variable "trail" {\n  type = object({\n    name = string\n    validation = optional(bool, true)\n'
        '    multi = optional(bool)\n  })\n  default = { name = "t" }\n}\n'
        'resource "aws_cloudtrail" "t" {\n  name = var.trail.name\n  s3_bucket_name = "b"\n'
        '  enable_log_file_validation = var.trail.validation\n'
        '  is_multi_region_trail = var.trail.multi == null ? false : var.trail.multi\n}\n')
    [trail] = read_tree([str(tmp_path / "main.tf")]).contents.trails
    assert (trail.name, trail.log_file_validation, trail.multi_region) == ("t", True, False)


def test_variable_precedence_tfvars_then_var_file_then_var(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('variable "name" {\n  default = "default"\n}\nvariable "regions" {\n'
                                      '  type = list(string)\n  default = []\n}\n'
                                      'resource "aws_cloudtrail" "t" {\n  name = "${var.name}-${length(var.regions)}"\n'
                                      '  s3_bucket_name = "b"\n}\n')
    (tmp_path / "terraform.tfvars").write_text('name = "tfvars"\n')
    (tmp_path / "x.auto.tfvars.json").write_text('{"name": "auto"}')
    (tmp_path / "prod.tfvars").write_text('name = "prod"\n')

    def names(*assignments: tuple[str, str]) -> list[str]:
        reading = read_tree([str(tmp_path / "main.tf")], assignments)
        return [str(t.name) for t in reading.contents.trails]
    assert names() == ["auto-0"]
    assert names(("file", str(tmp_path / "prod.tfvars"))) == ["prod-0"]
    assert names(("var", "name=cli"), ("file", str(tmp_path / "prod.tfvars"))) == ["prod-0"]
    assert names(("file", str(tmp_path / "prod.tfvars")), ("var", "name=cli"), ("var", 'regions=["a","b"]')) == [
        "cli-2"]
    (tmp_path / "z.auto.tfvars").write_text('name = "open\n')
    reading = read_tree([str(tmp_path / "main.tf")])
    assert [(e.file, e.line, e.column) for e in reading.errors] == [(str(tmp_path / "z.auto.tfvars"), 1, 8)]
    assert [t.name for t in reading.contents.trails] == ["auto-0"]      # the other variable files still apply
    (tmp_path / "z.auto.tfvars").unlink()
    reading = read_tree([str(tmp_path / "main.tf")], (("file", str(tmp_path / "missing.tfvars")),))
    assert [(e.file, e.message) for e in reading.errors] == [
        (str(tmp_path / "missing.tfvars"), "cannot read variable file: No such file or directory")]
    assert reading.variable_files == (str(tmp_path / "terraform.tfvars"), str(tmp_path / "x.auto.tfvars.json"))


def test_a_cause_is_one_finding_listing_what_it_blocked(tmp_path: Path) -> None:
    regions = ", ".join(f'"r{i}"' for i in range(17))
    (tmp_path / "variables.tf").write_text('variable "regions" {\n  type = list(string)\n}\n')
    (tmp_path / "main.tf").write_text(
        f'provider "aws" {{\n  region = "eu-west-1"\n}}\nlocals {{\n  all = [{regions}]\n}}\n'
        'resource "aws_cloudtrail" "t" {\n  for_each = toset([for r in local.all : r if contains(var.regions, r)])\n'
        '  name = each.key\n  s3_bucket_name = "b"\n}\n'
        'resource "aws_sns_topic" "alerts" {\n  count = contains(var.regions, "r1") ? 1 : 0\n  name = "a"\n}\n'
        'resource "aws_instance" "unrelated" {\n  count = length(var.regions)\n}\n'
        'resource "aws_cloudtrail" "fn" {\n  name = "fn"\n  s3_bucket_name = "b"\n'
        '  kms_key_id = cidrhost("10.0.0.0/8", 1)\n}\n')
    assert lint(tmp_path, "TL002") == [
        (f"main.tf:22:3: TL002 function cidrhost() is not supported by trail-lint (in the root module {tmp_path}), "
         "so not known: kms_key_id of aws_cloudtrail.fn"),
        ("variables.tf:1:1: TL002 var.regions has no value: no default, and none given in a tfvars file or --var "
         f"(in the root module {tmp_path}), so not known: for_each of aws_cloudtrail.t; count of aws_sns_topic.alerts; "
         "name of trail aws_cloudtrail.t"),
    ]
    assert lint(tmp_path, "TL002", assignments=(("var", 'regions=["r1", "r2"]'),)) == [
        (f"main.tf:22:3: TL002 function cidrhost() is not supported by trail-lint (in the root module {tmp_path}), "
         "so not known: kms_key_id of aws_cloudtrail.fn")]


def test_unknowns_of_any_format_group_by_cause() -> None:
    from trail_lint.model import At, Cause, Problem
    from trail_lint.unknowns import by_cause

    parameter = Cause("parameter Bucket has no pinned value", At("t.yaml", ("Parameters", "Bucket")), "t.yaml")
    problems = [
        Problem("S3BucketName of trail A is not known", At("t.yaml", ("Resources", "A", "S3BucketName")), "A",
                cause=parameter),
        Problem("S3BucketName of trail A is not known", At("t.yaml", ("Resources", "A", "S3BucketName")), "A",
                cause=parameter),     # the same value twice: said once
        Problem("Bucket of policy P is not known", At("t.yaml", ("Resources", "P", "Bucket")), "P", cause=parameter),
        Problem("home Region of trail B is not known", At("t.yaml", ("Resources", "B")), "B"),
        Problem("home Region of trail B is not known", At("t.yaml", ("Resources", "B")), "B"),
    ]
    assert [(p.message, p.at, p.resource) for p in by_cause(problems)] == [
        ("home Region of trail B is not known", At("t.yaml", ("Resources", "B")), "B"),
        ("parameter Bucket has no pinned value (in t.yaml), so not known: S3BucketName of trail A; Bucket of policy P",
         At("t.yaml", ("Parameters", "Bucket")), ""),
    ]


def test_cli_var_options_and_verbose_variable_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from trail_lint.cli import main

    (tmp_path / "main.tf").write_text('variable "validation" {\n  type = bool\n}\nprovider "aws" {\n'
                                      '  region = "eu-west-1"\n}\nresource "aws_cloudtrail" "t" {\n  name = "t"\n'
                                      '  s3_bucket_name = "b"\n  enable_log_file_validation = var.validation\n}\n')
    (tmp_path / "terraform.tfvars").write_text("validation = true\n")
    (tmp_path / "off.tfvars").write_text("validation = false\n")
    arguments = [str(tmp_path), "--format", "parsable", "--select", "TL302,TL002"]
    assert main([*arguments, "-v"]) == 0
    assert capsys.readouterr().err == ("trail-lint: configuration: none found (defaults)\n"
                                       f"trail-lint: read Terraform variables from {tmp_path / 'terraform.tfvars'}\n")
    assert main([*arguments, "--var-file", str(tmp_path / "off.tfvars")]) == 1
    assert "TL302 log file validation is disabled for trail 't'" in capsys.readouterr().out
    assert main([*arguments, "--var-file", str(tmp_path / "off.tfvars"), "--var", "validation=true"]) == 0
    # a changed variable file (pre-commit passes file names) lints its module
    (tmp_path / "terraform.tfvars").write_text("validation = false\n")
    assert main([str(tmp_path / "terraform.tfvars"), *arguments[1:]]) == 1
    assert f"{tmp_path / 'main.tf'}:10:3: TL302 log file validation is disabled" in capsys.readouterr().out
    assert main([*arguments, "--var", "no-equals-sign"]) == 2
    assert "--var 'no-equals-sign': expected NAME=VALUE" in capsys.readouterr().err
    assert main([*arguments, "--workspace", "two words"]) == 2
    assert "--workspace 'two words': expected a workspace name" in capsys.readouterr().err


def test_a_broken_source_file_of_a_plan_is_reported(tmp_path: Path) -> None:
    source = Path(__file__).parent / "fixtures" / "source-dir"
    shutil.copytree(source, tmp_path / "source-dir")
    (tmp_path / "source-dir" / "infra" / "broken.tf").write_text('locals {\n  a = "open\n}\n')
    result = run([str(tmp_path / "source-dir" / "plan.json")], Config(select=("TL001",)), all_rules(),
                 source_dirs=[str(tmp_path / "source-dir" / "infra")], raise_errors=True)
    assert [(Path(f.file).name, f.line, f.column, f.message) for f in result.findings] == [
        ("broken.tf", 2, 7, "cannot parse Terraform file: unterminated string")]


def test_what_a_broken_file_declares_is_unknown_not_absent(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "eu-west-1"\n}\nresource "aws_s3_bucket" "logs" {\n  bucket = "audit-logs"\n}\n'
        'resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  s3_bucket_name = aws_s3_bucket.logs.id\n'
        '  enable_log_file_validation = true\n  kms_key_id = "arn:aws:kms:eu-west-1:111122223333:key/k"\n'
        '  cloud_watch_logs_group_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:g:*"\n'
        '  cloud_watch_logs_role_arn = "arn:aws:iam::111122223333:role/r"\n  is_multi_region_trail = true\n}\n')
    # the bucket policy is in a file that does not parse: TL207 must not say the bucket has none
    (tmp_path / "policy.tf").write_text('resource "aws_s3_bucket_policy" "logs" {\n  bucket = aws_s3_bucket.logs.id\n'
                                        '  policy = data.aws_iam_policy_document.logs.json\n  oops = "\n}\n')
    assert lint(tmp_path, "TL0", "TL2") == [
        # the key is named by ARN only: its policy is not in the inputs
        ("main.tf:11:3: TL002 TL209 (kms-policy-blocks-cloudtrail) cannot decide: KMS key "
         "'arn:aws:kms:eu-west-1:111122223333:key/k' of trail 'audit' is not in the inputs"),
        # so is the CloudWatch Logs role, whose log stream is in the provider's account, not given
        ("main.tf:13:3: TL002 TL215 (cloudwatch-logs-role-blocks-delivery) cannot decide: CloudWatch Logs role "
         "'arn:aws:iam::111122223333:role/r' of trail 'audit' is not in the inputs"),
        (f"policy.tf:1:1: TL002 policy.tf cannot be parsed (in the root module {tmp_path}), so not known: "
         "aws_s3_bucket_policy.logs"),
        "policy.tf:4:10: TL001 cannot parse Terraform file: unterminated string",
    ]
    (tmp_path / "policy.tf").unlink()
    assert lint(tmp_path, "TL207") == [
        ("main.tf:4:1: TL207 log bucket 'audit-logs' of trail 'audit' has no bucket policy, so CloudTrail cannot "
         "deliver to it")]


@pytest.mark.parametrize("block", ["versioning {\n    enabled = true\n  }", 'dynamic "logging" {\n    for_each = []\n  }',
                                   "lifecycle_rule {\n    enabled = true\n  }"])
def test_a_setting_block_of_a_broken_file_is_unknown_not_absent(tmp_path: Path, block: str) -> None:
    """A bucket in a file that does not parse (``tags { "k" = "v" "w" }``) with its settings as
    blocks: those blocks are set, to what the text does not say."""
    (tmp_path / "main.tf").write_text(
        f'resource "aws_s3_bucket" "logs" {{\n  bucket = "audit-logs"\n  {block}\n  tags {{\n    "k" = "v" "w"\n  }}\n}}\n'
        'resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  s3_bucket_name = aws_s3_bucket.logs.id\n}\n')
    rule = {"versioning": "TL311", "dynamic": "TL310", "lifecycle_rule": "TL320"}[block.split()[0]]
    assert lint(tmp_path, rule) == []


def test_the_home_region_of_a_trail_of_a_broken_file_names_its_provider(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  tags {\n    "k" = "v" "w"\n'
                                      '  }\n}\n')
    assert [line for line in lint(tmp_path, "TL002") if "home Region" in line] == [(
        "main.tf:1:1: TL002 home Region of trail 'aws_cloudtrail.audit' is not known: pass --region or set `region` "
        f"in .trail-lint.yaml; quota and cost checks count it in the Region of provider aws of root module {tmp_path}, "
        "coverage checks leave it out")]


def test_the_settings_of_a_trail_of_a_broken_file_are_said_once(tmp_path: Path) -> None:
    """Every value of a trail in a file that does not parse is unknown for one cause: the rules it
    blocks are named in that cause's TL002, not each in a TL002 of its own."""
    (tmp_path / "main.tf").write_text('resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  s3_bucket_name = "logs"\n'
                                      '  tags {\n    "k" = "v" "w"\n  }\n}\n')
    said = [line for line in lint(tmp_path, "TL002", "TL3") if "home Region" not in line and "TL001" not in line]
    assert len(said) == 1
    assert said[0].startswith(f"main.tf:1:1: TL002 main.tf cannot be parsed (in the root module {tmp_path}), so not "
                              "known: aws_cloudtrail.audit (")
    assert "TL301 (logging-disabled), TL302 (log-file-validation-disabled)" in said[0]


def test_crlf_files_parse_with_lf_heredocs_and_the_same_lines() -> None:
    text = '# c\r\nx = <<-EOF\r\n  line\r\n  EOF\r\ny = [\r\n 1,\r\n]\r\nb "l" {\r\n  z = 1\r\n}\r\n'
    parsed = parse_tf("x.tf", text)
    assert evaluate(parsed.body.attributes["x"].expr, lambda root, steps: (UNKNOWN, 0)) == "line\n"
    assert (parsed.body.attributes["y"].position.line, parsed.body.blocks[0].end_line, parsed.comments) == (
        5, 10, ((1, "c"),))


# Arithmetic and logic rendered with random parentheses, spacing, comments and line breaks: the
# parser's precedence and associativity (+ - * && ||: the same as Python's) give Python's result.
_OPERATORS = ["+", "-", "*", "==", "!=", "<", ">", "&&", "||"]


@st.composite
def _expressions(draw: st.DrawFn, depth: int = 0) -> tuple[str, str, str]:
    """(HCL text, Python text, kind) for a random expression tree; kind is "n" (number) or "b" (bool)."""
    if depth > 3 or draw(st.booleans()):
        if draw(st.booleans()):
            number = str(draw(st.integers(0, 20)))
            return number, number, "n"
        flag = draw(st.booleans())
        return ("true" if flag else "false"), str(flag), "b"
    left, right = draw(_expressions(depth + 1)), draw(_expressions(depth + 1))
    operator = draw(st.sampled_from(_OPERATORS))
    if operator in ("+", "-", "*", "<", ">"):
        wanted = "n"
    elif operator in ("&&", "||"):
        wanted = "b"
    else:
        wanted = left[2]
    if left[2] != wanted or right[2] != wanted:
        return left
    python = {"&&": "and", "||": "or"}.get(operator, operator)
    gap = draw(st.sampled_from([" ", "  ", " /* c */ ", "\t"]))
    hcl = f"{left[0]}{gap}{operator}{gap}{right[0]}"
    kind = "n" if operator in ("+", "-", "*") else "b"
    # comparisons are always parenthesised: Python chains them (1 < 2 == True), HCL does not
    if operator in ("==", "!=", "<", ">") or draw(st.booleans()):
        return f"(\n{hcl}\n)", f"({left[1]} {python} {right[1]})", kind
    return hcl, f"{left[1]} {python} {right[1]}", kind


@settings(max_examples=200, deadline=None)
@given(_expressions())
def test_operator_precedence_matches_python(expression: tuple[str, str, str]) -> None:
    hcl, python, _ = expression
    assert value(f"x = {hcl}\n") == eval(python)


def test_outputs_of_local_modules_are_evaluated_in_their_instance(tmp_path: Path) -> None:
    (tmp_path / "bucket").mkdir()
    (tmp_path / "bucket" / "main.tf").write_text(
        'variable "name" {}\nresource "aws_s3_bucket" "this" {\n  bucket = "${var.name}-logs"\n}\n'
        'output "id" {\n  value = aws_s3_bucket.this.id\n}\noutput "arn" {\n  value = aws_s3_bucket.this.arn\n}\n')
    (tmp_path / "main.tf").write_text(
        'module "logs" {\n  source = "./bucket"\n  name = "audit"\n}\n'
        'module "each" {\n  source = "./bucket"\n  for_each = toset(["a", "b"])\n  name = each.key\n}\n'
        'module "remote" {\n  source = "example/bucket/aws"\n}\n'
        'resource "aws_cloudtrail" "t" {\n  name = "t"\n  s3_bucket_name = module.logs.id\n'
        '  kms_key_id = module.logs.arn\n  sns_topic_name = module.each["b"].id\n'
        '  cloud_watch_logs_group_arn = module.remote.arn\n}\n')
    reading = read_tree([str(tmp_path / "main.tf")])
    [trail] = reading.contents.trails
    assert (trail.s3_bucket, trail.kms_key_id, trail.sns_topic, trail.cloudwatch_logs_group_arn) == (
        "audit-logs", UNKNOWN, "b-logs", UNKNOWN)


@st.composite
def _any_expression(draw: st.DrawFn, depth: int = 0) -> str:
    """Random, mostly ill-typed expressions: every built-in function, operator and form."""
    leaves = st.sampled_from(['"a"', '"1"', "1", "2.5", "-3", "true", "null", "[]", "{}", '["x", 1]', "{ a = 1 }",
                              "var.v", "local.l", "aws_s3_bucket.b.arn", "each.key", "count.index", "path.module"])
    if depth > 2 or draw(st.integers(0, 3)) == 0:
        return draw(leaves)
    inner = [draw(_any_expression(depth + 1)) for _ in range(draw(st.integers(0, 3)))]
    form = draw(st.integers(0, 7))
    if form == 0:
        name = draw(st.sampled_from(sorted(supported() | {"cidrsubnet", "timestamp"})))
        return f"{name}({', '.join(inner)})"
    if form == 1:
        return f"[{', '.join(inner)}]"
    if form == 2:
        return "{ " + ", ".join(f"k{i} = {item}" for i, item in enumerate(inner)) + " }"
    if form == 3 and len(inner) >= 2:
        return f"({inner[0]} {draw(st.sampled_from(_OPERATORS + ['/', '%']))} {inner[1]})"
    if form == 4 and len(inner) == 3:
        return f"({inner[0]} ? {inner[1]} : {inner[2]})"
    if form == 5 and inner:
        return f"[for x in {inner[0]} : x if x != null]"
    if form == 6 and inner:
        return f'"pre-${{{inner[0]}}}-%{{ if {inner[-1]} }}y%{{ endif }}"'
    return f"{draw(leaves)}[{inner[0] if inner else 0}]"


@settings(max_examples=300, deadline=None)
@given(_any_expression())
def test_evaluating_any_expression_never_raises(expression: str) -> None:
    attribute = parse_tf("t.tf", f"x = {expression}\n").body.attributes["x"]
    evaluate(attribute.expr, lambda root, steps: (UNKNOWN, 0), files=lambda path: "text")


@settings(max_examples=60, deadline=None)
@given(st.lists(_any_expression(), min_size=6, max_size=6))
def test_any_values_in_a_module_are_read_or_reported(values: list[str]) -> None:
    import tempfile

    names = ["name", "s3_bucket_name", "enable_log_file_validation", "kms_key_id", "is_multi_region_trail", "count"]
    arguments = "\n".join(f"  {name} = {item}" for name, item in zip(names, values))
    text = (f'variable "v" {{\n  default = {values[0]}\n}}\nlocals {{\n  l = {values[1]}\n}}\n'
            f'resource "aws_cloudtrail" "t" {{\n{arguments}\n}}\n'
            f'resource "aws_s3_bucket_policy" "p" {{\n  bucket = {values[2]}\n  policy = jsonencode({values[3]})\n}}\n')
    with tempfile.TemporaryDirectory() as directory:
        (Path(directory) / "main.tf").write_text(text)
        result = run([directory], Config(), all_rules(), raise_errors=True)
    assert not [f for f in result.findings if f.rule in ("TL000", "TL001")]


def test_modules_that_are_not_read_are_said_once_per_caller(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'module "trail" {\n  source = "example/cloudtrail/aws"\n}\n'
        'module "bucket" {\n  source = "git::https://example.com/s3.git?ref=v1"\n}\n'
        'module "off" {\n  source = "example/off/aws"\n  count = 0\n}\n')
    assert lint(tmp_path, "TL002") == [
        (f"main.tf:1:1: TL002 modules from a registry or Git are not read offline (in the root module {tmp_path}), "
         "so not known: module.trail (example/cloudtrail/aws); module.bucket (git::https://example.com/s3.git?ref=v1)")]


def test_a_local_module_whose_directory_does_not_exist_is_said_not_known(tmp_path: Path) -> None:
    # A module directory read apart from the modules beside it: the trail its missing sibling makes is
    # not silently gone, and the sibling's outputs are unknown for that reason (not "output not declared").
    caller = tmp_path / "wrapper"
    caller.mkdir()
    (caller / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n'
        'module "bucket" {\n  source = "../s3"\n  name = "audit-logs"\n}\n'
        'module "trail" {\n  source = "../cloudtrail"\n  bucket = module.bucket.this.id\n}\n'
        'module "off" {\n  source = "../gone"\n  count = 0\n}\n'
        'module "bucket_copy" {\n  source = "../s3"\n}\n'
        'data "aws_iam_policy_document" "p" {\n  statement {\n    actions = ["s3:PutObject"]\n'
        '    resources = ["${module.bucket.this.arn}/*"]\n  }\n}\n')
    found = lint(caller, "TL002")
    assert found == [
        (f"main.tf:4:1: TL002 module directory {tmp_path}/s3 does not exist (in the root module {caller}), "
         "so not known: module.bucket (../s3); module.bucket_copy (../s3); statement.0.resources.0 of "
         "data.aws_iam_policy_document.p"),
        (f"main.tf:8:1: TL002 module directory {tmp_path}/cloudtrail does not exist (in the root module "
         f"{caller}), so not known: module.trail (../cloudtrail)")], found


def test_checks_blocked_by_a_module_that_is_not_read_are_named_in_its_finding(tmp_path: Path) -> None:
    # The trail's bucket and key are outputs of registry modules: the log bucket and key checks cannot
    # decide, and the modules' one TL002 says which, placed at the first module call (count = 0 makes
    # nothing, so it is not that one); no "not in the inputs" finding of their own.
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n'
        'module "off" {\n  source = "example/off/aws"\n  count = 0\n}\n'
        'module "bucket" {\n  source = "example/s3/aws"\n}\nmodule "key" {\n  source = "example/kms/aws"\n}\n'
        'resource "aws_cloudtrail" "t" {\n  name = "audit"\n  s3_bucket_name = module.bucket.id\n'
        '  kms_key_id = module.key.arn\n  enable_log_file_validation = true\n}\n')
    found = lint(tmp_path, "TL002", "TL207", "TL209", "TL310", "TL311")
    assert len(found) == 1, found
    assert found[0].startswith("main.tf:8:1: TL002 modules from a registry or Git are not read offline")
    assert ("so not known: s3_bucket_name of aws_cloudtrail.t (TL207 (bucket-policy-blocks-delivery), "
            "TL310 (log-bucket-access-logging-disabled) and TL311 (log-bucket-unprotected) cannot decide); "
            "kms_key_id of aws_cloudtrail.t (TL209 (kms-policy-blocks-cloudtrail) cannot decide); "
            "module.bucket (example/s3/aws); and 1 more") in found[0]
    # Without the module, the same trail names a bucket and a key that are simply not in the inputs.
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n'
        'resource "aws_cloudtrail" "t" {\n  name = "audit"\n  s3_bucket_name = "logs"\n'
        '  kms_key_id = "arn:aws:kms:us-east-1:111122223333:key/k"\n  enable_log_file_validation = true\n}\n')
    assert [line.split(" cannot decide: ")[1] for line in lint(tmp_path, "TL002", "TL207", "TL209")] == [
        "log bucket 'logs' of trail 'audit' is not in the inputs",
        "KMS key 'arn:aws:kms:us-east-1:111122223333:key/k' of trail 'audit' is not in the inputs"]


def test_own_bucket_check_stopped_by_a_module_output_is_named_in_the_module_finding(tmp_path: Path) -> None:
    # TL309 cannot tell whether the trail's data events cover its own bucket, whose name is a registry
    # module's output: said in the module's TL002, not in a TL002 of its own at the selectors.
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\nmodule "bucket" {\n  source = "example/s3/aws"\n}\n'
        'resource "aws_cloudtrail" "t" {\n  name = "audit"\n  s3_bucket_name = module.bucket.id\n'
        '  event_selector {\n    data_resource {\n      type = "AWS::S3::Object"\n'
        '      values = ["arn:aws:s3:::some-bucket/"]\n    }\n  }\n}\n')
    assert [line.split(" so not known: ")[1] for line in lint(tmp_path, "TL002", "TL309")] == [
        ("s3_bucket_name of aws_cloudtrail.t (TL309 (trail-logs-own-bucket) cannot decide); "
        "module.bucket (example/s3/aws)")]
    # With the bucket named, the rule decides: another bucket's objects are not its own log files.
    (tmp_path / "main.tf").write_text((tmp_path / "main.tf").read_text().replace("module.bucket.id", '"logs"'))
    assert lint(tmp_path, "TL309") == []


def test_the_workspace_is_given_or_recorded_never_guessed(tmp_path: Path) -> None:
    # terraform.workspace is chosen when Terraform runs: unknown (with its TL002) unless --workspace
    # gives it or `terraform workspace select` recorded it in .terraform/environment.
    (tmp_path / "mod").mkdir()
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\nmodule "m" {\n  source = "./mod"\n}\n')
    (tmp_path / "mod" / "main.tf").write_text(
        'resource "aws_cloudtrail" "t" {\n  count = terraform.workspace == "prod" ? 1 : 0\n'
        '  name = "audit-${terraform.workspace}"\n  s3_bucket_name = "logs"\n}\n')

    def names(*assignments: tuple[str, str]) -> list[str]:
        result = run([str(tmp_path)], Config(select=("TL302",), terraform_assignments=assignments), all_rules(),
                     raise_errors=True)
        return sorted(trail.name for trail in result.inventory.trails if isinstance(trail.name, str))

    found = lint(tmp_path, "TL002")
    assert found == [(f"main.tf:2:3: TL002 terraform.workspace is chosen when Terraform runs: pass --workspace NAME "
                     f"(in the root module {tmp_path}), so not known: count of module.m.aws_cloudtrail.t; "
                     f"name of module.m.aws_cloudtrail.t")]
    assert names(("workspace", "prod")) == ["audit-prod"]
    assert names(("workspace", "dev")) == []
    (tmp_path / ".terraform").mkdir()
    (tmp_path / ".terraform" / "environment").write_text("prod")
    assert names() == ["audit-prod"] and lint(tmp_path, "TL002") == []
    assert names(("workspace", "dev")) == []     # the command line wins


@pytest.mark.parametrize("text", ["x = {", "x = [", "x = {\n", "x = a.", "x = a[", "x = f(", "b {\n  x = {", "x = a[*"])
def test_text_that_ends_inside_a_construct_is_a_syntax_error(text: str) -> None:
    with pytest.raises(TfSyntaxError, match="cannot parse"):
        parse_tf("x.tf", text)


def test_a_check_blocked_by_a_variable_without_a_value_is_said_once_by_the_variable(tmp_path: Path) -> None:
    # The bucket and log group name the trail by variables without values: the log bucket rules and
    # TL314 cannot decide, and say so in the variables' TL002, not in one finding more each.
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\nvariable "bucket" {}\nvariable "group" {}\n'
        'resource "aws_cloudtrail" "t" {\n  name = "audit"\n  s3_bucket_name = var.bucket\n'
        '  cloud_watch_logs_group_arn = "${var.group}:*"\n}\n')
    found = [line.split(": ", 1)[1] for line in lint(tmp_path, "TL002", "TL207", "TL310", "TL311", "TL314")]
    assert [line.split(" has no value")[0] for line in found] == ["TL002 var.bucket", "TL002 var.group"]
    assert found[0].endswith("so not known: s3_bucket_name of aws_cloudtrail.t (TL207 (bucket-policy-blocks-delivery), "
                             "TL310 (log-bucket-access-logging-disabled) and TL311 (log-bucket-unprotected) "
                             "cannot decide)")
    assert found[1].endswith("so not known: cloud_watch_logs_group_arn of aws_cloudtrail.t "
                             "(TL314 (no-trail-change-alarm) cannot decide)")
    # With values, the variables say nothing and the rules decide (here: a bucket not in the inputs).
    given = (("var", "bucket=logs"), ("var", "group=arn:aws:logs:us-east-1:111122223333:log-group:g"))
    assert not any("has no value" in line for line in lint(tmp_path, "TL002", "TL207", assignments=given))


def test_a_trail_without_its_required_name_is_tl211_not_a_name_known_after_apply(tmp_path: Path) -> None:
    """`name` is a required argument of aws_cloudtrail (terraform validate rejects a block without
    it): left out, it is missing, not a value Terraform computes."""
    (tmp_path / "main.tf").write_text('resource "aws_cloudtrail" "unnamed" {\n  s3_bucket_name = "audit-logs"\n}\n'
                                      'resource "aws_cloudtrail" "later" {\n  name = aws_s3_bucket.b.bucket\n'
                                      '  s3_bucket_name = "audit-logs"\n}\nresource "aws_s3_bucket" "b" {}\n')
    assert [line for line in lint(tmp_path, "TL002", "TL211") if "home Region" not in line] == [
        "main.tf:1:1: TL211 trail 'aws_cloudtrail.unnamed' has no name, which is required",
        (f"main.tf:5:3: TL002 aws_s3_bucket.b.bucket is known only after apply (in the root module {tmp_path}), "
         "so not known: name of trail aws_cloudtrail.later")]


def test_a_reference_terraform_rejects_is_said_as_the_cause(tmp_path: Path) -> None:
    """A resource the module does not declare, or a bare name that is no reference: Terraform rejects
    the configuration, and the TL002 of what it blocks says so, not that the value is known after apply."""
    (tmp_path / "main.tf").write_text(
        'resource "aws_cloudtrail" "t" {\n  name = "t"\n  s3_bucket_name = "audit-logs"\n'
        '  kms_key_id = aws_kms_key.missing.arn\n  sns_topic_name = key-id-tbc\n}\n'
        'resource "aws_kms_key" "declared" {}\n'
        'resource "aws_cloudtrail" "u" {\n  name = "u"\n  s3_bucket_name = "audit-logs"\n'
        '  kms_key_id = aws_kms_key.declared.arn\n}\n')
    root = f"(in the root module {tmp_path}), so not known"
    assert [line for line in lint(tmp_path, "TL002", "TL208", "TL209") if ": TL002 " in line and "home Region" not in line] == [
        (f"main.tf:4:3: TL002 aws_kms_key.missing is not declared {root}: kms_key_id of aws_cloudtrail.t "
         "(TL209 (kms-policy-blocks-cloudtrail) cannot decide)"),
        (f"main.tf:5:3: TL002 key-id-tbc is not a valid reference {root}: sns_topic_name of aws_cloudtrail.t "
         "(TL208 (sns-policy-blocks-delivery) cannot decide)")]


@pytest.mark.parametrize(("argument", "reference", "resource"), [
    ("s3_bucket_name", "aws_s3_bucket.logs.id", "aws_s3_bucket.logs"),
    ("s3_bucket_name", 'aws_s3_bucket.logs["a"].bucket', "aws_s3_bucket.logs"),
    ("sns_topic_name", "aws_sns_topic.alerts.name", "aws_sns_topic.alerts"),
    ("cloud_watch_logs_group_arn", '"${aws_cloudwatch_log_group.trail.arn}:*"', "aws_cloudwatch_log_group.trail"),
    ("s3_key_prefix", "aws_organizations_organization.org.id", "aws_organizations_organization.org"),
])
def test_an_undeclared_bucket_topic_or_log_group_is_said_undeclared_not_known_after_apply(
        tmp_path: Path, argument: str, reference: str, resource: str) -> None:
    """A bucket, topic, log group or organization whose name or ARN the configuration knows before
    apply is still no resource when the module does not declare it (a typo): Terraform rejects the
    reference, and the TL002 says so rather than "known only after apply"."""
    body = {"s3_bucket_name": '"audit-logs"', argument: reference}
    (tmp_path / "main.tf").write_text(
        'resource "aws_cloudtrail" "t" {\n  name = "trail"\n'
        + "".join(f"  {key} = {value}\n" for key, value in body.items()) + '}\n'
        'resource "aws_s3_bucket" "log" {}\nresource "aws_sns_topic" "alert" {}\n')
    found = [line for line in lint(tmp_path, "TL002") if "home Region" not in line]
    assert len(found) == 1 and found[0].startswith(f"main.tf:{3 if argument == 's3_bucket_name' else 4}:3: TL002 "
                                                   f"{resource} is not declared (in the root module {tmp_path})"), found


def test_an_undeclared_policy_document_is_said_undeclared(tmp_path: Path) -> None:
    """A bucket policy taken from a data.aws_iam_policy_document the module does not declare (a
    renamed document): Terraform rejects it, and the TL002 of the blocked delivery check says so."""
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n'
        'resource "aws_s3_bucket" "logs" {\n  bucket = "audit-logs-1234"\n}\n'
        'resource "aws_s3_bucket_policy" "logs" {\n  bucket = aws_s3_bucket.logs.id\n'
        '  policy = data.aws_iam_policy_document.renamed.json\n}\n'
        'data "aws_iam_policy_document" "trail_delivery" {}\n'
        'resource "aws_cloudtrail" "t" {\n  name = "trail"\n  s3_bucket_name = aws_s3_bucket.logs.id\n}\n')
    assert [line for line in lint(tmp_path, "TL002", "TL207", "TL307") if "TL002" in line] == [
        (f"main.tf:9:3: TL002 data.aws_iam_policy_document.renamed is not declared (in the root module {tmp_path}), "
         "so not known: policy of aws_s3_bucket_policy.logs (TL207 (bucket-policy-blocks-delivery) and TL307 "
         "(log-bucket-public) cannot decide)")]


def test_a_managed_policy_looked_up_by_its_arn_has_that_arn(tmp_path: Path) -> None:
    """`data.aws_iam_policy` with an `arn` argument reads that policy: its `arn` attribute is the
    argument, so an AWS managed policy attached through it is the shipped one (one looked up by
    `name` is read from AWS)."""
    def found(lookup: str) -> list[str]:
        (tmp_path / "main.tf").write_text(
            'provider "aws" {\n  region = "us-east-1"\n}\n'
            'resource "aws_cloudtrail" "t" {\n  name = "audit"\n  s3_bucket_name = "audit-logs"\n}\n'
            'resource "aws_iam_role" "admin" {\n  name = "admin"\n  assume_role_policy = "{}"\n}\n'
            f'data "aws_iam_policy" "admin" {{\n  {lookup}\n}}\n'
            'resource "aws_iam_role_policy_attachment" "admin" {\n  role = aws_iam_role.admin.name\n'
            '  policy_arn = data.aws_iam_policy.admin.arn\n}\n')
        return [line.split(": ", 1)[1] for line in lint(tmp_path, "TL401", "TL002") if "home Region" not in line]

    assert found('arn = "arn:aws:iam::aws:policy/AdministratorAccess"') == [
        "TL401 role admin can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'audit'"]
    assert found('name = "AdministratorAccess"') == [
        ("TL002 TL401 (can-tamper-with-trail) cannot decide: managed policy data.aws_iam_policy.admin is not in "
         "the inputs or the shipped AWS managed policies: its permissions are unknown")]


def test_an_account_principal_from_a_variable_without_a_value_is_not_what_blocks_a_key_policy(tmp_path: Path) -> None:
    """arn:aws:iam::${var.account}:root is an account, never CloudTrail's service principal, whatever
    the variable's value: TL209's TL002 names only the condition it cannot decide, and the variable
    is still said where the principal is written."""
    (tmp_path / "main.tf").write_text(
        'variable "account" {}\n'
        'data "aws_iam_policy_document" "key" {\n'
        '  statement {\n    sid = "Admins"\n    actions = ["kms:*"]\n    resources = ["*"]\n'
        '    principals {\n      type = "AWS"\n      identifiers = ["arn:aws:iam::${var.account}:root"]\n    }\n  }\n'
        '  statement {\n    sid = "CloudTrailEncrypts"\n    actions = ["kms:GenerateDataKey*"]\n    resources = ["*"]\n'
        '    principals {\n      type = "Service"\n      identifiers = ["cloudtrail.amazonaws.com"]\n    }\n'
        '    condition {\n      test = "StringLike"\n      variable = "kms:EncryptionContext:aws:cloudtrail:arn"\n'
        '      values = ["arn:aws:cloudtrail:*:111122223333:trail/*"]\n    }\n  }\n'
        '  statement {\n    sid = "CloudTrailDescribes"\n    actions = ["kms:DescribeKey"]\n    resources = ["*"]\n'
        '    principals {\n      type = "Service"\n      identifiers = ["cloudtrail.amazonaws.com"]\n    }\n  }\n}\n'
        'resource "aws_kms_key" "logs" {\n  policy = data.aws_iam_policy_document.key.json\n}\n'
        'resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  s3_bucket_name = "audit-logs"\n'
        '  kms_key_id = aws_kms_key.logs.arn\n}\n')
    assert [line.split(": ", 1)[1] for line in lint(tmp_path, "TL002", "TL209")] == [
        (f"TL002 var.account has no value: no default, and none given in a tfvars file or --var (in the root "
         f"module {tmp_path}), so not known: statement.0.principals.0.identifiers.0 of "
         "data.aws_iam_policy_document.key"),
        ("TL002 TL209 (kms-policy-blocks-cloudtrail) cannot decide: key policy of 'aws_kms_key.logs' of trail "
         "'audit' may not let CloudTrail call kms:GenerateDataKey on the key: statement 'CloudTrailEncrypts': "
         "whether its StringLike kms:EncryptionContext:aws:cloudtrail:arn condition holds for CloudTrail's "
         "kms:GenerateDataKey is not known offline"),
        (f"TL002 home Region of trail 'audit' is not known: pass --region or set `region` in .trail-lint.yaml; "
         f"quota and cost checks count it in the Region of provider aws of root module {tmp_path}, coverage "
         "checks leave it out")]


def test_unknowns_of_resources_no_rule_reads_are_not_said(tmp_path: Path) -> None:
    """A CloudTrail Lake event data store is not a trail: its unknown Region or count blocks no
    check, so it is no TL002; the same variable on the trail is, and on the account a CloudTrail
    delegated administrator registers (TL226 reads it)."""
    (tmp_path / "main.tf").write_text(
        'variable "region" {\n  type = string\n}\nvariable "env" {\n  type = string\n}\n'
        'resource "aws_cloudtrail_event_data_store" "audit" {\n  count = var.env == "prod" ? 1 : 0\n'
        '  region = var.region\n  name = "audit"\n}\n'
        'resource "aws_cloudtrail_organization_delegated_admin_account" "this" {\n  account_id = var.env\n}\n'
        'resource "aws_cloudtrail" "audit" {\n  count = var.env == "prod" ? 1 : 0\n  name = "audit"\n'
        '  s3_bucket_name = "logs"\n}\n')
    assert [line.split(": ", 1)[1] for line in lint(tmp_path, "TL002") if "var." in line] == [
        (f"TL002 var.env has no value: no default, and none given in a tfvars file or --var (in the root module "
         f"{tmp_path}), so not known: account_id of aws_cloudtrail_organization_delegated_admin_account.this; "
         "count of aws_cloudtrail.audit")]


def test_managed_policy_arns_referring_to_policies_of_the_module(tmp_path: Path) -> None:
    """A role's managed_policy_arns listing aws_iam_policy ARNs (known after apply) next to an AWS
    managed one attaches those policies, not an unknown."""
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n'
        'resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  s3_bucket_name = "logs"\n}\n'
        'resource "aws_iam_policy" "ops" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [\n'
        '    { Effect = "Allow", Action = "cloudtrail:StopLogging", Resource = aws_cloudtrail.audit.arn }] })\n}\n'
        'resource "aws_iam_role" "r" {\n  assume_role_policy = "{}"\n'
        '  managed_policy_arns = [aws_iam_policy.ops.arn, "arn:aws:iam::aws:policy/ReadOnlyAccess"]\n}\n')
    assert [line.split(": ", 1)[1] for line in lint(tmp_path, "TL002", "TL401")] == [
        "TL401 role aws_iam_role.r can StopLogging on 'audit'"]


def test_an_scp_whose_statement_list_is_known_only_after_apply_is_not_malformed(tmp_path: Path) -> None:
    """The statements come from for_each instances of a policy document keyed by a variable with no
    value: the cause is said once, and the SCP is not reported as a malformed policy."""
    (tmp_path / "main.tf").write_text(
        'variable "statements" {\n  type = any\n}\n'
        'locals {\n  by_sid = { for s in var.statements : s.sid => s }\n'
        '  statements = flatten([for d in data.aws_iam_policy_document.this : jsondecode(d.json).Statement])\n}\n'
        'data "aws_iam_policy_document" "this" {\n  for_each = local.by_sid\n  statement {\n'
        '    effect    = each.value.effect\n    actions   = each.value.actions\n    resources = ["*"]\n  }\n}\n'
        'resource "aws_organizations_policy" "this" {\n  name    = "scp"\n'
        '  content = jsonencode({ Version = "2012-10-17", Statement = local.statements })\n}\n')
    found = lint(tmp_path, "TL002")
    assert not [line for line in found if "must be" in line]
    assert [line for line in found if "var.statements" in line] == [
        ("main.tf:1:1: TL002 var.statements has no value: no default, and none given in a tfvars file or --var "
         f"(in the root module {tmp_path}), so not known: for_each of data.aws_iam_policy_document.this")]


def test_file_reads_inside_the_directories_being_linted_and_nowhere_else(tmp_path: Path) -> None:
    """A repository keeps its policies beside its Terraform (file("${path.module}/../policies/p.json")):
    linting the repository reads them; linting only the Terraform folder does not, and says so."""
    (tmp_path / "policies").mkdir()
    (tmp_path / "terraform").mkdir()
    (tmp_path / "policies" / "p.json").write_text(
        '{"Statement": [{"Effect": "Allow", "Action": "cloudtrail:StopLogging", "Resource": "*"}]}')
    (tmp_path / "terraform" / "main.tf").write_text(
        'resource "aws_iam_policy" "p" {\n  policy = file("${path.module}/../policies/p.json")\n}\n')
    main_tf = str(tmp_path / "terraform" / "main.tf")
    (policy,) = read_tree([main_tf], readable=[str(tmp_path)]).contents.policies
    assert isinstance(policy.statements, tuple) and policy.statements[0].actions == ("cloudtrail:StopLogging",)
    unknowns = read_tree([main_tf], readable=[str(tmp_path / "terraform")]).contents.unknowns
    assert [u.cause.text for u in unknowns if u.cause] == [
        "file './../policies/p.json' is outside the modules and directories being linted, so it is not read"]
    # the policy file the sources read is their policy, reported once, where they make it
    # (tests/test_policy_files_read_by_terraform.py); linted without them, it is a document of its own
    assert [line.split(": ", 1)[1] for line in lint(tmp_path, "TL002", "TL402")] == [
        "TL402 statement 1 of policy aws_iam_policy.p allows StopLogging on every trail"]
    assert [line.split(": ", 1)[1] for line in lint(tmp_path / "policies", "TL402")] == [
        "TL402 statement 1 of policy p.json allows StopLogging on every trail"]


@pytest.mark.parametrize("written", [
    ('format("arn:aws:logs:%s:%s:log-group:trail:log-stream:%s_CloudTrail_%s*", data.aws_region.r.name, '
    'data.aws_caller_identity.c.account_id, data.aws_caller_identity.c.account_id, data.aws_region.r.name)'),
    ('format("arn:aws:logs:%v:%s:log-group:trail:log-stream:%s%%s", data.aws_region.r.name, '
    'data.aws_caller_identity.c.account_id, local.stream)')])
def test_format_of_values_known_after_apply_keeps_its_text_as_a_template_does(tmp_path: Path, written: str) -> None:
    """format() over the account and Region (the console's CloudWatch Logs role policy) reads as the
    same string template: its text and named holes, which --account and --region then fill."""
    def holes(resource: str) -> object:
        (tmp_path / "main.tf").write_text(
            'data "aws_region" "r" {}\ndata "aws_caller_identity" "c" {}\n'
            'locals {\n  stream = format("%s_CloudTrail_%s", data.aws_caller_identity.c.account_id, '
            'data.aws_region.r.name)\n}\n'
            'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", '
            f'Action = "logs:PutLogEvents", Resource = {resource} }}] }})\n}}\n')
        (policy,) = read_tree([str(tmp_path / "main.tf")]).contents.policies
        assert isinstance(policy.statements, tuple) and policy.statements[0].holes is not None
        return policy.statements[0].holes.resources

    template = holes('"arn:aws:logs:${data.aws_region.r.name}:${data.aws_caller_identity.c.account_id}:log-group:'
                     'trail:log-stream:${data.aws_caller_identity.c.account_id}_CloudTrail_${data.aws_region.r.name}*"')
    assert template is not None and holes(written) == (template if "%%" not in written else
                                                       ((*template[0][:-1], "%s"),))


def test_format_with_other_verbs_over_unknown_values_stays_unknown() -> None:
    from trail_lint.normalise.terraform.hcl_functions import Unresolved
    from trail_lint.normalise.terraform.hcl_strings import format_with_holes

    unknown_value = Unresolved(Cause("x"), text="\ue0ff")
    assert format_with_holes(["%d-%s", unknown_value, "a"]) is None
    assert format_with_holes(["%s-%s", "a", "b"]) is None        # nothing unknown: format() itself
    assert format_with_holes(["%s-%s", unknown_value, ["a"]]) is None


@pytest.mark.parametrize(("name", "blocked"), [("audit", False), ("other", True)])
def test_join_of_values_known_after_apply_keeps_its_text_as_a_template_does(tmp_path: Path, name: str,
                                                                            blocked: bool) -> None:
    """A SourceArn built with join("", ["arn:", partition, ":cloudtrail:", ...]) is the trail's ARN
    when its parts are (TL207 decided, with or without --account), not one value known only after apply."""
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "eu-west-2"\n}\ndata "aws_partition" "p" {}\ndata "aws_caller_identity" "c" {}\n'
        'data "aws_region" "r" {}\n'
        'locals {\n  arn = join("", ["arn:", data.aws_partition.p.partition, ":cloudtrail:", data.aws_region.r.name, '
        f'":", data.aws_caller_identity.c.account_id, ":trail/", "{name}"])\n}}\n'
        'resource "aws_s3_bucket" "b" {\n  bucket = "audit-logs"\n}\n'
        'resource "aws_s3_bucket_policy" "b" {\n  bucket = aws_s3_bucket.b.id\n'
        '  policy = jsonencode({ Statement = [\n'
        '    { Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "s3:GetBucketAcl",\n'
        '      Resource = aws_s3_bucket.b.arn, Condition = { StringEquals = { "aws:SourceArn" = local.arn } } },\n'
        '    { Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "s3:PutObject",\n'
        '      Resource = "${aws_s3_bucket.b.arn}/AWSLogs/*", Condition = { StringEquals = { "aws:SourceArn" = '
        'local.arn } } }] })\n}\n'
        'resource "aws_cloudtrail" "t" {\n  name = "audit"\n  s3_bucket_name = aws_s3_bucket.b.id\n}\n')
    found = lint(tmp_path, "TL002", "TL207")
    assert [line.split(" ")[1] for line in found] == (["TL207"] if blocked else []), found


def test_join_over_other_values_is_left_to_the_function() -> None:
    from trail_lint.normalise.terraform.hcl_functions import Unresolved
    from trail_lint.normalise.terraform.hcl_strings import join_with_holes

    unknown_value = Unresolved(Cause("x"), text="\ue0ff")
    assert join_with_holes(["", ["a", "b"]]) is None              # nothing unknown: join() itself
    assert join_with_holes(["-", ["a", 1, unknown_value]]) is None  # a number: join()'s own rules
    assert join_with_holes(["-", unknown_value]) is None           # the list itself not known
    held = join_with_holes([":", ["a"], [unknown_value, "b"]])
    assert isinstance(held, Unresolved) and held.text == "a:\ue0ff:b"


def test_a_trail_name_made_of_the_account_is_known_when_the_run_knows_the_account(tmp_path: Path) -> None:
    # "${data.aws_caller_identity.c.account_id}-trail" is written out with --account, as a template's
    # ${AWS::AccountId} is: two such trails of one provider configuration clash (TL214), and the name
    # is no longer said not known (TL002). Without --account it is.
    (tmp_path / "main.tf").write_text(
        'data "aws_caller_identity" "c" {}\n'
        + "".join(f'resource "aws_cloudtrail" "{label}" {{\n  name = "${{data.aws_caller_identity.c.account_id}}-trail"\n'
                  f'  s3_bucket_name = "logs-{label}"\n}}\n' for label in ("a", "b")))
    def found(**where: str) -> list[str]:
        result = run([str(tmp_path)], Config(select=("TL002", "TL214"), region="eu-west-1", **where), all_rules(),
                     raise_errors=True)
        return [f"{f.rule} {f.message}" for f in result.findings]

    known = found(account="111122223333")
    main = tmp_path / "main.tf"
    assert known == [(f"TL214 trail '111122223333-trail' (aws_cloudtrail.b in {main}) has the name of trail "
                      f"'111122223333-trail' (aws_cloudtrail.a in {main}) in eu-west-1: CreateTrail fails with "
                      "TrailAlreadyExistsException")], known
    unknown = found()
    assert unknown == [(f"TL002 data.aws_caller_identity.c.account_id is read from AWS when Terraform runs (in the "
                        f"root module {tmp_path}), so not known: name of trail aws_cloudtrail.a; name of trail "
                        "aws_cloudtrail.b")], unknown


def test_a_misspelt_top_level_block_type_is_bad_input_and_the_rest_is_read(tmp_path: Path) -> None:
    # `resources "aws_cloudtrail"` is rejected by Terraform (Unsupported block type): not a silent pass
    # over a trail that is never read. A type like none of Terraform's is left alone.
    (tmp_path / "main.tf").write_text(
        'resources "aws_cloudtrail" "typo" {\n  name = "a"\n  s3_bucket_name = "b"\n}\n'
        'widget "x" {\n}\n'
        'resource "aws_cloudtrail" "t" {\n  name = "audit"\n  s3_bucket_name = "logs"\n'
        '  enable_log_file_validation = false\n}\n')
    assert lint(tmp_path, "TL001", "TL302") == [
        ("main.tf:1:1: TL001 cannot read Terraform block: unsupported block type 'resources' (did you mean "
         "'resource'?): Terraform rejects the configuration, and what the block declares is not read"),
        "main.tf:10:3: TL302 log file validation is disabled for trail 'audit'"]


def test_for_each_buckets_policies_and_trails_pair_by_key(tmp_path: Path) -> None:
    # One bucket, policy document, bucket policy and trail per Region (provider 6 `region = each.key`):
    # each bucket policy reads its own document instance (data.x.logs[each.key].json, not the first
    # one's), each bucket's ARN is in its own Region's partition, and a statement of one block is one
    # finding per bucket, naming that bucket's trail.
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n'
        'variable "regions" {\n  default = ["us-east-1", "eu-west-1"]\n}\n'
        'resource "aws_s3_bucket" "logs" {\n  for_each = toset(var.regions)\n  region = each.key\n'
        '  bucket = "logs-${each.key}"\n}\n'
        'data "aws_iam_policy_document" "logs" {\n  for_each = toset(var.regions)\n'
        '  statement {\n    principals {\n      type = "Service"\n      identifiers = ["cloudtrail.amazonaws.com"]\n'
        '    }\n    actions = ["s3:GetBucketAcl"]\n    resources = [aws_s3_bucket.logs[each.key].arn]\n  }\n'
        '  statement {\n    principals {\n      type = "Service"\n      identifiers = ["cloudtrail.amazonaws.com"]\n'
        '    }\n    actions = ["s3:PutObject"]\n    resources = ["${aws_s3_bucket.logs[each.key].arn}/AWSLogs/*"]\n'
        '    condition {\n      test = "StringEquals"\n      variable = "aws:SourceArn"\n'
        '      values = ["arn:aws:cloudtrail:${each.key}:111122223333:trail/t-${each.key}"]\n    }\n  }\n}\n'
        'resource "aws_s3_bucket_policy" "logs" {\n  for_each = toset(var.regions)\n  region = each.key\n'
        '  bucket = aws_s3_bucket.logs[each.key].id\n  policy = data.aws_iam_policy_document.logs[each.key].json\n}\n'
        'resource "aws_cloudtrail" "t" {\n  for_each = toset(var.regions)\n  region = each.key\n'
        '  name = "t-${each.key}"\n  s3_bucket_name = aws_s3_bucket.logs[each.key].id\n}\n')
    result = run([str(tmp_path)], Config(select=("TL002", "TL207", "TL319"), account="111122223333"), all_rules(),
                 raise_errors=True)
    assert sorted(f"{f.rule} {f.message}" for f in result.findings) == [
        f"TL319 statement 1 of the bucket policy of 'logs-{region}' of trail 't-{region}' lets CloudTrail call "
        "s3:GetBucketAcl for any trail: it has no aws:SourceArn or aws:SourceAccount condition"
        for region in ("eu-west-1", "us-east-1")]


@pytest.mark.parametrize(("text", "expected"), [
    # a known value that is not null, whatever its elements, is not null (cty: a null equals only a null)
    ("var.listed != null", True), ("var.listed == null", False), ("null == var.listed", False),
    ("var.mapped != null", True),
])
def test_null_against_a_known_value_with_unknown_parts_is_decided(text: str, expected: bool) -> None:
    assert value(text, listed=[UNKNOWN], mapped={"a": UNKNOWN}) is expected


def test_null_against_an_unknown_value_stays_unknown() -> None:
    assert value("var.gone != null") is UNKNOWN
    assert value("var.listed == [null]", listed=[UNKNOWN]) is UNKNOWN
    assert value('"${var.listed[0]}-x" != null', listed=[UNKNOWN]) is UNKNOWN   # an unknown string
