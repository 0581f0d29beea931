def navigation(request):
    """Booleans the base template's navigation needs; templates hold no permission logic."""
    user = request.user
    signed_in = user.is_authenticated
    return {
        "nav_signed_in": signed_in,
        "nav_register": signed_in and (user.sees_all_provinces or user.is_officer),
        "nav_national": signed_in and user.sees_all_provinces,
        "nav_admin": signed_in and user.is_staff_member,
        "nav_scoring": signed_in and user.jurors.exists,  # called only by templates that show it
    }
