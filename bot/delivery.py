"""Delivery that loses nothing: Telegram's rate limits kept, transient failures retried, the rest logged.

Every Bot API call goes through `DeliveryLimiter`: python-telegram-bot's AIORateLimiter (30 messages a second
overall, 20 a minute per group; a RetryAfter (429) is waited out and retried) plus bounded retries with
exponential backoff on network errors, time-outs and 5xx answers (python-telegram-bot reports those as
NetworkError). A retried send whose first attempt did reach Telegram may arrive twice: a duplicate is better
than a lost answer. (getUpdates bypasses the limiter: long polling retries on its own.) What still fails is logged with its chat id by `send_or_log`, never dropped silently.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import AIORateLimiter

log = logging.getLogger("regbot.telegram")
T = TypeVar("T")

ATTEMPTS = 6  # network attempts per call: 1 + 5 retries
BACKOFF = 1.0  # seconds before the first retry, doubled each time (1, 2, 4, 8, 15: over 30 s in all)
MAX_BACKOFF = 15.0
RETRY_AFTER_RETRIES = 20  # 429s waited out per call (a flood pauses every call at once)


class DeliveryLimiter(AIORateLimiter):
    """AIORateLimiter with bounded retries and backoff on network errors, time-outs and 5xx."""

    def __init__(self, attempts: int = ATTEMPTS, backoff: float = BACKOFF, **limits: Any) -> None:
        super().__init__(max_retries=limits.pop("max_retries", RETRY_AFTER_RETRIES), **limits)
        self.attempts = attempts
        self.backoff = backoff

    async def process_request(self, callback: Callable[..., Coroutine[Any, Any, Any]], args: Any,
                              kwargs: dict[str, Any], endpoint: str, data: dict[str, Any],
                              rate_limit_args: int | None) -> Any:
        """Rate-limit the call; on a transient failure wait and try again, up to `attempts` times."""
        delay = self.backoff
        for attempt in range(1, self.attempts + 1):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:
                raise  # Telegram refused the content: the same request would be refused again
            except NetworkError as exc:
                if attempt == self.attempts:
                    raise
                log.warning("%s to chat %s failed (%s); retry %d in %.0f s", endpoint, data.get("chat_id"),
                            exc, attempt, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_BACKOFF)
        raise AssertionError("unreachable")


class GatewayPages(logging.Filter):
    """python-telegram-bot logs an error with a traceback when a 5xx answer is an HTML page (a proxy's 502 or
    504) rather than JSON; it then raises NetworkError, which `DeliveryLimiter` retries and logs in one line.
    This keeps the message, as a warning, without the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage().startswith("Can not load invalid JSON data"):
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info, record.exc_text = None, None
        return True


def quiet_gateway_pages() -> None:
    """Install `GatewayPages` on python-telegram-bot's request logger (once)."""
    logger = logging.getLogger("telegram.request.BaseRequest")
    if not any(isinstance(f, GatewayPages) for f in logger.filters):
        logger.addFilter(GatewayPages())


async def send_or_log(chat_id: int, what: str, send: Callable[[], Awaitable[T]]) -> T | None:
    """Run one send; when it fails even after the retries, log the chat and what was lost, and go on."""
    try:
        return await send()
    except TelegramError as exc:
        log.error("LOST %s for chat %s: %s: %s", what, chat_id, type(exc).__name__, exc)
        return None
