"""TL309 on an advanced selector that filters S3 object events by `eventName` `Equals`: CloudTrail
delivers every log and digest file with PutObject (user guide, "Amazon S3 bucket policy for
CloudTrail"), so the selector records the trail's own log files exactly when PutObject is among
the names, as in the AWS CLI Command Reference's put-event-selectors example ("Log PutObject and
DeleteObject events for all but one bucket", of a trail whose log bucket is another):
https://docs.aws.amazon.com/cli/latest/reference/cloudtrail/put-event-selectors.html
"""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from trail_lint.rules.tl309_trail_logs_own_bucket import records_own_logs

from trail_lint.delivery_bucket_requests import DELIVERY_OPERATION
from trail_lint.model import AdvancedSelector, DataScope, FieldSelector
from trail_lint.selectors.recording import advanced_data, conditions_of

LOGS = "arn:aws:s3:::amzn-s3-demo-bucket/AWSLogs/"
NAMES = ("PutObject", "DeleteObject", "GetObject", "CopyObject", "CompleteMultipartUpload", "DeleteObjects",
         "PutObjectAcl", "HeadObject")


def _scope(names: list[str], excluded: list[str]) -> DataScope:
    fields = [FieldSelector("eventCategory", equals=("Data",)),
              FieldSelector("resources.type", equals=("AWS::S3::Object",)),
              FieldSelector("eventName", equals=tuple(names))]
    if excluded:
        fields.append(FieldSelector("resources.ARN", not_starts_with=tuple(excluded)))
    scope = advanced_data(conditions_of(AdvancedSelector("names", tuple(fields))))
    assert isinstance(scope, DataScope)
    return scope


@given(names=st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True),
       excluded=st.lists(st.sampled_from(["arn:aws:s3:::sample-bucket-name/", "arn:aws:s3:::other-logs/"]),
                         max_size=2, unique=True))
def test_event_names_record_the_log_files_with_put_object(names: list[str], excluded: list[str]) -> None:
    assert records_own_logs(_scope(names, excluded), LOGS) is (DELIVERY_OPERATION in names)


@given(names=st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True))
def test_excluding_the_log_bucket_records_none_of_them(names: list[str]) -> None:
    assert records_own_logs(_scope(names, ["arn:aws:s3:::amzn-s3-demo-bucket/"]), LOGS) is False
