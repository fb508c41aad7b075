# "Creating multiple trails": "A multi-Region trail counts as one trail per Region." The Terraform
# configuration of us-east-2 manages the multi-Region trail that describe-trails of us-west-2 lists
# as a shadow trail (HomeRegion us-east-2) beside four trails of us-west-2: five trails in us-west-2,
# the one multi-Region trail counted once.
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "all_regions" {
  name                       = "all-regions"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
