"""CloudTrail's requests to a trail's log bucket: the keys its files go under, and the headers they carry.

What CloudTrail's requests to a log bucket carry, which is all this module gives them (``delivery_requests.context``,
``bucket_requests``, ``_encryption``); a key not in the table is not known offline, and a condition
on it leaves the check open (TL002):

| condition key | s3:GetBucketAcl, s3:PutObject | page |
| --- | --- | --- |
| aws:SourceArn, aws:SourceAccount | the trail's ARN, its account | [S3], [KMS] |
| aws:SecureTransport | true (no page says it of CloudTrail in words; S3's best practices deny requests without TLS on every bucket) | [TLS] |
| aws:PrincipalIsAWSService, aws:PrincipalServiceName | true, cloudtrail.amazonaws.com | [KEYS] |
| aws:PrincipalOrgID, aws:PrincipalOrgPaths | absent: a service principal belongs to no organization | [KEYS] |
| aws:SourceVpc, aws:SourceVpce | absent: CloudTrail does not deliver through a VPC endpoint | [KEYS] |
| aws:SourceIp | not known offline | [KEYS] |
| s3:x-amz-acl (PutObject) | bucket-owner-full-control, which the documented policy requires | [S3] |
| s3:x-amz-server-side-encryption (PutObject) | a trail with a KMS key, its log files: aws:kms; a trail without one, every file: absent or AES256 (the pages say the files are SSE-S3, not whether the header asks for it); the digest files of a trail with a KMS key: either of those (the pages disagree whether the key encrypts them) | [ENC], [HOW], [KP], [SSE] |
| s3:x-amz-server-side-encryption-aws-kms-key-id (PutObject) | a trail with a KMS key, its log files: present (SSE-KMS with a key of one's own needs it), naming the trail's key in a form no page gives (key ARN, key ID or alias): a policy that names another key by its ARN excludes it, one that names the trail's key is not decided; a trail without a KMS key: absent; the digest files of a trail with one: either | [ENC], [PUT] |

A trail's KMS key not known offline leaves both encryption keys not known. The Insights files of a
trail with a KMS key, which no page places on either side, and the files of folders not known, are
read as its digest files are: either. A condition on a key whose value is left among several is
decided only where each value decides it alike (``Request.either``).

- [S3] https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
- [KMS] https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
- [KP] the same page: the key policy "must allow CloudTrail to use the key to encrypt your log files,
  digest files, and event data stores"
- [ENC] https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
  ("If you don't enable SSE-KMS encryption, your logs are encrypted using SSE-S3 encryption";
  "Enabling server-side encryption encrypts the log files but not the digest files with SSE-KMS.
  Digest files are encrypted with Amazon S3-managed encryption keys (SSE-S3).")
- [HOW] https://docs.aws.amazon.com/awscloudtrail/latest/userguide/how-kms-works-with-cloudtrail.html
  (log file encryption builds on S3's SSE-KMS)
- [SSE] https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
- [PUT] https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html (with
  x-amz-server-side-encryption aws:kms and no x-amz-server-side-encryption-aws-kms-key-id, S3 uses
  the AWS managed key aws/s3; the header takes a key ID, key ARN or alias)
- [TLS] https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html
- [KEYS] https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
"""
from __future__ import annotations

import re

from trail_lint.delivery_match import ANYTHING, SEGMENT
from trail_lint.delivery_requests import Request, as_text, context, delivering_region, owned_elsewhere, partition_text
from trail_lint.model import UNKNOWN, Text, Trail
from trail_lint.scope.names import always_enabled
from trail_lint.scope.trail_scope import bound_holes, trail_partition

# The S3 operation, and so the data event name, of every log and digest file CloudTrail delivers
# (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html).
DELIVERY_OPERATION = "PutObject"


def bucket_requests(trail: Trail, bucket: str | None, management: frozenset[str] = frozenset()) -> tuple[Request, ...]:
    """s3:GetBucketAcl on the bucket and s3:PutObject under [<prefix>/]AWSLogs/<account or org id>/."""
    arn: Text = ("arn:", *partition_text(trail), ":s3:::", *as_text(bucket, trail, "s3_bucket"))
    prefix = trail.s3_key_prefix
    folder: Text = () if prefix is None else (prefix, "/") if isinstance(prefix, str) else (ANYTHING, "/")
    # An organization trail writes under AWSLogs/<org id>/<account>/; the org id (o-…, Organizations API
    # `Organization.Id`) is not in the inputs, but Terraform knows it by what it is: the id of the
    # aws_organizations_organization of the trail's provider configuration (a named hole in .tf
    # sources, the ID itself where a plan or state holds it).
    owner: Text = as_text(trail.account, trail, "account") if trail.organization is False else \
        (trail.holes.get("organization") or ("o-", SEGMENT)) if trail.organization is True else (SEGMENT,)
    known = [part for part in trail.holes.get("organization", ()) if isinstance(part, str)]
    owner_shown = ("".join(known) if known and len(known) == len(trail.holes["organization"]) else "<org-id>") \
        if trail.organization is True else \
        trail.account if isinstance(trail.account, str) and trail.organization is False else "<account-id>"
    bucket_shown = f"arn:{trail_partition(trail) or 'aws'}:s3:::{bucket or '<bucket>'}"
    prefix_shown = f"{prefix}/" if isinstance(prefix, str) else "<prefix>/" if prefix is UNKNOWN else ""
    acl = ("bucket-owner-full-control",)
    region = delivering_region(trail)
    under: Text = (*arn, "/", *folder, "AWSLogs/", *owner, "/")
    shown = f"{bucket_shown}/{prefix_shown}AWSLogs/{owner_shown}/"
    ends = _ends(trail, shown)
    # only where the rest of the resource is known text: then the account alone leaves it open
    stand_in = (*arn, "/", *folder, "AWSLogs/", _STAND_IN, "/") if trail.organization is False and \
        not isinstance(trail.account, str) and all(type(part) is str for part in (*arn, *folder)) else None
    return (
        Request("s3:GetBucketAcl", arn, bucket_shown, context(trail), region, bound=bound_holes(trail),
                elsewhere=owned_elsewhere(trail, management)),
        *(Request(f"s3:{DELIVERY_OPERATION}", (*under, *end), where,
                  context(trail, **{"s3:x-amz-acl": acl}, **_encryption(trail, end)[0]),
                  region, bound=bound_holes(trail), elsewhere=owned_elsewhere(trail, management),
                  any_account=None if stand_in is None else (*stand_in, *end),
                  either=_encryption(trail, end)[1]) for end, where in ends),
    )


