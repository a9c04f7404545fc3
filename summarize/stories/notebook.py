"""The daily brief in a Jupyter cell: each story with its own brief, citations shown on hover.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from summarize.render.notebook import render_notebook_html

if TYPE_CHECKING:
    from summarize.stories.model import DailyBrief

from summarize.stories.labels import copies_of, long_span, story_meta, story_sources, summary_line

__all__ = ["render_daily_notebook_html"]


def render_daily_notebook_html(daily: DailyBrief) -> str:
    """The day in a Jupyter cell: each story with its brief, citations footnoted and shown on hover.

    Styles are inline (notebook front ends drop <style> blocks); each
    story's brief has its own anchors, so two days in one notebook do not
    collide.
    """
    esc = html.escape
    muted = "font-size:.85em;color:#666"
    parts = [
        '<div class="summarize-daily" style="max-width:52rem;line-height:1.5">',
        f'<div style="font-size:1.25em;font-weight:600">{esc(daily.title)} · {esc(long_span(daily))}</div>',
        f'<div style="{muted}">{esc(summary_line(daily))}</div>',
    ]
    for rank, story in enumerate(daily.stories, start=1):
        parts.append(f'<div style="margin-top:1.2em;font-size:1.1em;font-weight:600">{rank}. {esc(story.headline)}</div>')
        parts.append(f'<div style="{muted}">{esc(" · ".join(story_meta(story)))}</div>')
        if story.brief is not None and story.brief.sentences:
            parts.append(render_notebook_html(story.brief, show_settings=False))
            copies = dict.fromkeys(copy.label() for d in story_sources(story) for copy in copies_of(d))
            if copies:
                parts.append(f'<div style="{muted}">Syndicated copies also ran in: {esc(", ".join(copies))}</div>')
        else:
            articles = "; ".join(esc(d.label()) for d in story_sources(story))
            parts.append(f'<div style="{muted}">No summary could be made. Articles: {articles}</div>')
    parts += [f'<div style="{muted};margin-top:1em">⚠ {esc(note)}</div>' for note in (*daily.problems, *daily.warnings)]
    parts.append("</div>")
    return "\n".join(parts)
