"""Who may see which household: the privacy rules in one place."""

from households.models import Household


def paired_households(user):
    """The households paired to the user as a cadre (none if the user is no cadre)."""
    if not user.is_authenticated:
        return Household.objects.none()
    return Household.objects.filter(pairings__cadre__user=user).distinct()

