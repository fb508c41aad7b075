"""SAM policy templates read as the statements SAM writes, from the shipped copy of SAM's file."""
from __future__ import annotations

import fnmatch
import importlib.util
import json
from pathlib import Path

import tomllib

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.iam.access import ACCOUNT_WIDE, GLOBAL_ACTIONS, TRAIL_ACTIONS, analyse
from trail_lint.iam.evaluator import Decision
from trail_lint.load import load_text
from trail_lint.model import UNKNOWN, Hole, Holes, Policy, Statement
from trail_lint.normalise import Supplied
from trail_lint.normalise.cloudformation import template as cloudformation
from trail_lint.registry import all_rules
from trail_lint.resources import data_path, load_json_resource

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "cloudformation" / "sam-policy-templates.yaml"
ACCOUNT = "123456789012"
MAIN_ARN = f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main"
SHIPPED = "sam-policy-templates.json"


def _policies(text: str) -> dict[str, Policy]:
    (role,) = cloudformation.normalise(load_text(text, "sam.yaml")).principals
    return {policy.name: policy for policy in role.inline_policies}


def test_a_template_is_its_statements_with_the_parameters_given() -> None:
    text = """Transform: AWS::Serverless-2016-10-31
Resources:
  Logs: {Type: AWS::S3::Bucket, Properties: {BucketName: logs}}
  F:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - S3ReadPolicy: {BucketName: !Ref Logs}
        - SQSPollerPolicy: {}
"""
    policies = _policies(text)
    read = policies["F.S3ReadPolicy"]
    actions = ("s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion",
               "s3:GetLifecycleConfiguration")
    # the partition is the stack's, known at deployment: a hole, as in any Fn::Sub of the template
    assert read.statements == (Statement("Allow", actions, resources=("arn:${AWS::Partition}:s3:::logs",
                                                                      "arn:${AWS::Partition}:s3:::logs/*")),)
    (statement,) = read.statements
    partition = Hole(name="cloudformation:sam.yaml#AWS::Partition")
    assert statement.holes == Holes(resources=(("arn:", partition, ":s3:::logs"), ("arn:", partition, ":s3:::logs/*")))
    assert statement.origin.path == ("Resources", "F", "Properties", "Policies", 0, "S3ReadPolicy", "Statement", 0)
    # a parameter the function does not give (SAM rejects the function) is not guessed: it stays a hole
    (poller,) = policies["F.SQSPollerPolicy"].statements
    assert (poller.effect, poller.resources) == ("Allow", (("arn:${AWS::Partition}:sqs:${AWS::Region}:"
                                                           "${AWS::AccountId}:${queueName}"),))


def test_a_template_the_shipped_copy_does_not_have_stays_unknown() -> None:
    text = """Resources:
  F:
    Type: AWS::Serverless::Function
    Properties:
      Policies: [{NotYetShippedPolicy: {}}]
"""
    assert list(_policies(text).values()) == [Policy("F.NotYetShippedPolicy", UNKNOWN)]


IF_ITEMS = """Parameters:
  Stage: {Type: String}
Conditions:
  Always: !Equals [a, a]
  Prod: !Equals [!Ref Stage, prod]
Resources:
  F:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - !If [Always, {CloudWatchPutMetricPolicy: {}}, AdministratorAccess]
        - !If [Prod, {Statement: [{Effect: Allow, Action: cloudtrail:StopLogging, Resource: '*'}]}, !Ref AWS::NoValue]
        - !If [Prod, AdministratorAccess, !Ref AWS::NoValue]
"""


def test_each_branch_of_an_if_is_an_item() -> None:
    # SAM reads each branch of an Fn::If item as an item: a decided condition takes its branch; an
    # undecided one makes a branch's statements conditional (it may not be deployed), and a managed
    # policy only a branch attaches unknown.
    (role,) = cloudformation.normalise(load_text(IF_ITEMS, "sam.yaml")).principals
    assert role.managed_policies == ()
    assert role.inline_policies == (
        Policy("F.CloudWatchPutMetricPolicy", (Statement("Allow", ("cloudwatch:PutMetricData",), resources=("*",)),)),
        Policy("F.Policies[1]", (Statement("Allow", ("cloudtrail:StopLogging",), resources=("*",),
                                           conditions=UNKNOWN),)),
        Policy("F.Policies[2]", UNKNOWN))


