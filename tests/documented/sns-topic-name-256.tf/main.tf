# CreateTrail: SnsTopicName takes a topic name of up to 256 characters (SNS CreateTopic: letters,
# digits, hyphens and underscores); this one has 256.
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "notified" {
  name                          = "notified"
  s3_bucket_name                = "my-trail-logs-123456789012"
  is_multi_region_trail         = true
  enable_log_file_validation    = true
  sns_topic_name                = "cloudtrail_notifications-nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
}
