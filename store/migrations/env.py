"""Alembic environment for the local store: runs on the connection the store hands over."""

from alembic import context
from sqlmodel import SQLModel

import store.schema  # noqa: F401 - all tables in SQLModel.metadata

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite alters tables by copy-and-move; Alembic's batch mode
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
