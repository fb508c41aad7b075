"""An SCP's (or RCP's) ``content`` built with ``jsonencode`` around a value not known offline (a variable
without a value in one statement, ``concat`` with a list not known), or from a
``data.aws_iam_policy_document`` with a ``dynamic`` statement, is read around its holes as identity
policies are: the known statements kept, the rest one statement not known (which may Deny, or Allow).
A decision the known statements settle whatever the rest is stays decided; one the rest could change
is not known.
"""
from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.cli import main
from trail_lint.model import UNKNOWN
from trail_lint.normalise.terraform.hcl import normalise_dir

ACCOUNT = "111122223333"
BASE = '''provider "aws" {
  region = "us-east-1"
}
variable "more" {}
resource "aws_cloudtrail" "audit" {
  name                  = "audit-trail"
  s3_bucket_name        = "audit-logs-bucket"
  is_multi_region_trail = true
}
resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy" "own" {
  role   = aws_iam_role.worker.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["cloudtrail:*"], Resource = "*" }] })
}
resource "aws_organizations_policy_attachment" "protect" {
  policy_id = aws_organizations_policy.protect.id
  target_id = "111122223333"
}
'''


def _scp(statements: str, kind: str = "SERVICE_CONTROL_POLICY") -> str:
    return f'''resource "aws_organizations_policy" "protect" {{
  name    = "protect-trail"
  type    = "{kind}"
  content = jsonencode({{
    Version   = "2012-10-17"
    Statement = {statements}
  }})
}}
'''


DENY_STOP = '{ Sid = "NoStop", Effect = "Deny", Action = ["cloudtrail:StopLogging"], Resource = "*" }'
DOCUMENT = '''data "aws_iam_policy_document" "protect" {
  statement {
    sid       = "NoStop"
    effect    = "Deny"
    actions   = ["cloudtrail:StopLogging"]
    resources = ["*"]
  }
  dynamic "statement" {
    for_each = var.more
    content {
      effect    = "Deny"
      actions   = statement.value
      resources = ["*"]
    }
  }
}
resource "aws_organizations_policy" "protect" {
  name    = "protect-trail"
  content = data.aws_iam_policy_document.protect.json
}
'''


def _read(directory: Path, text: str) -> object:
    (directory / "main.tf").write_text(BASE + text)
    contents, _ = normalise_dir([str(directory / "main.tf")])
    scp, = contents.scps if contents.scps else contents.rcps
    return scp.policy.statements


def test_a_statement_with_a_variable_keeps_the_others(tmp_path: Path) -> None:
    statements = _read(tmp_path, _scp(f'[{DENY_STOP}, {{ Effect = "Deny", Action = var.more, Resource = "*" }}]'))
    assert isinstance(statements, tuple) and len(statements) == 2
    known, other = statements
    assert (known.sid, known.effect, known.actions) == ("NoStop", "Deny", ("cloudtrail:StopLogging",))
    assert (other.effect, other.actions, other.resources) == ("Deny", UNKNOWN, ("*",))


def test_a_concat_list_not_known_is_one_statement_not_known(tmp_path: Path) -> None:
    statements = _read(tmp_path, _scp(f"concat([{DENY_STOP}], var.more)"))
    assert isinstance(statements, tuple) and len(statements) == 2
    assert statements[0].sid == "NoStop" and statements[1].effect is UNKNOWN


def test_a_document_with_a_dynamic_statement_keeps_the_written_one(tmp_path: Path) -> None:
    statements = _read(tmp_path, DOCUMENT)
    assert isinstance(statements, tuple) and len(statements) == 2
    # the dynamic block's content as written: a Deny of actions not known, maybe there
    assert statements[0].sid == "NoStop" and not statements[0].maybe
    assert (statements[1].effect, statements[1].actions, statements[1].maybe) == ("Deny", UNKNOWN, True)


def test_an_rcp_statement_not_known_names_a_principal(tmp_path: Path) -> None:
    denied = DENY_STOP.replace("Effect", 'Principal = "*", Effect')
    statements = _read(tmp_path, _scp(f"concat([{denied}], var.more)", "RESOURCE_CONTROL_POLICY"))
    assert isinstance(statements, tuple) and statements[1].principals is UNKNOWN


def _decisions(directory: Path, text: str) -> dict[str, str]:
    """The worker role's decision on each action on the trail, as `trail-lint access` gives it."""
    (directory / "main.tf").write_text(BASE + text)
    out = directory / "access.csv"
    main(["access", str(directory), "--account", ACCOUNT, "--format", "csv", "--all", "--output", str(out)])
    with out.open() as handle:
        return {row["action"]: row["decision"] for row in csv.DictReader(handle)
                if row["principal"] == "aws_iam_role.worker" and row["trail"].endswith(":trail/audit-trail")}


def test_a_known_deny_stays_decided_beside_a_statement_not_known(tmp_path: Path) -> None:
    unknown = _decisions(tmp_path, _scp(f"concat([{DENY_STOP}], var.more)"))
    known = _decisions(tmp_path, _scp(f"[{DENY_STOP}]"))
    # StopLogging: the known Deny decides it as it does alone; DeleteTrail: the rest may deny it
    assert unknown["cloudtrail:StopLogging"] == known["cloudtrail:StopLogging"] != "allowed"
    assert known["cloudtrail:DeleteTrail"] == "allowed" and unknown["cloudtrail:DeleteTrail"] == "unknown"


