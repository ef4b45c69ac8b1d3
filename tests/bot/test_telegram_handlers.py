"""Handler tests: the Application with a fake answer engine and a recording request (no network), as
python-telegram-bot's own suite does with its offline `BaseRequest` subclass.

Every message the bot sends goes through the stand-in server's HTML validator, so an escaping bug fails here.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import threading
import time
from types import SimpleNamespace
from typing import Any

import pytest
from tests.bot.botapi_server import BadRequest, check_markup, check_text
from telegram import Update
from telegram.request import BaseRequest, RequestData

from bot import keyboard
from bot.inputs import MAX_CHARS
from bot.models import Answer, Lead, Shown, Turn
from bot.settings import load_settings
from bot.telegram import (
    APOLOGY,
    CALC_PROMPT,
    COMMANDS,
    EXPIRED,
    GROUP_COMMANDS,
    NON_TEXT,
    UNKNOWN_BUTTON,
    build_application,
    command_rest,
)

TOKEN = "123456:TEST-token-for-handlers-0123456789ab"
BOT = {"id": 123456, "is_bot": True, "first_name": "条例助手", "username": "regbot_test_bot"}
HOSTILE = '<script>alert("x")</script> & &amp; <b>'


class RecordingRequest(BaseRequest):
    """Answers every Bot API call locally and records it; rejects invalid HTML or buttons like Telegram."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.rejected: list[tuple[str, str]] = []
        self.message_ids = itertools.count(1)
        self.changed = asyncio.Event()

    @property
    def read_timeout(self) -> float:
        return 1.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None, read_timeout: Any = None,
                         write_timeout: Any = None, connect_timeout: Any = None, pool_timeout: Any = None) -> tuple[int, bytes]:
        api = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        self.calls.append((api, params))
        self.changed.set()
        try:
            result = self._result(api, params)
        except BadRequest as exc:
            self.rejected.append((api, str(exc)))
            return 400, json.dumps({"ok": False, "error_code": 400, "description": str(exc)}).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _result(self, api: str, params: dict[str, Any]) -> Any:
        if api == "getMe":
            return BOT
        if api == "getUpdates":
            return []
        if api in ("sendMessage", "editMessageText"):
            plain, _ = check_text(params.get("text"), params.get("parse_mode"))
            check_markup(params.get("reply_markup"))
            return {"message_id": next(self.message_ids), "date": int(time.time()), "text": plain, "from": BOT,
                    "chat": {"id": params["chat_id"], "type": "private"}}
        return True

    def sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Parameters of every sendMessage, optionally to one chat."""
        return [p for m, p in self.calls if m == "sendMessage" and (chat_id is None or p["chat_id"] == chat_id)]

    def methods(self) -> list[str]:
        return [m for m, _ in self.calls]

    async def wait_sent(self, chat_id: int, count: int = 1) -> list[dict[str, Any]]:
        """Wait (event-driven, with a generous deadline) until `count` messages went to `chat_id`."""
        async def until() -> list[dict[str, Any]]:
            while len(self.sent(chat_id)) < count:
                self.changed.clear()
                await self.changed.wait()
            return self.sent(chat_id)

        return await asyncio.wait_for(until(), 30)


def shown(doc: str, n: int, text: str = "", snippet: str = "") -> Shown:
    text = text or f"{n}．第{n}条正文，含 <尖括号> & \"引号\"。这是匹配的句子。其后还有内容。"
    return Shown(doc=doc, clause=f"{doc}-{n}", label=f"{n}．", text=text, snippet=snippet or "这是匹配的句子。",
                 citation=f"《{doc} 文件》第{n}条", city={"wenzhou": "温州", "huzhou": "湖州"}.get(doc, doc))


class FakeEngine:
    """The answer engine's API with canned answers; records what it was asked and in which thread."""

    def __init__(self) -> None:
        docs = [("wenzhou", "温州"), ("huzhou", "湖州"), ("shaoxing", "绍兴"), ("bianban", "编办"), ("dongguan", "东莞")]
        self.corpus = SimpleNamespace(documents={d: SimpleNamespace(id=d, label=label) for d, label in docs})
        self.asked: list[tuple[str, Turn | None]] = []
        self.threads: set[int] = set()
        self.block: dict[str, threading.Event] = {}
        self.fail = False
        self.warm_fails = False
        self.long = False

    def _note(self, text: str, previous: Turn | None = None) -> None:
        self.threads.add(threading.get_ident())
        self.asked.append((text, previous))
        if self.fail:
            raise RuntimeError("engine exploded")
        if text in self.block:
            self.block[text].wait(30)

    def warm(self) -> None:
        self.threads.add(threading.get_ident())
        if self.warm_fails:
            raise RuntimeError("no index")

    def help(self) -> Answer:
        return Answer(query="/help", found=True, kind="help", answer="我是条例助手 <帮助> & 示例")

    def docs(self) -> Answer:
        return Answer(query="/docs", found=True, kind="docs", answer="收录的文件：温州 & 湖州")

    def ask(self, question: str, previous: Turn | None = None) -> Answer:
        self._note(question, previous)
        if question == "答不上来":
            return Answer(query=question, found=False, kind="not_found", answer="没有找到。", more=[shown("huzhou", 9)],
                          turn=Turn(question=question))
        if self.long:
            body = [f"{n}．" + "很长的条款<文字>&。" * 180 for n in range(1, 6)]
            results = [shown("wenzhou", n, text=t, snippet=t) for n, t in enumerate(body, 1)]
            return Answer(query=question, found=True, results=results, turn=Turn(question=question, docs=["wenzhou"]))
        docs = ["huzhou"] if "湖州" in question else ["wenzhou"]
        return Answer(query=question, found=True, kind="answer", answer=f"关于「{question}」：",
                      lead=[Lead(doc=docs[0], clause=f"{docs[0]}-3", text=f"关于「{question}」的句子。")],
                      results=[shown(docs[0], 3)], more=[shown(docs[0], 4), shown(docs[0], 5)],
                      turn=Turn(question=question, docs=docs))

    def calc(self, query: str) -> Answer:
        self._note(f"calc:{query}")
        if not query:
            return Answer(query=query, found=False, kind="calc", answer="没有可计算的内容。发送 /help 查看 /calc 的写法。")
        return Answer(query=query, found=True, kind="calc", calc=[{"text": "应设委员 5 至 9 人", "formula": "5 ≤ n ≤ 9 & n<10",
                      "citation": {"doc": "wenzhou", "clause": "wenzhou-3", "quote": "机关党委一般设委员5－9人"}}])

    def clause(self, ref: str) -> Answer:
        self._note(f"clause:{ref}")
        r = shown("wenzhou", 3)
        return Answer(query=ref, found=True, kind="clause", answer=r.citation, results=[r])

    def compare(self, topic: str) -> Answer:
        self._note(f"compare:{topic}")
        return Answer(query=topic, found=True, kind="compare", answer=f"{topic}：温州 4 年；湖州 3 年")

    def handle(self, text: str, previous: Turn | None = None) -> Answer:
        self._note(f"handle:{text}", previous)
        return Answer(query=text, found=False, kind="error", answer=f"不认识的命令 {text.split()[0]}。发送 /help 查看可用命令。")

    def for_doc(self, turn: Turn, doc: str) -> Answer:
        self._note(f"for_doc:{doc}", turn)
        return self.ask(f"{doc}:{turn.question}", turn)


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def request_() -> RecordingRequest:
    return RecordingRequest()


