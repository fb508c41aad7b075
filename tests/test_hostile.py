"""Hostile and accidental inputs: the loader raises LoadError and nothing else, and stays
bounded."""
from __future__ import annotations

import json
import os
from json.decoder import scanstring
from pathlib import Path
from typing import Any

import pytest
from document_paths import all_paths
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.load import DEFAULT_LIMITS, Limits, LoadError, load_file, load_text
from trail_lint.model import Position


def _laughs(levels: int) -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_deep_json_is_a_load_error() -> None:
    for text in ("[" * 200_000 + "]" * 200_000, '{"a":' * 200_000 + "1" + "}" * 200_000,
                 "[" * 200_000):
        with pytest.raises(LoadError, match=r"^nesting deeper than about \d+ levels$"):
            load_text(text)


def test_deep_yaml_is_a_load_error() -> None:
    flow = "a: " + "[" * 200_000 + "]" * 200_000
    block = "".join(" " * depth + "a:\n" for depth in range(3000))
    for text in (flow, block):
        with pytest.raises(LoadError, match=r"nesting deeper than about \d+ levels$") as caught:
            load_text(text, file="deep.yaml")
        assert caught.value.position is not None


def test_json_depth_limit() -> None:
    text = '{"a": [\n  {"b": [1]}\n]}'
    assert load_text(text, limits=Limits(max_depth=4)).data == {"a": [{"b": [1]}]}
    with pytest.raises(LoadError) as caught:
        load_text(text, limits=Limits(max_depth=3))
    assert caught.value.message == "nesting deeper than 3 levels"
    assert caught.value.position == Position(2, 4)


def test_yaml_depth_limit() -> None:
    text = "a:\n  b:\n    c:\n      d: 1\n"
    assert load_text(text, limits=Limits(max_depth=4)).data == {"a": {"b": {"c": {"d": 1}}}}
    with pytest.raises(LoadError) as caught:
        load_text(text, limits=Limits(max_depth=3))
    assert caught.value.message == "nesting deeper than 3 levels"
    assert caught.value.position == Position(4, 7)


def test_billion_laughs_names_the_limit() -> None:
    with pytest.raises(LoadError) as caught:
        load_text(_laughs(9))
    assert caught.value.message == "YAML alias expansion exceeds the limit of 1,000,000 nodes"
    assert DEFAULT_LIMITS.max_yaml_nodes == 1_000_000


def test_alias_expansion_limit_is_exact() -> None:
    text = _laughs(2)  # a: 9 scalars + list = 10 nodes, b: 9 copies of a + list = 91, + keys
    assert len(load_text(text, limits=Limits(max_yaml_nodes=104)).data["b"]) == 9
    with pytest.raises(LoadError, match="exceeds the limit of 103 nodes"):
        load_text(text, limits=Limits(max_yaml_nodes=103))


def test_merge_key_expansion_is_bounded() -> None:
    lines = ["a: &a {}"]
    for level in range(1, 12):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} {{<<: [" + ", ".join([f"*{previous}"] * 9) + "]}")
    with pytest.raises(LoadError) as caught:
        load_text("\n".join(lines), limits=Limits(max_yaml_nodes=10_000))
    assert caught.value.message == "YAML alias expansion exceeds the limit of 10,000 nodes"


def test_aliases_are_copies_with_marks() -> None:
    doc = load_text("base: &b {x: [1]}\ncopy: *b\n")
    assert doc.data == {"base": {"x": [1]}, "copy": {"x": [1]}}
    assert doc.data["copy"] is not doc.data["base"]
    assert doc.position(("copy",)) == Position(2, 1)
    assert doc.position(("copy", "x", 0)) == Position(1, 15)  # where the anchored value is


@pytest.mark.parametrize("text", ["a: &a [*a]\n", "a: &a {<<: *a}\n", "a: &a {k: [*a]}\n"])
def test_recursive_aliases(text: str) -> None:
    with pytest.raises(LoadError) as caught:
        load_text(text)
    assert caught.value.message == "recursive YAML alias"
    assert caught.value.position == Position(1, 4)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)))
    with pytest.raises(LoadError, match="^binary file$"):
        load_file(str(path))


