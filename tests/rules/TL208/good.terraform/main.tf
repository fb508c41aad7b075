resource "aws_sns_topic" "notices" {
  name = "trail-notices"
}

data "aws_iam_policy_document" "notices" {
  statement {
    sid       = "AWSCloudTrailSNSPolicy"
    actions   = ["SNS:Publish"]
    resources = [aws_sns_topic.notices.arn]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
  }
}

resource "aws_sns_topic_policy" "notices" {
  arn    = aws_sns_topic.notices.arn
  policy = data.aws_iam_policy_document.notices.json
}

resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = "audit-logs-111122223333"
  sns_topic_name = aws_sns_topic.notices.name
}

data "aws_sns_topic" "shared" {
  name = "shared-notices"
}

resource "aws_cloudtrail" "shared" {
  name           = "shared"
  s3_bucket_name = "audit-logs-111122223333"
  sns_topic_name = data.aws_sns_topic.shared.name
}
