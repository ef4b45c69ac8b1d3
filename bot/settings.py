"""Every setting of regbot, read from the environment once (here, and nowhere else) and passed down as arguments.

| variable | setting |
|---|---|
| REGBOT_BACKEND, REGBOT_MODEL | embedding backend (e5 | st | fake) and, for st, the model name or path |
| REGBOT_INDEX_DIR | where indexes built at run time go (default: the per-user cache directory) |
| REGBOT_LOG_LEVEL | DEBUG, INFO, WARNING, ERROR, CRITICAL |
| REGBOT_HISTORY | the chat's input history file (default ~/.regbot_history) |
| REGBOT_DATA_DIR | where the bot keeps chat context across restarts (default: the per-user data directory) |
| TELEGRAM_BOT_TOKEN | the bot's token: required by `regbot telegram` only |
| REGBOT_ALLOWED_IDS, TELEGRAM_WEBHOOK_SECRET | the bot's allow-list and webhook secret |

Command-line options (`--backend`, `--model`, `--index-dir`, `--debug`) override the environment.

The token is a secret: it is kept as a SecretStr, never put in an error message, and `redact` scrubs it from
every log record (httpx logs request URLs, and a Bot API URL contains the token).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from index.config import BACKENDS, DEFAULT_BACKEND, IndexConfig

# BotFather tokens look like `123456789:AAE…` (a numeric bot id, a colon, 35 url-safe characters).
TOKEN_PATTERN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{20,100}$")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class SettingsError(Exception):
    """A setting is missing or malformed: the message is Chinese, for the person starting the bot."""


def _default_history() -> Path:
    return Path.home() / ".regbot_history"


class Settings(BaseSettings):
    """Every setting; field names are the environment variables' names (lower case)."""

    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore", hide_input_in_errors=True,
                                      frozen=True)

    regbot_backend: str = DEFAULT_BACKEND
    regbot_model: str = ""
    regbot_index_dir: Path | None = None
    regbot_history: Path = Field(default_factory=_default_history)
    regbot_data_dir: Path | None = None
    regbot_log_level: str | None = None  # None: INFO for the bot, WARNING for one-shot commands
    telegram_bot_token: SecretStr | None = None  # checked by `require_token` (regbot telegram only)
    regbot_allowed_ids: Annotated[frozenset[int], NoDecode] = Field(default_factory=frozenset)
    telegram_webhook_secret: SecretStr | None = None

    @field_validator("regbot_backend", mode="before")
    @classmethod
    def _backend(cls, value: object) -> str:
        backend = str(value or DEFAULT_BACKEND).strip().lower()
        if backend not in BACKENDS:
            raise ValueError("unknown backend")
        return backend

    @field_validator("regbot_index_dir", "regbot_data_dir", mode="before")
    @classmethod
    def _index_dir(cls, value: object) -> object:
        return None if value is None or str(value).strip() == "" else Path(str(value)).expanduser()

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_strip(cls, value: SecretStr | None) -> SecretStr | None:
        return SecretStr(value.get_secret_value().strip()) if value is not None else None

    @field_validator("regbot_allowed_ids", mode="before")
    @classmethod
    def _id_list(cls, value: object) -> frozenset[int]:
        if isinstance(value, str):
            parts = [p for p in re.split(r"[\s,;，]+", value) if p]
            if not parts:  # set but naming nobody (`,`): an error, never "everyone"
                raise ValueError("empty allow-list")
            return frozenset(int(p) for p in parts)
        return frozenset(value or ())  # type: ignore[arg-type]

    @field_validator("regbot_log_level", mode="before")
    @classmethod
    def _level(cls, value: object) -> str | None:
        if value is None or str(value).strip() == "":
            return None
        level = str(value).strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError("unknown log level")
        return level

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("malformed webhook secret")
        return value

    @property
    def token(self) -> str:
        """The bot token in clear, for the Bot API client only ("" when not set)."""
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else ""

    @property
    def index(self) -> IndexConfig:
        """The search settings the index and answer functions take: backend, model, index directory."""
        return IndexConfig(backend=self.regbot_backend, model=self.regbot_model, index_dir=self.regbot_index_dir)

    def data_dir(self) -> Path:
        """Where the bot keeps chat context across restarts: REGBOT_DATA_DIR, else the user data directory."""
        if self.regbot_data_dir is not None:
            return self.regbot_data_dir
        from platformdirs import user_data_dir

        return Path(user_data_dir("regbot", appauthor=False))

    def log_level(self, default: str = "INFO") -> str:
        """The configured log level, or `default` when none is set."""
        return self.regbot_log_level or default

    def require_token(self) -> "Settings":
        """These settings when they hold a well-formed bot token; a SettingsError (Chinese) otherwise."""
        missing, malformed = _MESSAGES["telegram_bot_token"]
        if not self.token:
            raise SettingsError(missing)
        if not TOKEN_PATTERN.match(self.token):
            raise SettingsError(malformed)
        return self

    def allows(self, user_id: int | None, chat_id: int | None) -> bool:
        """Whether a user or chat may use the bot: everyone when no allow-list is set."""
        if not self.regbot_allowed_ids:
            return True
        return bool({user_id, chat_id} & self.regbot_allowed_ids)


