"""SQLAlchemy 2.0 mapped classes, one module per aggregate. No Qt, no Session handling here."""

from workstation.models.audit import AuditHead, AuditRecord
from workstation.models.base import Base
from workstation.models.meta import AppMeta
from workstation.models.numbering import NumberSeries
from workstation.models.user import User

__all__ = ["AppMeta", "AuditHead", "AuditRecord", "Base", "NumberSeries", "User"]
