"""Inside an unused package and unused within it too."""
