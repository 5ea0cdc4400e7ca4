"""One row per claim: a before and an after figure, their ratio, and the target it must meet."""

from dataclasses import asdict, dataclass


@dataclass
class Row:
    chapter: str
    case: str
    unit: str
    before: float
    after: float
    target: float | None = None  # the least before/after ratio the chapter promises

    @property
    def ratio(self):
        return self.before / self.after if self.after else float("inf")

    @property
    def verdict(self):
        if self.target is None:
            return ""
        return "met" if self.ratio >= self.target else "MISSED"

    def as_dict(self):
        return asdict(self) | {"ratio": self.ratio, "verdict": self.verdict}


def table(rows):
    """The rows as a plain-text table."""
    lines = [f"{'chapter':<26}{'case':<52}{'before':>10}{'after':>10}{'ratio':>9}  target"]
    for row in rows:
        target = f">= {row.target:.3g}x {row.verdict}" if row.target else ""
        lines.append(
            f"{row.chapter:<26}{row.case + ', ' + row.unit:<52}{row.before:>10.4g}"
            f"{row.after:>10.4g}{row.ratio:>8.3g}x  {target}"
        )
    return "\n".join(lines)
