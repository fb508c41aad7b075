"""JSON positions: the locator against a writer that notes where it put every key and item.

The locator reads text (or the bytes of an ASCII file), starting at the root or at the root
members the loader noted, skips values by pattern (containers nested deeper than the pattern
bracket by bracket) and jumps to a wanted key when a pattern proves everything before it members
of the same object. Every one of those ways must give the position the writer recorded.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.load import Limits, LoadError, load_file, load_text, locator, without_text
from trail_lint.load import _parse_json as parse_json
from trail_lint.load import _root_members as root_members
from trail_lint.load.json_members import keys_before
from trail_lint.load.json_positions import JsonLocator
from trail_lint.load.json_syntax import DEPTH
from trail_lint.model import Position

KEYS = st.sampled_from(["a", "b", "key", "k", "name", "é", "a\"b", "back\\slash", "tab\t", "", "}", "[", ":"]) \
    | st.text(max_size=4)
SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
           | st.text(max_size=5) | st.sampled_from(['"k":', "{[", "]}", "\\", '\\"', "k"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
                      max_leaves=30)
SPACE = st.text(alphabet=" \t\r\n", max_size=3)


def _spelling(key: str, draw: st.DrawFn) -> str:
    """A key as a JSON writer may spell it: plainly, ASCII-escaped, or with every character escaped."""
    how = draw(st.sampled_from(["plain", "ascii", "escaped"]))
    if how == "escaped":
        return '"' + "".join(f"\\u{ord(c):04x}" if ord(c) < 0x10000 else json.dumps(c)[1:-1] for c in key) + '"'
    return json.dumps(key, ensure_ascii=how == "ascii")


def _written(value: object, draw: st.DrawFn, compact: bool) -> tuple[str, dict[tuple, int]]:
    """``value`` as JSON text, with drawn white space unless ``compact``, and the offset of every
    key and list item (the first of duplicate keys, as the locator reports)."""
    parts: list[str] = []
    marks: dict[tuple, int] = {}
    ensure_ascii = draw(st.booleans())
    size = 0

    def put(text: str) -> None:
        nonlocal size
        parts.append(text)
        size += len(text)

    def space() -> str:
        return "" if compact else draw(SPACE)

    def write(item: object, path: tuple) -> None:
        if isinstance(item, dict):
            put("{" + space())
            for index, (key, member) in enumerate(item.items()):
                if index:
                    put(space() + "," + space())
                marks.setdefault(path + (key,), size)
                put(_spelling(key, draw) + space() + ":" + space())
                write(member, path + (key,))
            put(space() + "}")
        elif isinstance(item, list):
            put("[" + space())
            for index, member in enumerate(item):
                if index:
                    put(space() + "," + space())
                marks[path + (index,)] = size
                write(member, path + (index,))
            put(space() + "]")
        else:
            put(json.dumps(item, ensure_ascii=ensure_ascii))

    put(space())
    marks[()] = size
    write(value, ())
    put(space())
    return "".join(parts), marks


def _expected(text: str, marks: dict[tuple, int], path: tuple) -> Position:
    while path not in marks:                # a path that does not exist: its nearest ancestor
        path = path[:-1]
    offset = marks[path]
    return Position(text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset))


def _locators(text: str) -> list[JsonLocator]:
    """Every way the locator can be set up for ``text``: text or bytes, from the root or from the
    root members the loader notes when it reads a large file member by member, a key proved a
    member of its object by pattern or by msgspec (``keys_before``, for a large file)."""
    members: dict[str, tuple[int, int]] = {}
    read = root_members(text, members)
    assert read is None or read == json.loads(text)
    kinds: list[str | bytes] = [text] + ([text.encode()] if text.isascii() else [])
    return [JsonLocator(kind, noted, keys_before=proof) for kind in kinds
            for noted in ({}, members if read is not None else {}) for proof in (None, keys_before)]


def test_a_key_ending_in_an_escaped_quote_is_not_where_a_member_starts() -> None:
    # '"a\\"b": null' holds '"b":'; what precedes that quote ends in a backslash, not a comma
    text = json.dumps([{"a": None, 'a"b': None, "b": None}])
    key = Position(1, text.rindex('"b"') + 1)
    for located in _locators(text):
        assert located.positions([(0, "b"), (0, "b", "absent")]) == {(0, "b"): key, (0, "b", "absent"): key}
    assert keys_before(text, 1, text.index('"b"')) is None


@settings(max_examples=150)
@given(st.data())
def test_positions_are_where_the_writer_put_each_key_and_item(data: st.DataObject) -> None:
    value = data.draw(st.dictionaries(KEYS, VALUES, max_size=4) | st.lists(VALUES, max_size=3))
    text, marks = _written(value, data.draw, compact=data.draw(st.booleans()))
    assert json.loads(text) == value
    missing = [path + (part,) for path in marks for part in ("absent", 99, -1, "a")]
    asked = data.draw(st.lists(st.sampled_from(list(marks) + missing), unique=True))
    expected = {path: _expected(text, marks, path) for path in asked}
    for located in _locators(text):
        assert located.positions(asked) == expected                 # one ordered pass
    for located in _locators(text):
        for path in data.draw(st.permutations(asked)):                 # one by one, in any order
            assert located.position(path) == expected[path], path


@settings(max_examples=150)
@given(st.data())
def test_one_path_in_an_item_is_where_the_writer_put_it(data: st.DataObject) -> None:
    # an item of a large list asked about one path (most items of a plan located): routed alone
    items = data.draw(st.lists(VALUES, min_size=1, max_size=3))
    text, marks = _written(items, data.draw, compact=data.draw(st.booleans()))
    number = data.draw(st.integers(0, len(items) - 1))
    inside = [path[1:] for path in marks if path[:1] == (number,)]
    path = data.draw(st.sampled_from(inside + [part + (extra,) for part in inside for extra in ("absent", 9, "a")]))
    start = marks[(number,)]
    expected = _expected(text, marks, (number, *path))
    for kind in [text] + ([text.encode()] if text.isascii() else []):
        for proof in (None, keys_before):
            located = JsonLocator(kind, keys_before=proof)
            assert located.offset_position(located.offsets([path], start)[path]) == expected


def _nested(depth: int) -> object:
    value: object = {"leaf": [1, "]}", {"k": 2}]}
    for level in range(depth):
        value = {"k": [value, level]} if level % 2 else [{"x": "{"}, value]
    return value


@pytest.mark.parametrize("compact", [True, False])
def test_values_nested_deeper_than_the_pattern_are_skipped_bracket_by_bracket(compact: bool) -> None:
    value = {"deep": _nested(DEPTH * 2 + 3), "k": {"deep": _nested(DEPTH + 1), "after": [_nested(DEPTH), 7]}}
    text = json.dumps(value, indent=None if compact else 1)
    after = text.index('"after"')
    for located in _locators(text):
        assert located.positions([("k", "after", 1)]) == {("k", "after", 1): located.position(("k", "after", 1))}
        assert located.position(("k", "after")) == Position(text.count("\n", 0, after) + 1,
                                                             after - text.rfind("\n", 0, after))


@pytest.mark.parametrize("skipped", [
    "[" * (sys.getrecursionlimit() + 50) + "]" * (sys.getrecursionlimit() + 50),   # deeper than the stack
    "[" + "7" * 5000 + "]",         # an integer longer than json converts (sys.get_int_max_str_digits)
])
def test_a_container_the_c_scanner_refuses_is_passed_by_the_pattern(skipped: str) -> None:
    text = '{"x": ' + skipped + ',\n "k": {"skip": ' + skipped + ', "after": 1}}'
    after = text.index('"after"')
    expected = Position(2, after - text.rfind("\n", 0, after))
    for located in _locators(text):
        assert located.positions([("k", "after")]) == {("k", "after"): expected}
        assert located.position(("k", "after")) == expected


@pytest.mark.parametrize("text, path, offset", [
    ('{"a":1,"x":{"a":5},"a":2}', ("a",), 1),                  # duplicate keys: the first
    ('{"x":{"k":1},"k":2}', ("k",), 13),                       # written deeper first: not that one
    ('{"x":"\\"k\\":","k":1}', ("k",), 14),                    # written inside a string value
    ('{"x":"k","k":1}', ("k",), 9),                            # a value that is the key's text
    ('{"\\u0061":1,"a":2}', ("a",), 1),                        # spelt with escapes: still the first
    ('{"b":{"\\u006b":[0,{"k":1}]},"k":2}', ("k",), 28),
    ('[{"k":1},{"x":[{"k":2}]},{"k":3}]', (2, "k"), 26),
    ('{"x":"a,","k":1}', ("k",), 10),                         # after a string ending in a comma
    ('{"a":{"x":1},"k":2}', ("a", "k"), 1),                     # after its object: the object
    ('{"a":{"x":1,"y":"z"},"k":2}', ("a", "k"), 1),
])
def test_a_wanted_key_written_elsewhere_first_is_not_taken_for_the_member(text: str, path: tuple,
                                                                          offset: int) -> None:
    for located in _locators(text):
        assert located.positions([path]) == {path: Position(1, offset + 1)}
        assert located.position(path) == Position(1, offset + 1)


@settings(max_examples=100)
@given(st.dictionaries(KEYS, VALUES, max_size=5), st.booleans())
def test_a_root_read_member_by_member_is_what_json_loads_reads(value: dict, pretty: bool) -> None:
    text = json.dumps(value, indent=2 if pretty else None)
    members: dict[str, tuple[int, int]] = {}
    assert root_members(text, members) == json.loads(text)
    assert list(members) == list(value)


@pytest.mark.parametrize("text", [
    '{"a": 1,}', '{"a": 1} x', '{"a" 1}', '{"a": tru}', '{"a": [1, 2}', '{"a": 1', '{"a": NaN, "b": -Infinity}',
    '{"a": ' + "9" * 5000 + "}", '{"a": 1, "a": 2}', '  {"a": {"b": [1e400, -0.0, 12345678901234567890123]}}  ',
    '{}', '{"a": "\\ud800"}', '{"a": "tab\there"}',
])
def test_a_large_root_object_reads_and_fails_as_json_loads_does(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from trail_lint import load

    def outcome() -> object:
        try:
            return load.load_text(text, file="plan.json").data
        except LoadError as error:
            return str(error)

    before = outcome()
    expected = repr(before)                 # repr: NaN, -0.0, big integers and inf compared as written
    monkeypatch.setattr(load, "_INDEXED_CHARS", 0)
    assert repr(outcome()) == expected
    if not isinstance(before, str):
        assert repr(parse_json(text, Limits())[0]) == expected


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32-be"])
def test_a_file_that_is_not_utf8_is_searched_as_the_text_it_decodes_to(tmp_path: Path, encoding: str,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from trail_lint import load

    monkeypatch.setattr(load, "_INDEXED_CHARS", 0)       # root members noted: their offsets are characters
    content = '{"a": [1, 2],\n "plan": {"resource_changes": [{"address": "a", "change": {"after": {"name": "x"}}}]}}'
    path = tmp_path / "plan.json"
    path.write_bytes(content.encode(encoding))
    paths = [("plan", "resource_changes", 0, "change", "after", "name"), ("plan", "resource_changes", 0)]
    located = without_text(load_file(str(path)))[1]
    assert located.positions(paths) == load_text(content).positions(paths)
    assert located.positions(paths)[paths[0]] == Position(2, 70)


@pytest.mark.parametrize("content", [
    '{"plan": {"resource_changes": [{"address": "a.b", "change": {"after": {"name": "x"}}}]}}',
    '{"plan": {"resource_changes": [{"address": "é", "change": {"after": {"name": "ü"}}}]}}',
    '\ufeff{"plan":\n {"resource_changes": [{"address": "a",\n "change": {"after": {"name": "x"}}}]}}',
    # only the member the paths are in is read again (lines and columns counted from the file's start)
    ('{"a": [1,\n  2],\n\t"b": "x", "plan": {"resource_changes":\n [{"address": "a", "change":\n'
    ' {"after": {"name": "x"}}}]}, "z": {"plan": 1}}\n'),
])
def test_a_file_read_again_for_positions_gives_what_its_text_gives(tmp_path: Path, content: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from trail_lint import load

    monkeypatch.setattr(load, "_INDEXED_CHARS", 0)       # the root read member by member, as a large plan
    path = tmp_path / "plan.json"
    path.write_text(content, encoding="utf-8")
    doc = load_file(str(path))
    lean, located = without_text(doc)
    assert lean.text == "" and lean.data == doc.data
    paths = [("plan", "resource_changes", 0, "change", "after", "name"), ("plan", "resource_changes", 0, "address"),
             ("plan", "missing")]
    text = load_text(content.removeprefix("\ufeff"))
    assert located.positions(paths) == {p: text.position(p) for p in paths}
    assert [lean.position(p) for p in paths] == [text.position(p) for p in paths]
    assert locator(doc)(paths[0]) == text.position(paths[0])
    located = without_text(load_file(str(path)))[1]
    path.write_text(content + " ", encoding="utf-8")                       # changed since it was read
    assert located.positions(paths[:1]) == {paths[0]: Position(1, 1)}


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_a_list_member_read_again_item_by_item_gives_what_its_text_gives(tmp_path_factory: pytest.TempPathFactory,
                                                                         data: st.DataObject) -> None:
    from trail_lint.load import reread

    items = data.draw(st.lists(VALUES, max_size=6))
    value = {"before": data.draw(VALUES), "changes": items, "after": data.draw(VALUES)}
    text, marks = _written(value, data.draw, compact=data.draw(st.booleans()))
    if not text.isascii():
        text = json.dumps(value, indent=data.draw(st.sampled_from([None, 1])))      # ASCII-escaped
        marks = {}
    path = tmp_path_factory.mktemp("plan") / "plan.json"
    path.write_text(text, encoding="ascii")
    chunk = data.draw(st.integers(1, 64))
    inside = [p for p in (marks or {("changes", i): 0 for i in range(len(items))}) if p[:1] == ("changes",)]
    asked = data.draw(st.lists(st.sampled_from(inside + [("changes", 99), ("changes", 0, "absent"), ("changes", "x")]),
                               min_size=1, unique=True))
    expected = load_text(text).positions(asked)
    for unbuilt in (False, True):
        with pytest.MonkeyPatch.context() as patch:
            from trail_lint import load

            patch.setattr(load, "_INDEXED_CHARS", 0)
            if unbuilt:         # read by msgspec, as a large plan: where each item starts is noted when compact
                patch.setattr(load, "_UNBUILT_CHARS", 0)
            patch.setattr(reread, "CHUNK", chunk)            # pieces that end anywhere, inside tokens too
            located = without_text(load_file(str(path)))[1]
            assert isinstance(located, reread.Reread)
            assert located._items(list(asked)) == expected    # item by item, as the file is read in pieces
            assert located.positions(asked) == expected


@settings(max_examples=200, deadline=None)
@given(VALUES, st.sampled_from([None, 0, 2, "\t"]))
def test_every_position_in_one_pass_is_where_the_locator_finds_each(value: object, indent: int | str | None) -> None:
    from trail_lint.load.json_marks import every_position

    text = json.dumps(value, indent=indent, ensure_ascii=False)
    found = every_position(text)
    assert found == JsonLocator(text).positions(list(found))
