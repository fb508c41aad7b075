"""Write a deterministic Terraform source tree of FILES .tf files, shaped like the corpus modules.

    python benchmarks/generate_tf.py 200 /tmp/tf-200 [--seed N]

A root module calls one child module per 10 files (``source = "./modules/mN"``, some with
``for_each``). Files are drawn, one trail in 20, from what real modules hold: variables with
defaults and optional object attributes, locals with ``for`` expressions and functions, trails
with dynamic event selectors, log buckets with heredoc policies, IAM roles and policy documents
(``jsonencode``), resources no rule reads, ``count``, templates with directives, comments.
"""
from __future__ import annotations

import argparse
import os
import random

_VARIABLES = '''# file {n}: variables and locals
variable "prefix_{n}" {{
  type    = string
  default = "team{n}"
}}

variable "settings_{n}" {{
  type = object({{
    validation = optional(bool, true)
    regions    = optional(list(string), ["eu-west-1", "us-east-1"])
  }})
  default = {{}}
}}

locals {{
  name_{n}    = "${{var.prefix_{n}}}-${{lower("AUDIT")}}" // trail name
  buckets_{n} = {{ for r in var.settings_{n}.regions : r => "${{local.name_{n}}}-${{r}}" if r != "" }}
  tags_{n}    = merge({{ Team = var.prefix_{n} }}, {{ Index = tostring({n}) }})
}}

output "summary_{n}" {{
  value = "%{{ for r, b in local.buckets_{n} ~}}${{r}}=${{b}} %{{ endfor ~}}"
}}
'''

_BUCKET = '''# file {n}: a log bucket and its policy
resource "aws_s3_bucket" "logs_{n}" {{
  bucket = "logs-{n}"
  tags   = {{ Name = "logs-{n}" }}
}}

resource "aws_s3_bucket_policy" "logs_{n}" {{
  bucket = aws_s3_bucket.logs_{n}.id
  policy = <<-POLICY
    {{
      "Version": "2012-10-17",
      "Statement": [{{
        "Sid": "AWSCloudTrailAclCheck",
        "Effect": "Allow",
        "Principal": {{"Service": "cloudtrail.amazonaws.com"}},
        "Action": "s3:GetBucketAcl",
        "Resource": "arn:aws:s3:::logs-{n}"
      }}, {{
        "Sid": "AWSCloudTrailWrite",
        "Effect": "Allow",
        "Principal": {{"Service": "cloudtrail.amazonaws.com"}},
        "Action": "s3:PutObject",
        "Resource": "arn:aws:s3:::logs-{n}/AWSLogs/*",
        "Condition": {{"StringEquals": {{"s3:x-amz-acl": "bucket-owner-full-control"}}}}
      }}]
    }}
  POLICY
}}
'''

_TRAIL = '''# file {n}: a trail
resource "aws_cloudtrail" "trail_{n}" {{
  name                       = "trail-{n}"
  s3_bucket_name             = "logs-{bucket}"
  is_multi_region_trail      = {multi}
  enable_log_file_validation = true /* digest files */
  kms_key_id                 = "arn:aws:kms:eu-west-1:111122223333:key/{n}"

  dynamic "event_selector" {{
    for_each = {{ for i, kind in ["ReadOnly", "WriteOnly"] : kind => i }}
    content {{
      read_write_type           = event_selector.key
      include_management_events = event_selector.value == 0
    }}
  }}
}}
'''

_IAM = '''# file {n}: IAM
data "aws_iam_policy_document" "stop_{n}" {{
  statement {{
    sid       = "NoStop{n}"
    effect    = "Deny"
    actions   = ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"]
    resources = [for i in range(2) : "arn:aws:cloudtrail:eu-west-1:111122223333:trail/trail-${{i}}"]
  }}
}}

resource "aws_iam_role" "auditor_{n}" {{
  name               = "auditor-{n}"
  assume_role_policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Allow", Action = "sts:AssumeRole", Principal = {{ Service = "ec2.amazonaws.com" }} }}]
  }})
}}

resource "aws_iam_role_policy" "auditor_{n}" {{
  role   = aws_iam_role.auditor_{n}.name
  policy = data.aws_iam_policy_document.stop_{n}.json
}}
'''

_NOISE = '''# file {n}: resources no rule reads
resource "aws_security_group" "app_{n}" {{
  name = "app-{n}"
  dynamic "ingress" {{
    for_each = toset([80, 443])
    content {{
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["10.${{{n} % 256}}.0.0/16"]
    }}
  }}
}}

resource "aws_instance" "app_{n}" {{
  count         = {count}
  ami           = "ami-{n:08d}"
  instance_type = count.index == 0 ? "t3.micro" : "t3.small"
  tags          = {{ Name = format("app-%d-%d", {n}, count.index) }}
}}
'''

# one file in 20 holds a trail; the rest is what modules are mostly made of
_KINDS = [(_TRAIL, 1), (_BUCKET, 3), (_IAM, 5), (_VARIABLES, 5), (_NOISE, 6)]


def generate(files: int, out: str, seed: int = 0) -> None:
    rng = random.Random(seed)
    modules = max(1, files // 10)
    os.makedirs(out, exist_ok=True)
    calls = []
    written = 0
    for m in range(modules):
        directory = os.path.join(out, "modules", f"m{m}")
        os.makedirs(directory, exist_ok=True)
        for_each = ' for_each = toset(["a", "b"])\n' if m % 3 == 0 else ""
        calls.append(f'module "m{m}" {{\n  source = "./modules/m{m}"\n{for_each}}}\n')
        for index in range(10 if m < modules - 1 else files - 1 - written):
            n = m * 10 + index
            template = rng.choices([kind for kind, _ in _KINDS], [weight for _, weight in _KINDS])[0]
            text = template.format(n=n, count=rng.randint(1, 2), multi=rng.choice(["true", "false"]),
                                   bucket=n - n % 10)
            with open(os.path.join(directory, f"f{index}.tf"), "w", encoding="utf-8") as handle:
                handle.write(text)
            written += 1
    with open(os.path.join(out, "main.tf"), "w", encoding="utf-8") as handle:
        handle.write('provider "aws" {\n  region = "eu-west-1"\n}\n\n' + "\n".join(calls))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    generate(args.files, args.out, args.seed)


if __name__ == "__main__":
    main()
