"""The Telegram bot: a python-telegram-bot Application whose handlers are thin calls into the answer engine.

One handler per job; every engine call runs in a worker thread (`asyncio.to_thread`) so the event loop keeps
serving other chats; updates are processed concurrently, one at a time per chat (a per-chat lock keeps a
follow-up behind its question). Replies are Telegram HTML from bot.render, already escaped and split.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import keyboard
from bot.answer import Engine, get_engine
from bot.models import Answer, Turn
from bot.render import split_blocks, to_html, to_html_blocks
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
WELCOME = "<b>您好{name}！我是条例助手。</b>\n直接发问题给我，我会给出条款原文和出处。下面几个问题可以点一下试试："
APOLOGY = "抱歉，处理这条消息时出了点问题，已经记录下来了。请稍后再试，或换个说法提问。"
REFUSAL = "抱歉，这个机器人目前只对授权用户开放。如需使用，请把您的 Telegram 用户 ID（{id}）发给管理员。"
NON_TEXT = "目前只能回答文字消息。请直接用中文提问，或发送 /help 查看用法。"
EXPIRED = "这个按钮所在的消息太旧了（机器人重启过或记录已清理），请重新提问。"
UNKNOWN_BUTTON = "这个按钮已失效，请重新提问。"
ALLOWED_UPDATES = ["message", "callback_query"]
TYPING_EVERY = 4.5  # seconds; Telegram shows "typing…" for five


# ---- building the application ----------------------------------------------------------------------------


def build_application(settings: Settings, engine: Engine | None = None, base_url: str | None = None,
                      request: BaseRequest | None = None) -> Application:
    """The bot's Application: settings and engine in bot_data, HTML by default, updates handled concurrently."""
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .concurrent_updates(True)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if base_url:
        builder = builder.base_url(api_url(base_url)).base_file_url(file_url(base_url))
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    app = builder.build()
    app.bot_data.update(settings=settings, engine=engine or get_engine())
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
    app.add_handler(CallbackQueryHandler(full_clause, pattern=r"^f:"))
    app.add_handler(CallbackQueryHandler(more_results, pattern=r"^m:"))
    app.add_handler(CallbackQueryHandler(other_doc, pattern=r"^d:"))
    app.add_handler(CallbackQueryHandler(example, pattern=r"^q:"))
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
    """Load the models off the event loop, then publish the command menu."""
    engine: Engine = app.bot_data["engine"]
    try:
        await asyncio.to_thread(engine.warm)
        log.info("answer engine warmed")
    except Exception:  # the bot still serves /clause and /docs; questions will report errors as they come
        log.exception("could not warm the answer engine")
    await app.bot.set_my_commands([BotCommand(name, description) for name, description in COMMANDS])
    log.info("bot @%s is ready", app.bot.username)


async def _post_shutdown(app: Application) -> None:
    log.info("bot stopped")


def serve(app: Application, webhook: WebhookOptions | None = None) -> None:
    """Long polling, or a webhook server when `webhook` is given; returns after SIGINT/SIGTERM."""
    if webhook is None:
        app.run_polling(allowed_updates=ALLOWED_UPDATES)
        return
    settings: Settings = app.bot_data["settings"]
    secret = settings.telegram_webhook_secret
    app.run_webhook(listen=webhook.listen, port=webhook.port, url_path=webhook.path, webhook_url=webhook.url,
                    allowed_updates=ALLOWED_UPDATES, secret_token=secret.get_secret_value() if secret else None)


# ---- the allow-list ----------------------------------------------------------------------------------------


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
        await context.bot.send_message(chat.id, html.escape(refusal))
    raise ApplicationHandlerStop


# ---- commands and messages ---------------------------------------------------------------------------------


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A welcome with the example questions as buttons, then the help text."""
    user = update.effective_user
    name = f"，{html.escape(user.first_name)}" if user and user.first_name else ""
    help_answer = await asyncio.to_thread(_engine(context).help)
    messages = split_blocks([WELCOME.format(name=name), *to_html_blocks(help_answer)])
    for i, text in enumerate(messages):
        last = i == len(messages) - 1
        await context.bot.send_message(update.effective_chat.id, text,
                                       reply_markup=_markup(keyboard.example_rows()) if last else None)


async def help_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: what the assistant covers and how to ask."""
    await respond(update, context, lambda _: _engine(context).help())


