"""The shown list: which items pass the filters and the search, and the one under the cursor.

What needs a person comes first: in each document the flags to decide on, in
position order, then the flags of each ``auto`` rule (batch ``apply`` makes
them unattended) as one collapsed group per rule — a single row, its first
flag standing for all — until the user expands it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from workbench.model import Verdict
from workbench.review.db import Key
from workbench.review.scanning import GroupKey, Item

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
    unsure: bool = False
    """Only the flags of unsure words (``confidence`` rules)."""

    @property
    def active(self) -> bool:
        """True when some filter or a search hides flags."""
        return self != Filters()


@dataclass(frozen=True, slots=True)
class Group:
    """The shown flags of one ``auto`` rule in one document."""

    doc_id: str
    rule: str
    members: tuple[int, ...]
    """Indices into the list's ``items``, in position order; the first one heads the group."""
    expanded: bool


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
        """Indices into ``items`` of the rows shown, in list order: each flag that the
        filters let through, but only the first of a collapsed group."""
        self.shown = 0
        """How many items the filters let through (a collapsed group's too)."""
        self.row = 0
        """Index into ``visible``."""
        self.resume: Key | None = None
        """A saved position not yet in the list (past a first block), to go to once it is."""
        self.expanded: set[GroupKey] = set()
        """The groups shown flag by flag."""
        self._groups: dict[GroupKey, Group] = {}
        self._heads: dict[int, Group] = {}
        """The groups by the index of their first item."""

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
        if f.unsure and s.kind != "confidence":
            return False
        if f.search:
            # The segments' text, not the suggestion: "search text in the segments".
            return f.search.casefold() in s.original.casefold()
        return True

    def show(self, items: list[Item], keep: Item | None) -> None:
        """Show ``items`` (grouped by document) through the filters, the flags to decide
        on first, then the groups; the cursor on ``keep``'s key where it still is."""
        self.items = items
        self.visible = []
        self._groups = {}
        grouped: dict[GroupKey, list[int]] = {}
        document = None
        for index, item in enumerate(items):
            if not self._passes(item):
                continue
            if item.doc_id != document:
                self._add_groups(grouped)
                document = item.doc_id
            key = item.group
            if key is None:
                self.visible.append(index)
            else:
                grouped.setdefault(key, []).append(index)
        self._add_groups(grouped)
        self._heads = {group.members[0]: group for group in self._groups.values()}
        self.shown = len(self.visible) + sum(
            len(group.members) - 1 for group in self._heads.values() if not group.expanded
        )
        self.row = 0
        if keep is not None:
            self.move_to(keep.key)

    def _add_groups(self, grouped: dict[GroupKey, list[int]]) -> None:
        """Show a document's groups after its other flags (and empty ``grouped``)."""
        for key, members in grouped.items():
            group = Group(key[0], key[1], tuple(members), key in self.expanded)
            self._groups[key] = group
            self.visible += members if group.expanded else members[:1]
        grouped.clear()

    def group_at(self, row: int) -> Group | None:
        """The group whose collapsed row ``row`` is, or None for a flag's own row."""
        if not 0 <= row < len(self.visible):
            return None
        group = self._heads.get(self.visible[row])
        return group if group is not None and not group.expanded else None

    def group_of(self, item: Item) -> Group | None:
        """The group ``item`` is shown in, collapsed or expanded (None for most flags)."""
        key = item.group
        return self._groups.get(key) if key is not None else None

    @property
    def group(self) -> Group | None:
        """The collapsed group under the cursor, or None on a flag's own row."""
        return self.group_at(self.row)

    def toggle(self) -> Group | None:
        """Expand the collapsed group under the cursor, or collapse the one its flag is in.

        The cursor stays on the group's first flag; None when the flag is in no group.
        """
        item = self.current
        group = self.group_of(item) if item is not None else None
        if group is None:
            return None
        key = (group.doc_id, group.rule)
        if group.expanded:
            self.expanded.discard(key)
        else:
            self.expanded.add(key)
        head = self.items[group.members[0]]
        self.show(self.items, head)
        return self._groups[key]

    def first_to_decide(self) -> None:
        """Put the cursor on the first flag (not a group) that has no decision yet."""
        for row, index in enumerate(self.visible):
            item = self.items[index]
            if item.group is None and not item.stale and self.verdict_of(item) is None:
                self.row = row
                return

    def set_filters(self, filters: Filters) -> None:
        """Show only the items that pass ``filters``; the cursor stays on its item if shown."""
        self.filters = filters
        self.show(self.items, self.current)

    def search(self, text: str) -> None:
        """Show only items whose segments contain ``text`` (empty shows all again)."""
        self.set_filters(dataclasses.replace(self.filters, search=text.strip()))

    def move_to(self, key: Key) -> None:
        """Put the cursor on ``key``'s item (or the collapsed group it is in), else on the
        next shown item of its document."""
        fallback = None
        for group in self._groups.values():
            if not group.expanded and key.rule == group.rule and key.doc == group.doc_id:
                if any(self.items[index].key == key for index in group.members):
                    key = self.items[group.members[0]].key
                break
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
        """Move to the next undecided flag (wrapping), else a skipped one, else a
        collapsed group with undecided flags; False if there is none."""
        count = len(self.visible)
        for wanted in ((None,), ("skipped",)):
            for step in range(1, count + 1):
                row = (self.row + step) % count
                item = self.items[self.visible[row]]
                if (
                    self.group_at(row) is None
                    and not item.stale
                    and self.verdict_of(item) in wanted
                ):
                    self.go(row)
                    return True
        for step in range(1, count + 1):
            row = (self.row + step) % count
            group = self.group_at(row)
            if group is not None and any(
                self.verdict_of(self.items[index]) in (None, "skipped") for index in group.members
            ):
                self.go(row)
                return True
        return False
