# aws_cloudtrail: include_global_service_events defaults to true; turned off on a multi-Region
# trail, CreateTrail fails: "Multi-Region trail must include global service events."
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "all_regions" {
  name                          = "all-regions"
  s3_bucket_name                = "my-trail-logs-123456789012"
  is_multi_region_trail         = true
  include_global_service_events = false
}
