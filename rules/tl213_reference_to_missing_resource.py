"""A template refers to a logical ID, parameter or condition it does not declare, so CloudFormation rejects it.

## Why it matters
A `Ref`, an `Fn::GetAtt` or a `${Name}` in `Fn::Sub` must name a parameter, a resource or a
pseudo parameter of the same template (`Fn::GetAtt` and `${Name.Attribute}` a resource), and
each logical ID in a resource's `DependsOn` must name a resource of the same template (a trail's
`DependsOn: BucketPolicy` copied from an example whose bucket policy was left behind). Otherwise CloudFormation stops with "Template format error: Unresolved resource
dependencies [...]" and creates nothing: often a resource renamed in one place only, or a
trail pointing at a bucket that lives in another stack. Whatever the reference was meant to
deliver (the trail's bucket, key or log group) is then not linted either, and is not said
again as a TL002 "not in the inputs": this finding is the one cause. Likewise a resource's
or output's `Condition`, an `Fn::If` or a `Condition` function must name a condition of the
`Conditions` section: a trail behind a condition nobody declared is not deployed at all.

Templates with a `Transform` (SAM, `AWS::Include`, macros) and org-formation templates are
not checked: the transform adds resources that are not in the file.

## Fix
Terraform: not applicable (`terraform validate` reports undeclared references).
CloudFormation: declare the resource, parameter or condition, fix the name, or import another
stack's value with `Fn::ImportValue`.
CLI: `aws cloudformation validate-template --template-body file://template.yaml`.

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-ref.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-getatt.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-sub.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-dependson.html
"""
from collections.abc import Iterator

from trail_lint.model import MissingReference, Problem
from trail_lint.rule import Rule, Severity

_NAMES = {"Ref": "Ref {!r} names no parameter or resource of the template",
          "Fn::GetAtt": "Fn::GetAtt {!r} names no resource of the template",
          "Fn::Sub": "Fn::Sub variable {!r} names no parameter, resource or variable of the template",
          "Condition": "Condition {!r} names no condition of the template",
          "Fn::If": "Fn::If condition {!r} names no condition of the template",
          "DependsOn": "DependsOn {!r} names no resource of the template"}


def check(reference: MissingReference) -> Iterator[Problem]:
    yield Problem(_NAMES[reference.function].format(reference.target),
                  at=reference.origin.at, resource=reference.origin.resource,
                  subject=f"reference:{reference.function}:{reference.target}")


RULE = Rule(id="TL213", name="reference-to-missing-resource", severity=Severity.ERROR,
            applies_to=MissingReference, check=check, doc=__doc__)
