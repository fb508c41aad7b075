"""iam: see docs/ARCHITECTURE.md."""
