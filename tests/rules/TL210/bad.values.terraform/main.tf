provider "aws" {
  region = "us-east-1"
}

resource "aws_cloudtrail" "typos" {
  name           = "typos"
  s3_bucket_name = "audit-logs"

  advanced_event_selector {
    name = "management with a typo"
    field_selector {
      field  = "eventCategory"
      equals = ["Managment"]
    }
  }

  advanced_event_selector {
    name = "readOnly is not a boolean string"
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::Lambda::Functions"]
    }
    field_selector {
      field  = "readOnly"
      equals = ["True"]
    }
  }
}
