"""A stand-in Telegram Bot API server on 127.0.0.1 for end-to-end tests (aiohttp, in a background thread).

It answers the methods the bot uses, serves injected updates to getUpdates (long polling), records every call,
and rejects what Telegram rejects: HTML it cannot parse (only b, i, u, s, code, pre, a, tg-spoiler, blockquote
[expandable], not nested; balanced; entities &lt; &gt; &amp; &quot; &#N; &#xH;), text empty or over 4096
characters after parsing, callback data over 64 bytes, unknown chats, messages or callback queries, a reply to a
message that does not exist (unless allow_sending_without_reply). Tests drive it synchronously: inject, wait.

Failures on demand: `outage(kind, seconds, chats)` makes sendMessage fail for a while (HTTP 500, 502, 429 with
retry_after, or hang until the outage ends and then 504, delivering nothing); `flood_control()` answers 429
with retry_after, as Telegram does, to more than 30 messages a second overall, a burst of more than 5 a second
in one chat, or more than 20 a minute in a group. Such refusals are kept in `failures`, not in `calls`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import web

T = TypeVar("T")
TEXT_LIMIT = 4096
ALLOWED_TAGS = {"b", "i", "u", "s", "code", "pre", "a", "tg-spoiler", "blockquote"}
ENTITY_TYPES = {"b": "bold", "i": "italic", "u": "underline", "s": "strikethrough", "code": "code", "pre": "pre",
                "a": "text_link", "tg-spoiler": "spoiler", "blockquote": "blockquote"}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
JSON_FIELDS = {"reply_markup", "allowed_updates", "commands", "link_preview_options", "reply_parameters",
               "entities", "scope"}
INT_FIELDS = {"chat_id", "offset", "limit", "timeout", "message_id", "cache_time"}


class BadRequest(Exception):
    """A call Telegram would answer with 400 and this description."""


@dataclass
class Outage:
    """sendMessage failing the same way for `seconds` from the first call it hits (so a slow bot still meets it),
    for some chats or (None) all of them."""

    kind: str  # "500", "502", "429" or "hang"
    seconds: float
    chats: set[int] | None = None
    until: float | None = None  # monotonic end, set by the first call it hits

    def hits(self, chat_id: Any) -> bool:
        if self.chats is not None and chat_id not in self.chats:
            return False
        if self.until is None:
            self.until = time.monotonic() + self.seconds
        return time.monotonic() < self.until


@dataclass
class Flood:
    """Telegram-like flood control: sliding windows of sent messages, overall and per chat."""

    overall: tuple[int, float] = (30, 1.0)
    per_chat: tuple[int, float] = (5, 1.0)
    per_group: tuple[int, float] = (20, 60.0)
    sent: dict[Any, deque[float]] = field(default_factory=dict)

    def retry_after(self, chat_id: int) -> int:
        """Seconds to wait when one more message now would exceed a limit (and record it when not)."""
        now = time.monotonic()
        limits = [("all", self.overall), (chat_id, self.per_group if chat_id < 0 else self.per_chat)]
        for key, (count, window) in limits:
            times = self.sent.setdefault(key, deque())
            while times and times[0] <= now - window:
                times.popleft()
            if len(times) >= count:
                return max(1, math.ceil(times[0] + window - now))
        for key, _ in limits:
            self.sent[key].append(now)
        return 0


@dataclass
class Call:
    """One request the bot made: method, decoded parameters, and whether it was accepted."""

    method: str
    params: dict[str, Any]
    ok: bool = True
    error: str = ""
    result: Any = None


@dataclass
class Sent:
    """A message as the user sees it: its plain text, entities, buttons and the HTML the bot sent."""

    chat_id: int
    message_id: int
    text: str
    html: str
    entities: list[dict[str, Any]] = field(default_factory=list)
    buttons: list[list[dict[str, Any]]] = field(default_factory=list)
    edited: bool = False
    reply_to: int | None = None

    def callback_data(self) -> list[str]:
        """Every button's callback data, row by row."""
        return [b["callback_data"] for row in self.buttons for b in row if "callback_data" in b]

    def button(self, prefix: str) -> dict[str, Any]:
        """The first button whose callback data starts with `prefix`."""
        for row in self.buttons:
            for b in row:
                if b.get("callback_data", "").startswith(prefix):
                    return b
        raise AssertionError(f"no button starting {prefix!r} among {self.buttons}")


