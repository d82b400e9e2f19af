"""What other apps (reporting, portal) use of certificates."""

__all__: list[str] = []
