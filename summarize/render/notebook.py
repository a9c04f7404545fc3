"""The brief in a notebook: rich HTML with hover evidence and badges, and a short repr.
"""

from __future__ import annotations

import hashlib
import html
from typing import TYPE_CHECKING

from summarize.render.brief import sentence_notes, unattached_conflicts
from summarize.render.escape import _citation_marks, one_line, safe_url
from summarize.render.shortened import SHORTENED_LEGEND, any_shortened, shortened_html, shortened_text
from summarize.render.sources import citation_links, linked_note, sentence_texts, source_html

if TYPE_CHECKING:
    from summarize.document import Brief

__all__ = ["render_notebook_html", "render_repr"]


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
    texts = sentence_texts(brief)
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
        marks = citation_links(brief, sentence, f"{prefix}-src", texts)
        text = esc(sentence.text) + shortened_html(sentence)
        body = f"{text} <sup>{marks}</sup>" if marks else text
        if len(sentence.citations) == 1:
            body += _badge("1 source", "only one article states this")
        # The same notes as Markdown and text: disputed figures, unsupported facts, generated text.
        hover = f"replaces: {sentence.extractive_text}" if sentence.extractive_text else ""
        for note in sentence_notes(brief, index):
            body += f'<div style="{_WARNING_NOTE}" title="{esc(hover)}">⚠ {linked_note(note, brief, f"{prefix}-src")}</div>'
        parts.append(f'<li style="margin:.25em 0">{body}</li>')
    parts.append("</ol>")
    also_differ = unattached_conflicts(brief)
    if also_differ:
        parts.append(f'<div style="{_NOTE}">Sources also differ:</div>')
        parts += [f'<div style="{_WARNING_NOTE}">⚠ {linked_note(c.message, brief, f"{prefix}-src")}</div>' for c in also_differ]
    if any_shortened(brief.sentences):
        parts.append(f'<div style="{_NOTE}">{esc(SHORTENED_LEGEND)}</div>')
    for warning in brief.warnings:
        parts.append(f'<div style="{_WARNING_NOTE}">⚠ {esc(warning)}</div>')
    parts.append(f'<details open><summary style="{_NOTE}">Sources ({len(brief.sources)})</summary>')
    parts.append(f'<ol style="padding-left:1.6em;margin:.2em 0;{_NOTE}">')
    for number, document in enumerate(brief.sources, start=1):
        url = safe_url(document.url)
        label = source_html(document)
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
        text = one_line(sentence.text)
        text = text if len(text) <= width else text[: width - 1].rstrip() + "…"
        lines.append(f"  {number}. {text}{shortened_text(sentence)} {_citation_marks(sentence.citations)}".rstrip())
    hidden = len(brief.sentences) - max_sentences
    if hidden > 0:
        lines.append(f"  … {hidden} more (print(brief.to_text()) shows all)")
    return "\n".join(lines)
