"""Kind ``boilerplate``: a scrape's header and footer blocks, removed from the published text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from workbench.checks.base import Check, RuleModel
from workbench.model import Suggestion, Transcript

Block = Literal["header", "footer"]


class BoilerplateRule(RuleModel):
    """Propose removing the metadata block a web scrape carries before or after the transcript."""

    kind: Literal["boilerplate"] = "boilerplate"
    """Always ``boilerplate``."""
    blocks: list[Block] = Field(default_factory=lambda: list[Block](["header", "footer"]))
    """Which blocks to remove."""


class BoilerplateCheck(Check[BoilerplateRule]):
    """Flags the header/footer block of a transcript whose format marks one (scrapes)."""

    model = BoilerplateRule

    def find(self, transcript: Transcript) -> Iterator[Suggestion]:
        """One suggestion per non-empty block.

        ``before`` is the block's text without its line breaks at either end (the
        header's last line break and the footer's first are the file's, not the
        block's). ``span`` is the nearest segment, only so that the block sorts
        before or after the segments: the suggestion never changes a segment, and
        ``flag_json`` reports its ``segment`` and ``span`` as null.
        """
        if not self.rule.applies_to(transcript) or not transcript.segments:
            return
        last = len(transcript.segments) - 1
        blocks = {
            "header": (transcript.header, transcript.header_lines, (0, 0)),
            "footer": (transcript.footer, transcript.footer_lines, (last, last)),
        }
        for target in self.rule.blocks:
            text, lines, span = blocks[target]
            if lines is None or not text.strip():
                continue
            yield Suggestion(
                rule_id=self.rule.id,
                kind=self.rule.kind,
                doc_id=transcript.doc_id,
                span=span,
                before=(text.strip("\r\n"),),
                after=(),
                reason=self.rule.description
                or f"the scrape's {target} is page metadata, not speech",
                confidence=0.95,
                auto=self.rule.auto,
                line=lines[0],
                last_line=lines[1],
                target=target,
            )