def _json(values: list[str]) -> str:
    return "[" + ", ".join(f'"{value}"' for value in values) + "]"


_TAMPER = ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"]
_STATEMENT = st.tuples(st.sampled_from(["Allow", "Deny"]), st.lists(st.sampled_from(_TAMPER), min_size=1, max_size=2,
                                                                    unique=True))
# what the list not known may turn out to be: nothing, a Deny of the tamper actions, an Allow of everything
_RESTS = ["[]", f'[{{ Effect = "Deny", Action = {_json(_TAMPER)}, Resource = "*" }}]',
          '[{ Effect = "Allow", Action = ["*"], Resource = "*" }]']


@settings(max_examples=6, deadline=None)
@given(st.lists(_STATEMENT, min_size=1, max_size=3))
def test_scp_decisions_beside_statements_not_known_hold_whatever_they_are(written: list[tuple[str, list[str]]]) -> None:
    # Each decision made with the concat'd list not known is the decision made with each value it may
    # take; one left open differs between two of them.
    listed = ", ".join(f'{{ Effect = "{effect}", Action = {_json(actions)}, Resource = "*" }}' for effect, actions in written)
    with tempfile.TemporaryDirectory() as directory:
        unknown = _decisions(Path(directory), _scp(f"concat([{listed}], var.more)"))
        known = [_decisions(Path(directory), _scp(f"concat([{listed}], {rest})")) for rest in _RESTS]
    for action in _TAMPER:
        found = {each[action] for each in known}
        if unknown[action] != "unknown":
            assert found == {unknown[action]}, (action, unknown[action], found)
        else:
            assert len(found) > 1, (action, found)


def _findings(directory: Path, text: str) -> list[str]:
    from test_same_holes import lint

    return lint(directory, "main.tf", BASE + text, ("TL401", "TL404", "TL407"), account=ACCOUNT)


def test_statement_findings_of_known_statements_are_made_beside_one_not_known(tmp_path: Path) -> None:
    # A Deny naming another trail's ARN misses 'audit-trail' (TL407) and matches no trail (TL404) as a
    # statement, whatever the others are; whether the worker can stop logging, one not known may decide
    # (TL401 only where every statement is known).
    other = DENY_STOP.replace('Resource = "*"', 'Resource = "arn:aws:cloudtrail:us-east-1:111122223333:trail/other"')
    unknown = _findings(tmp_path, _scp(f"concat([{other}], var.more)"))
    known = _findings(tmp_path, _scp(f"concat([{other}], [])"))
    statement_level = [f for f in known if not f.startswith("TL401")]
    assert [f[:5] for f in statement_level] == ["TL404", "TL407"]
    assert unknown == statement_level
    assert any(f.startswith("TL401 role worker can StopLogging") for f in known)


def test_in_an_allow_list_scp_a_statement_not_known_may_allow() -> None:
    # FullAWSAccess detached from the account: the allow-list SCP alone allows. Beside a statement not
    # known, only a known Deny decides; what it does not allow, the statement not known may allow, and
    # what it allows, that statement may deny.
    from trail_lint.iam.access import analyse
    from trail_lint.iam.evaluator import Decision
    from trail_lint.model import (
        FULL_AWS_ACCESS,
        Inventory,
        OrgNode,
        OrgNodeKind,
        Policy,
        Principal,
        PrincipalKind,
        ServiceControlPolicy,
        Statement,
        Trail,
    )

    management, member = "999999999999", ACCOUNT
    arn = f"arn:aws:cloudtrail:us-east-1:{member}:trail/main"
    admin = Principal(id=f"arn:aws:iam::{member}:user/u", kind=PrincipalKind.USER, name="u", account=member,
                      inline_policies=(Policy("own", (Statement("Allow", actions=("cloudtrail:*",), resources=("*",)),)),))
    written = (Statement("Allow", actions=("cloudtrail:Get*",), resources=("*",)),
               Statement("Deny", actions=("cloudtrail:DeleteTrail",), resources=("*",)))
    rest = Statement(UNKNOWN, actions=UNKNOWN, resources=UNKNOWN, conditions=UNKNOWN)

    def decisions(statements: tuple[Statement, ...]) -> list[Decision]:
        inventory = Inventory(
            trails=(Trail(name="main", arn=arn),), principals=(admin,),
            scps=(ServiceControlPolicy(Policy("allow-list", statements), (member,)),
                  ServiceControlPolicy(FULL_AWS_ACCESS, detached_from=(member,))),
            organization=(OrgNode(management, OrgNodeKind.MANAGEMENT),))
        report = analyse(inventory)
        return [report.decision(admin.id, arn, f"cloudtrail:{action}") for action in ("DeleteTrail", "StopLogging",
                                                                                     "GetTrail")]

    assert decisions(written) == [Decision.DENIED, Decision.DENIED, Decision.ALLOWED]
    assert decisions((*written, rest)) == [Decision.DENIED, Decision.UNKNOWN, Decision.UNKNOWN]
