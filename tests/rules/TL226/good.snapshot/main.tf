# The security account 333333333333 is the organization's CloudTrail delegated administrator (the
# snapshot's manifest): it may create the organization trail, which the management account owns.
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["333333333333"]
}

resource "aws_cloudtrail" "org" {
  name                       = "org-trail"
  s3_bucket_name             = "org-logs-example"
  is_multi_region_trail      = true
  is_organization_trail      = true
  enable_log_file_validation = true
}
