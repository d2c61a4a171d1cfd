from django.urls import path

from analytics import export_views, funder_views, opendata_views, views

app_name = "analytics"

urlpatterns = [
    path("compare/", views.compare, name="compare"),
    path("indicators/", funder_views.indicators, name="indicators"),
    path("indicators/export.csv", funder_views.indicators_csv, name="indicators_csv"),
    path("indicators/export.xlsx", funder_views.indicators_xlsx, name="indicators_xlsx"),
    path("compare/export.csv", export_views.compare_csv, name="compare_csv"),
    path("compare/export.xlsx", export_views.compare_xlsx, name="compare_xlsx"),
    path("compare/report.pdf", export_views.compare_pdf, name="compare_pdf"),
    path("open-data/", opendata_views.index, name="open_data"),
    path("open-data/dictionary.csv", opendata_views.dictionary_csv, name="open_data_dictionary"),
    path("open-data/<slug:code>.csv", opendata_views.network_csv, name="open_data_csv"),
]
