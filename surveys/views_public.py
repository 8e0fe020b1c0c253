"""The participant's pages: no login, phone-sized, one questionnaire per one-time code."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import rules, services
from .selectors import questions_for
from .views import answers_from_post, grouped

PROBLEM_STATUS = {"unknown": 404, "used": 410, "closed": 410}


def _problem(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "surveys/public/code_problem.html", {"reason": reason}, status=PROBLEM_STATUS[reason])


@never_cache
@require_http_methods(["GET", "POST"])
def code_entry(request: HttpRequest) -> HttpResponse:
    """One address for the whole visit, and the code only in POST bodies (docs/rules.md §14): GET shows
    core's phone page to type the code (a QR code's ``#code`` fills it in); POST with the code shows the
    questionnaire, whose form posts the code again (hidden) with the answers."""
    if request.method != "POST":
        return render(request, "surveys/public/code_entry.html",
                      {"entry_action": reverse("surveys:code-entry"), "entry_autosubmit": True})
    try:
        row = services.code_lookup(request.POST.get("code", ""))
    except services.CodeProblem as problem:
        return _problem(request, problem.reason)
    questions = questions_for(row.round)
    errors: dict[int, str] = {}
    raw = {}
    if request.POST.get("answering"):
        raw = answers_from_post(request.POST, questions)
        try:
            services.code_submit(code=row.code, answers=raw)
        except services.CodeProblem as problem:
            return _problem(request, problem.reason)
        except ValidationError as exc:
            errors = {int(k): v[0] for k, v in exc.message_dict.items()}
        else:
            return redirect("surveys:code-done")
    return render(request, "surveys/public/code_answer.html", {
        "code": row, "round": row.round, "sections": grouped(questions, raw, errors), "errors": errors,
        "display_code": rules.format_code(row.code),
    }, status=400 if errors else 200)


@never_cache
def code_in_address(request: HttpRequest, rest: str) -> HttpResponse:
    return redirect("surveys:code-entry")


@never_cache
def code_done(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/public/code_done.html")
