"""Choices of the ground floor: the participant categories every ballot and questionnaire counts by."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class ParticipantCategory(models.TextChoices):
    """Every participant is counted under exactly one of these (docs/rules.md §4)."""

    PARTY_MEMBER = "party_member", _("Party member")
    MASSES = "masses", _("Ordinary masses")
    SERVICE_RECIPIENT = "service_recipient", _("Service recipient")



def choice_labels(choices: type[models.Choices]) -> dict[str, str]:
    """``{value: label}`` of a choices class in the active language, for a loop over many rows:
    ``get_FOO_display()`` rebuilds and hashes the whole lazy choice list on every call (a third of a
    ledger's build time at 800 organisations)."""
    return {value: str(label) for value, label in choices.choices}
