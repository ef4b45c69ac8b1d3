"""Measure the Telegram card for the README's example questions: characters and lines as Telegram shows them,
and wrapped lines at phone width with the expandable quotes collapsed (three lines each).

    python bench/card.py
"""
import math
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.bot.botapi_server (Telegram's parser)

from bot.answer import get_engine
from bot.render import to_html
from tests.bot.botapi_server import parse_html
PER_LINE = 18  # CJK characters per line in a 390-px-wide bubble (approx.)
QS = ["温州市直机关党委每届任期几年？", ("那湖州呢？", 0), "/calc vote 9", "杭州机关党委任期几年", "湖州机关纪委设几名委员？",
      "温州120名党员，一年党员教育经费多少？", "党费几个月不交算自动脱党？", "温州一百二十名党员教育经费多少", "湖州县区机关党委任期几年",
      "我们支部只有6个党员要不要设支部委员会", "应到20人，至少多少人赞成", "绍兴班子成员已参加30学时，还差多少",
      "绍兴工作人员300人配几名专职党务工作人员", "支部书记能干几年", "/compare term", "/compare frequency", "公积金怎么提取",
      "东莞机关党委书记空缺多久内补选？", "编办党支部多久开一次会？", "绍兴机关党建有什么要求？"]
e = get_engine(); e.warm()
prev = None; rows = []
for q in QS:
    if isinstance(q, tuple):
        q = q[0]; a = e.ask(q, prev)
    else:
        a = e.handle(q)
    prev = a.turn or prev
    msgs = to_html(a)
    plain = "\n\n".join(parse_html(m)[0] for m in msgs)
    # collapsed view: an expandable quote shows its first 3 lines
    def wrap(t): return sum(max(1, math.ceil(len(l) / PER_LINE)) for l in t.split("\n"))
    quotes = re.findall(r"<blockquote expandable>(.*?)</blockquote>", "\n\n".join(msgs), flags=re.S)
    collapsed = re.sub(r"<blockquote expandable>(.*?)</blockquote>", "", "\n\n".join(msgs), flags=re.S)
    lines = plain.count("\n") + 1
    wrapped = wrap(parse_html(collapsed)[0]) + sum(min(3, wrap(parse_html(q)[0])) for q in quotes)
    rows.append((len(plain), lines, wrapped, len(msgs), q))
for r in rows: print("%5d chars %3d lines %3d wrapped(collapsed) %d msg  %s" % r)
print("longest:", max(rows))