# ---- Telegram's HTML ---------------------------------------------------------------------------------------

_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*>')
_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));")
_ATTR = re.compile(r'([a-z-]+)(?:="([^"]*)")?')


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Telegram-HTML → (plain text, entities); BadRequest with Telegram's wording when it cannot be parsed."""
    out: list[str] = []
    stack: list[tuple[str, int, dict[str, str]]] = []
    entities: list[dict[str, Any]] = []
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "<":
            m = _TAG.match(source, i)
            if not m:
                raise BadRequest(f"Bad Request: can't parse entities: Unclosed start tag at byte offset {i}")
            closing, name, attrs = m.group(1) == "/", m.group(2).lower(), dict(_ATTR.findall(m.group(3) or ""))
            if name not in ALLOWED_TAGS:
                raise BadRequest(f'Bad Request: can\'t parse entities: Unsupported start tag "{name}" at byte offset {i}')
            offset = utf16_len("".join(out))
            if closing:
                if not stack or stack[-1][0] != name:
                    raise BadRequest(f'Bad Request: can\'t parse entities: Unmatched end tag at byte offset {i}, expected "</{stack[-1][0] if stack else ""}>", found "</{name}>"')
                _, start, start_attrs = stack.pop()
                kind = "expandable_blockquote" if name == "blockquote" and "expandable" in start_attrs else ENTITY_TYPES[name]
                entity: dict[str, Any] = {"type": kind, "offset": start, "length": offset - start}
                if name == "a":
                    entity["url"] = start_attrs.get("href", "")
                if entity["length"]:
                    entities.append(entity)
            else:
                allowed_attrs = {"a": {"href"}, "code": {"class"}, "pre": set(), "blockquote": {"expandable"}}.get(name, set())
                if name == "blockquote" and any(n == "blockquote" for n, _, _ in stack):
                    raise BadRequest(f"Bad Request: can't parse entities: Nested blockquote at byte offset {i}")
                if set(attrs) - allowed_attrs or (name == "a" and "href" not in attrs):
                    raise BadRequest(f"Bad Request: can't parse entities: Unsupported attribute in tag {name} at byte offset {i}")
                stack.append((name, offset, attrs))
            i = m.end()
        elif ch == "&":
            m = _ENTITY.match(source, i)
            if not m:
                raise BadRequest(f"Bad Request: can't parse entities: Unsupported HTML entity at byte offset {i}")
            named, dec, hexa = m.groups()
            out.append(NAMED_ENTITIES[named] if named else chr(int(dec) if dec else int(hexa, 16)))
            i = m.end()
        else:
            out.append(ch)
            i += 1
    if stack:
        raise BadRequest(f'Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return "".join(out), entities


def check_text(text: Any, parse_mode: str | None) -> tuple[str, list[dict[str, Any]]]:
    """A message text as Telegram checks it: parsed, not empty, within 4096 characters."""
    if not isinstance(text, str):
        raise BadRequest("Bad Request: message text is empty")
    plain, entities = parse_html(text) if (parse_mode or "").upper() == "HTML" else (text, [])
    if not plain.strip():
        raise BadRequest("Bad Request: message text is empty")
    if utf16_len(plain) > TEXT_LIMIT:
        raise BadRequest("Bad Request: message is too long")
    return plain, entities


def check_markup(markup: Any) -> list[list[dict[str, Any]]]:
    """An inline keyboard as Telegram checks it: rows of buttons with a label and valid callback data."""
    if markup is None:
        return []
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise BadRequest("Bad Request: can't parse reply keyboard markup JSON object")
    for row in rows:
        for button in row:
            if not button.get("text"):
                raise BadRequest("Bad Request: BUTTON_TEXT_EMPTY")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode("utf-8")) <= 64:
                raise BadRequest("Bad Request: BUTTON_DATA_INVALID")
            if data is None and not button.get("url"):
                raise BadRequest("Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
    return rows


# ---- the server ----------------------------------------------------------------------------------------------


class BotApiServer:
    """The stand-in server. `start()` binds 127.0.0.1 on a free port; `base_url` is what `--base-url` takes."""

    def __init__(self, token: str, bot_id: int | None = None, username: str = "regbot_test_bot") -> None:
        self.token = token
        self.bot = {"id": bot_id or int(token.split(":")[0]), "is_bot": True, "first_name": "条例助手",
                    "username": username, "can_join_groups": True, "can_read_all_group_messages": False,
                    "supports_inline_queries": False}
        self.calls: list[Call] = []
        self.messages: dict[int, list[Sent]] = {}
        self.webhook: dict[str, Any] = {}
        self.commands: list[dict[str, Any]] = []  # the default scope's
        self.scoped_commands: dict[str, list[dict[str, Any]]] = {}
        self.descriptions: dict[str, str] = {}
        self.outages: list[Outage] = []
        self.flood: Flood | None = None
        self.failures: list[Call] = []  # calls refused by an outage or flood control
        self.confirmed = 0  # the highest update_id the bot has acknowledged (offset - 1)
        self._updates: list[dict[str, Any]] = []
        self._injected: dict[int, set[int]] = {}
        self._queries: set[str] = set()
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._cond = threading.Condition()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._arrived: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # ---- lifecycle ---------------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    def start(self) -> BotApiServer:
        """Run the server in a daemon thread; returns once it accepts connections."""
        ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(ready,), daemon=True, name="botapi-server")
        self._thread.start()
        if not ready.wait(30):
            raise RuntimeError("stand-in Bot API server did not start")
        return self

    def stop(self) -> None:
        if self._loop and self._runner:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(30)
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread:
            self._thread.join(30)

    def _serve(self, ready: threading.Event) -> None:
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        self._arrived = asyncio.Event()
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        self._loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        ready.set()
        self._loop.run_forever()
        self._loop.close()

    # ---- failures on demand -------------------------------------------------------------------------------

    def outage(self, kind: str, seconds: float, chats: set[int] | None = None) -> None:
        """For `seconds` from the next sendMessage to `chats` (all), sendMessage fails with `kind` (500, 502, 429,
        hang)."""
        assert kind in ("500", "502", "429", "hang")
        with self._cond:
            self.outages.append(Outage(kind, seconds, chats))

    def flood_control(self, on: bool = True) -> None:
        """Answer messages over Telegram's limits with 429 and retry_after."""
        with self._cond:
            self.flood = Flood() if on else None

    # ---- injecting updates -----------------------------------------------------------------------------

    def inject(self, update: dict[str, Any]) -> int:
        """Queue an update for getUpdates; returns its update_id."""
        with self._cond:
            update = {"update_id": next(self._update_ids), **update}
            self._updates.append(update)
            if "message" in update:
                self._injected.setdefault(update["message"]["chat"]["id"], set()).add(update["message"]["message_id"])
            if "callback_query" in update:
                self._queries.add(update["callback_query"]["id"])
        assert self._loop and self._arrived
        self._loop.call_soon_threadsafe(self._arrived.set)
        return update["update_id"]

    def message_update(self, chat_id: int, text: str | None, user_id: int | None = None, first_name: str = "测试",
                       chat_type: str = "private", **extra: Any) -> dict[str, Any]:
        """An update carrying a message from a user (the chat's own id by default); text None → a sticker."""
        user = {"id": user_id if user_id is not None else chat_id, "is_bot": False, "first_name": first_name}
        chat = {"id": chat_id, "type": chat_type, **({"first_name": first_name} if chat_type == "private" else {"title": "测试群"})}
        message: dict[str, Any] = {"message_id": next(self._message_ids), "date": int(time.time()), "chat": chat,
                                   "from": user, **extra}
        if text is None:
            message["sticker"] = {"file_id": "s1", "file_unique_id": "s1", "width": 512, "height": 512,
                                  "is_animated": False, "is_video": False, "type": "regular"}
        else:
            message["text"] = text
            if text.startswith("/"):
                length = len(text.split(maxsplit=1)[0]) if text.strip() else 1
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(text[:length])}]
        return {"message": message}

    def send_text(self, chat_id: int, text: str, **kwargs: Any) -> int:
        """Inject a text message; returns the update_id."""
        return self.inject(self.message_update(chat_id, text, **kwargs))

    def press(self, sent: Sent, data: str, user_id: int | None = None) -> int:
        """Inject a press of the button carrying `data` on a message the bot sent."""
        user = {"id": user_id if user_id is not None else sent.chat_id, "is_bot": False, "first_name": "测试"}
        message = {"message_id": sent.message_id, "date": int(time.time()), "text": sent.text, "from": self.bot,
                   "chat": self._chat_json(sent.chat_id)}
        query_id = f"q{next(self._message_ids)}"
        return self.inject({"callback_query": {"id": query_id, "from": user, "chat_instance": str(sent.chat_id),
                                               "message": message, "data": data}})

    # ---- reading what the bot did ----------------------------------------------------------------------

    def wait_for(self, predicate: Callable[[], T], timeout: float = 90.0, what: str = "") -> T:
        """Block until `predicate()` is truthy (re-checked on every call the bot makes); fail after `timeout`."""
        result: Any = None

        def check() -> bool:
            nonlocal result
            result = predicate()
            return bool(result)

        with self._cond:
            if not self._cond.wait_for(check, timeout):
                raise AssertionError(f"timed out waiting for {what or predicate}; last calls: {self.calls[-5:]}")
        return result

    def sent(self, chat_id: int) -> list[Sent]:
        """Messages the bot has sent to a chat, in order."""
        with self._cond:
            return list(self.messages.get(chat_id, []))

    def wait_messages(self, chat_id: int, count: int, timeout: float = 90.0) -> list[Sent]:
        """Wait until the chat has at least `count` messages; returns them all."""
        return self.wait_for(lambda: len(self.messages.get(chat_id, [])) >= count and self.sent(chat_id),
                             timeout, f"{count} messages in chat {chat_id}")

    def calls_to(self, method: str, **match: Any) -> list[Call]:
        """Accepted and rejected calls of one method whose parameters include `match`."""
        with self._cond:
            return [c for c in self.calls if c.method == method and all(c.params.get(k) == v for k, v in match.items())]

    def rejected(self) -> list[Call]:
        """Every call the server refused, as Telegram would have."""
        with self._cond:
            return [c for c in self.calls if not c.ok]

    def wait_confirmed(self, update_id: int, timeout: float = 90.0) -> None:
        """Wait until the bot has fetched and acknowledged `update_id` (a later getUpdates offset)."""
        self.wait_for(lambda: self.confirmed >= update_id, timeout, f"update {update_id} acknowledged")

    # ---- the Bot API -------------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = await self._params(request)
        handler = getattr(self, f"_m_{method.lower()}", None)
        if handler is None:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        refusal = await self._refusal(method, params)
        if refusal is not None:
            return refusal
        call = Call(method, params)
        try:
            call.result = await handler(params)
        except BadRequest as exc:
            call.ok, call.error = False, str(exc)
        self._record(call)
        if not call.ok:
            return web.json_response({"ok": False, "error_code": 400, "description": call.error}, status=400)
        return web.json_response({"ok": True, "result": call.result})

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            return dict(await request.json())
        raw = dict(await request.post()) if request.method == "POST" else {}
        raw.update(request.query)
        params: dict[str, Any] = {}
        for key, value in raw.items():
            value = str(value)
            if key in JSON_FIELDS:
                params[key] = json.loads(value)
            elif key in INT_FIELDS and re.fullmatch(r"-?\d+", value):
                params[key] = int(value)
            elif value in ("true", "false"):
                params[key] = value == "true"
            else:
                params[key] = value
        return params

    async def _refusal(self, method: str, params: dict[str, Any]) -> web.Response | None:
        """An outage's or flood control's answer to a message-sending call, or None to handle it normally."""
        if method.lower() not in ("sendmessage", "editmessagetext"):
            return None
        chat_id = params.get("chat_id")
        outage = next((o for o in self.outages if o.hits(chat_id)), None) if method.lower() == "sendmessage" else None
        with self._cond:
            retry = self.flood.retry_after(chat_id) if self.flood and outage is None and isinstance(chat_id, int) else 0
        if outage is None and not retry:
            return None
        kind = outage.kind if outage else "429"
        with self._cond:
            self.failures.append(Call(method, params, ok=False, error=kind))
            self._cond.notify_all()
        if kind == "hang":
            await asyncio.sleep(max(0.0, outage.until - time.monotonic()))  # type: ignore[union-attr]
            return web.Response(status=504, text="Gateway Timeout")
        if kind == "502":
            return web.Response(status=502, text="<html><body><h1>502 Bad Gateway</h1></body></html>", content_type="text/html")
        if kind == "500":
            return web.json_response({"ok": False, "error_code": 500, "description": "Internal Server Error"}, status=500)
        after = retry or max(1, math.ceil(outage.until - time.monotonic()))  # type: ignore[union-attr]
        return web.json_response({"ok": False, "error_code": 429, "description": f"Too Many Requests: retry after {after}",
                                  "parameters": {"retry_after": after}}, status=429)

    def _record(self, call: Call) -> None:
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()

    async def _m_getme(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.bot

    async def _m_getupdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        assert self._arrived is not None
        while True:
            self._arrived.clear()
            with self._cond:
                if offset:
                    self.confirmed = max(self.confirmed, offset - 1)
                    self._updates = [u for u in self._updates if u["update_id"] >= offset]
                pending = list(self._updates[: int(params.get("limit") or 100)])
                self._cond.notify_all()
            remaining = deadline - time.monotonic()
            if pending or remaining <= 0:
                return pending
            try:
                await asyncio.wait_for(self._arrived.wait(), remaining)
            except TimeoutError:
                pass

    def _chat_id(self, params: dict[str, Any]) -> int:
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int) or chat_id == 0:
            raise BadRequest("Bad Request: chat not found")
        return chat_id

    async def _m_sendmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        plain, entities = check_text(params.get("text"), params.get("parse_mode"))
        buttons = check_markup(params.get("reply_markup"))
        reply = params.get("reply_parameters") or {}
        if reply and not reply.get("allow_sending_without_reply") and reply.get("message_id") not in self._known_ids(chat_id):
            raise BadRequest("Bad Request: message to be replied not found")
        with self._cond:
            sent = Sent(chat_id, next(self._message_ids), plain, params["text"], entities, buttons,
                        reply_to=reply.get("message_id"))
            self.messages.setdefault(chat_id, []).append(sent)
        return self._message_json(sent)

    async def _m_editmessagetext(self, params: dict[str, Any]) -> dict[str, Any]:
        sent = self._find(params)
        plain, entities = check_text(params.get("text"), params.get("parse_mode"))
        buttons = check_markup(params.get("reply_markup"))
        if plain == sent.text and buttons == sent.buttons:
            raise BadRequest("Bad Request: message is not modified")
        with self._cond:
            sent.text, sent.html, sent.entities, sent.buttons, sent.edited = plain, params["text"], entities, buttons, True
        return self._message_json(sent)

    async def _m_editmessagereplymarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        sent = self._find(params)
        with self._cond:
            sent.buttons = check_markup(params.get("reply_markup"))
        return self._message_json(sent)

    async def _m_answercallbackquery(self, params: dict[str, Any]) -> bool:
        query_id = params.get("callback_query_id")
        with self._cond:
            if query_id not in self._queries:
                raise BadRequest("Bad Request: query is too old and response timeout expired or query ID is invalid")
            self._queries.discard(query_id)
        if len(str(params.get("text") or "")) > 200:
            raise BadRequest("Bad Request: MESSAGE_TOO_LONG")
        return True

    async def _m_sendchataction(self, params: dict[str, Any]) -> bool:
        self._chat_id(params)
        if params.get("action") not in {"typing", "upload_photo", "record_video", "upload_document"}:
            raise BadRequest("Bad Request: wrong parameter action in request")
        return True

    async def _m_setmycommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands") or []
        for c in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", c.get("command", "")) or not 1 <= len(c.get("description", "")) <= 256:
                raise BadRequest("Bad Request: BOT_COMMAND_INVALID")
        scope = (params.get("scope") or {}).get("type", "default")
        self.scoped_commands[scope] = commands
        if scope == "default":
            self.commands = commands
        return True

    async def _m_setmydescription(self, params: dict[str, Any]) -> bool:
        if len(params.get("description") or "") > 512:
            raise BadRequest("Bad Request: description is too long")
        self.descriptions["description"] = params.get("description") or ""
        return True

    async def _m_setmyshortdescription(self, params: dict[str, Any]) -> bool:
        if len(params.get("short_description") or "") > 120:
            raise BadRequest("Bad Request: short description is too long")
        self.descriptions["short_description"] = params.get("short_description") or ""
        return True

    async def _m_getmycommands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.commands

    async def _m_deletewebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = {}
        return True

    async def _m_setwebhook(self, params: dict[str, Any]) -> bool:
        if not str(params.get("url", "")).startswith(("https://", "http://")):
            raise BadRequest("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook = params
        return True

    async def _m_getwebhookinfo(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"url": self.webhook.get("url", ""), "has_custom_certificate": False, "pending_update_count": 0}

    async def _m_close(self, params: dict[str, Any]) -> bool:
        return True

    def _known_ids(self, chat_id: int) -> set[int]:
        """Message ids the chat has seen: the bot's and the injected ones (ids are shared)."""
        with self._cond:
            return {m.message_id for m in self.messages.get(chat_id, [])} | self._injected.get(chat_id, set())

    def _find(self, params: dict[str, Any]) -> Sent:
        chat_id = self._chat_id(params)
        with self._cond:
            for sent in self.messages.get(chat_id, []):
                if sent.message_id == params.get("message_id"):
                    return sent
        raise BadRequest("Bad Request: message to edit not found")

    def replying_to(self, sent: Sent) -> dict[str, Any]:
        """`reply_to_message=` for `message_update`: a reply to a message the bot sent."""
        return {"message_id": sent.message_id, "date": int(time.time()), "chat": self._chat_json(sent.chat_id),
                "from": self.bot, "text": sent.text}

    @staticmethod
    def _chat_json(chat_id: int) -> dict[str, Any]:
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": "测试"}
        return {"id": chat_id, "type": "supergroup", "title": "测试群"}

    def _message_json(self, sent: Sent) -> dict[str, Any]:
        chat = self._chat_json(sent.chat_id)
        message: dict[str, Any] = {"message_id": sent.message_id, "date": int(time.time()), "chat": chat,
                                   "from": self.bot, "text": sent.text}
        if sent.entities:
            message["entities"] = sent.entities
        if sent.buttons:
            message["reply_markup"] = {"inline_keyboard": sent.buttons}
        return message
