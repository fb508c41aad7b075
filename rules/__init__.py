"""The rule catalog: one module per rule, named ``tlNNN_rule_name.py``.

In the source tree this folder sits at the top level; the wheel installs it as
``trail_lint.rules`` (see ``[tool.setuptools.package-dir]`` in pyproject.toml).
"""
