provider "aws" {
  region = "us-east-2"
  default_tags {
    tags = {
      Owner      = "audit"
      CostCenter = "1234"
      tag00      = "from-provider"
    }
  }
}

provider "aws" {
  alias  = "plain"
  region = "us-east-2"
}

variable "owner" {
  type = string
}

provider "aws" {
  alias  = "values_unknown"
  region = "us-east-2"
  default_tags {
    tags = {
      Owner = var.owner
    }
  }
}

# 48 own tags, 3 default tags of which one (tag00) the trail writes itself: 50
resource "aws_cloudtrail" "overrides_default" {
  name           = "overrides-default"
  s3_bucket_name = "audit-logs-123456789012"
  tags = { for i in range(48) : format("tag%02d", i) => "v" }
}

# 50 own tags under a configuration without default tags
resource "aws_cloudtrail" "no_defaults" {
  provider       = aws.plain
  name           = "no-defaults"
  s3_bucket_name = "audit-logs-123456789012"
  tags = { for i in range(50) : format("tag%02d", i) => "v" }
}

# a default tag whose value is not known: its key counts (49 + 1), its value is not measured
resource "aws_cloudtrail" "default_value_unknown" {
  provider       = aws.values_unknown
  name           = "default-value-unknown"
  s3_bucket_name = "audit-logs-123456789012"
  tags = { for i in range(49) : format("tag%02d", i) => "v" }
}
