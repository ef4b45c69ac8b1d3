"""Measure the Telegram card for the README's example questions and every /compare topic: characters and lines
as Telegram shows them, and wrapped lines at phone width with the expandable quotes collapsed (`bot.card.measure`);
for /compare also its longest document page (behind the card's buttons).

    python bench/card.py
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.answer import get_engine
from bot.card import CARD_CHARS, CARD_LINES, SCREEN_LINES, compare_docs, compare_page, measure
from bot.render import to_html
from rules.compare import topics

QS = ["温州市直机关党委每届任期几年？", ("那湖州呢？", 0), "/calc vote 9", "杭州机关党委任期几年", "湖州机关纪委设几名委员？",
      "温州120名党员，一年党员教育经费多少？", "党费几个月不交算自动脱党？", "温州一百二十名党员教育经费多少", "湖州县区机关党委任期几年",
      "我们支部只有6个党员要不要设支部委员会", "应到20人，至少多少人赞成", "绍兴班子成员已参加30学时，还差多少",
      "绍兴工作人员300人配几名专职党务工作人员", "支部书记能干几年", "公积金怎么提取",
      "东莞机关党委书记空缺多久内补选？", "编办党支部多久开一次会？", "绍兴机关党建有什么要求？"]
QS += [f"/compare {t}" for t in topics()]


def total(msgs):
    """(characters, lines, wrapped) of a reply of several messages."""
    parts = [measure(m) for m in msgs]
    return tuple(sum(p[i] for p in parts) for i in range(3))


e = get_engine(); e.warm()
prev = None; rows = []
for q in QS:
    if isinstance(q, tuple):
        q = q[0]; a = e.ask(q, prev)
    else:
        a = e.handle(q)
    prev = a.turn or prev
    msgs = to_html(a)
    rows.append((*total(msgs), len(msgs), q))
    if q.startswith("/compare "):
        topic = q.split()[1]
        pages = [compare_page(topic, n) for n in range(1, len(compare_docs(topic)) + 1)]
        if pages:
            rows.append((*max(measure(p) for p in pages), 1, f"  {q}: its longest document page"))
print(f"card limits: {CARD_CHARS} chars, {CARD_LINES} lines, {SCREEN_LINES} wrapped lines (quotes collapsed)")
for r in rows: print("%5d chars %3d lines %3d wrapped(collapsed) %d msg  %s" % r)
print("longest card:", max(r for r in rows if not r[-1].startswith(" ")))
