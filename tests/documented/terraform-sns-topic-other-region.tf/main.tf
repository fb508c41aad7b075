# The aws_cloudtrail page of the Terraform registry: sns_topic_name "Name of the Amazon SNS topic defined for
# notification of log file delivery. Specify the SNS topic ARN if it resides in another region."
provider "aws" {
  region = "us-east-2"
}

provider "aws" {
  alias  = "oregon"
  region = "us-west-2"
}

resource "aws_sns_topic" "oregon" {
  provider = aws.oregon
  name     = "trail-deliveries"
}

resource "aws_sns_topic_policy" "oregon" {
  provider = aws.oregon
  arn      = aws_sns_topic.oregon.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AWSCloudTrailSNSPolicy"
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "SNS:Publish"
      Resource  = aws_sns_topic.oregon.arn
    }]
  })
}

resource "aws_cloudtrail" "by_arn" {
  name                       = "topic-by-arn"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  sns_topic_name             = aws_sns_topic.oregon.arn
}

resource "aws_cloudtrail" "by_name" {
  name                       = "topic-by-name"
  s3_bucket_name             = "other-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  sns_topic_name             = aws_sns_topic.oregon.name
}
