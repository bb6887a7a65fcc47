"""The catalog as versioned data: loaded from a folder or a bundle, installed, chosen, compared.

The catalog (`data.catalog`: models, licences, providers, regions, regulation, lifecycle,
aliases, and its own `version` and `date`) ships with the tool in `policies/catalog/`, and can be
updated between releases: `llm-policy catalog build` makes a signed catalog bundle,
`llm-policy catalog update` verifies one and installs it in the user cache, and `--catalog`
pins one for a run. See docs/catalog.md, "Updating the catalog between releases".

- `model`: `Catalog` (the document, its origin and files), reading a catalog folder;
- `checks`: what a catalog must be before a run uses it (documents, version, dates, aliases);
- `bundle`: the bundle format, its signature (`checker.bundles.signing`) and its verification;
- `fetch`: reading a bundle from a file or an http(s) URL, bounded in size and time;
- `store`: the installed catalogs and the `current` pointer, written atomically;
- `select`: which catalog a run decides with (`--catalog`, the installed one, the shipped one);
- `diff` and `report`: the facts that changed between two catalogs, and their renderers.
"""
