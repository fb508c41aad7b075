# "Managing CloudTrail trail costs": "if your account has 2 single-Region trails, a trail in us-east-1
# and another trail in us-west-2, there are no CloudTrail charges because there is only one trail
# logging events in each respective Region."
provider "aws" {
  alias  = "virginia"
  region = "us-east-1"
}

provider "aws" {
  alias  = "oregon"
  region = "us-west-2"
}

resource "aws_cloudtrail" "virginia" {
  provider       = aws.virginia
  name           = "virginia-trail"
  s3_bucket_name = "my-trail-logs-123456789012"
}

resource "aws_cloudtrail" "oregon" {
  provider                      = aws.oregon
  name                          = "oregon-trail"
  s3_bucket_name                = "my-trail-logs-123456789012"
  include_global_service_events = false
}
