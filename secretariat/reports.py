"""Reports for Concept 2.5 (capacity of the Secretariat): who serves, from where, and who has paid what.

Each report is a few aggregate queries (STAFF_GROUPINGS: one per grouping; contributions: two), labelled here for
the portal's pages and the API's roll-ups alike.
"""

from django.utils import translation

from chairmanship.choices import SubRegion

from .choices import StaffArea, StaffCategory
from .models import STAFF_GROUPINGS, Contribution, StaffMember

ASIAN_SUBREGIONS = (
    SubRegion.CENTRAL_ASIA,
    SubRegion.EASTERN_ASIA,
    SubRegion.SOUTH_EASTERN_ASIA,
    SubRegion.SOUTHERN_ASIA,
    SubRegion.WESTERN_ASIA,
)
LABELS = {"subregion": SubRegion, "category": StaffCategory, "area": StaffArea}


def _country_name(row):
    russian = translation.get_language() == "ru" and row.get("nationality__name_ru")
    return russian or row["nationality__name"]


def staff_representation(on=None):
    """{grouping: [{"key", "label", "staff"}, ...]} of the staff serving on `on` (today by default). By sub-region,
    every sub-region of Asia is listed, with 0 where nobody serves, so a missing sub-region shows."""
    serving = StaffMember.objects.serving(on)
    report = {}
    for grouping in STAFF_GROUPINGS:
        rows = [dict(row) for row in serving.counted_by(grouping)]
        for row in rows:
            if grouping == "nationality":
                row["label"] = _country_name(row)
                row.pop("nationality__name"), row.pop("nationality__name_ru")
            else:
                row["label"] = str(dict(LABELS[grouping].choices).get(row["key"], row["key"]))
        if grouping == "subregion":
            counted = {row["key"]: row for row in rows}
            rows = [
                counted.get(region) or {"key": region.value, "label": str(region.label), "staff": 0}
                for region in ASIAN_SUBREGIONS
            ] + [row for row in rows if row["key"] not in ASIAN_SUBREGIONS]
        report[grouping] = rows
    return report


def contributions_by_year():
    """[{"year", "assessed", "paid", "arrears", "voluntary", "support_fund", "states": [per state, same sums]}],
    newest year first: two queries."""
    years = [dict(row) for row in Contribution.objects.by_year()]
    states = {}
    for row in Contribution.objects.by_year_and_state():
        name = translation.get_language() == "ru" and row["country__name_ru"] or row["country__name"]
        states.setdefault(row["year"], []).append(
            {
                "country": row["country__iso2"],
                "country_name": name,
                **{key: row[key] for key in ("assessed", "paid", "arrears", "voluntary", "support_fund")},
            }
        )
    for year in years:
        year["states"] = states.get(year["year"], [])
    return years
