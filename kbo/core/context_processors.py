def navigation(request):
    """Booleans the base template's navigation needs; templates hold no permission logic."""
    user = request.user
    signed_in = user.is_authenticated
    return {
        "nav_signed_in": signed_in,
        "nav_admin": signed_in and user.is_staff_member,
    }
