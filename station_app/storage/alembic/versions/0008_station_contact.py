"""station contact: 站长/联络员 editable with phone and address; the hub keeps what packages say

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_STATION = (("phone", 30), ("address", 200))
_HUB = (("head_name", 50), ("clerk_name", 50), ("phone", 30), ("address", 200))


def upgrade() -> None:
    with op.batch_alter_table("station_settings", schema=None) as batch_op:
        for name, length in _STATION:
            batch_op.add_column(
                sa.Column(name, sa.String(length=length), nullable=False, server_default="")
            )
    with op.batch_alter_table("hub_stations", schema=None) as batch_op:
        for name, length in _HUB:
            batch_op.add_column(
                sa.Column(name, sa.String(length=length), nullable=False, server_default="")
            )


def downgrade() -> None:
    with op.batch_alter_table("hub_stations", schema=None) as batch_op:
        for name, _length in reversed(_HUB):
            batch_op.drop_column(name)
    with op.batch_alter_table("station_settings", schema=None) as batch_op:
        for name, _length in reversed(_STATION):
            batch_op.drop_column(name)
