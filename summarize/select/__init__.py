"""Choosing sentences under the length budget, and their order."""

__all__: list[str] = []
