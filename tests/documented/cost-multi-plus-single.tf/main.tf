# "Managing CloudTrail trail costs": "if your account has a multi-Region trail and an additional
# single-Region trail, the single-Region trail will incur charges because the multi-Region trail is
# already logging events in each Region." The single-Region trail delivers to another bucket: "If you
# create more trails that deliver the same management events to other destinations, those subsequent
# deliveries incur CloudTrail costs."
provider "aws" {
  region = "us-west-2"
}

resource "aws_cloudtrail" "organization_wide" {
  name                  = "all-regions"
  s3_bucket_name        = "my-trail-logs-123456789012"
  is_multi_region_trail = true
}

resource "aws_cloudtrail" "team" {
  name                          = "team-oregon"
  s3_bucket_name                = "team-trail-logs-123456789012"
  include_global_service_events = false
}
