"""Every write of the accounts app, one module per concern: officers, their roles and
second factor (`officers`); the sign-in log and lockout (`sign_in`); citizens' accounts,
profile and single sign-on (`citizens`); citizens' one-time codes (`citizen_codes`); the
language a person chose (`preferences`); and the purge of what is kept no longer than it
serves (`retention`)."""
