# A topic encrypted with the AWS managed key for Amazon SNS, whose key policy cannot be changed:
# the page's KMS key policy statement cannot be added to it.
resource "aws_sns_topic" "notifications" {
  name              = "MyTopic"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic_policy" "notifications" {
  arn = aws_sns_topic.notifications.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AWSCloudTrailSNSPolicy20131101"
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "SNS:Publish"
      Resource  = "arn:aws:sns:us-east-2:123456789012:MyTopic"
    }]
  })
}

resource "aws_cloudtrail" "trail" {
  name           = "trailName"
  s3_bucket_name = "my-trail-logs-123456789012"
  sns_topic_name = aws_sns_topic.notifications.name
}
