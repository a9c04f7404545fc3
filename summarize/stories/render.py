"""The daily brief as one self-contained HTML page (no scripts), Markdown, JSON or a notebook cell.

Article strings go through :mod:`summarize.render.escape`, as in a single brief."""

from __future__ import annotations

import datetime as _dt
import html
import json
from typing import TYPE_CHECKING, Any

from summarize._version import __version__
from summarize.document import Document
from summarize.errors import ConfigError
from summarize.render.brief import brief_to_dict
from summarize.render.escape import date_text, escape_markdown, safe_url
from summarize.render.shortened import SHORTENED_LEGEND, SHORTENED_MARK, any_shortened, shortened_html, shortened_text
from summarize.render.sources import citation_links, first_words, sentence_texts
from summarize.stories.dedupe import duplicates_of, outlet_key
from summarize.stories.grouping import Story
from summarize.stories.labels import (
    copies_of,
    count_of,
    long_span,
    source_text,
    sources_heading,
    story_meta,
    story_sources,
    summary_line,
    when_text,
)
from summarize.stories.labels import heading as page_heading
from summarize.stories.text import render_daily_text

if TYPE_CHECKING:
    from summarize.stories.model import DailyBrief

__all__ = ["DAILY_FORMATS", "DAILY_JSON_SCHEMA", "daily_to_dict", "render_daily", "render_daily_html", "render_daily_json", "render_daily_markdown"]

DAILY_JSON_SCHEMA = "summarize.daily/1"
DAILY_FORMATS = ("html", "md", "text", "json")


def _article_keys(document: Document) -> set[str]:
    """What identifies an article from one day to the next: its URL, its feed guid, its outlet and title."""
    keys = set()
    if document.url:
        keys.add(f"url:{document.url.strip()}")
    guid = document.metadata.get("guid")
    if guid:
        keys.add(f"guid:{guid}")
    if document.title:
        keys.add(f"title:{outlet_key(document)}|{' '.join(document.title.casefold().split())}")
    return keys


def _format_name(fmt: str) -> str:
    return {"markdown": "md", "htm": "html", "txt": "text"}.get(fmt.lower(), fmt.lower())


_CSS = """
:root{--ink:#1d1f23;--muted:#5b6270;--rule:#d9dce1;--accent:#1f5fa8;--paper:#fff;--soft:#f4f6f8}
*{box-sizing:border-box}
body{font:17px/1.55 Georgia,"Iowan Old Style","Times New Roman",serif;color:var(--ink);background:var(--paper);
max-width:48rem;margin:0 auto;padding:2rem 1.25rem 4rem}
h1,h2,h3,.meta,.toc,.dateline,footer,.sources{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
h1{font-size:2rem;line-height:1.15;margin:0 0 .4rem;letter-spacing:-.01em}
.dateline{color:var(--muted);margin:0 0 1.5rem;font-size:.95rem}
a{color:var(--accent)}
.toc{background:var(--soft);border:1px solid var(--rule);border-radius:6px;padding:.75rem 1.25rem;margin-bottom:2rem}
.toc h2{font-size:.8rem;text-transform:uppercase;letter-spacing:.08em;color:var(--muted);margin:.25rem 0 .5rem}
.toc ol{margin:0;padding-left:1.5rem}.toc li{margin:.3rem 0}
.toc a{text-decoration:none;font-weight:600}.toc a:hover{text-decoration:underline}
.toc .count{color:var(--muted);font-size:.85rem;white-space:nowrap}
.story{border-top:3px solid var(--ink);padding-top:.75rem;margin-top:2.25rem}
.story h2{font-size:1.4rem;line-height:1.25;margin:0 0 .35rem}
.story h2 .rank{color:var(--muted);font-weight:400;margin-right:.4rem}
.meta{color:var(--muted);font-size:.85rem;margin:0 0 .75rem}
.badge{display:inline-block;background:#e6f0fb;color:#174a85;border-radius:3px;padding:0 .35rem;font-size:.75rem;
font-weight:600;text-transform:uppercase;letter-spacing:.04em}
.brief{padding-left:1.2rem;margin:.5rem 0 1rem}.brief li{margin:.45rem 0}
.brief sup{font-family:system-ui,sans-serif;font-size:.7em;line-height:0;white-space:nowrap}
.brief sup a{text-decoration:none;margin-left:.1em}
.sources{font-size:.85rem;color:#3b414b;margin:0;padding-left:1.6rem}
.sources li{margin:.25rem 0}.sources li:target{background:#fff6d6}
.sources a{text-decoration:none}.sources a:hover{text-decoration:underline}
.sources .outlet{font-weight:600;color:var(--ink)}.sources .when{color:var(--muted);white-space:nowrap}
.sources .also{display:block;color:var(--muted)}
.story h3{font-size:.75rem;text-transform:uppercase;letter-spacing:.08em;color:var(--muted);margin:1rem 0 .35rem}
.top{font-size:.8rem;margin:.75rem 0 0;font-family:system-ui,sans-serif}.top a{color:var(--muted)}
footer{margin-top:3rem;border-top:1px solid var(--rule);padding-top:1rem;color:var(--muted);font-size:.8rem}
footer ul{padding-left:1.2rem}
@media print{.toc{break-after:page}.story{break-inside:avoid-page}.top{display:none}a{color:inherit}}
"""


