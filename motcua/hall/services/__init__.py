"""Every write to a service hall, one module per concern: `tickets` (issue, call, serve,
transfer, rate), `counters` (open, pause, close), `bookings` (book or cancel a slot
online), `devices` (enrol, relink, revoke a kiosk, board or rating device), and what
they share (`common`).

Each service is one transaction. Counter actions first check that the actor may see the
hall's agency (else HallNotFound, a 404, the same as for a counter that does not exist),
then lock the counter row, so a double click or two officers at one counter are served
one after the other. A refusal raises HallError with a Vietnamese message and changes and
records nothing. A change records one audit event, bumps `Hall.revision` in the same
transaction and sends `hall_changed` after commit.

`at` is the moment of the act (now when None): tests and the demo pass other moments.
"""
