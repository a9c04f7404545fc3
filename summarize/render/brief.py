"""Write a brief as Markdown, plain text, JSON or self-contained HTML.

Every sentence carries its citations; a numbered source list follows. HTML
escapes everything that came from an article and links only http(s) URLs, so
a brief is safe to open whatever its sources contained."""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any

from summarize.render.escape import _citation_marks, date_text, escape_markdown, one_line, safe_url
from summarize.render.shortened import SHORTENED_LEGEND, any_shortened, shortened_html, shortened_text
from summarize.render.sources import citation_links, linked_note, sentence_texts, source_html, source_line

if TYPE_CHECKING:
    from summarize.document import Brief

from summarize.errors import ConfigError

__all__ = ["FORMATS", "JSON_SCHEMA_VERSION", "brief_to_dict", "default_title", "render", "render_html", "render_html_fragment", "render_json", "render_markdown", "render_text", "sentence_notes", "unattached_conflicts"]

JSON_SCHEMA_VERSION = "summarize.brief/1"
FORMATS = ("md", "text", "json", "html")


def sentence_notes(brief: Brief, index: int) -> list[str]:
    """What a reader should know about brief sentence ``index``, one line each.

    Disputed figures ("Sources differ: ..."), facts not found in the sources,
    and whether a model wrote the sentence. Rewording and added context are
    in the JSON only: they change nothing the sources say.
    """
    sentence = brief.sentences[index]
    notes: list[str] = []
    conflicts = [c.message for c in brief.conflicts if index in c.sentence_indexes]
    notes.extend(dict.fromkeys(conflicts))
    if not conflicts:
        notes.extend(dict.fromkeys(f.message for f in sentence.flags if f.kind == "disputed-figure"))
    unsupported = [f.value for f in sentence.flags if f.kind.startswith("unsupported")]
    if unsupported:
        notes.append("Not found in the cited sources: " + ", ".join(dict.fromkeys(unsupported)))
    if sentence.generated:
        model = brief.settings.get("generator") or "a model"
        notes.append(f"Written by {model} from the cited sentences and checked against them")
    return notes


def unattached_conflicts(brief: Brief) -> list[Any]:
    """Conflicts among the sources that no brief sentence states."""
    return [c for c in brief.conflicts if not c.sentence_indexes]


def render_markdown(brief: Brief) -> str:
    """Bullet sentences with ``[n]`` citations, then the numbered sources."""
    lines = []
    for index, s in enumerate(brief.sentences):
        lines.append(f"- {escape_markdown(s.text)}{shortened_text(s)} {_citation_marks(s.citations)}".rstrip())
        lines += [f"  - *{escape_markdown(note)}*" for note in sentence_notes(brief, index)]
    if any_shortened(brief.sentences):
        lines += ["", f"*{escape_markdown(SHORTENED_LEGEND)}*"]
    if unattached_conflicts(brief):
        lines += ["", "**Sources also differ**", ""]
        lines += [f"- {escape_markdown(c.message)}" for c in unattached_conflicts(brief)]
    lines += ["", "**Sources**", ""]
    for number, document in enumerate(brief.sources, start=1):
        url = safe_url(document.url)
        entry = escape_markdown(source_line(document))
        lines.append(f"{number}. {entry}" + (f" <{url}>" if url else ""))
    if brief.excluded:
        lines += ["", "**Left out**", ""]
        lines += [f"- {escape_markdown(e.doc_id)}: {escape_markdown(e.reason)}" for e in brief.excluded]
    return "\n".join(lines) + "\n"


def render_text(brief: Brief) -> str:
    """Numbered plain-text paragraphs, for terminals and e-mail."""
    lines = []
    for index, s in enumerate(brief.sentences):
        lines.append(f"{one_line(s.text)}{shortened_text(s)} {_citation_marks(s.citations)}".rstrip())
        lines += [f"    ! {one_line(note)}" for note in sentence_notes(brief, index)]
    if any_shortened(brief.sentences):
        lines += ["", SHORTENED_LEGEND]
    if unattached_conflicts(brief):
        lines += ["", "Sources also differ:"] + [f"  {one_line(c.message)}" for c in unattached_conflicts(brief)]
    lines += ["", "Sources:"]
    for number, document in enumerate(brief.sources, start=1):
        url = one_line(document.url or "")
        lines.append(f"  [{number}] {one_line(source_line(document))}" + (f" - {url}" if url else ""))
    if brief.excluded:
        lines += ["", "Left out:"] + [f"  {one_line(e.doc_id)}: {one_line(e.reason)}" for e in brief.excluded]
    return "\n".join(lines) + "\n"


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    """The documented JSON shape (``schema`` = ``summarize.brief/1``); see README."""
    return {
        "schema": JSON_SCHEMA_VERSION,
        "word_count": brief.word_count,
        "sentences": [
            {
                "text": s.text,
                "score": round(float(s.score), 6),
                "sentence_id": s.sentence_id,
                "citations": list(s.citations),
                "source_sentence_ids": list(s.source_sentence_ids),
                "cluster_id": s.cluster_id,
                "generated": s.generated,
                "extractive_text": s.extractive_text,
                "supported": s.supported,
                "context_for": s.context_for,
                "evidence": [
                    {
                        "sentence_id": e.sentence_id,
                        "doc_id": e.doc_id,
                        "position": e.position,
                        "citation": e.citation,
                        "relation": e.relation,
                        "similarity": e.similarity,
                        "text": e.text,
                    }
                    for e in s.evidence
                ],
                "flags": [{"kind": f.kind, "value": f.value, "message": f.message} for f in s.flags],
            }
            for s in brief.sentences
        ],
        "sources": [
            {
                "number": number,
                "id": d.id,
                "title": d.title,
                "source": d.source,
                "url": d.url,
                "published": date_text(d.published),
                "path": d.path,
            }
            for number, d in enumerate(brief.sources, start=1)
        ],
        "excluded": [{"id": e.doc_id, "reason": e.reason, "kind": e.kind} for e in brief.excluded],
        "conflicts": [
            {
                "message": c.message,
                "kind": c.kind,
                "subject": c.subject,
                "unit": c.unit,
                "sentence_indexes": list(c.sentence_indexes),
                "values": [
                    {
                        "text": v.text,
                        "value": v.value,
                        "unit": v.unit,
                        "citations": list(v.citations),
                        "sentence_ids": list(v.sentence_ids),
                        "latest": v.latest,
                        "earliest": v.earliest,
                    }
                    for v in c.values
                ],
            }
            for c in brief.conflicts
        ],
        "rejected": [
            {"text": r.text, "reasons": list(r.reasons), "kept_sentence_id": r.kept_sentence_id, "cluster_id": r.cluster_id}
            for r in brief.rejected
        ],
        "warnings": list(brief.warnings),
        "settings": brief.settings,
    }


