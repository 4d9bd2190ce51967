"""The store's schema versions as Alembic revisions (scheduler.store.migrate runs them)."""
