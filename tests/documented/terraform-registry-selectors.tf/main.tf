# The aws_cloudtrail page of the Terraform registry: its examples of basic and advanced event selectors
# (every Lambda function, every DynamoDB table, one bucket, all objects but two buckets, event names).
provider "aws" {
  region = "us-east-2"
}

data "aws_s3_bucket" "important-bucket" {
  bucket = "important-bucket"
}

resource "aws_s3_bucket" "important-bucket-1" {
  bucket = "important-bucket-1"
}

resource "aws_s3_bucket" "important-bucket-2" {
  bucket = "important-bucket-2"
}

resource "aws_s3_bucket" "important-bucket-3" {
  bucket = "important-bucket-3"
}

resource "aws_cloudtrail" "lambda" {
  name           = "lambda-invocations"
  s3_bucket_name = "my-trail-logs-123456789012"

  event_selector {
    read_write_type           = "All"
    include_management_events = true

    data_resource {
      type   = "AWS::Lambda::Function"
      values = ["arn:aws:lambda"]
    }
  }
}

resource "aws_cloudtrail" "dynamodb" {
  name           = "dynamodb-tables"
  s3_bucket_name = "my-trail-logs-123456789012"

  event_selector {
    read_write_type           = "All"
    include_management_events = true

    data_resource {
      type   = "AWS::DynamoDB::Table"
      values = ["arn:aws:dynamodb"]
    }
  }
}

resource "aws_cloudtrail" "one_bucket" {
  name           = "one-bucket"
  s3_bucket_name = "my-trail-logs-123456789012"

  event_selector {
    read_write_type           = "All"
    include_management_events = true

    data_resource {
      type   = "AWS::S3::Object"
      values = ["${data.aws_s3_bucket.important-bucket.arn}/"]
    }
  }
}

resource "aws_cloudtrail" "advanced" {
  name           = "advanced-s3"
  s3_bucket_name = "my-trail-logs-123456789012"

  advanced_event_selector {
    name = "Log all S3 objects events except for two S3 buckets"

    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }

    field_selector {
      field = "resources.ARN"

      not_starts_with = [
        "${aws_s3_bucket.important-bucket-1.arn}/",
        "${aws_s3_bucket.important-bucket-2.arn}/",
      ]
    }

    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }
  }

  advanced_event_selector {
    name = "Log readOnly and writeOnly management events"

    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
  }
}

resource "aws_cloudtrail" "names" {
  name           = "s3-event-names"
  s3_bucket_name = "my-trail-logs-123456789012"

  advanced_event_selector {
    name = "Log PutObject and DeleteObject events for two S3 buckets"

    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }

    field_selector {
      field = "eventName"
      equals = [
        "PutObject",
        "DeleteObject",
      ]
    }

    field_selector {
      field = "resources.ARN"
      starts_with = [
        "${aws_s3_bucket.important-bucket-1.arn}/",
        "${aws_s3_bucket.important-bucket-2.arn}/",
      ]
    }

    field_selector {
      field  = "readOnly"
      equals = ["false"]
    }

    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }
  }

  advanced_event_selector {
    name = "Log Delete* events for one S3 bucket"

    field_selector {
      field       = "eventCategory"
      equals      = ["Data"]
    }

    field_selector {
      field       = "eventName"
      starts_with = ["Delete"]
    }

    field_selector {
      field = "resources.ARN"
      equals = [
        "${aws_s3_bucket.important-bucket-3.arn}/important-prefix"
      ]
    }

    field_selector {
      field  = "readOnly"
      equals = ["false"]
    }

    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }
  }
}
