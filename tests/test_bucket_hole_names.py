"""The name of the hole that stands for the name of a bucket a Terraform configuration creates,
known only after apply: made where Terraform values are read (``bucket_value``) and recognised by
TL309 (a trail logging the data events of its own log bucket), from one spelling in ``model``."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from trail_lint.model import hole_name, is_terraform_bucket_hole, is_terraform_key, terraform_bucket_hole, terraform_key

# resource names and for_each/count keys as Terraform allows them
RESOURCES = st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,12}", fullmatch=True)
KEYS = st.none() | st.integers(min_value=0, max_value=99) | st.text(alphabet="ab-_.[]\" ", max_size=6)
ADDRESSES = st.sampled_from(["", "module.logs", 'module.logs["a"]', "module.a.module.b[0]"])


@given(RESOURCES, KEYS, ADDRESSES)
def test_a_terraform_bucket_hole_is_recognised(resource: str, key: int | str | None, address: str) -> None:
    name = hole_name(terraform_key("root", address), terraform_bucket_hole(resource, key))
    assert is_terraform_bucket_hole(name)


@given(RESOURCES, st.sampled_from(["Ref {}", "parameter {}", "{}.Arn", "aws_s3_bucket.{}.arn", "aws_s3_bucket.{}.id"]))
def test_other_holes_are_not_bucket_holes(resource: str, what: str) -> None:
    assert not is_terraform_bucket_hole(hole_name("cloudformation:stack", f"aws_s3_bucket.{resource}.bucket"))
    assert not is_terraform_bucket_hole(hole_name(terraform_key("root", ""), what.format(resource)))


def test_the_spelling_is_the_one_terraform_uses() -> None:
    assert terraform_bucket_hole("logs", None) == "aws_s3_bucket.logs.bucket"
    assert terraform_bucket_hole("logs", 0) == "aws_s3_bucket.logs[0].bucket"
    assert terraform_bucket_hole("logs", "eu") == "aws_s3_bucket.logs[eu].bucket"
    assert not is_terraform_bucket_hole("terraform:root:#aws_s3_bucket..bucket")


def test_a_terraform_key_is_spelt_as_before() -> None:
    # deployments, Region keys and hole names read from Terraform keep the keys they had
    assert terraform_key("envs/prod", "module.trail") == "terraform:envs/prod:module.trail"
    assert terraform_key(".", "") == "terraform:.:"
    assert terraform_key("unit", "aws", "provider.aws:3") == "terraform:unit:aws:provider.aws:3"


@given(st.lists(st.text(max_size=8), min_size=1, max_size=3))
def test_only_terraform_keys_are_terraform_keys(parts: list[str]) -> None:
    assert is_terraform_key(terraform_key(*parts))
    assert not is_terraform_key("cloudformation:" + ":".join(parts))
    assert not is_terraform_key("file:" + ":".join(parts))
