"""A member profile: the nickname shown on the Me page (issue #13, finding 7).

The birthday (0003) and the nickname together are the profile a member edits on the Me page
(services.profile). Nullable: existing members keep showing their username.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("member", sa.Column("nickname", sa.String(length=32), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite >= 3.35), as 0003 does: a batch rebuild of `member` would DROP
    # a table that others reference, which SQLite refuses with foreign keys on.
    op.execute("ALTER TABLE member DROP COLUMN nickname")
