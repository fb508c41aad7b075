provider "aws" {
  region = "us-east-9"
}

resource "aws_cloudtrail" "typo_provider_region" {
  name                          = "typo-provider-region"
  s3_bucket_name                = "audit-logs-123456789012"
  is_multi_region_trail         = true
  cloud_watch_logs_group_arn    = "arn:aws:logs:us-east-9:123456789012:log-group:trail:*"
  cloud_watch_logs_role_arn     = "arn:aws:iam::123456789012:role/trail-logs"
}

provider "aws" {
  alias  = "west"
  region = "eu-westt-1"
}

module "west" {
  source    = "./west"
  providers = { aws = aws.west }
}
