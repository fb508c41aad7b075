"""trail-lint: an offline linter for AWS CloudTrail trails and the IAM policies that govern them."""

__version__ = "0.1.0"
