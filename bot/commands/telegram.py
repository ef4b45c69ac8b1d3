"""`regbot telegram [--base-url URL] [--webhook-url URL --listen HOST --port N]`: run the Telegram bot.

Settings come from the environment (bot/settings.py), read once by the CLI; the token is required here only. Every
startup failure is one Chinese line on stderr and a non-zero exit status, never a traceback and never the token.
Chat context (follow-ups, the stored answers behind buttons) is kept in REGBOT_DATA_DIR, by default the user data
directory (platformdirs).
"""

from __future__ import annotations

import argparse
import logging
import sys

from bot.settings import Settings

EXIT_SETTINGS = 2  # a missing or malformed setting, or a token the Bot API server rejects
EXIT_NETWORK = 3  # the Bot API server cannot be reached


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Check the bot's settings, then serve by long polling (default) or webhook until SIGINT/SIGTERM."""
    from bot.settings import SettingsError, WebhookOptions, setup_logging

    try:
        settings.require_token()
    except SettingsError as exc:
        return _fail(str(exc), EXIT_SETTINGS)
    if args.webhook_url and not args.webhook_url.startswith(("https://", "http://")):
        return _fail("--webhook-url 应以 https:// 开头，例如 https://example.com/regbot", EXIT_SETTINGS)
    setup_logging(settings)

    from telegram.error import InvalidToken, NetworkError

    from bot.answer import get_engine
    from bot.telegram import AccessError, build_application, serve

    webhook = WebhookOptions(url=args.webhook_url, listen=args.listen, port=args.port) if args.webhook_url else None
    try:
        serve(build_application(settings, engine=get_engine(settings.index), base_url=args.base_url,
                                data_dir=settings.data_dir()), webhook)
    except AccessError as exc:
        return _fail(str(exc), EXIT_SETTINGS)
    except InvalidToken:
        return _fail("Bot API 服务器拒绝了 TELEGRAM_BOT_TOKEN：令牌无效或已被撤销。请向 @BotFather 确认令牌。", EXIT_SETTINGS)
    except NetworkError as exc:
        logging.getLogger("regbot.telegram").debug("network error at startup", exc_info=True)
        where = args.base_url or "api.telegram.org"
        return _fail(f"无法连接 Bot API 服务器（{where}）：{type(exc).__name__}。请检查网络或 --base-url。", EXIT_NETWORK)
    except OSError as exc:  # the webhook port is taken, or the address cannot be bound
        return _fail(f"无法启动 webhook 服务（{args.listen}:{args.port}）：{exc.strerror or exc}", EXIT_NETWORK)
    return 0


def _fail(message: str, status: int) -> int:
    print(f"无法启动机器人：{message}", file=sys.stderr)
    return status
