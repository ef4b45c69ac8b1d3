"""The Telegram bot: a python-telegram-bot Application whose handlers are thin calls into the answer engine.

One handler per job. Engine calls run in a bounded worker pool so the event loop keeps serving other chats
and one slow chat cannot take every worker; updates are processed concurrently, one at a time per chat (a
per-chat lock keeps a follow-up behind its question). Answers are one-screen cards (bot.card) whose buttons
edit the same message in place; every send goes through bot.delivery (rate limits, retries, lost answers
logged). Group rules and follow-up context are in bot.chats.
"""

from __future__ import annotations

import asyncio
import html
import ipaddress
import logging
import re
import secrets
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, suppress
from pathlib import Path

from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeDefault,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    PersistenceInput,
    PicklePersistence,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import chats, keyboard
from bot.answer import Engine, get_engine
from bot.card import compare_docs, compare_page, compare_table, esc, related_page
from bot.delivery import DeliveryLimiter, quiet_gateway_pages, send_or_log
from bot.inputs import clean
from bot.models import Answer, Turn
from bot.render import to_html
from bot.settings import Settings, WebhookOptions

log = logging.getLogger("regbot.telegram")

COMMANDS = [
    ("start", "开始使用：介绍与示例问题"),
    ("help", "帮助：能问什么、怎么问"),
    ("ask", "提问，例如 /ask 温州市直机关党委每届任期几年？"),
    ("calc", "计算：委员人数、任期、经费、人员配备等"),
    ("clause", "查看条款全文，例如 /clause 温州第三条"),
    ("compare", "对比各地规定：任期、委员人数、经费等"),
    ("docs", "收录的文件"),
]
GROUP_COMMANDS = [c for c in COMMANDS if c[0] in ("ask", "calc", "compare", "clause", "help")]
DESCRIPTION = ("条例助手：查询温州、湖州、绍兴、东莞和市编办关于机关党组织的文件。直接用中文提问，"
               "如「温州市直机关党委每届任期几年？」，每个回答都附条款原文和出处。")
SHORT_DESCRIPTION = "机关党建条例问答：用中文提问，回答附条款原文和出处。"
WELCOME = "<b>您好{name}！我是条例助手。</b>"
HELP = """直接用中文提问，回答附条款原文和出处。例如（点一下即可复制）：
{examples}
追问：问完再发「那湖州呢？」「县里呢？」即可换城市或层级。

收录：{docs}。
/compare 对比各地规定（点选主题）　/calc 计算人数、经费、任期
/clause 查看条款全文，如 <code>/clause 温州第三条</code>　/docs 收录的文件

进阶：/calc 也接受指令写法，如 <code>/calc vote 9</code>（应到9人至少几人赞成）。"""
GROUP_START = ("我是条例助手。在群里请 @{username} 提问、回复我的消息追问，或用命令，如 "
               "<code>/ask 温州市直机关党委每届任期几年？</code>。完整说明请私聊我发送 /help。")
CALC_PROMPT = "请在 /calc 后写出要算的问题，例如 <code>/calc 温州120名党员教育经费多少</code>。也可以点下面的例子："
COMPARE_PROMPT = "要对比各地哪方面的规定？请选择主题："
APOLOGY = "抱歉，处理这条消息时出了点问题，已经记录下来了。请稍后再试，或换个说法提问。"
REFUSAL = "抱歉，这个机器人目前只对授权用户开放。如需使用，请把您的 Telegram 用户 ID（{id}）发给管理员。"
NON_TEXT = "目前只能回答文字消息。请直接用中文提问，或发送 /help 查看用法。"
EXPIRED = "这个按钮所在的消息太旧了，请重新提问。"
UNKNOWN_BUTTON = "这个按钮已失效，请重新提问。"
TRUNCATED = "\n\n（原文较长，以上为开头部分。发送 /clause {clause} 查看全文。）"
ALLOWED_UPDATES = ["message", "callback_query"]
TYPING_EVERY = 4.5  # seconds; Telegram shows "typing…" for five
WORKERS = 4  # engine threads: answers are CPU-bound, a few at a time
CONCURRENT_UPDATES = 64
PERSISTENCE_FILE = "telegram-chats.pickle"
NAME_CHARS = 64  # of a user's first name echoed in the welcome
SILENT_IN_GROUPS = ("not_found", "empty")


