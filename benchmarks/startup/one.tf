# A pre-commit hook's typical input: one Terraform file with one trail, its bucket and key.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}

resource "aws_s3_bucket" "audit" {
  bucket = "audit-trail-logs-111122223333"
}

resource "aws_kms_key" "audit" {
  description = "audit trail"
}

resource "aws_cloudtrail" "audit" {
  name                          = "audit"
  s3_bucket_name                = aws_s3_bucket.audit.id
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  kms_key_id                    = aws_kms_key.audit.arn

  event_selector {
    read_write_type           = "All"
    include_management_events = true
  }
}
