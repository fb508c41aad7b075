"""A policy document kept as a JSON file beside Terraform sources that read it with ``file()`` (an SCP
library's `scp.json` as an ``aws_organizations_policy``'s content, a role's policy in `policies/`) is
the policy the sources make of it: not also a bare document of its own, which would report an
identity policy twice and an SCP, which grants nothing, as a grant. A document no source reads is
still read on its own."""
from __future__ import annotations

import json
from pathlib import Path

from trail_lint.config import Config
from trail_lint.engine import RunResult, run
from trail_lint.registry import all_rules

ALLOW_TRAIL_CHANGES = {"Version": "2012-10-17", "Statement": [
    {"Sid": "AllowListed", "Effect": "Allow", "Action": ["cloudtrail:*", "s3:*"], "Resource": "*"}]}

SOURCES = """
resource "aws_organizations_policy" "allow_list" {
  name    = "allow-list"
  content = file("scp.json")
}
resource "aws_iam_policy" "operators" {
  name   = "operators"
  policy = file("${path.module}/../policies/operators.json")
}
"""


def lint(*paths: Path) -> RunResult:
    return run([str(p) for p in paths], Config(select=("TL402",)), all_rules(), raise_errors=True)


def layout(tmp_path: Path) -> Path:
    (tmp_path / "terraform").mkdir()
    (tmp_path / "policies").mkdir()
    (tmp_path / "terraform" / "main.tf").write_text(SOURCES)
    (tmp_path / "terraform" / "scp.json").write_text(json.dumps(ALLOW_TRAIL_CHANGES, indent=2))
    (tmp_path / "policies" / "operators.json").write_text(json.dumps(ALLOW_TRAIL_CHANGES, indent=2))
    return tmp_path


def test_a_policy_file_the_sources_read_is_their_policy_only(tmp_path: Path) -> None:
    result = lint(layout(tmp_path))
    # the identity policy once, at the resource that makes it; the SCP grants nothing
    assert [(Path(f.file).name, f.message) for f in result.findings] == [
        ("main.tf", ("statement 'AllowListed' of policy aws_iam_policy.operators allows StopLogging, DeleteTrail, "
                    "UpdateTrail, PutEventSelectors on every trail"))]
    assert [scp.policy.name for scp in result.inventory.scps] == ["aws_organizations_policy.allow_list"]
    assert not [p for p in result.inventory.principals if p.id.endswith(".json")]


def test_a_policy_file_no_source_reads_is_read_on_its_own(tmp_path: Path) -> None:
    layout(tmp_path)
    (tmp_path / "policies" / "break-glass.json").write_text(json.dumps(ALLOW_TRAIL_CHANGES))
    found = sorted((Path(f.file).name, f.rule) for f in lint(tmp_path).findings)
    assert found == [("break-glass.json", "TL402"), ("main.tf", "TL402")]
    # and without the sources in the run, each file is a document of its own
    alone = sorted(Path(f.file).name for f in lint(tmp_path / "policies").findings)
    assert alone == ["break-glass.json", "operators.json"]


LIBRARY = """
resource "aws_organizations_organization" "org" {
  feature_set = "ALL"
}
resource "aws_organizations_policy" "scp" {
  for_each = fileset("${path.module}/scps", "**/*.json")
  name     = trimsuffix(basename(each.value), ".json")
  content  = file("${path.module}/scps/${each.value}")
}
resource "aws_organizations_policy_attachment" "root" {
  for_each  = aws_organizations_policy.scp
  policy_id = each.value.id
  target_id = aws_organizations_organization.org.roots[0].id
}
"""
DENY_TRAIL_CHANGES = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Deny", "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"], "Resource": "*"}]}


