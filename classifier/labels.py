"""The label set, in the one order every probability column follows."""

LABELS: tuple[str, ...] = ("consent", "chrome", "body")
PROBA_COLUMNS: tuple[str, ...] = tuple(f"p_{label}" for label in LABELS)
