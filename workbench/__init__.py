"""Transcript workbench: find, review and fix speech-recognition errors in transcripts."""

__version__ = "0.1.0"