def _html_story(story: Story, rank: int, day: _dt.date | None) -> str:
    esc = html.escape
    sources = story_sources(story)
    anchor = f"{story.id}-src"
    parts = [f'<article class="story" id="{esc(story.id)}">']
    parts.append(f'<h2><span class="rank">{rank}.</span>{esc(story.headline)}</h2>')
    meta = story_meta(story)
    meta_html = " · ".join(
        f'<span class="badge">{esc(m)}</span>' if m in ("new", "continuing") else esc(m) for m in meta
    )
    parts.append(f'<p class="meta">{meta_html}</p>')
    if story.brief is not None and story.brief.sentences:
        texts = sentence_texts(story.brief)
        parts.append('<ul class="brief">')
        for sentence in story.brief.sentences:
            marks = citation_links(story.brief, sentence, anchor, texts)
            parts.append(f"<li>{esc(sentence.text)}{shortened_html(sentence)} <sup>{marks}</sup></li>")
        parts.append("</ul>")
    else:
        parts.append('<p class="meta">No summary could be made; the articles are listed below.</p>')
    parts.append(f"<h3>{esc(sources_heading(story))}</h3>")
    parts.append('<ol class="sources">')
    for number, document in enumerate(sources, start=1):
        parts.append(f'<li id="{anchor}-{number}">{_html_source(document, day)}</li>')
    parts.append("</ol>")
    parts.append('<p class="top"><a href="#top">↑ Back to the contents</a></p>')
    parts.append("</article>")
    return "\n".join(parts)


def _html_link(document: Document, text: str) -> str:
    url = safe_url(document.url)
    label = html.escape(text)
    return f'<a href="{html.escape(url)}" rel="noopener noreferrer nofollow">{label}</a>' if url else label


def _html_source(document: Document, day: _dt.date | None) -> str:
    """Outlet in bold, the title linked to the article, the time; then the outlets of its copies."""
    outlet = f'<span class="outlet">{html.escape(document.label())}</span>'
    if document.title and document.title != document.label():
        body = f"{outlet}, {_html_link(document, f'“{document.title}”')}"
    elif not document.title and first_words(document):
        body = f"{outlet}, {_html_link(document, first_words(document) or '')}"
    else:
        body = f'<span class="outlet">{_html_link(document, document.label())}</span>'
    when = when_text(document.published, day)
    if when:
        body += f' <span class="when">· {html.escape(when)}</span>'
    copies = copies_of(document)
    if copies:
        names = ", ".join(_html_link(copy, copy.label()) for copy in copies)
        body += f'<span class="also">also carried by {names}</span>'
    return body


def _html_body(brief: DailyBrief) -> str:
    esc = html.escape
    parts = [f'<header id="top"><h1>{esc(brief.title)}</h1>']
    parts.append(f'<p class="dateline">{esc(long_span(brief))} · {esc(summary_line(brief))}</p></header>')
    if brief.stories:
        parts.append('<nav class="toc" aria-label="Stories"><h2>Top stories</h2><ol>')
        for story in brief.stories:
            count = count_of(story.source_count, "outlet")
            new = ' <span class="badge">new</span>' if story.is_new else ""
            link = f'<a href="#{esc(story.id)}">{esc(story.headline)}</a>'
            parts.append(f'<li>{link} <span class="count">· {count}</span>{new}</li>')
        parts.append("</ol></nav>")
    else:
        parts.append("<p>No stories.</p>")
    parts.append("<main>")
    parts.extend(_html_story(story, rank, brief.date) for rank, story in enumerate(brief.stories, start=1))
    parts.append("</main>")
    parts.append(_html_footer(brief))
    return "\n".join(parts)


def _any_shortened(brief: DailyBrief) -> bool:
    return any(any_shortened(story.brief.sentences) for story in brief.stories if story.brief is not None)


def _html_footer(brief: DailyBrief) -> str:
    esc = html.escape
    parts = ["<footer>"]
    if brief.problems:
        parts.append(f"<p><strong>Sources that could not be read ({len(brief.problems)})</strong></p><ul>")
        parts.extend(f"<li>{esc(p)}</li>" for p in brief.problems)
        parts.append("</ul>")
    if brief.warnings:
        parts.append(f"<p><strong>Notes ({len(brief.warnings)})</strong></p><ul>")
        parts.extend(f"<li>{esc(w)}</li>" for w in brief.warnings)
        parts.append("</ul>")
    settings = brief.settings
    generated = any(s.generated for story in brief.stories if story.brief for s in story.brief.sentences)
    how = (
        "some sentences are rewritten by a model; check them against the sources they cite"
        if generated
        else "every sentence is quoted from an article, and its numbers cite every article that reports it"
    )
    if _any_shortened(brief):
        how += f" ({SHORTENED_MARK}: shortened, words of the article left out; hover for its full sentence)"
    parts.append(
        f"<p>Made by summarize {esc(str(settings.get('version', __version__)))}: {how}. "
        f"Embedder {esc(str(settings.get('embedder', '?')))}, "
        f"at most {esc(str(settings.get('max_words', '?')))} words per story.</p>"
    )
    parts.append("</footer>")
    return "\n".join(parts)


