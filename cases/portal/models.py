"""The public portal of an office: how a request made from abroad is tracked, and the person's satisfaction.

Codes and tokens are never stored in clear: only their keyed hash (jisr.crypto.blind_index).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import Case, record_key_field


class Tracking(models.Model):
    """The secret code that lets the person follow a request made on the portal."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="tracking")
    code_hash = models.CharField(max_length=64, editable=False)
    # The reference the code was issued with, when it is not the case's own: a case another commune's office
    # transferred here keeps the person's code, whose hash is bound to its first reference (cases.services.transfers).
    code_reference = models.CharField(max_length=30, blank=True, editable=False)
    # A one-time code sent to the e-mail on file, for someone who lost the first one.
    one_time_hash = models.CharField(max_length=64, blank=True, editable=False)
    one_time_expires_at = models.DateTimeField(null=True, blank=True)
    one_time_attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("request tracking")
        verbose_name_plural = _("request trackings")

    def __str__(self) -> str:
        return self.case.reference


class Survey(models.Model):
    """The satisfaction survey of a closed case made on the portal: one per case, answered once."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="survey")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    invited_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    record_key = record_key_field()

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        constraints = [
            models.CheckConstraint(
                name="survey_score_1_to_5", condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5)
            ),
            models.CheckConstraint(
                name="survey_answered_has_score",
                condition=Q(answered_at__isnull=True) | Q(score__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.case.reference
