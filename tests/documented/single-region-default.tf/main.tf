# CreateTrail IsMultiRegionTrail: "Specifies whether the trail is created in the current Region or in
# all Regions. The default is false, which creates a trail only in the Region where you are signed in."
# The registry's aws_cloudtrail: is_multi_region_trail "Defaults to false".
provider "aws" {
  region = "eu-west-1"
}

resource "aws_cloudtrail" "default" {
  name                       = "ireland-only"
  s3_bucket_name             = "my-trail-logs-123456789012"
  enable_log_file_validation = true
}
