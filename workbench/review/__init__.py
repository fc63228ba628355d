"""Review state, never lost: the SQLite database and the session the TUI drives."""

from workbench.review.db import Key, ReviewDB, StoredDecision, key_of

__all__ = ["Key", "ReviewDB", "StoredDecision", "key_of"]
