"""REST API v1 of the core, one module per resource. Thin: validate the input, call a service, answer with the
resource as annotations.api.representations shows it.

Errors are raised, not returned: services' ValidationError, PermissionDenied and Conflict become 400, 403 and
409 in factcheck.api.errors. Every resource carries an ETag; PATCH, PUT, DELETE (and the workflow actions)
honour If-Match with 412.
"""
