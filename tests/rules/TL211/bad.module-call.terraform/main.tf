# A module call leaving out a variable its module declares without a default: terraform validate
# rejects the configuration ("Missing required argument"), and nothing of it is applied.
module "audit_trail" {
  source = "./modules/trail"
  name   = "audit"
}
