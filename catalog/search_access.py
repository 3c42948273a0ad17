def can_edit_synonyms(user, url_name=None, url_args=None, url_kwargs=None) -> bool:
    """Staff with the permission to change search synonyms (Oscar's dashboard menu asks too)."""
    return user.is_authenticated and user.is_staff and user.has_perm("catalogue.change_searchsynonym")
