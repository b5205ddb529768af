"""The __PACKAGE__ package."""
