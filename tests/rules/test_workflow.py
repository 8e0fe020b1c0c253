"""core.workflow: the one shape of every state machine (commitments, classification, star applications)."""
import pytest

from core.workflow import Transition, Workflow

COMMITMENT = Workflow(
    Transition("submit", sources=("draft", "returned"), targets=("submitted",)),
    Transition("approve", sources=("submitted",), targets=("approved",)),
    Transition("return", sources=("submitted",), targets=("returned",)),
)


def test_a_move_is_allowed_only_along_an_edge():
    assert COMMITMENT.allowed("draft", "submit") and COMMITMENT.allowed("returned", "submit", "submitted")
    assert not COMMITMENT.allowed("draft", "approve")
    assert not COMMITMENT.allowed("submitted", "approve", "returned")
    assert not COMMITMENT.allowed("draft", "no-such-transition")


def test_next_state_and_transitions_from_a_state():
    assert COMMITMENT.next_state("submitted", "approve") == "approved"
    assert COMMITMENT.next_state("approved", "return") is None
    assert COMMITMENT.transitions_from("submitted") == ("approve", "return")
    assert COMMITMENT.final_states() == {"approved"}


def test_a_table_of_states_builds_the_same_workflow_and_keeps_several_targets():
    flow = Workflow.from_table({
        "step4": {"step4_complete": ("submitted", "step3")},
        "submitted": {"confirm": ("confirmed",), "return": ("step3",)},
        "step3": {"self_rate": ("step4",)},
        "confirmed": {},
    })
    assert flow.targets("step4", "step4_complete") == ("submitted", "step3")
    assert flow.next_state("step4", "step4_complete") is None  # two targets: the service chooses
    assert flow.allowed("step4", "step4_complete", "step3")
    assert "confirmed" in flow.states and flow.final_states() == {"confirmed"}


def test_a_transition_name_used_twice_is_refused():
    with pytest.raises(ValueError):
        Workflow(Transition("a", ("x",), ("y",)), Transition("a", ("y",), ("z",)))
    with pytest.raises(ValueError):
        Workflow.from_table({"x": {"go": "y"}, "y": {"go": "z"}})


def test_the_star_chain_is_a_workflow_whose_transitions_carry_the_scope_action():
    from ratings.stars.rules import STAR_WORKFLOW, star_action

    assert STAR_WORKFLOW.transitions_from("submitted") == ("assess", "return")
    assert STAR_WORKFLOW.next_state("assessed", "inspect") == "inspected"
    assert STAR_WORKFLOW.targets("submitted", "assess") == ("assessed", "approved")
    assert STAR_WORKFLOW.final_states() == {"approved"}
    assert star_action("submit", "draft") == ("enter", False)
    # the township returns before its assessment; after it only the county (review) returns
    assert star_action("return", "submitted") == ("assess", True)
    assert star_action("return", "notice") == ("review", True)
