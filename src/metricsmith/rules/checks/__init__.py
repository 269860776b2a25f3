"""One module per family of rules; each exposes ``check(ctx) -> list[Finding]``."""
