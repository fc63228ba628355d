"""The one exception root of the workbench and its per-area subclasses.

Every error keeps its context (path, line, column, rule id) as attributes and
renders as one clear line: ``path:line:column: message (rule id)``. The CLI turns
it into that line on stderr and exit status 2; the TUI into a notification.
"""

from __future__ import annotations

from pathlib import Path


class WorkbenchError(Exception):
    """An error a user can act on, with where it happened."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        rule_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        self.rule_id = rule_id

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        rule = f" (rule {self.rule_id})" if self.rule_id else ""
        return f"{where}{self.message}{rule}"


class FormatError(WorkbenchError):
    """A transcript file that cannot be read or written in the expected format."""


class RuleFileError(WorkbenchError):
    """A rule file that is not valid YAML or does not match the rule schema."""


class RuleError(WorkbenchError):
    """A valid rule that fails when it runs (e.g. a regex that times out)."""


class StoreError(WorkbenchError):
    """A problem with the versioned store under ``corrected/``."""


class StaleVersionError(StoreError):
    """A version was written on top of one that is no longer the latest."""


class WriteError(WorkbenchError):
    """An output file that cannot be written (missing folder, no space, already exists)."""


class UsageError(WorkbenchError):
    """Arguments that do not make sense together (a bad version, a missing document)."""


def os_error_line(error: OSError) -> str:
    """An OS error as a user reads it: the path it is about, then what went wrong."""
    where = f"{error.filename}: " if error.filename is not None else ""
    return f"{where}{error.strerror or error}"
