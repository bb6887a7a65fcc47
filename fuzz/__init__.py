"""Atheris fuzz harnesses for the loader and the validator (see docs/security.md)."""
