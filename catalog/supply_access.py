"""Dashboard access for village coordinators' supply pages."""


def can_record_supply(user, url_name=None, url_args=None, url_kwargs=None):
    if not user.is_authenticated:
        return False
    return user.is_staff or user.partners.filter(village__isnull=False).exists()
