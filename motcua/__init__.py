"""motcua: one-stop public administration for Vietnamese wards and cities."""
