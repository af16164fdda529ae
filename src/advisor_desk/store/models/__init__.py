"""Every table of the local store. Importing this module registers them all on `Base`."""

from advisor_desk.store.base import Synced

from .clients import Client, ClientBillingModel, Member, MemberLicense
from .content import (
    ClientContent,
    ClientTemplate,
    ContentGrant,
    ContentItem,
    ContentPrice,
    TemplateContent,
)
from .documents import Document, DocumentLine, NumberSeries
from .library import ContentFile, ContentProvision, ContentVersion, LibraryPush
from .partner import Agreement, Partner, ResaleSettings
from .people import Advisor, AdvisorAccess, AdvisorActivity
from .plans import (
    ClientAssessment,
    ClientRisk,
    TemplateAdvisor,
    TemplateAssessment,
    TemplateRevision,
    TemplateRisk,
)
from .platform import PlatformDetails
from .sync import Conflict, Outbox, SyncDevice, SyncRejection, SyncState

# Synced entities in parent-before-child order (export, import and sync walk this list).
SYNCED_MODELS: tuple[type[Synced], ...] = (
    Partner,
    Agreement,
    ResaleSettings,
    Advisor,
    AdvisorActivity,
    ContentItem,
    ClientTemplate,
    TemplateContent,
    TemplateRisk,
    TemplateAssessment,
    TemplateAdvisor,
    TemplateRevision,
    Client,
    ClientBillingModel,
    AdvisorAccess,
    Member,
    MemberLicense,
    ClientContent,
    ClientRisk,
    ClientAssessment,
    Document,
    DocumentLine,
    ContentVersion,
    ContentFile,
    ContentProvision,
    LibraryPush,
    ContentPrice,
    ContentGrant,
)
ENTITY_MODELS: dict[str, type[Synced]] = {model.__tablename__: model for model in SYNCED_MODELS}

__all__ = [
    "PlatformDetails",
    "ENTITY_MODELS",
    "SYNCED_MODELS",
    "Advisor",
    "AdvisorAccess",
    "AdvisorActivity",
    "Agreement",
    "Client",
    "ClientAssessment",
    "ClientBillingModel",
    "ClientContent",
    "ClientRisk",
    "ClientTemplate",
    "Conflict",
    "ContentFile",
    "ContentGrant",
    "ContentItem",
    "ContentPrice",
    "ContentProvision",
    "ContentVersion",
    "Document",
    "DocumentLine",
    "LibraryPush",
    "Member",
    "MemberLicense",
    "NumberSeries",
    "Outbox",
    "Partner",
    "ResaleSettings",
    "SyncDevice",
    "SyncRejection",
    "SyncState",
    "TemplateAdvisor",
    "TemplateAssessment",
    "TemplateContent",
    "TemplateRevision",
    "TemplateRisk",
]
