"""Log bucket Denies on the headers of CloudTrail's s3:PutObject: the server-side encryption headers
(decided where the CloudTrail and S3 pages settle them, one TL002 where they do not) and TLS (the
table in trail_lint/delivery_bucket_requests.py's docstring)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_delivery import ACCOUNT, BUCKET, TRAIL, lint, policy, write
from test_delivery_undecided import ACL, _messages, _template

from trail_lint.delivery import evaluate
from trail_lint.delivery_bucket_requests import bucket_requests
from trail_lint.delivery_requests import Request
from trail_lint.iam.evaluator import Decision
from trail_lint.model import Trail

KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
OTHER_KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/0987dcba-09ba-87dc-65fe-0987654321ba"
SSE = "s3:x-amz-server-side-encryption"
SSE_KEY = "s3:x-amz-server-side-encryption-aws-kms-key-id"
PLAIN = TRAIL                                   # no KMS key: SSE-S3
WITH_KEY = replace(TRAIL, kms_key_id=KEY)       # SSE-KMS with the trail's own key
ALIASED = replace(TRAIL, kms_key_id="alias/trail-logs")


def _deny(condition: dict[str, Any], sid: str = "DenyWrite") -> dict[str, Any]:
    return {"Sid": sid, "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*", "Condition": condition}


def _put(trail: Trail, folder: str = "CloudTrail/") -> Request:
    """CloudTrail's s3:PutObject of the files of one folder (log files, digest files)."""
    return next(r for r in bucket_requests(trail, BUCKET)[1:]
                if folder in "".join(part for part in r.resource if isinstance(part, str)))


def _decide(trail: Trail, condition: dict[str, Any], folder: str = "CloudTrail/") -> Decision:
    return evaluate(policy(write(), _deny(condition)), _put(trail, folder)).decision


NOT_ENCRYPTED = {"Null": {SSE: "true"}}                       # "DenyUnEncryptedObjectUploads"
NOT_KMS = {"StringNotEquals": {SSE: "aws:kms"}}                # require SSE-KMS
NOT_S3 = {"StringNotEquals": {SSE: "AES256"}}                  # require SSE-S3
NEITHER = {"StringNotEquals": {SSE: ["AES256", "aws:kms"]}}
NOT_THE_KEY = {"StringNotEquals": {SSE_KEY: KEY}}              # require SSE-KMS with a specific key
NOT_OTHER_KEY = {"StringNotEquals": {SSE_KEY: OTHER_KEY}}
NO_KEY = {"Null": {SSE_KEY: "true"}}
WITHOUT_TLS = {"Bool": {"aws:SecureTransport": "false"}}       # "DenyInsecureTransport"


@pytest.mark.parametrize(("trail", "condition", "outcome"), [
    # DenyInsecureTransport never blocks delivery
    (PLAIN, WITHOUT_TLS, Decision.ALLOWED),
    (WITH_KEY, WITHOUT_TLS, Decision.ALLOWED),
    # without a KMS key the files are SSE-S3: the header is AES256 or absent, which no page says
    (PLAIN, NOT_ENCRYPTED, Decision.UNKNOWN),
    (PLAIN, NOT_S3, Decision.UNKNOWN),
    (PLAIN, NEITHER, Decision.UNKNOWN),
    # ... but never aws:kms, and never a KMS key ID: requiring SSE-KMS blocks it either way
    (PLAIN, NOT_KMS, Decision.DENIED),
    (PLAIN, NOT_THE_KEY, Decision.DENIED),
    (PLAIN, NO_KEY, Decision.DENIED),
    # with the trail's KMS key its log files are SSE-KMS: aws:kms and a key ID header
    (WITH_KEY, NOT_ENCRYPTED, Decision.ALLOWED),
    (WITH_KEY, NOT_KMS, Decision.ALLOWED),
    (WITH_KEY, NEITHER, Decision.ALLOWED),
    (WITH_KEY, NOT_S3, Decision.DENIED),
    (WITH_KEY, NO_KEY, Decision.ALLOWED),
    # the key ID header names the trail's key, by ARN, ID or alias (no page says which): another key's
    # ARN never matches it, the trail's own may not
    (WITH_KEY, NOT_OTHER_KEY, Decision.DENIED),
    (WITH_KEY, NOT_THE_KEY, Decision.UNKNOWN),
    (ALIASED, NOT_OTHER_KEY, Decision.UNKNOWN),
    (ALIASED, NOT_KMS, Decision.ALLOWED),
])
def test_log_file_writes(trail: Trail, condition: dict[str, Any], outcome: Decision) -> None:
    assert _decide(trail, condition) is outcome


