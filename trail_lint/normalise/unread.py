"""AWS CLI outputs that look like inputs but hold too little to lint, and service files whose
CloudFormation their own tool writes: a file of such a kind is skipped, as any file of no known
kind is, but the user is told why and what to lint instead (a file a user wrote or exported on
purpose must not pass as "no problems found" in silence).

Told apart by the root object's keys first (no value of a large file is built for the test)."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trail_lint.load import Document

# `aws cloudtrail list-trails` names each trail (TrailARN, Name, HomeRegion) but none of its
# settings, not even whether it is multi-Region: nothing a rule checks can be read from it, and
# beside describe-trails output it adds nothing (describe-trails names every trail, with its
# HomeRegion and TrailARN).
# https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_ListTrails.html
# https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_TrailInfo.html
_TRAIL_INFO_KEYS = frozenset(("TrailARN", "Name", "HomeRegion"))
LIST_TRAILS = ("`aws cloudtrail list-trails` output names trails but not their settings; export "
               "`aws cloudtrail describe-trails --include-shadow-trails` (with get-event-selectors and "
               "get-trail-status for each trail) in each Region instead")


# A Serverless Framework service (serverless.yml) on AWS: its `resources` are CloudFormation
# resources and `provider.iam` (`provider.iamRoleStatements` before v3) the statements of the
# functions' role, merged by the framework into the stack's template, after it has resolved the
# file's variables (`${self:...}`, `${opt:stage}`, `${file(...)}`, `${ssm:...}`), whose values only
# it and the deployment know: read as written, a variable would be taken for text, and the resources
# the framework adds itself (the deployment bucket, the role) would be missing. `serverless package`
# writes the template it deploys, which trail-lint reads.
# https://www.serverless.com/framework/docs/providers/aws/guide/resources
# https://www.serverless.com/framework/docs/providers/aws/guide/iam
# https://www.serverless.com/framework/docs/providers/aws/guide/packaging
SERVERLESS = ("Serverless Framework service: its `resources` and IAM statements become CloudFormation only once "
              "the framework resolves its variables; run `serverless package` and lint the template it writes, "
              "`.serverless/cloudformation-template-update-stack.json`, instead")


# The global configuration of Landing Zone Accelerator on AWS (global-config.yaml): its
# `logging.cloudtrail` section (an organization trail, account trails, their settings) becomes trails
# only when the accelerator's pipeline synthesizes its CDK stacks from the whole configuration
# (accounts and OUs from accounts-config.yaml and organization-config.yaml); the templates that
# synthesis writes are what trail-lint reads.
# https://awslabs.github.io/landing-zone-accelerator-on-aws/latest/typedocs/interfaces/___packages__aws_accelerator_config_dist_config_lib_models_global_config.ICloudTrailConfig.html
LANDING_ZONE = ("Landing Zone Accelerator global configuration: the trails its `logging.cloudtrail` section asks for "
                "become CloudFormation only when the accelerator synthesizes its stacks; lint the templates its "
                "synth stage writes (its `cdk.out`) instead")


def _landing_zone(outline: dict[str, object], doc: Document) -> bool:
    """A Landing Zone Accelerator global configuration that configures CloudTrail."""
    if not {"homeRegion", "enabledRegions", "logging"} <= set(outline):
        return False
    logging = doc.data["logging"]
    return isinstance(logging, dict) and isinstance(logging.get("cloudtrail"), dict)


def _serverless(outline: dict[str, object], doc: Document) -> bool:
    """A Serverless Framework service on AWS that declares resources or IAM statements."""
    if "service" not in outline or "provider" not in outline:
        return False
    provider = doc.data["provider"]
    if not isinstance(provider, dict) or provider.get("name") != "aws":
        return False
    iam = provider.get("iam")
    role = iam.get("role") if isinstance(iam, dict) else None
    statements = role.get("statements") if isinstance(role, dict) else provider.get("iamRoleStatements")
    return bool(doc.data.get("resources")) or bool(statements)


def why_unread(doc: Document) -> str | None:
    """Why a document no reader took is not read, when it is an AWS output or a service file a user
    may take for an input; None for any other document. Its values are built only when the root's
    keys match."""
    outline = doc.outline()
    if isinstance(outline, dict) and _serverless(outline, doc):
        return SERVERLESS
    if isinstance(outline, dict) and _landing_zone(outline, doc):
        return LANDING_ZONE
    if not isinstance(outline, dict) or "Trails" not in outline or set(outline) - {"Trails", "NextToken"}:
        return None
    trails = doc.data["Trails"]
    if isinstance(trails, list) and all(isinstance(t, dict) and set(t) <= _TRAIL_INFO_KEYS and "TrailARN" in t
                                        for t in trails):
        return LIST_TRAILS
    return None
