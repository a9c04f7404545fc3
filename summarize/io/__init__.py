"""Reading articles: files and folders, JSON records, feeds; cleaning page clutter."""

__all__: list[str] = []
