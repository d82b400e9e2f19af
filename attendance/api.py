"""What other apps (certificates, reporting, portal) use of attendance."""

from .selectors import kept_rates
from .selectors import with_figures as attendance_figures
from .selectors import with_rates as attendance_rates

__all__: list[str] = ["attendance_figures", "attendance_rates", "kept_rates"]