def render_json(brief: Brief, *, indent: int | None = 2) -> str:
    return json.dumps(brief_to_dict(brief), indent=indent, ensure_ascii=False, sort_keys=False) + "\n"


_CSS = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
.summarize-brief ul{padding-left:1.2rem}.summarize-brief li{margin:.4rem 0}
.summarize-brief sup a{text-decoration:none;color:#2458a6;font-size:.8em}
.summarize-brief ol{font-size:.9em;color:#444}.summarize-brief h2{font-size:1.1rem;margin-top:1.5rem}
.summarize-brief .left-out{font-size:.85em;color:#666}
.summarize-brief .note{font-size:.85em;color:#7a3a00}
.summarize-brief .shortened{font-size:.8em;color:#666;cursor:help}
"""


def render_html_fragment(brief: Brief, *, anchor_prefix: str = "src") -> str:
    """The brief as an HTML fragment (the full page's body)."""
    esc = html.escape
    texts = sentence_texts(brief)
    items = []
    for index, s in enumerate(brief.sentences):
        marks = citation_links(brief, s, anchor_prefix, texts)
        notes = "".join(
            f'<div class="note">{linked_note(note, brief, anchor_prefix)}</div>' for note in sentence_notes(brief, index)
        )
        items.append(f"<li>{esc(s.text)}{shortened_html(s)} <sup>{marks}</sup>{notes}</li>")
    sources = []
    for number, document in enumerate(brief.sources, start=1):
        url = safe_url(document.url)
        label = source_html(document)
        body = f'<a href="{esc(url)}" rel="noopener noreferrer nofollow">{label}</a>' if url else label
        sources.append(f'<li id="{anchor_prefix}-{number}">{body}</li>')
    parts = ['<div class="summarize-brief">', "<ul>", *items, "</ul>"]
    if any_shortened(brief.sentences):
        parts.append(f'<div class="note">{esc(SHORTENED_LEGEND)}</div>')
    if unattached_conflicts(brief):
        parts += ["<h2>Sources also differ</h2>", "<ul>"]
        parts += [f"<li>{linked_note(c.message, brief, anchor_prefix)}</li>" for c in unattached_conflicts(brief)]
        parts.append("</ul>")
    parts += ["<h2>Sources</h2>", "<ol>", *sources, "</ol>"]
    if brief.excluded:
        parts += ['<div class="left-out"><h2>Left out</h2><ul>']
        parts += [f"<li>{esc(e.doc_id)}: {esc(e.reason)}</li>" for e in brief.excluded]
        parts += ["</ul></div>"]
    parts.append("</div>")
    return "\n".join(parts)


def default_title(brief: Brief) -> str:
    """"Brief: <headline of source 1>", or "Brief" when the first source has no title."""
    first = brief.sources[0].title if brief.sources else None
    return f"Brief: {one_line(first)}" if first and one_line(first) else "Brief"


def render_html(brief: Brief, *, title: str | None = None) -> str:
    """A self-contained HTML page: no scripts, no external resources.

    ``title`` is the page's title and heading (default: :func:`default_title`).
    """
    title = default_title(brief) if title is None else title
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(title)}</h1>\n{render_html_fragment(brief)}\n</body>\n</html>\n"
    )


def render(brief: Brief, fmt: str, *, title: str | None = None) -> str:
    """Render in one of :data:`FORMATS` (``markdown`` and ``txt`` are accepted aliases).

    ``title`` is used by HTML only (see :func:`render_html`).
    """
    fmt = {"markdown": "md", "txt": "text"}.get(fmt, fmt)
    if fmt == "md":
        return render_markdown(brief)
    if fmt == "text":
        return render_text(brief)
    if fmt == "json":
        return render_json(brief)
    if fmt == "html":
        return render_html(brief, title=title)
    raise ConfigError(f"format must be one of {FORMATS}, got {fmt!r}")
