"""The filter dialog (``f``) lists each rule with its flags and acceptance rate."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Select

from tests.tui.test_keys import SIZE, open_group, ready
from workbench.tui import ReviewApp
from workbench.tui.dialogs import FilterScreen


async def test_the_filter_lists_rules_with_flags_and_acceptance(
    make_app: Callable[[], ReviewApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        # The first two flags of the expanded ChatGPT group: one accepted, one rejected.
        await open_group(pilot, session, "chatgpt")
        assert session.current is not None and session.current.suggestion.rule_id == "chatgpt"
        await pilot.press("a", "r")
        await pilot.press("f")
        assert isinstance(app.screen, FilterScreen)
        select = app.screen.query_one("#filter-rule", Select)
        options = {
            value: str(label) for label, value in select._options if value in session.values("rule")
        }
        assert sum(item.suggestion.rule_id == "chatgpt" for item in session.items) == 4
        assert options["chatgpt"] == "chatgpt (4 flags, 50% accepted)"
        assert options["gpt-4"] == "gpt-4 (2 flags)"  # nothing decided yet
        assert options["lamda"] == "lamda (1 flag)"
        # Choosing a rule still filters by its id.
        select.value = "chatgpt"
        await pilot.click("#apply")
        await pilot.pause()
        assert {item.suggestion.rule_id for item in session} == {"chatgpt"}