def test_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_bytes(b'{"a": "\x80"}')
    with pytest.raises(LoadError) as caught:
        load_file(str(path))
    assert caught.value.message == "invalid UTF-8 byte 0x80 at byte offset 7"
    assert caught.value.position == Position(1, 8)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_bytes(b"")
    doc = load_file(str(path))
    assert (doc.data, doc.format, doc.text) == (None, "yaml", "")


def test_huge_string() -> None:
    value = "x" * 20_000_000
    doc = load_text('{"Policy": "' + value + '", "After": 1}')
    assert doc.data["Policy"] == value
    assert doc.position(("After",)) == Position(1, 20_000_016)


def test_file_over_max_bytes(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text('{"a": "' + "x" * 100 + '"}')
    with pytest.raises(LoadError) as caught:
        load_file(str(path), limits=Limits(max_bytes=64))
    assert caught.value.message == "file is larger than the limit of 64 bytes"
    assert load_file(str(path), limits=Limits(max_bytes=109)).data == {"a": "x" * 100}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_never_blocks(tmp_path: Path) -> None:
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    with pytest.raises(LoadError, match=r"^not a regular file \(a named pipe\)$"):
        load_file(str(path))


def test_device_is_not_read() -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    with pytest.raises(LoadError, match=r"^not a regular file \(a device\)$"):
        load_file("/dev/zero")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root can read any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.json"
    path.write_text("{}")
    path.chmod(0)
    with pytest.raises(LoadError, match="^permission denied$"):
        load_file(str(path))


def test_invalid_file_name() -> None:
    with pytest.raises(LoadError, match="^invalid file name$"):
        load_file("a\x00b.json")


def test_integer_too_long_for_python() -> None:
    with pytest.raises(LoadError, match="^invalid JSON value"):
        load_text('{"a": ' + "9" * 5000 + "}")
    with pytest.raises(LoadError) as caught:
        load_text("a: " + "9" * 5000 + "\n")
    assert caught.value.message == "cannot read '" + "9" * 37 + "...' as int"


def test_control_characters_in_yaml() -> None:
    with pytest.raises(LoadError) as caught:
        load_text("a: 1\nb: \x07\n")
    assert caught.value.message == "character '\\x07' is not allowed in YAML"
    assert caught.value.position == Position(2, 4)


def test_unhashable_key() -> None:
    with pytest.raises(LoadError) as caught:
        load_text("? [a, b]\n: c\n")
    assert caught.value.message == "a mapping key must be a scalar"
    assert caught.value.position == Position(1, 3)


# --- Properties --------------------------------------------------------------------------

YAMLISH = st.text(alphabet="{}[]:,-&*!?<> \n\t#'\"|%@`=~.\\abAB01\u00e9\ufeff", max_size=80)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), YAMLISH))
def test_any_text_gives_a_document_or_load_error(text: str) -> None:
    for fmt in (None, "json", "yaml"):
        try:
            load_text(text, fmt=fmt)
        except LoadError as error:
            assert error.message
            position = error.position
            assert position is None or (position.line >= 1 and position.column >= 1)


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_any_bytes_give_a_document_or_load_error(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "input.yaml"
    path.write_bytes(raw)
    try:
        load_file(str(path))
    except LoadError as error:
        assert error.message


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(),
                    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12))
VALUES = st.recursive(SCALARS, lambda children: st.one_of(
    st.lists(children, max_size=5),
    st.dictionaries(st.text(max_size=8), children, max_size=5)), max_leaves=40)
CONTAINERS = st.one_of(st.lists(VALUES, max_size=5),
                       st.dictionaries(st.text(max_size=8), VALUES, max_size=5))



def _offset(text: str, position: Position) -> int:
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[: position.line - 1]) + position.column - 1


@settings(max_examples=300, deadline=None)
@given(CONTAINERS, st.sampled_from([None, 0, 1, 2, "\t"]), st.booleans())
def test_json_round_trip_and_every_position(value: Any, indent: Any, ascii_only: bool) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    doc = load_text(text)
    assert doc.format == "json"
    assert doc.data == value
    decoder = json.JSONDecoder()
    for path in all_paths(value):
        offset = _offset(text, doc.position(path))
        if not path:
            assert offset == 0
            continue
        parent = value
        for part in path[:-1]:
            parent = parent[part]
        if isinstance(parent, dict):
            assert text[offset] == '"'
            assert scanstring(text, offset + 1)[0] == path[-1]
        else:
            assert decoder.raw_decode(text, offset)[0] == parent[path[-1]]
