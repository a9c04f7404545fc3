"""Text stages: sentence splitting, trimming, and reading facts (figures, dates, names) from sentences."""

__all__: list[str] = []
