"""The access report as text (a matrix per trail), json, csv or markdown."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from trail_lint.iam.access import (
    ACCOUNT_WIDE,
    VERBS,
    AccessReport,
    allowed_when,
    principal_name,
    trail_account,
    verb_decision,
)
from trail_lint.iam.evaluator import Because, Decision
from trail_lint.iam.reasons import Cell, Reasons
from trail_lint.model import ROOT_USER_FILE, SHIPPED_FILE, UNREAD_SOURCE, At, Principal, Problem

Locate = Callable[[At], tuple[str, int, int]]
LocateTogether = Callable[[Iterable[At]], None]
SCHEMA = "trail-lint/access/v2"
SYMBOLS = {Decision.ALLOWED: "✓", Decision.CONDITIONAL: "?", Decision.UNKNOWN: "?", Decision.DENIED: "✗"}
LEGEND = "✓ allowed   ? conditional or unknown (cannot be decided offline)   ✗ denied"
GROUP_NOTE = ("(group): what membership of the group grants its users, before a user's permissions boundary "
              "and own Deny statements")
GROUP_MARK = " (group)"
ACCOUNT_VERBS: dict[str, tuple[str, ...]] = {"describe": ("cloudtrail:DescribeTrails",), "list": ("cloudtrail:ListTrails",),
                 "lookup": ("cloudtrail:LookupEvents",)}


def _default_locate(at: At) -> tuple[str, int, int]:
    return at.file, 1, 1


def _locate_each(ats: Iterable[At]) -> None:
    """Without a way to place many at once, ``locate`` places each when it is asked."""


def render(report: AccessReport, fmt: str, *, verbose: bool = False, include_denied: bool = False,
           locate: Locate | None = None, by_account: Mapping[str, tuple[str | None, str | None]] | None = None,
           locate_together: LocateTogether | None = None) -> str:
    """``by_account`` (account ID -> its name and OU path, as far as known) groups the report by account:
    every row under the account of its grants (the principal's, else the trail's; ``places``).
    ``locate_together`` places many at once, after which ``locate`` only looks them up."""
    locate = locate or _default_locate
    together = locate_together or _locate_each
    if fmt == "json":
        return _json(report, include_denied, locate, together, by_account)
    if fmt == "csv":
        return _csv(report, include_denied, locate, together, by_account is not None)
    if fmt in ("text", "markdown"):
        if by_account is not None:
            return _grouped_matrix(report, fmt, verbose, include_denied, locate, by_account)
        return _matrix(report, fmt, verbose, include_denied, locate)
    raise ValueError(f"unknown access report format {fmt!r}")


def all_grants(report: AccessReport, include_denied: bool) -> Iterator[Cell]:
    """Every non-denied decision with its reasons, plus (with include_denied) every denial, as the tuples
    (principal, trail, action, decision, reasons) of Reasons.cells."""
    return Reasons(report).cells(include_denied)


def places(report: AccessReport) -> Callable[[str, str], tuple[str | None, str | None]]:
    """The account and Region of a grant of a principal on a trail: the principal's account (else the
    trail's) and the trail's Region."""
    trails = {key: (trail_account(trail, None), trail.region if isinstance(trail.region, str) else None)
              for trail, key in zip(report.trails, report.trail_keys)}
    accounts = {row.principal.id: row.principal.account for row in report.rows}

    def place(principal: str, trail: str) -> tuple[str | None, str | None]:
        account, region = trails.get(trail, (None, None))
        return accounts.get(principal) or account, region
    return place


def _because(because: Because, locate: Locate) -> dict[str, object]:
    file, line, _ = locate(because.at)
    return {"file": file, "line": line, "policy": because.policy, "statement": because.statement,
            "sid": because.sid, "index": because.index}


def _places(report: AccessReport, grants: Sequence[Cell]) -> Iterator[At]:
    """Every place the json format names: trails, principals, the reasons of the grants, unknowns."""
    yield from (trail.origin.at for trail in report.trails)
    yield from (principal.origin.at for principal in report.principals)
    yield from (b.at for b in _distinct_because(grants))
    yield from (problem.at for problem in report.unknown)
    yield from (problem.at for problem, _ in unread(report))


def _distinct_because(grants: Iterable[Cell]) -> Iterator[Because]:
    """The reasons of the grants; grants with the same reasons share one tuple of them, read once."""
    seen: set[int] = set()
    for *_, because in grants:
        if id(because) not in seen:
            seen.add(id(because))
            yield from because


def _json(report: AccessReport, include_denied: bool, locate: Locate, locate_together: LocateTogether,
          by_account: Mapping[str, tuple[str | None, str | None]] | None = None) -> str:
    granted = list(all_grants(report, include_denied))
    locate_together(_places(report, granted))
    trails = []
    for trail, key in zip(report.trails, report.trail_keys):
        file, line, _ = locate(trail.origin.at)
        trails.append({"trail": key, "name": trail.label,
                       "account": trail.account if isinstance(trail.account, str) else None,
                       "region": trail.region if isinstance(trail.region, str) else None,
                       "file": file, "line": line})
    principals = []
    for principal in report.principals:
        file, line, _ = locate(principal.origin.at)
        principals.append({"id": principal.id, "name": principal_name(principal), "kind": principal.kind.value,
                           "account": principal.account, "file": file, "line": line})
    grants, grant_accounts = _grant_texts(report, granted, locate)
    unknown = []
    for problem in report.unknown:
        file, line, _ = locate(problem.at)
        unknown.append({"message": problem.message, "file": file, "line": line})
    for problem, message in unread(report):
        file, line, _ = locate(problem.at)
        unknown.append({"message": message, "file": file, "line": line})
    # One item per line, written by the C encoder (an `indent` makes CPython fall back to its
    # pure-Python encoder, which dominated the time of large reports), as report/findings_json does.
    sections: list[tuple[str, list[str]]] = [
        ("trails", [_dump(item) for item in trails]), ("principals", [_dump(item) for item in principals]),
        ("grants", grants), ("unknown", [_dump(item) for item in unknown])]
    if by_account is not None:    # the grants move under their accounts
        whole = [f"{grants[at]}{grants[at + 1]}}}" for at in range(0, len(grants), 2)]
        sections[2] = ("accounts", _by_account(by_account, trails, principals, whole, grant_accounts))
    # The pieces are joined once: a report of many grants is tens of megabytes, copied at each join.
    pieces = ["{\n", f'  "schema": {_dump(SCHEMA)},\n']
    for number, (name, items) in enumerate(sections, 1):
        end = "" if number == len(sections) else ","
        if not items:
            pieces.append(f'  "{name}": []{end}\n')
        elif name == "grants":      # each grant is two pieces, closed with its separator
            pieces.append(f'  "{name}": [\n    ')
            for at in range(0, len(items) - 2, 2):
                pieces += (items[at], items[at + 1], "},\n    ")
            pieces += (items[-2], items[-1], f"}}\n  ]{end}\n")
        else:
            pieces += (f'  "{name}": [\n    ', ",\n    ".join(items), f"\n  ]{end}\n")
    pieces.append("}\n")
    return "".join(pieces)


def _grant_texts(report: AccessReport, granted: Sequence[Cell], locate: Locate) -> tuple[list[str], list[str | None]]:
    """Each grant as JSON, in two pieces: its fields up to ``"because": `` and the list of its reasons
    (without the closing brace); and the account of each grant (``places``)."""
    place = places(report)
    # Trails with the same reasons share one tuple of them: each is written out once.
    written: dict[int, str] = {}
    pieces: list[str] = []
    accounts: list[str | None] = []
    # Principals, trails, actions, decisions, accounts and Regions repeat from row to row: each is encoded once.
    encoded: dict[str | None, str] = {}

    def encode(value: str | None) -> str:
        found = encoded.get(value)
        if found is None:
            found = encoded[value] = _dump(value)
        return found

    # what _dump writes for the dictionary of a grant's fields, from the action on to "because"
    middles: dict[tuple[str, int], str] = {}
    # the conditions on the request under which a conditional decision is allowed (AccessReport.requested)
    whens = report.requested()
    # A row's grants come trail by trail: the principal, trail, account and Region are written once per trail.
    pair: tuple[str, str] | None = None
    head = tail = ""
    account: str | None = None
    for principal, trail, action, decision, reasons in granted:
        because = written.get(id(reasons))
        if because is None:
            because = written[id(reasons)] = _dump([_because(b, locate) for b in reasons])
        if pair != (principal, trail):
            pair = (principal, trail)
            account, region = place(principal, trail)
            head = f'{{"principal": {encode(principal)}, "trail": {encode(trail)}, "action": '
            tail = f', "account": {encode(account)}, "region": {encode(region)}, "because": '
        # keyed by the decision's id: an Enum member is hashed, and gives its value, in Python code
        middle = middles.get((action, id(decision)))
        if middle is None:
            middle = middles[(action, id(decision))] = f'{encode(action)}, "decision": {encode(decision.value)}'
        if whens:
            when = whens.get((principal, trail, action))
            if when is not None:
                middle = f'{middle}, "when": {encode(when)}'
        pieces += (f"{head}{middle}{tail}", because)
        accounts.append(account)
    return pieces, accounts


def _by_account(by_account: Mapping[str, tuple[str | None, str | None]], trails: Sequence[Mapping[str, object]],
                principals: Sequence[Mapping[str, object]], grants: list[str],
                grant_accounts: list[str | None]) -> list[str]:
    """Each account with its principals, trails and grants (written already), one account per line."""
    accounts = _accounts({p["account"] for p in principals} | {t["account"] for t in trails} | set(grant_accounts))
    items = []
    for account in accounts:
        name, ou = by_account.get(account or "", (None, None))
        head = _dump({"account": account, "name": name, "ou": ou,
                      "principals": [p["id"] for p in principals if p["account"] == account],
                      "trails": [t["trail"] for t in trails if t["account"] == account]})
        mine = [grant for grant, owner in zip(grants, grant_accounts) if owner == account]
        items.append(f'{head[:-1]}, "grants": [{", ".join(mine)}]}}')
    return items


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _accounts(accounts: Iterable[object]) -> list[str | None]:
    """Account IDs in order, then None (the rows whose account is not known)."""
    known = sorted(a for a in accounts if isinstance(a, str))
    return [*known, None] if None in accounts else list(known)


def _csv(report: AccessReport, include_denied: bool, locate: Locate, locate_together: LocateTogether,
         by_account: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["principal", "name", "kind", "account", "region", "trail", "action", "decision", "because"])
    principals = {principal.id: principal for principal in report.principals}     # groups too
    place = places(report)
    grants = list(all_grants(report, include_denied))
    locate_together(b.at for b in _distinct_because(grants) if b.at.file not in (SHIPPED_FILE, ROOT_USER_FILE))
    if by_account:      # a stable sort: within an account, the rows keep their order
        grants = sorted(grants, key=lambda g: (place(g[0], g[1])[0] is None, place(g[0], g[1])[0] or ""))
    whens = report.requested()
    for principal_id, trail, action, decision, reasons in grants:
        because = "; ".join(_because_text(b, locate) for b in reasons)
        when = whens.get((principal_id, trail, action)) if whens else None
        if when is not None:
            because = f"{allowed_when(when)}; {because}" if because else allowed_when(when)
        principal = principals[principal_id]
        account, region = place(principal_id, trail)
        writer.writerow([principal_id, principal_name(principal), principal.kind.value, account or "",
                         region or "", trail, action, decision.value, because])
    return out.getvalue()


def _because_text(because: Because, locate: Locate) -> str:
    statement = f" {because.statement}" if because.statement else ""
    if because.at.file == SHIPPED_FILE:     # shipped with trail-lint: no line in the user's inputs
        return f"AWS managed policy {because.policy}{statement}"
    if because.at.file == ROOT_USER_FILE:   # no policy at all: what the root user may do by itself
        return because.policy
    file, line, _ = locate(because.at)
    return f"{file}:{line}: {because.policy}{statement}"


def unread(report: AccessReport) -> list[tuple[Problem, str]]:
    """The inputs named but not read (UNREAD_SOURCE: a module from a registry or Git), and what their
    not being read leaves out of the report."""
    return [(problem, (f"{problem.message}: {problem.cause.text + ', so ' if problem.cause else ''}the users, "
                       "groups, roles and policies it creates are not in this report"))
            for problem in report.inventory.unknowns if problem.subject == UNREAD_SOURCE]


def _not_read(report: AccessReport, fmt: str) -> list[str]:
    return [f"_not read: {message}_" if fmt == "markdown" else f"not read: {message}" for _, message in unread(report)]


def _matrix(report: AccessReport, fmt: str, verbose: bool, include_denied: bool, locate: Locate) -> str:
    if not report.rows and not report.groups:
        return _no_principals(report, fmt)
    lines, groups = _sections(report, fmt, verbose, include_denied, locate, _decisions(report),
                              [ACCOUNT_WIDE, *report.trail_keys], lambda key, principal: True)
    return "\n".join(lines + _not_read(report, fmt) + _legend(fmt, groups)) + "\n"


def _grouped_matrix(report: AccessReport, fmt: str, verbose: bool, include_denied: bool, locate: Locate,
                    by_account: Mapping[str, tuple[str | None, str | None]]) -> str:
    """The matrix per account: under each, the account-wide actions of its principals, and its trails (and
    those of no known account) with the rows whose grants are the account's (``places``)."""
    if not report.rows and not report.groups:
        return _no_principals(report, fmt)
    owners = {key: trail_account(trail, None) for trail, key in zip(report.trails, report.trail_keys)}
    decisions = _decisions(report)
    lines: list[str] = []
    groups = False
    accounts = _accounts({p.account for p in report.principals} | set(owners.values()))
    for account in accounts:
        name, ou = by_account.get(account or "", (None, None))
        about = ", ".join(part for part in (name, f"OU {ou}" if ou else None) if part)
        title = f"account {account}" + (f" ({about})" if about else "") if account else "account not known"
        lines += [f"## {title}", ""] if fmt == "markdown" else [title, "=" * len(title)]
        keys = [ACCOUNT_WIDE, *(key for key in report.trail_keys if owners[key] in (account, None))]

        def belongs(key: str, principal: Principal, account: str | None = account) -> bool:
            return (principal.account or (None if key == ACCOUNT_WIDE else owners[key])) == account
        section_lines, any_group = _sections(report, fmt, verbose, include_denied, locate, decisions, keys, belongs)
        lines += section_lines
        groups = groups or any_group
    return "\n".join(lines + _not_read(report, fmt) + _legend(fmt, groups)) + "\n"


