"""Resource shapes for the benchmark plan generator: the `after` values, unknown marks and
configuration expressions that `terraform show -json` writes for each resource type.

Values follow hashicorp/aws provider 5.x attribute names; the policy documents are the
JSON strings that `jsonencode` or a heredoc put into a plan.
"""
from __future__ import annotations

import json
import random
from typing import Any

ACCOUNT = "111122223333"
REGIONS = ("us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-west-3",
           "eu-central-1", "eu-north-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2",
           "ap-southeast-1", "ap-southeast-2", "ca-central-1", "sa-east-1")
ACTIONS = ("s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:*", "ec2:Describe*", "ec2:StartInstances",
           "logs:CreateLogStream", "logs:PutLogEvents", "kms:Decrypt", "sqs:SendMessage", "sns:Publish",
           "dynamodb:GetItem", "dynamodb:Query", "iam:PassRole", "sts:AssumeRole", "cloudtrail:DescribeTrails",
           "cloudtrail:LookupEvents", "cloudtrail:StopLogging", "cloudtrail:PutEventSelectors",
           "cloudtrail:*", "lambda:InvokeFunction", "ecr:GetAuthorizationToken", "*")
MANAGED = ("arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
           "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy", "arn:aws:iam::aws:policy/AdministratorAccess",
           "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess")


def policy_text(rng: random.Random, resources: list[str], pretty: bool) -> str:
    statements = []
    for n in range(rng.randint(1, 4)):
        statement: dict[str, Any] = {"Sid": f"Stmt{n}" if rng.random() < 0.7 else "",
                                     "Effect": "Allow" if rng.random() < 0.9 else "Deny",
                                     "Action": sorted(set(rng.choices(ACTIONS, k=rng.randint(1, 6)))),
                                     "Resource": rng.choice(resources)}
        if rng.random() < 0.2:
            statement["Condition"] = {"StringEquals": {"aws:RequestedRegion": rng.choice(REGIONS)}}
        statements.append(statement)
    doc = {"Version": "2012-10-17", "Statement": statements}
    return json.dumps(doc, indent=2) if pretty else json.dumps(doc, separators=(",", ":"))


def assume_role_text(service: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "", "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": service}}]},
        separators=(",", ":"))


def tags(rng: random.Random, name: str) -> dict[str, str]:
    return {"Name": name, "team": f"team-{rng.randint(1, 40)}", "env": rng.choice(("prod", "stage", "dev"))}


def trail(rng: random.Random, name: str, bucket: str, multi_region: bool) -> tuple[dict, dict]:
    selectors: list[dict] = []
    advanced: list[dict] = []
    if rng.random() < 0.5:
        selectors = [{"data_resource": [{"type": "AWS::S3::Object", "values": [f"arn:aws:s3:::{bucket}/"]}],
                      "exclude_management_event_sources": ["kms.amazonaws.com"] if rng.random() < 0.3 else [],
                      "include_management_events": True, "read_write_type": rng.choice(("All", "WriteOnly"))}]
    else:
        advanced = [{"name": "management", "field_selector": [_field("eventCategory", ["Management"])]},
                    {"name": "s3 data", "field_selector": [_field("eventCategory", ["Data"]),
                                                           _field("resources.type", ["AWS::S3::Object"])]}]
    after = {"advanced_event_selector": advanced, "cloud_watch_logs_group_arn": None,
             "cloud_watch_logs_role_arn": None, "enable_log_file_validation": rng.random() < 0.8,
             "enable_logging": True, "event_selector": selectors,
             "include_global_service_events": rng.random() < 0.7, "insight_selector": [],
             "is_multi_region_trail": multi_region, "is_organization_trail": False,
             "kms_key_id": f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{rng.getrandbits(64):016x}"
             if rng.random() < 0.6 else None,
             "name": name, "s3_bucket_name": bucket, "s3_key_prefix": None, "sns_topic_name": None,
             "tags": tags(rng, name), "tags_all": tags(rng, name)}
    unknown = {"arn": True, "home_region": True, "id": True, "advanced_event_selector": [{} for _ in advanced],
               "event_selector": [{} for _ in selectors], "insight_selector": [], "tags": {}, "tags_all": {}}
    return after, unknown


def _field(field: str, equals: list[str]) -> dict:
    return {"field": field, "equals": equals, "ends_with": [], "not_ends_with": [], "not_equals": [],
            "not_starts_with": [], "starts_with": []}


def bucket(rng: random.Random, name: str) -> tuple[dict, dict]:
    after = {"bucket": name, "bucket_prefix": None, "force_destroy": False, "object_lock_enabled": False,
             "tags": tags(rng, name), "tags_all": tags(rng, name), "timeouts": None}
    unknown = {key: True for key in (
        "acceleration_status", "acl", "arn", "bucket_domain_name", "bucket_regional_domain_name",
        "cors_rule", "grant", "hosted_zone_id", "id", "lifecycle_rule", "logging", "policy", "region",
        "replication_configuration", "request_payer", "server_side_encryption_configuration", "versioning",
        "website", "website_domain", "website_endpoint")}
    unknown.update(tags={}, tags_all={})
    return after, unknown