class AccessError(Exception):
    """The bot would start unprotected: the message is Chinese, for the person starting it."""


# ---- building the application ----------------------------------------------------------------------------


def build_application(settings: Settings, engine: Engine | None = None, base_url: str | None = None,
                      request: BaseRequest | None = None, data_dir: Path | None = None) -> Application:
    """The bot's Application: settings, engine and its worker pool in bot_data, HTML by default, updates
    handled concurrently, every call rate-limited and retried; chat context kept in `data_dir` when given."""
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .concurrent_updates(CONCURRENT_UPDATES)
        .rate_limiter(DeliveryLimiter())
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if base_url:
        builder = builder.base_url(api_url(base_url)).base_file_url(file_url(base_url))
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if data_dir is not None:
        data_dir.mkdir(parents=True, exist_ok=True)
        store = PersistenceInput(bot_data=False, chat_data=True, user_data=False, callback_data=False)
        builder = builder.persistence(PicklePersistence(data_dir / PERSISTENCE_FILE, store_data=store, update_interval=30))
    app = builder.build()
    quiet_gateway_pages()
    app.bot_data.update(settings=settings, engine=engine or get_engine(), locks={},
                        pool=ThreadPoolExecutor(WORKERS, thread_name_prefix="regbot-engine"))
    add_handlers(app)
    return app


def add_handlers(app: Application) -> None:
    """The allow-list first (group -1), then one handler per command, message kind and button."""
    app.add_handler(TypeHandler(Update, gate), group=-1)
    for name, callback in [("start", start), ("help", help_cmd), ("ask", ask_cmd), ("calc", calc_cmd),
                           ("clause", clause_cmd), ("compare", compare_cmd), ("docs", docs_cmd)]:
        app.add_handler(CommandHandler(name, callback))
    app.add_handler(MessageHandler(filters.COMMAND, unknown_cmd))
    app.add_handler(MessageHandler(filters.TEXT, question))
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL, not_text))
    for pattern, callback in [("o", show_full), ("c", show_card), ("p", show_page), ("w", show_cities),
                              ("d", other_doc), ("f", full_clause), ("q", example), ("t", topic), ("v", show_compare)]:
        app.add_handler(CallbackQueryHandler(callback, pattern=rf"^{pattern}:"))
    app.add_handler(CallbackQueryHandler(stale_button))
    app.add_error_handler(on_error)


def api_url(base: str) -> str:
    """A Bot API base URL in python-telegram-bot's form (`…/bot`, the token appended): `http://host:8081`,
    `http://host:8081/bot` and `http://host:8081/bot{token}` are all accepted."""
    base = base.strip()
    if "{token}" in base or base.rstrip("/").endswith("/bot"):
        return base.rstrip("/") if "{token}" not in base else base
    return base.rstrip("/") + "/bot"


def file_url(base: str) -> str:
    """The file-download URL matching `api_url` (`…/file/bot`)."""
    url = api_url(base)
    if "{token}" in url:
        return url.replace("/bot{token}", "/file/bot{token}")
    return url[: -len("/bot")] + "/file/bot"


async def _post_init(app: Application) -> None:
    """Load the models off the event loop, then publish the command menus and the bot's descriptions."""
    engine: Engine = app.bot_data["engine"]
    try:
        await asyncio.get_running_loop().run_in_executor(app.bot_data["pool"], engine.warm)
        log.info("answer engine warmed")
    except Exception:  # the bot still serves /clause and /docs; questions will report errors as they come
        log.exception("could not warm the answer engine")
    bot = app.bot
    await bot.set_my_commands([BotCommand(n, d) for n, d in COMMANDS], scope=BotCommandScopeDefault())
    await bot.set_my_commands([BotCommand(n, d) for n, d in GROUP_COMMANDS], scope=BotCommandScopeAllGroupChats())
    with suppress(TelegramError):  # cosmetic: never a reason not to start
        await bot.set_my_description(DESCRIPTION)
        await bot.set_my_short_description(SHORT_DESCRIPTION)
    log.info("bot @%s is ready; access: %s", bot.username, access_mode(app.bot_data["settings"]))


