"""An input file cannot be read, decoded or parsed, or is malformed for its kind.

## Why it matters
A file that cannot be read is a file that was not checked. In CI that must fail the run
rather than pass silently; the other files are still linted and reported.

A policy document IAM rejects is reported here too: a `Version` other than `2012-10-17` or
`2008-10-17`, or a statement outside the policy grammar (an `Effect` other than exactly `Allow` or
`Deny`, neither `Action` nor `NotAction`, both `Action` and `NotAction`, both `Resource` and
`NotResource`, a condition operator the grammar does not have, such as `StringMatches`: IAM Access
Analyzer's "Invalid condition operator",
https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html), or an identity-based policy or permissions boundary that gives two statements one
`Sid` ("In IAM, the Sid value must be unique within a JSON policy":
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html), a `Sid` with
a character other than A-Z, a-z and 0-9 ("For IAM policies, basic alphanumeric characters
(A-Z,a-z,0-9) are the only allowed characters in the Sid value":
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html) or a
statement with neither `Resource` nor `NotResource` ("Statements must include either a Resource or a
NotResource element": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html;
a role's trust policy has none), or a condition operator of the grammar written in another case
(`stringEquals`, `StringEqualsIgnorecase`: "Context key names are not case-sensitive", the
Condition element page says, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html,
and nothing of the kind of operator names; IAM answers "MalformedPolicyDocument: Invalid Condition
type : stringEquals"; in an SCP or another service's policy, where no page says, such a condition
is left undecided). So is a statement
that names no principal (neither `Principal` nor `NotPrincipal`) in a resource's own policy: a
bucket, topic or key policy, or a role's trust policy ("You must use the Principal element in
resource-based policies. [...] The IAM resource-based policy type is a role trust policy":
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html). The usual
case is a permissions policy pasted as a role's trust policy (`assume_role_policy`,
`AssumeRolePolicyDocument`). So is a role's trust policy with a `Resource` or `NotResource` element:
it applies to the role it is attached to, and IAM refuses it ("MalformedPolicyDocument: Has prohibited
field Resource"; IAM Access Analyzer's "Role trust policy syntax error resource": "You cannot specify a
resource. Remove the Resource or NotResource element",
https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html). A
trust policy whose actions are not AWS STS's (`s3:GetObject`, `*`) is not reported: no AWS page says
which actions IAM accepts there. So is a resource control policy that AWS Organizations refuses: one with
an `Allow` statement ("The effect of Allow is only supported for the RCPFullAWSAccess policy"),
without `Version` `2012-10-17` (the page's Version element: every RCP must include one, of the value
`2012-10-17`), with a statement without `Principal` (a condition-only statement: "Each statement must
contain the Principal element") or with a `Principal` other than `"*"` ("You can only specify "*" in
the Principal element of an RCP. Use the Conditions element to restrict specific principals"), with
`NotAction` (among the page's unsupported elements, with `NotPrincipal`, which TL221 reports) or with
`Action` `"*"` ("You cannot use "*" in the Action element of a customer managed RCP"):
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html.
A `Principal` written `{"AWS": "*"}` in an RCP is read as `"*"` (IAM reads them alike; the page does
not say whether Organizations does), and one not known offline is not known to be refused.

So is a policy longer than its quota allows. IAM allows a managed policy 6,144 characters, the inline
policies of a user 2,048 together, of a group 5,120, of a role 10,240, and "does not count white space"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html); a role's trust policy
2,048 characters "in non-whitespace characters" by default, a quota an account may raise to 4,096
(https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html); AWS Organizations
allows an SCP or an RCP 5,120 characters, white space outside quotation marks counted
(https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html). The text
the service receives is not always the one an input holds (Terraform writes `jsonencode`'s text,
CloudFormation serialises a template's object), so trail-lint counts the fewest characters other than
white space that any JSON text of the document holds (a value not known offline counting none) and
reports only a policy that every way of writing it makes too long: one near its quota is not
reported. A trust policy longer than 2,048 but no longer than 4,096 is accepted only if the account's
quota was raised, which no input says: one TL002. A Terraform `aws_iam_policy_document` in a `.tf`
file is rendered by the provider, not counted (a plan holds its text, which is). AWS managed policies
are AWS's own and held to no quota. Such a policy is read as the other refused ones are: a trust
policy lets no one assume its role, an SCP or RCP is attached nowhere, and an identity-based policy
longer than any kind of one may be (10,240) protects nothing; a managed policy of 6,144 to 10,240
characters, and the inline policies of a principal together, are reported but still read, since which
inline policy IAM refuses (the one that passes the quota) depends on the order they are put in.
Creating or updating such a policy fails, so it never exists: trail-lint reads its Deny statements as
protecting nothing (a guardrail in it does not make anyone denied) and its valid Allow statements as
grants (reported rather than missed); a rejected bucket, key or topic policy is read as no policy, a
rejected trust policy as letting no one assume the role, and a refused RCP is attached nowhere and
denies nothing.

AWS output holds what AWS writes: a describe-trails `HomeRegion` (or the Region of a `TrailARN`)
that is no Region code such as `us-east-1` (`US-EAST-1`, `global`) was edited or made by hand, and
is reported here rather than taken for a Region that quota and coverage rules would count
(https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html); so is, in
Terraform state or a plan's prior values, an `aws_cloudtrail` whose `home_region` is no Region code.
A code spelt as one but of no Region trail-lint lists (`us-east-9`) is taken, and said by TL225, a
warning: AWS adds Regions. A `HomeRegion` that is not the Region of the `TrailARN` beside it (or a
state's `home_region` that is not the Region of its `arn`) is not reported here: AWS gives a
trail's home Region in both, for its shadow copies in other Regions too
(https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Trail.html), so they disagree
only in a copy edited by hand, and which is right nothing in the input says: the trail's home
Region is not known (one TL002), and everything else about it is still checked. A
trail whose provider Region (provider v6 `region`) is not its home Region is real, not reported
here: DescribeTrails finds a trail by its ARN from any Region, so one homed elsewhere can be
imported; it is linted in its home Region
(https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DescribeTrails.html).

In a `.tf` file, a top-level block whose type is a near miss of one of Terraform's (`resources`,
`variables`, `local`) is reported here at the block: Terraform rejects it ("Unsupported block
type"), and what it would declare is not read; the rest of the file still is. A type like none of
Terraform's is left alone, as it may be one a newer Terraform defines
(https://developer.hashicorp.com/terraform/language/syntax/configuration).

## Fix
A policy of the wrong kind: in Terraform, give a role's `assume_role_policy` a statement with
`principals` (who may assume it) and `actions = ["sts:AssumeRole"]`, and put the permissions in an
`aws_iam_role_policy` or an attached `aws_iam_policy`; add `principals` to each statement of an
`aws_s3_bucket_policy`, `aws_sns_topic_policy` or key `policy`; keep only `Deny` statements, with
`Version = "2012-10-17"`, `Principal = "*"` (conditions such as `aws:PrincipalOrgID` choose whom
they deny) and each action's service named, in an `aws_organizations_policy` of type
`RESOURCE_CONTROL_POLICY`; remove `resources` / `Resource` from a trust policy. A policy too long:
split it into several managed policies (up to 10 attached to a user or role by default, 20 at most),
name actions and resources by wildcards where they share a prefix, or drop repeated conditions;
for a trust policy, `aws service-quotas request-service-quota-increase --service-code iam` raises
the role trust policy length quota to at most 4,096. In
CloudFormation the same in `AssumeRolePolicyDocument` (and `Policies` or `AWS::IAM::ManagedPolicy`),
`PolicyDocument` / `KeyPolicy`, and an `AWS::Organizations::Policy`'s `Content`. CLI: `aws iam
update-assume-role-policy --role-name ROLE --policy-document file://trust.json`, `aws s3api
put-bucket-policy`, `aws organizations update-policy --policy-id ID --content file://rcp.json`.

Terraform: regenerate the plan with `terraform show -json plan.out > plan.json` (the binary
plan file is not JSON); check that the file was not truncated.
CloudFormation: validate the template with `aws cloudformation validate-template` or
cfn-lint; fix the syntax error at the reported line and column.
CLI: save AWS CLI output with `--output json`; the file must hold one JSON document.

## References
- https://developer.hashicorp.com/terraform/internals/json-format
- https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-output-format.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
"""
from trail_lint.rule import Internal, Rule, Severity, no_check

RULE = Rule(id="TL001", name="unreadable-input", severity=Severity.ERROR, applies_to=Internal,
            check=no_check, doc=__doc__)
