# The workloads account 222222222222 is neither the management account (111111111111) nor the
# organization's CloudTrail delegated administrator (333333333333, the snapshot's manifest):
# CreateTrail refuses IsOrganizationTrail there.
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["222222222222"]
}

resource "aws_cloudtrail" "org" {
  name                       = "org-trail"
  s3_bucket_name             = "org-logs-example"
  is_multi_region_trail      = true
  is_organization_trail      = true
  enable_log_file_validation = true
}
