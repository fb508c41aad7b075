# "Amazon S3 bucket naming requirements" (CloudTrail User Guide): "The bucket name cannot contain
# underscores, end with a dash, have consecutive periods, or use dashes adjacent to periods."
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "dash_period" {
  name                       = "dash-period"
  s3_bucket_name             = "cloudtrail-.logs"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "period_dash" {
  name                       = "period-dash"
  s3_bucket_name             = "cloudtrail.-logs"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "dotted" {
  name                       = "dotted"
  s3_bucket_name             = "cloudtrail.logs-2026.example"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
