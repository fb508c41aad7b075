"""cloudformation: see docs/ARCHITECTURE.md."""
