"""A Serverless Framework service file (serverless.yml) is no template trail-lint reads: its
`resources` and IAM statements become CloudFormation only once the framework resolves its
variables. One that declares either is skipped with a warning naming the template to lint instead.

Shapes from real services: kuntalakrishna/aws-alerting, serverless-stacks/cloudtrail/serverless.yml
(a trail, its bucket and bucket policy under `resources.Resources`, names built with
`${self:service}` and `${opt:stage}` inside `Fn::Join`); DaggerJackfast/image-gallery,
resources/fileBucketResources.ts (`BucketName: '${self:custom.FILE_BUCKET_NAME}'`).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from trail_lint.cli import main

SERVICE = """service: audit-logs
provider:
  name: aws
  runtime: python3.12
PROVIDER
resources:
  Resources:
    TrailBucket:
      Type: AWS::S3::Bucket
      Properties:
        BucketName: ${self:service}-${opt:stage}-trail
    Trail:
      Type: AWS::CloudTrail::Trail
      Properties:
        IsLogging: true
        S3BucketName: !Ref TrailBucket
        TrailName:
          Fn::Join: ['-', ['${self:service}', '${opt:stage}']]
"""
IAM_V3 = """  iam:
    role:
      statements:
        - Effect: Allow
          Action: cloudtrail:StopLogging
          Resource: '*'
"""
IAM_V2 = """  iamRoleStatements:
    - Effect: Allow
      Action: cloudtrail:StopLogging
      Resource: '*'
"""
WARNING = ("serverless.yml: skipped: Serverless Framework service: its `resources` and IAM statements become "
           "CloudFormation only once the framework resolves its variables; run `serverless package` and lint the "
           "template it writes, `.serverless/cloudformation-template-update-stack.json`, instead")


@pytest.mark.parametrize("provider", ["", IAM_V3, IAM_V2])
def test_a_service_with_resources_is_skipped_with_what_to_lint_instead(workdir: Path, provider: str,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "serverless.yml").write_text(SERVICE.replace("PROVIDER\n", provider))
    assert main(["serverless.yml"]) == 0
    captured = capsys.readouterr()
    assert f"trail-lint: warning: {WARNING}" in captured.err.splitlines()
    assert captured.out == "no problems found; 0 inputs linted\n"


@pytest.mark.parametrize("provider", [IAM_V3, IAM_V2])
def test_a_service_with_iam_statements_alone_is_skipped_with_a_warning(workdir: Path, provider: str,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    service = SERVICE.split("resources:")[0].replace("PROVIDER\n", provider)
    (workdir / "serverless.yml").write_text(service)
    assert main(["serverless.yml"]) == 0
    assert f"trail-lint: warning: {WARNING}" in capsys.readouterr().err.splitlines()


def test_a_service_of_functions_alone_is_no_warning_under_pre_commit(workdir: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PRE_COMMIT", "1")
    (workdir / "serverless.yml").write_text("service: web\nprovider:\n  name: aws\nfunctions:\n  hello:\n"
                                            "    handler: handler.hello\n")
    assert main(["serverless.yml"]) == 0
    assert capsys.readouterr().err == ""


def test_a_service_of_another_provider_is_no_warning(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "serverless.yml").write_text(SERVICE.replace("name: aws", "name: azure").replace("PROVIDER\n", ""))
    main(["serverless.yml"])
    assert "Serverless Framework" not in capsys.readouterr().err


def test_the_template_the_framework_writes_is_read(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What `serverless package` writes beside the service is a template: linted, not skipped."""
    (workdir / "serverless.yml").write_text(SERVICE.replace("PROVIDER\n", ""))
    (workdir / ".serverless").mkdir()
    (workdir / ".serverless" / "cloudformation-template-update-stack.json").write_text(
        '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Trail": {"Type": "AWS::CloudTrail::Trail",'
        ' "Properties": {"IsLogging": true, "S3BucketName": "audit-logs-prod-trail"}}}}')
    main(["--select", "TL302", "--format", "parsable", "."])
    captured = capsys.readouterr()
    assert f"trail-lint: warning: {WARNING}" in captured.err.splitlines()
    assert captured.out == (f"{os.path.join('.serverless', 'cloudformation-template-update-stack.json')}:1:102: "
                            "TL302 log file validation is disabled for trail 'Trail'\n")
