"""Domain errors carry a message in plain Chinese that tells the user what to fix."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused the action. ``message`` is shown to the user as it is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationFailed(DomainError):
    """Input failed validation; ``problems`` lists every problem, each naming what to fix."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


class ConflictError(DomainError):
    """Someone else changed the record after it was read (optimistic concurrency)."""


class AccessDenied(DomainError):
    """The actor's role or unit does not allow the action."""
