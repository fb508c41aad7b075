"""terraform: see docs/ARCHITECTURE.md."""
