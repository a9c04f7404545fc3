"""Write a brief as Markdown, plain text, JSON or self-contained HTML.

Every sentence carries its citations; a numbered source list follows. HTML
escapes everything that came from an article and links only http(s) URLs, so
a brief is safe to open whatever its sources contained.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import html
import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from summarize.document import Brief, Document

__all__ = [
    "JSON_SCHEMA_VERSION",
    "brief_to_dict",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_notebook_html",
    "render_repr",
    "render_text",
    "FORMATS",
]

JSON_SCHEMA_VERSION = "summarize.brief/1"
FORMATS = ("md", "text", "json", "html")


def _citation_marks(citations: tuple[int, ...]) -> str:
    return "".join(f"[{n}]" for n in citations)


def _date(value: _dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.time() == _dt.time():
        return value.date().isoformat()
    return value.isoformat(timespec="minutes")


# Control characters (C0 but nothing we write ourselves, DEL, C1) start terminal escape
# sequences; Markdown and text output often goes straight to a terminal.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _one_line(text: str) -> str:
    """Text from an article as one printable line: controls and line breaks become spaces."""
    return " ".join(_CONTROL.sub(" ", text).split())


def _safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None: javascript:, data: and the like are never linked.

    Spaces, controls, ``<`` and ``>`` are percent-encoded: in a Markdown
    autolink ``<...>`` (the brief's and the daily brief's source lists) a
    ``>`` would end the link and the rest of the URL would be read as
    Markdown, raw HTML or a link of its own.
    """
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    if scheme not in ("http", "https"):
        return None
    return re.sub(r"[\x00-\x20<>\x7f-\x9f]", lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url.strip())


def _source_line(document: Document) -> str:
    parts = [document.label()]
    if document.title and document.title != document.label():
        parts.append(f'"{document.title}"')
    date = _date(document.published)
    if date:
        parts.append(date)
    return ", ".join(parts)


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
        lines.append(f"- {_escape_markdown(s.text)} {_citation_marks(s.citations)}".rstrip())
        lines += [f"  - *{_escape_markdown(note)}*" for note in sentence_notes(brief, index)]
    if unattached_conflicts(brief):
        lines += ["", "**Sources also differ**", ""]
        lines += [f"- {_escape_markdown(c.message)}" for c in unattached_conflicts(brief)]
    lines += ["", "**Sources**", ""]
    for number, document in enumerate(brief.sources, start=1):
        url = _safe_url(document.url)
        entry = _escape_markdown(_source_line(document))
        lines.append(f"{number}. {entry}" + (f" <{url}>" if url else ""))
    if brief.excluded:
        lines += ["", "**Left out**", ""]
        lines += [f"- {_escape_markdown(e.doc_id)}: {_escape_markdown(e.reason)}" for e in brief.excluded]
    return "\n".join(lines) + "\n"


# What would open a block (heading, rule, quote, list, code fence) at the start of a list item.
_BLOCK_START = re.compile(r"^(?=[#>+*=_~`-])|^(\d{1,9})(?=[.)])")


def _escape_markdown(text: str) -> str:
    # Article text must not become links, images, raw HTML or new blocks in a Markdown viewer.
    text = _one_line(text)
    text = text.replace("\\", "\\\\").replace("<", "&lt;").replace("[", "\\[").replace("]", "\\]")
    return _BLOCK_START.sub(lambda m: (m.group(1) or "") + "\\", text, count=1)


