"""Files of an archive: one period's brief in the three formats `summarize daily` writes, and the index.

Names: ``brief-<period>.json|html|md`` (as ``summarize daily`` names a day's
brief) and ``index.html`` / ``index.md`` listing every period, oldest first.
"""

from __future__ import annotations

import html
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from summarize.render.escape import escape_markdown
from summarize.stories.model import DailyBrief
from summarize.stories.render import render_daily

__all__ = ["FORMATS", "brief_files", "render_index_html", "render_index_markdown", "write_brief", "write_text"]

FORMATS = ("json", "html", "md")


def write_text(path: Path, text: str) -> None:
    """Write ``text`` so that ``path`` is either the old file or the whole new one."""
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def brief_files(key: str) -> list[str]:
    """The file names of one period's brief."""
    return [f"brief-{key}.{fmt}" for fmt in FORMATS]


def write_brief(folder: Path, key: str, brief: DailyBrief) -> list[str]:
    """Write the period's brief as JSON, HTML and Markdown (``render_daily``); returns the file names."""
    names = brief_files(key)
    for name, fmt in zip(names, FORMATS, strict=True):
        write_text(folder / name, render_daily(brief, fmt))
    return names


def render_index_html(title: str, entries: Sequence[Mapping[str, Any]]) -> str:
    """One page linking every period's brief: its articles, stories and top headline; failures named."""
    rows = []
    for entry in entries:
        key = html.escape(str(entry["period"]))
        if entry.get("error"):
            rows.append(f"<tr><td>{key}</td><td colspan=\"3\">not made: {html.escape(str(entry['error']))}</td></tr>")
            continue
        link = html.escape(f"brief-{entry['period']}.html", quote=True)
        headline = html.escape(str(entry.get("headline") or ""))
        rows.append(
            f"<tr><td><a href=\"{link}\">{key}</a></td><td>{entry.get('articles', 0)}</td>"
            f"<td>{entry.get('stories', 0)}</td><td>{headline}</td></tr>"
        )
    body = "\n".join(rows)
    name = html.escape(title)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{name}</title>\n<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}"
        "td,th{padding:.2em .6em;text-align:left;vertical-align:top}</style></head>\n"
        f"<body><h1>{name}</h1>\n<table><thead><tr><th>period</th><th>articles</th><th>stories</th>"
        f"<th>top story</th></tr></thead>\n<tbody>\n{body}\n</tbody></table></body></html>\n"
    )


def render_index_markdown(title: str, entries: Sequence[Mapping[str, Any]]) -> str:
    lines = [f"# {escape_markdown(title)}", "", "| period | articles | stories | top story |", "|---|---|---|---|"]
    for entry in entries:
        key = str(entry["period"])
        if entry.get("error"):
            lines.append(f"| {key} | | | not made: {escape_markdown(str(entry['error']))} |")
            continue
        headline = escape_markdown(str(entry.get("headline") or "")).replace("|", "\\|")
        lines.append(f"| [{key}](brief-{key}.md) | {entry.get('articles', 0)} | {entry.get('stories', 0)} | {headline} |")
    return "\n".join(lines) + "\n"
