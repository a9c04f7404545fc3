"""A daily brief as plain text, for terminals and e-mail."""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarize.render.escape import one_line
from summarize.stories.labels import (
    copies_of,
    heading,
    source_text,
    sources_heading,
    story_meta,
    story_sources,
    summary_line,
)

if TYPE_CHECKING:
    from summarize.stories.model import DailyBrief

__all__ = ["render_daily_text"]


def render_daily_text(brief: DailyBrief) -> str:
    """Each story with its cited sentences and numbered sources; no markup, one line per item."""
    lines = [one_line(heading(brief)), one_line(summary_line(brief)), ""]
    for rank, story in enumerate(brief.stories, start=1):
        lines += [f"{rank}. {one_line(story.headline)}", f"   {one_line(' · '.join(story_meta(story)))}", ""]
        if story.brief is not None:
            for sentence in story.brief.sentences:
                marks = "".join(f"[{n}]" for n in sentence.citations)
                lines.append(f"   - {one_line(sentence.text)} {marks}".rstrip())
            lines.append("")
        lines.append(f"   {sources_heading(story)}:")
        for number, document in enumerate(story_sources(story), start=1):
            url = one_line(document.url or "")
            entry = f"     [{number}] {one_line(source_text(document, brief.date))}" + (f" - {url}" if url else "")
            copies = copies_of(document)
            if copies:
                entry += "; also carried by " + ", ".join(one_line(c.label()) for c in copies)
            lines.append(entry)
        lines.append("")
    if brief.problems:
        lines += ["Sources that could not be read:"] + [f"  {one_line(p)}" for p in brief.problems] + [""]
    if brief.warnings:
        lines += ["Notes:"] + [f"  {one_line(w)}" for w in brief.warnings] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"
