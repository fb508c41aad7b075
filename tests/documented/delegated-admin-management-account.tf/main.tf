# RegisterOrganizationDelegatedAdmin, CannotDelegateManagementAccountException: "This exception is
# thrown when the management account of an organization is registered as the CloudTrail delegated
# administrator." Only the management account can register one, so the provider's account
# (111111111111) is the management account, and it registers itself beside a member account.
provider "aws" {
  region              = "us-east-2"
  allowed_account_ids = ["111111111111"]
}

resource "aws_cloudtrail_organization_delegated_admin_account" "self" {
  account_id = "111111111111"
}

resource "aws_cloudtrail_organization_delegated_admin_account" "logging" {
  account_id = "123456789012"
}
