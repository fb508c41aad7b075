variable "region" {}

provider "aws" {
  region = var.region
}

resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = "audit-logs"
}

resource "aws_cloudtrail" "copied_audit" {
  name           = "audit"
  s3_bucket_name = "team-logs"
}
