"""Mali's regions and the district of Bamako, from ISO 3166-2 (pycountry), with French names."""

import pycountry

# pycountry gives the place name and its type; official usage is "Région de Kayes" in French and
# "Kayes Region" in English.
_FRENCH_PREFIX = {"Region": "Région de ", "District": "District de "}


def mali_regions() -> list[dict]:
    regions = []
    for subdivision in pycountry.subdivisions.get(country_code="ML"):
        place, kind = subdivision.name, subdivision.type
        regions.append(
            {
                "code": subdivision.code,
                "name_en": f"{place} {kind}",
                "name_fr": _FRENCH_PREFIX.get(kind, "") + place,
                "is_district": kind == "District",
            }
        )
    return sorted(regions, key=lambda region: region["code"])


def load_regions(region_model) -> int:
    """Create or update the regions; returns how many there are. Used by a migration and tests."""
    for region in mali_regions():
        region_model.objects.update_or_create(code=region.pop("code"), defaults=region)
    return region_model.objects.count()
