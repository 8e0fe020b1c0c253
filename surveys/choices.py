"""Choices of the survey app, with the Chinese names the users know (docs/rules.md §3, §4; seed 000 §二)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class TemplateCategory(models.TextChoices):
    """The four survey-content groups of seed 000 §二(二)."""

    VILLAGE_COMMUNITY = "village_community", _("Village and agriculture-linked community")
    ORGAN_INSTITUTION = "organ_institution", _("Organs and public institutions")
    ENTERPRISE_SOCIAL = "enterprise_social", _("Non-public enterprises and social organisations")
    REMOTE_EDU = "remote_edu", _("Remote-education sites")


class Topic(models.TextChoices):
    """Extra topic sections of the organs-and-institutions questionnaire [seed 000 §二(二)2 其中]."""

    GENERAL = "", _("All organisations")
    SCHOOL = "school", _("Schools only")
    HEALTH = "health", _("Health institutions only")
    CULTURE = "culture", _("Culture institutions only")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SATISFACTION = "satisfaction", _("Satisfaction (satisfied / basically satisfied / dissatisfied)")
    SCALE = "scale", _("Scale 1-5")
    TEXT = "text", _("Free text")


class Satisfaction(models.TextChoices):
    """docs/rules.md §9 default options of a satisfaction question."""

    SATISFIED = "satisfied", _("Satisfied")
    BASIC = "basic", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online (one-time code)")
    PAPER = "paper", _("Paper")
    EXCEL = "excel", _("Excel import")


class ParticipantLabel(models.TextChoices):
    """The finer labels of docs/rules.md §4 [seed 000 §二(一)1, 4]; a label never fixes the category."""

    NONE = "", _("(none)")
    CADRE = "cadre", _("Grassroots cadre")
    STATIONED = "stationed", _("Head of a stationed agency")
    ENTERPRISE_LEADER = "enterprise_leader", _("Party leader of an enterprise or institution")
    DEPUTY = "deputy", _("Deputy or committee member (两代表一委员)")
    PARTY_WORKER = "party_worker", _("Party affairs worker")
    STUDENT_CADRE = "student_cadre", _("College-graduate village cadre")
    RETIRED = "retired", _("Retired cadre")
    OLD_MEMBER = "old_member", _("Veteran party member")
    POOR_MEMBER = "poor_member", _("Party member in hardship")


class RecordKind(models.TextChoices):
    """The other survey methods of seed 000 §二(一)."""

    SYMPOSIUM = "symposium", _("Symposium")
    INTERVIEW = "interview", _("Individual interview")
    HOME_VISIT = "home_visit", _("Home visit")
    CASE_ANALYSIS = "case_analysis", _("Case analysis")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


def satisfaction_words() -> dict[str, str]:
    """The three satisfaction answers in words (the pure rules keep only their keys)."""
    return {"satisfied": str(_("Satisfied")), "basic": str(_("Basically satisfied")), "dissatisfied": str(_("Dissatisfied"))}


class TeamRole(models.TextChoices):
    """The posts on a survey team's roster (调查组成员名单, seed 000 附件1)."""

    LEADER = "leader", _("Team leader (组长)")
    DEPUTY = "deputy", _("Deputy team leader (副组长)")
    MEMBER = "member", _("Team member (成员)")


class TeamReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
