"""Every path into a loaded JSON/YAML value, for tests that visit or mutate each one."""
from __future__ import annotations

from typing import Any


def all_paths(value: Any, path: tuple = ()) -> list[tuple]:
    """The paths of `value` and of everything inside it, the root `()` first."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += all_paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += all_paths(item, path + (index,))
    return found
