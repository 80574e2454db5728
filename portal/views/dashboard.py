from django.views.generic import TemplateView

from core.permissions import is_staff
from core.views.generic import PortalAccessMixin

from ..dashboard import dashboard_context


class DashboardView(PortalAccessMixin, TemplateView):
    """The signed-in coordinator's country at a glance; all countries for Secretariat staff."""

    template_name = "portal/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(dashboard_context(self.request.user, with_inbox=is_staff(self.request.user)))
        return context
