"""What other apps (portal) use of reporting."""

__all__: list[str] = []
