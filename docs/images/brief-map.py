"""Draw brief-map.png, the picture in the README (run: HF_HUB_OFFLINE=1 python docs/images/brief-map.py)."""

from __future__ import annotations

from pathlib import Path

from summarize import Summarizer, load_documents, plot

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent.parent / "examples"

if __name__ == "__main__":
    brief = Summarizer(max_words=120).summarize(load_documents(EXAMPLES / "harbour-bridge"))
    figure = plot.sentence_map(brief)
    figure.savefig(HERE / "brief-map.png", dpi=100, facecolor="white")
    print(f"wrote {HERE / 'brief-map.png'}")
