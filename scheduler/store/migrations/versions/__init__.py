"""One module per schema version: rev<N>_<what>.py, Alembic revision "<N>"."""
