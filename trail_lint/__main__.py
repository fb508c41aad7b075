from trail_lint.cli import entry

entry()
