"""Log-in page (shows the demo logins on a demo install) and the 404 page."""
import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.views import LoginView
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .net import client_ip


def address_locked(request: HttpRequest) -> bool:
    """Password spraying: too many failed log-ins from one address, over all usernames, within the
    cool-off. django-axes locks a username at one address; this throttles the address itself, at a
    higher limit (AXES_IP_FAILURE_LIMIT) so that an office behind one address is not locked by a few typos."""
    address = client_ip(request)
    if not address:
        return False
    since = timezone.now() - datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    failures = (AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since)
                .aggregate(total=Sum("failures_since_start"))["total"] or 0)
    return failures >= settings.AXES_IP_FAILURE_LIMIT


class JinweiLoginView(LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if address_locked(request):
            return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["demo_mode"] = settings.DEMO_MODE
        return context


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)