def _decisions(report, principal: str) -> dict[str, Decision]:
    found = {a.split(":")[1]: report.decision(principal, ACCOUNT_WIDE, a) for a in GLOBAL_ACTIONS}
    found.update({a.split(":")[1]: report.decision(principal, MAIN_ARN, a) for a in TRAIL_ACTIONS})
    return found


def test_templates_beside_a_grant_leave_it_decided() -> None:
    # SAM's templates hold no Deny and no CloudTrail action: the inline StopLogging Allow beside them is
    # a grant (TL401), and a role with templates only has none. A template the shipped copy does not
    # have may hold anything: its role's decisions stay unknown and TL002 names it.
    result = run([str(FIXTURE)], Config(region="us-east-1", account=ACCOUNT), all_rules())
    report = analyse(result.inventory)
    every = [action.split(":")[1] for action in (*GLOBAL_ACTIONS, *TRAIL_ACTIONS)]
    assert _decisions(report, "RemediateRole") == {
        name: Decision.ALLOWED if name == "StopLogging" else Decision.DENIED for name in every}
    assert _decisions(report, "ReaderRole") == dict.fromkeys(every, Decision.DENIED)
    assert _decisions(report, "NewerRole") == dict.fromkeys(every, Decision.UNKNOWN)
    lines = sorted(f"{f.line}:{f.column}: {f.rule} {f.message}" for f in result.findings
                   if f.rule in ("TL002", "TL401", "TL402", "TL406"))
    assert lines == [
        "13:5: TL401 role RemediateRole can StopLogging on 'main'",
        "13:5: TL406 role RemediateRole can stop logging on 'main' but cannot start it again",
        "21:15: TL402 statement 1 of policy Remediate.Policies[2] allows StopLogging on every trail",
        # every access rule the run has, but TL405: without access intents it asks nothing
        ("34:11: TL002 TL401 (can-tamper-with-trail), TL404 (trail-arn-matches-no-trail), TL406 (stop-without-start) "
         "and TL407 (deny-guardrail-gap) cannot decide: policy Newer.NotYetShippedPolicy of NewerRole is not known "
         "offline: its permissions are unknown"),
        "38:15: TL402 statement 1 of policy Newer.Policies[1] allows StopLogging on every trail",
    ]


def test_the_shipped_templates_are_allow_only_and_grant_no_cloudtrail_action() -> None:
    # What the decisions above rest on, held for every release the file is regenerated from.
    shipped = load_json_resource(data_path(SHIPPED))
    assert shipped["source"].startswith("samtranslator/policy_templates_data/policy_templates.json of "
                                        "aws-sam-translator 1.115.0 (https://pypi.org/project/aws-sam-translator/")
    assert shipped["retrieved"]
    for name, template in shipped["templates"].items():
        for statement in template["statements"]:
            assert statement["Effect"] == "Allow", name
            actions = statement["Action"]
            assert "NotAction" not in statement, name
            for action in [actions] if isinstance(actions, str) else actions:
                service = action.split(":")[0].lower()
                assert action != "*" and "*" not in service and "?" not in service and service != "cloudtrail", name


