"""Backup and restore of a site: the database, the uploaded files and the audit checkpoints
in one signed archive (`motcua backup`, `motcua backup verify`, `motcua restore`)."""
