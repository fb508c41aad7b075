"""AWS CLI outputs that look like inputs but hold too little to lint: a file of such a kind is
skipped, as any file of no known kind is, but the user is told why and what to export instead
(a file a user exported on purpose must not pass as "no problems found" in silence).

Told apart by the root object's keys first (no value of a large file is built for the test)."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trail_lint.load import Document

# `aws cloudtrail list-trails` names each trail (TrailARN, Name, HomeRegion) but none of its
# settings, not even whether it is multi-Region: nothing a rule checks can be read from it, and
# beside describe-trails output it adds nothing (describe-trails names every trail, with its
# HomeRegion and TrailARN).
# https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_ListTrails.html
# https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_TrailInfo.html
_TRAIL_INFO_KEYS = frozenset(("TrailARN", "Name", "HomeRegion"))
LIST_TRAILS = ("`aws cloudtrail list-trails` output names trails but not their settings; export "
               "`aws cloudtrail describe-trails --include-shadow-trails` (with get-event-selectors and "
               "get-trail-status for each trail) in each Region instead")


def why_unread(doc: Document) -> str | None:
    """Why a document no reader took is not read, when it is an AWS output a user may take for an
    input; None for any other document. Its values are built only when the root's keys match."""
    outline = doc.outline()
    if not isinstance(outline, dict) or "Trails" not in outline or set(outline) - {"Trails", "NextToken"}:
        return None
    trails = doc.data["Trails"]
    if isinstance(trails, list) and all(isinstance(t, dict) and set(t) <= _TRAIL_INFO_KEYS and "TrailARN" in t
                                        for t in trails):
        return LIST_TRAILS
    return None
