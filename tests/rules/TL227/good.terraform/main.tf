# The management account (111111111111) registers three member accounts, one of them twice.
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_cloudtrail_organization_delegated_admin_account" "audit" {
  account_id = "222222222222"
}

resource "aws_organizations_delegated_administrator" "audit" {
  account_id        = "222222222222"
  service_principal = "cloudtrail.amazonaws.com"
}

resource "aws_cloudtrail_organization_delegated_admin_account" "security" {
  account_id = "333333333333"
}

resource "aws_cloudtrail_organization_delegated_admin_account" "logging" {
  account_id = "444444444444"
}

resource "aws_organizations_delegated_administrator" "guardduty" {
  account_id        = "555555555555"
  service_principal = "guardduty.amazonaws.com"
}
