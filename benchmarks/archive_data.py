"""The DUC 1998 archive as JSONL shards, built at run time from ``../shared/data`` (never stored in the repo).

DUC 2003 + DUC 2004 articles (AP, New York Times, Xinhua; Oct–Dec 1998), each
once (the clusters share a few), dated by their own date. For scale, copy ``k``
(1, 2, ...) repeats every article with the id ``<id>#k`` and its date moved
``k * SHIFT_DAYS`` later: the archive grows by whole new quarters of news, so
a day keeps its real size and the number of periods grows with the input.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["DATA", "SHIFT_DAYS", "duc_articles", "write_duc_archive"]

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SHIFT_DAYS = 92  # 1998-10-01 .. 1998-12-31 is 92 days: copies follow one another without overlap
_OUTLETS = {"APW": "Associated Press", "NYT": "New York Times", "XIE": "Xinhua"}


def duc_articles(data: Path = DATA) -> list[dict[str, Any]]:
    """Every DUC 2003/2004 article once, as a JSON record (id, date, title, source, text), sorted by id."""
    found: dict[str, dict[str, Any]] = {}
    for year in ("duc2003", "duc2004"):
        path = data / year / "clusters.jsonl"
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            for document in json.loads(line)["documents"]:
                record = {"id": document["id"], "date": document["date"], "title": document.get("title"),
                          "source": _OUTLETS.get(document["id"][:3], document["id"][:3]), "text": document["text"]}
                found.setdefault(record["id"], record)
    return [found[key] for key in sorted(found)]


def write_duc_archive(dest: Path, *, copies: int = 1, dates: Iterable[str] | None = None, shard_size: int = 200,
                      data: Path = DATA) -> int:
    """Write the archive under ``dest`` as ``<month>/part-NNN.jsonl`` shards; returns the article count."""
    articles = duc_articles(data)
    if dates is not None:
        keep = set(dates)
        articles = [a for a in articles if a["date"] in keep]
    by_month: dict[str, list[dict[str, Any]]] = {}
    for copy in range(copies):
        for article in articles:
            record = dict(article)
            if copy:
                day = _dt.date.fromisoformat(article["date"]) + _dt.timedelta(days=copy * SHIFT_DAYS)
                record.update(id=f"{article['id']}#{copy}", date=day.isoformat())
            by_month.setdefault(record["date"][:7], []).append(record)
    for month, records in by_month.items():
        folder = dest / month
        folder.mkdir(parents=True, exist_ok=True)
        for part, start in enumerate(range(0, len(records), shard_size)):
            lines = (json.dumps(r, ensure_ascii=False) for r in records[start : start + shard_size])
            (folder / f"part-{part:03d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sum(len(v) for v in by_month.values())
