# The management account (111111111111) registers the audit account (222222222222) as the
# organization's CloudTrail delegated administrator; the audit account creates the organization trail.
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111111111111"]
}

provider "aws" {
  alias               = "audit"
  region              = "us-east-1"
  allowed_account_ids = ["222222222222"]
}

resource "aws_cloudtrail_organization_delegated_admin_account" "audit" {
  account_id = "222222222222"
}

resource "aws_cloudtrail" "org" {
  provider                   = aws.audit
  name                       = "org-trail"
  s3_bucket_name             = "org-logs-example"
  is_multi_region_trail      = true
  is_organization_trail      = true
  enable_log_file_validation = true

  depends_on = [aws_cloudtrail_organization_delegated_admin_account.audit]
}
