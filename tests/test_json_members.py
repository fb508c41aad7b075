"""A large JSON root object read member by member, each member built only when a reader asks for it
(load/json_members.py), against the path that builds every value at once (json).

Both paths are run on the same input by lowering the size from which each applies: what the
document holds, where its members sit, how an invalid one is worded and placed, what a reader makes
of it and what the rules find must all be the same.
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from benchmark_scripts import load_script
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_json_positions import VALUES, _written

from trail_lint import load
from trail_lint.config import Config
from trail_lint.engine import _normalise, run
from trail_lint.load import Document, Limits, LoadError, load_file, load_text, plain_text, reread, without_text
from trail_lint.normalise import MalformedInput
from trail_lint.registry import all_rules

pytest.importorskip("msgspec")

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TESTS = Path(__file__).parent


def _path(monkeypatch: pytest.MonkeyPatch, members_built_when_read: bool) -> None:
    """Every root object read member by member (as a large one is), its members' values built when
    read or all at once."""
    monkeypatch.setattr(load, "_INDEXED_CHARS", 0)
    monkeypatch.setattr(load, "_UNBUILT_CHARS", 0 if members_built_when_read else sys.maxsize)


def _both(monkeypatch: pytest.MonkeyPatch, outcome: Any) -> tuple[Any, Any]:
    """``outcome()`` with values built at once, then with members built when read."""
    with monkeypatch.context() as patch:
        _path(patch, False)
        today = outcome()
    with monkeypatch.context() as patch:
        _path(patch, True)
        lazy = outcome()
    return today, lazy


# --- documents -----------------------------------------------------------------------------

SPACE = st.text(alphabet=" \t\r\n", max_size=2)
NUMBERS = st.sampled_from([
    "0", "-0", "-0.0", "1e5", "1E+2", "-1.5e-3", "0.1e1", "2.5E-400", "1e400", "-1e400", "1.7976931348623157e309",
    "123456789012345678901234567890", "-9223372036854775809", "18446744073709551616", "9" * 4300, "9" * 4301,
    "NaN", "Infinity", "-Infinity"]) | st.integers().map(str) | st.floats(allow_nan=False).map(repr).filter(
    lambda number: "inf" not in number)
STRINGS = st.sampled_from(['"\\ud800"', '"x\\udc00"', '"\\ud83d\\ude00"', '"\\u00e9"', '"\\"\\\\\\/\\b\\f\\n\\r\\t"',
                           '"é"', '"\x7f"']) | st.text(max_size=6).map(lambda text: json.dumps(text))
SCALARS = NUMBERS | STRINGS | st.sampled_from(["true", "false", "null"])
KEYS = st.sampled_from(["a", "b", "resource_changes", "planned_values", "é", "a\"b", "\\", ""]) | st.text(max_size=3)


def _key(key: str, how: str) -> str:
    """A key spelt plainly, ASCII-escaped, or with every character escaped."""
    if how == "escaped":
        return '"' + "".join(f"\\u{ord(c):04x}" if ord(c) < 0x10000 else json.dumps(c)[1:-1] for c in key) + '"'
    return json.dumps(key, ensure_ascii=how == "ascii")


@st.composite
def _value(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.sampled_from(["scalar", "list", "object"] if depth < 3 else ["scalar"]))
    if kind == "scalar":
        return draw(SCALARS)
    if kind == "list":
        items = draw(st.lists(_value(depth + 1), max_size=3))
        return "[" + draw(SPACE) + ("," + draw(SPACE)).join(items) + draw(SPACE) + "]"
    return _object(draw, depth + 1)


def _object(draw: st.DrawFn, depth: int) -> str:
    members = draw(st.lists(st.tuples(KEYS, st.sampled_from(["plain", "ascii", "escaped"]), _value(depth)), max_size=4))
    spelt = [_key(key, how) + draw(SPACE) + ":" + draw(SPACE) + value for key, how, value in members]
    return "{" + draw(SPACE) + ("," + draw(SPACE)).join(spelt) + draw(SPACE) + "}"


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A root object, sometimes broken by one character taken out or put in."""
    text = draw(SPACE) + _object(draw, 0) + draw(SPACE)
    change = draw(st.sampled_from(["none", "none", "delete", "insert"]))
    if change != "none" and text:
        at = draw(st.integers(0, len(text) - 1))
        text = text[:at] + (draw(st.sampled_from(list(',:{}[]"\\x0 '))) if change == "insert" else "") \
            + text[at + (change == "delete"):]
    return text


