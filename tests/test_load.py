"""Loader: values, marks, errors, encodings, intrinsics and comments."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trail_lint.load import DEFAULT_LIMITS, Document, Intrinsic, LoadError, load_file, load_text
from trail_lint.model import Position

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"


# --- JSON --------------------------------------------------------------------------------

TAB_JSON = ('{\n\t"Trails": [\n\t\t{\n\t\t\t"Name": "audit",\n'
            '\t\t\t"IsMultiRegionTrail": false\n\t\t}\n\t]\n}\n')


def test_json_marks_tab_indented() -> None:
    doc = load_text(TAB_JSON)
    assert doc.format == "json"
    assert doc.data == {"Trails": [{"Name": "audit", "IsMultiRegionTrail": False}]}
    assert doc.position(()) == Position(1, 1)
    assert doc.position(("Trails",)) == Position(2, 2)
    assert doc.position(("Trails", 0)) == Position(3, 3)
    assert doc.position(("Trails", 0, "Name")) == Position(4, 4)
    assert doc.position(("Trails", 0, "IsMultiRegionTrail")) == Position(5, 4)


def test_json_missing_path_points_at_nearest_ancestor() -> None:
    doc = load_text(TAB_JSON)
    assert doc.position(("Trails", 0, "KmsKeyId")) == Position(3, 3)
    assert doc.position(("Trails", 7, "Name")) == Position(2, 2)
    assert doc.position(("Trails", "Name")) == Position(2, 2)
    assert doc.position(("Nope", 0)) == Position(1, 1)


def test_json_key_after_a_big_skipped_value() -> None:
    big = {f"k{i}": ["x" * 50, {"nested": [1, 2.5, None, True]}] for i in range(2000)}
    text = json.dumps({"before": big, "after": {"target": 1}}, indent=2)
    doc = load_text(text)
    line = text[: text.index('"after"')].count("\n") + 1
    assert doc.position(("after",)) == Position(line, 3)
    assert doc.position(("after", "target")) == Position(line + 1, 5)
    assert doc.position(("before", "k1999", 1, "nested", 3)) == _locate(text, "true", last=True)


def _locate(text: str, needle: str, last: bool = False) -> Position:
    offset = text.rindex(needle) if last else text.index(needle)
    line_start = text.rfind("\n", 0, offset) + 1
    return Position(text.count("\n", 0, offset) + 1, offset - line_start + 1)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=25)
SPACE = st.text(alphabet=" \t\r\n", max_size=3)


def _written(value: object, space: st.DrawFn) -> tuple[str, dict[tuple, int]]:
    """``value`` as JSON with drawn white space between tokens, and the offset of every key and
    list item: what the locator must find, by a writer rather than a reader."""
    parts: list[str] = []
    marks: dict[tuple, int] = {}

    def size() -> int:
        return sum(map(len, parts))

    def write(item: object, path: tuple) -> None:
        if isinstance(item, dict):
            parts.append("{" + space(SPACE))
            for index, (key, member) in enumerate(item.items()):
                if index:
                    parts.append(space(SPACE) + "," + space(SPACE))
                marks[path + (key,)] = size()
                parts.append(json.dumps(key) + space(SPACE) + ":" + space(SPACE))
                write(member, path + (key,))
            parts.append(space(SPACE) + "}")
        elif isinstance(item, list):
            parts.append("[" + space(SPACE))
            for index, member in enumerate(item):
                if index:
                    parts.append(space(SPACE) + "," + space(SPACE))
                marks[path + (index,)] = size()
                write(member, path + (index,))
            parts.append(space(SPACE) + "]")
        else:
            parts.append(json.dumps(item))

    parts.append(space(SPACE))
    marks[()] = size()
    write(value, ())
    parts.append(space(SPACE))
    return "".join(parts), marks


@given(st.data())
def test_json_positions_are_where_the_writer_put_each_key_and_item(data: st.DataObject) -> None:
    value = data.draw(st.lists(JSON_VALUES, max_size=3) | st.dictionaries(st.text(max_size=4), JSON_VALUES, max_size=3))
    text, marks = _written(value, data.draw)
    doc = load_text(text, fmt="json")
    assert doc.data == value
    def expected(path: tuple) -> Position:
        while path not in marks:                # a path that does not exist: its nearest ancestor
            path = path[:-1]
        offset = marks[path]
        return Position(text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset))

    missing = [path + (part,) for path in marks for part in ("absent", 99, -1)]
    asked = data.draw(st.lists(st.sampled_from(list(marks) + missing), unique=True))
    # one ordered pass over the text for many paths, as the engine asks for a file's findings
    assert doc.positions(asked) == {path: expected(path) for path in asked}
    for path in data.draw(st.permutations(list(marks) + missing)):   # one by one, in any order
        assert doc.position(path) == expected(path), path


def test_json_compact_and_duplicate_keys() -> None:
    doc = load_text('{"a":1,"b":[10,[20,30]],"a":2}')
    assert doc.data == {"a": 2, "b": [10, [20, 30]]}
    # Positions are found lazily, so a duplicated key points at its first occurrence (the data keeps
    # the last, as json.loads does): only the position differs, never a value.
    assert doc.position(("a",)) == Position(1, 2)
    assert doc.position(("b", 1, 1)) == Position(1, 20)


def test_json_crlf_and_escaped_keys() -> None:
    doc = load_text('{\r\n  "a\\"b": {\r\n    "\\u00e9t\\u00e9": [ 1 ]\r\n  }\r\n}')
    assert doc.data == {'a"b': {"été": [1]}}
    assert doc.position(('a"b', "été")) == Position(3, 5)
    assert doc.position(('a"b', "été", 0)) == Position(3, 24)


def test_json_syntax_error_has_line_and_column() -> None:
    with pytest.raises(LoadError) as caught:
        load_text('{\n  "a": 1,\n  "b": tru\n}', file="plan.json")
    assert caught.value.message == "invalid JSON: Expecting value"
    assert caught.value.position == Position(3, 8)
    assert str(caught.value) == "3:8: invalid JSON: Expecting value"


@pytest.mark.parametrize(("text", "position"), [
    ('{\n  "trailList": [\n    {"Name": "a"},\n', Position(4, 1)),
    ('{"a": [1, 2', Position(1, 12)),
    ('{"a": "cut sho', Position(1, 7)),
    ('{"a": 1,   \n\n', Position(3, 1)),
])
def test_json_cut_short_says_truncated_with_the_position(text: str, position: Position) -> None:
    with pytest.raises(LoadError) as caught:
        load_text(text, file="plan.json")
    assert caught.value.message.startswith("invalid JSON (truncated?): ")
    assert caught.value.position == position


@pytest.mark.parametrize(("text", "position"), [
    # a merge conflict left in a template: the marker line is the one to fix, not the line after it
    ("Outputs:\n  Bucket:\n    Value: x\n<<<<<<< HEAD\n=======\n>>>>>>> 7e434f8\n", Position(4, 1)),
    ("Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n  Orphan\n", Position(4, 3)),
])
def test_a_line_without_its_colon_is_the_line_reported(text: str, position: Position) -> None:
    with pytest.raises(LoadError) as caught:
        load_text(text, file="template.yaml")
    assert caught.value.message == "could not find expected ':' (while scanning a simple key)"
    assert caught.value.position == position


def test_broken_json_named_json_is_not_read_as_yaml() -> None:
    with pytest.raises(LoadError) as caught:
        load_text('{"a": 1,\n "b": }', file="x.json")
    assert caught.value.position == Position(2, 7)
    # Without a .json name the same text is valid flow-style YAML.
    assert load_text('{"a": 1,\n "b": }', file="x.template").data == {"a": 1, "b": None}


def test_flow_style_yaml_starting_with_brace() -> None:
    doc = load_text('{Resources: {T: {Type: "AWS::CloudTrail::Trail", '
                    'Properties: {S3BucketName: !Ref B}}}}')
    assert doc.format == "yaml"
    assert doc.data["Resources"]["T"]["Properties"] == {"S3BucketName": Intrinsic("Ref", "B")}


def test_large_broken_json_is_not_retried_as_yaml() -> None:
    text = '{"pad": "' + "x" * (3 * 1024 * 1024) + '", "b": }'
    with pytest.raises(LoadError) as caught:
        load_text(text, file="plan.out")
    assert caught.value.message == "invalid JSON: Expecting value"


def test_invalid_json_that_is_not_yaml_reports_the_json_error() -> None:
    with pytest.raises(LoadError) as caught:
        load_text('{"a": [1, 2}')
    assert caught.value.message == "invalid JSON: Expecting ',' delimiter"
    assert caught.value.position == Position(1, 12)


def test_json_numbers_stay_numbers() -> None:
    assert load_text('{"a": 1e5, "b": -0.5, "c": 12345678901234567890}').data == {
        "a": 100000.0, "b": -0.5, "c": 12345678901234567890}


def test_forced_format() -> None:
    assert load_text("[1, 2]", fmt="yaml").format == "yaml"
    with pytest.raises(LoadError):
        load_text("a: 1", fmt="json")


# --- YAML --------------------------------------------------------------------------------

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Trail:  # trail-lint: ignore=TL302 reviewed in 2024
    Type: AWS::CloudTrail::Trail
    Properties:
      S3BucketName: !Ref LogBucket
      KMSKeyId: !GetAtt Key.Arn
      IsLogging: !If [Enabled, true, false]
      TrailName: !Sub "trail-${AWS::Region}"
      EnableLogFileValidation: yes
      Tags:
        - Key: owner  # who
          Value: 'sec # not a comment'
"""


