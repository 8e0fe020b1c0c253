from django.conf import settings


def jinwei(request):
    return {"DEMO_MODE": settings.DEMO_MODE}
