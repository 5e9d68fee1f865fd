"""Alembic environment for the central server: runs on the connection the server hands over.

The target is :data:`server.tables.METADATA` (the shared tables copied from
``models.tables`` plus the server's own tables), never the global ``SQLModel.metadata``,
which belongs to the desktop's local store.
"""

from alembic import context

from server.tables import METADATA

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=METADATA,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copy-and-move
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
