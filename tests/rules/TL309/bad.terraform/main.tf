# Log buckets named by the provider at apply (bucket_prefix): the selectors name them by reference.
resource "aws_s3_bucket" "logs" {
  bucket_prefix = "audit-logs-"
}

resource "aws_cloudtrail" "basic" {
  name           = "basic"
  s3_bucket_name = aws_s3_bucket.logs.id

  event_selector {
    read_write_type = "All"
    data_resource {
      type   = "AWS::S3::Object"
      values = ["${aws_s3_bucket.logs.arn}/"]
    }
  }
}

resource "aws_cloudtrail" "advanced" {
  name           = "advanced"
  s3_bucket_name = aws_s3_bucket.logs.bucket

  advanced_event_selector {
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
      starts_with = ["${aws_s3_bucket.logs.arn}/AWSLogs/"]
    }
  }
}