async def _post_shutdown(app: Application) -> None:
    app.bot_data["pool"].shutdown(wait=False, cancel_futures=True)
    log.info("bot stopped")


def serve(app: Application, webhook: WebhookOptions | None = None) -> None:
    """Long polling, or a webhook server when `webhook` is given; returns after SIGINT/SIGTERM.
    AccessError when a webhook would listen beyond this machine without a secret."""
    if webhook is None:
        app.run_polling(allowed_updates=ALLOWED_UPDATES)
        return
    secret, generated = webhook_secret(app.bot_data["settings"], webhook)
    log.info("webhook on %s:%s, secret token %s", webhook.listen, webhook.port,
             "generated for this run" if generated else "from TELEGRAM_WEBHOOK_SECRET")
    app.run_webhook(listen=webhook.listen, port=webhook.port, url_path=webhook.path, webhook_url=webhook.url,
                    allowed_updates=ALLOWED_UPDATES, secret_token=secret)


# ---- access: the webhook secret and the allow-list ---------------------------------------------------------


def webhook_secret(settings: Settings, webhook: WebhookOptions) -> tuple[str, bool]:
    """The secret Telegram must send with every webhook post, and whether it was generated: the configured
    one; else, when listening on this machine only (behind a local reverse proxy), a random one passed to
    setWebhook for this run; else AccessError (several instances must share one configured secret)."""
    configured = settings.telegram_webhook_secret
    if configured is not None:
        return configured.get_secret_value(), False
    if not is_loopback(webhook.listen):
        raise AccessError(f"webhook 监听 {webhook.listen}（不只本机可访问），必须设置 TELEGRAM_WEBHOOK_SECRET，"
                          "否则任何人都能伪造消息。例如 export TELEGRAM_WEBHOOK_SECRET=$(openssl rand -hex 32)")
    return secrets.token_urlsafe(32), True


def is_loopback(host: str) -> bool:
    """Whether an address to listen on is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def access_mode(settings: Settings) -> str:
    """Who may use the bot, for the start-up log."""
    ids = settings.regbot_allowed_ids
    if not ids:
        return "OPEN to everyone (REGBOT_ALLOWED_IDS is not set)"
    return f"allow-list of {len(ids)} user/chat id(s)"


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stops updates from users and chats outside the allow-list; each such chat gets one polite refusal."""
    settings: Settings = context.bot_data["settings"]
    user, chat = update.effective_user, update.effective_chat
    if settings.allows(user.id if user else None, chat.id if chat else None):
        return
    first = chat is not None and not context.chat_data.get("refused")
    if first:
        context.chat_data["refused"] = True
    refusal = REFUSAL.format(id=user.id if user else "?")
    if update.callback_query:
        await _ack(update, refusal if first else None)
    elif first and chat is not None:
        await send_or_log(chat.id, "refusal", lambda: context.bot.send_message(chat.id, html.escape(refusal)))
    raise ApplicationHandlerStop


# ---- commands and messages ---------------------------------------------------------------------------------


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A welcome with the usage and example questions as buttons; in groups two lines only."""
    if chats.in_group(update):
        await reply(update, context, GROUP_START.format(username=esc(context.bot.username or "")))
        return
    user = update.effective_user
    first_name = clean(user.first_name, limit=NAME_CHARS) if user and user.first_name else ""
    name = f"，{esc(first_name)}" if first_name else ""
    text = WELCOME.format(name=name) + "\n" + help_text(context)
    await reply(update, context, text, keyboard.example_rows())


async def help_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: what the assistant covers and how to ask, in Chinese, examples tap-to-copy."""
    await reply(update, context, help_text(context))


async def docs_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/docs: the documents in the corpus."""
    await respond(update, context, lambda _: _engine(context).docs())


async def ask_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask QUESTION: the same as typing the question."""
    text = clean(command_rest(update))
    await respond(update, context, lambda turn: _engine(context).ask(text, turn))


