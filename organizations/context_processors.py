from .scope import primary_role


def roles(request):
    """The user's main role, for the navigation bar."""
    user = getattr(request, "user", None)
    return {"user_role": primary_role(user) if user is not None and user.is_authenticated else None}
