"""Portal pages of the lists of speakers: the list of an agenda item (who speaks, in which order, and the published
statements), a focal point's inscription and statement forms, and staff's close / reopen buttons."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.permissions import ADD, VIEW, is_focal_point, may, may_change, restrict
from core.views.generic import (
    FileDownloadView,
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    WorkflowStepView,
)

from .filters import SpeakersListFilterSet
from .forms import InscriptionForm, StatementForm
from .models import Inscription, SpeakersList, Statement


class SpeakersListListView(ObjectListView):
    model = SpeakersList
    filterset_class = SpeakersListFilterSet
    table_template = "speakers/includes/list_table.html"
    related = ("agenda_item__meeting__body",)
    id_filters = ("meeting", "agenda_item")
    title = gettext_lazy("Lists of speakers")


class SpeakersListDetailView(ObjectDetailView):
    """An agenda item's list of speakers: the order of the floor (a focal point sees its state's place), the form to
    inscribe while the list is open, the statements published on the item, and the steps staff may take."""

    model = SpeakersList
    template_name = "speakers/list_detail.html"
    related = ("agenda_item__meeting__body",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        speakers_list, user = self.object, self.request.user
        speakers = list(speakers_list.speakers())
        country = user.country if is_focal_point(user) and user.country_id else None
        mine = next((i for i in speakers if country and i.country_id == country.pk), None)
        # The list's own rules say whether this state may inscribe or submit now, and why not (shown on the page).
        refusal = speakers_list.inscription_refusal(country) if country and not mine else None
        statements = restrict(speakers_list.statements.select_related("country"), user, VIEW).order_by(
            "country__name", "language"
        )
        context.update(
            speakers=speakers,
            mine=mine,
            place=speakers.index(mine) + 1 if mine else None,
            own_country=country,
            may_inscribe=bool(country and not mine and refusal is None and may(user, ADD, Inscription)),
            inscription_refusal=" ".join(refusal.messages) if refusal else "",
            may_change_mine=bool(mine and may_change(user, mine)),
            may_submit=bool(mine and speakers_list.statement_refusal(country) is None and may(user, ADD, Statement)),
            statements=statements,
            inscription_form=InscriptionForm(),
        )
        return context


class SpeakersListStepView(WorkflowStepView):
    """Staff close and reopen a list from its page."""

    model = SpeakersList
    detail_url_name = "speakers:list_detail"


class OwnStateCreateView(ObjectCreateView):
    """A focal point adds a row for its own state under a list of speakers; the list and the state are not asked."""

    parent_model = SpeakersList

    def get_parent(self):
        parent = super().get_parent()
        if self.request.user.country_id is None:
            raise PermissionDenied(_("Only a focal point of a state acts for it here; staff use the admin."))
        return parent

    def get_cancel_url(self):
        return reverse("speakers:list_detail", args=[self.parent.pk])

    def get_success_url(self):
        return reverse("speakers:list_detail", args=[self.parent.pk])


class InscribeView(OwnStateCreateView):
    model = Inscription
    form_class = InscriptionForm
    heading = gettext_lazy("Inscribe on the list of speakers")

    def build_instance(self):
        return Inscription(
            speakers_list=self.parent, country_id=self.request.user.country_id, inscribed_by=self.request.user
        )

    def get_success_url(self):
        messages.success(
            self.request,
            _("%(state)s is inscribed on the list of speakers, in place %(place)s.")
            % {"state": self.object.country.localized_name, "place": self.parent.place_of(self.object.country_id)},
        )
        return super().get_success_url()


class InscriptionEditView(ObjectEditView):
    """A focal point changes who speaks for its state (name, rank) while the list is open and the state has not
    been called (speakers.permissions); the place is staff's to set."""

    model = Inscription
    form_class = InscriptionForm
    heading = gettext_lazy("Change the inscription")

    def get_queryset(self):
        return Inscription.objects.select_related("speakers_list__agenda_item__meeting__body", "country")

    def get_cancel_url(self):
        return reverse("speakers:list_detail", args=[self.object.speakers_list_id])

    def get_success_url(self):
        messages.success(self.request, _("The inscription was changed."))
        return reverse("speakers:list_detail", args=[self.object.speakers_list_id])


class InscriptionWithdrawView(ObjectDeleteView):
    """POST: a focal point withdraws its state from a list of speakers while the list is open and the state has not
    been called. Under the list's row lock, the one closing the list and inscribing take: a list closed meanwhile
    keeps the inscription, and the focal point is told why."""

    model = Inscription
    success_message = gettext_lazy("The inscription was withdrawn: your state is no longer on the list of speakers.")

    def lock_row(self, inscription):
        SpeakersList.objects.select_for_update().get(pk=inscription.speakers_list_id)
        return super().lock_row(inscription)

    def no_longer_message(self, inscription):
        return _(
            "The inscription can no longer be withdrawn: the list of speakers is closed or your state has been "
            "called. Nothing was changed."
        )

    def get_success_url(self, inscription):
        return reverse("speakers:list_detail", args=[inscription.speakers_list_id])


class StatementCreateView(OwnStateCreateView):
    model = Statement
    form_class = StatementForm
    heading = gettext_lazy("Submit a statement")

    def build_instance(self):
        return Statement(
            speakers_list=self.parent, country_id=self.request.user.country_id, submitted_by=self.request.user
        )

    def get_success_url(self):
        messages.success(self.request, _("The statement was submitted; the Secretariat publishes it on the item."))
        return super().get_success_url()


class StatementFileView(FileDownloadView):
    """A statement's file, if it is published or the reader's own state's."""

    model = Statement
