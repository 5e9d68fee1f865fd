"""The service-request workflow, as data.

``submitted → in_review → approved | rejected → completed → closed``, plus ``reopened``
when the citizen disputes the outcome. Which role may make which move, and what each move
needs (a reason, an outcome code and a note), is declared once in :data:`TRANSITIONS`;
the store enforces it, the desktop only shows the moves it allows.

"Closed" is not "resolved": closing records an *outcome* (``resolved`` or one of the
reasons a request ends unresolved), so a request closed without being fixed says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from models.i18n import N_

CTX = "workflow"


class Status(StrEnum):
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    COMPLETED = "completed"
    CLOSED = "closed"
    REOPENED = "reopened"


class Role(StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    OFFICE_ADMIN = "office_admin"
    ENUMERATOR = "enumerator"


#: Plain words for each status, as a clerk or citizen would say it.
STATUS_LABELS: dict[Status, str] = {
    Status.SUBMITTED: N_(CTX, "Received"),
    Status.IN_REVIEW: N_(CTX, "Being checked"),
    Status.APPROVED: N_(CTX, "Approved"),
    Status.REJECTED: N_(CTX, "Rejected"),
    Status.COMPLETED: N_(CTX, "Done, ready for the citizen"),
    Status.CLOSED: N_(CTX, "Closed"),
    Status.REOPENED: N_(CTX, "Reopened (citizen disputes)"),
}

ROLE_LABELS: dict[Role, str] = {
    Role.CLERK: N_(CTX, "Clerk"),
    Role.SUPERVISOR: N_(CTX, "Supervisor"),
    Role.OFFICE_ADMIN: N_(CTX, "Office admin"),
    Role.ENUMERATOR: N_(CTX, "Enumerator"),
}

#: Why a request was closed. Only ``resolved`` means the citizen got what was asked for.
OUTCOMES: dict[str, str] = {
    "resolved": N_(CTX, "Resolved: the citizen got the service"),
    "rejected_final": N_(CTX, "Not resolved: rejected, citizen informed"),
    "withdrawn": N_(CTX, "Not resolved: withdrawn by the citizen"),
    "duplicate": N_(CTX, "Not resolved: duplicate of another request"),
    "referred": N_(CTX, "Not resolved: referred to another department"),
    "unreachable": N_(CTX, "Not resolved: citizen could not be reached"),
}
RESOLVED_OUTCOME = "resolved"

#: Statuses in which the SLA clock has stopped (nothing more is owed to the citizen).
STOPPED_CLOCK = frozenset({Status.COMPLETED, Status.CLOSED, Status.REJECTED})


@dataclass(frozen=True)
class Transition:
    source: Status
    target: Status
    roles: frozenset[Role]
    label: str  # the button a user presses
    needs_reason: bool = False
    needs_outcome: bool = False  # an outcome code and a note


_STAFF = frozenset({Role.CLERK, Role.SUPERVISOR, Role.OFFICE_ADMIN})
_SUPERVISORS = frozenset({Role.SUPERVISOR, Role.OFFICE_ADMIN})

TRANSITIONS: tuple[Transition, ...] = (
    Transition(Status.SUBMITTED, Status.IN_REVIEW, _STAFF, N_(CTX, "Start checking")),
    Transition(Status.REOPENED, Status.IN_REVIEW, _STAFF, N_(CTX, "Start checking again")),
    Transition(Status.IN_REVIEW, Status.APPROVED, _SUPERVISORS, N_(CTX, "Approve")),
    Transition(Status.IN_REVIEW, Status.REJECTED, _SUPERVISORS, N_(CTX, "Reject"),
               needs_reason=True),
    Transition(Status.APPROVED, Status.COMPLETED, _STAFF, N_(CTX, "Mark as done")),
    Transition(Status.COMPLETED, Status.CLOSED, _STAFF, N_(CTX, "Close"), needs_outcome=True),
    Transition(Status.REJECTED, Status.CLOSED, _STAFF, N_(CTX, "Close"), needs_outcome=True),
    Transition(Status.CLOSED, Status.REOPENED, _SUPERVISORS, N_(CTX, "Reopen (citizen disputes)"),
               needs_reason=True),
    Transition(Status.REJECTED, Status.REOPENED, _SUPERVISORS,
               N_(CTX, "Reopen (citizen disputes)"), needs_reason=True),
)


def find_transition(source: Status | str, target: Status | str) -> Transition | None:
    """The declared move from *source* to *target*, or ``None`` when there is none."""
    for t in TRANSITIONS:
        if t.source == source and t.target == target:
            return t
    return None


def allowed_transitions(source: Status | str, role: Role | str) -> list[Transition]:
    """The moves a person with *role* may make from *source*, in declaration order."""
    return [t for t in TRANSITIONS if t.source == source and role in t.roles]


def is_open(status: Status | str) -> bool:
    """Whether the office still owes the citizen something (the SLA clock runs)."""
    return Status(status) not in STOPPED_CLOCK
