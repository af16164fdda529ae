"""Every table of the local store. Importing this module registers them all on `Base`."""

from advisor_desk.store.base import Synced

from .access_log import AccessEvent
from .bizdev import (
    Assessment,
    AssessmentAnswer,
    AssessmentQuestion,
    LibraryRisk,
    Prospect,
    ProspectContact,
    ReviewLibrary,
    ReviewParticipant,
    ReviewResponse,
    ReviewRisk,
    RiskReview,
)
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
from .invitations import Invitation
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
    Invitation,
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
    # business development (bizdev.py); client_risk may point at a prospect and a review
    Prospect,
    ProspectContact,
    LibraryRisk,
    AssessmentQuestion,
    RiskReview,
    ReviewLibrary,
    ReviewRisk,
    ReviewParticipant,
    ReviewResponse,
    Assessment,
    AssessmentAnswer,
    AccessEvent,  # the access log (access_log.py): no foreign keys
)
ENTITY_MODELS: dict[str, type[Synced]] = {model.__tablename__: model for model in SYNCED_MODELS}

__all__ = [
    "AccessEvent",
    "Assessment",
    "AssessmentAnswer",
    "AssessmentQuestion",
    "LibraryRisk",
    "Prospect",
    "ProspectContact",
    "ReviewLibrary",
    "ReviewParticipant",
    "ReviewResponse",
    "ReviewRisk",
    "RiskReview",
    "PlatformDetails",
    "ENTITY_MODELS",
    "SYNCED_MODELS",
    "Advisor",
    "AdvisorAccess",
    "AdvisorActivity",
    "Invitation",
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
