from django.conf import settings

from organizations.scope import primary_role


def jinwei(request):
    user = getattr(request, "user", None)
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "user_role": primary_role(user) if user is not None and user.is_authenticated else None,
    }