def test_yaml_values_and_intrinsics() -> None:
    doc = load_text(TEMPLATE, file="t.yaml")
    assert doc.format == "yaml"
    props = doc.data["Resources"]["Trail"]["Properties"]
    assert props == {
        "S3BucketName": Intrinsic("Ref", "LogBucket"),
        "KMSKeyId": Intrinsic("Fn::GetAtt", "Key.Arn"),
        "IsLogging": Intrinsic("Fn::If", ["Enabled", True, False]),
        "TrailName": Intrinsic("Fn::Sub", "trail-${AWS::Region}"),
        "EnableLogFileValidation": True,  # YAML 1.1, as CloudFormation reads it
        "Tags": [{"Key": "owner", "Value": "sec # not a comment"}],
    }


def test_yaml_marks() -> None:
    doc = load_text(TEMPLATE)
    base = ("Resources", "Trail", "Properties")
    assert doc.position(()) == Position(1, 1)
    assert doc.position(("Resources", "Trail")) == Position(3, 3)
    assert doc.position(base + ("S3BucketName",)) == Position(6, 7)
    assert doc.position(base + ("IsLogging", "Fn::If")) == Position(8, 18)
    assert doc.position(base + ("IsLogging", "Fn::If", 2)) == Position(8, 38)
    assert doc.position(base + ("Tags", 0)) == Position(12, 11)
    assert doc.position(base + ("Tags", 0, "Value")) == Position(13, 11)
    assert doc.position(base + ("CloudWatchLogsLogGroupArn",)) == Position(5, 5)


