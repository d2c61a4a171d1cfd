"""Pages of the office workspace, on a commune's subdomain."""

from django.urls import path

from cases.views import cases, dashboard, intake, office, people, slip, transfers

urlpatterns = [
    path("", dashboard.home, name="home"),
    # Intake: search before create, then person and case in one go.
    path("intake/", intake.intake, name="intake"),
    path("intake/search/", intake.search, name="intake_search"),
    # People
    path("people/", people.person_list, name="person_list"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:pk>/erase/", people.person_erase, name="person_erase"),
    path("people/<int:pk>/export.json", people.person_export, name="person_export"),
    path("people/<int:pk>/export.pdf", people.person_export_pdf, name="person_export_pdf"),
    path("people/<int:pk>/documents/", people.document_add, name="document_add"),
    path("people/<int:pk>/documents/<int:document_id>/reveal/", people.document_reveal, name="document_reveal"),
    path("people/<int:pk>/consents/", people.consent_add, name="consent_add"),
    path("people/<int:pk>/consents/<int:consent_id>/withdraw/", people.consent_withdraw, name="consent_withdraw"),
    path("people/<int:pk>/links/", people.link_add, name="link_add"),
    # Cases
    path("cases/", cases.case_list, name="case_list"),
    path("cases/new/", cases.case_create, name="case_create"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", cases.case_edit, name="case_edit"),
    path("cases/<int:pk>/transition/", cases.case_transition, name="case_transition"),
    path("cases/<int:pk>/assign/", cases.case_assign, name="case_assign"),
    path("cases/<int:pk>/notes/", cases.case_note, name="case_note"),
    path("cases/<int:pk>/attachments/", cases.attachment_add, name="attachment_add"),
    path("cases/<int:pk>/attachments/<int:attachment_id>/", cases.attachment_download, name="attachment_download"),
    path("cases/<int:pk>/referrals/new/", cases.referral_create, name="referral_create"),
    path("cases/<int:pk>/referrals/<int:referral_id>/outcome/", cases.referral_outcome, name="referral_outcome"),
    path("cases/<int:pk>/referrals/<int:referral_id>/slip.pdf", slip.referral_slip, name="referral_slip"),
    # Transfers between offices: a case sent to another commune's office, and those sent here
    # (cases.services.transfers.INCOMING_PATH is the queue's address, in the e-mail to the office head).
    path("cases/<int:pk>/transfer/", transfers.case_transfer, name="case_transfer"),
    path("cases/<int:pk>/transfer/cancel/", transfers.case_transfer_cancel, name="case_transfer_cancel"),
    path("transfers/incoming/", transfers.incoming_list, name="transfer_incoming"),
    path("transfers/incoming/<int:pk>/", transfers.incoming_detail, name="transfer_incoming_detail"),
    path("transfers/incoming/<int:pk>/accept/", transfers.incoming_accept, name="transfer_accept"),
    path("transfers/incoming/<int:pk>/decline/", transfers.incoming_decline, name="transfer_decline"),
    path("views/save/", cases.saved_view_save, name="saved_view_save"),
    path("views/<int:view_id>/delete/", cases.saved_view_delete, name="saved_view_delete"),
    # Anyone holding a slip can check it is genuine: no personal data shown.
    path("verify/", slip.verify, name="referral_verify"),
    # The office's own settings (office head) and its audit log (head, auditor).
    path("office/", office.settings_home, name="office_settings"),
    path("office/contacts/", office.contacts_edit, name="office_contacts"),
    path("office/categories/", office.category_list, name="category_list"),
    path("office/categories/new/", office.category_edit, name="category_create"),
    path("office/categories/<int:category_id>/", office.category_edit, name="category_edit"),
    path("office/holidays/", office.holiday_list, name="holiday_list"),
    path("office/holidays/<int:holiday_id>/delete/", office.holiday_delete, name="holiday_delete"),
    path("office/campaigns/", office.campaign_list, name="campaign_list"),
    path("office/campaigns/new/", office.campaign_edit, name="campaign_create"),
    path("office/campaigns/<int:campaign_id>/", office.campaign_edit, name="campaign_edit"),
    path("office/activities/", office.activity_list, name="activity_list"),
    path("office/services/", office.service_list, name="service_list"),
    path("office/services/new/", office.service_edit, name="service_create"),
    path("office/services/<int:service_id>/", office.service_edit, name="service_edit"),
    path("office/staff/", office.staff_list, name="staff_list"),
    path("audit/", office.audit_list, name="audit_list"),
    path("audit/consents/", office.consent_list, name="consent_list"),
    path("audit/processing/", office.processing_register, name="processing_register"),
]