async def question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Plain text meant for the bot: a question, a clause reference, or a follow-up (bot.chats decides what
    is meant for it in groups, and what it follows)."""
    text = chats.addressed_text(update, context.bot.id, context.bot.username or "")
    if text is None:
        return
    text = clean(text)
    await respond(update, context, lambda turn: _engine(context).ask(text, turn), quiet=chats.in_group(update))


async def calc_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/calc …: the calculator alone; bare, Chinese examples to tap."""
    text = clean(command_rest(update))
    if not text:
        await reply(update, context, CALC_PROMPT, keyboard.example_rows(keyboard.CALC_EXAMPLES))
        return
    await respond(update, context, lambda _: _engine(context).calc(text))


async def clause_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/clause REF: one clause in full."""
    ref = clean(command_rest(update))
    await respond(update, context, lambda _: _engine(context).clause(ref), full=True)


async def compare_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/compare TOPIC: one topic across the documents; bare, the topics as Chinese buttons."""
    text = clean(command_rest(update))
    if not text:
        from rules.compare import topics

        await reply(update, context, COMPARE_PROMPT, keyboard.topic_rows(topics()))
        return
    await respond(update, context, lambda _: _engine(context).compare(text))


async def unknown_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any other /command (not one addressed to another bot): the engine says which commands exist."""
    command = (update.effective_message.text or "").split(maxsplit=1)[0]
    if "@" in command and command.partition("@")[2].lower() != (context.bot.username or "").lower():
        return
    text = clean(update.effective_message.text or "")
    await respond(update, context, lambda turn: _engine(context).handle(text, turn))


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice: only text is understood."""
    await reply(update, context, esc(NON_TEXT))


# ---- buttons: in place ---------------------------------------------------------------------------------------


