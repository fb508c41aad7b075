# "Quotas in AWS CloudTrail": "Trails per Region: 5". The count meta-argument makes six instances of one
# resource: six trails of one provider configuration, one account and Region, the sixth refused.
provider "aws" {
  region = "us-east-2"
}
resource "aws_cloudtrail" "team" {
  count          = 6
  name           = "team-${count.index}"
  s3_bucket_name = "my-trail-logs-123456789012"
  s3_key_prefix  = "team-${count.index}"
  include_global_service_events = false
}
