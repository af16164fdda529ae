"""Client templates: the Templates section, the template wizard and the onboarding wizard."""
