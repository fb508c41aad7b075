"""`trail-lint collect`: a snapshot of the trails and IAM of one account, or of every account of an
organization, written as AWS CLI output in the layout of trail_lint/snapshot.py (docs/snapshot.md).

Read-only calls only (docs/collect-policy.json lists them). An account, Region or call that fails is
recorded in the manifest and reported, never silently left out. boto3 is needed only here: the
optional extra `trail-lint[collect]`; the command imports this package only when it runs.
"""
from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

from trail_lint.collect.calls import Failure, Recorder, client_config
from trail_lint.collect.organization import Structure, walk
from trail_lint.model import CLOUDTRAIL_PRINCIPAL
from trail_lint.records import record
from trail_lint.scope.arns import account_from_arn
from trail_lint.snapshot import (
    MANIFEST,
    SCHEMA,
    account_file,
    organization_file,
    region_file,
    trail_file,
)

SESSION_NAME = "trail-lint-collect"
ENABLED = ("opt-in-not-required", "opted-in")     # ec2 DescribeRegions OptInStatus of a usable Region
# Asked of every trail in its home Region. GetInsightSelectors answers InsightNotEnabledException
# for a trail without Insights: then no file is written, as describe-trails' HasInsightSelectors says.
CALLS_PER_TRAIL = (("get_trail_status", "get-trail-status", "Name"),
                   ("get_event_selectors", "get-event-selectors", "TrailName"),
                   ("get_insight_selectors", "get-insight-selectors", "TrailName"))
# ListTags takes up to 20 ARNs per call ("The list has a limit of 20 ARNs", ResourceIdList:
# https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_ListTags.html).
TAGS_PER_CALL = 20


class CollectError(Exception):
    """Nothing could be collected: bad arguments, no usable credentials, an output that exists."""


@record
class Options:
    output: str
    assume_role: str | None = None          # role name (with its path) to assume in every account
    accounts: tuple[str, ...] = ()          # only these accounts of the organization
    ous: tuple[str, ...] = ()               # only the accounts under these OUs (or roots)
    regions: tuple[str, ...] = ()           # only these of the enabled Regions
    workers: int = 4                        # accounts read at once
    max_attempts: int = 8                   # per call, the first included (botocore standard retries)


@record
class Target:
    account: str
    name: str = ""
    role: str | None = None                 # None: the caller's own credentials


@record
class Result:
    manifest: dict[str, Any]
    failures: tuple[Failure, ...]
    calls: int


Progress = Callable[[int, int, str], None]   # (accounts done, accounts in all, what is being read)


@dataclass
class _Tally:
    """Accounts done, for the progress line; called from the workers."""

    total: int
    progress: Progress | None
    done: int = 0

    def reading(self, what: str) -> None:
        if self.progress:
            self.progress(self.done, self.total, what)

    def account_done(self, account: str) -> None:
        self.done += 1
        self.reading(f"account {account} done")


def collect(options: Options, session: Any = None, new_session: Callable[..., Any] | None = None,
            progress: Progress | None = None) -> Result:
    import boto3

    _prepare(options.output)
    session = session or boto3.Session()
    new_session = new_session or boto3.Session
    config = client_config(options.max_attempts)
    home = session.region_name or "us-east-1"
    recorder = Recorder(options.output)
    started = _now()
    sts = session.client("sts", region_name=home, config=config)
    identity = recorder.call(sts, "get_caller_identity")
    if identity is None:
        raise CollectError(f"cannot read the caller's identity: {recorder.failures[-1].line()}")
    caller, own = identity["Arn"], identity["Account"]
    organization, structure = _organization(recorder, session.client("organizations", region_name=home,
                                                                     config=config), own, options)
    targets = _targets(options, own, caller, structure, recorder)
    entries = []
    tally = _Tally(len(targets), progress)
    with ThreadPoolExecutor(max_workers=max(1, options.workers)) as pool:
        futures = [pool.submit(_account, recorder, target, session, new_session, sts, home, config, options, tally)
                   for target in targets]
        for future in as_completed(futures):
            entries.append(future.result())
            tally.account_done(entries[-1]["id"])
    manifest = {
        "schema": SCHEMA, "tool": {"name": "trail-lint", "version": _version()}, "caller": caller,
        "started": started, "finished": _now(), "organization": organization,
        "accounts": sorted(entries, key=lambda entry: entry["id"]),
        "failures": [f.as_json() for f in sorted(recorder.failures, key=_failure_order)],
    }
    recorder.write(MANIFEST, manifest)
    return Result(manifest, tuple(sorted(recorder.failures, key=_failure_order)), recorder.calls)


def _prepare(output: str) -> None:
    if os.path.exists(output) and (not os.path.isdir(output) or os.listdir(output)):
        raise CollectError(f"{output} exists and is not an empty directory: a snapshot is written to a new one")
    try:
        os.makedirs(output, exist_ok=True)
    except OSError as error:
        raise CollectError(f"cannot create {output}: {error.strerror}") from None


