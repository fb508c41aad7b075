# DeleteTrail: deleting a single-Region trail does not affect trails of the same name in other
# Regions: one name may be used once per Region.
provider "aws" {
  region = "us-east-2"
}

provider "aws" {
  alias  = "oregon"
  region = "us-west-2"
}

resource "aws_cloudtrail" "ohio" {
  name                       = "regional"
  s3_bucket_name             = "my-trail-logs-123456789012"
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "oregon" {
  provider                   = aws.oregon
  name                       = "regional"
  s3_bucket_name             = "my-trail-logs-123456789012"
  s3_key_prefix              = "oregon"
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "ohio_again" {
  name                       = "regional"
  s3_bucket_name             = "my-trail-logs-123456789012"
  s3_key_prefix              = "again"
  enable_log_file_validation = true
}
