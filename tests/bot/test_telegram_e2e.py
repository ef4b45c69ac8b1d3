"""End to end over real HTTP: `regbot telegram --base-url …` runs as a real process against the stand-in Bot API
server, which serves it updates and checks everything it sends as Telegram would.

One polling bot serves the whole module (warmed once); what it sends is compared with what the real answer
engine and renderer produce in this process for the same input and context. The last test stops it with
SIGTERM and checks what its whole run left behind. Waits have generous deadlines and fail with the calls seen;
nothing here measures time.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.answer import Engine, get_engine
from bot.card import CARD_CHARS, CARD_LINES, SCREEN_LINES, compare_docs, compare_table, measure
from bot.inputs import clean
from bot.models import Answer, Turn
from bot.render import to_html
from bot.telegram import COMMANDS, NON_TEXT
from tests.bot.botapi_server import BotApiServer, Sent

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "987654321:E2E-fake-token_abcdefghijklmnopqrstuvw"
MEMBERS = list(range(1000, 1200))  # allowed user ids; test chats are private chats with these users
GROUP = -1001  # an allowed group: anyone in it may ask
TEAM = -1002  # another allowed group, for the group rules
MEMBER_A, MEMBER_B = 5001, 5002  # members of TEAM (not on the allow-list themselves)
STRANGER = 666
DEADLINE = 120.0  # seconds any single wait may take before the test fails (a cold CI machine is slow)


@dataclass
class BotProcess:
    proc: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def regbot_command() -> list[str]:
    """The installed `regbot` console script, or the module when it is not on disk."""
    script = Path(sys.executable).with_name("regbot")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]


def bot_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "REGBOT_"))}
    env.update(PYTHONUNBUFFERED="1", **extra)
    return env


def start_bot(args: list[str], env: dict[str, str], log: Path) -> BotProcess:
    with log.open("wb") as out:
        proc = subprocess.Popen([*regbot_command(), "telegram", *args], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                stdout=out, stderr=subprocess.STDOUT)
    return BotProcess(proc, log)


def stop_bot(bot: BotProcess) -> int:
    if bot.proc.poll() is None:
        bot.proc.send_signal(signal.SIGTERM)
    try:
        return bot.proc.wait(DEADLINE)
    except subprocess.TimeoutExpired:
        bot.proc.kill()
        raise


@pytest.fixture(scope="module")
def server() -> Iterator[BotApiServer]:
    srv = BotApiServer(TOKEN).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def bot(server: BotApiServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    """The bot under test, started once for the module and ready (commands published, polling)."""
    allowed = ",".join(str(i) for i in [*MEMBERS, GROUP, TEAM])
    home = tmp_path_factory.mktemp("bot")
    env = bot_env(TELEGRAM_BOT_TOKEN=TOKEN, REGBOT_ALLOWED_IDS=allowed, REGBOT_LOG_LEVEL="DEBUG", REGBOT_DATA_DIR=str(home))
    proc = start_bot(["--base-url", server.base_url], env, home / "bot.log")
    try:
        server.wait_for(lambda: server.commands and server.calls_to("getUpdates") or proc.proc.poll() is not None,
                        DEADLINE, "the bot to start polling")
        assert proc.proc.poll() is None, proc.output()
        yield proc
    finally:
        if proc.proc.poll() is None:
            proc.proc.kill()
            proc.proc.wait()


@pytest.fixture(scope="module")
def local() -> Engine:
    """The same engine in this process, to know what the bot should send."""
    engine = get_engine()
    engine.warm()
    return engine


def exchange(server: BotApiServer, chat: int, text: str, expected: Answer, full: bool = False,
             user_id: int | None = None, chat_type: str = "private") -> list[Sent]:
    """Send `text` from `chat`, wait for the reply, and check it is exactly the rendering of `expected`."""
    messages = to_html(expected, full)
    before = len(server.sent(chat))
    server.send_text(chat, text, user_id=user_id, chat_type=chat_type)
    got = server.wait_messages(chat, before + len(messages), DEADLINE)[before:]
    assert [m.html for m in got] == messages
    return got


def pressed(server: BotApiServer, message: Sent, data: str, count: int) -> list[Sent]:
    """Press a button of `message`; wait for `count` new messages in its chat."""
    before = len(server.sent(message.chat_id))
    assert data in message.callback_data()
    server.press(message, data)
    return server.wait_messages(message.chat_id, before + count, DEADLINE)[before:]


# ---- start-up ------------------------------------------------------------------------------------------------


def test_startup_publishes_the_command_menu(server: BotApiServer, bot: BotProcess) -> None:
    assert [(c["command"], c["description"]) for c in server.commands] == COMMANDS
    assert server.calls_to("getMe") and server.calls_to("deleteWebhook")
    (call,) = server.calls_to("getUpdates")[:1]
    assert set(call.params.get("allowed_updates", [])) == {"message", "callback_query"}


def test_start_greets_by_escaped_name_and_example_buttons_ask(server: BotApiServer, bot: BotProcess,
                                                             local: Engine) -> None:
    chat = 1001
    server.send_text(chat, "/start", first_name="<i>李&</i>")
    (welcome,) = server.wait_messages(chat, 1, DEADLINE)
    assert welcome.text.startswith("您好，<i>李&</i>！我是条例助手。")
    assert "温州市直机关党委每届任期几年？" in welcome.text
    example = welcome.callback_data()[0]
    question = example.removeprefix("q:")
    expected = to_html(local.ask(question))
    assert [m.html for m in pressed(server, welcome, example, len(expected))] == expected


# ---- questions, citations, buttons, follow-ups -------------------------------------------------------------


def edited(server: BotApiServer, message: Sent, data: str, check: str) -> Sent:
    """Press a button of `message`; wait until the same message has been edited to contain `check`."""
    assert data in message.callback_data()
    server.press(message, data)
    return server.wait_for(lambda: check in message.text and message, DEADLINE, f"an edit showing {check!r}")


def test_question_card_buttons_in_place_and_follow_up(server: BotApiServer, bot: BotProcess, local: Engine) -> None:
    chat = 1002
    first = local.ask("温州市直机关党委每届任期几年？")
    (card,) = exchange(server, chat, "温州市直机关党委每届任期几年？", first)
    assert card.text.startswith("温州（市直 机关党委）：机关党委每届任期 4年")  # the conclusion first
    assert card.text.endswith("温州实施意见（2012）二、3") and "条款编号" not in card.text  # one short source line
    assert [e["type"] for e in card.entities] == ["bold", "expandable_blockquote"]  # no italics for CJK
    assert len(card.buttons) == 1 and server.calls_to("sendChatAction", chat_id=chat, action="typing")

    full = edited(server, card, card.button("o:")["callback_data"], "条款编号：wenzhou-3")  # 原文, in place
    assert "《中共温州市委" in full.text and any(e["type"] == "underline" for e in full.entities)
    page = edited(server, card, card.button("p:")["callback_data"], "更多相关条款（1/3）")  # 更多, in place
    edited(server, page, page.button("p:")["callback_data"], "更多相关条款（2/3）")  # ▶
    assert len(server.sent(chat)) == 1  # all of that in the one message

    follow = local.ask("那湖州呢？", first.turn)
    (got,) = exchange(server, chat, "那湖州呢？", follow)
    assert got.text.startswith("湖州")

    back = edited(server, card, card.button("c:")["callback_data"], "机关党委每届任期 4年")  # 返回: the card again
    server.press(back, back.button("w:")["callback_data"])
    server.wait_for(lambda: len(card.buttons) == 2, DEADLINE, "the city menu")  # 换城市: two rows of cities
    shaoxing = card.button("d:")["callback_data"].rsplit(":", 1)[0] + ":shaoxing"
    expected = to_html(local.for_doc(first.turn, "shaoxing"))  # type: ignore[arg-type]
    assert [m.html for m in pressed(server, card, shaoxing, len(expected))] == expected
    server.wait_for(lambda: len(card.buttons) == 1, DEADLINE, "the used menu to shrink")
    assert not server.rejected()


def test_calc_compare_clause_docs(server: BotApiServer, bot: BotProcess, local: Engine) -> None:
    chat = 1003
    got = exchange(server, chat, "/calc committee committee wenzhou", local.calc("committee committee wenzhou"))
    assert "5–9人" in got[0].text and "机关党委一般设委员5－9人" in got[0].text
    got = exchange(server, chat, "/clause 温州第三条", local.clause("温州第三条"), full=True)
    assert local.corpus.by_id["wenzhou-3"].text in got[0].text and "《中共温州市委" in got[0].text
    got = exchange(server, chat, "/docs", local.docs())
    assert all(d.label in got[0].text for d in local.corpus.documents.values())
    (card,) = exchange(server, chat, "/compare term", local.compare("term"))
    assert card.text.startswith("任期与换届\n温州 5项：机关党委每届任期 4年") and "未规定：绍兴、编办、东莞" in card.text
    assert "「市直部门机关党委每届任期4年」" not in card.text  # quotes are on the documents' pages
    exchange(server, chat, "/ask 湖州机关纪委设几名委员？", local.ask("湖州机关纪委设几名委员？"))


def test_compare_fits_one_screen_and_pages_in_place(server: BotApiServer, bot: BotProcess, local: Engine) -> None:
    chat = 1004
    (card,) = exchange(server, chat, "/compare frequency", local.compare("frequency"))
    counts = {row.label: len(row.items) for row in compare_table("frequency").rows}
    pages = compare_docs("frequency")  # page n of the card is pages[n - 1]
    bianban, last = pages.index("编办") + 1, len(pages)
    assert card.text.startswith(f"会议、学习、汇报等的频次\n温州 {counts['温州']}项：")
    assert [e["type"] for e in card.entities].count("bold") == 6  # the title and one line per document
    assert [b["text"] for b in card.buttons[0]] == ["温州", "湖州", "绍兴", "编办", "东莞"] and len(card.buttons) == 1
    chars, lines, wrapped = measure(card.html)
    assert chars <= CARD_CHARS and lines <= CARD_LINES and wrapped <= SCREEN_LINES
    page = edited(server, card, f"v:frequency:{bianban}", f"编办（{counts['编办']}项，第1–")  # a document's page
    assert "「一般情况下，党小组会应每月召开l次」" in page.text and "expandable_blockquote" in str(page.entities)
    assert [b["text"] for b in page.buttons[0]][1:] == ["↩ 总览", "编办（续） ▶"]
    rest = edited(server, page, f"v:frequency:{bianban + 1}", f"–{counts['编办']}项）")  # ▶: the rest of 编办's
    dongguan = edited(server, rest, f"v:frequency:{last}", f"东莞（{counts['东莞']}项）")  # ▶: the last page
    page = edited(server, dongguan, f"v:frequency:{bianban + 1}", f"–{counts['编办']}项）")  # ◀
    back = edited(server, page, "v:frequency:0", f"温州 {counts['温州']}项：")  # 总览
    assert back.html == card.html == to_html(local.compare("frequency"))[0]
    assert len(server.sent(chat)) == 1 and not server.rejected()  # all of it in the one message

    server.send_text(chat, "/compare")  # bare: Chinese topic buttons
    (_, menu) = server.wait_messages(chat, 2, DEADLINE)
    assert "term" not in menu.text and "任期与换届" in [b["text"] for row in menu.buttons for b in row]
    (unknown,) = exchange(server, chat, "/compare 天气", local.compare("天气"))
    assert "不认识的主题「天气」" in unknown.text and "term" not in unknown.text
    assert "t:term" in unknown.callback_data()  # the topics to choose from


README_QUESTIONS = [
    "温州市直机关党委每届任期几年？", "湖州机关纪委设几名委员？", "温州120名党员，一年党员教育经费多少？",
    "党费几个月不交算自动脱党？", "温州一百二十名党员教育经费多少", "湖州县区机关党委任期几年", "杭州机关党委任期几年",
    "我们支部只有6个党员要不要设支部委员会", "应到20人，至少多少人赞成", "绍兴班子成员已参加30学时，还差多少",
    "绍兴工作人员300人配几名专职党务工作人员", "支部书记能干几年", "公积金怎么提取", "东莞机关党委书记空缺多久内补选？",
    "编办党支部多久开一次会？", "绍兴机关党建有什么要求？", "/calc vote 9",
    *(f"/compare {t}" for t in ("term", "frequency", "committee", "staff", "funding", "stars", "study", "count")),
]


def test_every_reply_to_real_questions_is_one_card_within_the_limits(server: BotApiServer, bot: BotProcess,
                                                                     local: Engine) -> None:
    """The card's limits hold for the rendered messages the bot actually sent: one message, at most
    CARD_CHARS characters and CARD_LINES lines, at most SCREEN_LINES phone lines with the quotes collapsed."""
    chats = list(range(1100, 1100 + len(README_QUESTIONS)))
    for chat, q in zip(chats, README_QUESTIONS, strict=True):
        server.send_text(chat, q)
    for chat, q in zip(chats, README_QUESTIONS, strict=True):
        (card,) = server.wait_messages(chat, 1, DEADLINE)
        assert card.html == to_html(local.handle(q))[0], q
        chars, lines, wrapped = measure(card.html)
        assert (chars, lines) == (len(card.text), card.text.count("\n") + 1), q  # measured as Telegram shows it
        assert chars <= CARD_CHARS and lines <= CARD_LINES and wrapped <= SCREEN_LINES, (q, chars, lines, wrapped)
        assert len(card.buttons) <= 2, q
    assert not server.rejected()


# ---- hostile input -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("chat", "text"), [
    (1010, "<script>alert('x')</script>"),
    (1011, "&"),
    (1012, "温州" + "<&>" * 1700),
    (1013, "😀🎉🙏"),
    (1015, "/clause <script>"),
    (1017, "/clause " + "😀" * 3000),
    (1019, "/clause \x1b[2J\x1b]0;pwned\x07温州\u202e第九十九条\x00"),
])
def test_hostile_input_gets_a_valid_reply(server: BotApiServer, bot: BotProcess, local: Engine, chat: int,
                                          text: str) -> None:
    got = exchange(server, chat, text, local.handle(clean(text)))
    assert got and all(m.text.strip() for m in got)
    assert not [c for c in server.rejected() if c.params.get("chat_id") == chat]
    if text.startswith("/clause <script>"):
        assert "「<script>」" in got[0].text and "&lt;script&gt;" in got[0].html
    if "\x1b" in text:  # echoed back cleaned: no escape sequences, bidi overrides or NULs
        assert "温州第九十九条" in got[0].text
        assert not any(c in m.text for m in got for c in ("\x1b", "\u202e", "\x00", "pwned", "\x07"))
    if len(text) > 3000:
        assert len(got[0].text) < 1000  # the question was cut before the engine, and so is its echo


def test_a_sticker_gets_a_hint(server: BotApiServer, bot: BotProcess) -> None:
    server.inject(server.message_update(1018, None))
    (hint,) = server.wait_messages(1018, 1, DEADLINE)
    assert hint.text == NON_TEXT


# ---- many chats, the allow-list ---------------------------------------------------------------------------------

QUESTIONS = [
    "温州市直机关党委每届任期几年？", "湖州机关纪委设几名委员？", "温州120名党员，一年党员教育经费多少？",
    "党费几个月不交算自动脱党？", "东莞机关党委书记空缺多久内补选？", "绍兴机关党建有什么要求？",
    "/clause wenzhou-3", "/clause huzhou-5", "/calc vote 9", "/calc orgtype 120 members wenzhou",
    "湖州县区机关党委任期几年", "杭州机关党委任期几年", "编办党支部多久开一次会？", "/compare term",
    "温州直属党支部设几名委员？", "/docs", "绍兴专职党务工作人员怎么配？", "东莞党员教育经费标准", "温州第三条", "那么",
]
FOLLOW_UPS = ["那湖州呢？", "那绍兴呢？", "那东莞呢？", "那温州呢？", "县里呢？"]


def test_twenty_chats_at_once_each_get_their_own_answer_and_context(server: BotApiServer, bot: BotProcess,
                                                                    local: Engine) -> None:
    chats = list(range(1020, 1040))
    expected: dict[int, Answer] = {c: local.handle(q) for c, q in zip(chats, QUESTIONS, strict=True)}
    for chat, q in zip(chats, QUESTIONS, strict=True):
        server.send_text(chat, q)
    for chat in chats:
        got = server.wait_messages(chat, len(to_html(expected[chat])), DEADLINE)
        assert [m.html for m in got] == to_html(expected[chat]), QUESTIONS[chats.index(chat)]
        assert server.calls_to("sendChatAction", chat_id=chat)
    # then all twenty follow up at once, each on its own previous question
    turns: dict[int, Turn | None] = {c: expected[c].turn for c in chats}
    follow = {c: FOLLOW_UPS[i % len(FOLLOW_UPS)] for i, c in enumerate(chats)}
    after = {c: local.ask(follow[c], turns[c]) for c in chats}
    counts = {c: len(server.sent(c)) for c in chats}
    for chat in chats:
        server.send_text(chat, follow[chat])
    for chat in chats:
        messages = to_html(after[chat])
        got = server.wait_messages(chat, counts[chat] + len(messages), DEADLINE)[counts[chat]:]
        assert [m.html for m in got] == messages, (QUESTIONS[chats.index(chat)], follow[chat])
    assert not server.rejected()


def test_allow_list(server: BotApiServer, bot: BotProcess, local: Engine) -> None:
    server.send_text(STRANGER, "温州市直机关党委每届任期几年？")
    (refusal,) = server.wait_messages(STRANGER, 1, DEADLINE)
    assert "只对授权用户开放" in refusal.text and str(STRANGER) in refusal.text
    exchange(server, GROUP, "/clause 湖州第五条", local.clause("湖州第五条"), full=True, user_id=5555,
             chat_type="supergroup")


# ---- groups ---------------------------------------------------------------------------------------------------


def in_team(server: BotApiServer, text: str, user: int, reply_to: Sent | None = None) -> int:
    """A message in the TEAM group from `user` (optionally replying to one of the bot's messages); its id."""
    extra = {"reply_to_message": server.replying_to(reply_to)} if reply_to else {}
    update = server.message_update(TEAM, text, user_id=user, chat_type="supergroup", **extra)
    server.inject(update)
    return update["message"]["message_id"]


def answered(server: BotApiServer, count: int, expected: Answer, question_id: int) -> Sent:
    """Wait for the group's `count`-th message: the card of `expected`, threaded under the question."""
    got = server.wait_messages(TEAM, count, DEADLINE)
    assert len(got) == count, [m.text for m in got]
    assert [m.html for m in got[count - 1:]] == to_html(expected)
    assert got[-1].reply_to == question_id  # threaded: reply_parameters names the asking message
    return got[-1]


def test_group_rules(server: BotApiServer, bot: BotProcess, local: Engine) -> None:
    """In a group the bot answers only @mentions, replies to it and commands, threaded; it is silent on small
    talk and on questions the documents do not answer; follow-ups continue the replied-to answer, else the
    same member's own question, never another member's."""
    mention = f"@{server.bot['username']} "
    in_team(server, "大家中午吃什么？", MEMBER_A)  # small talk, not addressed: ignored
    in_team(server, mention + "大家中午吃什么？", MEMBER_A)  # addressed small talk: silent
    in_team(server, mention + "公积金怎么提取", MEMBER_B)  # addressed, not regulated: silent
    first = local.ask("温州市直机关党委每届任期几年？")
    asked = in_team(server, mention + "温州市直机关党委每届任期几年？", MEMBER_A)
    a_card = answered(server, 1, first, asked)  # the only message so far: nothing for the three before it
    assert local.ask("大家中午吃什么？").kind in ("not_found", "empty")  # what silence stands for
    assert bot.output().count(f"silent in group {TEAM}") >= 2

    other = local.ask("湖州机关纪委设几名委员？")
    asked = in_team(server, "/ask 湖州机关纪委设几名委员？", MEMBER_B)  # a command
    b_card = answered(server, 2, other, asked)

    in_team(server, "县里呢？", MEMBER_B)  # neither a mention nor a reply: not for the bot
    a_county = local.ask("县里呢？", first.turn)
    assert to_html(a_county) != to_html(local.ask("县里呢？", other.turn))  # the two lines really differ
    asked = in_team(server, "县里呢？", MEMBER_A, reply_to=a_card)  # A replies to A's answer
    answered(server, 3, a_county, asked)

    b_own = local.ask("那温州呢？", other.turn)
    assert to_html(b_own) != to_html(local.ask("那温州呢？", first.turn))
    asked = in_team(server, mention + "那温州呢？", MEMBER_B)  # B, no reply: B's own question continues
    answered(server, 4, b_own, asked)

    b_on_a = local.ask("那湖州呢？", first.turn)
    asked = in_team(server, "那湖州呢？", MEMBER_B, reply_to=a_card)  # B replies to A's answer: that answer's line
    answered(server, 5, b_on_a, asked)
    assert b_card.text != a_card.text

    asked = in_team(server, "/start", MEMBER_B)
    (start,) = server.wait_messages(TEAM, 6, DEADLINE)[5:]
    assert start.reply_to == asked and start.text.count("\n") == 0 and len(start.text) < 150  # short in groups
    assert {c["command"] for c in server.scoped_commands["all_group_chats"]} == {"ask", "calc", "clause", "compare", "help"}
    assert not [c for c in server.rejected() if c.params.get("chat_id") == TEAM]


# ---- delivery: outages and floods lose nothing ----------------------------------------------------------------


def test_a_ten_second_outage_of_each_kind_loses_no_answer(server: BotApiServer, bot: BotProcess, local: Engine) -> None:
    chats = {"500": 1091, "502": 1092, "429": 1093, "hang": 1094}
    expected = to_html(local.clause("wenzhou-3"), True)
    for kind, chat in chats.items():
        server.outage(kind, 10, {chat})
        server.send_text(chat, "/clause wenzhou-3")
    for chat in chats.values():
        assert [m.html for m in server.wait_messages(chat, len(expected), DEADLINE)] == expected
    assert {c.error for c in server.failures} >= set(chats)  # each kind of failure did happen, and was retried
    assert "LOST" not in bot.output()


def test_a_flood_under_telegram_limits_loses_no_answer(server: BotApiServer, bot: BotProcess, local: Engine) -> None:
    """50 chats × 4 questions at once, and 100 messages from one chat, under 30/s overall and 5/s per chat."""
    questions = ["/clause wenzhou-3", "/calc vote 9", "温州市直机关党委每届任期几年？", "/docs"]
    expected = [to_html(local.handle(q)) for q in questions]
    chats = list(range(1040, 1090))
    flooder = 1095
    server.flood_control()
    try:
        for q in questions:
            for chat in chats:
                server.send_text(chat, q)
        for _ in range(100):
            server.send_text(flooder, "/clause huzhou-5")
        for chat in chats:
            got = server.wait_messages(chat, 4, DEADLINE)
            assert [[m.html] for m in got] == expected, chat  # all four, in order
        flood = server.wait_messages(flooder, 100, DEADLINE)
        assert len(flood) == 100 and len({m.html for m in flood}) == 1
    finally:
        server.flood_control(False)
    assert [c for c in server.failures if c.error == "429"]  # flood control did push back
    assert "LOST" not in bot.output()


# ---- start-up errors, webhook, stop -------------------------------------------------------------------------------


def run_briefly(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*regbot_command(), "telegram", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=DEADLINE, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize(("env", "message"), [
    ({}, "缺少环境变量 TELEGRAM_BOT_TOKEN"),
    ({"TELEGRAM_BOT_TOKEN": "not-a-token-SECRET"}, "TELEGRAM_BOT_TOKEN 的格式不对"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "REGBOT_ALLOWED_IDS": "12,abc"}, "REGBOT_ALLOWED_IDS 的格式不对"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "REGBOT_ALLOWED_IDS": ","}, "REGBOT_ALLOWED_IDS 的格式不对"),  # nobody ≠ everyone
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "REGBOT_ALLOWED_IDS": ""}, "REGBOT_ALLOWED_IDS 的格式不对"),  # set but empty
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "REGBOT_ALLOWED_IDS": " , ;"}, "REGBOT_ALLOWED_IDS 的格式不对"),
])
def test_bad_settings_are_a_clear_startup_error(env: dict[str, str], message: str) -> None:
    done = run_briefly([], bot_env(**env))
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr + done.stdout
    assert "SECRET" not in done.stderr + done.stdout and TOKEN not in done.stderr + done.stdout


