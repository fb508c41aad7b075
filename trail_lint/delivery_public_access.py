"""The S3 Block Public Access settings in force on a log bucket: the bucket's own and its account's,
which S3 applies together (TL228, TL307, TL312)."""
from __future__ import annotations

from trail_lint.model import UNKNOWN, Bucket, Existence, Inventory, PublicAccessBlock, Tri, any_of


def public_access(inventory: Inventory, bucket: Bucket | None) -> dict[str, Tri]:
    """The S3 Block Public Access settings in force on a log bucket, flag by flag (PublicAccessBlock.FLAGS).

    S3 applies the account's and the bucket's settings together: a flag is on if either turns it on.
    A bucket the inputs create without bucket-level settings has all four on (S3's default for
    buckets created since April 2023); one that exists already without them in the inputs, one whose
    settings are not known offline, and one the inputs do not define, have flags not known, unless an
    account-level block in the inputs turns them on.
    """
    block = bucket.public_access_block if bucket is not None else UNKNOWN
    accounts = [a for a in inventory.account_blocks
                if a.account is None or bucket is None or bucket.account is None or a.account == bucket.account]

    def own(flag: str) -> Tri:
        if isinstance(block, PublicAccessBlock):
            flags: Tri = getattr(block, flag)
            return flags
        if block is None and bucket is not None and bucket.existence is not Existence.EXISTS:
            return True
        return UNKNOWN

    return {flag: any_of([own(flag), *(getattr(a, flag) for a in accounts)]) for flag in PublicAccessBlock.FLAGS}
