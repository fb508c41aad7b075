"""``trail-lint collect --output DIR``: a snapshot of this account, or of its organization, to lint offline."""
from __future__ import annotations

import argparse
import sys

from trail_lint.commands.common import fail

NAME = "collect"
SUMMARY = "a snapshot of this account or of its organization (needs trail-lint[collect])"
DESCRIPTION = ("Write a snapshot of the trails and IAM of this account, or of the accounts of its organization, "
               "as AWS CLI output in the layout of docs/snapshot.md, for `trail-lint DIR`. Read-only API calls "
               "(docs/collect-policy.json); needs boto3: pip install 'trail-lint[collect]'.")
EPILOG = """\
examples:
  trail-lint collect --output snapshot/
  trail-lint collect --output snapshot/ --assume-role TrailLintRead --ou ou-ab12-cdef3456 --regions eu-west-1,us-east-1
  trail-lint snapshot/

exit status: 0 the snapshot is complete; 1 it was written, but calls failed (listed, and in its
manifest.json); 2 nothing was written: a usage error, no credentials, boto3 missing, an output
directory that is not empty.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", "-o", metavar="DIR", required=True, help="the snapshot directory to create "
                        "(new or empty)")
    parser.add_argument("--assume-role", metavar="NAME", help="read every account of the organization through "
                        "this role (name, with its path) in each; the caller's own account with its own credentials")
    parser.add_argument("--accounts", action="append", metavar="IDS", help="only these accounts "
                        "(comma-separated; with --assume-role)")
    parser.add_argument("--ou", action="append", metavar="ID", help="only the accounts under this OU or root, "
                        "at any depth (with --assume-role)")
    parser.add_argument("--regions", action="append", metavar="NAMES", help="only these of the enabled Regions "
                        "(comma-separated; default: every enabled Region)")
    parser.add_argument("--profile", help="the AWS CLI profile to use (default: the usual credential chain)")
    parser.add_argument("--workers", type=int, default=4, metavar="N", help="accounts read at once (default 4)")
    parser.add_argument("--max-attempts", type=int, default=8, metavar="N", help="attempts per API call, with "
                        "exponential backoff on throttling (default 8)")


def run(args: argparse.Namespace) -> int:
    import importlib.util

    from trail_lint.scope.names import is_account_id

    if importlib.util.find_spec("boto3") is None:
        fail("`trail-lint collect` needs boto3: pip install 'trail-lint[collect]'")
    accounts = tuple(a for a in ",".join(args.accounts or ()).split(",") if a)
    regions = tuple(r for r in ",".join(args.regions or ()).split(",") if r)
    for account in accounts:
        if not is_account_id(account):
            fail(f"--accounts: {account!r} is not a 12-digit account ID")
    if args.workers < 1 or args.max_attempts < 1:
        fail("--workers and --max-attempts must be at least 1")
    import boto3
    import botocore.exceptions

    from trail_lint.collect import CollectError, Options, collect

    options = Options(output=args.output, assume_role=args.assume_role, accounts=accounts,
                      ous=tuple(args.ou or ()), regions=regions, workers=args.workers,
                      max_attempts=args.max_attempts)
    progress = _progress_line if sys.stderr.isatty() else None
    try:
        session = boto3.Session(profile_name=args.profile)
        result = collect(options, session=session, progress=progress)
    except CollectError as error:
        fail(str(error))
    except botocore.exceptions.BotoCoreError as error:   # no credentials, unknown profile, no Region
        fail(f"AWS: {error}")
    finally:
        if progress:
            print(file=sys.stderr)
    manifest = result.manifest
    regions_read = {r for entry in manifest["accounts"] for r in entry["regions"]}
    print(f"trail-lint: snapshot of {len(manifest['accounts'])} account(s) in {len(regions_read)} Region(s) "
          f"written to {args.output} ({result.calls} API calls)", file=sys.stderr)
    if result.failures:
        print(f"trail-lint: {len(result.failures)} call(s) failed; what they would return is missing from the "
              f"snapshot (listed in its manifest.json):", file=sys.stderr)
        for failure in result.failures:
            print(f"  {failure.line()}", file=sys.stderr)
        return 1
    return 0


def _progress_line(done: int, total: int, reading: str) -> None:
    sys.stderr.write(f"\rtrail-lint collect: {done}/{total} accounts read; {reading}\033[K")
    sys.stderr.flush()
