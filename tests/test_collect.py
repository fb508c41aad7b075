"""`trail-lint collect` end to end against moto in server mode on a loopback port: an organization
with OUs, accounts, trails in several Regions, SCPs and IAM, collected, then linted.

Failures are injected with botocore's before-send hook on the collector's session: the request
is answered with an AWS error instead of being sent, inside botocore's retry loop, so retries,
backoff and the manifest's record of what failed are the collector's real code paths.
"""
from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

from botocore.awsrequest import AWSResponse

from trail_lint.cli import main
from trail_lint.collect import CollectError, Options, collect

REGIONS = ("eu-west-1", "us-east-1")
ROLE = "OrganizationAccountAccessRole"
DENY_TAMPER = {"Version": "2012-10-17", "Statement": [{
    "Sid": "ProtectTrails", "Effect": "Deny", "Resource": "*",
    "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail"]}]}
# The identity perimeter RCP of the RCP examples page: it never limits AWS service principals.
PERIMETER = {"Version": "2012-10-17", "Statement": [{
    "Sid": "EnforceOrgIdentities", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
    "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"},
                  "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}]}


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """One moto server for the module, on a free port of 127.0.0.1; every AWS call of the tests goes there."""
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.lower() in ("http_proxy", "https_proxy", "all_proxy") or name.startswith("AWS_"):
                patch.delenv(name)
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        # moto's list of services that take a delegated administrator leaves out CloudTrail, which does
        # (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html)
        from moto.organizations.models import FakeDelegatedAdministrator
        patch.setattr(FakeDelegatedAdministrator, "SUPPORTED_SERVICES",
                      [*FakeDelegatedAdministrator.SUPPORTED_SERVICES, "cloudtrail.amazonaws.com"])
        server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        url = f"http://{host}:{port}"
        patch.setenv("NO_PROXY", "127.0.0.1")
        patch.setenv("AWS_ENDPOINT_URL", url)
        patch.setenv("AWS_ACCESS_KEY_ID", "testing")
        patch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        patch.setenv("AWS_DEFAULT_REGION", "us-east-1")
        patch.setenv("AWS_EC2_METADATA_DISABLED", "true")
        patch.setenv("AWS_CONFIG_FILE", os.devnull)
        patch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
        try:
            yield url
        finally:
            server.stop()


def _session(credentials: dict[str, str] | None = None) -> Any:
    if credentials is None:
        return boto3.Session(region_name="us-east-1")
    return boto3.Session(aws_access_key_id=credentials["AccessKeyId"],
                         aws_secret_access_key=credentials["SecretAccessKey"],
                         aws_session_token=credentials["SessionToken"], region_name="us-east-1")


def _as(account: str) -> Any:
    credentials = _session().client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/{ROLE}", RoleSessionName="setup")["Credentials"]
    return _session(credentials)


@pytest.fixture(scope="module")
def org(endpoint: str) -> dict[str, str]:
    """management: an organization trail (multi-Region, logging); prod: a multi-Region trail with
    event selectors in eu-west-1 and a stopped single-Region trail in us-east-1, a user who may stop
    trails; dev: a single-Region trail in eu-west-1; audit: no trail, CloudTrail's delegated
    administrator. SCP: deny tampering on the workloads OU (prod and dev under it)."""
    management = _session()
    organizations = management.client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    root = organizations.list_roots()["Roots"][0]["Id"]
    units = {name: organizations.create_organizational_unit(ParentId=root, Name=name)["OrganizationalUnit"]["Id"]
             for name in ("security", "workloads")}
    units["prod"] = organizations.create_organizational_unit(
        ParentId=units["workloads"], Name="prod")["OrganizationalUnit"]["Id"]
    ids = {"management": management.client("sts").get_caller_identity()["Account"], "root": root}
    for name, unit in (("audit", "security"), ("prod", "prod"), ("dev", "workloads"), ("broken", "workloads")):
        account = organizations.create_account(Email=f"{name}@example.com", AccountName=name)
        ids[name] = account["CreateAccountStatus"]["AccountId"]
        organizations.move_account(AccountId=ids[name], SourceParentId=root, DestinationParentId=units[unit])
    policy = organizations.create_policy(Content=json.dumps(DENY_TAMPER), Description="guardrail",
                                         Name="deny-trail-tamper", Type="SERVICE_CONTROL_POLICY")
    ids["scp"] = policy["Policy"]["PolicySummary"]["Id"]
    organizations.attach_policy(PolicyId=ids["scp"], TargetId=units["workloads"])
    rcp = organizations.create_policy(Content=json.dumps(PERIMETER), Description="perimeter",
                                      Name="identity-perimeter", Type="RESOURCE_CONTROL_POLICY")
    ids["rcp"] = rcp["Policy"]["PolicySummary"]["Id"]
    organizations.attach_policy(PolicyId=ids["rcp"], TargetId=units["workloads"])
    ids.update({f"ou-{name}": unit for name, unit in units.items()})
    organizations.register_delegated_administrator(AccountId=ids["audit"], ServicePrincipal="cloudtrail.amazonaws.com")

    _trail(management, "us-east-1", "org-trail", "org-logs-123", logging=True, IsMultiRegionTrail=True,
           IsOrganizationTrail=True, EnableLogFileValidation=True)
    management.client("cloudtrail").put_insight_selectors(
        TrailName="org-trail", InsightSelectors=[{"InsightType": "ApiCallRateInsight"}])
    prod = _as(ids["prod"])
    _trail(prod, "eu-west-1", "prod-audit", "prod-logs-eu", logging=True, IsMultiRegionTrail=True,
           EnableLogFileValidation=True)
    prod.client("cloudtrail", region_name="eu-west-1").put_event_selectors(
        TrailName="prod-audit", EventSelectors=[{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": True}])
    _trail(prod, "us-east-1", "prod-stopped", "prod-logs-us", logging=False, EnableLogFileValidation=True)
    _trail(_as(ids["dev"]), "eu-west-1", "dev-trail", "dev-logs-eu", logging=True,
           EnableLogFileValidation=True)
    iam = prod.client("iam")
    iam.create_group(GroupName="operators")
    iam.put_group_policy(GroupName="operators", PolicyName="stop-trails", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "cloudtrail:StopLogging",
                                                "Resource": "*"}]}))
    iam.create_user(UserName="ops")
    iam.add_user_to_group(UserName="ops", GroupName="operators")
    iam.create_role(RoleName="auditor", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                "Principal": {"AWS": f"arn:aws:iam::{ids['audit']}:root"}}]}))
    iam.put_role_policy(RoleName="auditor", PolicyName="read", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["cloudtrail:Describe*",
                                                                            "cloudtrail:Get*"], "Resource": "*"}]}))
    return ids