async def make_app(engine: FakeEngine, request_: RecordingRequest, allowed: str = "") -> Any:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN} | ({"REGBOT_ALLOWED_IDS": allowed} if allowed else {})
    settings = load_settings(env)
    app = build_application(settings, engine=engine, request=request_)  # type: ignore[arg-type]
    await app.initialize()
    return app


@pytest.fixture
async def app(engine: FakeEngine, request_: RecordingRequest) -> Any:
    app = await make_app(engine, request_)
    yield app
    await app.shutdown()


_ids = itertools.count(1)


def message(app: Any, text: str | None, chat_id: int = 42, user_id: int | None = None, first_name: str = "测试",
            chat_type: str = "private", reply_to: int | None = None) -> Update:
    """An Update with a message, as Telegram would deliver it (text None → a sticker)."""
    msg: dict[str, Any] = {"message_id": next(_ids), "date": int(time.time()),
                           "chat": {"id": chat_id, "type": chat_type, "title": "群"},
                           "from": {"id": user_id or chat_id, "is_bot": False, "first_name": first_name}}
    if reply_to is not None:  # a reply to the bot's message `reply_to`
        msg["reply_to_message"] = {"message_id": reply_to, "date": int(time.time()), "from": BOT, "text": "…",
                                   "chat": msg["chat"]}
    if text is None:
        msg["sticker"] = {"file_id": "s", "file_unique_id": "s", "width": 1, "height": 1, "is_animated": False,
                          "is_video": False, "type": "regular"}
    else:
        msg["text"] = text
        if text.startswith("/"):
            msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return Update.de_json({"update_id": next(_ids), "message": msg}, app.bot)


