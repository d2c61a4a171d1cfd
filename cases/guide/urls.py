from django.urls import path

from cases.guide import views

app_name = "guide"

urlpatterns = [
    # Public
    path("", views.procedures, name="procedures"),
    path("procedures/<int:procedure_id>/", views.procedure, name="procedure"),
    path("on-duty/", views.duty, name="duty"),
    # Staff
    path("office/procedures/", views.manage_procedures, name="manage"),
    path("office/procedures/new/", views.procedure_edit, name="procedure_create"),
    path("office/procedures/<int:procedure_id>/", views.procedure_edit, name="procedure_edit"),
    path("office/procedures/<int:procedure_id>/publish/", views.procedure_publish, name="procedure_publish"),
    path("office/procedures/<int:procedure_id>/delete/", views.procedure_delete, name="procedure_delete"),
    path("office/templates/", views.templates, name="templates"),
    path("office/templates/<int:template_id>/copy/", views.template_copy, name="template_copy"),
    path("office/rota/", views.rota, name="rota"),
    path("office/rota/<int:shift_id>/remove/", views.shift_remove, name="shift_remove"),
    path("office/my-duties/", views.my_duties, name="my_duties"),
]
