# Misspelt arguments of aws_cloudtrail: terraform validate rejects the configuration ("An
# argument named ... is not expected here"), and the settings they were meant to make are not
# applied. A name like none of its arguments (a newer provider's) is left alone.
resource "aws_cloudtrail" "audit" {
  name                       = "audit"
  s3_bucket_name             = "audit-logs-111122223333"
  is_multiregion_trail       = true
  kms_key_arn                = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  enable_log_file_validation = true
  aggregation_configuration  = []
}
