"""Learn a rule from an edit: the replaced phrase becomes a term variant or a replace rule.

What a user learns goes to ``learned.yaml`` in the first ``--rules`` folder,
else in the store (DESIGN, "Defaults"); ``rule_dirs`` loads it from then on.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from workbench.checks.matcher import is_whole_word_phrase
from workbench.checks.term import TermRule
from workbench.diffing import DELETE, EQUAL, INSERT, word_diff
from workbench.errors import RuleFileError, UsageError
from workbench.ruleset import RuleSet, add_variant, append_rule, parse_rule
from workbench.store import LEARNED_FILE

MAX_PHRASE_WORDS = 6
"""Longer replacements are rewrites, not mishearings: learning refuses them."""


def learned_path(rule_dirs: Sequence[Path], store_root: Path) -> Path:
    """Where learned rules go: the first ``--rules`` folder, else the store."""
    return (rule_dirs[0] if rule_dirs else store_root) / LEARNED_FILE


def rule_dirs(rule_dirs: Sequence[Path], store_root: Path) -> list[Path]:
    """The rule folders to load: the user's, then the store when it holds learned rules.

    The store's rules load even with ``--rules``, so that adding a folder
    never silently drops what was learned without one.
    """
    folders = list(rule_dirs)
    learned_in_store = (store_root / LEARNED_FILE).is_file()
    if learned_in_store and store_root.resolve() not in {f.resolve() for f in folders}:
        folders.append(store_root)
    return folders


def _trim(old: str, new: str) -> tuple[str, str]:
    """Drop punctuation both sides share at either end ("Dppd4." / "GPT-4." → "Dppd4" / "GPT-4")."""
    old, new = old.strip(), new.strip()
    while old and new and old[-1] == new[-1] and not old[-1].isalnum():
        old, new = old[:-1], new[:-1]
    while old and new and old[0] == new[0] and not old[0].isalnum():
        old, new = old[1:], new[1:]
    return old.strip(), new.strip()


def _changed_runs(before: str, after: str) -> list[tuple[str, str]]:
    """Each place an edit changed: (old, new) phrases, trimmed. Two changes are one
    place when no unchanged word stands between them."""
    runs: list[list[tuple[int, str]]] = [[]]
    for op, text in word_diff(before, after):
        if op == EQUAL and any(char.isalnum() for char in text):
            runs.append([])
        else:
            runs[-1].append((op, text))
    return [
        _trim(
            "".join(text for op, text in run if op != INSERT),
            "".join(text for op, text in run if op != DELETE),
        )
        for run in runs
        if any(op != EQUAL for op, _ in run)
    ]


def replaced_phrase(before: str, after: str, suggested: str | None = None) -> tuple[str, str]:
    """The phrase an edit replaced and what replaced it: one place, one rule.

    When the edit also makes the change the flag ``suggested``, that place
    teaches nothing new and is left out; an edit of several other places is
    refused (learn one at a time), never glued into one phrase.
    """
    runs = _changed_runs(before, after)
    if not runs:
        raise UsageError("the edit changes nothing: there is no rule to learn")
    if suggested is not None and len(runs) > 1:
        made = set(_changed_runs(before, suggested))
        runs = [run for run in runs if run not in made] or runs
    if len(runs) > 1:
        places = "; ".join(f"{old!r} → {new!r}" for old, new in runs[:3])
        raise UsageError(
            f"the edit changes {len(runs)} places ({places}): a rule is learned from one; "
            "edit one place, learn it, then the next"
        )
    old, new = runs[0]
    if not old or not new:
        raise UsageError(
            "learn needs a phrase replaced by another, not only added or removed words"
        )
    if len(old.split()) > MAX_PHRASE_WORDS or len(new.split()) > MAX_PHRASE_WORDS:
        raise UsageError(
            f"the edit changes more than {MAX_PHRASE_WORDS} words: too much for one rule"
        )
    return old, new


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "phrase"


@dataclass(frozen=True, slots=True)
class Proposal:
    """A rule to save, shown to the user first."""

    path: Path
    """The learned-rules file it goes to."""
    rule: dict[str, object]
    """The rule as it will appear in the file (for a new variant: the term rule it joins)."""
    variant_of: str | None = None
    """The id of a term rule in ``path`` that gains a variant, instead of a new rule."""

    @property
    def rule_id(self) -> str:
        """The id of the rule saved or extended."""
        return str(self.rule["id"])

    @property
    def yaml(self) -> str:
        """The rule as YAML, for the confirmation screen."""
        # Imported here: ``rule_dirs`` is on every command's path, this is not.
        from ruamel.yaml import YAML

        out = io.StringIO()
        YAML().dump([self.rule], out)
        return out.getvalue().rstrip()


def _term_with_canonical(rule_set: RuleSet, canonical: str) -> TermRule | None:
    return next(
        (r for r in rule_set.rules if isinstance(r, TermRule) and r.canonical == canonical), None
    )


def propose(
    before: str, after: str, rule_set: RuleSet, path: Path, *, suggested: str | None = None
) -> Proposal:
    """The rule that the edit ``before`` → ``after`` teaches, to be saved to ``path``;
    ``suggested`` is what the flag proposed (see ``replaced_phrase``)."""
    old, new = replaced_phrase(before, after, suggested)
    term = _term_with_canonical(rule_set, new)
    if term is not None:
        if old.casefold() in (v.casefold() for v in term.variants):
            raise UsageError(f"{old!r} is already a variant of {term.id}")
        if not is_whole_word_phrase(old):
            raise UsageError(f"{old!r} must start and end with a letter or digit to be a variant")
        learned_id = term.id if rule_set.sources.get(term.id) == path else f"{term.id}-learned"
        existing = rule_set.get(learned_id)
        if isinstance(existing, TermRule) and rule_set.sources.get(learned_id) == path:
            grown: dict[str, object] = {
                "id": learned_id,
                "kind": "term",
                "canonical": new,
                "variants": [*existing.variants, old],
            }
            return Proposal(path, grown, variant_of=learned_id)
        rule: dict[str, object] = {
            "id": learned_id,
            "kind": "term",
            "description": f"Learned in review: more mishearings of {new}",
            "canonical": new,
            "variants": [old],
        }
        return _checked(Proposal(path, rule))
    base = f"learned-{_slug(old)}"
    taken = {r.id for r in rule_set.rules} | set(rule_set.sources)
    rule_id, number = base, 1
    while rule_id in taken:
        number += 1
        rule_id = f"{base}-{number}"
    replace: dict[str, object] = {
        "id": rule_id,
        "kind": "replace",
        "description": f"Learned in review: {old} → {new}",
        "pattern": old,
        "replace": new,
    }
    return _checked(Proposal(path, replace))


def _checked(proposal: Proposal) -> Proposal:
    """Refuse a rule the schema would refuse, before the user is asked to confirm it."""
    try:
        parse_rule(dict(proposal.rule))
    except ValidationError as error:
        raise RuleFileError(
            f"cannot learn this edit: {error.errors()[0]['msg']}",
            path=proposal.path,
            rule_id=proposal.rule_id,
        ) from None
    return proposal


def save(proposal: Proposal) -> None:
    """Write the proposal to its file; comments and the order of the rules are kept."""
    if proposal.variant_of is not None:
        variants = proposal.rule["variants"]
        assert isinstance(variants, list)
        add_variant(proposal.path, proposal.variant_of, str(variants[-1]))
    else:
        append_rule(proposal.path, proposal.rule)
