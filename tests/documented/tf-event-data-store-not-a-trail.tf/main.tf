# aws_cloudtrail_event_data_store: a CloudTrail Lake event data store, which is no trail: five trails
# and an event data store in one Region fill its five trails and do not go over.
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "team" {
  count                      = 5
  name                       = "team-${count.index + 1}"
  s3_bucket_name             = "my-trail-logs-123456789012"
  s3_key_prefix              = "team-${count.index + 1}"
  enable_log_file_validation = true
}

resource "aws_cloudtrail_event_data_store" "management" {
  name                           = "management-events"
  multi_region_enabled           = true
  retention_period               = 90
  termination_protection_enabled = true
}

resource "aws_cloudtrail_event_data_store" "s3_data" {
  name                 = "s3-data-events"
  multi_region_enabled = false

  advanced_event_selector {
    name = "S3 data events"
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }
  }
}
