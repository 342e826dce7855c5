"""The pieces of the portal load benchmark (bench/portal_load.py) that run in their own
processes: the data preparation, the server's settings and the locust driver."""

# The baseline: a bare Django view doing one query (bench/_load/urls.py).
BARE_PATH = "/_bench/bare/"
