provider "aws" {
  region = "us-east-1"
}

# Management events both ways: each kind alone records the same, so the other rules decide.
resource "aws_cloudtrail" "alike" {
  name                          = "alike"
  s3_bucket_name                = "audit-logs-111122223333"
  is_multi_region_trail         = true
  enable_log_file_validation    = true

  event_selector {
    read_write_type           = "All"
    include_management_events = true
  }

  advanced_event_selector {
    name = "Management events"
    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
  }
}

# Management events one way, S3 object events the other: what it records is not known.
resource "aws_cloudtrail" "unlike" {
  name                          = "unlike"
  s3_bucket_name                = "audit-logs-111122223333"
  is_multi_region_trail         = true
  enable_log_file_validation    = true

  event_selector {
    read_write_type           = "All"
    include_management_events = true
  }

  advanced_event_selector {
    name = "S3 objects"
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