def bucket_policy(rng: random.Random, name: str, known: bool) -> tuple[dict, dict]:
    doc = {"Version": "2012-10-17", "Statement": [
        {"Sid": "AWSCloudTrailAclCheck", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
         "Action": "s3:GetBucketAcl", "Resource": f"arn:aws:s3:::{name}"},
        {"Sid": "AWSCloudTrailWrite", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
         "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{name}/AWSLogs/{ACCOUNT}/*",
         "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}}]}
    if known:
        return {"bucket": name, "policy": json.dumps(doc, separators=(",", ":"))}, {"id": True}
    return {"bucket": name}, {"id": True, "policy": True}


def role(rng: random.Random, name: str) -> tuple[dict, dict]:
    inline = [{"name": f"{name}-inline-{n}", "policy": policy_text(rng, ["*", f"arn:aws:s3:::{name}-*"], False)}
              for n in range(rng.randint(0, 2))]
    after = {"assume_role_policy": assume_role_text(rng.choice(("ec2.amazonaws.com", "lambda.amazonaws.com"))),
             "description": None, "force_detach_policies": False, "inline_policy": inline,
             "managed_policy_arns": sorted(set(rng.choices(MANAGED, k=rng.randint(0, 2)))),
             "max_session_duration": 3600, "name": name, "name_prefix": None, "path": "/",
             "permissions_boundary": None, "tags": tags(rng, name), "tags_all": tags(rng, name)}
    unknown = {"arn": True, "create_date": True, "id": True, "inline_policy": [{} for _ in inline],
               "managed_policy_arns": [], "tags": {}, "tags_all": {}, "unique_id": True}
    return after, unknown


def iam_policy(rng: random.Random, name: str) -> tuple[dict, dict]:
    after = {"description": f"{name} access", "name": name, "name_prefix": None, "path": "/",
             "policy": policy_text(rng, ["*", f"arn:aws:s3:::{name}/*"], rng.random() < 0.3),
             "tags": tags(rng, name), "tags_all": tags(rng, name)}
    return after, {"arn": True, "id": True, "policy_id": True, "tags": {}, "tags_all": {}}


def attachment(role_name: str) -> tuple[dict, dict]:
    return {"role": role_name}, {"id": True, "policy_arn": True}


def role_policy(rng: random.Random, name: str, role_name: str) -> tuple[dict, dict]:
    after = {"name": name, "name_prefix": None, "role": role_name,
             "policy": policy_text(rng, ["*", f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/{name}"],
                                   rng.random() < 0.3)}
    return after, {"id": True}


def instance(rng: random.Random, name: str) -> tuple[dict, dict]:
    after = {"ami": f"ami-{rng.getrandbits(64):017x}", "associate_public_ip_address": rng.random() < 0.3,
             "credit_specification": [], "disable_api_stop": False, "disable_api_termination": False,
             "ebs_optimized": True, "get_password_data": False, "hibernation": None, "iam_instance_profile": None,
             "instance_type": rng.choice(("t3.micro", "t3.large", "m6i.xlarge", "c7g.2xlarge")),
             "launch_template": [], "monitoring": True, "source_dest_check": True, "tags": tags(rng, name),
             "tags_all": tags(rng, name), "timeouts": None, "user_data_replace_on_change": False,
             "volume_tags": None,
             "root_block_device": [{"delete_on_termination": True, "encrypted": True, "tags": None,
                                    "volume_size": rng.choice((8, 20, 100)), "volume_type": "gp3"}]}
    unknown = {key: True for key in (
        "arn", "availability_zone", "ebs_block_device", "host_id", "id", "instance_state", "key_name",
        "network_interface", "primary_network_interface_id", "private_dns", "private_ip", "public_dns",
        "public_ip", "security_groups", "subnet_id", "tenancy", "vpc_security_group_ids")}
    unknown.update(credit_specification=[], launch_template=[], root_block_device=[{"device_name": True,
                   "iops": True, "kms_key_id": True, "throughput": True, "volume_id": True}], tags={}, tags_all={})
    return after, unknown


def security_group(rng: random.Random, name: str) -> tuple[dict, dict]:
    def rule(port: int, cidr: str) -> dict:
        return {"cidr_blocks": [cidr], "description": f"port {port}", "from_port": port, "ipv6_cidr_blocks": [],
                "prefix_list_ids": [], "protocol": "tcp", "security_groups": [], "self": False, "to_port": port}
    ingress = [rule(rng.choice((22, 80, 443, 5432, 8080)), f"10.{rng.randint(0, 255)}.0.0/16")
               for _ in range(rng.randint(1, 3))]
    after = {"description": f"{name} access", "egress": [rule(0, "0.0.0.0/0")], "ingress": ingress,
             "name": name, "revoke_rules_on_delete": False, "tags": tags(rng, name), "tags_all": tags(rng, name),
             "timeouts": None}
    unknown = {"arn": True, "egress": [{"cidr_blocks": [False]}], "id": True,
               "ingress": [{"cidr_blocks": [False]} for _ in ingress], "name_prefix": True, "owner_id": True,
               "tags": {}, "tags_all": {}, "vpc_id": True}
    return after, unknown
