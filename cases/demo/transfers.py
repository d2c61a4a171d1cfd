"""Cases handed between the demo offices, through the transfer service (cases.services.transfers), so the
offices, the tracker and the coordinator's comparison show each state a transfer goes through:

- Nador sends a civil-status case to Oujda, where the family now lives: accepted;
- Agadir sends a land case to Aït Melloul, where the plot is: accepted;
- Inezgane sends a case to Tiznit, which declines it (the matter is Inezgane's own): it comes back;
- Berkane sends a case to Oujda, still waiting in Oujda's queue for its office head.

Each is written in the sending office's working language. Run once, after the offices' sample work; a later
run finds the transfers and adds none.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import translation

from cases.models import Case, OutgoingTransfer
from cases.services import transfers
from jisr.accounts.models import Role, User
from tenants.cross_schema import schema_context
from tenants.models import Commune


@dataclass(frozen=True)
class DemoTransfer:
    sender: str
    receiver: str
    categories: tuple[str, ...]  # the sending case's category, the first that has an open case
    reason: dict[str, str]  # by the sending office's language
    answer: str  # "accept", "decline" or "" (left waiting)
    decline_reason: dict[str, str] | None = None


TRANSFERS = (
    DemoTransfer(
        "nador",
        "oujda",
        ("civil_status", "justice", "other"),
        {
            "fr": "La famille s'est installée à Oujda : l'acte est à transcrire au bureau d'état civil d'Oujda.",
            "ar": "استقرت الأسرة بوجدة: يجب تضمين الرسم بمكتب الحالة المدنية بوجدة.",
        },
        "accept",
    ),
    DemoTransfer(
        "agadir",
        "aitmelloul",
        ("land_property", "urbanism", "other"),
        {
            "ar": "القطعة الأرضية موضوع الطلب توجد بتراب جماعة أيت ملول، والملف من اختصاص مكتبها.",
            "fr": "La parcelle objet de la demande se trouve sur le territoire d'Aït Melloul.",
        },
        "accept",
    ),
    DemoTransfer(
        "inezgane",
        "tiznit",
        ("urbanism", "land_property", "other"),
        {
            "ar": "يقيم المعني بالأمر حاليا بتيزنيت ويرغب في تتبع ملفه هناك.",
            "fr": "L'intéressé réside désormais à Tiznit et souhaite y suivre son dossier.",
        },
        "decline",
        {
            "ar": "العقار موضوع الملف يوجد بإنزكان، والإدارة المعنية هي جماعة إنزكان: يبقى الملف لدى مكتبها.",
            "fr": "Le bien se trouve à Inezgane : le dossier relève de la commune d'Inezgane.",
        },
    ),
    DemoTransfer(
        "berkane",
        "oujda",
        ("economic_licence", "other", "civil_status"),
        {
            "fr": "Le projet d'investissement sera implanté à Oujda ; la personne y sera reçue par le CRI.",
            "ar": "سيُنجز مشروع الاستثمار بوجدة، وسيُستقبل المعني بالأمر هناك.",
        },
        "",
    ),
)


def seed_transfers(working_language: dict[str, str], plans: tuple[DemoTransfer, ...] = TRANSFERS) -> list[str]:
    """The demo's transfers that are not there yet; what was done, one line each."""
    done: list[str] = []
    communes = {commune.slug: commune for commune in Commune.objects.filter(status=Commune.Status.ACTIVE)}
    for plan in plans:
        sender, receiver = communes.get(plan.sender), communes.get(plan.receiver)
        if sender is None or receiver is None:
            continue
        language = working_language.get(plan.sender, "ar")
        with schema_context(sender.schema_name), translation.override(language):
            if OutgoingTransfer.objects.filter(to_commune_id=receiver.pk).exists():
                continue
            case = _open_case(plan.categories)
            agent = _staff(Role.AGENT)
            if case is None or agent is None:
                continue
            with transaction.atomic():
                outgoing = transfers.propose_transfer(
                    case=case, to_commune=receiver, reason=plan.reason[language], consent=True, by=agent
                )
        done.append(f"transfer {plan.sender} {case.reference} → {plan.receiver}")
        if plan.answer:
            done.append(_answer(plan, receiver, outgoing.pk, working_language.get(plan.receiver, "ar")))
    return done


def _answer(plan: DemoTransfer, receiver: Commune, outgoing_id: int, language: str) -> str:
    with schema_context(receiver.schema_name), translation.override(language):
        incoming = transfers.incoming_pending().get(outgoing_id=outgoing_id)
        head = _staff(Role.OFFICE_HEAD)
        assert head is not None
        if plan.answer == "accept":
            case = transfers.accept_transfer(incoming=incoming, by=head)
            return f"accepted {receiver.slug} {case.reference}"
        assert plan.decline_reason is not None
        transfers.decline_transfer(incoming=incoming, reason=plan.decline_reason[language], by=head)
        return f"declined {receiver.slug}"


def _open_case(categories: tuple[str, ...]) -> Case | None:
    """The oldest open case of the first category that has one, whose person was not erased."""
    open_cases = Case.objects.filter(status__in=Case.OPEN_STATUSES, person__erased_at=None).order_by("opened_on", "pk")
    for code in categories:
        case = open_cases.filter(category__code=code).first()
        if case is not None:
            return case
    return open_cases.first()


def _staff(role: str) -> User | None:
    return User.objects.filter(role=role, is_active=True).order_by("pk").first()
