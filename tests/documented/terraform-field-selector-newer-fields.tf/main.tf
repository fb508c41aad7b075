# The aws_cloudtrail page of the Terraform registry, field_selector: field "Field in an event record on which to
# filter events to be logged. You can specify only the following values: readOnly, eventSource, eventName,
# eventCategory, resources.type, resources.ARN." The API's AdvancedFieldSelector page lists more for data events
# (eventType, sessionCredentialFromConsole, userIdentity.arn).
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "console_uploads" {
  name                       = "console-uploads"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true

  advanced_event_selector {
    name = "Log S3 writes made from the console by one role"

    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }

    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }

    field_selector {
      field  = "readOnly"
      equals = ["false"]
    }

    field_selector {
      field  = "sessionCredentialFromConsole"
      equals = ["true"]
    }

    field_selector {
      field       = "userIdentity.arn"
      starts_with = ["arn:aws:sts::123456789012:assumed-role/uploader/"]
    }
  }

  advanced_event_selector {
    name = "Log management events"

    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
  }
}
