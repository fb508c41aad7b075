"""Files of other tools that a repository holds beside its inputs and that do not parse as JSON or
YAML: JSON with comments (VS Code settings, dev container configurations, tsconfig files) and the
templates of a Helm chart. They are skipped as files of no known kind, not reported as TL001; an
input written so (a policy or template with comments) is still a TL001, as AWS rejects it."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trail_lint.cli import main
from trail_lint.load.jsonc import without_comments

SETTINGS = '{\n  // format on save\n  "editor.formatOnSave": true,\n  "files.exclude": {"**/.git": true,},\n}\n'
DEV_CONTAINER = ('{\n\t"name": "Python 3",\n\t/* Features to add. More info: https://containers.dev/features. */\n'
                 '\t"features": {}\n}\n')
HELM_TEMPLATE = ('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "app.fullname" . }}\n'
                 '  labels:\n    {{- include "app.labels" . | nindent 4 }}\n')
POLICY_WITH_COMMENT = ('{\n  "Version": "2012-10-17",\n  // everything on trails\n'
                       '  "Statement": [{"Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*"}]\n}\n')
TEMPLATE_WITH_TRAILING_COMMA = ('{\n  "Resources": {\n    "Trail": {"Type": "AWS::CloudTrail::Trail",\n'
                                '      "Properties": {"S3BucketName": "logs", "IsLogging": true,}}\n  }\n}\n')


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def lint(*arguments: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, Any]], str]:
    status = main(["--format", "json", "-v", *arguments])
    captured = capsys.readouterr()
    return status, json.loads(captured.out)["findings"], captured.err


def test_json_with_comments_of_other_tools_is_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, {".vscode/settings.json": SETTINGS, ".devcontainer/devcontainer.json": DEV_CONTAINER})
    status, findings, err = lint(str(tmp_path), capsys=capsys)
    assert (status, findings) == (0, [])
    assert "settings.json: not an input trail-lint reads" in err
    assert "devcontainer.json: not an input trail-lint reads" in err
    # named one by one, as pre-commit names changed files
    status, findings, _ = lint(str(tmp_path / ".vscode/settings.json"), capsys=capsys)
    assert (status, findings) == (0, [])


@pytest.mark.parametrize(("text", "line", "column"), [(POLICY_WITH_COMMENT, 3, 3),
                                                      (TEMPLATE_WITH_TRAILING_COMMA, 4, 64)])
def test_an_input_written_with_comments_is_still_unreadable(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            text: str, line: int, column: int) -> None:
    write(tmp_path, {"input.json": text})
    status, findings, _ = lint(str(tmp_path), capsys=capsys)
    assert status == 1
    assert [(f["rule"], f["line"], f["column"]) for f in findings] == [("TL001", line, column)]


def test_helm_chart_templates_are_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, {"chart/Chart.yaml": "apiVersion: v2\nname: app\nversion: 0.1.0\n",
                     "chart/templates/deployment.yaml": HELM_TEMPLATE,
                     "chart/templates/sub/service.yaml": HELM_TEMPLATE})
    status, findings, err = lint(str(tmp_path), capsys=capsys)
    assert (status, findings) == (0, [])
    assert "deployment.yaml: not an input trail-lint reads" in err


@pytest.mark.parametrize("name", ["templates/deployment.yaml", "chart/deployment.yaml"])
def test_broken_yaml_outside_a_charts_templates_is_unreadable(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                              name: str) -> None:
    # a templates folder with no Chart.yaml beside it, or a file of the chart outside its templates
    write(tmp_path, {"chart/Chart.yaml": "apiVersion: v2\nname: app\nversion: 0.1.0\n", name: HELM_TEMPLATE})
    status, findings, _ = lint(str(tmp_path / name), capsys=capsys)
    assert status == 1
    assert [(f["rule"], f["line"]) for f in findings] == [("TL001", 6)]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='ab,/*"\\]}{[ \n\t'),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(alphabet='k/*,"]}', max_size=4), children, max_size=4),
    max_leaves=12)


@given(JSON_VALUES)
def test_plain_json_has_nothing_to_leave_out(value: object) -> None:
    """Slashes, stars, commas and brackets inside strings are no comment and no trailing comma."""
    for text in (json.dumps(value), json.dumps(value, indent=1)):
        assert without_comments(text) is None


@given(JSON_VALUES, st.text(alphabet="ab/* ,]}", max_size=6))
def test_comments_are_blanked_where_they_stand(value: object, note: str) -> None:
    """A comment after each line of a JSON text leaves the value it stands for, on the same lines."""
    plain = json.dumps(value, indent=1)
    commented = "\n".join(f"{line} // {note}" if index % 2 else f"{line} /* {note.replace('*/', '')} */"
                          for index, line in enumerate(plain.split("\n")))
    stripped = without_comments(commented)
    assert stripped is not None
    assert json.loads(stripped) == value
    assert len(stripped) == len(commented)
    assert [i for i, c in enumerate(stripped) if c == "\n"] == [i for i, c in enumerate(commented) if c == "\n"]


def test_trailing_commas_and_unclosed_text() -> None:
    assert json.loads(without_comments('{"a": [1, 2, ], "b": {"c": 1,\n},}') or "") == {"a": [1, 2], "b": {"c": 1}}
    assert without_comments('{"a": 1 /* not closed') is None
    assert without_comments('{"a": "not closed') is None


def test_a_binary_file_is_still_unreadable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that is no text is said to be one, not read again as JSON with comments."""
    (tmp_path / "blob.json").write_bytes(b'{\n  // not text\n  "a": 1\x00\x01}\n')
    status, findings, _ = lint(str(tmp_path), capsys=capsys)
    assert status == 1
    assert [(f["rule"], f["message"]) for f in findings] == [("TL001", "binary file")]
