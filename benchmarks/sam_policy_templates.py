"""Write trail_lint/data/sam-policy-templates.json from SAM's own policy templates file.

    python benchmarks/sam_policy_templates.py POLICY_TEMPLATES_JSON VERSION RETRIEVED [OUT]

POLICY_TEMPLATES_JSON is ``samtranslator/policy_templates_data/policy_templates.json`` of the
aws-sam-translator release VERSION (the wheel on PyPI, or a checkout of
https://github.com/aws/serverless-application-model at that release; Apache-2.0). RETRIEVED is the
date it was read. What trail-lint needs of each template is kept as SAM writes it: its parameter
names and its statements (Effect, Action/NotAction, Resource/NotResource, Condition, with the
``Fn::Sub``/``Ref`` that name the parameters, which the CloudFormation reader fills in with the
values a function gives); descriptions are left out. One template per line, sorted by name, so a
new release reads as a small diff.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "trail_lint" / "data" / "sam-policy-templates.json"
UPSTREAM = ("samtranslator/policy_templates_data/policy_templates.json of aws-sam-translator {version} "
            "(https://pypi.org/project/aws-sam-translator/{version}/, "
            "built from https://github.com/aws/serverless-application-model)")
# The statement elements the access analysis reads; SAM's templates use no others.
ELEMENTS = ("Effect", "Action", "NotAction", "Resource", "NotResource", "Condition")


def derive(upstream: dict[str, Any], version: str, retrieved: str) -> dict[str, Any]:
    """The shipped file's content from the upstream file's."""
    templates: dict[str, Any] = {}
    for name, template in sorted(upstream["Templates"].items()):
        statements = template["Definition"]["Statement"]
        for statement in statements:
            extra = set(statement) - set(ELEMENTS)
            if extra:
                raise SystemExit(f"{name}: statement element(s) {sorted(extra)} not kept: extend ELEMENTS")
        templates[name] = {"parameters": sorted(template.get("Parameters") or {}),
                           "statements": [{key: statement[key] for key in ELEMENTS if key in statement}
                                          for statement in statements]}
    return {"source": f"{UPSTREAM.format(version=version)}, Apache-2.0: "
                      "each template's parameters and statements, descriptions left out",
            "retrieved": retrieved, "templates": templates}


def dumps(derived: dict[str, Any]) -> str:
    """JSON with one template per line."""
    lines = ["{", f' "source": {json.dumps(derived["source"])},', f' "retrieved": {json.dumps(derived["retrieved"])},',
             ' "templates": {']
    names = list(derived["templates"])
    for index, name in enumerate(names):
        comma = "," if index < len(names) - 1 else ""
        lines.append(f"  {json.dumps(name)}: {json.dumps(derived['templates'][name], sort_keys=False)}{comma}")
    lines += [" }", "}", ""]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    upstream = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    out = Path(argv[3]) if len(argv) == 4 else OUT
    out.write_text(dumps(derive(upstream, argv[1], argv[2])), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