def press(app: Any, data: str, chat_id: int = 42, user_id: int | None = None) -> Update:
    """An Update for a press on an inline button of one of the bot's messages."""
    query = {"id": f"q{next(_ids)}", "from": {"id": user_id or chat_id, "is_bot": False, "first_name": "测试"},
             "chat_instance": "1", "data": data,
             "message": {"message_id": 1, "date": int(time.time()), "from": BOT, "text": "…",
                         "chat": {"id": chat_id, "type": "private"}}}
    return Update.de_json({"update_id": next(_ids), "callback_query": query}, app.bot)


def buttons(params: dict[str, Any]) -> list[str]:
    markup = params.get("reply_markup")
    return [b["callback_data"] for row in markup["inline_keyboard"] for b in row] if markup else []


def plain(params: dict[str, Any]) -> str:
    return check_text(params["text"], params.get("parse_mode"))[0]


# ---- commands and questions --------------------------------------------------------------------------------


async def test_start_welcomes_by_escaped_name_with_example_buttons(app: Any, request_: RecordingRequest) -> None:
    await app.process_update(message(app, "/start", first_name="<b>坏人&"))
    sent = request_.sent(42)
    assert len(sent) == 1 and not request_.rejected
    assert plain(sent[0]).startswith("您好，<b>坏人&！我是条例助手。")
    assert "温州市直机关党委每届任期几年？" in plain(sent[0]) and "<code>" in sent[0]["text"]
    assert "funding 120 members" not in plain(sent[0])  # Chinese usage is taught, not the English grammar
    data = buttons(sent[0])
    assert data == [f"q:{q}" for q in keyboard.EXAMPLES]
    assert all(len(d.encode()) <= 64 for d in data)


async def test_question_shows_typing_then_answer_with_citation_and_buttons(app: Any, request_: RecordingRequest,
                                                                          engine: FakeEngine) -> None:
    await app.process_update(message(app, "温州市直机关党委每届任期几年？"))
    methods = request_.methods()
    assert methods.index("sendChatAction") < methods.index("sendMessage")
    (sent,) = request_.sent(42)
    assert not request_.rejected
    text = plain(sent)
    assert text.startswith("温州：关于「温州市直机关党委每届任期几年？」的句子。")  # the lead sentence first
    assert "这是匹配的句子。" in text and "wenzhou 文件第3条" in text and "条款编号" not in text
    data = buttons(sent)
    assert [d.split(":")[0] for d in data] == ["o", "p", "w"]  # 原文, 更多, 换城市: one row
    assert len(sent["reply_markup"]["inline_keyboard"]) == 1
    assert all(len(d.encode()) <= 64 for d in data)
    assert threading.get_ident() not in engine.threads  # the engine ran in a worker thread


