"""Choices of the organisation tree, with the Chinese names the users know (docs/rules.md §2)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    """The level of an organisation in the tree."""

    COUNTY = "county", _("County organisation department")
    TOWNSHIP = "township", _("Township committee")
    COMMITTEE = "committee", _("Party committee")
    GENERAL_BRANCH = "general_branch", _("General branch")
    BRANCH = "branch", _("Branch")


class Domain(models.TextChoices):
    """Domains of docs/rules.md §2 [seed 000 §二(二), attachment 2; urban community from seed 001]."""

    COUNTY = "county", _("County")
    TOWNSHIP = "township", _("Township")
    VILLAGE = "village", _("Village")
    AGRI_COMMUNITY = "agri_community", _("Agriculture-linked community")
    URBAN_COMMUNITY = "urban_community", _("Urban community")
    ORGAN = "organ", _("Government organ")
    INSTITUTION = "institution", _("Public institution")
    SCHOOL = "school", _("School")
    HEALTH = "health", _("Health institution")
    CULTURE = "culture", _("Culture institution")
    ENTERPRISE = "enterprise", _("Non-public enterprise")
    SOCIAL_ORG = "social_org", _("Social organisation")
    REMOTE_EDU = "remote_edu", _("Remote-education site")


class Role(models.TextChoices):
    """Roles of docs/rules.md §1. A role held on an organisation covers its whole subtree."""

    COUNTY_REVIEWER = "county_reviewer", _("County reviewer")
    # Manages the county's own accounts (reviewers and administrators) in the app, instead of /admin/;
    # the first one comes from `manage.py create_county_admin` (README).
    COUNTY_ADMIN = "county_admin", _("County administrator")
    TOWNSHIP_STAFF = "township_staff", _("Township staff")
    BRANCH_SECRETARY = "branch_secretary", _("Branch secretary")