def _no_principals(report: AccessReport, fmt: str) -> str:
    # a managed policy of the inputs (an aws_iam_policy, an AWS::IAM::ManagedPolicy) that nothing
    # attaches grants no one: it is there, so the note does not say there are no policies
    # and so are the SCPs and RCPs of the inputs, which restrict principals no input holds
    inventory = report.inventory
    counts = ((sum(1 for policy in inventory.policies if policy.origin.file != SHIPPED_FILE), "attached to none"),
              (sum(1 for scp in inventory.scps if scp.policy.origin.file != SHIPPED_FILE), "service control"),
              (sum(1 for rcp in inventory.rcps if rcp.policy.origin.file != SHIPPED_FILE), "resource control"))
    held = [f"{count} {kind} {'policy' if count == 1 else 'policies'}" if kind.endswith("control") else
            f"{count} {'policy' if count == 1 else 'policies'} {kind}" for count, kind in counts if count]
    note = f"no IAM users, groups or roles in the inputs: {', '.join(held)}" if held else \
        "no IAM users, groups, roles or policy documents in the inputs"
    return "\n".join([f"_{note}_" if fmt == "markdown" else note, *_not_read(report, fmt)]) + "\n"


def _decisions(report: AccessReport) -> dict[tuple[str, str], dict[str, Decision]]:
    by_key: dict[tuple[str, str], dict[str, Decision]] = {}
    for decided in report.decisions():
        by_key.setdefault((decided.principal, decided.trail), {})[decided.action] = decided.decision
    return by_key