async def test_follow_up_gets_previous_turn_per_chat(app: Any, engine: FakeEngine) -> None:
    await app.process_update(message(app, "温州市直机关党委每届任期几年？", chat_id=1))
    await app.process_update(message(app, "湖州纪委几人？", chat_id=2))
    await app.process_update(message(app, "那湖州呢？", chat_id=1))
    (last, previous) = engine.asked[-1]
    assert last == "那湖州呢？"
    assert previous is not None and previous.question == "温州市直机关党委每届任期几年？"
    assert engine.asked[1][1] is None  # chat 2 did not see chat 1's turn


async def test_commands_route_to_the_engine_with_their_arguments(app: Any, request_: RecordingRequest,
                                                                 engine: FakeEngine) -> None:
    for text in ["/calc@regbot_test_bot  committee committee wenzhou", "/clause 温州第三条", "/compare term",
                 "/ask 湖州纪委几人？", "/calc"]:
        await app.process_update(message(app, text))
    asked = [a for a, _ in engine.asked]
    assert asked == ["calc:committee committee wenzhou", "clause:温州第三条", "compare:term", "湖州纪委几人？"]
    texts = [plain(p) for p in request_.sent(42)]
    assert texts[0].startswith("应设委员 5 至 9 人") and "机关党委一般设委员5－9人" in texts[0]
    assert "5 ≤ n ≤ 9" not in texts[0]  # the formula is in the detail (原文), not on the card
    assert "其后还有内容" in texts[1]  # /clause shows the full text
    assert texts[2].startswith("任期与换届\n温州 5项：")  # the card reads the comparison table itself
    assert buttons(request_.sent(42)[2]) == ["v:term:1", "v:term:2"]  # its documents' pages
    assert texts[-1] == plain({"text": CALC_PROMPT, "parse_mode": "HTML"})  # bare /calc: Chinese examples to tap
    assert buttons(request_.sent(42)[-1]) == [f"q:{q}" for q in keyboard.CALC_EXAMPLES]
    assert not request_.rejected


async def test_help_and_docs(app: Any, request_: RecordingRequest) -> None:
    await app.process_update(message(app, "/help"))
    await app.process_update(message(app, "/docs"))
    help_text, docs = [plain(p) for p in request_.sent(42)]
    assert "温州、湖州、绍兴、编办、东莞" in help_text and "那湖州呢？" in help_text
    assert docs == "收录的文件：温州 & 湖州"
    html_help = request_.sent(42)[0]["text"]
    assert all(f"<code>{q}</code>" in html_help for q in keyboard.EXAMPLES)  # the buttons' examples, to copy
    assert "funding" not in help_text and "members" not in help_text  # Chinese usage, not the command grammar


async def test_unknown_command_is_explained_but_other_bots_commands_are_ignored(app: Any, request_: RecordingRequest) -> None:
    await app.process_update(message(app, "/frobnicate now"))
    await app.process_update(message(app, "/frobnicate@some_other_bot now"))
    await app.process_update(message(app, "/start@some_other_bot"))
    sent = request_.sent(42)
    assert [plain(p) for p in sent] == ["不认识的命令 /frobnicate。发送 /help 查看可用命令。"]


async def test_hostile_text_is_escaped(app: Any, request_: RecordingRequest) -> None:
    await app.process_update(message(app, HOSTILE))
    (sent,) = request_.sent(42)
    assert not request_.rejected
    assert f"关于「{HOSTILE}」的句子。" in plain(sent)
    assert "<script>" not in sent["text"]


