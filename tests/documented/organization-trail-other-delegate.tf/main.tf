# "Organization delegated administrator": "You can have a maximum of three CloudTrail delegated
# administrators per organization." The management account (111111111111) registers 222222222222;
# the organization trail is created from 123456789012, which may be one of the other two.
provider "aws" {
  region              = "us-east-2"
  allowed_account_ids = ["111111111111"]
}

provider "aws" {
  alias               = "logging"
  region              = "us-east-2"
  allowed_account_ids = ["123456789012"]
}

resource "aws_cloudtrail_organization_delegated_admin_account" "security" {
  account_id = "222222222222"
}

resource "aws_cloudtrail" "org" {
  provider                      = aws.logging
  name                          = "org-trail"
  s3_bucket_name                = "org-logs-123456789012"
  is_multi_region_trail         = true
  is_organization_trail         = true
  enable_log_file_validation    = true
  include_global_service_events = true
}
