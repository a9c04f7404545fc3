"""What makes a brief trustworthy: conflicting figures, stale articles, references that need context."""

__all__: list[str] = []
