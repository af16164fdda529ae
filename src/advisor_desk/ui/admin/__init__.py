"""Administration: the partner's users (advisors) and the partner settings."""

from advisor_desk.ui.admin.partner_settings import PartnerSettingsDialog
from advisor_desk.ui.admin.users_panel import UsersPanel

__all__ = ["PartnerSettingsDialog", "UsersPanel"]
