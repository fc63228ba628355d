"""Words for counts: ``plural(1, "change")`` is "1 change", ``plural(2, "change")`` "2 changes"."""

from __future__ import annotations


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``count`` and ``noun``, the noun in the plural unless the count is one."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"
