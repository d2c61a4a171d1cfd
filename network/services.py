"""Changes to the regional layer's reference data."""

from __future__ import annotations

from typing import Any

from network.data.morocco import TERRITORIES


def sync_territories(*, region_model: Any = None, province_model: Any = None) -> tuple[int, int]:
    """Create or update the 12 regions and 75 prefectures/provinces. Idempotent.

    The models can be passed in so that a data migration uses its historical ones.
    """
    from network.models import Province, Region

    region_model = region_model or Region
    province_model = province_model or Province
    provinces = 0
    for (code, name_fr, name_ar, name_en), members in TERRITORIES:
        region, _ = region_model.objects.update_or_create(
            code=code, defaults={"name_fr": name_fr, "name_ar": name_ar, "name_en": name_en}
        )
        for p_code, kind, p_fr, p_ar, p_en in members:
            province_model.objects.update_or_create(
                code=p_code,
                defaults={"kind": kind, "name_fr": p_fr, "name_ar": p_ar, "name_en": p_en, "region": region},
            )
            provinces += 1
    return len(TERRITORIES), provinces
