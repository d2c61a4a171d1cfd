from django.contrib import admin

from network.models import Province, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_ar", "code"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_ar", "kind", "region"]
    list_filter = ["region", "kind"]