def test_digest_files_of_a_trail_with_a_key_are_not_decided() -> None:
    # The encryption page says digest files are SSE-S3; the key policy page and the API say the key
    # encrypts them: the pages disagree, so a Deny on their headers is open.
    validated = replace(WITH_KEY, log_file_validation=True)
    assert _decide(validated, NOT_KMS) is Decision.ALLOWED
    assert _decide(validated, NOT_KMS, "CloudTrail-Digest/") is Decision.UNKNOWN
    assert _decide(validated, NOT_ENCRYPTED, "CloudTrail-Digest/") is Decision.UNKNOWN
    # ... but what no value the pages leave can make apply is decided
    assert _decide(validated, {"StringEquals": {SSE: "aws:kms:dsse"}}, "CloudTrail-Digest/") is Decision.ALLOWED
    # (and what every one makes apply: no key ID, or one naming the trail's key, is never another key's ARN)
    assert _decide(validated, NOT_OTHER_KEY, "CloudTrail-Digest/") is Decision.DENIED
    assert _decide(validated, NOT_THE_KEY, "CloudTrail-Digest/") is Decision.UNKNOWN
    # without a key, digest files are SSE-S3 on every page
    assert _decide(replace(PLAIN, log_file_validation=True), NOT_KMS, "CloudTrail-Digest/") is Decision.DENIED


def test_a_key_not_known_offline_decides_nothing() -> None:
    from trail_lint.model import UNKNOWN
    unknown = replace(TRAIL, kms_key_id=UNKNOWN)
    assert {_decide(unknown, c) for c in (NOT_ENCRYPTED, NOT_KMS, NOT_S3, NOT_THE_KEY, NO_KEY)} == {Decision.UNKNOWN}


@given(st.lists(st.sampled_from(["AES256", "aws:kms", "aws:kms:dsse", "AES128"]), min_size=1, max_size=3))
def test_required_algorithms(algorithms: list[str]) -> None:
    """A Deny on StringNotEquals over any list of algorithms: a trail with a key sends aws:kms; one
    without sends AES256 or nothing, and nothing fails StringNotEquals."""
    condition = {"StringNotEquals": {SSE: algorithms}}
    assert _decide(WITH_KEY, condition) is (Decision.ALLOWED if "aws:kms" in algorithms else Decision.DENIED)
    assert _decide(PLAIN, condition) is (Decision.UNKNOWN if "AES256" in algorithms else Decision.DENIED)


# --- What the user sees ------------------------------------------------------------------------

def _with_key(text: str) -> str:
    return text.replace("      IsLogging: true\n", f"      IsLogging: true\n      KMSKeyId: {KEY}\n")


def test_requiring_sse_kms_blocks_a_trail_without_a_key(tmp_path: Path) -> None:
    text = _template([ACL, write(), _deny(NOT_KMS, "DenyNotKms")])
    found = lint(tmp_path, "t.yaml", text, "TL207")
    assert len(found) == 1 and "statement 'DenyNotKms' denies s3:PutObject" in found[0]
    # the same policy for a trail with a KMS key: no finding, no TL002
    assert lint(tmp_path, "t.yaml", _with_key(text), "TL207") == []
    assert lint(tmp_path, "t.yaml", _with_key(text), "TL002", select=("TL207",)) == []


def test_requiring_the_trails_key_is_one_tl002(tmp_path: Path) -> None:
    text = _with_key(_template([ACL, write(), _deny(NOT_THE_KEY, "DenyOtherKeys")], trails=2))
    assert lint(tmp_path, "t.yaml", text, "TL207") == []
    found = _messages(lint(tmp_path, "t.yaml", text, "TL002", select=("TL207",)))
    assert len(found) == 1
    assert found[0].endswith(
        f"statement 'DenyOtherKeys': whether its StringNotEquals {SSE_KEY} condition holds depends on what "
        f"CloudTrail's s3:PutObject sends in {SSE_KEY}, which AWS does not document")
    # another key's ARN: blocked
    other = _with_key(_template([ACL, write(), _deny(NOT_OTHER_KEY, "DenyOtherKeys")]))
    assert len(lint(tmp_path, "t.yaml", other, "TL207")) == 1


def test_deny_unencrypted_uploads_without_a_key_is_one_tl002(tmp_path: Path) -> None:
    text = _template([ACL, write(), _deny(NOT_ENCRYPTED, "DenyUnEncryptedObjectUploads"),
                      {**_deny(WITHOUT_TLS, "DenyInsecureTransport"), "Action": "s3:*"}], trails=2)
    assert lint(tmp_path, "t.yaml", text, "TL207") == []
    found = _messages(lint(tmp_path, "t.yaml", text, "TL002", select=("TL207",)))
    assert len(found) == 1
    assert found[0].endswith(
        f"statement 'DenyUnEncryptedObjectUploads': whether its Null {SSE} condition holds depends on what "
        f"CloudTrail's s3:PutObject sends in {SSE}, which AWS does not document")
    # with the trail's key, log files carry aws:kms: decided, nothing to say
    assert lint(tmp_path, "t.yaml", _with_key(text), "TL002", select=("TL207",)) == []
