"""World trade, aggregated to exporter × product × year and importer × product × year.

Locations are a table of their own rather than ``registry.Country``: BACI names some 230 reporters and customs
territories, while ``registry.Country`` lists the destinations a unit may report (the choices of its forms).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Classification(models.TextChoices):
    HS = "hs", _("HS")
    SITC = "sitc", _("SITC")


class TradeLocation(models.Model):
    """A country (or customs territory) of world trade. The region is not stored here: the analysis adds it
    as a row of its own, labelled with ``Region.code`` (``jahesh.trade.region``)."""

    #: ISO3, or ``#NNN`` for a numeric code the ISO table does not know.
    code = models.CharField(_("code"), max_length=16, unique=True)
    iso_numeric = models.CharField(_("ISO numeric code"), max_length=3, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("trade location")
        verbose_name_plural = _("trade locations")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def display_name(self, lang: str) -> str:
        return (self.name_en or self.name) if lang == "en" else self.name


class TradeProduct(models.Model):
    classification = models.CharField(_("classification"), max_length=4, choices=Classification.choices)
    code = models.CharField(_("code"), max_length=6)
    level = models.PositiveSmallIntegerField(_("digits"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    section = models.CharField(_("section"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("traded product")
        verbose_name_plural = _("traded products")
        ordering = ["classification", "code"]
        constraints = [
            models.UniqueConstraint(fields=["classification", "code"], name="one_product_per_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name or self.name_en}".strip()

    def display_name(self, lang: str) -> str:
        if lang == "en":
            return self.name_en or self.name or self.code
        return self.name or self.name_en or self.code


class ExportFlow(models.Model):
    """Exports of one location in one product and year (USD), summed over destinations."""

    location = models.ForeignKey(TradeLocation, on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey(TradeProduct, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    value_usd = models.FloatField(_("value (USD)"))

    class Meta:
        verbose_name = _("export flow")
        verbose_name_plural = _("export flows")
        constraints = [
            models.UniqueConstraint(fields=["year", "location", "product"], name="one_export_flow"),
            models.CheckConstraint(condition=models.Q(value_usd__gte=0), name="export_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.location_id} {self.product_id} {self.year}: {self.value_usd}"


class ImportFlow(models.Model):
    """Imports of one location in one product and year (USD), summed over origins."""

    location = models.ForeignKey(TradeLocation, on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey(TradeProduct, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    value_usd = models.FloatField(_("value (USD)"))

    class Meta:
        verbose_name = _("import flow")
        verbose_name_plural = _("import flows")
        constraints = [
            models.UniqueConstraint(fields=["year", "location", "product"], name="one_import_flow"),
            models.CheckConstraint(condition=models.Q(value_usd__gte=0), name="import_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.location_id} {self.product_id} {self.year}: {self.value_usd}"


class TradeYear(models.Model):
    """One year of world trade as loaded: which classification and level, how many flows, from where.

    Written by the importer and the demo world in the same transaction as the flows; pages read the years
    available here instead of scanning the flows."""

    classification = models.CharField(_("classification"), max_length=4, choices=Classification.choices)
    level = models.PositiveSmallIntegerField(_("digits"))
    year = models.PositiveSmallIntegerField(_("year"))
    export_flows = models.PositiveIntegerField(_("export flows"), default=0)
    import_flows = models.PositiveIntegerField(_("import flows"), default=0)
    source = models.CharField(_("source"), max_length=255, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("year of world trade")
        verbose_name_plural = _("years of world trade")
        ordering = ["classification", "level", "year"]
        constraints = [
            models.UniqueConstraint(fields=["classification", "level", "year"], name="one_trade_year"),
        ]

    def __str__(self) -> str:
        return f"{self.classification}{self.level} {self.year}"