def _organization(recorder: Recorder, client: Any, own: str, options: Options
                  ) -> tuple[dict[str, Any] | None, Structure | None]:
    described = recorder.call(client, "describe_organization", account=own)
    if described is None:
        failure = recorder.failures[-1]
        if failure.code == "AWSOrganizationsNotInUseException":
            recorder.failures.remove(failure)     # an account of no organization: nothing is missing
            if options.assume_role:
                raise CollectError(f"account {own} belongs to no organization: --assume-role reads the "
                                   "accounts of the caller's organization")
        elif options.assume_role:
            raise CollectError(f"cannot read the caller's organization: {failure.line()}")
        return None, None
    recorder.write(organization_file("describe-organization"), described)
    organization = described["Organization"]
    management = organization.get("MasterAccountId") or account_from_arn(organization.get("MasterAccountArn"))
    entry = {"id": organization["Id"], "management_account": management, "structure": False}
    if management != own and not options.assume_role:
        return entry, None     # a member account: the structure and SCPs are read from the management account
    structure = walk(recorder, client, options.ous)
    entry["structure"] = structure.complete
    # Every CloudTrail delegated administrator: with the management account, who may create an
    # organization trail (CreateTrail, IsOrganizationTrail; TL226). Left out when the call fails
    # (the failure is in the manifest).
    delegated = recorder.call(client, "list_delegated_administrators", ServicePrincipal=CLOUDTRAIL_PRINCIPAL)
    if delegated is not None:
        entry["delegated_administrators"] = sorted(a["Id"] for a in delegated.get("DelegatedAdministrators", ()))
    return entry, structure


def _targets(options: Options, own: str, caller: str, structure: Structure | None, recorder: Recorder
             ) -> list[Target]:
    if not options.assume_role:
        if options.accounts or options.ous:
            raise CollectError("--accounts and --ou choose accounts of the organization, read through "
                               "--assume-role NAME")
        return [Target(own)]
    found = structure.accounts if structure else {}
    chosen = options.accounts or tuple(found)
    if not chosen:
        raise CollectError("no account of the organization to read: " + (
            "the organization lists none under the given OUs" if structure and structure.complete
            else "listing the organization failed"))
    partition = caller.split(":")[1]
    targets = []
    for account in sorted(set(chosen)):
        listed = found.get(account, {})
        state = listed.get("State") or listed.get("Status") or "ACTIVE"
        if state != "ACTIVE":
            recorder.fail(Failure("sts:AssumeRole", "AccountNotActive", f"the account is {state}: not read",
                                  account))
            continue
        role = None if account == own else f"arn:{partition}:iam::{account}:role/{options.assume_role}"
        targets.append(Target(account, str(listed.get("Name", "")), role))
    return targets


def _account(recorder: Recorder, target: Target, session: Any, new_session: Callable[..., Any], sts: Any,
             home: str, config: Any, options: Options, tally: _Tally) -> dict[str, Any]:
    tally.reading(f"account {target.account}")
    entry: dict[str, Any] = {"id": target.account, "name": target.name, "role": target.role, "regions": []}
    if target.role:
        assumed = recorder.call(sts, "assume_role", account=target.account, target=target.role,
                                RoleArn=target.role, RoleSessionName=SESSION_NAME)
        if assumed is None:
            return entry
        credentials = assumed["Credentials"]
        session = new_session(aws_access_key_id=credentials["AccessKeyId"],
                              aws_secret_access_key=credentials["SecretAccessKey"],
                              aws_session_token=credentials["SessionToken"], region_name=home)
    account = target.account
    details = recorder.call(session.client("iam", region_name=home, config=config),
                            "get_account_authorization_details", account=account)
    if details is not None:
        recorder.write(account_file(account, "get-account-authorization-details"), details)
    for region in _regions(recorder, session, account, home, config, options):
        tally.reading(f"account {account} {region}")
        if _region(recorder, session.client("cloudtrail", region_name=region, config=config), account, region):
            entry["regions"].append(region)
    return entry


def _regions(recorder: Recorder, session: Any, account: str, home: str, config: Any, options: Options
             ) -> list[str]:
    """The Regions enabled in the account (they differ between accounts), or those asked for."""
    listing = recorder.call(session.client("ec2", region_name=home, config=config), "describe_regions",
                            account=account)
    if listing is None:
        return sorted(options.regions)
    enabled = {r["RegionName"] for r in listing.get("Regions", []) if r.get("OptInStatus", ENABLED[0]) in ENABLED}
    return sorted(enabled & set(options.regions) if options.regions else enabled)


def _region(recorder: Recorder, client: Any, account: str, region: str) -> bool:
    listing = recorder.call(client, "describe_trails", account=account, region=region, includeShadowTrails=True)
    if listing is None:
        return False
    recorder.write(region_file(account, region, "describe-trails"), listing)
    homed = []
    for trail in listing.get("trailList", []):
        arn, name = trail.get("TrailARN"), trail.get("Name")
        # A shadow copy (a multi-Region trail of another Region, an organization trail of the
        # management account) is read where it lives, with the account that owns it.
        if not name or trail.get("HomeRegion") != region or account_from_arn(arn) != account:
            continue
        for operation, call, argument in CALLS_PER_TRAIL:
            response = recorder.call(client, operation, account=account, region=region, target=arn,
                                     answers=("InsightNotEnabledException",), **{argument: arn})
            if response is not None:
                recorder.write(trail_file(account, region, name, call), response)
        homed.append(arn)
    _tags(recorder, client, account, region, homed)
    return True


def _tags(recorder: Recorder, client: Any, account: str, region: str, arns: list[str]) -> None:
    """The tags of the trails homed in the Region (what aws:ResourceTag conditions read), as one
    list-tags output: the batches merged; a batch that fails is in the manifest, its trails left out."""
    found: list[Any] = []
    answered = False
    for start in range(0, len(arns), TAGS_PER_CALL):
        batch = arns[start:start + TAGS_PER_CALL]
        response = recorder.call(client, "list_tags", account=account, region=region, target=", ".join(batch),
                                 ResourceIdList=batch)
        if response is not None:
            answered = True
            found.extend(response.get("ResourceTagList", ()))
    if answered:
        recorder.write(region_file(account, region, "list-tags"), {"ResourceTagList": found})


def _failure_order(failure: Failure) -> tuple[str, ...]:
    return (failure.account or "", failure.region or "", failure.call, failure.target or "")


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _version() -> str:
    from trail_lint import __version__

    return __version__
