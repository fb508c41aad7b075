"""The functions the AWS provider defines (Terraform 1.8+, AWS provider 5.40+), called as
``provider::aws::NAME(...)``: ARNs taken apart and put together, as the provider does it with the
AWS SDK for Go's ``arn`` package.
https://registry.terraform.io/providers/hashicorp/aws/latest/docs/functions/arn_parse
https://registry.terraform.io/providers/hashicorp/aws/latest/docs/functions/arn_build
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from trail_lint.normalise.terraform.hcl_text import as_text


def _arn_parse(arn: Any) -> dict[str, str]:
    # "arn:partition:service:region:account-id:resource", the resource keeping any further colons
    # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
    text = as_text(arn)
    sections = text.split(":", 5)
    if not text.startswith("arn:") or len(sections) != 6:
        raise ValueError("not an ARN")
    return dict(zip(("partition", "service", "region", "account_id", "resource"), sections[1:], strict=True))


def _arn_build(partition: Any, service: Any, region: Any, account_id: Any, resource: Any) -> str:
    return ":".join(("arn", *(as_text(part) for part in (partition, service, region, account_id, resource))))


AWS_FUNCTIONS: Mapping[str, Callable[..., Any]] = {
    "provider::aws::arn_parse": _arn_parse, "provider::aws::arn_build": _arn_build,
}
