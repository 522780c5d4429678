"""Errors the model raises; every message is one a clerk understands."""


class SalesDeskError(Exception):
    """A refusal by a business rule. ``str(err)`` is the clerk-facing message."""


class NotFound(SalesDeskError):
    """A record that was asked for does not exist."""


class ValidationError(SalesDeskError):
    """Field values that break rules; ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{msg}" for msg in self.errors.values()))


class HasHistory(SalesDeskError):
    """A record that others refer to cannot be deleted."""


class PostingError(SalesDeskError):
    """Posting refused: ``problems`` lists every reason at once (each one names its line)."""

    def __init__(self, problems: list[str], what: str = ""):
        self.problems = list(problems)
        head = (f"{what} cannot be posted: " if what else "")
        super().__init__(head + " ".join(self.problems))


class DatabaseFault(SalesDeskError):
    """The database could not do what was asked (busy, read-only, full, not ours): nothing
    was changed, and the message says what the clerk can do."""


class DatabaseBusy(DatabaseFault):
    pass


class DatabaseReadOnly(DatabaseFault):
    pass


class DiskFull(DatabaseFault):
    pass


class NotADatabase(DatabaseFault):
    pass