@pytest.mark.parametrize("level", ["INFO", "DEBUG"])
def test_a_rejected_token_is_a_clear_startup_error(server: BotApiServer, level: str) -> None:
    other = "111:" + "r" * 35
    done = run_briefly(["--base-url", server.base_url], bot_env(TELEGRAM_BOT_TOKEN=other, REGBOT_LOG_LEVEL=level))
    assert done.returncode == 2
    assert "拒绝了 TELEGRAM_BOT_TOKEN" in done.stderr and "r" * 35 not in done.stderr + done.stdout
    assert level == "DEBUG" or "Traceback" not in done.stderr  # tracebacks only for developers


def test_an_unreachable_server_is_a_clear_startup_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket closes
    done = run_briefly(["--base-url", f"http://127.0.0.1:{port}"], bot_env(TELEGRAM_BOT_TOKEN=TOKEN))
    assert done.returncode == 3
    assert "无法连接 Bot API 服务器" in done.stderr and "Traceback" not in done.stderr


def post_update(url: str, update: dict[str, Any], secret: str | None) -> int:
    """POST one update to the bot's webhook, as Telegram does; the HTTP status."""
    headers = {"Content-Type": "application/json"}
    if secret:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, json.dumps(update).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=DEADLINE) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_webhook_mode(tmp_path: Path, local: Engine) -> None:
    hook_server = BotApiServer(TOKEN).start()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/regbot/hook"
    env = bot_env(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_WEBHOOK_SECRET="s3cret-value", REGBOT_DATA_DIR=str(tmp_path))
    proc = start_bot(["--base-url", hook_server.base_url, "--webhook-url", url, "--listen", "127.0.0.1",
                      "--port", str(port)], env, tmp_path / "webhook.log")
    try:
        hook_server.wait_for(lambda: hook_server.calls_to("setWebhook") or proc.proc.poll() is not None,
                             DEADLINE, "setWebhook")
        (call,) = hook_server.calls_to("setWebhook")
        assert call.params["url"] == url and call.params["secret_token"] == "s3cret-value"
        update = {"update_id": 1, **hook_server.message_update(2001, "/clause wenzhou-3")}
        status = _post_when_listening(url, update, "s3cret-value", proc)
        assert status == 200
        expected = to_html(local.clause("wenzhou-3"), True)
        assert [m.html for m in hook_server.wait_messages(2001, len(expected), DEADLINE)] == expected
        forged = [post_update(url, {"update_id": 10 + i, **hook_server.message_update(2002, "/docs", user_id=MEMBERS[0])},
                              "wrong" if i % 2 else None) for i in range(200)]
        assert forged == [403] * 200
        assert stop_bot(proc) == 0
        assert hook_server.sent(2002) == []  # 200 forged posts, nothing sent
        assert TOKEN not in proc.output()
    finally:
        if proc.proc.poll() is None:
            proc.proc.kill()
        hook_server.stop()


