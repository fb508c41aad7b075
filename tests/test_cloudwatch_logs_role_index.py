"""TL215 finds the trail's CloudWatch Logs role through an index of the roles; the roles it finds
are those of the definition, a scan of every role of the inputs, in input order."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from trail_lint.rules import tl215_cloudwatch_logs_role_blocks_delivery as tl215

from trail_lint.model import UNKNOWN, Inventory, Origin, Principal, PrincipalKind, Trail
from trail_lint.scope.arns import arn_fields

ACCOUNTS = ("111122223333", "444455556666", "")
NAMES = ("logs", "Logs", "other")


def _scan(inventory: Inventory, role_arn: str) -> list[Principal]:
    """The definition: every role whose ARN is the trail's, or whose name is the ARN's in its account."""
    fields = arn_fields(role_arn)
    if not fields or not fields[5].startswith("role/"):
        return []
    account, name = fields[4], fields[5].rsplit("/", 1)[-1]
    return [p for p in inventory.principals if p.kind is PrincipalKind.ROLE
            and (p.id == role_arn or (p.name == name and (p.account or inventory.account) == account))]


@st.composite
def principals(draw: st.DrawFn, number: int) -> Principal:
    account = draw(st.sampled_from((None, *ACCOUNTS)))
    name = draw(st.sampled_from((*NAMES, UNKNOWN)))
    shown = name if isinstance(name, str) else "unknown"
    path = draw(st.sampled_from(("", "service-role/")))
    arn = f"arn:aws:iam::{draw(st.sampled_from(ACCOUNTS))}:role/{path}{shown}"
    return Principal(id=draw(st.sampled_from((arn, f"aws_iam_role.r{number}"))), name=name,
                     kind=draw(st.sampled_from((PrincipalKind.ROLE, PrincipalKind.ROLE, PrincipalKind.USER))),
                     account=account, origin=Origin("f.json", ("Roles", number)))


@given(st.lists(st.integers(0, 1000), max_size=12).flatmap(
           lambda numbers: st.tuples(*(principals(n) for n in numbers))),
       st.sampled_from((None, *ACCOUNTS)),
       st.sampled_from(ACCOUNTS), st.sampled_from(("", "service-role/", "x/y/")), st.sampled_from(NAMES),
       st.booleans())
def test_the_roles_found_are_those_of_a_scan_in_input_order(roles: tuple[Principal, ...], account: str | None,
                                                              arn_account: str, path: str, name: str,
                                                              not_a_role: bool) -> None:
    inventory = Inventory(principals=roles, account=account)
    kind = "user" if not_a_role else "role"
    role_arn = f"arn:aws:iam::{arn_account}:{kind}/{path}{name}"
    trail = Trail(name="t", cloudwatch_logs_role_arn=role_arn)
    index = tl215.RoleIndex(inventory)
    found = tl215.trail_roles(inventory, trail, index)
    assert found == _scan(inventory, role_arn)
    assert all(a is b for a, b in zip(found, _scan(inventory, role_arn), strict=True))
    assert tl215.trail_roles(inventory, trail) == found
