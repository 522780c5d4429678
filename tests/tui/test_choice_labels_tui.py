"""A choice field's empty value is labelled for that field: only Blocked says "(not blocked)"."""

from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay

from .conftest import settle


def _shown(select: Select) -> str:
    """The text of the Select as it stands on the card (its current value)."""
    return str(select.query_one(SelectCurrent).query_one("#label").render()).strip()


def _option_texts(select: Select) -> list[str]:
    overlay = select.query_one(SelectOverlay)
    return [str(overlay.get_option_at_index(i).prompt) for i in range(overlay.option_count)]


async def test_language_code_does_not_say_not_blocked(shop, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_customer("C")
        await settle(pilot)
        form = app.screen.form
        language = form.row("language").editor
        blocked = form.row("blocked").editor
        assert isinstance(language, Select) and isinstance(blocked, Select)
        assert language.value == "" and blocked.value == ""

        assert _shown(language) == "(default)"  # the company's document language
        assert "(not blocked)" not in _option_texts(language)
        assert [t.strip() for t in _option_texts(language)] == ["(default)", "en", "fr"]

        assert _shown(blocked) == "(not blocked)"
        assert [t.strip() for t in _option_texts(blocked)] == ["(not blocked)", "Ship", "Invoice", "All"]

        # choosing a language and going back to the empty one keeps the field's own label
        language.value = "fr"
        await settle(pilot)
        assert _shown(language) == "fr"
        language.value = ""
        await settle(pilot)
        assert _shown(language) == "(default)"


def test_an_empty_choice_elsewhere_is_blank_and_a_rule_may_name_it():
    from dataclasses import dataclass

    from salesdesk.widgets.record_form import choice_label

    @dataclass
    class Rule:
        name: str
        empty_label: str | None = None

    assert choice_label(Rule("sales_channel"), "").strip() == ""
    assert choice_label(Rule("blocked"), "") == "(not blocked)"
    assert choice_label(Rule("language"), "") == "(default)"
    assert choice_label(Rule("sales_channel", empty_label="(any)"), "") == "(any)"
    assert choice_label(Rule("blocked"), "ship") == "Ship"
    assert choice_label(Rule("language"), "fr") == "fr"
