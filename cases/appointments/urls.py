from django.urls import path

from cases.appointments import views

app_name = "appointments"

urlpatterns = [
    path("", views.book, name="book"),
    path("book/<str:day>/<str:start>/", views.book_slot, name="book_slot"),
    path("booked/", views.booked, name="booked"),
    path("cancel/<str:token>/", views.cancel, name="cancel"),
    path("agenda/", views.agenda, name="agenda"),
    path("agenda/<int:booking_id>/mark/", views.mark, name="mark"),
    path("slots/", views.slots, name="slots"),
    path("slots/<int:slot_id>/active/", views.slot_toggle, name="slot_toggle"),
    path("slots/exceptions/<int:exception_id>/delete/", views.exception_delete, name="exception_delete"),
    path("closures/", views.closures, name="closures"),
    path("closures/<int:closure_id>/delete/", views.closure_delete, name="closure_delete"),
]