def _legend(fmt: str, groups: bool) -> list[str]:
    legend = [LEGEND, GROUP_NOTE] if groups else [LEGEND]
    return legend if fmt == "text" else [f"_{line}_" for line in legend]


def _sections(report: AccessReport, fmt: str, verbose: bool, include_denied: bool, locate: Locate,
              by_key: Mapping[tuple[str, str], Mapping[str, Decision]], keys: Sequence[str],
              shown: Callable[[str, Principal], bool]) -> tuple[list[str], bool]:
    """One table per section (the account-wide actions, each trail) of the principals ``shown`` in it."""
    sections = [(key, "account-wide actions (Resource \"*\")", ACCOUNT_VERBS) if key == ACCOUNT_WIDE else
                (key, f"trail {key}", VERBS) for key in keys]
    lines: list[str] = []
    groups = False
    explain = Reasons(report)
    # Decisions with the same reasons share one tuple of them (kept by explain): each is written once.
    written: dict[int, list[str]] = {}
    whens = report.requested() if verbose else {}
    # Users, roles and documents first, then groups: a group's row is what membership grants.
    ordered = [row.principal for row in report.rows] + [row.principal for row in report.groups]
    for key, title, verbs in sections:
        rows, notes = [], []
        for principal in (p for p in ordered if shown(key, p)):
            grants = by_key.get((principal.id, key), {})
            cells = [verb_decision([grants.get(a, Decision.DENIED) for a in actions])
                     for actions in verbs.values()]
            if not include_denied and all(cell is Decision.DENIED for cell in cells):
                continue
            group = principal.kind.value == "group"
            groups = groups or group
            rows.append([principal.id + (GROUP_MARK if group else "")] + [SYMBOLS[cell] for cell in cells])
            if verbose:
                for grant in (explain.grant(principal.id, key, action) for action in grants):
                    texts = written.get(id(grant.because))
                    if texts is None:
                        texts = written[id(grant.because)] = [_because_text(b, locate) for b in grant.because]
                    when = whens.get((principal.id, key, grant.action)) if whens else None
                    notes += [f"  {principal.id} {grant.action.split(':')[1]} {grant.decision.value}: {text}"
                              for text in ([allowed_when(when), *texts] if when is not None else texts)]
        lines += _table(title, ["principal", *verbs], rows, fmt) + notes + [""]
    return lines, groups


def _table(title: str, header: list[str], rows: list[list[str]], fmt: str) -> list[str]:
    if fmt == "markdown":
        out = [f"### {title}", "", "| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
        out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
        return out if rows else out[:1] + ["", "_no principal has any of these permissions_"]
    if not rows:
        return [title, "  no principal has any of these permissions"]
    width = max(len(row[0]) for row in rows + [header])
    out = [title, "  " + header[0].ljust(width) + "  " + "  ".join(header[1:])]
    for row in rows:
        cells = "  ".join(cell.center(len(name)) for cell, name in zip(row[1:], header[1:]))
        out.append("  " + row[0].ljust(width) + "  " + cells.rstrip())
    return out
