"""A resident's export (server.privacy) as one printable HTML page, for the resident to read
or take away on paper; the JSON export is the complete, machine-readable copy.

No PDF library is installed with the center, so the page is made to print: plain HTML, no
script, no outside file, every value escaped. Headings are in Chinese and English.
"""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from sync.protocol import ResidentExport

SECTIONS = (
    ("orders", "订单 Orders"),
    ("sos", "紧急呼叫 Emergencies"),
    ("readings", "健康测量 Health readings"),
    ("tutorial_progress", "学习进度 Lesson progress"),
    ("call_logs", "视频通话 Calls"),
    ("messages", "消息 Messages"),
    ("consent", "同意记录 Consent"),
)
HIDDEN = {"history", "steps", "alert"}  # nested rows: in the JSON export


def _when(seconds: float) -> str:
    return datetime.fromtimestamp(seconds).astimezone().strftime("%Y-%m-%d %H:%M")


def _table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "<p>无 None</p>"
    columns = [c for c in rows[0] if c not in HIDDEN]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_text(row.get(c)))}</td>" for c in columns) + "</tr>"
        for row in rows
    )
    return f"<table border=1 cellpadding=4><tr>{head}</tr>{body}</table>"


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def render(document: ResidentExport) -> str:
    resident = document.resident
    card = resident.card if resident else ""
    facts = []
    if resident is not None:
        facts = [
            ("卡号 Card", resident.card),
            ("姓名 Name", resident.name),
            ("电话 Phone", resident.phone),
            ("补贴 Subsidy", resident.subsidy_tier),
            ("语言 Language", resident.language),
            (
                "联系人 Contacts",
                "; ".join(f"{c.name} {c.phone} {c.relation}" for c in resident.contacts),
            ),
        ]
    parts = [
        "<!doctype html><html lang=zh-CN><head><meta charset=utf-8>",
        f"<title>居民数据 Resident data {html.escape(card)}</title></head><body>",
        "<h1>中心保存的您的数据 What the center holds about you</h1>",
        f"<p>导出时间 Exported {html.escape(_when(document.exported_at))}"
        f" · {html.escape(document.exported_by)}</p>",
    ]
    if facts:
        parts.append("<table border=1 cellpadding=4>")
        parts += [f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in facts]
        parts.append("</table>")
    else:
        parts.append("<p>登记册中没有此卡 The register has no such card.</p>")
    if document.targets is not None:
        parts.append("<h2>个人目标 Own targets</h2>")
        parts.append(_table([t.model_dump() for t in document.targets.targets]))
    for key, title in SECTIONS:
        parts.append(f"<h2>{html.escape(title)}</h2>")
        parts.append(_table(getattr(document, key)))
    parts.append("<h2>谁查看过 Who used your data</h2>")
    parts.append(
        _table(
            [
                {"at": _when(a.at), "who": a.actor, "what": a.action, "from": a.address}
                for a in document.accesses
            ]
        )
    )
    parts.append("</body></html>")
    return "".join(parts)