def test_a_webhook_without_a_secret_gets_a_generated_one_on_loopback(tmp_path: Path) -> None:
    hook_server = BotApiServer(TOKEN).start()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/hook"
    env = bot_env(TELEGRAM_BOT_TOKEN=TOKEN, REGBOT_DATA_DIR=str(tmp_path))
    proc = start_bot(["--base-url", hook_server.base_url, "--webhook-url", url, "--port", str(port)], env,
                     tmp_path / "webhook.log")
    try:
        hook_server.wait_for(lambda: hook_server.calls_to("setWebhook") or proc.proc.poll() is not None,
                             DEADLINE, "setWebhook")
        (call,) = hook_server.calls_to("setWebhook")
        assert len(call.params.get("secret_token", "")) >= 32  # locked even though none was configured
        update = {"update_id": 1, **hook_server.message_update(2003, "/docs")}
        assert _post_when_listening(url, update, "", proc) == 403
        assert stop_bot(proc) == 0 and hook_server.sent(2003) == []
        assert "OPEN to everyone" in proc.output() and "generated for this run" in proc.output()
    finally:
        if proc.proc.poll() is None:
            proc.proc.kill()
        hook_server.stop()


def test_a_public_webhook_without_a_secret_refuses_to_start() -> None:
    done = run_briefly(["--webhook-url", "https://example.com/hook", "--listen", "0.0.0.0", "--port", "8443"],
                       bot_env(TELEGRAM_BOT_TOKEN=TOKEN))
    assert done.returncode == 2
    assert "必须设置 TELEGRAM_WEBHOOK_SECRET" in done.stderr and "Traceback" not in done.stderr


