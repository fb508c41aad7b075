"""The command line a linter user expects: commands, help, quiet, statistics, colour, rule selection."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from trail_lint.cli import build_parser, main
from trail_lint.commands import COMMANDS, DEFAULT, load, named


def trails_file(directory: Path, count: int = 6, validation: bool = True) -> Path:
    path = directory / "trails.json"
    path.write_text(json.dumps({"trailList": [{
        "Name": f"team-{i}", "S3BucketName": "logs", "IsMultiRegionTrail": False, "HomeRegion": "us-east-1",
        "TrailARN": f"arn:aws:cloudtrail:us-east-1:111122223333:trail/team-{i}",
        "LogFileValidationEnabled": validation, "IncludeGlobalServiceEvents": True} for i in range(count)]}))
    return path


def test_every_command_module_has_the_command_interface() -> None:
    assert DEFAULT in COMMANDS and DEFAULT not in named()
    for name in COMMANDS:
        module = load(name)
        assert module.NAME == name
        assert module.SUMMARY and module.DESCRIPTION and callable(module.add_arguments) and callable(module.run)


def test_access_is_a_subcommand_with_its_own_help(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["access", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: trail-lint access ") and "--all" in out and "exit status" in out
    assert "--fail-on" not in out


def test_help_lists_commands_examples_and_exit_codes(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: trail-lint ")
    assert "commands (trail-lint COMMAND --help):\n  access" in out
    assert "examples:\n  trail-lint ." in out
    assert "exit status:\n  0  no finding at or above --fail-on" in out and "  2  a usage" in out
    for option in ("--output-format", "--quiet", "--statistics", "--color", "--extend-select", "--extend-ignore",
                   "--stdin-filename", "--root"):
        assert option in out


def test_a_directory_named_like_a_command_is_linted_with_a_path_prefix(workdir: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "access").mkdir()
    trails_file(workdir / "access")
    assert main(["./access", "--select", "TL101", "--format", "parsable"]) == 1
    assert "access/trails.json:" in capsys.readouterr().out


def test_quiet_prints_findings_only(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    trails_file(workdir, count=1)
    (workdir / "docs").mkdir()
    (workdir / "docs" / "notes.json").write_text("{}")
    assert main(["--select", "TL101", "trails.json", "docs"]) == 0
    assert capsys.readouterr().err.startswith("trail-lint: warning: docs: no input")
    assert main(["--quiet", "--select", "TL101", "trails.json", "docs"]) == 0
    assert capsys.readouterr() == ("", "")
    trails_file(workdir)
    assert main(["-q", "--select", "TL101", "trails.json"]) == 1
    out = capsys.readouterr().out
    assert "TL101" in out and "in 1 file" not in out


def test_statistics(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    trails_file(workdir, validation=False)
    assert main(["--statistics", "--quiet", "--select", "TL101,TL302", "--format", "parsable", "trails.json"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-2:] == ["6  TL302  log-file-validation-disabled", "1  TL101  trail-quota-exceeded"]
    assert main(["--statistics", "--select", "TL101", "--format", "json", "trails.json"]) == 1
    captured = capsys.readouterr()
    json.loads(captured.out)                                   # the JSON report stays parsable
    assert captured.err == "1  TL101  trail-quota-exceeded\n"


def test_list_rules_as_json(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from trail_lint.registry import all_rules

    assert main(["--list-rules", "--format", "json"]) == 0
    rules = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rules] == [r.id for r in all_rules()]
    assert rules[0] == {"id": "TL000", "name": "rule-crashed", "severity": "error",
                        "summary": all_rules()[0].summary, "controls": [], "opt_in": False}


@pytest.mark.parametrize(("argv", "env", "coloured"), [
    ([], {}, False),                                   # not a terminal
    ([], {"FORCE_COLOR": "1"}, True),
    ([], {"FORCE_COLOR": ""}, False),                  # empty means unset
    (["--color", "always"], {}, True),
    (["--color", "always"], {"NO_COLOR": "1"}, True),  # the command line wins over the environment
    (["--color", "never"], {"FORCE_COLOR": "1"}, False),
    (["--no-color"], {"FORCE_COLOR": "1"}, False),
    ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    ([], {"FORCE_COLOR": "1", "NO_COLOR": ""}, True),  # NO_COLOR counts only when not empty
])
def test_color(workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
               argv: list[str], env: dict[str, str], coloured: bool) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    trails_file(workdir)
    main([*argv, "--select", "TL101", "trails.json"])
    assert ("\x1b[" in capsys.readouterr().out) is coloured


def test_no_color_non_empty_wins_over_a_terminal(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from trail_lint.commands.reporting import use_color

    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert use_color("auto", None) is True
    monkeypatch.setenv("NO_COLOR", "")
    assert use_color("auto", None) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color("auto", None) is False
    monkeypatch.delenv("NO_COLOR")
    assert use_color("auto", "report.txt") is False


def test_select_replaces_extend_select_and_ignore_add(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    trails_file(workdir, validation=False)
    (workdir / ".trail-lint.yaml").write_text("select: [TL101]\nignore: [TL303]\n")

    def rules(*argv: str) -> set[str]:
        main([*argv, "--format", "json", "trails.json"])
        return {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]}

    assert rules() == {"TL101"}
    assert rules("--extend-select", "TL302") == {"TL101", "TL302"}
    assert rules("--select", "TL302,TL303") == {"TL302"}                  # the config's ignore still holds
    assert rules("--extend-select", "TL302", "--ignore", "TL101") == {"TL302"}
    assert rules("--extend-select", "TL302", "--extend-ignore", "log-file-validation-disabled") == {"TL101"}
    assert main(["--extend-select", "TL999", "trails.json"]) == 2


def test_verbose_names_the_configuration_file(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    trails_file(workdir, count=1)
    assert main(["-v", "trails.json"]) == 0
    assert "trail-lint: configuration: none found (defaults)" in capsys.readouterr().err
    (workdir / ".trail-lint.yaml").write_text("fail-on: never\n")
    assert main(["-v", "trails.json"]) == 0
    assert f"trail-lint: configuration: {workdir / '.trail-lint.yaml'}" in capsys.readouterr().err


def test_a_path_without_inputs_is_a_warning(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "docs").mkdir()
    (workdir / "docs" / "notes.json").write_text('{"title": "not an input"}')
    (workdir / "empty").mkdir()
    trails_file(workdir, count=1)
    assert main(["--select", "TL101", "docs", "empty", "trails.json"]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "trail-lint: warning: docs: no input of a kind trail-lint reads was found there (-v lists the files skipped)",
        "trail-lint: warning: empty: no input of a kind trail-lint reads was found there (-v lists the files skipped)"]
    assert captured.out == "no problems found; 1 input linted\n"     # not the 2 files read


def test_files_named_of_which_none_is_read_are_a_warning(workdir: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    (workdir / "package.json").write_text('{"name": "web", "version": "1.0.0"}')
    assert main(["package.json"]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "trail-lint: warning: none of the files given is an input trail-lint reads (-v lists the files skipped)"]
    assert captured.out == "no problems found; 0 inputs linted\n"
    trails_file(workdir, count=1)
    assert main(["--select", "TL101", "package.json", "trails.json"]) == 0   # one is read: nothing to say
    assert capsys.readouterr().err == ""
    assert main(["-q", "package.json"]) == 0
    assert capsys.readouterr().err == ""


def test_files_of_a_pre_commit_run_none_of_them_read_are_no_warning(workdir: Path, capsys: pytest.CaptureFixture[str],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """pre-commit passes every changed JSON and YAML file (and may split them into several runs): a run
    given none that is an input has nothing to warn about. An AWS output it does not read still does."""
    monkeypatch.setenv("PRE_COMMIT", "1")
    (workdir / "package.json").write_text('{"name": "web", "version": "1.0.0"}')
    (workdir / "ci.yml").write_text("on: push\n")
    assert main(["package.json", "ci.yml"]) == 0
    captured = capsys.readouterr()
    assert (captured.err, captured.out) == ("", "no problems found; 0 inputs linted\n")
    (workdir / "trails.json").write_text(json.dumps({"Trails": [{"TrailARN": "arn:aws:cloudtrail:us-east-1:"
                                                                "123456789012:trail/audit"}]}))
    assert main(["package.json", "trails.json"]) == 0
    assert "trails.json: skipped: `aws cloudtrail list-trails` output" in capsys.readouterr().err


def test_list_trails_output_is_skipped_with_what_to_export_instead(workdir: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    # the shape of https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_ListTrails.html
    listing = {"Trails": [{"TrailARN": "arn:aws:cloudtrail:us-east-1:123456789012:trail/audit",
                           "Name": "audit", "HomeRegion": "us-east-1"}],
               "NextToken": "token"}
    (workdir / "ops").mkdir()
    (workdir / "ops" / "trails.json").write_text(json.dumps(listing))
    assert main(["ops"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert f"trail-lint: warning: {os.path.join('ops', 'trails.json')}: skipped: `aws cloudtrail list-trails` output " \
           "names trails but not their settings; export `aws cloudtrail describe-trails --include-shadow-trails` " \
           "(with get-event-selectors and get-trail-status for each trail) in each Region instead" in err
    # a root of the same key holding anything else is not taken for it
    (workdir / "ops" / "trails.json").write_text(json.dumps({"Trails": [{"TrailARN": "x", "S3BucketName": "b"}]}))
    assert main(["ops"]) == 0
    assert "list-trails" not in capsys.readouterr().err


def test_parser_of_every_command_builds(workdir: Path) -> None:
    for name in COMMANDS:
        assert build_parser(name).prog == ("trail-lint" if name == DEFAULT else f"trail-lint {name}")


def test_extend_select_turns_on_an_opt_in_rule_and_keeps_the_others() -> None:
    import argparse

    from trail_lint.commands.lint import _extend_selection
    from trail_lint.config import Config
    from trail_lint.registry import all_rules, rule_by_id

    opt_in = next(rule for rule in all_rules() if rule.opt_in)
    config = _extend_selection(Config(), argparse.Namespace(extend_select=[opt_in.id]), all_rules())
    assert config.enabled(opt_in) and config.enabled(rule_by_id("TL302"))
    assert not Config().enabled(opt_in)
    narrowed = _extend_selection(Config(select=("TL1",)), argparse.Namespace(extend_select=["TL302"]), all_rules())
    assert narrowed.enabled(rule_by_id("TL302")) and not narrowed.enabled(rule_by_id("TL303"))
