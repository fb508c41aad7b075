"""Self-contained HTML pages: Jinja2 templates with autoescape, scripts and styles inlined, no network.

Jinja2 is imported only when a page is rendered, so the other formats never pay for it.
"""
from __future__ import annotations

from importlib import resources
from typing import Any


def render_page(template: str, **context: Any) -> str:
    """Render ``templates/<template>``; ``asset(name)`` in the template inlines a file of ``templates/`` as is."""
    from jinja2 import Environment, PackageLoader, StrictUndefined
    from markupsafe import Markup

    environment = Environment(loader=PackageLoader("trail_lint.html", "templates"), autoescape=True,
                              undefined=StrictUndefined, keep_trailing_newline=True)
    # |tojson escapes <, >, & and ' as \u00XX, so no name can close the <script> block or open a comment.
    environment.policies["json.dumps_kwargs"] = {"separators": (",", ":"), "ensure_ascii": False}
    folder = resources.files("trail_lint.html") / "templates"

    def asset(name: str) -> Markup:
        # Our own script and style files, never user input: inlined verbatim.
        return Markup((folder / name).read_text(encoding="utf-8"))

    return environment.get_template(template).render(asset=asset, **context)
