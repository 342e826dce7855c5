"""Every write of fees and payments, one module per concern: `assessment` (what a dossier
owes), `online` (a gateway payment and its IPN), `cashier` (what officers record at the
counter), and what they share (`common`). Each one atomic, checked first, audited."""
