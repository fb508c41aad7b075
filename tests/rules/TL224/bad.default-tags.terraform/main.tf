provider "aws" {
  region = "us-east-2"
  default_tags {
    tags = {
      Owner      = "audit"
      CostCenter = "1234"
      Project    = "trail"
    }
  }
}

provider "aws" {
  alias  = "east"
  region = "us-east-1"
  default_tags {
    tags = {
      note = "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv"
    }
  }
}

provider "aws" {
  alias  = "unknown"
  region = "us-east-1"
  default_tags {
    tags = var.default_tags
  }
}

variable "default_tags" {
  type = map(string)
}

# 48 own tags and 3 default tags: 51
resource "aws_cloudtrail" "own_and_default" {
  name           = "own-and-default"
  s3_bucket_name = "audit-logs-123456789012"
  tags = { for i in range(48) : format("tag%02d", i) => "v" }
}

# the long value comes with the alias's default tags
resource "aws_cloudtrail" "alias_default" {
  provider       = aws.east
  name           = "alias-default"
  s3_bucket_name = "audit-logs-123456789012"
}

# default tags not known offline: 50 own tags and any number more
resource "aws_cloudtrail" "unknown_default" {
  provider       = aws.unknown
  name           = "unknown-default"
  s3_bucket_name = "audit-logs-123456789012"
  tags = { for i in range(50) : format("tag%02d", i) => "v" }
}

# 51 own tags: too many whatever the default tags hold
resource "aws_cloudtrail" "too_many_anyway" {
  provider       = aws.unknown
  name           = "too-many-anyway"
  s3_bucket_name = "audit-logs-123456789012"
  tags = { for i in range(51) : format("tag%02d", i) => "v" }
}

# the module's default provider is the caller's aws.east: its long default value
module "trail" {
  source    = "./modules/trail"
  providers = {
    aws = aws.east
  }
}