def _trail(session: Any, region: str, name: str, bucket: str, *, logging: bool, **settings: Any) -> None:
    s3 = session.client("s3", region_name=region)
    configuration = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    s3.create_bucket(Bucket=bucket, **configuration)
    cloudtrail = session.client("cloudtrail", region_name=region)
    cloudtrail.create_trail(Name=name, S3BucketName=bucket, **settings)
    cloudtrail.start_logging(Name=name)
    if not logging:
        cloudtrail.stop_logging(Name=name)


# --- Failure injection ----------------------------------------------------------------------

def _scope(request: Any) -> tuple[str, str]:
    """(Region, service) of a signed request, from its Authorization header's credential scope."""
    header = request.headers.get("Authorization", b"")
    header = header.decode() if isinstance(header, bytes) else header
    match = re.search(r"Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/", header)
    return (match.group(1), match.group(2)) if match else ("", "")


def _error(request: Any, status: int, code: str, message: str) -> AWSResponse:
    if "X-Amz-Target" in request.headers or "json" in str(request.headers.get("Content-Type", "")):
        body = json.dumps({"__type": code, "message": message}).encode()
    else:
        body = (f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message>"
                f"</Error><RequestId>injected</RequestId></ErrorResponse>").encode()
    return AWSResponse(request.url, status, {"x-amzn-requestid": "injected"}, _Raw(body))


class _Raw:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.body


class Faults:
    """Answers chosen requests with AWS errors; counts how often each fault was hit."""

    def __init__(self, org: dict[str, str], throttle_region: str | None = None, throttle_times: int = 10 ** 6):
        self.org = org
        self.throttle_region = throttle_region
        self.throttle_times = throttle_times
        self.hits: dict[str, int] = {}

    def __call__(self, request: Any, **_: Any) -> AWSResponse | None:
        region, service = _scope(request)
        body = request.body.decode() if isinstance(request.body, bytes) else str(request.body or "")
        if service == "sts" and "Action=AssumeRole" in body and self.org["broken"] in body:
            return self._hit("assume", _error(request, 403, "AccessDenied", "not authorized to perform sts:AssumeRole"))
        if service == "iam" and "GetAccountAuthorizationDetails" in body:
            return self._hit("iam", _error(request, 403, "AccessDenied", "not authorized to perform "
                                           "iam:GetAccountAuthorizationDetails"))
        if service == "cloudtrail" and region == self.throttle_region \
                and self.hits.get("throttle", 0) < self.throttle_times:
            return self._hit("throttle", _error(request, 400, "ThrottlingException", "Rate exceeded"))
        return None

    def _hit(self, fault: str, response: AWSResponse) -> AWSResponse:
        self.hits[fault] = self.hits.get(fault, 0) + 1
        return response


