variable "name" {
  type = string
}

variable "bucket" {
  type = string
}

variable "multi_region" {
  type    = bool
  default = true
}

resource "aws_cloudtrail" "this" {
  name                       = var.name
  s3_bucket_name             = var.bucket
  is_multi_region_trail      = var.multi_region
  enable_log_file_validation = true
}
