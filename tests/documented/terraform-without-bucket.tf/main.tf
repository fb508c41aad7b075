# The Terraform Registry's aws_cloudtrail: "The following arguments are required: name,
# s3_bucket_name".
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "no_bucket" {
  name                       = "no-bucket"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
