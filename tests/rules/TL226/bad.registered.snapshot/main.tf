# When the snapshot was taken the organization had no CloudTrail delegated administrator; this
# configuration registers the security account (333333333333), not the workloads account
# (222222222222) that creates the organization trail: CreateTrail refuses it there.
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111111111111"]
}

provider "aws" {
  alias               = "workloads"
  region              = "us-east-1"
  allowed_account_ids = ["222222222222"]
}

resource "aws_organizations_delegated_administrator" "cloudtrail" {
  account_id        = "333333333333"
  service_principal = "cloudtrail.amazonaws.com"
}

resource "aws_cloudtrail" "org" {
  provider                   = aws.workloads
  name                       = "org-trail"
  s3_bucket_name             = "org-logs-example"
  is_multi_region_trail      = true
  is_organization_trail      = true
  enable_log_file_validation = true
}
