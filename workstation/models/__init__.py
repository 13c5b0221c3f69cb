"""SQLAlchemy 2.0 mapped classes, one module per aggregate. No Qt, no Session handling here."""

from workstation.models.audit import AuditHead, AuditRecord
from workstation.models.base import Base
from workstation.models.batch import Batch, BatchEvent, BatchItem, Examination, QualityCheck
from workstation.models.calendar import RecurringTask, RecurringTaskDone
from workstation.models.certificate import (
    Certificate,
    CertificateItem,
    CertificatePrint,
    Official,
)
from workstation.models.entity import Entity
from workstation.models.filing import Filing, FilingEvent
from workstation.models.inquiry import (
    Charge,
    Inquiry,
    InquiryAttachment,
    InquiryEntry,
    InquiryLink,
    InquiryPresence,
    InquiryStatusChange,
)
from workstation.models.intake import (
    Customer,
    Envelope,
    EnvelopeDocument,
    LineVoid,
    MailSession,
    Remittance,
)
from workstation.models.meta import AppMeta
from workstation.models.numbering import NumberSeries
from workstation.models.teller import (
    Drawer,
    DrawerAdjustment,
    DrawerCount,
    DrawerMove,
    DrawerSession,
    DrawerSignOff,
    DrawerTotal,
    OfficeDay,
    Receipt,
    ReceiptLine,
    ReceiptTender,
)
from workstation.models.ucc import UccParty, UccRecord
from workstation.models.user import User

__all__ = [
    "AppMeta", "AuditHead", "AuditRecord", "Base", "Batch", "BatchEvent", "BatchItem",
    "Certificate", "CertificateItem", "CertificatePrint", "Charge",
    "Customer", "Drawer", "DrawerAdjustment", "DrawerCount", "DrawerMove", "DrawerSession",
    "DrawerSignOff", "DrawerTotal", "Entity", "Envelope", "EnvelopeDocument", "Examination",
    "Filing", "FilingEvent", "Inquiry",
    "InquiryAttachment", "InquiryEntry", "InquiryLink", "InquiryPresence", "InquiryStatusChange",
    "LineVoid", "MailSession", "NumberSeries", "OfficeDay", "Official", "QualityCheck", "Receipt",
    "ReceiptLine", "ReceiptTender", "RecurringTask", "RecurringTaskDone", "Remittance",
    "UccParty",
    "UccRecord", "User",
]
