"""A value cannot be known offline, so a check could not decide.

## Why it matters
trail-lint never guesses: a Region, trail name, policy or flag that is only known after
apply (a Terraform unknown, a CloudFormation intrinsic, an unlinked reference) is reported
here, naming the check it blocked, instead of silently passing or failing that check.
Where the cause is known (a Terraform variable without a value, a function trail-lint does
not evaluate, a `.tf` file that does not parse), everything one cause leaves unknown in a
module is one finding, placed at the cause, naming the checks each value blocked (a trail's
`s3_bucket_name = var.bucket` without a value: `... so not known: s3_bucket_name of
aws_cloudtrail.t (TL207 (...), TL310 (...) ... cannot decide)`), not one finding more per check. Likewise a log bucket or log group that the inputs
do not define is one finding however many trails deliver there, at the first of them, saying
how many others share it.
So is a log bucket, SNS topic, KMS key or CloudWatch Logs role whose policy is not in the
inputs, and a policy that is but cannot be settled for CloudTrail's request (a statement with a
part known only at deployment, a condition trail-lint cannot decide): one finding per policy
statement, naming the delivery rule it blocks (TL207-TL209, TL215, TL307, TL318) and what is unknown.
A bucket, topic or key policy whose target is not known offline (a `Bucket` that is a parameter
without a Default) may be the policy of a log bucket, topic or key the inputs create without one,
and may grant CloudTrail what it needs or deny it: one finding per such policy, at its target,
naming what it may be the policy of and the delivery rule it blocks (TL207-TL209).
So is a managed policy a principal holds that is neither in the inputs nor among the AWS managed
policies trail-lint ships (over a hundred common ones, each at a version its entry in
`trail_lint/data/managed-policies.json` names), a group a user belongs to that the inputs do not define, and an inline
policy not known offline: one finding per policy ARN or group however many principals hold it, at
the first attachment, naming the access rules of the run it leaves undecided for those principals
(TL401, TL404, TL406, TL407, and TL405 when access intents are configured). An attachment whose
ARN a known cause leaves open (a variable without a value) is listed in that cause's finding,
with the same rules.
So is an identity policy, permissions boundary or SCP whose Resource holds a template placeholder left
unreplaced before the resource part of a trail ARN (`arn:${PARTITION}:cloudtrail:us-east-1:${Account}:trail/main`,
written for a tool that fills it in): a name without a colon is no policy variable IAM knows, as every
context key has one (`aws:username`, `s3:prefix`), and what AWS makes of it is not documented, so
the trails it names are not known: one finding per policy, naming the placeholders and the access
rules it leaves undecided. A resource part written out that no trail's can be, whatever the
placeholders hold (`trail/[CLOUDTRAIL_NAME]`, a sample's token left in), leaves nothing open: the
pattern names no trail, as TL404 says.
So is an identity policy, permissions boundary or SCP whose statement on trail actions names a
Resource or NotResource that is neither `*` nor an ARN (`*:*`, `cloudtrail:*`, `trail/*`): IAM wants
an ARN or `*` there and documents no match for anything else, so what the statement allows or denies
on a trail is not known (`trail-lint access` shows `?`): one finding per policy, naming the patterns.
So is an SCP whose attachment is not in the inputs: where it applies is unknown, and what it
would deny is shown as conditional by `trail-lint access` and the access rules (not one that
allows every action on every resource without a condition, which restricts nothing wherever it is).
So is a trail that describe-trails lists with custom event selectors or Insights selectors
(`HasCustomEventSelectors`, `HasInsightSelectors`) when its get-event-selectors or
get-insight-selectors output is not among the inputs: one finding per trail, naming the rules
whose answer what it records could change. So is what a trail records when two of its
get-event-selectors (or get-insight-selectors) outputs say different things (taken before and
after a change): neither is used, and one finding names both files. So is what a trail records, and
which Insights it has, when a `create-trail` or `update-trail` output (which gives neither flag) is
all the inputs hold of it. So is a setting that a trail's `create-trail` or `update-trail` output
and its describe-trails output (or two of its listings) give differently: one finding names both
files and every such setting. So are the tags of a trail read from AWS CLI output without its `list-tags` output, where a
policy conditions access on `aws:ResourceTag` (once per run), and `list-tags` output for trails no
input defines (one finding per file).
So is a flag describe-trails gives for every trail (`IsMultiRegionTrail`,
`IncludeGlobalServiceEvents`, `LogFileValidationEnabled`) that a listing leaves out or gives as
null: a trimmed or edited copy, whose value is not known, not the API's default. Such a copy may
have lost the settings AWS gives only when they are set as well (`KmsKeyId`,
`CloudWatchLogsLogGroupArn`, `CloudWatchLogsRoleArn`): absent from a trail it trimmed, they are not
known either, never "not set" (TL303, TL306 and TL203 stay silent for it). One finding per
file names the absent flags and, for the first few trails, the checks each leaves open (TL302,
TL316, TL202, TL308...), which stay silent for those trails. `IsOrganizationTrail`,
`HasCustomEventSelectors` and `HasInsightSelectors` are absent from responses recorded before
organization trails, event selectors and Insights existed, when no trail could have them: absent
is false.
So is what a Terraform plan holding `planned_values` and no `resource_changes` leaves out of a
resource's `values`: Terraform omits there what is known only after apply, which only
`resource_changes`' `after_unknown` would tell from an attribute that is unset (a `null` is a
known null). One finding per file lists those values and the checks each leaves open.

The same goes for accounts: inputs whose account nobody states (two Terraform root modules
under different provider profiles, two templates) are never pooled into one imaginary
account. When a quota or cost rule (TL101, TL501–TL504) would find a problem only if such
inputs are one account, it reports `TL002 TL101 (trail-quota-exceeded) cannot decide: ...`
instead of a TL101 finding (once per rule and run for TL101, TL501, TL503 and TL504, naming
the largest case; for each pair of identical trails for TL502).
So is a role's trust policy longer than IAM's default quota of 2,048 characters other than white
space but no longer than the 4,096 an account may raise it to: whether IAM accepts it is the
account's quota, which no input holds (one finding per trust policy; TL001 says one longer still).

## Fix
Terraform: set the provider `region` (or pass `--region`), give variables their values
(`--var-file prod.tfvars`, `--var name=value`), use literal values where the check matters,
or lint the plan after the referenced resources exist; lint `terraform show -json` output whole,
with its `resource_changes`.
CloudFormation: pass `--region`/`--account` and `--parameter NAME=VALUE` (or `parameters:` in
`.trail-lint.yaml`); a parameter's `Default` is used too, and findings resting on it say so.
CLI: `trail-lint --region us-east-1 --account 123456789012 ...`, or set `region` and
`account` in `.trail-lint.yaml`; name the account of each root module, provider
configuration or template under `accounts:` (`accounts: {infra/prod: "111122223333"}`). For an
SCP, lint it together with its `aws_organizations_policy_attachment` (or the template whose
`TargetIds` attach it), and set `management-account` when the inputs do not name the
organization's management account. For a trail with custom selectors, lint
`aws cloudtrail get-event-selectors --trail-name ARN` (and `get-insight-selectors`) output with
its describe-trails output, as `trail-lint collect` does. For a describe-trails listing
without its flags, lint the output as `aws cloudtrail describe-trails` writes it, unedited.
For a managed policy or group the
access rules cannot read, lint the `aws_iam_policy` / `aws_iam_group` (Terraform) or
`AWS::IAM::ManagedPolicy` / `AWS::IAM::Group` (CloudFormation) that defines it with the
principals, or `aws iam get-account-authorization-details` output, which holds every user,
group, role and managed policy of the account with their documents.

## References
- https://developer.hashicorp.com/terraform/internals/json-format#change-representation
- https://developer.hashicorp.com/terraform/internals/json-format#values-representation
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Trail.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
- https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
"""
from trail_lint.rule import Internal, Rule, Severity, no_check

RULE = Rule(id="TL002", name="unresolved-value", severity=Severity.INFO, applies_to=Internal,
            check=no_check, doc=__doc__)
