"""Numbered SQL migrations of the decision log: ``NNNN_name.sql``, applied in order.

Each file is portable SQL (SQLite and PostgreSQL), statements separated by ``;`` at the end of
a line. A file once released is never edited: a change is a new file with the next number.
"""
