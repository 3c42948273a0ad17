"""Oscar's shipping models; a weight-based method reads its bands once (prefetched with it by
shop.shipping.repository) however often a page asks for its charge."""

from oscar.apps.shipping.abstract_models import AbstractWeightBased


class WeightBased(AbstractWeightBased):
    """Oscar's weight-based method, its band lookups answered from ``bands.all()`` — the prefetch
    when there is one — instead of a query each (Oscar's ``top_band`` and ``get_band_for_weight``)."""

    class Meta(AbstractWeightBased.Meta):
        app_label = "shipping"

    def _bands_by_limit(self):
        return sorted(self.bands.all(), key=lambda band: (band.upper_limit, band.pk))

    def get_band_for_weight(self, weight):
        return next((band for band in self._bands_by_limit() if band.upper_limit >= weight), None)

    @property
    def num_bands(self):
        return len(self.bands.all())

    @property
    def top_band(self):
        bands = self._bands_by_limit()
        return bands[-1] if bands else None


from oscar.apps.shipping.models import *  # noqa: E402,F403 (Oscar fork pattern)