def _loaded(text: str) -> Any:
    """What a loaded document is: its values (repr: NaN, -0.0, big integers and inf compared as
    written), where its members sit, what a reader asking for two members gets; or the error."""
    try:
        # (hypothesis raises the recursion limit; the configured depth then stays at it, as by default)
        doc = load_text(text, file="plan.json", limits=Limits(max_depth=sys.getrecursionlimit()))
    except LoadError as error:
        return str(error)
    names = doc.member_names()
    return (repr(doc.members(names[:1] + ("planned_values",))), repr(doc.data), doc._members, names,
            doc.outline() if isinstance(doc.data, dict) else None, doc.ascii_strings)


@settings(max_examples=400)
@given(text=documents())
# a duplicate key whose later value is the first one's first and last character
@example(text='{"a":3000000000000000000000000000,\r"a":3}')
def test_a_document_is_the_same_whether_its_members_are_built_when_read_or_at_once(text: str) -> None:
    today, lazy = _both(pytest.MonkeyPatch(), lambda: _loaded(text))
    assert lazy == today


def test_members_are_built_only_when_read(monkeypatch: pytest.MonkeyPatch) -> None:
    _path(monkeypatch, True)
    text = '{"format_version": "1.2",\n "planned_values": {"a": [1, 2.5, "x"]},\n "resource_changes": [{"b": null}]}'
    doc = load_text(text, file="plan.json")
    assert doc._unbuilt is not None and doc._values is None
    assert doc.member_names() == ("format_version", "planned_values", "resource_changes")
    assert doc.outline() == {"format_version": None, "planned_values": None, "resource_changes": None}
    assert doc.members(["resource_changes", "format_version", "other"]) == {
        "format_version": "1.2", "resource_changes": [{"b": None}]}
    assert "data" not in doc._cache
    assert doc.data == json.loads(text)
    # the offsets of each member: its key, its value and the value's end
    assert {key: text[at:end] for key, (at, _, end) in doc._members.items()} == {
        "format_version": '"format_version": "1.2"', "planned_values": '"planned_values": {"a": [1, 2.5, "x"]}',
        "resource_changes": '"resource_changes": [{"b": null}]'}


def test_a_taken_document_lets_its_text_go(monkeypatch: pytest.MonkeyPatch) -> None:
    _path(monkeypatch, True)
    text = '{"format_version": "1.2", "planned_values": {}, "resource_changes": [1]}'
    doc = load_text(text, file="plan.json")
    assert doc.take(["resource_changes"]) == {"resource_changes": [1]}
    assert doc._unbuilt == {"format_version": None, "planned_values": None, "resource_changes": None}
    assert doc.member_names() == ("format_version", "planned_values", "resource_changes")
    with pytest.raises(LookupError, match="'planned_values' was let go"):
        doc.members(["planned_values"])
    # a document whose values were built at once is taken as it is read
    _path(monkeypatch, False)
    assert load_text(text).take(["resource_changes"]) == {"resource_changes": [1]}


