"""The decision log: every check made through the API (or ``check --record``), durably.

:mod:`.model` is one decision, :mod:`.store` the database (SQLite or PostgreSQL through
SQLAlchemy Core), :mod:`.migrate` the versioned schema, :mod:`.replay` re-checking a stored
decision.
"""
