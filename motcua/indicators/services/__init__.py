"""Every write of the indicators app, keyword-only, atomic and audited: figures, targets'
documents, checks and accepted warnings (`figures`); the exchange spreadsheet (`sheets`).

A figure is never changed: a later one is a new `Value` row (the latest is current), so an
estimate in November and the actual in March are both kept with their source, who and
when. Every write reruns the checks of the unit's period (`figures.checks_run`)."""
