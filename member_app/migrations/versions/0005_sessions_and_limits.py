"""Server-side sessions and the registration limit (issue #12, findings 2, 3 and 6).

- `member_session`: what a member token names (claim `sid`); logout and a password change
  revoke it, and it has an absolute end refreshing cannot move. Tokens issued before this
  migration name no session and are refused: members log in once more.
- `registration_attempt`: registrations per client, for the per-client limit.
- `login_attempt`'s username index also covers the client: the login delay is counted per
  username and client.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from member_app.models import AwareDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "member_session",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("member_id", sa.Integer, sa.ForeignKey("member.id"), nullable=False),
        sa.Column("created_at", AwareDateTime(), nullable=False),
        sa.Column("expires_at", AwareDateTime(), nullable=False),
        sa.Column("revoked_at", AwareDateTime(), nullable=True),
    )
    op.create_index("ix_member_session_member", "member_session", ["member_id"])
    op.create_table(
        "registration_attempt",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("at", AwareDateTime(), nullable=False),
    )
    op.create_index("ix_registration_attempt_client", "registration_attempt", ["client", "at"])
    op.drop_index("ix_login_attempt_username", table_name="login_attempt")
    op.create_index("ix_login_attempt_username", "login_attempt", ["username", "client", "at"])


def downgrade() -> None:
    op.drop_index("ix_login_attempt_username", table_name="login_attempt")
    op.create_index("ix_login_attempt_username", "login_attempt", ["username", "at"])
    op.drop_index("ix_registration_attempt_client", table_name="registration_attempt")
    op.drop_table("registration_attempt")
    op.drop_index("ix_member_session_member", table_name="member_session")
    op.drop_table("member_session")