def test_yaml_comments() -> None:
    doc = load_text(TEMPLATE)
    assert dict(doc.comments) == {3: "trail-lint: ignore=TL302 reviewed in 2024", 12: "who"}
    assert load_text('{"a": 1}').comments == {}


def test_yaml_comments_only_where_the_scanner_sees_them() -> None:
    text = "a: [1, # one\n  2]  # two\nb: |  # block\n  # text, not a comment\n  x\n# last"
    doc = load_text(text)
    assert dict(doc.comments) == {1: "one", 2: "two", 3: "block", 6: "last"}
    assert doc.data == {"a": [1, 2], "b": "# text, not a comment\nx\n"}


def test_yaml_flow_style_and_indented_document() -> None:
    doc = load_text("  Resources:\n    T: {Type: X, Properties: {Names: [a, !Ref b]}}\n")
    names = ["a", Intrinsic("Ref", "b")]
    assert doc.data == {"Resources": {"T": {"Type": "X", "Properties": {"Names": names}}}}
    assert doc.position(("Resources",)) == Position(1, 3)
    assert doc.position(("Resources", "T", "Properties", "Names", 1)) == Position(2, 42)
    assert doc.position(("Resources", "T", "Properties", "Names", 1, "Ref")) == Position(2, 42)


def test_intrinsic_names() -> None:
    text = ("a: !Condition C\nb: !ImportValue X\nc: !Select [0, !GetAZs '']\n"
            "d: !Include ./org.yml\ne: !ToJsonString {k: v}\nf: !!str 12\ng: !Base64 x\n")
    assert load_text(text).data == {
        "a": Intrinsic("Condition", "C"),
        "b": Intrinsic("Fn::ImportValue", "X"),
        "c": Intrinsic("Fn::Select", [0, Intrinsic("Fn::GetAZs", "")]),
        "d": Intrinsic("!Include", "./org.yml"),
        "e": Intrinsic("!ToJsonString", {"k": "v"}),   # the transform's functions have no short form
        "f": "12",
        "g": Intrinsic("Fn::Base64", "x"),
    }


