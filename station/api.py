"""The station's API (/api/, schema at /api/schema/): what the station app's offline queue sends and
reads — the village's goods, its households, supply lots and packing lists — and what a mini
program or another station app could use. Signed-in village coordinators only, each scoped to their
own village: another village's records are not found (404). Writes take the phone's key: a record
sent twice is booked once (200 the second time, 201 the first)."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from oscar.core.loading import get_model
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from households.models import Household
from station import intake, packing
from station.access import station_scope
from station.parsers import DepthSafeJSONParser

Product = get_model("catalogue", "Product")
SupplyLot = get_model("catalogue", "SupplyLot")


def station_endpoints_only(endpoints):
    """drf-spectacular's preprocessing hook: the schema describes /api/ only."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


class WorksTheStation(permissions.BasePermission):
    message = "Only a village coordinator works with the station's records."

    def has_permission(self, request, view):
        request.station = station_scope(request.user)
        return request.station is not None


class StationView:
    permission_classes = [permissions.IsAuthenticated, WorksTheStation]
    lookup_value_converter = "int"  # /api/lots/<int:pk>/: the schema says so, a word is a 404

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # A NUL character can be neither stored nor searched for by PostgreSQL: a malformed query.
        if any("\x00" in key or "\x00" in value for key, value in request.query_params.items()):
            raise ParseError(_("The query contains a NUL character."))


# --- what goes out -------------------------------------------------------------------------------

class ProductOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    product_class = serializers.CharField(source="product_class.name", allow_null=True)
    price = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    in_stock = serializers.IntegerField()
    net_weight_kg = serializers.DecimalField(max_digits=7, decimal_places=3)
    shelf_life_days = serializers.IntegerField(allow_null=True)
    cold_chain = serializers.BooleanField()
    is_public = serializers.BooleanField()


class HouseholdOut(serializers.Serializer):
    id = serializers.IntegerField()
    registry_number = serializers.CharField()
    head_name = serializers.CharField()
    members = serializers.IntegerField()