@pytest.mark.parametrize("text", [
    '{"a": 1, "a": 2}',                         # a duplicate root key: its first value's length is unknown
    '{"a": NaN}', '{"a": "\\ud800"}',           # what msgspec refuses and json accepts
    '{"a": ' + "1" * 4301 + "}",                # longer than json converts: json words the error
    '{"a": "é"}',                               # not ASCII: offsets in bytes would not be characters
])
def test_what_json_may_read_otherwise_is_left_to_json(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _path(monkeypatch, True)
    try:
        doc = load_text(text)
    except LoadError:
        return
    assert doc._unbuilt is None


# --- readers and rules ---------------------------------------------------------------------

def _terraform_files() -> list[Path]:
    """Every plan and state among the test fixtures and the corpus."""
    found = sorted(p for p in TESTS.rglob("*") if p.suffix in (".json", ".tfstate") and p.is_file()
                   and "corpus" not in p.relative_to(TESTS).parts)
    if CORPUS.is_dir():
        found += sorted(p for p in (CORPUS / "tfplan").iterdir() if p.is_file())
    return [p for p in found if _is_terraform(p)]


def _is_terraform(path: Path) -> bool:
    try:
        values = json.loads(path.read_text())
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(values, dict) and ("format_version" in values or "terraform_version" in values)


def _read(path: Path) -> tuple[Any, list[tuple[str, str, str, int, int]]]:
    """What the readers make of ``path`` (the model) and what every rule finds in it."""
    try:
        contents: Any = _normalise(load_file(str(path)))
    except (LoadError, MalformedInput) as error:     # the engine reports it (TL001)
        contents = str(error)
    findings = run([str(path)], Config(), all_rules(), raise_errors=True).findings
    return contents, [(f.rule, f.message, f.file, f.line, f.column) for f in findings]


TERRAFORM = _terraform_files()


def test_the_terraform_inputs_are_found_and_read_member_by_member(monkeypatch: pytest.MonkeyPatch) -> None:
    _path(monkeypatch, True)
    assert len(TERRAFORM) > 20
    assert all(load_file(str(path))._unbuilt is not None for path in TERRAFORM if path.read_bytes().isascii())


@pytest.mark.parametrize("path", TERRAFORM, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_a_plan_or_state_reads_and_lints_the_same(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    today, lazy = _both(monkeypatch, lambda: _read(path))
    assert lazy == today


generate = load_script("generate_plan")


@pytest.mark.parametrize(("shape", "size"), [("standard", 120), ("dense", 6), ("access", 3), ("org", 3)])
def test_a_generated_plan_reads_and_lints_the_same(shape: str, size: int, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "plan.json"
    assert generate.main([str(size), str(path), "--shape", shape]) == 0
    today, lazy = _both(monkeypatch, lambda: _read(path))
    assert today[1] and lazy == today
    _path(monkeypatch, True)
    assert load_file(str(path))._unbuilt is not None


@pytest.mark.parametrize("broken", ['"planned_values": {"a": [1,]}', '"planned_values": {"a": NaN}',
                                    '"planned_values": [' + "9" * 4301 + "]"])
def test_a_plan_member_its_reader_does_not_use_is_still_checked(broken: str, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "plan.json"
    path.write_text('{"format_version": "1.2",\n  ' + broken + ',\n  "resource_changes": []}\n')
    today, lazy = _both(monkeypatch, lambda: _read(path))
    assert lazy == today
    if "NaN" not in broken:
        assert [finding[0] for finding in today[1]] == ["TL001"]
    if "[1,]" in broken:                        # a syntax error: where it is
        assert today[1][0][3:] == (2, 30)      # the "]" where a value must be


_BUCKET = {"bucket": "logs", "policy": '{"Statement": []}'}


@pytest.mark.parametrize("changes", [
    # the actions and sides the plan reader tells apart, members left out, null, or of another type
    [{"address": "aws_s3_bucket.a", "type": "aws_s3_bucket", "change": {"actions": ["delete"], "before": _BUCKET,
                                                                          "after": None}},
     {"address": "aws_s3_bucket.b", "type": "aws_s3_bucket", "change": {"actions": ["create", "delete"],
                                                                          "before": _BUCKET, "after": _BUCKET}},
     {"address": "aws_s3_bucket.c", "type": "aws_s3_bucket", "change": {"actions": ["update"], "before": _BUCKET,
                                                                          "after": None}},
     {"address": "aws_s3_bucket.d", "type": "aws_s3_bucket", "change": {"actions": ["read"], "before": None,
                                                                          "after": None, "after_unknown": {}}},
     {"address": "aws_s3_bucket.e", "type": "aws_s3_bucket", "deposed": "00a1", "change": {"actions": ["delete"]}},
     {"address": "aws_s3_bucket.f", "type": "aws_s3_bucket", "change": {"actions": ["forget"], "before": _BUCKET}},
     {"address": "aws_s3_bucket.g", "type": "aws_s3_bucket", "change": {"actions": ["no-op"], "after": _BUCKET,
                                                                          "after_unknown": {"arn": True}}},
     {"address": "aws_s3_bucket.h", "type": "aws_s3_bucket", "mode": None, "provider_name": None,
      "change": {"actions": ["create"], "after": _BUCKET}}],
    [{"address": "aws_s3_bucket.a", "type": "aws_s3_bucket", "change": {"actions": ["delete"], "before": [1]}}],
    [{"address": "aws_s3_bucket.a", "type": "aws_s3_bucket", "deposed": "00a1", "change": "not read"}],
    [{"address": "aws_s3_bucket.a", "type": "aws_s3_bucket", "change": {"actions": ["create"],
                                                                          "after": {"bucket": "1e400"}}}],
    [{"address": "aws_s3_bucket.a", "type": "aws_s3_bucket", "change": {"actions": ["create"], "after": _BUCKET,
                                                                          "after_unknown": []}}],
    [{"address": "aws_s3_bucket.a", "type": "aws_s3_bucket"}],
    [{"address": "aws_s3_bucket.a", "type": "aws_s3_bucket", "change": 5}],
    [{"address": 5, "change": {"actions": ["create"]}}],
    [{"address": "aws_s3_bucket.a", "change": {"actions": ["create"]}}],
    [{"address": "aws_s3_bucket.a", "type": "aws_s3_bucket", "change": {"actions": "create"}}],
    ["aws_s3_bucket.a"],
])
def test_the_resource_changes_read_as_the_plan_reader_decodes_them_read_as_built(
        changes: list[Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large plan's resource changes are decoded into what the plan reader reads (plan_changes):
    the same instances, and the same error at the same place, as from the values built whole."""
    path = tmp_path / "plan.json"
    path.write_text(json.dumps({"format_version": "1.2", "resource_changes": changes}).replace('"1e400"', "1e400"))
    today, lazy = _both(monkeypatch, lambda: _read(path))
    assert lazy == today
    assert _instances(changes, decoded=True) in (None, _instances(changes, decoded=False))
    if len(changes) > 1:    # (a model object's origin is not compared)
        for contents in (today[0], lazy[0]):
            assert [bucket.origin.path for bucket in contents.buckets] == [
                ("resource_changes", index, "change", side)
                for index, side in ((1, "after"), (2, "before"), (3, "after"), (5, "before"), (6, "after"))]


def _instances(changes: list[Any], decoded: bool) -> Any:
    """The plan reader's instances of ``changes`` (or its error), from their values or decoded by
    plan_changes (None when it leaves them to be built)."""
    import msgspec

    from trail_lint.normalise.terraform.plan import changed_instances
    from trail_lint.normalise.terraform.plan_changes import rows

    text = json.dumps(changes).replace('"1e400"', "1e400")
    found = rows(msgspec.Raw(text.encode())) if decoded else None
    if decoded and found is None:
        return None
    try:
        return changed_instances({"resource_changes": json.loads(text)}, "plan.json", set(), found)
    except MalformedInput as error:
        return error.message, error.at


@pytest.mark.parametrize("key", ["planned_values", "resource_changes"])
def test_nesting_stops_at_the_same_depth(key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both parsers count nesting against the interpreter's recursion limit: around it, a member is
    read, or refused as too deep, alike."""
    limit = sys.getrecursionlimit()
    path = tmp_path / "plan.json"

    def around_the_limit() -> list[Any]:
        found = []
        for depth in range(limit - 150, limit + 2):     # (the test runs some frames deep)
            path.write_text(f'{{"format_version": "1.2", "{key}": {"[" * depth}{"]" * depth}, "configuration": {{}}}}')
            found.append(_read(path)[1])
        return found

    today, lazy = _both(monkeypatch, around_the_limit)
    assert lazy == today
    assert "nesting deeper" in today[-1][0][1] and "nesting deeper" not in today[0][0][1]


@settings(max_examples=150)
@given(data=st.data())
def test_items_whose_starts_the_loader_noted_are_located_as_their_text_gives(data: st.DataObject) -> None:
    """A list member written without white space: the loader notes where its items start, and the
    findings' places are read from there (as the file is read in pieces that end anywhere)."""
    items = data.draw(st.lists(VALUES, max_size=6))
    value = {"before": data.draw(VALUES), "changes": items, "after": data.draw(VALUES)}
    compact = data.draw(st.booleans())
    text, marks = _written(value, data.draw, compact=compact)
    if not text.isascii():
        text, marks = json.dumps(value, separators=(",", ":") if compact else None), {}     # ASCII-escaped
    inside = [p for p in (marks or {("changes", i): 0 for i in range(len(items))}) if p[:1] == ("changes",)]
    asked = data.draw(st.lists(st.sampled_from(inside + [("changes", 99), ("changes", 0, "absent"), ("changes", "x"), ()]),
                               min_size=1, unique=True))
    expected = load_text(text).positions(asked)
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        path = Path(folder) / "plan.json"
        path.write_text(text, encoding="ascii")
        _path(patch, True)
        patch.setattr(reread, "CHUNK", data.draw(st.integers(1, 64)))      # pieces that end anywhere
        doc = load_file(str(path), limits=Limits(max_depth=sys.getrecursionlimit()))
        located = without_text(doc)[1]
        assert isinstance(located, reread.Reread)
        if compact and items and doc._unbuilt is not None:
            assert len(doc._items["changes"]) == len(items)
        assert located.positions(asked) == expected


@settings(max_examples=200)
@given(text=documents())
@example(text='{"a":"\\u00e9"}')
@example(text='{"a":"\\\\u"}')
@example(text=':{}')
def test_whether_strings_are_plain_ascii_is_the_same_worked_out_when_asked(text: str) -> None:
    """A document whose members are built when read answers ``ascii_strings`` when asked, also once
    its text is dropped for a reader (``without_text``), as the search of its whole text answers."""
    def asked() -> Any:
        try:
            doc = load_text(text, file="plan.json", limits=Limits(max_depth=sys.getrecursionlimit()))
        except LoadError:
            return None
        lean = Document(doc.file, doc._values, "json", "", _plain=doc._plain, _unbuilt=doc._unbuilt)
        lean._cache.update(doc._cache)
        return doc.format, doc.ascii_strings, lean.ascii_strings

    today, lazy = _both(pytest.MonkeyPatch(), asked)
    assert lazy == today
    if today is not None:
        kind, *answers = today
        # a text that is no JSON but reads as YAML (':{}') is never said to be plain JSON
        assert answers == [plain_text(text) if kind == "json" else False] * 2


def test_a_plan_is_not_searched_for_escapes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The Terraform plan reader never asks ``ascii_strings``: a large plan's text is not searched
    for a \\u escape (a tenth of reading it), and ``take`` lets the text go; a reader that asks
    later is told a string may hold one."""
    searched: list[str] = []
    monkeypatch.setattr(load, "plain_text", lambda text: searched.append(text) or True)
    _path(monkeypatch, True)
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"format_version": "1.2", "resource_changes": [], "configuration": {}}))
    doc, _ = without_text(load_file(str(plan)))
    assert _normalise(doc) is not None
    assert searched == []
    assert doc.ascii_strings is False and searched == []
    doc, _ = without_text(load_file(str(plan)))
    assert doc.ascii_strings is True and len(searched) == 1


def test_the_root_value_beside_items_does_not_read_the_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A place at the root value (a finding about the whole file, a principal said to be defined by
    the file) asked with places in a plan's items is found from the first piece, as the items are:
    the file is not read whole for it."""
    text = '  \n {"before":1,"changes":[{"a":1},{"b":[2,3]},{"c":{"d":4}}],"after":5}'
    path = tmp_path / "plan.json"
    path.write_text(text, encoding="ascii")
    _path(monkeypatch, True)
    monkeypatch.setattr(reread, "CHUNK", 2)
    located = without_text(load_file(str(path)))[1]
    assert isinstance(located, reread.Reread)
    asked = [(), ("changes", 2, "c", "d"), ("changes", 0)]
    expected = load_text(text).positions(asked)

    def whole(self: reread.Reread) -> None:
        raise AssertionError("read whole")

    monkeypatch.setattr(reread.Reread, "_read", whole)
    assert located.positions(asked) == expected
    assert expected[()].line == 2 and expected[()].column == 2
