# "Organization delegated administrator": "You can have a maximum of three CloudTrail delegated
# administrators per organization." The management account (111111111111) registers four.
provider "aws" {
  region              = "us-east-2"
  allowed_account_ids = ["111111111111"]
}

resource "aws_cloudtrail_organization_delegated_admin_account" "security" {
  account_id = "222222222222"
}

resource "aws_cloudtrail_organization_delegated_admin_account" "logging" {
  account_id = "123456789012"
}

resource "aws_cloudtrail_organization_delegated_admin_account" "audit" {
  account_id = "333333333333"
}

resource "aws_cloudtrail_organization_delegated_admin_account" "operations" {
  account_id = "444444444444"
}
