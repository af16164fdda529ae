"""Every table of the local store. Importing this module registers them all on `Base`."""

from .clients import Client, ClientBillingModel, Member, MemberLicense
from .content import ClientContent, ClientTemplate, ContentItem, TemplateContent
from .documents import Document, DocumentLine, NumberSeries
from .partner import Agreement, Partner, ResaleSettings
from .people import Advisor, AdvisorAccess, AdvisorActivity
from .sync import Conflict, Outbox, SyncDevice, SyncRejection, SyncState

# Synced entities in parent-before-child order (export, import and sync walk this list).
SYNCED_MODELS = (
    Partner,
    Agreement,
    ResaleSettings,
    Advisor,
    AdvisorActivity,
    ContentItem,
    ClientTemplate,
    TemplateContent,
    Client,
    ClientBillingModel,
    AdvisorAccess,
    Member,
    MemberLicense,
    ClientContent,
    Document,
    DocumentLine,
)
ENTITY_MODELS = {model.__tablename__: model for model in SYNCED_MODELS}

__all__ = [
    "ENTITY_MODELS",
    "SYNCED_MODELS",
    "Advisor",
    "AdvisorAccess",
    "AdvisorActivity",
    "Agreement",
    "Client",
    "ClientBillingModel",
    "ClientContent",
    "ClientTemplate",
    "Conflict",
    "ContentItem",
    "Document",
    "DocumentLine",
    "Member",
    "MemberLicense",
    "NumberSeries",
    "Outbox",
    "Partner",
    "ResaleSettings",
    "SyncDevice",
    "SyncRejection",
    "SyncState",
    "TemplateContent",
]
