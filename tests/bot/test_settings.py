"""One settings object for every setting: read from the environment in bot/settings.py only, command-line
options on top, passed down as arguments."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings
from index.config import IndexConfig

ROOT = Path(__file__).resolve().parents[2]


def test_the_environment_gives_every_setting() -> None:
    s = load_settings({"REGBOT_BACKEND": "ST", "REGBOT_MODEL": " /models/bge ", "REGBOT_INDEX_DIR": "/srv/idx",
                       "REGBOT_HISTORY": "/tmp/h", "REGBOT_LOG_LEVEL": "warning", "REGBOT_DATA_DIR": "/srv/chats"})
    assert s.index == IndexConfig(backend="st", model="/models/bge", index_dir=Path("/srv/idx"))
    assert s.regbot_history == Path("/tmp/h") and s.log_level() == "WARNING" and s.data_dir() == Path("/srv/chats")


def test_defaults_and_options_over_the_environment() -> None:
    s = load_settings({})
    assert s.index == IndexConfig() and s.log_level("WARNING") == "WARNING" and s.token == ""
    assert s.data_dir().name == "regbot"  # the per-user data directory
    s = load_settings({"REGBOT_BACKEND": "st"}, regbot_backend="fake", regbot_model=None)
    assert s.index.backend == "fake"


def test_the_token_is_needed_by_the_bot_only() -> None:
    assert load_settings({"TELEGRAM_BOT_TOKEN": "not-a-token"}).index.backend == "e5"  # other commands still run
    with pytest.raises(SettingsError, match="TELEGRAM_BOT_TOKEN 的格式不对"):
        load_settings({"TELEGRAM_BOT_TOKEN": "not-a-token"}, require_token=True)


def test_a_bad_backend_is_a_chinese_error() -> None:
    with pytest.raises(SettingsError, match="应为 e5、st 或 fake"):
        load_settings({"REGBOT_BACKEND": "openai"})


def test_nothing_but_the_settings_module_reads_the_environment() -> None:
    """index/embed.py only *sets* OMP_NUM_THREADS around loading its engine (a C library reads it)."""
    readers = []
    for path in sorted(ROOT.glob("[bciqr]*/**/*.py")):
        if path.parts[len(ROOT.parts)] in ("bot", "corpus", "index", "rules", "query"):
            text = path.read_text(encoding="utf-8")
            if re.search(r"os\.environ\.get|os\.getenv|environ\[[^\]]+\](?!\s*=)", text):
                readers.append(path.relative_to(ROOT).as_posix())
    assert readers == ["index/embed.py"]
