# Two root modules under different provider profiles: the accounts are not known,
# so they are two account scopes, and whether six trails share a Region is undecided.
provider "aws" {
  region  = "us-east-1"
  profile = "team-a"
}

resource "aws_cloudtrail" "audit" {
  name                  = "team-a-audit"
  s3_bucket_name        = "team-a-logs"
  is_multi_region_trail = true
}

resource "aws_cloudtrail" "data" {
  name                  = "team-a-data"
  s3_bucket_name        = "team-a-logs"
  s3_key_prefix         = "data"
  is_multi_region_trail = true
}

resource "aws_cloudtrail" "network" {
  name                  = "team-a-network"
  s3_bucket_name        = "team-a-logs"
  s3_key_prefix         = "network"
  is_multi_region_trail = true
}
