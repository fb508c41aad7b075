# Every variable of the module without a default is passed; one with a default may be left out.
module "audit_trail" {
  source = "./modules/trail"
  name   = "audit"
  bucket = "audit-logs-111122223333"
}