async def test_text_is_cleaned_before_the_engine(app: Any, request_: RecordingRequest, engine: FakeEngine) -> None:
    await app.process_update(message(app, "温州\x1b[31m任期\u202e几年\x00？\ufeff"))
    await app.process_update(message(app, "/calc \x1b]0;title\x07温州120名党员\n经费"))
    await app.process_update(message(app, "问" * 5000))
    await app.process_update(message(app, "\x1b[2J", first_name="x"))
    asked = [a for a, _ in engine.asked]
    assert asked[:2] == ["温州任期几年？", "calc:温州120名党员 经费"]
    assert asked[2] == "问" * MAX_CHARS  # capped before the engine
    assert asked[3] == ""  # nothing left: the engine says what to ask
    await app.process_update(message(app, "/start", first_name="\x1b[31m李\u202e"))
    assert "您好，李！" in plain(request_.sent(42)[-1])  # the echoed name is cleaned too


async def test_sticker_gets_a_hint(app: Any, request_: RecordingRequest, engine: FakeEngine) -> None:
    await app.process_update(message(app, None))
    assert [plain(p) for p in request_.sent(42)] == [NON_TEXT]
    assert engine.asked == []


async def test_long_answer_is_split_with_buttons_on_the_last_message(app: Any, request_: RecordingRequest,
                                                                     engine: FakeEngine) -> None:
    engine.long = True
    await app.process_update(message(app, "长问题"))
    sent = request_.sent(42)
    assert len(sent) > 1 and not request_.rejected
    assert all(len(p["text"]) <= 4096 for p in sent)
    assert [bool(buttons(p)) for p in sent] == [False] * (len(sent) - 1) + [True]
    joined = "".join(plain(p) for p in sent)
    assert joined.count("温州：") == 5


# ---- buttons ----------------------------------------------------------------------------------------------------


async def test_full_clause_button(app: Any, request_: RecordingRequest, engine: FakeEngine) -> None:
    await app.process_update(press(app, "f:wenzhou-3"))
    assert engine.asked[-1][0] == "clause:wenzhou-3"
    assert request_.methods().count("answerCallbackQuery") == 1
    assert "其后还有内容" in plain(request_.sent(42)[-1])


def edits(request_: RecordingRequest) -> list[dict[str, Any]]:
    """Parameters of every in-place edit (text or keyboard)."""
    return [p for m, p in request_.calls if m in ("editMessageText", "editMessageReplyMarkup")]


async def test_buttons_edit_the_answer_in_place(app: Any, request_: RecordingRequest, engine: FakeEngine) -> None:
    await app.process_update(message(app, "温州市直机关党委每届任期几年？"))
    o, p, w = buttons(request_.sent(42)[0])
    await app.process_update(press(app, o))  # 原文: the clause in full, the answering sentence underlined
    (full,) = edits(request_)
    assert "其后还有内容" in plain(full) and "<u>这是匹配的句子。</u>" in full["text"] and "条款编号：wenzhou-3" in plain(full)
    assert buttons(full)[0].startswith("c:")  # 收起
    await app.process_update(press(app, p))  # 更多: a page of further clauses, same message
    page = edits(request_)[-1]
    assert plain(page).startswith("更多相关条款（1/1）") and "wenzhou 文件第4条" in plain(page)
    assert [b.split(":")[0] for b in buttons(page)] == ["c"]  # one page: only the way back
    await app.process_update(press(app, w))  # 换城市: the keyboard becomes the city menu (two rows)
    menu = edits(request_)[-1]["reply_markup"]["inline_keyboard"]
    assert len(menu) == 2 and [b["text"] for row in menu for b in row] == ["湖州", "绍兴", "编办", "东莞", "↩ 返回"]
    await app.process_update(press(app, menu[0][0]["callback_data"]))
    assert engine.asked[-2][0] == "for_doc:huzhou"
    assert engine.asked[-2][1] is not None and engine.asked[-2][1].question == "温州市直机关党委每届任期几年？"
    assert [b.split(":")[0] for b in buttons(edits(request_)[-1])] == ["o", "p", "w"]  # the menu shrank back
    assert len(request_.sent(42)) == 2 and not request_.rejected  # one new message: the 湖州 answer


