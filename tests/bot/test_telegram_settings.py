"""Settings from the environment, the token kept out of logs, Bot API URLs, and the stand-in server's checks."""

from __future__ import annotations

import io
import logging
import subprocess
import sys

import pytest

from bot.settings import Redact, SettingsError, load_settings
from bot.telegram import api_url, file_url
from tests.bot.botapi_server import BadRequest, check_markup, check_text, parse_html

TOKEN = "123456789:AAE-valid_token-abcdefghijklmnopqrstuv"


def test_a_valid_environment() -> None:
    s = load_settings({"TELEGRAM_BOT_TOKEN": f" {TOKEN} ", "REGBOT_ALLOWED_IDS": "12, -100345；7".replace("；", ","),
                       "REGBOT_LOG_LEVEL": "debug"})
    assert s.token == TOKEN and s.regbot_log_level == "DEBUG"
    assert s.regbot_allowed_ids == {12, -100345, 7}
    assert s.allows(12, 99) and s.allows(5, -100345) and not s.allows(5, 5)
    assert TOKEN not in repr(s) and TOKEN not in str(s)


def test_no_allow_list_lets_everyone_in() -> None:
    assert load_settings({"TELEGRAM_BOT_TOKEN": TOKEN}).allows(1, 1)


@pytest.mark.parametrize(("env", "says"), [
    ({}, "缺少环境变量 TELEGRAM_BOT_TOKEN"),
    ({"TELEGRAM_BOT_TOKEN": "5550123"}, "TELEGRAM_BOT_TOKEN 的格式不对"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN + " extra words"}, "TELEGRAM_BOT_TOKEN 的格式不对"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "REGBOT_ALLOWED_IDS": "me"}, "REGBOT_ALLOWED_IDS 的格式不对"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "REGBOT_LOG_LEVEL": "loud"}, "REGBOT_LOG_LEVEL 的取值不对"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_SECRET": "a b"}, "TELEGRAM_WEBHOOK_SECRET 的格式不对"),
])
def test_bad_settings_are_explained_in_chinese_without_the_value(env: dict[str, str], says: str) -> None:
    with pytest.raises(SettingsError) as err:
        load_settings(env, require_token=True)
    assert says in str(err.value)
    assert all(v not in str(err.value) for v in env.values())


def test_the_token_is_scrubbed_from_log_messages_and_tracebacks() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(Redact([TOKEN]))
    logger = logging.getLogger("test.redact")
    logger.addHandler(handler)
    try:
        logger.warning("POST https://api.telegram.org/bot%s/getMe", TOKEN)
        try:
            raise RuntimeError(f"The token `{TOKEN}` was rejected")
        except RuntimeError:
            logger.exception("start-up failed")
    finally:
        logger.removeHandler(handler)
    out = stream.getvalue()
    assert TOKEN not in out and out.count("<TOKEN>") == 2 and "RuntimeError" in out


@pytest.mark.parametrize(("given", "api", "files"), [
    ("http://127.0.0.1:8081", "http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/file/bot"),
    ("http://127.0.0.1:8081/bot/", "http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/file/bot"),
    ("https://h/api/bot{token}", "https://h/api/bot{token}", "https://h/api/file/bot{token}"),
])
def test_base_urls(given: str, api: str, files: str) -> None:
    assert (api_url(given), file_url(given)) == (api, files)


@pytest.mark.parametrize("html", ["<b>粗</b> &lt;i&gt; &amp; &quot; &#39; &#x1F600;", '<a href="https://x.cn">链接</a>',
                                  "<pre><code class=\"language-python\">x</code></pre>", "a > b"])
def test_stand_in_accepts_telegram_html(html: str) -> None:
    assert check_text(html, "HTML")[0]


@pytest.mark.parametrize("html", ["<script>x</script>", "a & b", "&nbsp;", "<b>open", "<b><i>x</b></i>", "</b>",
                                  "x < y", "<span>x</span>", "<b>  </b>", "", "字" * 4097, "😀" * 2049])
def test_stand_in_rejects_what_telegram_rejects(html: str) -> None:
    with pytest.raises(BadRequest):
        check_text(html, "HTML")


def test_stand_in_entities_and_button_data() -> None:
    plain, entities = parse_html("一<b>二</b>😀<i>三</i>")
    assert plain == "一二😀三"
    assert entities == [{"type": "bold", "offset": 1, "length": 1}, {"type": "italic", "offset": 4, "length": 1}]
    check_markup({"inline_keyboard": [[{"text": "ok", "callback_data": "x" * 64}]]})
    for bad in [{"text": "ok", "callback_data": "字" * 22}, {"text": "", "callback_data": "x"}, {"text": "no data"}]:
        with pytest.raises(BadRequest):
            check_markup({"inline_keyboard": [[bad]]})


def test_the_terminal_never_imports_telegram() -> None:
    """`regbot ask` and the renderer stay free of python-telegram-bot (it is imported only by `regbot telegram`)."""
    code = ("import sys; from bot.cli import main; import bot.render, bot.answer, bot.keyboard, bot.settings; "
            "main(['clause', 'wenzhou-3']); sys.exit(1 if 'telegram' in sys.modules else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "wenzhou-3" in done.stdout
