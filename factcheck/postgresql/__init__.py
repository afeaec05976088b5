"""Django's PostgreSQL backend with a health check that costs no round trip while the connection is intact."""
