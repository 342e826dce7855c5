"""`calendar_changed` is sent after a calendar change commits, with keyword arguments
`first_day`, `last_day` (dates, inclusive; `date.min`/`date.max` when working hours change,
since they apply to every day) and `agency` (None for the national calendar, which every
agency inherits). Receivers re-project the due moments of open dossiers in that range.
"""

from django.dispatch import Signal

calendar_changed = Signal()
