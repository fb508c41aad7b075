# "CloudTrail concepts", global service events: CloudTrail records them in US East (N. Virginia), and a
# single-Region trail receives them only if it is in us-east-1. The multi-Region trail receives them;
# the single-Region trail of us-west-2, whose include_global_service_events is on by default (the
# registry's aws_cloudtrail), receives none, so there is no second copy of them.
provider "aws" {
  region = "us-west-2"
}

resource "aws_cloudtrail" "all" {
  name                  = "all-regions"
  s3_bucket_name        = "my-trail-logs-123456789012"
  is_multi_region_trail = true
}

resource "aws_cloudtrail" "oregon" {
  name           = "oregon-only"
  s3_bucket_name = "my-trail-logs-123456789012"
  s3_key_prefix  = "oregon"
}
