"""What other apps (certificates, reporting, portal) use of attendance."""

__all__: list[str] = []
