"""Words for counts: ``plural(1, "change")`` is "1 change", ``plural(2, "change")`` "2 changes"."""

from __future__ import annotations


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``count`` and ``noun``, the noun in the plural unless the count is one."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def files_done(done: int, failed: int) -> str:
    """The files a total line counts: "3 files", or "2 files (1 stopped by an error
    above)" when errors stopped some (those are not in ``done``)."""
    files = plural(done, "file")
    return f"{files} ({failed} stopped by an error above)" if failed else files