_MESSAGES = {
    "telegram_bot_token": (
        "缺少环境变量 TELEGRAM_BOT_TOKEN。请先在 Telegram 中找 @BotFather 创建机器人，"
        "再执行 export TELEGRAM_BOT_TOKEN=<BotFather 给出的令牌> 后重新运行 regbot telegram。",
        "环境变量 TELEGRAM_BOT_TOKEN 的格式不对：令牌应形如「123456789:AAE…」（数字、冒号、一串字母数字）。"
        "请从 @BotFather 重新复制完整的令牌。",
    ),
    "regbot_allowed_ids": ("", "环境变量 REGBOT_ALLOWED_IDS 的格式不对：应为用逗号分隔的数字 ID，例如 12345,-100987654321。"),
    "regbot_log_level": ("", "环境变量 REGBOT_LOG_LEVEL 的取值不对：应为 DEBUG、INFO、WARNING、ERROR 或 CRITICAL。"),
    "regbot_backend": ("", "向量后端（环境变量 REGBOT_BACKEND 或 --backend）的取值不对：应为 e5、st 或 fake。"),
    "regbot_index_dir": ("", "索引目录（环境变量 REGBOT_INDEX_DIR 或 --index-dir）不是有效的路径。"),
    "regbot_history": ("", "环境变量 REGBOT_HISTORY 不是有效的文件路径。"),
    "regbot_data_dir": ("", "环境变量 REGBOT_DATA_DIR 不是有效的目录路径。"),
    "telegram_webhook_secret": ("", "环境变量 TELEGRAM_WEBHOOK_SECRET 的格式不对：只能包含字母、数字、下划线和连字符（1–256 个）。"),
}


def load_settings(environ: dict[str, str] | None = None, *, require_token: bool = False,
                  **overrides: Any) -> Settings:
    """The settings from the environment (`environ`, else the process's), with `overrides` (command-line
    options, by field name; None values ignored) on top. A SettingsError in Chinese, never quoting a value, when
    invalid; `require_token` also demands a well-formed TELEGRAM_BOT_TOKEN (for `regbot telegram`)."""
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        if environ is None:
            settings = Settings(**given)
        else:
            values = {k.lower(): v for k, v in environ.items() if k.lower() in Settings.model_fields}
            settings = Settings.model_validate({**values, **given})
    except ValidationError as exc:
        raise SettingsError(_explain(exc)) from None
    return settings.require_token() if require_token else settings


def _explain(exc: ValidationError) -> str:
    """One Chinese line per invalid setting; the invalid values themselves are never shown."""
    lines = []
    for err in exc.errors(include_input=False):
        field = str(err["loc"][0]) if err["loc"] else ""
        missing, malformed = _MESSAGES.get(field, ("", f"设置 {field.upper()} 不正确。"))
        lines.append(missing if err["type"] == "missing" and missing else malformed)
    return "\n".join(dict.fromkeys(lines))


class Redact(logging.Filter):
    """Replaces the token in every log record, wherever it appears (URLs, exception messages)."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            formatter = logging.Formatter()
            record.exc_text = self._scrub(formatter.formatException(record.exc_info))
            record.exc_info = None
        if any(s in message for s in self.secrets):
            record.msg, record.args = self._scrub(message), None
        if record.exc_text:
            record.exc_text = self._scrub(record.exc_text)
        return True

    def _scrub(self, text: str) -> str:
        for s in self.secrets:
            text = text.replace(s, "<TOKEN>")
        return text


class QuietBootstrap(logging.Filter):
    """Drops the traceback python-telegram-bot logs when start-up fails (bad token, server unreachable): the
    command prints a clear Chinese line for those. Kept at DEBUG, for developers."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("telegram.ext") and "Bootstrap" in record.getMessage():
            if logging.getLogger().getEffectiveLevel() > logging.DEBUG:
                record.exc_info, record.exc_text = None, None
        return True


def setup_logging(settings: Settings) -> None:
    """Log to stderr at the configured level, the token scrubbed; HTTP client chatter kept at WARNING."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(QuietBootstrap())
    handler.addFilter(Redact([settings.token]))
    handler.setLevel(settings.log_level("INFO"))  # also for libraries that set their own level (bm25s: DEBUG)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level("INFO"))
    for noisy in ("httpx", "httpcore", "tornado.access", "faiss.loader", "bm25s"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


class WebhookOptions(BaseModel):
    """Where the webhook listens and the public URL Telegram posts to."""

    url: str
    listen: str = "127.0.0.1"
    port: int = 8443

    @property
    def path(self) -> str:
        """The URL path the local server answers on: the public URL's path."""
        from urllib.parse import urlsplit

        return urlsplit(self.url).path.strip("/")