async def show_full(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`o:<key>` 原文: the answer in detail in the same message, the answering sentence marked."""
    answer, key = await _stored(update, context)
    if answer is not None:
        await edit(update, full_view(answer), keyboard.card_rows(answer, key, _docs(context), view="full"))


async def show_card(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`c:<key>` 收起 / 返回: the one-screen card again, in the same message."""
    answer, key = await _stored(update, context)
    if answer is not None:
        await edit(update, to_html(answer)[0], keyboard.card_rows(answer, key, _docs(context)))


async def show_page(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`p:<key>:<n>` 更多: page n of the further clauses, in the same message, ◀ ▶ to turn."""
    answer, key = await _stored(update, context)
    if answer is not None:
        page = int(keyboard.parse(update.callback_query.data)[1][1] or 0)
        await edit(update, related_page(answer.more, page, answer.found), keyboard.page_rows(answer, key, page))


async def show_cities(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`w:<key>` 换城市: the keyboard becomes a menu of the other documents."""
    answer, key = await _stored(update, context)
    if answer is not None:
        await edit(update, None, keyboard.city_rows(answer, key, _docs(context)))


async def other_doc(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`d:<key>:<doc>`: the menu closes (the keyboard shrinks back), and the question is asked for `doc`."""
    answer, key = await _stored(update, context)
    if answer is None or answer.turn is None:
        return
    doc = keyboard.parse(update.callback_query.data)[1][1]
    await edit(update, None, keyboard.card_rows(answer, key, _docs(context)))
    turn = answer.turn
    await respond(update, context, lambda _: _engine(context).for_doc(turn, doc))


async def show_compare(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`v:<topic>:<n>`: a /compare card's page in the same message: 0 the summary, n the n-th document."""
    topic_key, page = (clean(arg) for arg in keyboard.parse(update.callback_query.data)[1])
    number = int(page) if page.isdigit() else 0
    labels = compare_docs(topic_key)
    number = min(number, len(labels))
    await edit(update, compare_page(topic_key, number), keyboard.compare_rows(topic_key, labels, number))


# ---- buttons: new messages -----------------------------------------------------------------------------------


async def full_clause(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`f:<clause>`: the clause in full (the buttons of older messages)."""
    clause = clean(keyboard.parse(update.callback_query.data)[1][0])
    await _ack(update)
    await respond(update, context, lambda _: _engine(context).clause(clause), full=True)


async def example(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`q:<question>`: an example question, asked as if typed."""
    text = clean(keyboard.parse(update.callback_query.data)[1][0])  # callback data can be forged too
    await _ack(update)
    await respond(update, context, lambda turn: _engine(context).ask(text, turn))


async def topic(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`t:<topic>`: a /compare topic chosen from the menu."""
    key = clean(keyboard.parse(update.callback_query.data)[1][0])
    await _ack(update)
    await respond(update, context, lambda _: _engine(context).compare(key))


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any other callback data (an older version's buttons): say so instead of spinning forever."""
    await _ack(update, UNKNOWN_BUTTON)


# ---- the shared reply path -----------------------------------------------------------------------------------


async def respond(update: Update, context: ContextTypes.DEFAULT_TYPE, work: Callable[[Turn | None], Answer],
                  full: bool = False, quiet: bool = False) -> None:
    """Run `work(previous turn)` in the worker pool while showing "typing…", send the answer, remember the
    new turn. `quiet`: say nothing when the documents do not answer (group small talk)."""
    chat_id = update.effective_chat.id
    async with chat_lock(context, chat_id), typing(context, chat_id):
        previous = chats.previous_turn(update, context.chat_data, context.bot.id)
        pool: ThreadPoolExecutor = context.bot_data["pool"]
        answer = await asyncio.get_running_loop().run_in_executor(pool, work, previous)
        if quiet and answer.kind in SILENT_IN_GROUPS:
            log.debug("silent in group %s: %s", chat_id, answer.kind)
            return
        sent = await send_answer(update, context, answer, full)
        if answer.turn is not None:
            chats.remember_turn(update, context.chat_data, answer.turn, [m.message_id for m in sent])


async def send_answer(update: Update, context: ContextTypes.DEFAULT_TYPE, answer: Answer,
                      full: bool = False) -> list[Message]:
    """The answer as its card (or in full), threaded in groups, its buttons under the last message."""
    if answer.kind == "help":  # the engine's help is the terminal's; Telegram has its own (`help_text`)
        return await reply(update, context, help_text(context))
    docs = _docs(context)
    rows: list[keyboard.Row] = []
    if not full and answer.kind == "compare" and answer.query.strip():
        rows = compare_buttons(answer)
    elif not full and keyboard.needs_key(answer, docs):
        rows = keyboard.card_rows(answer, keyboard.remember(context.chat_data, answer), docs)
    return await reply(update, context, to_html(answer, full), rows)


async def reply(update: Update, context: ContextTypes.DEFAULT_TYPE, texts: str | list[str],
                rows: list[keyboard.Row] | None = None) -> list[Message]:
    """Send HTML messages to the update's chat (threaded under the question in groups), the buttons under
    the last; a message that cannot be delivered even after the retries is logged and the rest still sent."""
    chat_id = update.effective_chat.id
    texts = [texts] if isinstance(texts, str) else texts
    sent: list[Message] = []
    for i, text in enumerate(texts):
        markup = _markup(rows or []) if i == len(texts) - 1 else None
        params = chats.thread(update) if i == 0 else None
        message = await send_or_log(chat_id, f"answer part {i + 1}/{len(texts)}", lambda: context.bot.send_message(
            chat_id, text, reply_markup=markup, reply_parameters=params))
        if message is not None:
            sent.append(message)
    return sent


async def edit(update: Update, text: str | None, rows: list[keyboard.Row]) -> None:
    """Change the pressed button's message in place: its text and keyboard, or (text None) the keyboard."""
    query = update.callback_query
    await _ack(update)
    try:
        if text is None:
            await query.edit_message_reply_markup(_markup(rows))
        else:
            await query.edit_message_text(text, reply_markup=_markup(rows))
    except BadRequest as exc:
        if "not modified" not in str(exc):
            log.error("LOST edit for chat %s: %s", update.effective_chat.id, exc)
    except TelegramError as exc:
        log.error("LOST edit for chat %s: %s: %s", update.effective_chat.id, type(exc).__name__, exc)


def compare_buttons(answer: Answer) -> list[keyboard.Row]:
    """Under a /compare card: its documents' pages; under an unknown topic, the topics to choose from."""
    from rules.compare import topics

    topic_key = compare_table(answer.query).topic
    labels = compare_docs(topic_key)
    return keyboard.compare_rows(topic_key, labels, 0) if labels else keyboard.topic_rows(topics())


def full_view(answer: Answer) -> str:
    """The detailed answer in one message; when it is longer, its first part and where to read the rest."""
    messages = to_html(answer, full=True)
    if len(messages) == 1:
        return messages[0]
    clause = answer.results[0].clause if answer.results else ""
    return messages[0] + esc(TRUNCATED.format(clause=clause))


def help_text(context: ContextTypes.DEFAULT_TYPE) -> str:
    """The Telegram help, the only one the bot shows (/start, /help, and the engine's help answer): Chinese
    questions to copy, the same examples as the buttons; the command grammar only as an aside."""
    docs = "、".join(label for _, label in _docs(context))
    questions = dict.fromkeys([*keyboard.EXAMPLES, *keyboard.CALC_EXAMPLES[:1]])
    return HELP.format(docs=esc(docs), examples="\n".join(f"<code>{esc(q)}</code>" for q in questions))


@asynccontextmanager
async def chat_lock(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> AsyncIterator[None]:
    """One update at a time per chat, in arrival order, so a follow-up sees its question's turn. (The locks
    live in bot_data, which is not persisted: a lock cannot be pickled.)"""
    lock: asyncio.Lock = context.bot_data["locks"].setdefault(chat_id, asyncio.Lock())
    async with lock:
        yield


@asynccontextmanager
async def typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> AsyncIterator[None]:
    """Shows "typing…" now and every few seconds until the block ends; failures to show it are ignored."""

    async def keep_typing() -> None:
        while True:
            await asyncio.sleep(TYPING_EVERY)
            with suppress(TelegramError):
                await context.bot.send_chat_action(chat_id, ChatAction.TYPING)

    with suppress(TelegramError):
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


# ---- errors --------------------------------------------------------------------------------------------------


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the trace; tell the user, briefly, that this message failed. Never raises."""
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    with suppress(Exception):
        await _ack(update)
    with suppress(Exception):
        await context.bot.send_message(update.effective_chat.id, APOLOGY, parse_mode=None)


# ---- small helpers -------------------------------------------------------------------------------------------


def command_rest(update: Update) -> str:
    """What follows the /command in a message, newlines kept (`/calc@bot  vote 9` → `vote 9`)."""
    text = update.effective_message.text or ""
    match = re.match(r"^/\S*\s*(.*)$", text, re.S)
    return match.group(1).strip() if match else text.strip()


def _engine(context: ContextTypes.DEFAULT_TYPE) -> Engine:
    return context.bot_data["engine"]


def _docs(context: ContextTypes.DEFAULT_TYPE) -> list[tuple[str, str]]:
    """(id, label) of every document, in corpus order."""
    return [(d.id, d.label) for d in _engine(context).corpus.documents.values()]


async def _stored(update: Update, context: ContextTypes.DEFAULT_TYPE) -> tuple[Answer | None, str]:
    """The stored answer a button's key names, or (None, key) after telling the user it is too old."""
    key = keyboard.parse(update.callback_query.data)[1][0]
    stored = keyboard.recall(context.chat_data, key)
    if stored is None:
        await _ack(update, EXPIRED)
        return None, key
    return stored.answer, key


def _markup(rows: list[keyboard.Row]) -> InlineKeyboardMarkup | None:
    """Rows of (label, data) as an inline keyboard, or None when there are none."""
    if not rows:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(text, callback_data=data) for text, data in row] for row in rows])


async def _ack(update: Update, text: str | None = None) -> None:
    """Answers the callback query (stops the button's spinner), with an alert when there is something to say."""
    query = update.callback_query
    if query is None:
        return
    with suppress(TelegramError):
        await query.answer(text, show_alert=bool(text))