def _post_when_listening(url: str, update: dict[str, Any], secret: str, proc: BotProcess) -> int:
    """setWebhook comes just before the webhook server listens: retry refused connections while the bot runs."""
    while True:
        try:
            return post_update(url, update, secret)
        except urllib.error.URLError as exc:
            if proc.proc.poll() is not None or not isinstance(exc.reason, ConnectionRefusedError):
                raise
            time.sleep(0.1)


def test_sigterm_stops_cleanly_after_finishing_its_work(server: BotApiServer, bot: BotProcess) -> None:
    """Last: strangers' further messages get nothing, pending work finishes, the token was never logged."""
    chat = 1090
    server.send_text(STRANGER, "你好")
    server.wait_messages(STRANGER, 1, DEADLINE)
    server.send_text(STRANGER, "再问一次")
    server.send_text(STRANGER, "/start")
    server.press(server.sent(STRANGER)[0], "f:wenzhou-3")
    last = server.send_text(chat, "/clause wenzhou-3")
    server.wait_confirmed(last, DEADLINE)
    assert stop_bot(bot) == 0
    output = bot.output()
    assert len(server.sent(STRANGER)) == 1  # one refusal, nothing else
    assert server.sent(chat)  # work in hand when the signal came was finished
    assert not server.rejected(), server.rejected()
    assert TOKEN not in output and TOKEN.split(":")[1] not in output
    assert "Traceback" not in output
    assert "bot stopped" in output
    assert f"access: allow-list of {len(MEMBERS) + 2} user/chat id(s)" in output
