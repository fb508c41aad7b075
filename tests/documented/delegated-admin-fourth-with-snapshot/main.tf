# "Organization delegated administrator": "You can have a maximum of three CloudTrail delegated
# administrators per organization." The snapshot lists three already; the management account's
# configuration registers a fourth, and registers one of the three again.
provider "aws" {
  region              = "us-east-2"
  allowed_account_ids = ["111111111111"]
}

resource "aws_cloudtrail_organization_delegated_admin_account" "logging" {
  account_id = "123456789012"
}

resource "aws_organizations_delegated_administrator" "operations" {
  account_id        = "444444444444"
  service_principal = "cloudtrail.amazonaws.com"
}
