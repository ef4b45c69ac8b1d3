"""Who a message is for and what it follows: private chats versus groups.

In a private chat every text is a question and the chat has one line of follow-ups. In a group the bot answers
only commands, messages that @mention it and replies to its own messages; its replies are threaded under the
question; follow-up context comes from the answer replied to, else from the same member's previous question,
never from another member's.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import MutableMapping
from typing import Any

from telegram import Message, ReplyParameters, Update
from telegram.constants import ChatType

from bot.models import Turn

MAX_TURNS = 200  # answers per group whose turn is kept for replies to them


def in_group(update: Update) -> bool:
    """Whether the update comes from a group or supergroup."""
    chat = update.effective_chat
    return chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


def replies_to_bot(message: Message | None, bot_id: int) -> bool:
    """Whether a message replies to one of the bot's own messages."""
    reply = message.reply_to_message if message else None
    return bool(reply and reply.from_user and reply.from_user.id == bot_id)


def addressed_text(update: Update, bot_id: int, username: str) -> str | None:
    """The question a text message puts to the bot, or None when it is not for the bot: in groups only an
    @mention (removed from the text) or a reply to the bot counts."""
    message = update.effective_message
    text = (message.text or "") if message else ""
    if not in_group(update):
        return text
    mention = re.compile(rf"@{re.escape(username)}\b", re.I) if username else None
    if mention and mention.search(text):
        return mention.sub(" ", text).strip()
    return text if replies_to_bot(message, bot_id) else None


def thread(update: Update) -> ReplyParameters | None:
    """In groups, reply under the question (even when it was deleted meanwhile); in private chats, plainly."""
    message = update.effective_message
    if not in_group(update) or message is None or update.callback_query is not None:
        return None
    return ReplyParameters(message_id=message.message_id, allow_sending_without_reply=True)


def previous_turn(update: Update, chat_data: MutableMapping[str, Any], bot_id: int) -> Turn | None:
    """The turn a follow-up continues: the chat's last in private; in groups the replied-to answer's, else
    this member's last question."""
    if not in_group(update):
        return chat_data.get("turn")
    message = update.effective_message
    if update.callback_query is None and replies_to_bot(message, bot_id):
        turn = chat_data.get("turn_of", {}).get(message.reply_to_message.message_id)  # type: ignore[union-attr]
        if turn is not None:
            return turn
    user = update.effective_user
    return chat_data.get("turns", {}).get(user.id if user else 0)


def remember_turn(update: Update, chat_data: MutableMapping[str, Any], turn: Turn, message_ids: list[int]) -> None:
    """Keep the new turn where `previous_turn` looks for it."""
    if not in_group(update):
        chat_data["turn"] = turn
        return
    user = update.effective_user
    chat_data.setdefault("turns", {})[user.id if user else 0] = turn
    turn_of: OrderedDict[int, Turn] = chat_data.setdefault("turn_of", OrderedDict())
    for message_id in message_ids:
        turn_of[message_id] = turn
    while len(turn_of) > MAX_TURNS:
        turn_of.popitem(last=False)
