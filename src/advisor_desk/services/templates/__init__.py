"""Client templates: recipes for onboarding one kind of engagement, kept as revisions.

Modules: `catalogue` (create, edit, archive, list), `plan` (a template's whole plan saved as
one revision), `revisions`, `items` (what a template may offer).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor_desk.services.lazy import lazy_exports

if TYPE_CHECKING:  # imported when first used (services/lazy.py)
    from advisor_desk.services.templates.catalogue import TemplateSummary, list_templates
    from advisor_desk.services.templates.plan import (
        TemplateDraft,
        TemplatePlan,
        list_template_plans,
        save_template,
    )

__all__ = [
    "TemplateDraft",
    "TemplatePlan",
    "TemplateSummary",
    "list_template_plans",
    "list_templates",
    "save_template",
]
__getattr__, __dir__ = lazy_exports(
    __name__,
    __all__,
    {
        ".catalogue": ("TemplateSummary", "list_templates"),
        ".plan": ("TemplateDraft", "TemplatePlan", "list_template_plans", "save_template"),
    },
)