def test_yaml_scalars_follow_yaml_1_1() -> None:
    text = "a: True\nb: off\nc: 0x1F\nd: 1.5\ne: ~\nf: 2024-01-01\ng: '1'\nh: 1e5\n"
    assert load_text(text).data == {"a": True, "b": False, "c": 31, "d": 1.5, "e": None,
                                    "f": "2024-01-01", "g": "1", "h": "1e5"}


def test_yaml_anchors_merge_and_duplicates() -> None:
    text = "base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\ndup: 1\ndup: 2\n"
    doc = load_text(text)
    assert doc.data == {"base": {"x": 1, "y": 2}, "use": {"x": 1, "y": 3}, "dup": 2}
    assert doc.position(("use", "y")) == Position(4, 3)
    assert doc.position(("dup",)) == Position(6, 1)


def test_yaml_multiple_documents_take_the_first() -> None:
    assert load_text("a: 1\n---\nb: [\n").data == {"a": 1}


@pytest.mark.parametrize(("text", "root"), [("", 1), ("   \n", 1), ("# only a comment\n", 1),
                                           ("---\n", 2)])
def test_empty_yaml_is_none(text: str, root: int) -> None:
    doc = load_text(text)
    assert doc.data is None
    assert doc.position(("Resources",)) == Position(root, 1)


def test_yaml_syntax_error_has_line_and_column() -> None:
    with pytest.raises(LoadError) as caught:
        load_text("Resources:\n  T:\n    Type: X\n   bad: [\n")
    assert caught.value.position is not None
    assert caught.value.position.line == 4


def test_yaml_tab_indentation_is_an_error() -> None:
    with pytest.raises(LoadError) as caught:
        load_text("a:\n\t- b\n")
    assert caught.value.position == Position(2, 1)
    assert "'\\t'" in caught.value.message


def test_yaml_unsafe_tags_are_never_constructed() -> None:
    data = load_text("a: !!python/object/apply:os.system ['echo hi']\n").data
    assert data == {"a": ["echo hi"]}


def test_bad_typed_scalar() -> None:
    with pytest.raises(LoadError) as caught:
        load_text("a: !!int abc\n")
    assert caught.value.message == "cannot read 'abc' as int"
    assert caught.value.position == Position(1, 4)


# --- Files and encodings -----------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-32", "utf-16-be"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_bytes("Name: été # café\nList: [1]\n".encode(encoding))
    doc = load_file(str(path))
    assert doc.data == {"Name": "été", "List": [1]}
    assert doc.position(("List", 0)) == Position(2, 8)
    assert doc.comments == {1: "café"}
    assert doc.file == str(path)


ASCII_JSON = st.dictionaries(st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=8),
                             st.text(st.characters(min_codepoint=1, max_codepoint=127), max_size=8), max_size=4)


