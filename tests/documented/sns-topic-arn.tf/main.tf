# SnsTopicName takes the name or the ARN of the topic; a topic of another Region is given by its
# ARN. A name with a dot or a space is no topic name.
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "by_arn" {
  name                       = "topic-by-arn"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  sns_topic_name             = "arn:aws:sns:us-west-2:123456789012:my-trail-notifications"
}

resource "aws_cloudtrail" "dotted" {
  name                       = "topic-dotted"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  sns_topic_name             = "my.trail.notifications"
}
