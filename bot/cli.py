"""`regbot` commands. The parser lives here; each command's work lives in `bot/commands/`, imported only
when that command runs, so a one-shot command loads only what it uses."""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import NoReturn

CALC_HELP = """\
计算指令（/calc 后面也用这套写法；CITY 可写 wenzhou / 温州 等，省略时列出每份文件的规定）：
  orgtype N members [CITY]              N 名党员应设什么党组织（党委 / 总支 / 支部，含经批准的例外）
  committee [TYPE] [N members] [CITY]   委员会人数；给出党员数时判断支部是否设委员会（不足7人等）
  term [TYPE] [LEVEL] [YEAR年] [CITY]   每届任期；未给 LEVEL 时按层级分别列出；给出换届年份时算出下次换届年份
  extension | rotation | vacancy [ROLE] [CITY]   换届延期期限 / 任职届满交流 / 空缺补选期限
  vacancy [ROLE] M-D | M月 [CITY]       从出缺日期（4-15、9月）算出最迟补齐日期
  funding N members|league|women [LEVEL] [CITY]   党员 / 团员 / 女职工教育经费（每年）
  funding salary AMOUNT [CITY]          按党员工资总额计的机关基层党组织经费
  staff N staff|members [LEVEL] [CITY]  专职党务工作人员（按工作人员比例，不足1人按1人等；或按党员数）
  deputy [TYPE] [N staff] [N members] [CITY]      能否配备专职副书记
  fee AMOUNT [CITY]                     党费留成
  frequency TOPIC [DONE] [CITY]         频次（按月、季度的折合每年次数；给出已开次数时算出还需几次），TOPIC 如
                                        branch-committee-meeting、party-lecture、group-meeting、
                                        org-life、hearing、talk（regbot calc frequency 列出全部）
  study [HOURS] [members|leaders] [CITY]   教育培训学时，给出已参加学时则算出还差多少
  days [DAYS] [CITY]                    中心组学习天数
  stars SCORE [service|learning|standard|democracy|innovation PCT …] [CITY]   五星级评定
  target N [YEAR] [CITY]                N 个党组织中五星级至少应有几个（按年度目标）
  excellence [N] [CITY]                 “双优”比例及个数
  vote N [CITY]                         应到 N 人时至少需要多少人赞成
  branch-size [N] [CITY]                党支部党员人数
  deadline TOPIC | count TOPIC [CITY]   期限、日期与计划年份（fee-arrears、service-brand、commendation、
                                        three-year-plan …）/ 文件列举的项数（two-upholds …）
  TYPE：committee（party-committee）| general-branch | branch | discipline | group | working-committee
  LEVEL：city（市直）| county（县（市、区））| township（乡镇（街道））
  ROLE：secretary | deputy | member（规定只适用于书记、副书记等时，会说明对所问的人未规定）
  可以加 months、years、times、个、名、人、次 等词，不影响计算；写错的词会提示最接近的写法。
也可以直接用中文提问（阿拉伯数字或中文数字均可），例如：「温州120名党员教育经费多少」
「湖州县区机关党委任期几年」「我们支部只有6个党员要不要设支部委员会」「应到20人，至少多少人赞成」。
人数须为正整数；负数、0、小数或明显不合理的数字不予计算。"""


_HELP_WORDS = {
    "usage:": "用法：",
    "positional arguments:": "参数：",
    "options:": "选项：",
    "show this help message and exit": "显示帮助并退出",
    "invalid choice:": "无效的选择：",
    "choose from": "可选",
    "the following arguments are required:": "缺少参数：",
    "unrecognized arguments:": "无法识别的参数：",
    "expected one argument": "需要一个值",
    "invalid int value:": "不是有效的整数：",
    "argument ": "参数 ",
}


def _chinese(text: str) -> str:
    for english, chinese in _HELP_WORDS.items():
        text = text.replace(english, chinese)
    return text


class ChineseParser(argparse.ArgumentParser):
    """argparse with its help and error messages in Chinese, and exit status 2 on bad arguments."""

    def format_help(self) -> str:
        return _chinese(super().format_help())

    def format_usage(self) -> str:
        return _chinese(super().format_usage())

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"参数错误：{_chinese(message)}\n用 regbot --help 查看用法。\n")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("regbot")
    except PackageNotFoundError:  # run from a source tree that is not installed
        return "未安装"


def _options() -> argparse.ArgumentParser:
    """Options every command accepts, before or after its name (SUPPRESS: an absent option never overwrites one
    given on the other side)."""
    o = ChineseParser(add_help=False)
    o.add_argument("--backend", default=argparse.SUPPRESS,
                   help="向量模型后端：e5（默认，内置）或 st（sentence-transformers）；也可用环境变量 REGBOT_BACKEND")
    o.add_argument("--model", default=argparse.SUPPRESS, help="st 后端的模型名或本地路径；也可用环境变量 REGBOT_MODEL")
    o.add_argument("--index-dir", default=argparse.SUPPRESS,
                   help="重建的索引存放目录（默认为用户缓存目录）；也可用环境变量 REGBOT_INDEX_DIR")
    o.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="显示调试日志")
    return o