def render_daily_html(brief: DailyBrief) -> str:
    """One self-contained page: no scripts, no external resources, readable from a file."""
    heading = page_heading(brief)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{html.escape(heading)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"{_html_body(brief)}\n</body>\n</html>\n"
    )


def render_daily_markdown(brief: DailyBrief) -> str:
    """Markdown: a contents list, then each story with its cited bullets and sources."""
    md = escape_markdown
    heading = page_heading(brief)
    lines = [f"# {md(heading)}", "", f"{summary_line(brief)}", ""]
    if brief.stories:
        lines += ["## Contents", ""]
        for rank, story in enumerate(brief.stories, start=1):
            lines.append(f"{rank}. [{md(story.headline)}](#{story.id}) — {', '.join(story_meta(story)[:1])}")
        lines.append("")
    for rank, story in enumerate(brief.stories, start=1):
        lines += [f'<a id="{story.id}"></a>', "", f"## {rank}. {md(story.headline)}", ""]
        lines += [f"*{' · '.join(story_meta(story))}*", ""]
        if story.brief is not None:
            for sentence in story.brief.sentences:
                marks = "".join(f"[{n}]" for n in sentence.citations)
                lines.append(f"- {md(sentence.text)}{shortened_text(sentence)} {marks}".rstrip())
            lines.append("")
        lines += [f"{sources_heading(story)}:", ""]
        for number, document in enumerate(story_sources(story), start=1):
            url = safe_url(document.url)
            entry = f"{number}. {md(source_text(document, brief.date))}" + (f" <{url}>" if url else "")
            copies = copies_of(document)
            if copies:
                entry += " — also carried by " + ", ".join(md(c.label()) for c in copies)
            lines.append(entry)
        lines.append("")
    if brief.problems:
        lines += ["## Sources that could not be read", ""] + [f"- {md(p)}" for p in brief.problems] + [""]
    notes = list(brief.warnings) + ([SHORTENED_LEGEND] if _any_shortened(brief) else [])
    if notes:
        lines += ["## Notes", ""] + [f"- {md(w)}" for w in notes] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _document_record(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "title": document.title,
        "source": document.source,
        "url": document.url,
        "published": date_text(document.published),
    }


def daily_to_dict(brief: DailyBrief) -> dict[str, Any]:
    """The documented JSON shape (``schema`` = ``summarize.daily/1``).

    Each story's ``brief`` is the core brief shape (``summarize.brief/1``)
    whose sources also list ``also_carried_by`` (syndicated copies);
    ``article_keys`` let the next day's run tell new stories from continuing ones.
    """
    stories = []
    for rank, story in enumerate(brief.stories, start=1):
        story_brief = brief_to_dict(story.brief) if story.brief is not None else None
        if story_brief is not None and story.brief is not None:
            for record, document in zip(story_brief["sources"], story.brief.sources, strict=True):
                record["also_carried_by"] = [_document_record(c) for c in duplicates_of(document)]
        stories.append(
            {
                "id": story.id,
                "rank": rank,
                "headline": story.headline,
                "score": round(float(story.score), 6),
                "source_count": story.source_count,
                "article_count": story.article_count,
                "first_published": date_text(story.first_published),
                "last_published": date_text(story.last_published),
                "is_new": story.is_new,
                "outlets": sorted({d.label() for d in story.all_documents}),
                "articles": [_document_record(d) for d in story.all_documents],
                "article_keys": sorted({k for d in story.all_documents for k in _article_keys(d)}),
                "brief": story_brief,
            }
        )
    return {
        "schema": DAILY_JSON_SCHEMA,
        "title": brief.title,
        "date": brief.date.isoformat() if brief.date else None,
        "first_date": brief.first_date.isoformat() if brief.first_date else None,
        "article_count": brief.article_count,
        "duplicate_count": brief.duplicate_count,
        "story_count": brief.story_count,
        "stories": stories,
        "problems": list(brief.problems),
        "warnings": list(brief.warnings),
        "settings": brief.settings,
    }


def render_daily_json(brief: DailyBrief, *, indent: int | None = 2) -> str:
    return json.dumps(daily_to_dict(brief), indent=indent, ensure_ascii=False) + "\n"


def render_daily(brief: DailyBrief, fmt: str) -> str:
    """Render in one of :data:`DAILY_FORMATS` (``markdown`` is accepted for ``md``)."""
    fmt = _format_name(fmt)
    if fmt == "html":
        return render_daily_html(brief)
    if fmt == "md":
        return render_daily_markdown(brief)
    if fmt == "text":
        return render_daily_text(brief)
    if fmt == "json":
        return render_daily_json(brief)
    raise ConfigError(f"format must be one of {', '.join(DAILY_FORMATS)}, got {fmt!r}")
