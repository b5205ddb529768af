"""Another package, with a cli of its own."""
