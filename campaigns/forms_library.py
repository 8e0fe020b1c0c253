"""Pick a file already in the evidence library (campaigns/library.py) beside a form's file input, so one
file backs several records without being uploaded again. Every evidence upload form (score sheets,
commitments, meetings) uses this one mixin:

    class EvidenceForm(LibraryPickMixin, forms.Form):
        file = CheckedFileField(...)

        def __init__(self, *args, campaign=None, organization=None, **kwargs):
            super().__init__(*args, **kwargs)
            self.library_pick(campaign, organization, allowed=EVIDENCE_TYPES)

``cleaned_data`` then holds either ``file`` (a new upload) or ``library_file`` (a LibraryFile of this
organisation and campaign; an id from anywhere else is a form error, never a 500). The service takes
both and calls ``library_file_for``. The select renders through ``campaigns/_library_pick.html``.
"""
from __future__ import annotations

from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.uploads import extension, normalise_types

from .library import library_files
from .models import LibraryFile


class LibraryPickSelect(forms.Select):
    """The select of library files, with a line saying what it is for and a link to the library page."""

    template_name = "campaigns/_library_pick.html"

    def __init__(self, *args: Any, library_url: str = "", **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.library_url = library_url

    def get_context(self, name: str, value: Any, attrs: Any) -> dict:
        context = super().get_context(name, value, attrs)
        context["library_url"] = self.library_url
        return context


class LibraryFileField(forms.ModelChoiceField):
    def label_from_instance(self, obj: LibraryFile) -> str:
        uses = len(obj.uses.all())
        return f"{obj.name} · {filesizeformat(obj.size)} · " + str(_("used %(n)d×") % {"n": uses})


class LibraryPickMixin:
    """Adds ``library_file`` beside the form's ``file`` field; exactly one of the two must be given."""

    file_field = "file"

    def library_pick(self, campaign: Any, organization: Any, *, allowed: Any = None) -> None:
        from django.urls import reverse

        files = library_files(campaign, organization) if campaign is not None and organization is not None \
            else LibraryFile.objects.none()
        if allowed is not None:
            types = normalise_types(allowed)
            files = files.filter(pk__in=[f.pk for f in files if extension(f.name) in types])
        url = reverse("campaigns:library", args=[organization.pk]) + f"?campaign={campaign.pk}" if files else ""
        self.fields["library_file"] = LibraryFileField(
            label=_("Or a file already in the library"), queryset=files, required=False,
            empty_label=_("— upload a new file above —"), widget=LibraryPickSelect(library_url=url),
            error_messages={"invalid_choice": _("This file is not in this organisation's library for the year.")})
        self.fields[self.file_field].required = False
        names = [n for n in self.fields if n != "library_file"]  # the choice stands right below the file input
        names.insert(names.index(self.file_field) + 1, "library_file")
        self.order_fields(names)

    def clean(self) -> dict:
        data = super().clean()
        if "library_file" not in self.fields or self.errors.get(self.file_field) or self.errors.get("library_file"):
            return data
        upload, picked = data.get(self.file_field), data.get("library_file")
        if upload and picked:
            self.add_error("library_file", _("Upload a new file or choose one from the library, not both."))
        elif not upload and not picked:
            self.add_error(self.file_field, _("Choose a file to upload, or a file already in the library."))
        return data
