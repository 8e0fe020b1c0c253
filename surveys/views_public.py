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


@never_cache
def code_entry(request: HttpRequest) -> HttpResponse:
    """Type the code from the slip (core's phone page, in the survey's words)."""
    raw = request.GET.get("code", "")
    if raw:
        return redirect("surveys:code-answer", code=rules.normalise_code(raw) or "-")
    return render(request, "surveys/public/code_entry.html",
                  {"entry_action": reverse("surveys:code-entry"), "entry_method": "get"})


@never_cache
@require_http_methods(["GET", "POST"])
def code_answer(request: HttpRequest, code: str) -> HttpResponse:
    try:
        row = services.code_lookup(code)
    except services.CodeProblem as problem:
        return render(request, "surveys/public/code_problem.html", {"reason": problem.reason},
                      status=PROBLEM_STATUS[problem.reason])
    questions = questions_for(row.round)
    errors: dict[int, str] = {}
    raw = {}
    if request.method == "POST":
        raw = answers_from_post(request.POST, questions)
        try:
            services.code_submit(code=row.code, answers=raw)
        except services.CodeProblem as problem:
            return render(request, "surveys/public/code_problem.html", {"reason": problem.reason},
                          status=PROBLEM_STATUS[problem.reason])
        except ValidationError as exc:
            errors = {int(k): v[0] for k, v in exc.message_dict.items()}
        else:
            return redirect("surveys:code-done")
    return render(request, "surveys/public/code_answer.html", {
        "code": row, "round": row.round, "sections": grouped(questions, raw, errors), "errors": errors,
        "display_code": rules.format_code(row.code),
    }, status=400 if errors else 200)


@never_cache
def code_done(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/public/code_done.html")
