"""The Billing overview and Documents sections (registered in ui/sections.py)."""