def _faulty(faults: Faults) -> Any:
    session = _session()
    session.events.register("before-send", faults)
    return session


# --- Collected, then linted ------------------------------------------------------------------

@pytest.fixture(scope="module")
def snapshot(org: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole organization through the CLI, the role assumed in every member account."""
    output = tmp_path_factory.mktemp("collect") / "snapshot"
    status = main(["collect", "--output", str(output), "--assume-role", ROLE, "--regions", ",".join(REGIONS),
                   "--workers", "2"])
    assert status == 0
    return output


def _manifest(directory: Path) -> dict[str, Any]:
    return json.loads((directory / "manifest.json").read_text())


def test_the_snapshot_holds_every_account_and_region_in_the_documented_layout(org, snapshot):
    manifest = _manifest(snapshot)
    assert manifest["schema"] == "trail-lint/snapshot/v1"
    assert manifest["caller"] == f"arn:aws:sts::{org['management']}:user/moto"
    assert manifest["failures"] == []
    assert manifest["organization"] == {"id": manifest["organization"]["id"],
                                        "management_account": org["management"], "structure": True,
                                        "delegated_administrators": [org["audit"]]}
    accounts = {entry["id"]: entry for entry in manifest["accounts"]}
    assert set(accounts) == {org[name] for name in ("management", "audit", "prod", "dev", "broken")}
    assert all(entry["regions"] == sorted(REGIONS) for entry in accounts.values())
    assert accounts[org["management"]]["role"] is None
    assert accounts[org["prod"]]["role"] == f"arn:aws:iam::{org['prod']}:role/{ROLE}"
    prod = snapshot / "accounts" / org["prod"]
    listing = json.loads((prod / "eu-west-1" / "describe-trails.json").read_text())
    assert [t["Name"] for t in listing["trailList"]] == ["prod-audit"]
    assert "ResponseMetadata" not in listing
    # per trail, in its home Region only: the multi-Region trail's shadow in us-east-1 has none
    assert {p.name for p in (prod / "eu-west-1" / "trails" / "prod-audit").iterdir()} >= {
        "get-event-selectors.json", "get-trail-status.json"}
    insights = snapshot / "accounts" / org["management"] / "us-east-1" / "trails" / "org-trail"
    assert json.loads((insights / "get-insight-selectors.json").read_text())["InsightSelectors"] == [
        {"InsightType": "ApiCallRateInsight"}]
    assert sorted(p.name for p in (prod / "us-east-1" / "trails").iterdir()) == ["prod-stopped"]
    # the tags of the trails homed in each Region, the shadow copies left out
    tags = json.loads((prod / "us-east-1" / "list-tags.json").read_text())["ResourceTagList"]
    assert [t["ResourceId"].rsplit("/", 1)[1] for t in tags] == ["prod-stopped"]
    assert not (snapshot / "accounts" / org["audit"] / "eu-west-1" / "list-tags.json").exists()
    assert json.loads((prod / "us-east-1" / "trails" / "prod-stopped" / "get-trail-status.json").read_text()
                      )["IsLogging"] is False
    details = json.loads((prod / "get-account-authorization-details.json").read_text())
    assert [u["UserName"] for u in details["UserDetailList"]] == ["ops"]
    organization = snapshot / "organization"
    assert json.loads((organization / "list-roots.json").read_text())["Roots"][0]["Id"] == org["root"]
    children = json.loads((organization / "parents" / org["ou-workloads"] /
                           "list-accounts-for-parent.json").read_text())
    assert sorted(a["Id"] for a in children["Accounts"]) == sorted([org["dev"], org["broken"]])
    targets = json.loads((organization / "policies" / org["scp"] / "list-targets-for-policy.json").read_text())
    assert [t["TargetId"] for t in targets["Targets"]] == [org["ou-workloads"]]
    policy = json.loads((organization / "policies" / org["scp"] / "describe-policy.json").read_text())
    assert json.loads(policy["Policy"]["Content"]) == DENY_TAMPER


def test_the_manifest_matches_its_schema(snapshot):
    import jsonschema

    schema = json.loads((Path(__file__).parent.parent / "schemas" / "snapshot-manifest.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(_manifest(snapshot))


def _lint(*arguments: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, Any]]]:
    status = main(["--format", "json", *arguments])
    return status, json.loads(capsys.readouterr().out)["findings"]


def test_a_linted_snapshot_knows_each_files_account_and_region(org, snapshot, capsys):
    status, findings = _lint(str(snapshot), capsys=capsys)
    assert status == 1
    assert not [f for f in findings if f["rule"] in ("TL000", "TL001")]
    # no listing needs --region: nothing is said to be in an unknown Region
    undecided = [f["message"] for f in findings if f["rule"] == "TL002"]
    assert undecided and not [m for m in undecided if "Region" in m or "get-" in m]
    where = {(f["rule"], f["file"].split("accounts/")[1], f["message"]) for f in findings}
    # the stopped trail: its get-trail-status file names no trail, its place in the snapshot does;
    # the finding is where that file says it is not logging
    assert ("TL301", f"{org['prod']}/us-east-1/trails/prod-stopped/get-trail-status.json",
            "trail 'prod-stopped' is not logging") in where
    # the organization trail is reported where it lives, not at a shadow copy in another Region
    assert ("TL303", f"{org['management']}/us-east-1/describe-trails.json",
            "log files of trail 'org-trail' are not encrypted with a KMS key") in where
    # dev's own trail is a second, paid copy of the management events the organization trail records there
    paid = [f for f in findings if f["rule"] == "TL501" and "dev-trail" in f["message"]]
    assert [(f["region"], f["message"]) for f in paid] == [
        ("eu-west-1", "1 paid copy of management events in eu-west-1: trails dev-trail, org-trail")]
    # the operators' group policy allows StopLogging everywhere, but the SCP on the workloads OU,
    # over prod, denies it to the group's one member: neither the user nor the policy is reported (TL402
    # reads the policy with its holders' SCPs, as the access analysis does)
    assert not [f for f in findings if f["rule"] in ("TL401", "TL402", "TL406")]


def test_the_organization_summary_of_a_collected_snapshot(org, snapshot, capsys):
    main(["--format", "json", "--select", "TL301", str(snapshot)])
    summary = {a["account"]: a for a in json.loads(capsys.readouterr().out)["organization"]["accounts"]}

    def regions(account: str) -> list[tuple[str, int | None, int | None, int | None]]:
        return [(r["region"], r["trails"], r["paid_copies"], r["logging_off"]) for r in summary[account]["regions"]]
    assert set(summary) == {org[name] for name in ("management", "audit", "prod", "dev", "broken")}
    # the organization trail counts in the management account, in every Region (multi-Region)
    assert regions(org["management"]) == [("eu-west-1", 1, 0, 0), ("us-east-1", 1, 0, 0)]
    # prod's multi-Region trail (write-only management events) copies the organization trail's in
    # both Regions; its stopped trail counts against the quota but copies nothing
    assert regions(org["prod"]) == [("eu-west-1", 1, 1, 0), ("us-east-1", 2, 1, 1)]
    assert regions(org["dev"]) == [("eu-west-1", 1, 1, 0)]
    assert regions(org["audit"]) == [] and regions(org["broken"]) == []
    assert (summary[org["prod"]]["name"], summary[org["prod"]]["ou"]) == ("prod", "Root/workloads/prod")
    assert (summary[org["audit"]]["name"], summary[org["audit"]]["ou"]) == ("audit", "Root/security")
    assert all(not r["unknown"] for a in summary.values() for r in a["regions"])


def test_the_organizations_scps_apply_through_its_ou_tree(org, snapshot, capsys):
    from trail_lint.config import Config
    from trail_lint.engine import run
    from trail_lint.model import OrgNodeKind

    inventory = run([str(snapshot)], Config(), []).inventory
    parents = {n.id: n.parent for n in inventory.organization if n.kind is not OrgNodeKind.MANAGEMENT}
    assert parents[org["prod"]] == org["ou-prod"]
    assert parents[org["ou-prod"]] == org["ou-workloads"]
    assert parents[org["ou-workloads"]] == org["root"]
    assert [n.id for n in inventory.organization if n.kind is OrgNodeKind.MANAGEMENT] == [org["management"]]
    guardrail = [s for s in inventory.scps if s.policy.name == "deny-trail-tamper"]
    assert [s.targets for s in guardrail] == [(org["ou-workloads"],)]
    assert main(["access", "--format", "json", "--all", str(snapshot)]) == 0
    stop = {(g["trail"].rsplit("/", 1)[1], g["decision"]) for g in json.loads(capsys.readouterr().out)["grants"]
            if g["principal"] == f"arn:aws:iam::{org['prod']}:user/ops" and g["action"] == "cloudtrail:StopLogging"}
    # denied by the SCP on the workloads OU, whatever the group policy allows
    assert stop == {("prod-audit", "denied"), ("prod-stopped", "denied"), ("org-trail", "denied"),
                    ("dev-trail", "denied")}


def test_the_organizations_rcps_are_collected_apart_from_its_scps(org, snapshot):
    from trail_lint.config import Config
    from trail_lint.engine import run

    rcps = snapshot / "organization" / "resource-control-policies"
    listed = json.loads((rcps / "list-policies.json").read_text())["Policies"]
    assert {p["Type"] for p in listed} == {"RESOURCE_CONTROL_POLICY"} and org["rcp"] in {p["Id"] for p in listed}
    targets = json.loads((rcps / org["rcp"] / "list-targets-for-policy.json").read_text())
    assert [t["TargetId"] for t in targets["Targets"]] == [org["ou-workloads"]]
    assert not (snapshot / "organization" / "policies" / org["rcp"]).exists()
    inventory = run([str(snapshot)], Config(), []).inventory
    assert [r.targets for r in inventory.rcps if r.policy.name == "identity-perimeter"] == [(org["ou-workloads"],)]
    assert not [s for s in inventory.scps if s.policy.name in ("identity-perimeter", "RCPFullAWSAccess")]


def test_selectors_and_statuses_join_their_trails_by_place(org, snapshot):
    from trail_lint.config import Config
    from trail_lint.engine import run
    from trail_lint.model import EventSelector, ReadWrite

    trails = {str(t.name): t for t in run([str(snapshot)], Config(), []).inventory.trails}
    assert sorted(trails) == ["dev-trail", "org-trail", "prod-audit", "prod-stopped"]
    assert trails["prod-audit"].event_selectors == (EventSelector(read_write=ReadWrite.WRITE_ONLY.value),)
    assert trails["org-trail"].event_selectors == ()
    assert {name: t.logging for name, t in trails.items()} == {
        "dev-trail": True, "org-trail": True, "prod-audit": True, "prod-stopped": False}
    assert (trails["prod-audit"].account, trails["prod-audit"].region) == (org["prod"], "eu-west-1")


def test_an_account_without_trails_is_a_gap_in_each_region_it_was_read_in(org, snapshot, capsys):
    """Linted alone (without the organization trail), the audit account's empty listings are gaps
    in the account and Region their place in the snapshot names."""
    status, findings = _lint("--select", "TL304,TL002", str(snapshot / "accounts" / org["audit"]), capsys=capsys)
    assert status == 1
    assert sorted((f["rule"], f["account"], f["region"], f["message"].split(";")[0]) for f in findings) == [
        ("TL304", org["audit"], region, (f"no trail records management events in {region} "
                                         f"for account {org['audit']}")) for region in sorted(REGIONS)]


def test_one_account_with_the_callers_credentials(org, tmp_path):
    result = collect(Options(str(tmp_path / "one"), regions=REGIONS), session=_session())
    assert [entry["id"] for entry in result.manifest["accounts"]] == [org["management"]]
    assert result.failures == ()
    # the management account's own run reads the organization too
    assert (tmp_path / "one" / "organization" / "list-policies.json").is_file()
    trails = json.loads((tmp_path / "one" / "accounts" / org["management"] / "eu-west-1" /
                         "describe-trails.json").read_text())["trailList"]
    assert [(t["Name"], t["HomeRegion"]) for t in trails] == [("org-trail", "us-east-1")]   # a shadow copy


def test_every_enabled_region_when_none_is_named(org, tmp_path):
    ec2 = _session().client("ec2")
    enabled = sorted(r["RegionName"] for r in ec2.describe_regions()["Regions"]
                     if r["OptInStatus"] in ("opt-in-not-required", "opted-in"))
    result = collect(Options(str(tmp_path / "all")), session=_session())
    assert result.manifest["accounts"][0]["regions"] == enabled
    assert "ap-east-1" not in enabled    # not opted in


def test_accounts_and_ous_choose_what_is_read(org, tmp_path):
    result = collect(Options(str(tmp_path / "ou"), assume_role=ROLE, ous=(org["ou-workloads"],),
                             regions=("us-east-1",)), session=_session())
    assert sorted(e["id"] for e in result.manifest["accounts"]) == sorted([org["prod"], org["dev"], org["broken"]])
    result = collect(Options(str(tmp_path / "two"), assume_role=ROLE, accounts=(org["audit"],),
                             regions=("us-east-1",)), session=_session())
    assert [e["id"] for e in result.manifest["accounts"]] == [org["audit"]]


# --- Failures: recorded in the manifest, reported, linted as missing ---------------------------

def test_a_role_that_cannot_be_assumed_an_api_that_errors_and_a_throttling_region(org, tmp_path, capsys):
    faults = Faults(org, throttle_region="eu-west-1")
    output = tmp_path / "faulty"
    result = collect(Options(str(output), assume_role=ROLE, accounts=(org["broken"], org["management"]),
                             regions=REGIONS, max_attempts=3), session=_faulty(faults))
    failures = {(f["account"], f["region"], f["call"], f["code"]) for f in result.manifest["failures"]}
    assert failures == {
        (org["broken"], None, "sts:AssumeRole", "AccessDenied"),
        (org["management"], None, "iam:GetAccountAuthorizationDetails", "AccessDenied"),
        (org["management"], "eu-west-1", "cloudtrail:DescribeTrails", "ThrottlingException"),
    }
    assert faults.hits["throttle"] == 3          # retried up to --max-attempts, then recorded
    accounts = {e["id"]: e["regions"] for e in result.manifest["accounts"]}
    assert accounts == {org["broken"]: [], org["management"]: ["us-east-1"]}
    assert not (output / "accounts" / org["management"] / "eu-west-1").exists()
    # linting the snapshot says what is missing, at the manifest's failure entries
    _, findings = _lint("--select", "TL002", str(output), capsys=capsys)
    missing = sorted(f["message"] for f in findings if f["file"].endswith("manifest.json"))
    assert len(missing) == 3
    assert any(f"sts:AssumeRole of arn:aws:iam::{org['broken']}:role/{ROLE} in account {org['broken']}" in m
               and "AccessDenied" in m for m in missing)
    assert any(f"cloudtrail:DescribeTrails in account {org['management']} in eu-west-1" in m for m in missing)


def test_a_throttled_call_that_recovers_is_not_a_failure(org, tmp_path):
    faults = Faults(org, throttle_region="eu-west-1", throttle_times=1)
    faults.org = {**org, "broken": "no-such-account"}
    result = collect(Options(str(tmp_path / "recovers"), regions=REGIONS), session=_faulty(faults))
    assert faults.hits["throttle"] == 1
    assert [f.call for f in result.failures] == ["iam:GetAccountAuthorizationDetails"]
    assert result.manifest["accounts"][0]["regions"] == sorted(REGIONS)


def test_the_cli_reports_failures_and_exits_1(org, tmp_path, capsys, monkeypatch):
    import trail_lint.collect as collector

    faults = Faults(org)
    real = collector.collect
    monkeypatch.setattr(collector, "collect", lambda options, session=None, **kw: real(
        options, session=_faulty(faults), **kw))
    status = main(["collect", "-o", str(tmp_path / "cli"), "--regions", "us-east-1"])
    err = capsys.readouterr().err
    assert status == 1
    assert "1 call(s) failed" in err
    assert f"iam:GetAccountAuthorizationDetails (account {org['management']}): AccessDenied" in err


def test_usage_errors_exit_2(org, tmp_path, capsys):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("")
    assert main(["collect", "-o", str(tmp_path / "full")]) == 2
    assert "not an empty directory" in capsys.readouterr().err
    assert main(["collect", "-o", str(tmp_path / "a"), "--accounts", "123"]) == 2
    assert main(["collect", "-o", str(tmp_path / "b"), "--accounts", org["prod"]]) == 2
    assert "--assume-role" in capsys.readouterr().err
    with pytest.raises(CollectError):
        collect(Options(str(tmp_path / "c"), ous=("ou-x",)), session=_session())


def test_a_trail_without_insights_is_an_answer_not_a_failure(tmp_path):
    """Real CloudTrail answers GetInsightSelectors on a trail without Insights with
    InsightNotEnabledException; moto answers with an empty selector list, so this path is stubbed."""
    from botocore.stub import Stubber

    from trail_lint.collect import _region
    from trail_lint.collect.calls import Recorder

    client = boto3.Session(aws_access_key_id="x", aws_secret_access_key="x").client(
        "cloudtrail", region_name="eu-west-1", endpoint_url="http://127.0.0.1:9")
    arn = "arn:aws:cloudtrail:eu-west-1:111122223333:trail/plain"
    recorder = Recorder(str(tmp_path))
    with Stubber(client) as stub:
        stub.add_response("describe_trails", {"trailList": [
            {"Name": "plain", "TrailARN": arn, "HomeRegion": "eu-west-1", "HasInsightSelectors": False}]},
            {"includeShadowTrails": True})
        stub.add_response("get_trail_status", {"IsLogging": True}, {"Name": arn})
        stub.add_response("get_event_selectors", {"TrailARN": arn, "EventSelectors": []}, {"TrailName": arn})
        stub.add_client_error("get_insight_selectors", "InsightNotEnabledException", "not enabled",
                              expected_params={"TrailName": arn})
        stub.add_response("list_tags", {"ResourceTagList": [{"ResourceId": arn, "TagsList": []}]},
                          {"ResourceIdList": [arn]})
        assert _region(recorder, client, "111122223333", "eu-west-1")
        stub.assert_no_pending_responses()
    assert recorder.failures == []
    written = tmp_path / "accounts" / "111122223333" / "eu-west-1" / "trails" / "plain"
    assert sorted(p.name for p in written.iterdir()) == ["get-event-selectors.json", "get-trail-status.json"]


def test_the_shipped_policy_allows_exactly_the_calls_made(org, tmp_path):
    """docs/collect-policy.json is the minimal policy: every call the collector makes, and nothing more
    (sts:GetCallerIdentity needs no permission)."""
    made: set[str] = set()

    def record(model: Any, **_: Any) -> None:
        made.add(f"{model.service_model.endpoint_prefix}:{model.name}")

    session = _session()
    session.events.register("before-call", record)
    created = []

    def member_session(**credentials: Any) -> Any:
        created.append(boto3.Session(**credentials))
        created[-1].events.register("before-call", record)
        return created[-1]

    collect(Options(str(tmp_path / "policy"), assume_role=ROLE, accounts=(org["management"], org["prod"]),
                    regions=REGIONS), session=session, new_session=member_session)
    assert created, "the member account was read through its own session"
    policy = json.loads((Path(__file__).parent.parent / "docs" / "collect-policy.json").read_text())
    allowed = {action for statement in policy["Statement"] for action in
               ([statement["Action"]] if isinstance(statement["Action"], str) else statement["Action"])}
    assert all(statement["Effect"] == "Allow" for statement in policy["Statement"])
    assert made - {"sts:GetCallerIdentity"} == allowed
    from trail_lint.iam.actions import (
        lookup,  # the Service Authorization Reference's access levels
    )

    cloudtrail = [lookup(a) for a in allowed if a.startswith("cloudtrail:")]
    assert len(cloudtrail) == 5
    assert all(info is not None and info.access_level in ("Read", "List") for info in cloudtrail)


def test_without_boto3_collect_says_how_to_install_it(tmp_path, capsys, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "boto3" else real(name, *a))
    assert main(["collect", "-o", str(tmp_path / "x")]) == 2
    assert "pip install 'trail-lint[collect]'" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_a_progress_line_on_a_terminal_only(org, tmp_path, capsys, monkeypatch):
    import sys

    assert main(["collect", "-o", str(tmp_path / "quiet"), "--regions", "us-east-1"]) == 0
    assert "\r" not in capsys.readouterr().err
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["collect", "-o", str(tmp_path / "tty"), "--regions", "us-east-1"]) == 0
    err = capsys.readouterr().err
    assert f"\rtrail-lint collect: 0/1 accounts read; account {org['management']} us-east-1\033[K" in err
    assert f"\rtrail-lint collect: 1/1 accounts read; account {org['management']} done\033[K\n" in err


# --- Trail tags: what aws:ResourceTag conditions read ------------------------------------------

GUARDED = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "cloudtrail:StopLogging", "Resource": "*"},
    {"Sid": "KeepProtectedTrailsOn", "Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "*",
     "Condition": {"StringEquals": {"aws:ResourceTag/protected": "true"}}}]}


@pytest.fixture(scope="module")
def tagged(endpoint: str) -> tuple[str, Any]:
    """An account of no organization: a protected trail (tag protected=true), an unprotected one, and
    a user allowed StopLogging but denied it on the trails tagged protected=true."""
    account = "999988887777"
    credentials = _session().client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/setup", RoleSessionName="setup")["Credentials"]
    session = _session(credentials)
    _trail(session, "eu-west-1", "protected", "tagged-logs-protected", logging=True, EnableLogFileValidation=True,
           TagsList=[{"Key": "protected", "Value": "true"}, {"Key": "team", "Value": "audit"}])
    _trail(session, "eu-west-1", "scratch", "tagged-logs-scratch", logging=True, EnableLogFileValidation=True)
    iam = session.client("iam")
    iam.create_user(UserName="operator")
    iam.put_user_policy(UserName="operator", PolicyName="stop-unprotected", PolicyDocument=json.dumps(GUARDED))
    return account, session


def test_collected_tags_decide_a_tag_conditioned_deny(tagged, tmp_path, capsys):
    account, session = tagged
    output = tmp_path / "tagged"
    result = collect(Options(str(output), regions=("eu-west-1",)), session=session)
    assert result.failures == ()
    listed = json.loads((output / "accounts" / account / "eu-west-1" / "list-tags.json").read_text())
    assert {t["ResourceId"].rsplit("/", 1)[1]: t["TagsList"] for t in listed["ResourceTagList"]} == {
        "protected": [{"Key": "protected", "Value": "true"}, {"Key": "team", "Value": "audit"}], "scratch": []}
    user = f"arn:aws:iam::{account}:user/operator"
    assert main(["access", "--format", "json", "--all", str(output)]) == 0
    stop = {(g["trail"].rsplit("/", 1)[1], g["decision"]) for g in json.loads(capsys.readouterr().out)["grants"]
            if g["principal"] == user and g["action"] == "cloudtrail:StopLogging"}
    assert stop == {("protected", "denied"), ("scratch", "allowed")}
    _, findings = _lint("--select", "TL401,TL407,TL002", str(output), capsys=capsys)
    # decided: the user may stop the unprotected trail only, and no note says the tags are not known
    assert not [f["message"] for f in findings if f["rule"] == "TL002"]
    assert sorted(f["message"] for f in findings if f["rule"] in ("TL401", "TL407")) == [
        ("deny statement 'KeepProtectedTrailsOn' of policy stop-unprotected on StopLogging does not cover "
         f"'scratch' of account {account}"),
        "user operator can StopLogging on 'scratch'"]
    # the same snapshot without its list-tags output: the tags are not known, said once
    (output / "accounts" / account / "eu-west-1" / "list-tags.json").unlink()
    _, findings = _lint("--select", "TL401,TL407,TL002", str(output), capsys=capsys)
    notes = [f["message"] for f in findings if f["rule"] == "TL002"]
    assert len(notes) == 1 and "the tags of trails" in notes[0] and "'protected'" in notes[0]


def test_tags_are_listed_twenty_trails_a_call_and_a_failed_batch_is_recorded(tmp_path):
    """ListTags takes at most 20 ARNs: 41 trails are three calls, merged into one list-tags output;
    the batch that fails is a failure of the manifest, its trails absent from the output."""
    from botocore.stub import Stubber

    from trail_lint.collect import _region
    from trail_lint.collect.calls import Recorder

    client = boto3.Session(aws_access_key_id="x", aws_secret_access_key="x").client(
        "cloudtrail", region_name="eu-west-1", endpoint_url="http://127.0.0.1:9")
    arns = [f"arn:aws:cloudtrail:eu-west-1:111122223333:trail/t{n:02}" for n in range(41)]
    shadow = "arn:aws:cloudtrail:us-east-1:111122223333:trail/elsewhere"
    recorder = Recorder(str(tmp_path))
    with Stubber(client) as stub:
        stub.add_response("describe_trails", {"trailList": [
            *({"Name": arn.rsplit("/", 1)[1], "TrailARN": arn, "HomeRegion": "eu-west-1",
               "HasInsightSelectors": False} for arn in arns),
            {"Name": "elsewhere", "TrailARN": shadow, "HomeRegion": "us-east-1"}]}, {"includeShadowTrails": True})
        for arn in arns:
            stub.add_response("get_trail_status", {"IsLogging": True}, {"Name": arn})
            stub.add_response("get_event_selectors", {"TrailARN": arn, "EventSelectors": []}, {"TrailName": arn})
            stub.add_client_error("get_insight_selectors", "InsightNotEnabledException", "not enabled",
                                  expected_params={"TrailName": arn})
        stub.add_response("list_tags", {"ResourceTagList": [{"ResourceId": arn, "TagsList": []} for arn in arns[:20]]},
                          {"ResourceIdList": arns[:20]})
        stub.add_client_error("list_tags", "AccessDeniedException", "not authorized",
                              expected_params={"ResourceIdList": arns[20:40]})
        stub.add_response("list_tags", {"ResourceTagList": [
            {"ResourceId": arns[40], "TagsList": [{"Key": "k", "Value": "v"}]}]}, {"ResourceIdList": arns[40:]})
        assert _region(recorder, client, "111122223333", "eu-west-1")
        stub.assert_no_pending_responses()
    assert [(f.call, f.code, f.target) for f in recorder.failures] == [
        ("cloudtrail:ListTags", "AccessDeniedException", ", ".join(arns[20:40]))]
    written = json.loads((tmp_path / "accounts" / "111122223333" / "eu-west-1" / "list-tags.json").read_text())
    assert [t["ResourceId"] for t in written["ResourceTagList"]] == arns[:20] + arns[40:]