class LotOut(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    household = serializers.IntegerField(source="household_id")
    household_name = serializers.CharField(source="household.head_name")
    product = serializers.IntegerField(source="product_id")
    product_title = serializers.CharField(source="product.title")
    quantity = serializers.IntegerField()
    unit_price = serializers.DecimalField(max_digits=10, decimal_places=2)
    supplied_on = serializers.DateField()
    recorded_at = serializers.DateTimeField()


# --- what comes in (the rules are the forms' own: intake.StationLotForm, StationProductForm) -------

class LotIn(serializers.Serializer):
    key = serializers.UUIDField(help_text="Made on the phone for this record; the same key is booked once.")
    household = serializers.IntegerField()
    product = serializers.IntegerField()
    quantity = serializers.IntegerField()
    unit_price = serializers.CharField(help_text="Yuan, at most 2 decimals, e.g. 68.50")
    supplied_on = serializers.DateField()
    confirm_large = serializers.BooleanField(required=False, default=False)
    confirm_repeat = serializers.BooleanField(required=False, default=False)


class ProductIn(serializers.Serializer):
    key = serializers.UUIDField()
    title = serializers.CharField(max_length=120)
    product_class = serializers.IntegerField()
    price = serializers.CharField()
    net_weight_kg = serializers.DecimalField(max_digits=7, decimal_places=3)
    shelf_life_days = serializers.IntegerField(required=False, allow_null=True)
    cold_chain = serializers.BooleanField(required=False, default=False)
    photo = serializers.ImageField()


ERRORS = inline_serializer("Refused", {"errors": serializers.DictField(child=serializers.ListField(
    child=serializers.CharField()))})


def _refused(form=None, error=None):
    """400 with every broken rule by field (the form's, or a ValidationError's raised while booking)."""
    errors = form.errors.items() if form is not None else error.message_dict.items() if hasattr(
        error, "error_dict") else [("__all__", error.messages)]
    return Response({"errors": {field or "__all__": [str(e) for e in messages] for field, messages in errors}},
                    status=status.HTTP_400_BAD_REQUEST)


def _booked(request, replayed_of, form_of, book):
    """The record booked once: the one sent before under its key, or the form's, booked now; or the
    reasons it is refused."""
    try:
        replayed = replayed_of(request.data, request.user)
        if replayed is None:
            form = form_of()
            if not form.is_valid():
                return None, _refused(form)
            replayed = book(form)
    except ValidationError as error:  # a key of someone else's record; a rule that changed meanwhile
        return None, _refused(error=error)
    return replayed, None


class ProductViewSet(StationView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The village's goods with their price and what is left to sell."""

    serializer_class = ProductOut
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        from django.db.models import F, Min, Sum
        from django.db.models.functions import Coalesce

        point = self.request.station.sales_point
        return (Product.objects.filter(stockrecords__partner=point).select_related("product_class")
                .annotate(price=Min("stockrecords__price"),
                          in_stock=Coalesce(Sum(Coalesce(F("stockrecords__num_in_stock"), 0)
                                                - Coalesce(F("stockrecords__num_allocated"), 0)), 0))
                .order_by("title", "pk"))

    @extend_schema(request={"multipart/form-data": ProductIn}, responses={201: ProductOut, 200: ProductOut,
                                                                          400: ERRORS})
    def create(self, request, *args, **kwargs):
        """List a new good of the village with its photo (JPEG, PNG or WebP; 10 MB, 40 megapixels)."""
        replayed, refused = _booked(request, intake.replayed_product, lambda: intake.StationProductForm(
            request.data, request.FILES, scope=request.station, user=request.user), intake.book_product)
        if refused:
            return refused
        product = self.get_queryset().get(pk=replayed.object.pk)
        return Response(ProductOut(product).data, status=status.HTTP_200_OK if replayed.replayed
                        else status.HTTP_201_CREATED)


class HouseholdViewSet(StationView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The village's registered households (their names are the coordinator's to see)."""

    serializer_class = HouseholdOut

    def get_queryset(self):
        households = Household.objects.filter(village=self.request.station.village).order_by("registry_number")
        query = self.request.query_params.get("q", "").strip()[:40]
        if query:
            households = households.filter(Q(head_name__contains=query) | Q(registry_number__icontains=query))
        return households

    @extend_schema(parameters=[OpenApiParameter("q", str, description="part of a name or registry number")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class SupplyLotViewSet(StationView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Supply lots the village's households brought, newest first; a new one from the station."""

    serializer_class = LotOut
    parser_classes = [DepthSafeJSONParser, FormParser, MultiPartParser]

    def get_queryset(self):
        return (SupplyLot.objects.filter(household__village=self.request.station.village)
                .select_related("household", "product").order_by("-supplied_on", "-pk"))

    @extend_schema(request=LotIn, responses={201: LotOut, 200: LotOut, 400: ERRORS})
    def create(self, request, *args, **kwargs):
        """Record a lot. Refused (400, with every broken rule by field, nothing written) on the same
        rules as the dashboard; the same key sent again answers 200 with the lot booked the first time."""
        replayed, refused = _booked(request, intake.replayed_lot,
                                    lambda: intake.StationLotForm(request.data, user=request.user), intake.book_lot)
        if refused:
            return refused
        lot = self.get_queryset().get(pk=replayed.object.pk)
        return Response(LotOut(lot).data, status=status.HTTP_200_OK if replayed.replayed
                        else status.HTTP_201_CREATED)


class PackingLineOut(serializers.Serializer):
    title = serializers.CharField()
    quantity = serializers.IntegerField()
    lots = serializers.SerializerMethodField()
    short = serializers.IntegerField()

    def get_lots(self, line) -> list[dict]:
        return [{"code": take.lot.code, "household": take.lot.household.head_name, "units": take.units}
                for take in line.takes]


class PackingParcelOut(serializers.Serializer):
    order = serializers.CharField(source="consignment.order.number")
    parcel = serializers.IntegerField(source="consignment.pk")
    weight_kg = serializers.DecimalField(source="consignment.weight_kg", max_digits=8, decimal_places=3)
    cold_chain = serializers.BooleanField(source="consignment.cold_chain")
    destination = serializers.CharField()
    lines = PackingLineOut(many=True)


class PackingRunOut(serializers.Serializer):
    run = serializers.IntegerField(source="run.pk")
    line = serializers.CharField(source="run.line.name")
    at_station = serializers.DateTimeField()
    parcels = PackingParcelOut(many=True)


class PackingListView(StationView, APIView):
    """The parcels to pack for the coming buses, with the lots to take their goods from."""

    @extend_schema(responses=PackingRunOut(many=True))
    def get(self, request):
        return Response(PackingRunOut(packing.packing_lists(request.station), many=True).data)
