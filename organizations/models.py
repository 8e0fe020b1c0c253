"""The organisation tree and who holds which role on it (docs/rules.md §1, §2)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.bounds import MEMBERS, Bound
from core.models import TimeStampedModel

from .choices import Domain, OrgKind, Role
from .lookups import PathUnder

PATH_SEP = "/"
PATH_DIGITS = 8
# as deep as a 255-character path of 8-digit ids can go
DEPTH = Bound(0, 255 // (PATH_DIGITS + 1))


def make_path(parent_path: str | None, pk: int) -> str:
    """The tree path of organisation ``pk`` under a parent path. Ids are zero-padded so that sorting
    by path sorts the tree depth-first with siblings in creation order."""
    return f"{parent_path or PATH_SEP}{pk:0{PATH_DIGITS}d}{PATH_SEP}"


def path_depth(path: str) -> int:
    return path.count(PATH_SEP) - 2


class Organization(TimeStampedModel):
    """A party organisation: county department, township committee, committee, general branch or branch.

    The tree is stored twice on purpose: ``parent`` for integrity and ``path`` ("/1/7/42/", the ids from
    the root) so that a whole subtree is one indexed ``path LIKE '/00000001/00000007/%'`` filter, whatever its size.
    Only ``organizations.services`` writes ``path``.
    """

    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    kind = models.CharField(_("organisation type"), max_length=20, choices=OrgKind.choices)
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    is_county_organ_committee = models.BooleanField(
        _("county department organ committee"), default=False,
        help_text=_("A county department's organ committee (县级部门机关党委); quorum group A for the masses assessment meeting."),
    )
    member_count = models.PositiveIntegerField(_("party members"), default=0, validators=MEMBERS.validators())
    #: read by the rule-set switch star_skip_founded_this_year (founded this year: assessed, not rated)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    secretary_name = models.CharField(_("secretary"), max_length=50, blank=True)
    secretary_phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    archived_reason = models.CharField(_("archive reason"), max_length=200, blank=True)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False, validators=DEPTH.validators())

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="org_unique_name_under_parent", violation_error_message=_(
                "The parent organisation already has an organisation of this name. Choose another name.")),
            models.UniqueConstraint(
                fields=["name"], condition=Q(parent__isnull=True), name="org_unique_root_name",
                violation_error_message=_("A top-level organisation of this name already exists. Choose another name."),
            ),
            MEMBERS.check("organization", "member_count"),
            DEPTH.check("organization", "depth"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to and including this organisation, read from ``path``."""
        return [int(part) for part in self.path.strip(PATH_SEP).split(PATH_SEP) if part]

    def is_descendant_of(self, other: "Organization") -> bool:
        return self.path.startswith(other.path)


# ``path__under`` (organizations/lookups.py) on this field only: the subtree filter every scope uses.
Organization._meta.get_field("path").register_lookup(PathUnder)


class OrgRole(TimeStampedModel):
    """A user's role on an organisation; it covers the organisation's whole subtree."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="org_roles")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="orgrole_unique",
                                    violation_error_message=_("This user already holds this role in this organisation.")),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"
