"""The shown list: which items pass the filters and the search, and the one under the cursor."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from workbench.model import Verdict
from workbench.review.db import Key
from workbench.review.scanning import Item

VERDICT_FILTERS = ("unreviewed", "accepted", "rejected", "edited", "skipped", "stale")
"""What the verdict filter can select."""


@dataclass(frozen=True, slots=True)
class Filters:
    """Which items the list shows; ``None`` or ``""`` means any."""

    rule: str | None = None
    kind: str | None = None
    document: str | None = None
    verdict: str | None = None
    """One of ``VERDICT_FILTERS``."""
    search: str = ""
    """Text that the item's segments must contain (case-insensitive)."""

    @property
    def active(self) -> bool:
        """True when some filter or a search hides flags."""
        return self != Filters()


class Cursor:
    """The items in list order, the rows the filters let through, and the current row."""

    def __init__(
        self, verdict_of: Callable[[Item], Verdict | None], remember: Callable[[Key], None]
    ) -> None:
        """``verdict_of`` tells an item's verdict; ``remember`` stores a position the user moved to."""
        self.verdict_of = verdict_of
        self.remember = remember
        self.items: list[Item] = []
        self.filters = Filters()
        self.visible: list[int] = []
        """Indices into ``items`` that the filters let through, in list order."""
        self.row = 0
        """Index into ``visible``."""
        self.resume: Key | None = None
        """A saved position not yet in the list (past a first block), to go to once it is."""

    def _passes(self, item: Item) -> bool:
        f = self.filters
        s = item.suggestion
        if f.rule and s.rule_id != f.rule or f.kind and s.kind != f.kind:
            return False
        if f.document and s.doc_id != f.document:
            return False
        if f.verdict:
            verdict = "stale" if item.stale else self.verdict_of(item) or "unreviewed"
            if verdict != f.verdict:
                return False
        if f.search:
            # The segments' text, not the suggestion: "search text in the segments".
            return f.search.casefold() in s.original.casefold()
        return True

    def show(self, items: list[Item], keep: Item | None) -> None:
        """Show ``items`` through the filters, the cursor on ``keep``'s key where it still is."""
        self.items = items
        self.visible = [i for i, item in enumerate(items) if self._passes(item)]
        self.row = 0
        if keep is not None:
            self.move_to(keep.key)

    def set_filters(self, filters: Filters) -> None:
        """Show only the items that pass ``filters``; the cursor stays on its item if shown."""
        self.filters = filters
        self.show(self.items, self.current)

    def search(self, text: str) -> None:
        """Show only items whose segments contain ``text`` (empty shows all again)."""
        self.set_filters(dataclasses.replace(self.filters, search=text.strip()))

    def move_to(self, key: Key) -> None:
        """Put the cursor on ``key``'s item, else on the next shown item of its document."""
        fallback = None
        for row, index in enumerate(self.visible):
            item_key = self.items[index].key
            if item_key == key:
                self.row = row
                return
            if fallback is None and item_key.doc == key.doc and item_key.segment >= key.segment:
                fallback = row
        if fallback is not None:
            self.row = fallback

    @property
    def current(self) -> Item | None:
        """The item under the cursor, or None when the list is empty."""
        if not self.visible:
            return None
        return self.items[self.visible[min(self.row, len(self.visible) - 1)]]

    def go(self, row: int) -> None:
        """Put the cursor on row ``row`` of the shown list (clamped), where the user moved it."""
        self.resume = None  # the user moved: stay where they are
        if self.visible:
            self.row = max(0, min(row, len(self.visible) - 1))
            item = self.current
            assert item is not None
            self.remember(item.key)

    def next(self) -> None:
        """Move to the next shown item."""
        self.go(self.row + 1)

    def prev(self) -> None:
        """Move to the previous shown item."""
        self.go(self.row - 1)

    def next_unreviewed(self) -> bool:
        """Move to the next undecided item (wrapping), else a skipped one; False if none."""
        count = len(self.visible)
        for wanted in ((None,), ("skipped",)):
            for step in range(1, count + 1):
                row = (self.row + step) % count
                item = self.items[self.visible[row]]
                if not item.stale and self.verdict_of(item) in wanted:
                    self.go(row)
                    return True
        return False