@given(ASCII_JSON, st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]))
def test_ascii_json_is_read_in_its_encoding_with_or_without_nul_bytes(value: dict, encoding: str) -> None:
    # UTF-16 and UTF-32 of ASCII text are ASCII bytes too, with NULs: JSON's rule tells them apart
    from trail_lint.load.files import decode

    text = json.dumps(value)
    assert decode(text.encode(encoding)) == text
    assert json.loads(decode(json.dumps(value, ensure_ascii=False).encode(encoding))) == value


@pytest.mark.parametrize("raw", [b"{}\x00", b'{"a": "\x00"}', b"ab\x00cd" * 10])
def test_ascii_bytes_with_a_nul_byte_and_no_utf16_or_utf32_pattern_are_binary(raw: bytes) -> None:
    from trail_lint.load.files import decode

    with pytest.raises(LoadError, match="^binary file$"):
        decode(raw)


def test_json_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_bytes(b'\xef\xbb\xbf{"a": [true]}')
    doc = load_file(str(path))
    assert doc.data == {"a": [True]}
    assert doc.position(("a", 0)) == Position(1, 8)


def test_invalid_utf8_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_bytes(b"a: 1\nb: \xc3\xa9\xff\n")
    with pytest.raises(LoadError) as caught:
        load_file(str(path))
    assert caught.value.message == "invalid UTF-8 byte 0xff at byte offset 10"
    assert caught.value.position == Position(2, 5)


def test_missing_and_directory(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="^no such file$"):
        load_file(str(tmp_path / "nope.json"))
    with pytest.raises(LoadError, match="^is a directory$"):
        load_file(str(tmp_path))


def test_document_is_a_plain_value() -> None:
    doc = Document("f.yaml", {"a": 1}, "yaml", "a: 1\n")
    assert doc.position(("a",)) == Position(1, 1)
    assert doc.comments == {}
    assert DEFAULT_LIMITS.max_depth == 1000


def test_import_does_not_load_yaml() -> None:
    code = "import sys, trail_lint.load; print('yaml' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_corpus_loads() -> None:
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not present")
    # terraform/ holds module folders (.tf, .tfvars, templates and policy files that file() reads,
    # some with ${...} in them): the HCL reader's tests cover them
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix != ".md"
                   and p.relative_to(CORPUS).parts[0] != "terraform")
    assert files
    for path in files:
        doc = load_file(str(path))
        assert doc.format == ("yaml" if path.suffix in (".yaml", ".yml") else "json"), path
        assert isinstance(doc.data, dict), path
        first = next(iter(doc.data))
        assert doc.position((first,)).line >= 1


def test_a_json_files_locator_reads_it_again_and_finds_the_same_positions(tmp_path: Path) -> None:
    from trail_lint.load import locator

    path = tmp_path / "trails.json"
    path.write_text('{\n\t"trailList": [\n\t\t{"Name": "a"},\n\t\t{"Name": "b", "HomeRegion": "eu-west-1"}\n\t]\n}\n')
    doc = load_file(str(path))
    where = locator(doc)
    for at in [("trailList",), ("trailList", 1), ("trailList", 1, "HomeRegion"), ("trailList", 0, "Missing")]:
        assert where(at) == doc.position(at)
    assert where(("trailList", 1, "HomeRegion")) == Position(4, 17)


def test_a_json_file_changed_after_it_was_read_has_no_positions_to_trust(tmp_path: Path) -> None:
    from trail_lint.load import locator

    path = tmp_path / "trails.json"
    path.write_text('{"trailList": [{"Name": "a"}]}')
    where = locator(load_file(str(path)))
    path.write_text('\n\n{"trailList": [{"Name": "b"}]}')
    assert where(("trailList", 0, "Name")) == Position(1, 1)
    path.write_text('{"trailList": [{"Name": "a"}]}')
    where = locator(load_file(str(path)))
    path.unlink()
    assert where(("trailList", 0, "Name")) == Position(1, 1)


# --- reading files -----------------------------------------------------------------------

