"""Settings and file locations, resolved once at start-up and passed in.

The settings file (``settings.toml`` in the platformdirs config directory) is optional:

    [keymap]
    post = "f9,ctrl+p"     # binding id = keys

Nothing here is computed at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

APP_NAME = "salesdesk"


@dataclass(frozen=True)
class Settings:
    db: str
    settings_file: Path | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    locale: str = "en_US"
    log_file: Path | None = None


def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "salesdesk.db"


def resolve(db: str | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Settings from (in order) the ``--db`` argument, ``SALESDESK_DB``, the default path."""
    env = os.environ if environ is None else environ
    target = db or env.get("SALESDESK_DB") or str(default_db_path())
    settings_file = config_dir() / "settings.toml"
    keymap: dict[str, str] = {}
    locale = env.get("SALESDESK_LOCALE", "en_US")
    if settings_file.is_file():
        import tomllib

        try:
            data = tomllib.loads(settings_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # tomllib.TOMLDecodeError is a ValueError
            data = {}
        keymap = {str(k): str(v) for k, v in data.get("keymap", {}).items()}
        locale = str(data.get("locale", locale))
    return Settings(db=target, settings_file=settings_file, keymap=keymap, locale=locale,
                    log_file=data_dir() / "salesdesk.log")
