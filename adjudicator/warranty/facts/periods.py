"""Warranty periods: the 包修期, the 三包有效期 and the early windows, each from its start and its limits."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ...core.facts import add_months
from ..models import VehicleHistory


@dataclass
class PeriodFacts:
    code: str
    start: date
    end_date: date
    end_odometer_km: int | None
    limit_km: int | None
    limit_days: int | None = None
    limit_years: float | None = None
    source: str = "statutory"
    param: str = ""

    def contains(self, day: date, odometer_km: int) -> bool:
        return day <= self.end_date and (self.end_odometer_km is None or odometer_km <= self.end_odometer_km)


def period_start(history: VehicleHistory, start_rule: str) -> date:
    """2013: the invoice date; 2021: the delivery date where it differs (versions.yaml `period_start`)."""
    p = history.purchase
    if start_rule == "delivery_if_different" and p.delivery_date and p.delivery_date != p.invoice_date:
        return p.delivery_date
    return p.invoice_date


def years_period(code: str, start: date, delivery_km: int, min_years: float, min_km: int,
                 promised: Any, param: str) -> PeriodFacts:
    """A period of years and km: the statutory minimum, or the certificate's promise where it is longer."""
    years, km, source = min_years, min_km, "statutory"
    if promised is not None and (promised.years > min_years or promised.km > min_km):
        years, km, source = max(promised.years, min_years), max(promised.km, min_km), "certificate"
    end = add_months(start, round(years * 12))
    return PeriodFacts(code, start, end, delivery_km + km, km, limit_years=years, source=source, param=param)


def build_periods(history: VehicleHistory, start: date, param: Callable[[str], Any],
                  has_param: Callable[[str], bool]) -> dict[str, PeriodFacts]:
    cert, dkm = history.certificate, history.purchase.delivery_odometer_km
    periods = {
        "repair_warranty": years_period("repair_warranty", start, dkm, param("repair_warranty_min_years"),
                                        param("repair_warranty_min_km"), cert.repair_warranty if cert else None,
                                        "repair_warranty_min_years"),
        "return_period": years_period("return_period", start, dkm, param("return_period_min_years"),
                                      param("return_period_min_km"), cert.return_period if cert else None,
                                      "return_period_min_years"),
        "early_window": PeriodFacts("early_window", start, start + timedelta(days=param("early_window_days")),
                                    dkm + param("early_window_km"), param("early_window_km"),
                                    limit_days=param("early_window_days"), param="early_window_days"),
    }
    if has_param("seven_day_window_days"):
        n = param("seven_day_window_days")
        periods["seven_day_window"] = PeriodFacts("seven_day_window", start, start + timedelta(days=n),
                                                  None, None, limit_days=n, param="seven_day_window_days")
    return periods