@given(st.binary(max_size=300), st.integers(0, 40), st.integers(1, 300))
def test_read_gives_every_byte_up_to_one_past_the_limit(tmp_path_factory: pytest.TempPathFactory, content: bytes,
                                                       stated: int, max_bytes: int) -> None:
    """A descriptor holding more than the file said (a growing file) is read to its end, in pieces
    (a pipe hands them over as they were written), and never more than one byte past the limit."""
    import os

    from trail_lint.load.base import Limits
    from trail_lint.load.files import _read_all, read_bytes

    limits = Limits(max_bytes=max_bytes)
    reader, writer = os.pipe()
    try:
        for start in range(0, len(content), 7):
            os.write(writer, content[start:start + 7])
        os.close(writer)
        assert _read_all(reader, min(stated, max_bytes) + 1, limits) == content[:max_bytes + 1]
    finally:
        os.close(reader)
    path = tmp_path_factory.mktemp("read") / "file.json"
    path.write_bytes(content)
    if len(content) > max_bytes:
        with pytest.raises(LoadError, match="larger than the limit"):
            read_bytes(str(path), limits)
    else:
        assert read_bytes(str(path), limits) == content


@given(st.binary(max_size=300), st.integers(0, 300))
def test_a_regular_file_is_read_in_one_call_when_it_holds_what_it_said(
        tmp_path_factory: pytest.TempPathFactory, content: bytes, stated: int) -> None:
    """A regular file of the size its fstat said is read with one read (a snapshot has tens of
    thousands of small files); one that holds more than it said (it grew after the fstat) is read
    on to its end, and one that holds less is read until a read says it ended."""
    import os

    from trail_lint.load.base import Limits
    from trail_lint.load.files import _read_all

    path = tmp_path_factory.mktemp("regular") / "file.json"
    path.write_bytes(content)
    calls: list[int] = []
    read = os.read

    def counted(descriptor: int, size: int) -> bytes:
        calls.append(size)
        return read(descriptor, size)
    fd = os.open(path, os.O_RDONLY)
    os.read = counted
    try:
        assert _read_all(fd, stated + 1, Limits(max_bytes=1000), regular=True) == content
    finally:
        os.read = read
        os.close(fd)
    assert (len(calls) == 1) is (stated == len(content) or not content)   # an empty file: its first read says so
    assert calls[0] == stated + 1


def test_a_file_found_in_a_listing_is_opened_without_a_stat_and_one_named_is_not(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from trail_lint.config import Config
    from trail_lint.engine import run
    from trail_lint.load import files

    (tmp_path / "found").mkdir()
    (tmp_path / "found" / "a.json").write_text('{"Statement": []}')
    (tmp_path / "named.json").write_text('{"Statement": []}')
    stats: list[str] = []
    stat = files.os.stat

    def counted(path: object, *args: object, **kwargs: object) -> object:
        stats.append(str(path))
        return stat(path, *args, **kwargs)   # type: ignore[arg-type]
    monkeypatch.setattr(files.os, "stat", counted)
    result = run([str(tmp_path / "found"), str(tmp_path / "named.json")], Config(), [])
    assert sorted(result.files) == [str(tmp_path / "found" / "a.json"), str(tmp_path / "named.json")]
    assert str(tmp_path / "found" / "a.json") not in stats     # its listing said it is a regular file
    stats.clear()
    files.read_bytes(str(tmp_path / "named.json"), DEFAULT_LIMITS)
    assert stats == [str(tmp_path / "named.json")]               # a device named is never opened
    files.read_bytes(str(tmp_path / "named.json"), DEFAULT_LIMITS, listed=True)
    assert stats == [str(tmp_path / "named.json")]


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null on this system")
def test_a_device_named_on_the_command_line_is_refused_without_being_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    from trail_lint.load import files

    def refuse(*args: object, **kwargs: object) -> int:
        raise AssertionError("a device was opened")
    monkeypatch.setattr(files.os, "open", refuse)
    with pytest.raises(LoadError, match="device"):
        files.read_bytes("/dev/null", DEFAULT_LIMITS)