async def test_compare_pages_edit_the_card_in_place(app: Any, request_: RecordingRequest) -> None:
    from bot.card import compare_docs, compare_table

    counts = {row.label: len(row.items) for row in compare_table("frequency").rows}
    bianban = compare_docs("frequency").index("编办") + 1
    await app.process_update(press(app, f"v:frequency:{bianban}"))
    await app.process_update(press(app, "v:frequency:0"))
    await app.process_update(press(app, "v:nonsense:2"))  # a forged topic: the Chinese error, topics named
    page, summary, unknown = [plain(p) for p in edits(request_)]
    assert page.startswith(f"会议、学习、汇报等的频次：编办（{counts['编办']}项，第1–")
    assert summary.startswith(f"会议、学习、汇报等的频次\n温州 {counts['温州']}项")
    assert "不认识的主题「nonsense」" in unknown and request_.sent(42) == []  # all edits, no new message


async def test_old_buttons_say_why_they_do_not_work(app: Any, request_: RecordingRequest, engine: FakeEngine) -> None:
    await app.process_update(message(app, "温州市直机关党委每届任期几年？"))
    data = buttons(request_.sent(42)[0])
    app.chat_data[42].clear()  # what losing the stored answers leaves
    for d in [*data, "m:legacy"]:
        await app.process_update(press(app, d))
    answers = [p for m, p in request_.calls if m == "answerCallbackQuery"]
    assert [(a.get("text"), a.get("show_alert")) for a in answers] == [(EXPIRED, True)] * 3 + [(UNKNOWN_BUTTON, True)]
    assert len(request_.sent(42)) == 1 and not edits(request_)  # nothing else was sent
    await app.process_update(press(app, "f:wenzhou-3"))  # the self-contained buttons of older answers still work
    assert len(request_.sent(42)) == 2


async def test_example_and_topic_buttons_ask(app: Any, request_: RecordingRequest, engine: FakeEngine) -> None:
    await app.process_update(press(app, f"q:{keyboard.EXAMPLES[0]}"))
    assert engine.asked[-1][0] == keyboard.EXAMPLES[0]
    await app.process_update(message(app, "/compare"))
    topics = buttons(request_.sent(42)[-1])
    assert "t:term" in topics and request_.sent(42)[-1]["reply_markup"]["inline_keyboard"][0][0]["text"] == "按党员人数设置党组织"
    await app.process_update(press(app, "t:term"))
    assert engine.asked[-1][0] == "compare:term"


def test_callback_data_of_every_answer_fits_64_bytes() -> None:
    answer = Answer(query="q", found=True, results=[shown("wenzhou", 1)], more=[shown("wenzhou", 3)],
                    turn=Turn(question="问" * 300, docs=["wenzhou"]))
    docs = [("wenzhou", "温州"), ("huzhou", "湖州"), ("d" * 60, "长")]
    key = keyboard.remember({}, answer)
    rows = keyboard.card_rows(answer, key, docs) + keyboard.city_rows(answer, key, docs) + keyboard.page_rows(answer, key, 0)
    data = [d for row in rows for _, d in row]
    assert all(keyboard.fits(d) for d in data)
    assert sum(d.startswith("d:") for d in data) == 1  # the doc whose data would not fit has no button
    assert all(len(r) <= 2 for r in [keyboard.card_rows(answer, key, docs), keyboard.city_rows(answer, key, docs)])
    labels = ["温州", "湖州", "绍兴", "编办", "东莞"]
    pages = [keyboard.compare_rows("frequency", labels, n) for n in range(len(labels) + 1)]
    assert all(len(rows) == 1 and all(keyboard.fits(d) for _, d in rows[0]) for rows in pages)
    assert [d for _, d in pages[0][0]] == [f"v:frequency:{n}" for n in range(1, 6)]
    assert [label for label, _ in pages[2][0]] == ["◀ 温州", "↩ 总览", "绍兴 ▶"]
    assert [label for label, _ in pages[5][0]] == ["◀ 编办", "↩ 总览"]


