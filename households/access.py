"""Who may see which household: the privacy rules in one place.

- A cadre sees the households paired to them, with names, ID and phone numbers.
- A branch secretary, a town leader and a county leader (and the admin) see the figures of
  their branch, town or county; households outside their own pairing appear there as "于某",
  and ID and phone numbers never reach those pages.
- The admin sees every household's own page.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from households.models import Household, Pairing, PartyBranch, Town, Village


def paired_households(user: Any) -> QuerySet[Household]:
    """The households paired to the user as a cadre (none if the user is no cadre)."""
    if not user.is_authenticated:
        return Household.objects.none()
    # A subquery rather than a join, so that the rows can be annotated and counted as they are.
    return Household.objects.filter(pk__in=Pairing.objects.filter(cadre__user=user).values("household"))


def households_with_private_view(user: Any) -> QuerySet[Household]:
    """The households whose own page (names, ID and phone numbers) the user may open."""
    if not user.is_authenticated:
        return Household.objects.none()
    if user.is_superuser:
        return Household.objects.all()
    return paired_households(user)


@dataclass(frozen=True)
class Scope:
    """The part of the county a user's roll-up pages cover."""

    COUNTY, TOWN, BRANCH = "county", "town", "branch"

    level: str
    town: Town | None = None
    branch: PartyBranch | None = None

    @property
    def name(self) -> str:
        if self.level == self.TOWN:
            assert self.town is not None
            return self.town.name
        if self.level == self.BRANCH:
            assert self.branch is not None
            return self.branch.name
        return _("the county")

    @property
    def branch_village_id(self) -> int:
        assert self.branch is not None, "a branch's scope has its branch"
        return self.branch.village_id

    def households(self) -> QuerySet[Household]:
        if self.level == self.TOWN:
            return Household.objects.filter(village__town=self.town)
        if self.level == self.BRANCH:
            # The branch's own village and every household its cadres are paired with.
            paired = Pairing.objects.filter(cadre__branch=self.branch).values("household")
            return Household.objects.filter(Q(village_id=self.branch_village_id) | Q(pk__in=paired))
        return Household.objects.all()

    def villages(self) -> QuerySet[Village]:
        if self.level == self.TOWN:
            return Village.objects.filter(town=self.town)
        if self.level == self.BRANCH:
            return Village.objects.filter(Q(pk=self.branch_village_id)
                                          | Q(pk__in=self.households().values("village")))
        return Village.objects.all()

    def sales_villages(self) -> QuerySet[Village]:
        """The villages whose sales points' sales count as the scope's: a branch sells through its
        own village's station, not through those of households its cadres are paired with elsewhere."""
        if self.level == self.BRANCH:
            return Village.objects.filter(pk=self.branch_village_id)
        return self.villages()

    def towns(self) -> QuerySet[Town]:
        if self.level == self.COUNTY:
            return Town.objects.all()
        return Town.objects.filter(pk__in=self.villages().values("town"))


@dataclass(frozen=True)
class Roles:
    """What a user is on the workbench: a cadre (maybe their branch's secretary), a town or county
    leader, the admin. Read in one query."""

    cadre: Any = None
    official: Any = None
    is_admin: bool = False

    @property
    def scope(self) -> "Scope | None":
        """The widest roll-up the user may see, or None."""
        if self.is_admin:
            return Scope(Scope.COUNTY)
        if self.official is not None:
            return Scope(Scope.TOWN, town=self.official.town) if self.official.town_id else Scope(Scope.COUNTY)
        if self.cadre is not None and self.cadre.is_secretary:
            return Scope(Scope.BRANCH, branch=self.cadre.branch)
        return None


def roles_of(user: Any) -> Roles:
    if not user.is_authenticated:
        return Roles()
    loaded = (get_user_model().objects.select_related("official__town", "cadre__branch__village")
              .filter(pk=user.pk).first())
    return Roles(cadre=getattr(loaded, "cadre", None), official=getattr(loaded, "official", None),
                 is_admin=user.is_superuser)


def rollup_scope(user: Any) -> Scope | None:
    """The widest roll-up the user may see, or None (one query for a signed-in non-admin)."""
    if user.is_authenticated and user.is_superuser:
        return Scope(Scope.COUNTY)
    return roles_of(user).scope
