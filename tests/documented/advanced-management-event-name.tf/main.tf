# aws_cloudtrail advanced_event_selector: a trail's management-event selector may use
# eventCategory, eventSource and readOnly; eventName is for event data stores only.
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "console_logins" {
  name                  = "console-logins"
  s3_bucket_name        = "my-trail-logs-123456789012"
  is_multi_region_trail = true

  advanced_event_selector {
    name = "Console logins only"

    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }

    field_selector {
      field  = "eventName"
      equals = ["ConsoleLogin"]
    }
  }

  advanced_event_selector {
    name = "Write data events of one bucket"

    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }

    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }

    field_selector {
      field       = "resources.ARN"
      starts_with = ["arn:aws:s3:::example-bucket1/"]
    }

    field_selector {
      field  = "readOnly"
      equals = ["false"]
    }
  }
}