# ---- allow-list, errors, concurrency ---------------------------------------------------------------------------


async def test_allow_list_refuses_strangers_once_and_lets_members_in(engine: FakeEngine, request_: RecordingRequest) -> None:
    app = await make_app(engine, request_, allowed="7, -100500")
    try:
        await app.process_update(message(app, "温州任期？", chat_id=666))
        await app.process_update(message(app, "/start", chat_id=666))
        await app.process_update(press(app, "f:wenzhou-3", chat_id=666))
        await app.process_update(message(app, "温州任期？", chat_id=7))
        await app.process_update(message(app, "@regbot_test_bot 群里问", chat_id=-100500, user_id=999,
                                         chat_type="supergroup"))
    finally:
        await app.shutdown()
    (refusal,) = request_.sent(666)
    assert "只对授权用户开放" in plain(refusal) and "666" in plain(refusal)
    assert [p.get("text") for m, p in request_.calls if m == "answerCallbackQuery"] == [None]  # silent, not a 2nd refusal
    assert [a for a, _ in engine.asked] == ["温州任期？", "群里问"]
    assert request_.sent(7) and request_.sent(-100500)


async def test_errors_are_apologised_for_logged_and_survived(app: Any, request_: RecordingRequest, engine: FakeEngine,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    engine.fail = True
    with caplog.at_level(logging.ERROR):
        await app.process_update(message(app, "会出错的问题"))
    assert [plain(p) for p in request_.sent(42)] == [APOLOGY]
    assert any("engine exploded" in (r.exc_text or "") or (r.exc_info and "engine exploded" in str(r.exc_info[1]))
               for r in caplog.records)
    engine.fail = False
    await app.process_update(message(app, "温州市直机关党委每届任期几年？"))
    assert len(request_.sent(42)) == 2


async def test_a_slow_chat_does_not_hold_up_others_and_a_chat_keeps_its_order(engine: FakeEngine,
                                                                              request_: RecordingRequest) -> None:
    app = await make_app(engine, request_)
    engine.block["慢问题"] = gate = threading.Event()
    await app.start()
    try:
        await app.update_queue.put(message(app, "慢问题", chat_id=1))
        await app.update_queue.put(message(app, "那湖州呢？", chat_id=1))
        await app.update_queue.put(message(app, "快问题", chat_id=2))
        await request_.wait_sent(2)  # answered while chat 1's question is still being worked on
        assert request_.sent(1) == []
        gate.set()
        first, second = await request_.wait_sent(1, 2)
        assert "慢问题" in plain(first) and "那湖州呢？" in plain(second)
        follow_up = next(prev for q, prev in engine.asked if q == "那湖州呢？")
        assert follow_up is not None and follow_up.question == "慢问题"
    finally:
        gate.set()
        await app.stop()
        await app.shutdown()


async def test_post_init_warms_off_the_loop_and_publishes_commands(app: Any, request_: RecordingRequest,
                                                                  engine: FakeEngine) -> None:
    engine.warm_fails = True  # a failed warm-up is logged; the bot still starts
    await app.post_init(app)
    assert engine.threads and threading.get_ident() not in engine.threads
    private, group = [p["commands"] for m, p in request_.calls if m == "setMyCommands"]
    assert [c.command if hasattr(c, "command") else c["command"] for c in private] == [c for c, _ in COMMANDS]
    assert [c.command if hasattr(c, "command") else c["command"] for c in group] == [c for c, _ in GROUP_COMMANDS]
    assert {"setMyDescription", "setMyShortDescription"} <= set(request_.methods())


def test_command_rest_keeps_the_arguments() -> None:
    app = SimpleNamespace(bot=None)
    assert command_rest(message(app, "/calc@regbot_test_bot  vote 9")) == "vote 9"  # type: ignore[arg-type]
    assert command_rest(message(app, "/clause\n温州 第3条")) == "温州 第3条"  # type: ignore[arg-type]
    assert command_rest(message(app, "/calc")) == ""  # type: ignore[arg-type]


async def test_candidates_for_an_unanswered_question_are_offered_as_such(app: Any, request_: RecordingRequest) -> None:
    await app.process_update(message(app, "答不上来"))
    (sent,) = request_.sent(42)
    assert plain(sent) == "没有找到。"
    (data,) = buttons(sent)  # no 原文 or other-city buttons: nothing answered, no city was named
    assert sent["reply_markup"]["inline_keyboard"][0][0]["text"] == "🔎 可能相关（1）"
    await app.process_update(press(app, data))
    assert plain(edits(request_)[-1]).startswith("可能相关的条款（不一定回答了您的问题）")


# ---- groups ----------------------------------------------------------------------------------------------------

GROUP = -100777


def group_message(app: Any, text: str, user_id: int, reply_to: int | None = None) -> Update:
    return message(app, text, chat_id=GROUP, user_id=user_id, chat_type="supergroup", reply_to=reply_to)


async def test_in_groups_only_mentions_replies_and_commands_are_answered_threaded(
        app: Any, request_: RecordingRequest, engine: FakeEngine) -> None:
    await app.process_update(group_message(app, "大家中午吃什么？", user_id=1))  # small talk: not for the bot
    await app.process_update(group_message(app, "@regbot_test_bot 答不上来", user_id=1))  # for the bot, unanswerable
    assert request_.sent(GROUP) == []  # silent on both
    update = group_message(app, "@Regbot_Test_Bot 温州任期几年？", user_id=1)
    await app.process_update(update)
    (answer,) = request_.sent(GROUP)
    assert engine.asked[-1][0] == "温州任期几年？"  # the mention is not part of the question
    assert answer["reply_parameters"]["message_id"] == update.message.message_id  # threaded under the question
    await app.process_update(group_message(app, "/start", user_id=2))
    assert len(plain(request_.sent(GROUP)[-1])) < 150  # a short group /start


async def test_group_follow_ups_continue_the_replied_answer_or_the_members_own_question(
        app: Any, request_: RecordingRequest, engine: FakeEngine) -> None:
    await app.process_update(group_message(app, "@regbot_test_bot 温州任期几年？", user_id=1))
    await app.process_update(group_message(app, "@regbot_test_bot 湖州纪委几人？", user_id=2))
    await app.process_update(group_message(app, "@regbot_test_bot 那绍兴呢？", user_id=2))  # member 2's own line
    assert engine.asked[-1][1] is not None and engine.asked[-1][1].question == "湖州纪委几人？"
    await app.process_update(group_message(app, "县里呢？", user_id=2, reply_to=1))  # replying to member 1's answer
    assert engine.asked[-1] == ("县里呢？", Turn(question="温州任期几年？", docs=["wenzhou"]))


# ---- restarts ----------------------------------------------------------------------------------------------------


async def test_chat_context_and_buttons_survive_a_restart(engine: FakeEngine, request_: RecordingRequest,
                                                          tmp_path: Any) -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN})
    first = build_application(settings, engine=engine, request=request_, data_dir=tmp_path)  # type: ignore[arg-type]
    async with first:
        await first.process_update(message(first, "温州市直机关党委每届任期几年？"))
        await first.update_persistence()
    data = buttons(request_.sent(42)[0])
    second = build_application(settings, engine=engine, request=request_, data_dir=tmp_path)  # type: ignore[arg-type]
    async with second:
        await second.process_update(message(second, "那湖州呢？"))
        assert engine.asked[-1][1] is not None and engine.asked[-1][1].question == "温州市直机关党委每届任期几年？"
        await second.process_update(press(second, data[0]))  # 原文 on the answer from before the restart
    assert "其后还有内容" in plain(edits(request_)[-1])
