"""The vehicle, its purchase and its certificate: the facts of scope, and what the purchase record needs checked."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...core.facts import Fact, Note
from ...core.text import Localized
from ..models import VehicleHistory
from ..vocabulary import BODY, INCIDENT, INCIDENT_CAUSE, USAGE, USAGE_GLOSS


def vehicle_fact(history: VehicleHistory) -> Fact:
    vehicle, purchase = history.vehicle, history.purchase
    usage = USAGE.name_of(vehicle.usage)
    if vehicle.usage == "operational":
        gloss = USAGE_GLOSS[vehicle.body]
        usage = Localized(zh=usage.zh + gloss.zh, en=usage.en + gloss.en)
    return Fact("vehicle", {"usage": vehicle.usage, "body": vehicle.body, "powertrain": vehicle.powertrain,
                            "has_invoice": purchase.has_invoice, "has_certificate": purchase.has_certificate,
                            "condition": vehicle.condition},
                {"vin": vehicle.vin, "usage_zh": usage, "body_zh": BODY.zh(vehicle.body)})


def incident_facts(history: VehicleHistory) -> list[Fact]:
    return [Fact("incident", {"kind": x.kind, "cause": x.cause},
                 {"id": x.id, "date": x.date.isoformat(), "kind_zh": INCIDENT.name_of(x.kind),
                  "cause_zh": INCIDENT_CAUSE.name_of(x.cause), "description": x.description or "—"}, (x.id,))
            for x in history.incidents]


def certificate_fact(history: VehicleHistory, param: Callable[[str], Any]) -> Fact | None:
    """What the certificate promises, beside the statutory minimums; None without a certificate or a promise."""
    cert = history.certificate
    if cert is None:
        return None
    fields: dict[str, Any] = {}
    # four decimals is finer than any certificate prints, and keeps the engine's JSON free of exponents
    if cert.repair_warranty:
        fields["repair_years"], fields["repair_km"] = round(float(cert.repair_warranty.years), 4), cert.repair_warranty.km
    if cert.return_period:
        fields["return_years"], fields["return_km"] = round(float(cert.return_period.years), 4), cert.return_period.km
    if cert.use_coefficient_pct is not None:
        fields["coefficient_pct"] = round(float(cert.use_coefficient_pct), 4)
    if not fields:
        return None
    return Fact("certificate", fields, {
        "repair_min_years": param("repair_warranty_min_years"), "repair_min_km": param("repair_warranty_min_km"),
        "return_min_years": param("return_period_min_years"), "return_min_km": param("return_period_min_km")})


def purchase_notes(history: VehicleHistory, start_rule: str) -> tuple[list[Note], list[Note]]:
    """(warnings, assumptions) about the purchase dates."""
    p = history.purchase
    warnings, assumptions = [], []
    if p.delivery_date and p.delivery_date < p.invoice_date:
        warnings.append(Note("delivered_before_invoice", Localized(
            zh=f"交付日期 {p.delivery_date} 早于开票日期 {p.invoice_date}，请核实。",
            en=f"Delivery {p.delivery_date} is before the invoice {p.invoice_date}; please check."),
            "purchase.delivery_date"))
    if p.delivery_date and (p.delivery_date - p.invoice_date).days > 365:
        warnings.append(Note("late_delivery", Localized(
            zh=f"交付日期 {p.delivery_date} 比开票日期晚一年以上，请核实。",
            en=f"Delivery {p.delivery_date} is more than a year after the invoice; please check."),
            "purchase.delivery_date"))
    if start_rule == "delivery_if_different" and p.delivery_date is None:
        assumptions.append(Note("delivery_is_invoice_date", Localized(
            zh="未提供交付日期：视为与开票日期相同，三包期自开票日期起算。",
            en="No delivery date given: taken to be the invoice date, so the periods start on the invoice date."),
            "purchase.delivery_date"))
    return warnings, assumptions
