"""A database server that cannot be reached: the desk says so once, as a sentence, and no
panel waiting for the database reports an "Unexpected error"."""

from salesdesk.app import SalesDeskApp
from salesdesk.config import Settings

from .conftest import settle


async def test_an_unreachable_server_is_one_clear_message(tmp_path):
    settings = Settings(db="postgresql+psycopg://nobody:secret@127.0.0.1:1/nothing",
                        log_file=tmp_path / "salesdesk.log")
    app = SalesDeskApp(settings)  # no desk handed over: it opens the database itself
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(20):
            await settle(pilot)
            if app.desk_ready.is_set():
                break
        await settle(pilot, rounds=6)
        shown = [(n.title, n.message) for n in app._notifications]
    assert [title for title, _m in shown] == ["Cannot do that"]
    assert "database server cannot be reached" in shown[0][1]
