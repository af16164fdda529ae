"""The declarative base and the columns every synced row carries (sync-protocol.md)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, MetaData, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from .types import new_id, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def parent_fk(target: str, *, nullable: bool = False, index: bool = True) -> Mapped[str]:
    """A reference to another synced row.

    Deferred, so a sync page may bring a child before its parent within one transaction.
    """
    return mapped_column(
        String(36),
        ForeignKey(target, deferrable=True, initially="DEFERRED"),
        nullable=nullable,
        index=index,
    )


class Synced:
    """Columns of a row that syncs: made offline with a UUID, versioned by the server."""

    if TYPE_CHECKING:  # each synced model is also a Base: its table's name, its constructor
        __tablename__: str

        def __init__(self, **fields: Any) -> None: ...

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    version: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    base_version: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow, nullable=False
    )

    @declared_attr
    def partner_id(cls) -> Mapped[str]:  # noqa: N805 - SQLAlchemy's declared_attr takes cls
        return mapped_column(String(36), nullable=False, index=True)


# Fields of a synced row that are bookkeeping, not entity data (never sent as `fields`).
SYNC_COLUMNS = frozenset({"id", "version", "base_version", "deleted", "updated_at", "partner_id"})


def table_of(model: type[object]) -> Table:
    """The Table a mapped class is declared on (to a type checker `__table__` is any FromClause)."""
    table = getattr(model, "__table__", None)
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to a table")
    return table
