# Security Hub CSPM control CloudTrail.4: log file validation should be enabled. The Terraform
# argument enable_log_file_validation is left out, and defaults to false.
resource "aws_cloudtrail" "no_validation" {
  name                  = "no-validation"
  s3_bucket_name        = "my-trail-logs-123456789012"
  is_multi_region_trail = true
}

resource "aws_cloudtrail" "validated" {
  name                       = "validated"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
