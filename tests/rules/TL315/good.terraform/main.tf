provider "aws" {
  region = "us-east-1"
}

resource "aws_cloudtrail" "audit" {
  name                  = "audit"
  s3_bucket_name        = "audit-logs-111122223333"
  is_multi_region_trail = true

  advanced_event_selector {
    name = "Management events"
    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
  }

  advanced_event_selector {
    name = "Every S3 object"
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
