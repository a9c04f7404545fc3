"""Writing a brief as Markdown, text, JSON or HTML."""

__all__: list[str] = []
