"""Evidence from the code: what a repository uses, found structurally, resolved to the catalog.

`checker.scan.reference` holds the result types every consumer shares (the `scan` command, `check
--scan`, `init`, the CycloneDX AI-BOM, the audit). The scanner itself (walking, parsing with
ast-grep-py, resolving through the catalog's aliases) builds them.
"""
