"""Advisor Desk: the desktop app of a risk-and-compliance partner firm."""

__version__ = "0.1.0"