def test_an_scp_library_listed_with_fileset_is_read_as_its_scps(tmp_path: Path) -> None:
    """The usual SCP library: every JSON file of a folder an SCP (fileset), each attached by a
    for_each over the policies (each.value.id: the policy of the same key)."""
    (tmp_path / "scps" / "trails").mkdir(parents=True)
    (tmp_path / "main.tf").write_text(LIBRARY)
    (tmp_path / "scps" / "allow-list.json").write_text(json.dumps(ALLOW_TRAIL_CHANGES))
    (tmp_path / "scps" / "trails" / "protect.json").write_text(json.dumps(DENY_TRAIL_CHANGES))
    (tmp_path / "scps" / "notes.md").write_text("not a policy\n")
    result = run([str(tmp_path)], Config(), all_rules(), raise_errors=True)
    scps = {scp.policy.name: scp.targets for scp in result.inventory.scps if scp.policy.name.startswith("aws_")}
    root = ("aws_organizations_organization.org",)
    assert scps == {'aws_organizations_policy.scp["allow-list.json"]': root,
                    'aws_organizations_policy.scp["trails/protect.json"]': root}
    assert not [f for f in result.findings if f.rule == "TL402" or f.file.endswith(".json")]
    assert not [f for f in result.findings if "fileset" in f.message or "applies is unknown" in f.message]


# --- a policy file named alone (pre-commit passes the files changed) --------------------------------

def test_a_policy_file_named_alone_is_the_policy_the_terraform_beside_it_makes(tmp_path: Path) -> None:
    layout(tmp_path)
    (tmp_path / ".git").mkdir()
    result = lint(tmp_path / "terraform" / "scp.json")
    # the SCP's allow list grants nothing: no TL402 on the file, the SCP read from the Terraform
    assert not [f for f in result.findings if f.file.endswith(".json")]
    assert [scp.policy.name for scp in result.inventory.scps] == ["aws_organizations_policy.allow_list"]
    assert str(tmp_path / "terraform" / "main.tf") in result.files


def test_terraform_in_a_folder_above_up_to_the_repository_root_is_found(tmp_path: Path) -> None:
    (tmp_path / "org" / "scps").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "org" / "main.tf").write_text(
        'resource "aws_organizations_policy" "allow_list" {\n  name    = "allow-list"\n'
        '  content = file("${path.module}/scps/allow.json")\n}\n')
    (tmp_path / "org" / "scps" / "allow.json").write_text(json.dumps(ALLOW_TRAIL_CHANGES))
    (tmp_path / "org" / "scps" / "notes.json").write_text(json.dumps(ALLOW_TRAIL_CHANGES))
    found = lint(tmp_path / "org" / "scps" / "allow.json")
    assert not [f for f in found.findings if f.rule == "TL402"]
    # a document beside it that no Terraform reads is read on its own, as before
    assert [Path(f.file).name for f in lint(tmp_path / "org" / "scps" / "notes.json").findings] == ["notes.json"]


def test_terraform_above_the_repository_root_is_not_the_file_s(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "main.tf").write_text(
        'resource "aws_organizations_policy" "p" {\n  name    = "p"\n  content = file("repo/allow.json")\n}\n')
    (tmp_path / "repo" / "allow.json").write_text(json.dumps(ALLOW_TRAIL_CHANGES))
    assert [f.rule for f in lint(tmp_path / "repo" / "allow.json").findings] == ["TL402"]


def test_two_policy_files_named_alone_each_find_the_terraform_that_reads_it(tmp_path: Path) -> None:
    """The folder whose Terraform does not read the first file may read the second."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "scps").mkdir()
    (tmp_path / "main.tf").write_text(
        'resource "aws_organizations_policy" "allow_list" {\n  name    = "allow-list"\n'
        '  content = file("${path.module}/scps/allow.json")\n}\n')
    (tmp_path / "scps" / "main.tf").write_text(
        'resource "aws_organizations_policy" "guard" {\n  name    = "guard"\n  content = file("guard.json")\n}\n')
    for name in ("allow.json", "guard.json"):
        (tmp_path / "scps" / name).write_text(json.dumps(ALLOW_TRAIL_CHANGES))
    result = lint(tmp_path / "scps" / "allow.json", tmp_path / "scps" / "guard.json")
    assert not [f for f in result.findings if f.rule == "TL402"]
    assert sorted(scp.policy.name for scp in result.inventory.scps) == [
        "aws_organizations_policy.allow_list", "aws_organizations_policy.guard"]