def render_text(brief: Brief) -> str:
    """Numbered plain-text paragraphs, for terminals and e-mail."""
    lines = []
    for index, s in enumerate(brief.sentences):
        lines.append(f"{_one_line(s.text)} {_citation_marks(s.citations)}".rstrip())
        lines += [f"    ! {_one_line(note)}" for note in sentence_notes(brief, index)]
    if unattached_conflicts(brief):
        lines += ["", "Sources also differ:"] + [f"  {_one_line(c.message)}" for c in unattached_conflicts(brief)]
    lines += ["", "Sources:"]
    for number, document in enumerate(brief.sources, start=1):
        url = _one_line(document.url or "")
        lines.append(f"  [{number}] {_one_line(_source_line(document))}" + (f" - {url}" if url else ""))
    if brief.excluded:
        lines += ["", "Left out:"] + [f"  {_one_line(e.doc_id)}: {_one_line(e.reason)}" for e in brief.excluded]
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
                "published": _date(d.published),
                "path": d.path,
            }
            for number, d in enumerate(brief.sources, start=1)
        ],
        "excluded": [{"id": e.doc_id, "reason": e.reason, "kind": e.kind} for e in brief.excluded],
        "conflicts": [
            {
                "message": c.message,
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
"""


def render_html_fragment(brief: Brief, *, anchor_prefix: str = "src") -> str:
    """The brief as an HTML fragment (used by notebooks and by the full page)."""
    esc = html.escape
    items = []
    for index, s in enumerate(brief.sentences):
        marks = "".join(
            f'<a href="#{anchor_prefix}-{n}" title="{esc(_source_line(brief.sources[n - 1]))}">[{n}]</a>'
            for n in s.citations
        )
        notes = "".join(f'<div class="note">{esc(note)}</div>' for note in sentence_notes(brief, index))
        items.append(f"<li>{esc(s.text)} <sup>{marks}</sup>{notes}</li>")
    sources = []
    for number, document in enumerate(brief.sources, start=1):
        url = _safe_url(document.url)
        label = esc(_source_line(document))
        body = f'<a href="{esc(url)}" rel="noopener noreferrer nofollow">{label}</a>' if url else label
        sources.append(f'<li id="{anchor_prefix}-{number}">{body}</li>')
    parts = ['<div class="summarize-brief">', "<ul>", *items, "</ul>"]
    if unattached_conflicts(brief):
        parts += ["<h2>Sources also differ</h2>", "<ul>"]
        parts += [f"<li>{esc(c.message)}</li>" for c in unattached_conflicts(brief)]
        parts.append("</ul>")
    parts += ["<h2>Sources</h2>", "<ol>", *sources, "</ol>"]
    if brief.excluded:
        parts += ['<div class="left-out"><h2>Left out</h2><ul>']
        parts += [f"<li>{esc(e.doc_id)}: {esc(e.reason)}</li>" for e in brief.excluded]
        parts += ["</ul></div>"]
    parts.append("</div>")
    return "\n".join(parts)


# Notebook display. Jupyter front ends drop <style> blocks from untrusted
# output (a notebook opened from GitHub), so styles are inline and the markup
# reads well without them. Hover text (title attributes) shows what each
# cited source says; the citation numbers are footnotes linked to the list.
_NOTE = "font-size:.85em;color:#666"
_WARNING_NOTE = "font-size:.85em;color:#7a3a00"
_BADGE = "margin-left:.3em;padding:0 .35em;border-radius:.3em;font-size:.75em;background:#e3ecf7;color:#1f4e89"


def _anchor_prefix(brief: Brief) -> str:
    """Anchors unique to this brief, so two briefs in one notebook do not share ids.

    Derived from the content (not random) so a re-run notebook does not change.
    """
    digest = hashlib.sha1(brief.text.encode("utf-8"))
    for document in brief.sources:
        digest.update(document.id.encode("utf-8"))
    return f"summarize-{digest.hexdigest()[:10]}"


def _sentence_texts(brief: Brief) -> dict[str, str]:
    """Sentence id -> text, from the kept pipeline details (empty without them)."""
    details = brief.details
    sentences = getattr(details, "sentences", None) or []
    return {s.id: s.text for s in sentences}


def _citation_hover(brief: Brief, sentence: Any, number: int, texts: dict[str, str]) -> str:
    """"[n] Outlet, date: what it says" for one citation of one brief sentence."""
    document = brief.sources[number - 1]
    said = [e.text for e in getattr(sentence, "evidence", ()) if e.doc_id == document.id and e.text]
    if not said:
        said = [texts[i] for i in sentence.source_sentence_ids if i.rsplit("#", 1)[0] == document.id and i in texts]
    date = _date(document.published)
    line = f"[{number}] {document.label()}" + (f", {date[:10]}" if date else "")
    return f"{line}: “{said[0]}”" if said else line


def _badge(label: str, hover: str) -> str:
    return f'<span style="{_BADGE}" title="{html.escape(hover)}">{html.escape(label)}</span>'


def render_notebook_html(brief: Brief, *, show_settings: bool = True) -> str:
    """The brief for a Jupyter cell: footnoted citations with hover text, notes, sources, settings.

    Everything from articles is escaped; only http(s) URLs are linked.
    ``show_settings`` False leaves out the settings table (a daily brief shows
    many briefs made with one setting).
    """
    esc = html.escape
    prefix = _anchor_prefix(brief)
    texts = _sentence_texts(brief)
    cited_by = [0] * len(brief.sources)
    for sentence in brief.sentences:
        for number in sentence.citations:
            cited_by[number - 1] += 1
    summary = (
        f"{len(brief.sentences)} sentence{'s' * (len(brief.sentences) != 1)} · {brief.word_count} words · "
        f"{len(brief.sources)} source{'s' * (len(brief.sources) != 1)}"
    )
    embedder = brief.settings.get("embedder")
    if embedder:
        summary += f" · {embedder}"
    parts = [
        '<div class="summarize-brief" style="max-width:52rem;line-height:1.5">',
        f'<div style="{_NOTE}">Brief · {esc(summary)}</div>',
        '<ol style="padding-left:1.6em;margin:.4em 0">',
    ]
    for index, sentence in enumerate(brief.sentences):
        marks = ",".join(
            f'<a href="#{prefix}-src-{n}" title="{esc(_citation_hover(brief, sentence, n, texts))}" '
            f'style="text-decoration:none">{n}</a>'
            for n in sentence.citations
        )
        body = f"{esc(sentence.text)}<sup>[{marks}]</sup>" if marks else esc(sentence.text)
        if len(sentence.citations) == 1:
            body += _badge("1 source", "only one article states this")
        # The same notes as Markdown and text: disputed figures, unsupported facts, generated text.
        hover = f"replaces: {sentence.extractive_text}" if sentence.extractive_text else ""
        for note in sentence_notes(brief, index):
            body += f'<div style="{_WARNING_NOTE}" title="{esc(hover)}">⚠ {esc(note)}</div>'
        parts.append(f'<li style="margin:.25em 0">{body}</li>')
    parts.append("</ol>")
    also_differ = unattached_conflicts(brief)
    if also_differ:
        parts.append(f'<div style="{_NOTE}">Sources also differ:</div>')
        parts += [f'<div style="{_WARNING_NOTE}">⚠ {esc(c.message)}</div>' for c in also_differ]
    for warning in brief.warnings:
        parts.append(f'<div style="{_WARNING_NOTE}">⚠ {esc(warning)}</div>')
    parts.append(f'<details open><summary style="{_NOTE}">Sources ({len(brief.sources)})</summary>')
    parts.append(f'<ol style="padding-left:1.6em;margin:.2em 0;{_NOTE}">')
    for number, document in enumerate(brief.sources, start=1):
        url = _safe_url(document.url)
        label = esc(_source_line(document))
        body = f'<a href="{esc(url)}" rel="noopener noreferrer nofollow">{label}</a>' if url else label
        uses = cited_by[number - 1]
        note = f"cited by {uses} sentence{'s' * (uses != 1)}" if uses else "not cited"
        parts.append(f'<li id="{prefix}-src-{number}">{body} <span style="color:#999">· {note}</span></li>')
    parts.append("</ol></details>")
    if brief.excluded:
        parts.append(f'<details open><summary style="{_NOTE}">Left out ({len(brief.excluded)})</summary>')
        parts.append(f'<ul style="margin:.2em 0;{_NOTE}">')
        parts += [f"<li>{esc(e.doc_id)}: {esc(e.reason)}</li>" for e in brief.excluded]
        parts.append("</ul></details>")
    if brief.settings and show_settings:
        rows = "".join(
            f'<tr><td style="text-align:left;padding-right:1em">{esc(str(k))}</td>'
            f'<td style="text-align:left">{esc(str(v))}</td></tr>'
            for k, v in brief.settings.items()
        )
        parts.append(f'<details><summary style="{_NOTE}">Settings</summary><table style="{_NOTE}">{rows}</table></details>')
    parts.append("</div>")
    return "\n".join(parts)


def render_repr(brief: Brief, *, max_sentences: int = 8, width: int = 100) -> str:
    """A short plain-text picture of a brief for ``repr()``: counts, then numbered sentences.

    Sentences longer than ``width`` characters are cut, and at most
    ``max_sentences`` are listed; ``print(brief.to_text())`` shows it all.
    """
    head = (
        f"<Brief: {len(brief.sentences)} sentences, {brief.word_count} words, "
        f"{len(brief.sources)} sources"
    )
    counts = (
        (len(brief.excluded), "left out", "left out"),
        (len(brief.warnings), "warning", "warnings"),
        (len(getattr(brief, "conflicts", ())), "conflict", "conflicts"),
    )
    extras = [f"{count} {one if count == 1 else many}" for count, one, many in counts if count]
    lines = [head + (f"; {', '.join(extras)}" if extras else "") + ">"]
    for number, sentence in enumerate(brief.sentences[:max_sentences], start=1):
        text = _one_line(sentence.text)
        text = text if len(text) <= width else text[: width - 1].rstrip() + "…"
        lines.append(f"  {number}. {text} {_citation_marks(sentence.citations)}".rstrip())
    hidden = len(brief.sentences) - max_sentences
    if hidden > 0:
        lines.append(f"  … {hidden} more (print(brief.to_text()) shows all)")
    return "\n".join(lines)


def render_html(brief: Brief, *, title: str = "Brief") -> str:
    """A self-contained HTML page: no scripts, no external resources."""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(title)}</h1>\n{render_html_fragment(brief)}\n</body>\n</html>\n"
    )


def render(brief: Brief, fmt: str) -> str:
    """Render in one of :data:`FORMATS` (``markdown`` and ``txt`` are accepted aliases)."""
    fmt = {"markdown": "md", "txt": "text"}.get(fmt, fmt)
    if fmt == "md":
        return render_markdown(brief)
    if fmt == "text":
        return render_text(brief)
    if fmt == "json":
        return render_json(brief)
    if fmt == "html":
        return render_html(brief)
    raise ValueError(f"format must be one of {FORMATS}, got {fmt!r}")
