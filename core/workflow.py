"""The one shape of a workflow: named transitions, each from some states to one or more target states
(django-oscar's table of allowed moves, checked in one place). Pure: no database.

An app declares its table once in ``rules.py``::

    COMMITMENT = Workflow(
        Transition("submit", sources=("draft", "returned"), targets=("submitted",)),
        Transition("approve", sources=("submitted",), targets=("approved",)),
    )

and its one state-changing service asks ``COMMITMENT.allowed(state, "approve")`` (or ``next_state``)
after locking the row and before writing the move and its audit row. ``meta`` carries what an app
needs beside the edge itself (the scope action the actor needs, say).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping


#: The one transition allowed out of a final (approved, confirmed, accepted) state: the deciding level
#: reopens it with a reason.
REOPEN = "reopen"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    meta: Mapping[str, Any] = field(default_factory=dict)


class Workflow:
    """A set of transitions; a move is allowed when it is one of them."""

    def __init__(self, *transitions: Transition, states: Iterable[str] = ()) -> None:
        names = [t.name for t in transitions]
        if len(names) != len(set(names)):
            raise ValueError("a transition name is used twice")
        self.transitions: dict[str, Transition] = {t.name: t for t in transitions}
        found = {s for t in transitions for s in (*t.sources, *t.targets)}
        self.states: frozenset[str] = frozenset(found | set(states))

    @classmethod
    def from_table(cls, table: Mapping[str, Mapping[str, Iterable[str] | str]]) -> "Workflow":
        """Build from ``{state: {transition: target(s)}}``; a transition named from several states must
        lead to the same targets from each."""
        sources: dict[str, list[str]] = {}
        targets: dict[str, tuple[str, ...]] = {}
        for state, moves in table.items():
            for name, target in moves.items():
                these = (target,) if isinstance(target, str) else tuple(target)
                if targets.setdefault(name, these) != these:
                    raise ValueError(f"transition {name!r} leads to different states from different sources")
                sources.setdefault(name, []).append(state)
        return cls(*(Transition(n, tuple(sources[n]), targets[n]) for n in sources), states=table.keys())

    def __getitem__(self, name: str) -> Transition:
        return self.transitions[name]

    def targets(self, state: str, transition: str) -> tuple[str, ...]:
        t = self.transitions.get(transition)
        return t.targets if t is not None and state in t.sources else ()

    def allowed(self, state: str, transition: str, target: str | None = None) -> bool:
        found = self.targets(state, transition)
        return bool(found) and (target is None or target in found)

    def next_state(self, state: str, transition: str) -> str | None:
        """The state after ``transition`` from ``state`` when it has exactly one target, else None."""
        found = self.targets(state, transition)
        return found[0] if len(found) == 1 else None

    def transitions_from(self, state: str) -> tuple[str, ...]:
        return tuple(name for name, t in self.transitions.items() if state in t.sources)

    def final_states(self) -> frozenset[str]:
        """The frozen states: nothing leads out of them but an explicit reopen (docs/rules.md §13)."""
        return frozenset(s for s in self.states if not set(self.transitions_from(s)) - {REOPEN})