async def docs_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/docs: the documents in the corpus."""
    await respond(update, context, lambda _: _engine(context).docs())


async def ask_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask QUESTION: the same as typing the question."""
    await respond(update, context, lambda turn: _engine(context).ask(command_rest(update), turn))


async def question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Plain text: a question, a clause reference, or a follow-up to the chat's previous question."""
    await respond(update, context, lambda turn: _engine(context).ask(update.effective_message.text, turn))


async def calc_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/calc …: the calculator alone."""
    await respond(update, context, lambda _: _engine(context).calc(command_rest(update)))


async def clause_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/clause REF: one clause in full."""
    await respond(update, context, lambda _: _engine(context).clause(command_rest(update)), full=True)


async def compare_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/compare TOPIC: one topic across the documents."""
    await respond(update, context, lambda _: _engine(context).compare(command_rest(update)))


async def unknown_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any other /command (not one addressed to another bot): the engine says which commands exist."""
    command = (update.effective_message.text or "").split(maxsplit=1)[0]
    if "@" in command and command.partition("@")[2].lower() != (context.bot.username or "").lower():
        return
    await respond(update, context, lambda turn: _engine(context).handle(update.effective_message.text, turn))


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice: only text is understood."""
    await context.bot.send_message(update.effective_chat.id, html.escape(NON_TEXT))


# ---- buttons -------------------------------------------------------------------------------------------------


async def full_clause(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`f:<clause>`: the clause in full (works on any message, however old)."""
    _, (clause,) = keyboard.parse(update.callback_query.data)
    await _ack(update)
    await respond(update, context, lambda _: _engine(context).clause(clause), full=True)


async def more_results(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`m:<key>`: the further results of a stored answer."""
    _, (key,) = keyboard.parse(update.callback_query.data)
    stored = keyboard.recall(context.chat_data, key)
    if stored is None:
        await _ack(update, EXPIRED)
        return
    await _ack(update)
    question_text = stored.turn.question if stored.turn else ""
    more = Answer(query=question_text, found=True, kind="answer", results=stored.more,
                  answer="更多相关条款：" if stored.found else "以下条款可能相关，但不一定回答了您的问题：")
    await respond(update, context, lambda _: more)


async def other_doc(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`d:<key>:<doc>`: the stored answer's question asked for another document."""
    _, (key, doc) = keyboard.parse(update.callback_query.data)
    stored = keyboard.recall(context.chat_data, key)
    if stored is None or stored.turn is None:
        await _ack(update, EXPIRED)
        return
    await _ack(update)
    turn = stored.turn
    await respond(update, context, lambda _: _engine(context).for_doc(turn, doc))


async def example(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`q:<question>`: an example question from the welcome, asked as if typed."""
    _, (text,) = keyboard.parse(update.callback_query.data)
    await _ack(update)
    await respond(update, context, lambda turn: _engine(context).ask(text, turn))


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any other callback data (an older version's buttons): say so instead of spinning forever."""
    await _ack(update, UNKNOWN_BUTTON)


# ---- the shared reply path -----------------------------------------------------------------------------------


async def respond(update: Update, context: ContextTypes.DEFAULT_TYPE, work: Callable[[Turn | None], Answer],
                  full: bool = False) -> None:
    """Run `work(previous turn)` in a thread while showing "typing…", remember the new turn, send the answer."""
    chat_id = update.effective_chat.id
    async with chat_lock(context), typing(context, chat_id):
        answer = await asyncio.to_thread(work, context.chat_data.get("turn"))
        if answer.turn is not None:
            context.chat_data["turn"] = answer.turn
        await send_answer(context, chat_id, answer, full)


async def send_answer(context: ContextTypes.DEFAULT_TYPE, chat_id: int, answer: Answer, full: bool = False) -> None:
    """The answer as one or more HTML messages; the buttons go under the last one."""
    messages = to_html(answer, full)
    docs = [(d.id, d.label) for d in _engine(context).corpus.documents.values()]
    markup = _markup(keyboard.answer_rows(answer, full, docs, context.chat_data))
    for i, text in enumerate(messages):
        await context.bot.send_message(chat_id, text, reply_markup=markup if i == len(messages) - 1 else None)


@asynccontextmanager
async def chat_lock(context: ContextTypes.DEFAULT_TYPE) -> AsyncIterator[None]:
    """One update at a time per chat, in arrival order, so a follow-up sees its question's turn."""
    lock: asyncio.Lock = context.chat_data.setdefault("lock", asyncio.Lock())
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

