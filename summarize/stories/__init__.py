"""The daily brief: syndicated copies merged, articles grouped into stories, one brief per story."""

__all__: list[str] = []
