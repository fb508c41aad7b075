# "Creating multiple trails": "A multi-Region trail counts as one trail per Region." Five single-Region
# trails fill us-west-1; a multi-Region trail created in us-east-2 would be a sixth trail in us-west-1,
# and CreateTrail in us-east-2 fails with MaximumNumberOfTrailsExceededException.

provider "aws" {
  region = "us-west-1"
}

provider "aws" {
  alias  = "ohio"
  region = "us-east-2"
}

resource "aws_cloudtrail" "team_0" {
  name                          = "team-0"
  s3_bucket_name                = "my-trail-logs-123456789012"
  s3_key_prefix                 = "team-0"
  include_global_service_events = false
}

resource "aws_cloudtrail" "team_1" {
  name                          = "team-1"
  s3_bucket_name                = "my-trail-logs-123456789012"
  s3_key_prefix                 = "team-1"
  include_global_service_events = false
}

resource "aws_cloudtrail" "team_2" {
  name                          = "team-2"
  s3_bucket_name                = "my-trail-logs-123456789012"
  s3_key_prefix                 = "team-2"
  include_global_service_events = false
}

resource "aws_cloudtrail" "team_3" {
  name                          = "team-3"
  s3_bucket_name                = "my-trail-logs-123456789012"
  s3_key_prefix                 = "team-3"
  include_global_service_events = false
}

resource "aws_cloudtrail" "team_4" {
  name                          = "team-4"
  s3_bucket_name                = "my-trail-logs-123456789012"
  s3_key_prefix                 = "team-4"
  include_global_service_events = false
}

resource "aws_cloudtrail" "everywhere" {
  provider              = aws.ohio
  name                  = "everywhere"
  s3_bucket_name        = "my-trail-logs-123456789012"
  is_multi_region_trail = true
}
