resource "aws_sns_topic" "without_policy" {
  name = "trail-notices"
}

resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = "audit-logs-111122223333"
  sns_topic_name = aws_sns_topic.without_policy.name
}

resource "aws_cloudtrail" "audit_copy" {
  name           = "audit-copy"
  s3_bucket_name = "audit-logs-111122223333"
  sns_topic_name = aws_sns_topic.without_policy.arn
}