_SSE = "s3:x-amz-server-side-encryption"
_SSE_KEY = "s3:x-amz-server-side-encryption-aws-kms-key-id"


def _encryption(trail: Trail, end: Text) -> tuple[dict[str, Text], dict[str, tuple[Text | None, ...]]]:
    """The server-side encryption headers of CloudTrail's s3:PutObject of the files under ``end``
    (``_ends``), as the table of the module docstring says: those the request carries, and those
    whose value the pages leave open (``Request.either``). Neither for a KMS key not known offline."""
    key = trail.kms_key_id
    if key is None:
        # SSE-S3 for every file: the header asks for it (AES256) or the bucket's default gives it
        return {}, {_SSE: (None, ("AES256",)), _SSE_KEY: (None,)}
    first = end[0] if end else None
    log_files = isinstance(first, str) and first.startswith("CloudTrail/") or \
        first == SEGMENT and len(end) > 2 and isinstance(end[2], str) and end[2].startswith("CloudTrail/")  # a member's
    if not isinstance(key, str) or not key:
        return {}, {}
    # The key ID header names the trail's key by its ARN, its ID or an alias; which, no page says.
    names: tuple[Text, ...] = ((ANYTHING,),)
    if _KEY_ARN.fullmatch(key):
        names = ((key,), (key.rsplit("/", 1)[1],), ("alias/", ANYTHING), ("arn:", ANYTHING, ":alias/", ANYTHING))
    if not log_files:
        # digest files (SSE-S3 on one page, the trail's key on another), Insights files (no page), or
        # files of folders not known: any of the two
        return {}, {_SSE: (None, ("AES256",), ("aws:kms",)), _SSE_KEY: (None, *names)}
    # SSE-KMS with the trail's own key: aws:kms, and a key ID header, or S3 would use aws/s3 (PutObject)
    return {_SSE: ("aws:kms",)}, {_SSE_KEY: names}


_KEY_ARN = re.compile(r"arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:key/[A-Za-z0-9-]+")


# An account id no policy names, in place of a trail's account the inputs do not know.
_STAND_IN = "000000000000"


# The folders that hold a Region level, AWSLogs/<account>/<folder>/<region>/: log files
# (get-and-view-cloudtrail-log-files.html) and digest files (digest-file-structure, "the region from
# which the digest file was delivered"). The Insights page names only the folder.
_REGIONAL = ("CloudTrail", "CloudTrail-Digest")


def _ends(trail: Trail, shown: str) -> list[tuple[Text, str]]:
    """What follows AWSLogs/<account>/ in the keys the trail writes, each with how it is shown. A
    single-Region trail writes in its home Region's folders alone; a multi-Region trail in those of
    every enabled Region, which the inputs do not list, but its home Region and the Regions every
    account has enabled are among them: each is a request of its own, which a policy that covers
    only some Regions certainly fails.
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html"""
    folders = _folders(trail)
    if folders is None:
        return [((ANYTHING,), f"{shown}*")]
    # Where the files go is known: each folder, its account's level first for an organization trail.
    account: Text = (SEGMENT, "/") if trail.organization is True else ()
    level = "<account-id>/" if account else ""
    home = delivering_region(trail)
    ends: list[tuple[Text, str]] = []
    for name in folders:
        where = f"{shown}*" if name == "CloudTrail" else f"{shown}{level}{name}/*"
        if name in _REGIONAL and isinstance(home, str):
            ends.append(((*account, f"{name}/{home}/", ANYTHING), where))
            continue
        ends.append(((*account, f"{name}/", *((SEGMENT, "/") if name in _REGIONAL else ()), ANYTHING), where))
        if name in _REGIONAL and home is None:
            recorded = dict.fromkeys((*((trail.region,) if isinstance(trail.region, str) else ()),
                                      *always_enabled(trail_partition(trail))))
            ends.extend(((*account, f"{name}/{region}/", ANYTHING), f"{shown}{level}{name}/{region}/*")
                        for region in recorded)
    return ends


def _folders(trail: Trail) -> tuple[str, ...] | None:
    """The folders under AWSLogs/<account>/ (an organization trail's AWSLogs/<org id>/<account>/) the
    trail writes to: CloudTrail/ its log files, CloudTrail-Digest/ the digest files of log file
    validation, CloudTrail-Insight/ its Insights events; None where the inputs do not tell which.
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html#cloudtrail-find-log-files
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/insights-events-understanding.html"""
    if not isinstance(trail.organization, bool) or not isinstance(trail.log_file_validation, bool) \
            or not isinstance(trail.insights, tuple):
        return None
    return ("CloudTrail", *(("CloudTrail-Digest",) if trail.log_file_validation else ()),
            *(("CloudTrail-Insight",) if trail.insights else ()))
