"""What other apps (certificates, reporting, portal) use of assessments."""

__all__: list[str] = []