def build_parser() -> argparse.ArgumentParser:
    """The command-line grammar of every regbot command."""
    options = _options()
    p = ChineseParser(prog="regbot", description="条例助手：查询五份机关党建条例，给出条款原文、计算结果和出处。",
                      add_help=False, parents=[options])
    p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    p.add_argument("--version", action="version", version=f"regbot {_version()}", help="显示版本号并退出")
    sub = p.add_subparsers(dest="command", metavar="命令", parser_class=ChineseParser)

    def command(name: str, **kw: object) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[options], **kw)  # type: ignore[arg-type]

    command("docs", help="列出收录的文件及条款数")
    c = command("clauses", help="列出全部条款")
    c.add_argument("--doc", help="只列出某份文件（wenzhou、huzhou、shaoxing、bianban、dongguan）")
    c.add_argument("--json", action="store_true", help="输出 JSON 数组")
    c = command("clause", help="显示一条条款的全文和出处")
    c.add_argument("ref", nargs="+", help="条款编号，例如 wenzhou-3、「温州 第3条」、「温州第三条」")
    c.add_argument("--json", action="store_true", help="输出 JSON")

    s = command("search", help="检索与问题最相关的条款")
    s.add_argument("question", nargs="*", help="问题")
    s.add_argument("--k", type=int, default=5, help="返回条数（默认 5）")
    s.add_argument("--doc", help="只在某份文件中检索")
    s.add_argument("--json", action="store_true", help="输出 JSON")
    s.add_argument("--batch", help="JSON lines 文件，每行 {\"id\", \"question\"}（配合 --json）")
    s.add_argument("--mode", choices=["hybrid", "lexical", "dense"], default="hybrid", help="检索方式（默认 hybrid）")
    e = command("eval", help="在评测集上计算 hit@1、hit@5、MRR")
    e.add_argument("file", help="评测集，例如 ../shared/eval/dev.jsonl")
    e.add_argument("--k", type=int, default=5)
    i = command("index", help="检索索引：build 重建，status 查看是否可用")
    i.add_argument("action", choices=["build", "status"])
    i.add_argument("--shipped", action="store_true", help="（开发者）重建随程序发布的索引（写入程序目录）")

    c = command("calc", help="计算：委员人数、任期、经费、人员配备等", description=CALC_HELP,
                formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("query", nargs="*", help="计算指令或中文问题")
    c.add_argument("--json", action="store_true", help="输出 JSON")
    c.add_argument("--batch", help="JSON lines 文件，每行 {\"id\", \"question\"}（配合 --json）")
    r = command("rules", help="列出规则表（每条规则及其原文出处）")
    r.add_argument("--doc", help="只列出某份文件的规则")
    r.add_argument("--json", action="store_true", help="输出 JSON 数组")
    c = command("compare", help="对比各文件在某个主题上的规定（term、committee、funding、staff、vacancy …）")
    c.add_argument("topic", nargs="*", help="主题")
    c.add_argument("--json", action="store_true", help="输出 JSON")

    a = command("ask", help="提一个问题，得到带出处的回答")
    a.add_argument("question", nargs="*", help="问题")
    a.add_argument("--json", action="store_true", help="输出 JSON")
    a.add_argument("--batch", help="JSON lines 文件，每行 {\"id\", \"question\"}（配合 --json）")
    command("chat", help="交互式问答（与 Telegram 机器人相同的命令，Ctrl-D 退出）")

    t = command("telegram", help="运行 Telegram 机器人（需要环境变量 TELEGRAM_BOT_TOKEN）")
    t.add_argument("--base-url", help="Bot API 地址（自建 telegram-bot-api 或测试服务器），默认官方地址")
    t.add_argument("--webhook-url", help="以 webhook 方式运行时对外的 URL")
    t.add_argument("--listen", default="127.0.0.1", help="webhook 监听地址（默认 127.0.0.1）")
    t.add_argument("--port", type=int, default=8443, help="webhook 监听端口（默认 8443）")
    return p


# command → module under bot/commands holding `run(args) -> int`
COMMANDS = {
    "docs": "corpus",
    "clauses": "corpus",
    "clause": "corpus",
    "search": "search",
    "eval": "search",
    "index": "search",
    "calc": "rules",
    "rules": "rules",
    "compare": "rules",
    "ask": "answer",
    "chat": "answer",
    "telegram": "telegram",
}


def _robust_streams() -> None:
    """The last guard on output: text that cannot be encoded (a lone surrogate) is replaced, never an error."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):  # not a text stream with reconfigure (a test's capture)
            pass


def _setup_logging(level: str, debug: bool) -> None:
    """Log records to stderr: user-facing warnings (Chinese) as bare lines; with --debug, everything, labelled."""
    import logging

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s" if debug else "%(message)s"))
    handler.setLevel(level)  # also for libraries that set their own logger's level (bm25s: DEBUG)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "faiss.loader", "urllib3", "filelock", "bm25s"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `regbot` console script: settings built once from the environment and the options,
    then passed to the command. Never shows a traceback (unless --debug)."""
    _robust_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    from bot.commands.common import EXIT_BAD_INPUT, explain
    from bot.settings import SettingsError, load_settings

    debug = getattr(args, "debug", False)
    try:
        settings = load_settings(regbot_backend=getattr(args, "backend", None), regbot_model=getattr(args, "model", None),
                                 regbot_index_dir=getattr(args, "index_dir", None),
                                 regbot_log_level="DEBUG" if debug else None)
    except SettingsError as exc:
        print(f"设置有误：{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.command != "telegram":  # the bot sets up its own logging (token redaction)
        _setup_logging(settings.log_level("WARNING"), debug)
    try:
        module = importlib.import_module(f"bot.commands.{COMMANDS[args.command]}")
        return int(module.run(args, settings) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last guard: a clear message instead of a traceback
        import logging

        logging.getLogger("regbot").debug("command failed", exc_info=True)
        message, status = explain(exc)
        print(message if status == EXIT_BAD_INPUT else f"出错了：{message}", file=sys.stderr)
        return status


if __name__ == "__main__":
    sys.exit(main())
