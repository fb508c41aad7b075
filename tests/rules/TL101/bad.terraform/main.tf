# Six trails of one provider configuration share its account and Region, whatever
# var.region turns out to be.
variable "region" {}

provider "aws" {
  region = var.region
}

resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = "audit-logs"
}

resource "aws_cloudtrail" "payments" {
  name           = "payments"
  s3_bucket_name = "payments-logs"
}

resource "aws_cloudtrail" "platform" {
  name           = "platform"
  s3_bucket_name = "platform-logs"
}

resource "aws_cloudtrail" "sandbox" {
  name           = "sandbox"
  s3_bucket_name = "sandbox-logs"
}

resource "aws_cloudtrail" "data_lake" {
  name           = "data-lake"
  s3_bucket_name = "data-lake-logs"
}

resource "aws_cloudtrail" "network" {
  name           = "network"
  s3_bucket_name = "network-logs"
}
