"""Transcript formats, registered by name in ``FORMATS`` (see ``base.Format``)."""

from __future__ import annotations

from workbench.formats.base import Format

FORMATS: dict[str, type[Format]] = {}
"""Every format by its name; adding a format is one module plus one line here."""
