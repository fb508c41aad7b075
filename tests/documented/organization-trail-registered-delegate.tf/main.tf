# "Organization delegated administrator": "A delegated administrator is a member account in an
# organization that can perform the same administrative tasks in CloudTrail as the management
# account. Only the organization management account can assign a CloudTrail delegated administrator."
# The management account (111111111111) registers 123456789012, which creates the organization trail.
provider "aws" {
  region              = "us-east-2"
  allowed_account_ids = ["111111111111"]
}

provider "aws" {
  alias               = "logging"
  region              = "us-east-2"
  allowed_account_ids = ["123456789012"]
}

resource "aws_cloudtrail_organization_delegated_admin_account" "logging" {
  account_id = "123456789012"
}

resource "aws_cloudtrail" "org" {
  provider                      = aws.logging
  name                          = "org-trail"
  s3_bucket_name                = "org-logs-123456789012"
  is_multi_region_trail         = true
  is_organization_trail         = true
  enable_log_file_validation    = true
  include_global_service_events = true

  depends_on = [aws_cloudtrail_organization_delegated_admin_account.logging]
}