def test_the_derivation_keeps_parameters_and_statements_only() -> None:
    spec = importlib.util.spec_from_file_location("sam_policy_templates", ROOT / "benchmarks" / "sam_policy_templates.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    upstream = {"Version": "0.0.1", "Templates": {
        "ZPolicy": {"Description": "z", "Parameters": {"B": {"Description": "b"}, "A": {"Description": "a"}},
                    "Definition": {"Statement": [{"Effect": "Allow", "Action": ["x:Y"],
                                                  "Resource": {"Fn::Sub": ["${a}", {"a": {"Ref": "A"}}]}}]}},
        "APolicy": {"Description": "a", "Parameters": {},
                    "Definition": {"Statement": [{"Effect": "Allow", "Action": "x:Z", "Resource": "*"}]}}}}
    text = script.dumps(script.derive(upstream, "1.2.3", "2026-12-02"))
    assert text.splitlines()[3:] == [
        ' "templates": {',
        '  "APolicy": {"parameters": [], "statements": [{"Effect": "Allow", "Action": "x:Z", "Resource": "*"}]},',
        ('  "ZPolicy": {"parameters": ["A", "B"], "statements": [{"Effect": "Allow", "Action": ["x:Y"], '
        '"Resource": {"Fn::Sub": ["${a}", {"a": {"Ref": "A"}}]}}]}'),
        ' }',
        '}',
    ]
    assert json.loads(text)["source"] == (
        "samtranslator/policy_templates_data/policy_templates.json of aws-sam-translator 1.2.3 "
        "(https://pypi.org/project/aws-sam-translator/1.2.3/, built from "
        "https://github.com/aws/serverless-application-model), Apache-2.0: each template's parameters and "
        "statements, descriptions left out")


def test_every_shipped_data_file_is_in_the_wheel() -> None:
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    patterns = package_data["trail_lint.data"]
    for path in (ROOT / "trail_lint" / "data").iterdir():
        if path.suffix != ".py" and path.name != "__pycache__":
            assert any(fnmatch.fnmatch(path.name, pattern) for pattern in patterns), path.name
    assert (ROOT / "trail_lint" / "data" / SHIPPED).is_file()


MANAGED = """Transform: AWS::Serverless-2016-10-31
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties: {TrailName: main, IsLogging: true, S3BucketName: logs}
  Viewer:
    Type: AWS::Serverless::Function
    Properties:
      Policies: [ViewOnlyAccess]
  Copier:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - AmazonMQReadOnlyAccess
        - Statement: [{Effect: Allow, Action: cloudtrail:StopLogging, Resource: '*'}]
"""


def test_managed_policies_by_name(tmp_path: Path) -> None:
    # SAM turns a name into the ARN IAM lists for it: ViewOnlyAccess sits under job-function/.
    (viewer, copier) = cloudformation.normalise(load_text(MANAGED, "sam.yaml"), Supplied(region="us-east-1")).principals
    assert [ref.arn for ref in viewer.managed_policies] == ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"]
    assert [ref.arn for ref in copier.managed_policies] == ["arn:aws:iam::aws:policy/AmazonMQReadOnlyAccess"]
    (tmp_path / "sam.yaml").write_text(MANAGED)
    result = run([str(tmp_path / "sam.yaml")], Config(region="us-east-1", account=ACCOUNT), all_rules())
    report = analyse(result.inventory)
    assert {name for name, decision in _decisions(report, "ViewerRole").items()
            if decision is Decision.ALLOWED} == {"DescribeTrails", "ListTrails", "LookupEvents"}
    # An AWS managed policy outside the snapshot may hold a Deny (AWSDenyAll denies every action): the
    # StopLogging Allow beside it is not certain, and TL002 names the policy.
    every = [action.split(":")[1] for action in (*GLOBAL_ACTIONS, *TRAIL_ACTIONS)]
    assert _decisions(report, "CopierRole") == dict.fromkeys(every, Decision.UNKNOWN)
    assert sorted(f"{f.line}:{f.column}: {f.rule} {f.message}" for f in result.findings
                  if f.rule in ("TL002", "TL401") and f.resource != "Trail") == [
        ("14:11: TL002 TL401 (can-tamper-with-trail), TL404 (trail-arn-matches-no-trail), TL406 (stop-without-start) "
         "and TL407 (deny-guardrail-gap) cannot decide: managed policy arn:aws:iam::aws:policy/AmazonMQReadOnlyAccess "
         "is not in the inputs or the shipped AWS managed policies: its permissions are unknown")]
