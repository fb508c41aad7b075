resource "aws_kms_key" "without_policy" {
  description = "trail notifications"
}

resource "aws_sns_topic" "notices" {
  name              = "trail-notices"
  kms_master_key_id = aws_kms_key.without_policy.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "SNS:Publish"
      Resource  = "*"
    }]
  })
}

resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = "audit-logs-111122223333"
  sns_topic_name = aws_sns_topic.notices.name
}

resource "aws_sns_topic" "managed_key" {
  name              = "managed-key-notices"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic_policy" "managed_key" {
  arn = aws_sns_topic.managed_key.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "SNS:Publish"
      Resource  = "*"
    }]
  })
}

resource "aws_cloudtrail" "managed_key" {
  name           = "managed-key"
  s3_bucket_name = "audit-logs-111122223333"
  sns_topic_name = aws_sns_topic.managed_key.name
}
