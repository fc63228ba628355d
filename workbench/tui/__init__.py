"""The Textual review app: the only package of the workbench that imports ``textual``."""

from workbench.tui.app import ReviewApp

__all__ = ["ReviewApp"]
