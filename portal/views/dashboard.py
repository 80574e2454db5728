from django.views.generic import TemplateView

from core.permissions import is_coordinator, is_staff
from core.views.generic import PortalAccessMixin
from participation.dashboard import for_focal_point

from ..dashboard import dashboard_context, upcoming_meetings


class DashboardView(PortalAccessMixin, TemplateView):
    """The signed-in coordinator's country at a glance; all countries for Secretariat staff; a focal point's
    delegations (and, for a focal point who is not also a coordinator, nothing of the Catalogue's work)."""

    template_name = "portal/dashboard.html"

    def get_template_names(self):
        user = self.request.user
        if user.acts_for_focal_point and not (is_staff(user) or is_coordinator(user)):
            return ["participation/dashboard.html"]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        participation = for_focal_point(user)
        if participation and not is_coordinator(user):
            context.update(participation, meetings=upcoming_meetings())
            return context
        context.update(dashboard_context(user, with_inbox=is_staff(user)))
        context.update(participation)
        return context
